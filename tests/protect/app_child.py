"""Child process for the kill -9 loop: the desktop app (offscreen) making edits through its undo stack.

Prints 'committed N' after each edit the app has committed; N starts at argv[2].
An encrypted workspace is opened with SOC2WIZARD_PASSPHRASE, as the app does.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(path: str, start: int) -> None:
    from soc2wizard import services
    from soc2wizard.gui.app import make_app
    from soc2wizard.gui.window import MainWindow

    app = make_app()
    window = MainWindow()
    if not window.open_path(Path(path)):
        raise SystemExit("could not open")
    s = window.ctx.session
    controls = [r.control.id for r in services.checklist(s)]
    for n in itertools.count(start):
        cid = controls[n % len(controls)]
        window.ctx.perform(
            f"Edit {n}",
            lambda cid=cid, n=n: services.update_control(s, cid, notes=f"edit {n}"),
            lambda: None,
            "controls",
        )
        if n % 5 == 0:
            window.ctx.perform(
                f"File {n}",
                lambda cid=cid, n=n: services.add_evidence_bytes(s, cid, name=f"e{n}.txt", content=b"x" * 5000),
                lambda: None,
                "evidence",
            )
        print(f"committed {n}", flush=True)
        app.processEvents()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
