"""Due dates in the checklist, in the table cell and the detail panel, as a user works them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from soc2wizard import services
from soc2wizard.gui.checklist.model import ChecklistModel
from soc2wizard.gui.widgets import DateField


def _calendar_view(field: DateField) -> QTableView:
    """The grid of days in the field's open calendar (where the keyboard goes)."""
    cal = field.calendar()
    assert cal is not None and cal.isVisible()
    return cal.findChild(QTableView)


def _type(qtbot, field, text: str) -> None:  # noqa: ANN001
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def _due_cell(page, cid: str):  # noqa: ANN001, ANN202
    src = page.model.index(page.model.row_of(cid), ChecklistModel.DUE)
    return page.proxy.mapFromSource(src)


def test_due_cell_typed_and_picked_from_calendar(qtbot, page, ctx):
    """F2 on a Due cell takes a typed date; Alt+Down there picks one from the calendar."""
    cid = page.model.row_at(2).control.id
    page.select_control(cid)
    page.table.setFocus()
    page.table.setCurrentIndex(_due_cell(page, cid))
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, DateField)
    qtbot.keyClicks(editor, "3 Feb 2027")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: services.control_state(ctx.s, cid).due_date == dt.date(2027, 2, 3), timeout=2000)

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    view = _calendar_view(editor)
    qtbot.keyClick(view, Qt.Key.Key_Down)  # a week later
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: services.control_state(ctx.s, cid).due_date == dt.date(2027, 2, 10), timeout=2000)
    assert page.table.state() != QTableView.State.EditingState


def test_due_date_in_detail_panel_cleared_and_undone(qtbot, page, ctx):
    """Clearing the due date in the panel stores none; undo brings the date back."""
    row = next(r for r in page.model.rows() if r.state.due_date is not None)
    cid, before = row.control.id, row.state.due_date
    page.select_control(cid)
    due = page.detail.due
    due.setFocus()
    due.selectAll()
    qtbot.keyClick(due, Qt.Key.Key_Delete)
    qtbot.keyClick(due, Qt.Key.Key_Return)
    assert services.control_state(ctx.s, cid).due_date is None
    ctx.undo_stack.undo()
    assert services.control_state(ctx.s, cid).due_date == before
    assert due.date() == before


def test_unreadable_due_date_is_said_and_not_saved(qtbot, page, ctx):
    """Typing words into the due date shows a message and keeps the saved date."""
    row = next(r for r in page.model.rows() if r.state.due_date is not None)
    page.select_control(row.control.id)
    _type(qtbot, page.detail.due, "next week")
    qtbot.keyClick(page.detail.due, Qt.Key.Key_Return)
    assert "is not a date" in page.message.text()
    assert services.control_state(ctx.s, row.control.id).due_date == row.state.due_date
