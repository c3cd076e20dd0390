"""Through the year in the app: the evidence calendar tab, the next cycle, progress and snapshots."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtWidgets import QLabel

from soc2wizard import services
from soc2wizard.gui import dialogs, through_year
from soc2wizard.gui.through_year import AgendaModel
from soc2wizard.gui.widgets import show_date

IN_WINDOW = dt.date(2027, 8, 15)  # inside the demo's observation window (July to October 2027)


def _grab(widget, name: str) -> None:
    """Keep a picture of the widget when SOC2WIZARD_GRAB names a folder (for looking at, not asserted)."""
    folder = os.environ.get("SOC2WIZARD_GRAB")
    if folder:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        widget.grab().save(os.path.join(folder, name))


def _texts(model: AgendaModel, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_calendar_tab_lists_overdue_occurrences_with_owner_and_due_date(demo_window, qtbot):
    """In the window, the checklist's calendar tab flags each overdue occurrence and counts them in its title."""
    w = demo_window
    w.ctx.today = lambda: IN_WINDOW
    w.ctx.notify("controls")
    w.go("checklist")
    page = w.page["checklist"]
    page.tabs.setCurrentIndex(1)
    agenda = page.agenda
    qtbot.waitUntil(lambda: agenda.model.rowCount() > 0)
    cal = services.evidence_calendar(w.ctx.s, today=IN_WINDOW)
    assert cal.overdue
    assert page.tabs.tabText(1) == f"Evidence calendar (⚠ {len(cal.overdue):,} overdue)"
    assert agenda.overdue_chip.text() == f"⚠ {len(cal.overdue):,} overdue"
    agenda.view.setCurrentIndex(agenda.view.findData("overdue"))
    m = agenda.model
    assert m.rowCount() == len(cal.overdue)
    assert set(_texts(m, AgendaModel.STATUS)) == {"⚠ Overdue"}
    first = cal.overdue[0]
    assert _texts(m, AgendaModel.DUE)[0] == show_date(first.due)
    assert _texts(m, AgendaModel.CONTROL)[0] == first.control_id
    assert _texts(m, AgendaModel.OWNER)[0] == (first.owner or f"No owner ({first.owner_role})")
    _grab(w, "checklist-calendar.png")
    # Everything: both spans, every occurrence.
    agenda.view.setCurrentIndex(agenda.view.findData("all"))
    assert m.rowCount() == len(cal.occurrences)
    # Opening a row shows its control in the Controls tab.
    agenda._open(m.index(0, 0))
    assert page.tabs.currentIndex() == 0 and page.current_id() == m.row_at(0).control_id


def test_recording_evidence_in_the_period_clears_the_flag(demo_window, qtbot):
    """Evidence dated inside an overdue occurrence's period makes it done, and the count drops by one."""
    w = demo_window
    w.ctx.today = lambda: IN_WINDOW
    w.go("checklist")
    page = w.page["checklist"]
    page.tabs.setCurrentIndex(1)
    cal = services.evidence_calendar(w.ctx.s, today=IN_WINDOW)
    late = next(o for o in cal.overdue if o.frequency != "daily")
    services.add_evidence_link(w.ctx.s, late.control_id, "https://wiki.example/done", occurred_on=late.due)
    w.ctx.notify("evidence")
    qtbot.waitUntil(lambda: page.tabs.tabText(1) == f"Evidence calendar (⚠ {len(cal.overdue) - 1:,} overdue)")


def test_export_button_writes_the_ics(demo_window, tmp_path, monkeypatch, qtbot):
    """The calendar tab's export writes an .ics file where the user chose, off the UI thread."""
    w = demo_window
    w.go("checklist")
    out = tmp_path / "team"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: out)
    agenda = w.page["checklist"].agenda
    agenda.export_ics()
    written = out.with_suffix(".ics")
    qtbot.waitUntil(lambda: agenda.note.text().startswith(f"Wrote {written}"))
    assert written.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert agenda.export_button.isEnabled()


