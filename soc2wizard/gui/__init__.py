"""The desktop app: PySide6 is imported only in this package.

Once PySide6 is loaded it checks every module imported after it for its
``__feature__`` switches, reading each module's source as it goes; for the
app's own Qt-free modules that cost ~30 ms at start-up. They are therefore
imported here, before anything below imports Qt.
"""

import soc2wizard.estimate.plan  # noqa: F401
import soc2wizard.services  # noqa: F401
