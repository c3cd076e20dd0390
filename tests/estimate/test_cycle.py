"""The programme through the year: windows, occurrences and the next report cycle, from the plan."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from soc2wizard import services
from soc2wizard.estimate.cycle import periods, window_from
from soc2wizard.estimate.readiness import expected_occurrences

TODAY = dt.date(2026, 11, 26)


def test_periods_follow_the_schedule_and_stay_inside_the_window():
    """A quarterly control in a 12-month window runs four times, each due on its quarter's last day."""
    w = window_from(dt.date(2027, 1, 1), 12)
    assert w.end == dt.date(2027, 12, 31)
    got = periods("quarterly", w)
    assert got == [
        (dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
        (dt.date(2027, 4, 1), dt.date(2027, 6, 30)),
        (dt.date(2027, 7, 1), dt.date(2027, 9, 30)),
        (dt.date(2027, 10, 1), dt.date(2027, 12, 31)),
    ]
    # A yearly control in a 3-month window is due once, on the window's last day.
    short = window_from(dt.date(2027, 1, 31), 3)
    assert periods("annual", short) == [(dt.date(2027, 1, 31), short.end)]
    # As many occurrences as operating readiness expects (one number, one place).
    for freq in ("daily", "weekly", "monthly", "quarterly", "semiannual", "annual"):
        for months in (3, 6, 9, 12):
            assert len(periods(freq, window_from(dt.date(2027, 3, 1), months))) == expected_occurrences(freq, months)


def test_a_type2_plan_is_followed_by_back_to_back_twelve_month_windows(workspace):
    """After a first Type II, the next window starts the day after it ends and lasts 12 months."""
    plan = services.estimate(workspace, today=TODAY)
    y = services.year_two(workspace, today=TODAY)
    first, second, third = y.cycles
    assert first.current and first.report_type == "type2" and first.window is not None
    obs = next(p for p in plan.timeline.phases if p.id == "observation")
    assert first.window.start == obs.start and first.window.months == 3
    assert second.window is not None and third.window is not None
    assert second.window.start == first.window.end + dt.timedelta(days=1) and second.window.months == 12
    assert third.window.start == second.window.end + dt.timedelta(days=1)
    assert second.report_earliest > second.window.end and second.report_latest >= second.report_earliest
    # The renewal is the budget's own figure, read, not worked out again.
    assert (y.renewal_low, y.renewal_high) == (plan.budget.renewal_low, plan.budget.renewal_high)
    assert y.planned
    # A bridge letter covers the months from the end of each report's window until the next report.
    assert y.bridges[0].start == second.window.start and y.bridges[0].end == second.report_latest
    assert "bridge letter" in y.bridges[0].message


def test_a_type1_plan_is_followed_by_a_type2_straight_after(workspace):
    """After a Type I, the Type II window starts the day after the Type I's date; the calendar uses it."""
    services.update_plan(workspace, report_type="type1")
    plan = services.estimate(workspace, today=TODAY)
    y = plan.year_two
    assert y is not None
    t1, t2, t3 = y.cycles
    fieldwork = next(p for p in plan.timeline.phases if p.id == "fieldwork")
    assert t1.report_type == "type1" and t1.window is None and t1.covered_until == fieldwork.start
    assert t2.report_type == "type2" and t2.window is not None
    assert t2.window.start == fieldwork.start + dt.timedelta(days=1)
    assert t2.window.months == 3  # the plan's chosen window
    assert t3.window is not None and t3.window.months == 12
    assert plan.calendar is not None and plan.calendar.window == t2.window
    assert "Type I report speaks for" in y.bridges[0].message


def test_calendar_marks_done_overdue_and_upcoming_occurrences(workspace):
    """An occurrence with evidence dated in its period is done; a past one without is overdue and checked."""
    cal = services.evidence_calendar(workspace, today=TODAY)
    monthly = [o for o in cal.occurrences if o.frequency == "monthly" and o.span == "window"]
    assert monthly, "the plan has a monthly control"
    first = monthly[0]
    assert all(o.status == "upcoming" for o in cal.occurrences if o.period_start > TODAY)
    inside = first.period_start + dt.timedelta(days=3)
    later = first.due + dt.timedelta(days=10)
    services.add_evidence_link(workspace, first.control_id, "https://wiki.example/run", occurred_on=inside)
    cal = services.evidence_calendar(workspace, today=later)
    mine = [o for o in cal.of(first.control_id) if o.span == "window"]
    assert mine[0].status == "done"
    overdue = [o for o in cal.occurrences if o.due < later and o.status != "done"]
    assert overdue and all(o.status == "overdue" for o in overdue)
    plan = services.summary_json(workspace, today=later)
    check = next(c for c in plan["checks"] if c["id"] == "evidence_overdue")
    assert f"{len(cal.overdue)} recurring activities" in check["message"]
    # Before the window begins nothing is overdue, and the check stays quiet.
    assert not any(c["id"] == "evidence_overdue" for c in services.summary_json(workspace, today=TODAY)["checks"])


def test_not_applicable_and_one_off_controls_have_no_occurrences(workspace):
    """Only recurring, applicable controls appear in the calendar."""
    cal = services.evidence_calendar(workspace, today=TODAY)
    some = cal.occurrences[0].control_id
    services.update_control(workspace, some, status="not_applicable", na_reason="Not used here")
    rows = {r.control.id: r for r in services.checklist(workspace)}
    cal = services.evidence_calendar(workspace, today=TODAY)
    assert some not in {o.control_id for o in cal.occurrences}
    assert all(rows[o.control_id].control.recurring for o in cal.occurrences)


def test_summary_json_carries_the_next_cycle_and_the_calendar(workspace):
    """summary --json gives the same cycles, renewal and overdue count as the app and the PDF."""
    later = dt.date(2027, 12, 1)
    data = services.summary_json(workspace, today=later)
    plan = services.estimate(workspace, today=later)
    y, cal = plan.year_two, plan.calendar
    nc = data["next_cycle"]
    assert nc["renewal"] == data["cost"]["renewal"]
    assert [c["report_date_latest"] for c in nc["cycles"]] == [c.report_latest.isoformat() for c in y.cycles]
    assert nc["cycles"][1]["window_start"] == y.cycles[1].window.start.isoformat()
    assert nc["cycles"][1]["observation_months"] == 12
    assert nc["bridge_letters"][0] == {"from": y.bridges[0].start.isoformat(), "until": y.bridges[0].end.isoformat()}
    ec = data["evidence_calendar"]
    assert ec["overdue"] == len(cal.overdue) > 0
    assert ec["occurrences"] == len(cal.occurrences)
    assert ec["window_start"] == cal.window.start.isoformat()


@given(
    start=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2030, 12, 31)),
    months=st.sampled_from([3, 6, 9, 12]),
    frequency=st.sampled_from(["daily", "weekly", "monthly", "quarterly", "semiannual", "annual"]),
)
@settings(max_examples=300, deadline=None)
def test_periods_tile_the_start_of_the_window_without_gaps(start, months, frequency):
    """Any window: periods follow on without gaps, stay inside it, reach its end, and number what readiness expects."""
    w = window_from(start, months)
    got = periods(frequency, w)
    days = (w.end - w.start).days + 1
    # Readiness counts 30 a month for daily controls; a short window has fewer days than that.
    assert len(got) == min(expected_occurrences(frequency, months), days)
    assert got[0][0] == w.start
    for (first, due), (nxt, _) in zip(got, got[1:]):
        assert first <= due < nxt and nxt == due + dt.timedelta(days=1)
    assert all(w.start <= first <= due <= w.end for first, due in got)
    if frequency != "daily":
        assert got[-1][1] == w.end  # the last period runs to the window's end: no stretch left out
    else:
        assert all(first == due for first, due in got)  # a day each