def test_timeline_shows_the_next_cycle_once_planned(demo_window):
    """The timeline step shows the next Type II window and the bridge letter, with the budget's renewal."""
    w = demo_window
    w.go("timeline")
    view = w.page["timeline"].next_cycle
    y = w.ctx.estimate().year_two
    assert y.planned and view.isVisible()
    assert view.summary.text() == y.summary
    assert y.renewal in view.summary.text()
    nxt = y.cycles[1]
    assert view.cycles.count() == 3
    assert view.bridges.count() == len(y.bridges)
    _grab(w, "timeline-next-cycle.png")
    labels = " ".join(lbl.text() for lbl in view.findChildren(QLabel))
    assert f"window {show_date(nxt.window.start)} – {show_date(nxt.window.end)}" in labels


def test_unplanned_workspace_hides_the_next_cycle(window, tmp_path):
    """With no report type or start date chosen, the next cycle is not shown."""
    s = services.create_workspace(tmp_path / "bare.soc2", name="Acme")
    window._opened(s, "timeline")
    assert not window.page["timeline"].next_cycle.isVisible()


def test_keep_a_snapshot_from_the_menu_and_see_progress(demo_window, monkeypatch):
    """File ▸ Keep a Snapshot… keeps one; after an edit the review step says what changed and charts it."""
    w = demo_window
    monkeypatch.setattr(through_year, "ask_snapshot_name", lambda parent, suggested: "Kick-off")
    w.snapshot_action.trigger()
    assert [s.name for s in services.list_snapshots(w.ctx.s)] == ["Kick-off"]
    assert w.current_step() == "review"
    panel = w.page["review"].progress
    cid = next(r.control.id for r in w.ctx.rows() if r.state.status == "not_started")
    services.update_control(w.ctx.s, cid, status="implemented")
    w.ctx.notify("controls")
    assert "Since “Kick-off”" in panel.text.text() and "1 control changed" in panel.text.text()
    assert cid in panel.changes.text()
    assert [p[0] for p in panel.chart.points] == ["Kick-off", "Now"]
    assert panel.chart.points[1][2] == w.ctx.estimate().readiness.design_percent
    _grab(w, "review-progress.png")
    # A duplicate name is refused with a message, and nothing is kept.
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": shown.append(text))
    w.snapshot_action.trigger()
    assert shown and "already exists" in shown[0]
    assert len(services.list_snapshots(w.ctx.s)) == 1


@pytest.mark.parametrize("points", [[], [("Only", dt.date(2027, 1, 1), 40, None)]])
def test_progress_chart_paints_with_few_points(qtbot, points):
    """The chart paints with no snapshot and with a single point."""
    chart = through_year.ProgressChart()
    qtbot.addWidget(chart)
    chart.resize(500, 200)
    chart.set_points(points)
    assert not chart.grab().isNull()


def test_checklist_filters_apply_to_the_calendar_tab(demo_window, qtbot):
    """Searching for a control in the filter bar narrows the calendar to that control's occurrences."""
    w = demo_window
    w.ctx.today = lambda: IN_WINDOW
    w.ctx.notify("controls")
    w.go("checklist")
    page = w.page["checklist"]
    page.tabs.setCurrentIndex(1)
    agenda = page.agenda
    agenda.view.setCurrentIndex(agenda.view.findData("all"))
    cal = services.evidence_calendar(w.ctx.s, today=IN_WINDOW)
    qtbot.waitUntil(lambda: agenda.model.rowCount() == len(cal.occurrences))
    cid = next(o.control_id for o in cal.occurrences if o.frequency == "quarterly")
    page.search.setText(cid)
    want = len(cal.of(cid))
    qtbot.waitUntil(lambda: agenda.model.rowCount() == want)
    assert set(_texts(agenda.model, AgendaModel.CONTROL)) == {cid}
    assert "filters above" in agenda.summary.text()
    page.search.setText("")
    qtbot.waitUntil(lambda: agenda.model.rowCount() == len(cal.occurrences))
