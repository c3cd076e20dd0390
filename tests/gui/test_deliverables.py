"""File ▸ Auditor and Prospect Documents: the system description, risk register and policies, editable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from soc2wizard import services
from soc2wizard.gui import deliverables as gd
from soc2wizard.gui import dialogs


def _open(w):
    assert w.deliverables_action.isEnabled()
    w.deliverables_action.trigger()
    return w.deliverables_window


def test_action_is_off_without_a_workspace(window):
    """With nothing open there is nothing to describe."""
    assert not window.deliverables_action.isEnabled()


def test_description_section_edit_is_kept_and_marked(demo_window, qtbot):
    """Editing a section and keeping it marks it edited in the list; a changed scope does not overwrite it."""
    win = _open(demo_window)
    tab = win.description
    titles = [tab.list.item(i).text() for i in range(tab.list.count())]
    assert titles[0] == "Company overview and services provided"
    assert any("CUECs" in t for t in titles) and any("CSOCs" in t for t in titles)
    tab.list.setCurrentRow(0)
    assert "Tidewater Health is a" in tab.editor.toPlainText()
    tab.editor.setPlainText("Tidewater Health makes clinic scheduling software.")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.list.item(0).text().endswith("\u270e") and tab.state.text() == gd.EDITED
    services.add_scope_item(demo_window.ctx.s, "system", "Clinic analytics", customer_data=True)
    demo_window.ctx.notify("scope")
    assert tab.state.text() == gd.DRAFT_CHANGED
    assert tab.editor.toPlainText() == "Tidewater Health makes clinic scheduling software."


def test_subservice_section_shows_the_csoc_table(demo_window):
    """The CSOC section shows each provider's complementary controls under the text, as the DOCX does."""
    win = _open(demo_window)
    tab = win.description
    tab.list.setCurrentRow(list(services.deliverables.drafts.SECTIONS).index("subservice"))
    shown = tab.tables.toPlainText()
    assert "Amazon Web Services: subservice organisation, carve-out method" in shown
    assert "AWS restricts physical access to its data centres" in shown and "VND-08" in shown


def test_use_draft_asks_first(demo_window, monkeypatch):
    """Going back to the draft replaces the user's text only after they confirm."""
    services.edit_description_section(demo_window.ctx.s, "data", "Our own words about data.")
    win = _open(demo_window)
    tab = win.description
    tab.list.setCurrentRow(list(services.deliverables.drafts.SECTIONS).index("data"))
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: False)
    tab.draft_button.click()
    assert tab.editor.toPlainText() == "Our own words about data."
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    tab.draft_button.click()
    assert "handles" in tab.editor.toPlainText() and tab.state.text() == "Generated from the workspace"


def test_risk_register_edits_through_the_table(demo_window, monkeypatch):
    """Changing likelihood in the table updates the score; a bad control id is refused with a message."""
    win = _open(demo_window)
    tab = win.risks
    row = [r.key for r in tab.risks].index("fraud")
    tab.table.cellWidget(row, 1).setValue(5)
    assert tab.table.item(row, 3).text() == "20 High"
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, *a: shown.append(text))
    edit = tab.table.cellWidget(row, 6)
    edit.setText("NOPE-99")
    edit.editingFinished.emit()
    assert shown and "controls" in shown[0]
    assert "NOPE-99" not in services.risk_register(demo_window.ctx.s)[row].controls


def test_policy_approval_and_acknowledgement(demo_window):
    """Approving a policy makes version 1.0; an acknowledgement then appears in the list."""
    win = _open(demo_window)
    tab = win.policies
    tab.list.setCurrentRow(0)
    assert "draft" in tab.version.text()
    assert not tab.ack_button.isEnabled()
    tab.approver.setText("Maya Okafor")
    tab.approve_button.click()
    assert tab.version.text().startswith("1.0, approved by Maya Okafor")
    tab.person.setText("Jonas Lindqvist")
    tab.ack_button.click()
    assert tab.acks.item(0).text().startswith("Jonas Lindqvist: version 1.0")


def test_export_system_description_from_the_window(demo_window, tmp_path, monkeypatch):
    """The window's export button writes the DOCX where the user chose."""
    target = tmp_path / "sd.docx"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: target)
    win = _open(demo_window)
    win.export("system_description")
    assert target.exists() and target.stat().st_size > 5_000
    monkeypatch.setattr(gd, "ask_folder", lambda *a, **k: tmp_path / "pol")
    monkeypatch.setattr(dialogs, "show_info", lambda *a, **k: None)
    win.export("policies")
    assert len(list((tmp_path / "pol").glob("*.docx"))) >= 15


