"""The main window: start page, opening workspaces, title, sidebar, menus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from soc2wizard import services
from soc2wizard.domain.steps import STEP_IDS
from soc2wizard.gui import dialogs


def test_start_page_when_nothing_is_open(window):
    """Without a workspace the start page shows and workspace actions are off."""
    assert window.stack.currentWidget() is window.start
    assert window.windowTitle() == "soc2wizard"
    assert not window.export_actions["pdf"].isEnabled()
    assert window.start.empty.isVisible()


def test_new_workspace_from_start_page_lands_on_profile(window, qtbot, tmp_path, monkeypatch):
    """New workspace asks for a name and a path, creates the file and opens the profile step."""
    target = tmp_path / "acme.soc2"
    monkeypatch.setattr(dialogs, "ask_company_name", lambda *a, **k: "Acme Robotics")
    monkeypatch.setattr(dialogs, "ask_new_path", lambda *a, **k: target)
    qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    assert window.current_step() == "profile"
    assert window.windowTitle() == "Acme Robotics — acme.soc2 — soc2wizard"
    assert QSettings().value("recent_files")[0] == str(target.resolve())


def test_open_refuses_a_foreign_file_with_a_message(window, tmp_path, monkeypatch):
    """Opening a file that is not a workspace shows an error and stays on the start page."""
    bad = tmp_path / "notes.soc2"
    bad.write_text("hello")
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, *a: shown.append(text))
    assert not window.open_path(bad)
    assert shown and window.stack.currentWidget() is window.start


def test_next_and_back_walk_every_step(demo_window):
    """Next and Back move through the steps in order; the sidebar follows."""
    w = demo_window
    w.go("profile")
    for sid in STEP_IDS[1:]:
        w.next_button.click()
        assert w.current_step() == sid
    assert not w.next_button.isEnabled()
    w.back_button.click()
    assert w.current_step() == STEP_IDS[-2]


def test_recent_files_menu_lists_opened_workspace(demo_window):
    """An opened workspace appears in File > Open Recent."""
    demo_window._fill_recent()
    names = [a.text() for a in demo_window.recent_menu.actions()]
    assert Path(demo_window.ctx.s.path).name in names


def test_close_never_asks_and_keeps_geometry(demo_window):
    """Closing saves geometry, closes the workspace and never asks to save."""
    path = demo_window.ctx.s.path
    demo_window.close()
    assert demo_window.ctx.session is None
    assert QSettings().value("window/geometry") is not None
    with services.open_workspace(path) as s:
        assert services.get_answers(s).company.name == "Tidewater Health"


def test_every_input_has_an_accessible_name(demo_window):
    """Inputs on the wizard's own pages carry an accessible name (or their visible text)."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit

    missing = []
    for sid, page in demo_window.page.items():
        if sid == "checklist":
            continue  # its own engineer's page and tests
        found = [w for cls in (QLineEdit, QComboBox, QPlainTextEdit, QAbstractButton) for w in page.findChildren(cls)]
        for w in found:
            if w.objectName().startswith("qt_") or (
                isinstance(w, QLineEdit) and isinstance(w.parentWidget(), QComboBox)
            ):
                continue
            if not (w.accessibleName() or (isinstance(w, QAbstractButton) and w.text())):
                missing.append(f"{sid}: {type(w).__name__} {w.objectName()}")
    assert not missing


def test_preferences_assessor_name_fills_new_workspaces(window, tmp_path, monkeypatch):
    """The assessor name from Preferences is written into a new workspace's settings."""
    from soc2wizard.gui.widgets import PREF_ASSESSOR

    QSettings().setValue(PREF_ASSESSOR, "Rosa Díaz")
    monkeypatch.setattr(dialogs, "ask_company_name", lambda *a, **k: "Acme")
    monkeypatch.setattr(dialogs, "ask_new_path", lambda *a, **k: tmp_path / "a.soc2")
    window.new_workspace()
    assert services.get_settings(window.ctx.s).assessor_name == "Rosa Díaz"


def test_help_panel_follows_the_focused_question(demo_window, qtbot):
    """Focusing a question shows its help; Ctrl+F jumps to the checklist search."""
    w = demo_window
    w.go("profile")
    w.page["profile"].numbers["employees"].setFocus()
    qtbot.waitUntil(lambda: "Employees" in w.help_view.toPlainText())
    assert "training" in w.help_view.toPlainText()
    w.find_action.trigger()
    assert w.current_step() == "checklist"


def test_opens_on_the_step_last_shown_for_that_workspace(window, demo, qtbot):
    """Each workspace reopens on the step the user last had open in it; readiness follows the first paint."""
    path = demo.path
    demo.close()
    assert window.open_path(path)
    assert window.current_step() == "profile"  # never opened before
    window.go("checklist")
    window.ctx.close()
    assert window.open_path(path)
    assert window.current_step() == "checklist"
    # Nothing derived is worked out before the window paints: no estimate, no step states yet.
    assert window.ctx._estimate is None and window.ctx.derived_held
    assert "\n" not in window.sidebar.item(0).text()
    page = window.page["checklist"]
    qtbot.waitUntil(lambda: "Design readiness" in page.summary.text(), timeout=2000)
    qtbot.waitUntil(lambda: window.sidebar.item(6).text().count("\n") == 1, timeout=2000)
