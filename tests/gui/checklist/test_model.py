"""The checklist table model: Qt's model rules, sort keys, and edits through services."""

from __future__ import annotations

from PySide6.QtCore import Qt

from soc2wizard import services
from soc2wizard.gui.checklist.model import ChecklistModel
from tests.gui.checklist.helpers import file_state, file_status


def test_model_passes_qt_model_tester(qtmodeltester, ctx):
    """The model with the demo workspace's real rows follows Qt's model contract."""
    model = ChecklistModel(ctx)
    model.set_rows(services.checklist(ctx.s))
    assert model.rowCount() > 100
    qtmodeltester.check(model, force_py=True)


def test_set_rows_with_same_controls_updates_in_place(qtbot, ctx):
    """Reloading after an edit changes only the edited row, without a model reset."""
    model = ChecklistModel(ctx)
    model.set_rows(services.checklist(ctx.s))
    cid = model.row_at(3).control.id
    services.update_control(ctx.s, cid, owner="Zed")
    changed: list[int] = []
    model.dataChanged.connect(lambda a, _b: changed.append(a.row()))
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_rows(services.checklist(ctx.s))
    assert changed == [3]
    assert model.index(3, ChecklistModel.OWNER).data() == "Zed"


def test_inline_status_edit_lands_in_file_and_undoes(ctx):
    """Editing a Status cell saves to the file; undo and redo change the file back and forth."""
    model = ChecklistModel(ctx)
    ctx.changed.connect(lambda _t: model.set_rows(services.checklist(ctx.s)))
    model.set_rows(services.checklist(ctx.s))
    row = next(i for i, r in enumerate(model.rows()) if r.state.status == "not_started")
    cid = model.row_at(row).control.id
    assert model.setData(model.index(row, ChecklistModel.STATUS), "implemented")
    assert file_status(ctx.s.path, cid) == "implemented"
    assert model.index(row, ChecklistModel.STATUS).data() == "Implemented"
    ctx.undo_stack.undo()
    assert file_status(ctx.s.path, cid) == "not_started"
    ctx.undo_stack.redo()
    assert file_status(ctx.s.path, cid) == "implemented"


def test_inline_owner_and_due_edits_land_in_file(ctx):
    """Owner and due date typed into the table are saved; a bad date is refused with a message."""
    model = ChecklistModel(ctx)
    ctx.changed.connect(lambda _t: model.set_rows(services.checklist(ctx.s)))
    model.set_rows(services.checklist(ctx.s))
    cid = model.row_at(0).control.id
    messages: list[str] = []
    model.message.connect(messages.append)
    assert model.setData(model.index(0, ChecklistModel.OWNER), "Ada Lovelace")
    assert model.setData(model.index(0, ChecklistModel.DUE), "2027-03-31")
    assert file_state(ctx.s.path, cid)[1:] == ("Ada Lovelace", "2027-03-31")
    assert not model.setData(model.index(0, ChecklistModel.DUE), "next week")
    assert messages and "YYYY-MM-DD" in messages[-1]
    assert file_state(ctx.s.path, cid)[2] == "2027-03-31"
    ctx.undo_stack.undo()
    assert file_state(ctx.s.path, cid)[2] is None
    assert model.setData(model.index(0, ChecklistModel.DUE), "")  # clearing is allowed
    assert model.index(0, ChecklistModel.DUE).data() == ""


def test_not_applicable_without_reason_is_refused(ctx):
    """Marking a control not applicable with no reason changes nothing and says why."""
    model = ChecklistModel(ctx)
    model.set_rows(services.checklist(ctx.s))
    cid = model.row_at(0).control.id
    before = file_state(ctx.s.path, cid)
    messages: list[str] = []
    model.message.connect(messages.append)
    assert not model.setData(model.index(0, ChecklistModel.STATUS), "not_applicable")
    assert file_state(ctx.s.path, cid) == before
    assert "say why" in messages[-1].lower()
    assert ctx.undo_stack.count() == 0


def test_sort_keys_order_status_and_dates(ctx):
    """Sort keys put statuses in working order and undated controls after dated ones."""
    model = ChecklistModel(ctx)
    model.set_rows(services.checklist(ctx.s))
    keys = {
        model.index(i, ChecklistModel.STATUS).data(model.StatusRole): model.index(i, ChecklistModel.STATUS).data(
            model.SortRole
        )
        for i in range(model.rowCount())
    }
    assert keys["not_started"] < keys["in_progress"] < keys["implemented"] < keys["not_applicable"]
    dated = [
        model.index(i, ChecklistModel.DUE).data(model.SortRole)
        for i in range(model.rowCount())
        if model.row_at(i).state.due_date
    ]
    undated = [
        model.index(i, ChecklistModel.DUE).data(model.SortRole)
        for i in range(model.rowCount())
        if not model.row_at(i).state.due_date
    ]
    assert max(dated) < min(undated)
    assert model.index(0, ChecklistModel.STATUS).data(Qt.ItemDataRole.ToolTipRole)


def test_an_edit_in_the_table_repaints_only_its_row_and_defers_the_figures(qtbot, page, ctx, monkeypatch):
    """An owner typed in a cell: one dataChanged on that row, no reset, no re-read; readiness a frame later."""
    from PySide6.QtCore import Qt

    from soc2wizard.gui.checklist.model import ChecklistModel

    ctx.settle()
    model = page.model
    row = next(
        i for i, r in enumerate(model.rows()) if not r.state.owner and r.state.status != "not_applicable"
    )  # a control without an owner: the readiness line counts it
    changed, resets, reads = [], [], []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    model.modelReset.connect(lambda: resets.append(1))
    real = services.checklist
    monkeypatch.setattr(services, "checklist", lambda *a, **k: reads.append(1) or real(*a, **k))
    before = page.summary.text()
    assert model.setData(model.index(row, ChecklistModel.OWNER), "Ada Lovelace", Qt.ItemDataRole.EditRole)
    assert changed == [(row, row)] and resets == [] and reads == []
    assert ctx._estimate is None  # not worked out on the edit's path
    assert page.summary.text() == before
    ctx.settle()
    assert reads == []  # the cached rows were patched, not read again
    import re

    def no_owner(text: str) -> int:
        return int(re.search(r"(\d+) without an owner", text).group(1))

    assert no_owner(page.summary.text()) == no_owner(before) - 1
    assert model.index(row, ChecklistModel.OWNER).data() == "Ada Lovelace"
    assert services.control_state(ctx.s, model.row_at(row).control.id).owner == "Ada Lovelace"
