"""GUI tests run offscreen, with throwaway QSettings and no modal dialogs."""

from __future__ import annotations

import os
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings  # noqa: E402


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path, qapp):  # noqa: ANN001
    """Each test gets its own empty QSettings, under its temporary folder."""
    from soc2wizard.gui.app import make_app

    make_app()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings().clear()
    yield


@pytest.fixture(autouse=True)
def _no_modal(monkeypatch):  # noqa: ANN001
    """A dialog a test did not answer fails the test instead of blocking it."""
    from soc2wizard.gui import dialogs

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError(f"unexpected dialog: {args[1:] if len(args) > 1 else args}")

    for name in (
        "ask_open_path",
        "ask_new_path",
        "ask_company_name",
        "ask_save_path",
        "ask_image_path",
        "confirm",
        "show_error",
        "show_info",
        "show_about",
    ):
        monkeypatch.setattr(dialogs, name, refuse)


@pytest.fixture
def window(qtbot):  # noqa: ANN001
    """The main window on the start page."""
    from soc2wizard.gui.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.ctx.close()


@pytest.fixture
def demo_window(window, demo):  # noqa: ANN001
    """The main window open on the demo workspace."""
    path = demo.path
    demo.close()
    assert window.open_path(path)
    return window
