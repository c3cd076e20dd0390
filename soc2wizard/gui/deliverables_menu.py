"""File ▸ Auditor and Prospect Documents…: the menu item, with the documents window loaded on first use.

The window (gui/deliverables.py) pulls the deliverables services and most of Qt's table and form
classes; start-up adds only this action (tests/gui/test_startup_laziness.py keeps it so).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence


def install(window: Any) -> QAction:
    """Add File ▸ Auditor and Prospect Documents… to ``window``, enabled with a workspace open."""
    action = QAction("Auditor and Prospect &Documents…", window)
    action.setShortcut(QKeySequence("Ctrl+Shift+D"))
    action.setStatusTip("System description, risk register and policies, with their Word exports")

    def show() -> None:
        if window.ctx.session is None:
            return
        win = getattr(window, "deliverables_window", None)
        if win is None:
            from soc2wizard.gui.deliverables import DeliverablesWindow

            win = window.deliverables_window = DeliverablesWindow(window.ctx, window)
        else:
            win.description.refresh()
            win.risks.refresh()
            win.policies.refresh()
        win.show()
        win.raise_()

    def drop() -> None:
        # The window belongs to the workspace that was open: it goes with it.
        win = getattr(window, "deliverables_window", None)
        window.deliverables_window = None
        if win is not None:
            win.close()
            win.deleteLater()

    action.triggered.connect(show)
    window.ctx.workspaceClosed.connect(drop)
    before = getattr(window, "settings_action", None)
    window.file_menu.insertAction(before, action)
    action.setEnabled(False)
    window.workspace_actions.append(action)
    window.deliverables_action = action
    return action
