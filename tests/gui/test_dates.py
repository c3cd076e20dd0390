"""Date fields as a user works them: typed, picked from the calendar, cleared, undone."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QTableView, QToolButton

from soc2wizard.gui.widgets import DateField, read_date
from tests.gui.helpers import answers_in_file


def _type(qtbot, field, text: str) -> None:  # noqa: ANN001
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def _calendar_view(field: DateField) -> QTableView:
    """The grid of days in the field's open calendar (where the keyboard goes)."""
    cal = field.calendar()
    assert cal is not None and cal.isVisible()
    return cal.findChild(QTableView)


@pytest.fixture
def locale():  # noqa: ANN201
    """Set the user's locale for one test, then put the default back."""
    before = QLocale()
    yield lambda name: QLocale.setDefault(QLocale(name))
    QLocale.setDefault(before)


def test_date_picked_from_calendar_lands_in_file(demo_window, qtbot):
    """Alt+Down opens the calendar on the saved deadline; Right then Enter saves the next day."""
    w = demo_window
    w.go("profile")
    p = w.page["profile"]
    path = w.ctx.s.path
    assert answers_in_file(path).customers.deadline == dt.date(2027, 11, 30)
    p.deadline.setFocus()
    qtbot.keyClick(p.deadline, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    view = _calendar_view(p.deadline)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not p.deadline.calendar().isVisible()
    assert answers_in_file(path).customers.deadline == dt.date(2027, 12, 1)
    assert p.deadline.text() == "1 Dec 2027"


def test_clearing_optional_date_stores_none(demo_window, qtbot):
    """The clear icon empties the deadline and the file then has no deadline."""
    w = demo_window
    w.go("profile")
    p = w.page["profile"]
    clear = next(b for b in p.deadline.findChildren(QToolButton) if b.accessibleName() == "No date")
    assert clear.isVisible()
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert answers_in_file(w.ctx.s.path).customers.deadline is None
    assert p.deadline.text() == "" and not clear.isVisible()


def test_select_all_and_delete_clears_the_start_date(demo_window, qtbot):
    """Selecting the start date, Delete and Tab leaves the plan without a chosen start."""
    w = demo_window
    w.go("timeline")
    t = w.page["timeline"]
    assert answers_in_file(w.ctx.s.path).plan.start is not None
    t.start.setFocus()
    t.start.selectAll()
    qtbot.keyClick(t.start, Qt.Key.Key_Delete)
    qtbot.keyClick(t.start, Qt.Key.Key_Tab)
    assert answers_in_file(w.ctx.s.path).plan.start is None
    assert "Not chosen yet" in t.start_box.hint.text()


def test_date_typed_in_locale_format_is_saved(demo_window, qtbot, locale):
    """A British user types 01/03/2027 for the start date: the file holds 1 March 2027."""
    locale("en_GB")
    w = demo_window
    w.go("timeline")
    t = w.page["timeline"]
    _type(qtbot, t.start, "01/03/2027")
    qtbot.keyClick(t.start, Qt.Key.Key_Return)
    assert not t.start_box.has_error()
    assert answers_in_file(w.ctx.s.path).plan.start == dt.date(2027, 3, 1)
    assert t.start.text() == "1 Mar 2027"


def test_locale_formats_are_read_as_that_locale_writes_them(locale):
    """The same digits mean 1 March in Britain and 3 January in the US; ISO and names read anywhere."""
    locale("en_GB")
    assert read_date("1/3/2027") == dt.date(2027, 3, 1)
    assert read_date("01/03/27") == dt.date(2027, 3, 1)
    locale("en_US")
    assert read_date("1/3/2027") == dt.date(2027, 1, 3)
    locale("de_DE")
    assert read_date("1.3.2027") == dt.date(2027, 3, 1)
    for text in ("2027-03-01", "1 Mar 2027", "1 March 2027", "Mar 1, 2027", " 1  mar 2027 "):
        assert read_date(text) == dt.date(2027, 3, 1), text
    assert read_date("2027-02-30") is None and read_date("next week") is None


def test_undo_restores_the_previous_date(demo_window, qtbot):
    """Ctrl+Z after changing the deadline puts the old one back in the file and the field."""
    w = demo_window
    w.go("profile")
    p = w.page["profile"]
    path = w.ctx.s.path
    _type(qtbot, p.deadline, "15 Jan 2028")
    qtbot.keyClick(p.deadline, Qt.Key.Key_Return)
    assert answers_in_file(path).customers.deadline == dt.date(2028, 1, 15)
    w.undo_action.trigger()
    assert answers_in_file(path).customers.deadline == dt.date(2027, 11, 30)
    assert p.deadline.text() == "30 Nov 2027"
    w.redo_action.trigger()
    assert answers_in_file(path).customers.deadline == dt.date(2028, 1, 15)


def test_date_the_services_refuse_is_shown_at_the_field(demo_window, qtbot):
    """A start in 1999 is a date, but not one a plan accepts: the message shows and nothing changes."""
    w = demo_window
    w.go("timeline")
    t = w.page["timeline"]
    before = answers_in_file(w.ctx.s.path).plan.start
    _type(qtbot, t.start, "1999-12-31")
    qtbot.keyClick(t.start, Qt.Key.Key_Return)
    assert t.start_box.has_error() and "2000" in t.start_box.error.text()
    assert answers_in_file(w.ctx.s.path).plan.start == before


def test_arrow_keys_step_the_date(demo_window, qtbot):
    """Up is a day later, Page Down a month earlier; Enter saves (as in Qt's own date fields)."""
    w = demo_window
    w.go("profile")
    p = w.page["profile"]
    p.deadline.setFocus()
    qtbot.keyClick(p.deadline, Qt.Key.Key_Up)
    qtbot.keyClick(p.deadline, Qt.Key.Key_PageDown)
    qtbot.keyClick(p.deadline, Qt.Key.Key_Return)
    assert answers_in_file(w.ctx.s.path).customers.deadline == dt.date(2027, 11, 1)


def test_date_fields_have_accessible_names(demo_window):
    """Each date field and its icons have names a screen reader can say."""
    w = demo_window
    w.go("profile")
    field = w.page["profile"].deadline
    assert field.accessibleName() == "Customer deadline"
    names = {b.accessibleName() for b in field.findChildren(QToolButton)}
    assert names == {"Choose from a calendar", "No date"}
    field.open_calendar()
    assert field.calendar().accessibleName() == "Customer deadline: calendar"
    field.calendar().window().close()


def test_the_tooltip_names_the_ways_to_type_a_date_in_the_users_locale(qtbot, locale):  # noqa: ANN001
    """Worked out when the pointer rests on the field (the locale is read then, not at start-up)."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication

    locale("de_DE")
    field = DateField("Report needed by")
    qtbot.addWidget(field)
    field.show()
    QApplication.sendEvent(field, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), field.mapToGlobal(QPoint(5, 5))))
    tip = field.toolTip()
    assert "2027-09-30" in tip and "30.09.2027" in tip and "Alt+Down" in tip and "Leave empty for none" in tip
    assert "Alt+Down" in field.accessibleDescription()
