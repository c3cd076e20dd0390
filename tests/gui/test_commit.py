"""Typed text is stored when finished and valid; the field shows what is stored; undo restores both."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from soc2wizard.gui.commit import PAUSE_MS, committer_of
from tests.gui.helpers import answers_in_file, scope_in_file


def _typing(qtbot, edit, text: str) -> None:  # noqa: ANN001
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_nothing_is_stored_mid_way_and_a_pause_commits(demo_window, qtbot):
    """While keys arrive nothing is written; a pause in typing stores the whole value once."""
    w = demo_window
    path = w.ctx.s.path
    w.go("profile")
    p = w.page["profile"]
    _typing(qtbot, p.numbers["employees"], "45")
    assert answers_in_file(path).company.employees != 45
    qtbot.waitUntil(lambda: answers_in_file(path).company.employees == 45, timeout=PAUSE_MS * 4)
    assert w.ctx.undo_stack.count() == 1


def test_an_invalid_number_is_never_stored(demo_window, qtbot):
    """99999999999 employees: an error at the field, the file keeps its value (no 999,999 stored)."""
    w = demo_window
    path = w.ctx.s.path
    before = answers_in_file(path).company.employees
    w.go("profile")
    p = w.page["profile"]
    edit = p.numbers["employees"]
    _typing(qtbot, edit, "99999999999")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert answers_in_file(path).company.employees == before
    assert p.boxes["company.employees"].has_error()
    assert edit.text() == "99999999999"  # the user's text stays, to be fixed
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # leaving does not store it either
    assert answers_in_file(path).company.employees == before
    assert w.ctx.undo_stack.count() == 0


def test_a_too_long_name_is_refused_whole(demo_window, qtbot):
    """A 300-character name is refused at the field; no first 200 characters are stored."""
    w = demo_window
    path = w.ctx.s.path
    w.go("profile")
    p = w.page["profile"]
    long = "N" * 300
    p.name.setFocus()
    p.name.selectAll()
    p.name.insert(long)  # pasted
    committer_of(p.name)._typed()
    qtbot.keyClick(p.name, Qt.Key.Key_Return)
    assert answers_in_file(path).company.name == "Tidewater Health"
    assert p.boxes["company.name"].has_error()


def test_the_field_shows_what_is_stored_and_undo_restores_both(demo_window, qtbot):
    """Enter stores the name as kept (spaces tidied); Ctrl+Z in the field restores file and field."""
    w = demo_window
    path = w.ctx.s.path
    w.go("profile")
    p = w.page["profile"]
    _typing(qtbot, p.name, "  Tidewater   Clinics ")
    qtbot.keyClick(p.name, Qt.Key.Key_Return)
    stored = answers_in_file(path).company.name
    assert stored.strip() == stored and "Tidewater" in stored
    assert p.name.text() == stored
    qtbot.keyClicks(p.name, " Group")  # typing again, not yet committed: undo takes that stretch back
    qtbot.keySequence(p.name, QKeySequence.StandardKey.Undo)
    assert answers_in_file(path).company.name == stored
    assert p.name.text() == stored
    qtbot.keySequence(p.name, QKeySequence.StandardKey.Undo)
    assert answers_in_file(path).company.name == "Tidewater Health"
    assert p.name.text() == "Tidewater Health"
    assert p.name.hasFocus()


def test_scope_text_goes_to_the_item_it_was_typed_for(demo_window, qtbot):
    """A description typed for one item and committed after the selection moved lands on that item."""
    w = demo_window
    path = w.ctx.s.path
    w.go("scope")
    sp = w.page["scope"]
    first = sp.selected()
    sp.description.setFocus()
    sp.description.selectAll()
    qtbot.keyClicks(sp.description, "Typed for the first")
    sp.list.setFocus()  # leaving the field commits it, before the selection moves
    qtbot.keyClick(sp.list, Qt.Key.Key_Down)
    items = {i.id: i for i in scope_in_file(path)}
    assert items[first.id].description == "Typed for the first"
    assert sum(i.description == "Typed for the first" for i in items.values()) == 1


def test_text_still_being_typed_is_kept_when_the_window_closes(demo_window, qtbot):
    """Typing, then closing the window at once (no Enter, no pause): the text is in the file."""
    w = demo_window
    path = w.ctx.s.path
    w.go("profile")
    p = w.page["profile"]
    _typing(qtbot, p.name, "Tidewater Clinics")
    w.close()
    assert answers_in_file(path).company.name == "Tidewater Clinics"


def test_text_being_typed_goes_to_its_own_workspace_when_another_opens(demo_window, qtbot, tmp_path):
    """Typing in client A, then opening client B: A gets the text, B is untouched."""
    from soc2wizard import services

    w = demo_window
    a = w.ctx.s.path
    b = tmp_path / "b.soc2"
    services.create_workspace(b, name="Bluebird").close()
    w.go("profile")
    _typing(qtbot, w.page["profile"].name, "Tidewater Clinics")
    assert w.open_path(b)
    assert answers_in_file(a).company.name == "Tidewater Clinics"
    assert services.get_answers(w.ctx.s).company.name == "Bluebird"
