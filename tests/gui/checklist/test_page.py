"""The checklist page as a user works it: filters, sorting, keyboard, bulk edits."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

from soc2wizard import services
from soc2wizard.gui.checklist.model import ChecklistModel
from tests.gui.checklist.helpers import file_state, file_status, proxy_row


def total(page) -> int:
    return page.model.rowCount()


def test_count_label_follows_text_status_and_criterion_filters(qtbot, page):
    """Typing and choosing filters updates "N of M controls" and shows removable chips."""
    m = total(page)
    assert page.count.text() == f"{m} of {m} controls"
    qtbot.keyClicks(page.search, "policy")
    shown = page.proxy.rowCount()
    assert 0 < shown < m
    assert page.count.text() == f"{shown} of {m} controls"
    assert all(
        "policy" in page.model.haystack(page.proxy.mapToSource(page.proxy.index(r, 0)).row()) for r in range(shown)
    )
    page.status_combo.setCurrentIndex(page.status_combo.findData("implemented"))
    implemented = [
        r
        for r in page.model.rows()
        if r.state.status == "implemented" and "policy" in page.model.haystack(page.model.row_of(r.control.id))
    ]
    assert page.count.text() == f"{len(implemented)} of {m} controls"
    chips = [page.chips.itemAt(i).widget().text() for i in range(page.chips.count())]
    assert any("policy" in c for c in chips) and any("Implemented" in c for c in chips)
    page.clear_filters()
    page.criterion_combo.setCurrentIndex(page.criterion_combo.findData("CC6.1"))
    cc61 = sum("CC6.1" in r.control.criteria for r in page.model.rows())
    assert page.count.text() == f"{cc61} of {m} controls"
    page.criterion_combo.setCurrentIndex(page.criterion_combo.findData("availability"))
    avail = sum("availability" in r.control.categories for r in page.model.rows())
    assert page.count.text() == f"{avail} of {m} controls"


def test_no_match_shows_empty_state_and_clear_filters(qtbot, page):
    """A search that matches nothing says so and offers to clear the filters."""
    qtbot.keyClicks(page.search, "zzzz-nothing")
    assert page.count.text().startswith("0 of")
    assert page.table_stack.currentWidget() is page.empty
    assert "No controls match these filters" in page.empty.text()
    page.empty.linkActivated.emit("clear")
    assert page.search.text() == ""
    assert page.proxy.rowCount() == total(page)


def test_chip_click_removes_its_filter(qtbot, page):
    """Clicking a filter chip removes only that filter."""
    page.status_combo.setCurrentIndex(page.status_combo.findData("in_progress"))
    page.priority_combo.setCurrentIndex(page.priority_combo.findData(1))
    assert page.chips.count() == 2
    chip = next(page.chips.itemAt(i).widget() for i in range(2) if "Status" in page.chips.itemAt(i).widget().text())
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert page.proxy.filter_value("status") is None
    assert page.priority_combo.currentData() == 1
    assert page.chips.count() == 1


def test_sort_by_status_and_due_date(page):
    """Clicking the Status or Due header orders rows by working order and by date."""
    page.table.sortByColumn(ChecklistModel.STATUS, Qt.SortOrder.AscendingOrder)
    order = {"not_started": 0, "in_progress": 1, "implemented": 2, "not_applicable": 3}
    shown = [
        page.proxy.index(r, ChecklistModel.STATUS).data(ChecklistModel.StatusRole) for r in range(page.proxy.rowCount())
    ]
    assert [order[s] for s in shown] == sorted(order[s] for s in shown)
    page.table.sortByColumn(ChecklistModel.DUE, Qt.SortOrder.AscendingOrder)
    rows = [page.proxy.index(r, 0).data(ChecklistModel.RowRole) for r in range(page.proxy.rowCount())]
    dates = [r.state.due_date for r in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated)
    assert all(d is None for d in dates[len(dated) :])  # controls without a date come last


def test_space_cycles_status_and_saves(qtbot, page, ctx):
    """Space moves the selected control to the next status; each press is saved."""
    cid = next(r.control.id for r in page.model.rows() if r.state.status == "not_started")
    page.select_control(cid)
    for expected in ("in_progress", "implemented", "not_started"):
        qtbot.keyClick(page.table, Qt.Key.Key_Space)
        assert file_status(ctx.s.path, cid) == expected
    assert page.model.row_at(page.model.row_of(cid)).state.status == "not_started"


def test_bulk_status_on_five_rows_is_one_undo_step(qtbot, page, ctx):
    """Setting the status of five selected controls saves all five and one Ctrl+Z restores them."""
    ids = [r.control.id for r in page.model.rows() if r.state.status != "implemented"][:5]
    before = {cid: file_state(ctx.s.path, cid) for cid in ids}
    sm = page.table.selectionModel()
    sm.clearSelection()
    for cid in ids:
        sm.select(
            page.proxy.index(proxy_row(page, cid), 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert page.detail.bulk_title.text() == "5 controls selected"
    page.detail.bulk_status.setCurrentIndex(page.detail.bulk_status.findData("implemented"))
    depth = ctx.undo_stack.count()
    qtbot.mouseClick(page.detail.bulk_status_button, Qt.MouseButton.LeftButton)
    assert ctx.undo_stack.count() == depth + 1
    assert all(file_status(ctx.s.path, cid) == "implemented" for cid in ids)
    assert page.selected_ids() == ids  # the selection survives the save
    ctx.undo_stack.undo()
    assert {cid: file_state(ctx.s.path, cid) for cid in ids} == before
    page.detail.bulk_owner.setText("Grace Hopper")
    qtbot.mouseClick(page.detail.bulk_owner_button, Qt.MouseButton.LeftButton)
    assert all(file_state(ctx.s.path, cid)[1] == "Grace Hopper" for cid in ids)


def test_detail_panel_not_applicable_needs_a_reason(qtbot, page, ctx):
    """Choosing Not applicable asks for a reason; without one nothing is saved and a message shows."""
    cid = next(r.control.id for r in page.model.rows() if r.state.status == "in_progress")
    page.select_control(cid)
    d = page.detail
    assert d.title.text().startswith(cid)
    d.status.setCurrentIndex(d.status.findData("not_applicable"))
    d.status.activated.emit(d.status.currentIndex())
    assert d.reason_box.isVisibleTo(d)
    assert file_status(ctx.s.path, cid) == "in_progress"
    qtbot.mouseClick(d.reason_button, Qt.MouseButton.LeftButton)
    assert file_status(ctx.s.path, cid) == "in_progress"
    assert page.message_bar.isVisible() and "say why" in page.message.text().lower()
    d.reason.setText("We run no servers of our own.")
    qtbot.mouseClick(d.reason_button, Qt.MouseButton.LeftButton)
    assert file_status(ctx.s.path, cid) == "not_applicable"
    assert services.control_state(ctx.s, cid).na_reason == "We run no servers of our own."


def test_detail_notes_typing_is_one_undo_step(qtbot, page, ctx):
    """Notes are saved on focus-out; two saves of the same notes undo in one step."""
    cid = page.model.row_at(0).control.id
    page.select_control(cid)
    d = page.detail
    depth = ctx.undo_stack.count()
    d.notes.setFocus()
    qtbot.keyClicks(d.notes, "Draft in the wiki")
    d.commit_notes()
    qtbot.keyClicks(d.notes, ", approved by the CEO")
    d.commit_notes()
    assert services.control_state(ctx.s, cid).notes == "Draft in the wiki, approved by the CEO"
    assert ctx.undo_stack.count() == depth + 1
    ctx.undo_stack.undo()
    assert services.control_state(ctx.s, cid).notes == ""


def test_detail_owner_and_due_fields_save(qtbot, page, ctx):
    """Owner and due date typed in the detail panel are saved when the field is left."""
    cid = page.model.row_at(1).control.id
    page.select_control(cid)
    d = page.detail
    d.owner.setFocus()
    d.owner.selectAll()
    qtbot.keyClicks(d.owner, "Linus")
    d.due.setFocus()
    d.due.selectAll()
    qtbot.keyClicks(d.due, "2027-01-15")
    d.notes.setFocus()  # leaving the field commits it
    assert file_state(ctx.s.path, cid)[1:] == ("Linus", "2027-01-15")
    assert d.due.text() == "15 Jan 2027"  # shown in the user's date style once committed
    assert page.model.index(page.model.row_of(cid), ChecklistModel.OWNER).data() == "Linus"


def test_enter_opens_editor_and_escape_clears_search(qtbot, page):
    """Enter edits the current cell (Status for read-only cells); Escape clears the search."""
    page.select_control(page.model.row_at(0).control.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.table.state() == page.table.State.EditingState
    assert page.table.currentIndex().column() == ChecklistModel.STATUS
    qtbot.keyClick(page.table.focusWidget(), Qt.Key.Key_Escape)
    page.focus_search()
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "access")
    assert page.proxy.rowCount() < total(page)
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert page.proxy.rowCount() == total(page)


def test_keys_typed_in_the_table_stay_in_the_table(qtbot, page):
    """Letters typed while the table has focus stay there (they jump to a matching row), not the search."""
    page.table.setFocus()
    first = page.table.currentIndex().row()
    target = next(i for i in range(page.proxy.rowCount()) if str(page.proxy.index(i, 0).data()).startswith("AC"))
    qtbot.keyClicks(page.table, "AC")
    assert page.search.text() == "" and page.proxy.rowCount() == total(page)
    assert page.table.hasFocus()
    assert page.table.currentIndex().row() == target != first


def test_select_control_clears_filters_that_hide_it(qtbot, page):
    """Jumping to a control hidden by a filter clears the filters and selects it."""
    hidden = next(r.control.id for r in page.model.rows() if r.state.status == "not_started")
    page.status_combo.setCurrentIndex(page.status_combo.findData("implemented"))
    assert proxy_row(page, hidden) == -1
    page.select_control(hidden)
    assert page.selected_ids() == [hidden]
    assert page.proxy.filter_value("status") is None
    assert page.detail.title.text().startswith(hidden)


def test_grouping_by_criterion_shows_group_headers(page):
    """Grouping by criterion orders rows by first criterion and labels each group once."""
    page.group_combo.setCurrentIndex(page.group_combo.findData("criterion"))
    labels = [page.proxy.headerData(r, Qt.Orientation.Vertical) for r in range(page.proxy.rowCount())]
    firsts = [
        page.proxy.index(r, 0).data(ChecklistModel.RowRole).control.criteria[0] for r in range(page.proxy.rowCount())
    ]
    assert labels[0] == firsts[0]
    starts = [lab for lab in labels if lab]
    assert len(starts) == len(set(firsts)) == len(set(starts))


def test_accessible_names_on_inputs(page):
    """Every input of the page has an accessible name."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QWidget

    kinds = (QLineEdit, QComboBox, QPlainTextEdit, QAbstractButton)
    page.select_control(page.model.row_at(0).control.id)
    inputs = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, kinds) and not w.objectName().startswith("qt_") and not isinstance(w.parent(), QComboBox)
    ]
    missing = [w for w in inputs if not w.accessibleName() and w.isVisibleTo(page)]
    assert not missing, [type(w).__name__ + ":" + (getattr(w, "text", lambda: "")() or "") for w in missing]


