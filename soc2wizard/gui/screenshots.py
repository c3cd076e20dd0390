"""Render every step of a workspace (the demo by default) to PNG files, offscreen.

Used for the README and for looking at the UI without a display:
``soc2wizard screenshots DIR [FILE]``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def render(
    out_dir: Path, file: Path | None = None, *, size: tuple[int, int] = (1280, 800), dark: bool = False
) -> list[Path]:
    """Write 00-start.png and one PNG per step; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from soc2wizard.domain.steps import STEPS
    from soc2wizard.gui.app import make_app

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="soc2wizard-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    app = make_app()
    if dark:
        from soc2wizard.gui.app import dark_palette

        app.setPalette(dark_palette())
    from soc2wizard.gui.window import MainWindow

    try:
        if file is None:
            from soc2wizard.demo import build_demo

            build_demo(tmp / "Tidewater Health.soc2").close()
            file = tmp / "Tidewater Health.soc2"
        else:
            copy = tmp / Path(file).name  # never touch the user's file
            shutil.copy2(file, copy)
            file = copy
        QSettings().setValue("recent_files", [str(file)])
        window = MainWindow()
        window.resize(*size)
        window.show()
        written: list[Path] = []

        def shot(name: str) -> None:
            from PySide6.QtTest import QTest

            from soc2wizard.gui.context import DERIVED_DELAY_MS

            for _ in range(3):
                app.processEvents()
            window.ctx.settle()  # the figures that follow a frame after the page
            QTest.qWait(DERIVED_DELAY_MS * 3)
            path = out_dir / f"{name}.png"
            window.grab().save(str(path))
            written.append(path)

        window.start.set_recent([str(file)])
        shot("00-start")
        if not window.open_path(Path(file)):
            raise RuntimeError(f"cannot open {file}")
        for st in STEPS:
            window.go(st.id)
            shot(f"{st.number:02d}-{st.id}")
        window.ctx.close()
        window.close()
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
