"""The desktop app: PySide6 is imported only in this package.

Once PySide6 is loaded it checks every module imported after it for its
``__feature__`` switches, reading each module's source as it goes. The
Qt-free modules the first window needs (opening a workspace, the profile
page, the step list, the log) are therefore imported here, before anything
below imports Qt. Nothing else is: the estimate, the deliverables, team sync (a shared workspace's status comes after the paint)
and the exports load when first used, after the first paint
(tests/gui/test_startup_laziness.py keeps it so).
"""

import soc2wizard.domain.steps  # noqa: F401
import soc2wizard.logs  # noqa: F401
import soc2wizard.services.evidence  # noqa: F401
import soc2wizard.services.workspace  # noqa: F401