def test_undo_in_the_owner_field_restores_file_and_field(qtbot, page, ctx):
    """Typing an owner, leaving it, then Ctrl+Z with the focus back in it: the file and the field agree."""
    cid = page.model.row_at(1).control.id
    page.select_control(cid)
    d = page.detail
    before = services.control_state(ctx.s, cid).owner
    d.owner.setFocus()
    d.owner.selectAll()
    qtbot.keyClicks(d.owner, "Grace Hopper")
    qtbot.keyClick(d.owner, Qt.Key.Key_Return)
    assert services.control_state(ctx.s, cid).owner == "Grace Hopper"
    ctx.undo()
    assert services.control_state(ctx.s, cid).owner == before
    assert d.owner.text() == before
    assert page.model.index(page.model.row_of(cid), ChecklistModel.OWNER).data() == before


def test_after_an_edit_the_key_columns_scroll_back_into_view(qtbot, page):
    """An edit made while the table was scrolled right brings ID to Due back, when they fit."""
    page.resize(1400, 700)
    page.table.setColumnWidth(ChecklistModel.FREQUENCY, 700)  # a wide last column, as a user may drag it
    qtbot.wait(10)
    bar = page.table.horizontalScrollBar()
    assert bar.maximum() > 0  # the columns after Due need scrolling at this width
    bar.setValue(bar.maximum())
    page._after_edit()
    assert bar.value() == 0
