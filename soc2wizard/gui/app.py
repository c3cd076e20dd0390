"""Start the desktop app: QApplication, icon, main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

ORG = "soc2wizard"
APP = "soc2wizard"


def app_icon() -> QIcon:
    from soc2wizard import assets

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        try:
            data = assets.read_bytes(f"icons/soc2wizard-{size}.png")
        except LookupError:
            continue
        from PySide6.QtGui import QPixmap

        pm = QPixmap()
        pm.loadFromData(data, "PNG")
        icon.addPixmap(pm)
    return icon


def qt_versions() -> str:
    """'PySide6 6.11.3, Qt 6.11.3' (the self-check reports it)."""
    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion

    return f"PySide6 {pyside}, Qt {qVersion()}"


def make_app(argv: list[str] | None = None, *, icon: bool = True) -> QApplication:
    """The QApplication with our names (QSettings uses them), created once.

    ``icon=False`` leaves the window icon to ``set_icon`` (start-up sets it after the first paint:
    decoding seven PNG sizes costs ~20 ms)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName(ORG)
    QCoreApplication.setOrganizationDomain("soc2wizard.invalid")
    QCoreApplication.setApplicationName(APP)
    from soc2wizard import __version__

    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("soc2wizard")
    if icon:
        set_icon()
    return app  # type: ignore[return-value]


def set_icon() -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.windowIcon().isNull():
        app.setWindowIcon(app_icon())


def install_excepthook(parent: Any = None) -> None:
    """An error nobody caught is logged with its traceback and shown in a dialog naming the log."""
    import logging
    import traceback

    from soc2wizard import logs
    from soc2wizard.gui import dialogs

    log = logging.getLogger("soc2wizard")
    showing = [False]

    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        log.error("Unexpected error", exc_info=(kind, exc, tb))
        if issubclass(kind, KeyboardInterrupt) or showing[0]:
            return
        where = logs.log_path()
        showing[0] = True
        try:
            dialogs.show_error(
                parent,
                "Something went wrong",
                f"{exc}\n\nYour workspace keeps every edit that was saved before this. The details "
                + (f"are in the log: {where}" if where else "were printed to the terminal."),
                "".join(traceback.format_exception(kind, exc, tb)),
            )
        finally:
            showing[0] = False

    sys.excepthook = hook


def run(path: Path | None) -> int:
    """Open the main window (on ``path`` if given) and run until it closes."""
    app = make_app(icon=False)
    start_window(path)
    return app.exec()


def start_window(path: Path | None) -> Any:
    """The main window, shown (on ``path`` if given), with the start-up chores left for after its first paint."""
    from soc2wizard import logs
    from soc2wizard.gui.paths import app_home
    from soc2wizard.gui.window import MainWindow

    logs.setup(app_home() / "logs")
    window = MainWindow()
    install_excepthook(window)
    window.apply_theme()
    window.after_first_paint(set_icon)
    window.after_first_paint(_remove_stale_evidence_copies)
    window.launch(Path(path) if path is not None else None)
    return window


def _remove_stale_evidence_copies() -> None:
    """Decrypted evidence copies an app that was killed left behind: removed once this one has painted."""
    from soc2wizard import services

    services.remove_stale_evidence_copies()


def dark_palette():  # noqa: ANN201
    """A dark palette, to check dark-theme rendering where the system has none (screenshots)."""
    from PySide6.QtGui import QColor, QPalette

    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.ToolTipBase: "#333333",
        QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.Link: "#8ab4f8",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    # Disabled text must look disabled (Back on the first step, Next on the last).
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor("#2f2f2f"))
    return p