def test_policy_past_its_review_date_says_so(demo_window):
    """A policy approved more than twelve months ago is listed as due for review."""
    import datetime as dt

    ctx = demo_window.ctx
    ctx.today = lambda: dt.date(2025, 1, 10)
    win = _open(demo_window)
    tab = win.policies
    tab.list.setCurrentRow(0)
    tab.approver.setText("Maya Okafor")
    tab.approve_button.click()
    assert not tab.list.item(0).text().endswith("review due")
    ctx.today = lambda: dt.date(2026, 1, 10)
    tab.refresh()
    assert tab.list.item(0).text() == "Information security policy \u2014 1.0 \u2014 review due"


def test_edits_in_the_documents_window_undo_and_redo(demo_window, qtbot):
    """Edit > Undo takes back a section edit, a risk change, an added and a removed risk; Redo puts them back."""
    s = demo_window.ctx.s
    win = _open(demo_window)
    tab = win.description
    tab.list.setCurrentRow(0)
    tab.editor.setPlainText("Our own overview.")
    tab.save_button.click()
    undo, redo = demo_window.undo_action, demo_window.redo_action
    undo.trigger()
    assert not services.system_description(s)[0].edited
    redo.trigger()
    assert services.system_description(s)[0].text == "Our own overview."

    risks = win.risks
    row = [r.key for r in risks.risks].index("fraud")
    risks.table.cellWidget(row, 2).setValue(1)
    qtbot.wait(10)
    assert {r.key: r for r in services.risk_register(s)}["fraud"].impact == 1
    undo.trigger()
    assert {r.key: r for r in services.risk_register(s)}["fraud"].impact == 4
    risks.title_edit.setText("Office flood")
    risks.add_button.click()
    assert services.risk_register(s)[-1].title == "Office flood"
    undo.trigger()
    assert "Office flood" not in [r.title for r in services.risk_register(s)]
    redo.trigger()
    titles = [r.title for r in services.risk_register(s)]
    assert titles.count("Office flood") == 1
    risks.table.setCurrentCell(0, 0)
    first = risks.risks[0].key
    risks.remove_button.click()
    assert first not in [r.key for r in services.risk_register(s)]
    undo.trigger()
    assert first in [r.key for r in services.risk_register(s)]


def _ppl02_evidence_cell(w) -> str:
    """The Evidence cell of PPL-02 in the checklist page, as the user reads it."""
    w.go("checklist")
    page = w.page["checklist"]
    model = page.model
    row = model.row_of("PPL-02")
    return model.data(model.index(row, model.EVIDENCE)) or ""


def test_policy_approval_and_acknowledgement_undo_and_redo(demo_window):
    """Edit ▸ Undo takes back an acknowledgement (and PPL-02's evidence count), then the approval; Redo restores both."""
    w = demo_window
    s = w.ctx.s
    before = _ppl02_evidence_cell(w)
    win = _open(w)
    tab = win.policies
    tab.list.setCurrentRow(0)
    key = tab.current().key
    tab.approver.setText("Maya Okafor")
    tab.approve_button.click()
    tab.person.setText("Jonas Lindqvist")
    tab.ack_button.click()
    assert tab.acks.item(0).text().startswith("Jonas Lindqvist: version 1.0")
    assert _ppl02_evidence_cell(w) == str(int(before or 0) + 1)
    detail = w.page["checklist"].detail
    detail.show_controls(["PPL-02"])
    items = [detail.evidence_list.item(i).text() for i in range(detail.evidence_list.count())]
    assert (
        "1 policy acknowledgement recorded in File ▸ Auditor and Prospect Documents ▸ Policies (counted as evidence)"
        in items
    )
    assert w.undo_action.text() == "&Undo Record that Jonas Lindqvist acknowledged “Information security policy”"

    w.undo_action.trigger()
    assert tab.acks.item(0).text() == "None recorded yet."
    assert _ppl02_evidence_cell(w) == before
    w.undo_action.trigger()
    assert {p.key: p for p in services.policies(s)}[key].current is None
    assert tab.version.text().startswith("0.1 (draft, not approved)")
    assert not tab.ack_button.isEnabled()

    w.redo_action.trigger()
    w.redo_action.trigger()
    p = {p.key: p for p in services.policies(s)}[key]
    assert p.version_label == "1.0" and [a.person for a in p.acknowledgements] == ["Jonas Lindqvist"]
    assert tab.acks.item(0).text().startswith("Jonas Lindqvist: version 1.0")


