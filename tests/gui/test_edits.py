"""Undo and redo change the file; bad values are shown at the field and never saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from tests.gui.helpers import answers_in_file, overrides_in_file, scope_in_file


def _type(qtbot, edit, text: str, *, enter: bool = True) -> None:  # noqa: ANN001
    """Type into a field as a user would, then press Enter (a field commits when finished)."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    if enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_undo_redo_profile_edit_is_one_step_per_field(demo_window, qtbot):
    """Typing a name is one undo step; undo and redo put each value back in the file."""
    w = demo_window
    path = w.ctx.s.path
    p = w.page["profile"]
    w.go("profile")
    _type(qtbot, p.name, "Tidewater Clinics")
    qtbot.keyClick(p.name, Qt.Key.Key_Tab)
    assert answers_in_file(path).company.name == "Tidewater Clinics"
    w.undo_action.trigger()
    assert answers_in_file(path).company.name == "Tidewater Health"
    assert p.name.text() == "Tidewater Health"
    w.redo_action.trigger()
    assert answers_in_file(path).company.name == "Tidewater Clinics"


def test_undo_redo_plan_edit(demo_window):
    """Choosing a 12-month window is undone and redone in the file."""
    w = demo_window
    path = w.ctx.s.path
    w.go("report")
    w.page["report"].window_buttons[12].click()
    assert answers_in_file(path).plan.observation_months == 12
    w.undo_action.trigger()
    assert answers_in_file(path).plan.observation_months == 3
    w.redo_action.trigger()
    assert answers_in_file(path).plan.observation_months == 12


def test_undo_redo_scope_add_and_remove(demo_window):
    """Adding and removing a scope item are undoable, keeping the item's identity."""
    w = demo_window
    path = w.ctx.s.path
    w.go("scope")
    sp = w.page["scope"]
    before = len(scope_in_file(path))
    added = sp.add("vendor")
    assert len(scope_in_file(path)) == before + 1
    w.undo_action.trigger()
    assert len(scope_in_file(path)) == before
    w.redo_action.trigger()
    assert any(i.id == added.id for i in scope_in_file(path))
    sp._select(added.id)
    sp.remove_selected()
    assert not any(i.id == added.id for i in scope_in_file(path))
    w.undo_action.trigger()
    assert any(i.id == added.id and i.name == added.name for i in scope_in_file(path))


def test_undo_redo_assumption_override(demo_window):
    """A typed quote overrides the published figure; undo restores it, redo reapplies it."""
    w = demo_window
    path = w.ctx.s.path
    w.go("budget")
    bp = w.page["budget"]
    bp.override("pentest", 8000, 12000)
    assert overrides_in_file(path)["pentest"].high == 12000
    asm = next(a for a in w.ctx.estimate().assumptions if a.key == "pentest")
    assert asm.overridden and asm.default_low is not None
    w.undo_action.trigger()
    assert "pentest" not in overrides_in_file(path)
    w.redo_action.trigger()
    assert overrides_in_file(path)["pentest"].low == 8000


def test_bad_date_is_shown_at_the_field_and_not_saved(demo_window, qtbot):
    """A deadline that is not a date shows a message under the field; the file keeps the old one."""
    w = demo_window
    path = w.ctx.s.path
    old = answers_in_file(path).customers.deadline
    p = w.page["profile"]
    w.go("profile")
    _type(qtbot, p.deadline, "2027-02-30")
    qtbot.keyClick(p.deadline, Qt.Key.Key_Return)
    box = p.boxes["customers.deadline"]
    assert box.has_error() and "is not a date" in box.error.text()
    assert p.deadline.accessibleDescription().startswith("Error: ")  # a screen reader hears the problem
    assert answers_in_file(path).customers.deadline == old
    _type(qtbot, p.deadline, "2027-03-01")
    qtbot.keyClick(p.deadline, Qt.Key.Key_Return)
    assert not box.has_error()
    assert "Alt+Down" in p.deadline.accessibleDescription()  # and then again how to type a date
    assert answers_in_file(path).customers.deadline == dt.date(2027, 3, 1)


def test_negative_headcount_is_shown_at_the_field_and_not_saved(demo_window, qtbot):
    """A negative headcount shows the allowed range at the field and leaves the file unchanged."""
    w = demo_window
    path = w.ctx.s.path
    p = w.page["profile"]
    w.go("profile")
    _type(qtbot, p.numbers["employees"], "-5")
    box = p.boxes["company.employees"]
    assert box.has_error() and "between 1 and" in box.error.text()
    assert answers_in_file(path).company.employees == 38
    assert not w.ctx.undo_stack.canUndo()


def test_workspace_settings_are_saved_and_undoable(demo_window, qtbot):
    """Workspace settings save as you type and undo like any edit."""
    from soc2wizard import services
    from soc2wizard.gui.settings_dialog import WorkspaceSettingsDialog

    w = demo_window
    dlg = WorkspaceSettingsDialog(w.ctx, w)
    qtbot.addWidget(dlg)
    _type(qtbot, dlg.edits["firm_name"], "Harbor Security LLC")
    assert services.get_settings(w.ctx.s).firm_name == "Harbor Security LLC"
    w.undo_action.trigger()
    assert services.get_settings(w.ctx.s).firm_name == ""