def test_policy_wording_edit_is_kept_marked_and_undoable(demo_window, monkeypatch):
    """The Policies tab edits a policy's wording: marked ✎ in the list, refused with the reason when vague, undoable."""
    w = demo_window
    s = w.ctx.s
    tab = _open(w).policies
    tab.list.setCurrentRow(0)
    p = tab.current()
    assert tab.state.text() == "Generated from the workspace" and not tab.draft_button.isEnabled()
    assert tab.list.item(0).text() == "Information security policy \u2014 draft"
    assert tab.text.toPlainText().startswith(p.purpose + "\n\n1. " + p.statements[0] + "\n\n2. ")
    tab.save_button.click()  # the wording as shown, numbers and all, is the draft: nothing is kept
    assert not services.policies(s)[0].edited
    tab.text.setPlainText(p.wording + "\nThe CEO signs the security budget each January.")
    tab.save_button.click()
    assert tab.list.item(0).text().startswith("Information security policy \u270e")
    assert tab.state.text() == gd.EDITED
    assert services.policies(s)[0].statements[-1] == "The CEO signs the security budget each January."

    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    tab.text.setPlainText(p.wording + "\nStaff review access as needed.")
    tab.save_button.click()
    assert shown and "'as needed'" in shown[0]
    assert services.policies(s)[0].statements[-1] == "The CEO signs the security budget each January."

    w.undo_action.trigger()
    assert not services.policies(s)[0].edited and tab.list.item(0).text().startswith(
        "Information security policy \u2014"
    )
    w.redo_action.trigger()
    assert services.policies(s)[0].edited


def test_long_titles_wrap_in_the_side_lists(demo_window, qtbot):
    """At 1280×800 every section and policy title is shown whole: no item runs past the list's edge."""
    win = _open(demo_window)
    win.resize(1280, 800)
    qtbot.wait(10)
    for tab, lst in ((0, win.description.list), (2, win.policies.list)):
        win.tabs.setCurrentIndex(tab)
        qtbot.wait(10)
        width = lst.viewport().width()
        for i in range(lst.count()):
            assert lst.visualItemRect(lst.item(i)).right() <= width, lst.item(i).text()
        assert not lst.horizontalScrollBar().isVisible()


def test_risk_table_shows_the_suggested_owner_and_keeps_a_typed_one(demo_window):
    """The Owner column starts with the checklist's owner; leaving it as it was is no edit, typing one is kept."""
    win = _open(demo_window)
    tab = win.risks
    row = [r.key for r in tab.risks].index("fraud")
    edit = tab.table.cellWidget(row, 5)
    assert edit.text() == "Hannah Cho"  # the demo names her on Finance's controls
    undo = demo_window.ctx.undo_stack.count()
    edit.editingFinished.emit()  # focus left the editor, nothing typed
    assert not {r.key: r for r in services.risk_register(demo_window.ctx.s)}["fraud"].edited
    assert demo_window.ctx.undo_stack.count() == undo  # nothing to undo
    edit = tab.table.cellWidget(row, 5)
    edit.setText("Sam Rivera")
    edit.editingFinished.emit()
    services.update_control(demo_window.ctx.s, "RSK-03", owner="Lee Park")
    demo_window.ctx.notify("checklist")
    tab.refresh()
    assert tab.table.cellWidget(row, 5).text() == "Sam Rivera"


def test_undo_of_a_typed_risk_owner_brings_back_the_suggestion(demo_window):
    """Edit ▸ Undo after typing an owner shows the checklist's suggestion again, which then follows the checklist."""
    win = _open(demo_window)
    tab = win.risks
    s = demo_window.ctx.s
    row = [r.key for r in tab.risks].index("fraud")
    edit = tab.table.cellWidget(row, 5)
    edit.setText("Sam Rivera")
    edit.editingFinished.emit()
    assert tab.table.cellWidget(row, 5).text() == "Sam Rivera"
    demo_window.ctx.undo_stack.undo()
    tab.refresh()
    assert tab.table.cellWidget(row, 5).text() == "Hannah Cho"
    services.update_controls(s, ["RSK-03", "RSK-04"], owner="Lee Park")
    tab.refresh()
    assert tab.table.cellWidget(row, 5).text() == "Lee Park"
    demo_window.ctx.undo_stack.redo()  # the controls' edit was not through the stack: redo is the owner again
    tab.refresh()
    assert tab.table.cellWidget(row, 5).text() == "Sam Rivera"
