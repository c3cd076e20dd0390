"""The timeline: phases, remediation from the gap, dates, deadline and options."""

from __future__ import annotations

import datetime as dt

from soc2wizard.domain.records import ChecklistRow, ControlState
from soc2wizard.estimate.assumptions import Figures
from soc2wizard.estimate.plan import build_plan
from soc2wizard.estimate.timeline import (
    TimelineInputs,
    build_timeline,
    next_monday,
    open_effort_hours,
    remediation_weeks,
)

from .conftest import TODAY, answers, make_catalog, rows_for, system

CAT = make_catalog()


def _plan(a, rows=None, scope=None, today=TODAY):
    return build_plan(
        a,
        rows_for(a, CAT) if rows is None else rows,
        [system("App", customer_data=True)] if scope is None else scope,
        {},
        today=today,
        catalog=CAT,
    )


def test_next_monday_is_after_today():
    """Without a start date the plan starts the Monday after today."""
    assert next_monday(dt.date(2026, 11, 26)) == dt.date(2026, 11, 30)
    assert next_monday(dt.date(2026, 11, 30)) == dt.date(2026, 12, 7)
    plan = _plan(answers(plan={"weekly_hours": 20}))
    assert plan.timeline.start == dt.date(2026, 11, 30)


def test_open_effort_counts_in_progress_as_half_and_done_as_nothing():
    """The gap is not-started effort plus half of in-progress effort."""
    c = next(iter(CAT.controls.values()))
    rows = [
        ChecklistRow(c, ControlState(c.id, status=s))
        for s in ("not_started", "in_progress", "implemented", "not_applicable")
    ]
    assert open_effort_hours(rows) == c.effort_hours * 1.5


def test_type2_has_every_phase_in_order_and_type1_has_no_observation():
    """Type II shows six phases, Type I five: no observation window."""
    t2 = _plan(answers(plan={"report_type": "type2", "observation_months": 6})).timeline
    assert [p.id for p in t2.phases] == ["readiness", "remediation", "pre_audit", "observation", "fieldwork", "report"]
    obs = t2.phases[3]
    assert round(obs.weeks_low) == 26 and obs.weeks_low == obs.weeks_high
    t1 = _plan(answers(plan={"report_type": "type1"})).timeline
    assert [p.id for p in t1.phases] == ["readiness", "remediation", "pre_audit", "fieldwork", "report"]


def test_phases_follow_each_other_and_the_report_dates_close_the_last_phase():
    """Each phase starts when the previous one ends; the report dates are the last phase's ends."""
    t = _plan(answers()).timeline
    for before, after in zip(t.phases, t.phases[1:]):
        assert after.start == before.end_low
        assert after.start_high == before.end_high
    assert t.report_date_earliest == t.phases[-1].end_low
    assert t.report_date_latest == t.phases[-1].end_high
    assert sum(p.weeks_low for p in t.phases) == t.weeks_low


def test_remediation_comes_from_the_gap_and_the_weekly_hours():
    """400 open hours at 20 hours a week is 20–30 weeks of remediation."""
    f = Figures()
    assert remediation_weeks(f, 400, 20) == (20, 30)
    assert remediation_weeks(f, 400, 40) == (10, 15)


def test_remediation_is_held_within_the_published_range():
    """A tiny gap still takes a mature team's 4–9 weeks; a huge one is capped at a year."""
    f = Figures()
    assert remediation_weeks(f, 0, 20) == (4, 9)
    assert remediation_weeks(f, 10_000, 10) == (52, 52)


def test_complex_scope_lengthens_type2_fieldwork():
    """More than five systems in scope means fieldwork of up to 8 weeks."""
    a = answers(plan={"report_type": "type2", "observation_months": 3})
    many = [system(f"S{i}", i, customer_data=True) for i in range(6)]
    fw = next(p for p in _plan(a, scope=many).timeline.phases if p.id == "fieldwork")
    assert fw.weeks_high == 8
    fw = next(p for p in _plan(a).timeline.phases if p.id == "fieldwork")
    assert fw.weeks_high == 6


def test_no_deadline_means_deadline_met_is_none():
    """Without a customer deadline there is nothing to meet."""
    t = _plan(answers()).timeline
    assert t.deadline_met is None and t.options == ()


def test_a_generous_deadline_is_met_without_options():
    """A deadline two years out is met and no options are offered."""
    t = _plan(answers(customers={"deadline": "2028-12-31"})).timeline
    assert t.deadline_met is True and t.options == ()


def test_a_missed_deadline_offers_computed_options():
    """A Type II with a 12-month window missing its deadline gets Type I first, a shorter window, more hours."""
    a = answers(
        customers={"requested_report": "type2", "deadline": "2028-02-28"},
        plan={"start": "2026-12-07", "report_type": "type2", "observation_months": 12, "weekly_hours": 20},
    )
    t = _plan(a).timeline
    assert t.deadline_met is False
    ids = [o.id for o in t.options]
    assert ids == ["type1_first", "shorter_window", "more_hours"]
    for o in t.options:
        assert o.report_date_latest < t.report_date_latest
        assert o.meets_deadline == (o.report_date_latest <= dt.date(2028, 2, 28))
    # Re-running the timeline with the change gives the option's date.
    t1 = _plan(a.with_plan(report_type="type1")).timeline
    assert t.options[0].report_date_latest == t1.report_date_latest
    t3 = _plan(a.with_plan(observation_months=3)).timeline
    assert t.options[1].report_date_latest == t3.report_date_latest


def test_more_hours_option_names_the_fewest_hours_that_meet_the_deadline():
    """The hours offered meet the deadline, and one hour fewer would not."""
    a = answers(
        customers={"deadline": "2027-12-15"}, plan={"start": "2026-12-07", "report_type": "type1", "weekly_hours": 10}
    )
    t = _plan(a).timeline
    more = next(o for o in t.options if o.id == "more_hours")
    assert more.meets_deadline
    hours = int(more.message.split("Put ")[1].split(" ")[0])
    assert _plan(a.with_plan(weekly_hours=hours)).timeline.deadline_met is True
    assert _plan(a.with_plan(weekly_hours=hours - 1)).timeline.deadline_met is False


def test_build_timeline_from_inputs_directly():
    """The timeline can be computed without a plan (the GUI's what-if)."""
    t = build_timeline(Figures(), TimelineInputs(dt.date(2027, 1, 4), "type1", None, 0, 20))
    assert t.weeks_low == 2 + 4 + 4 + 1 + 2
    # Overruns combine as independent delays: the lows plus the root of the summed squared spreads.
    assert t.weeks_high == round(
        13 + ((8 - 2) ** 2 + (9 - 4) ** 2 + (6 - 4) ** 2 + (4 - 1) ** 2 + (6 - 2) ** 2) ** 0.5, 1
    )
    assert t.phases[-1].end_high == t.report_date_latest
    assert all(p.end_low <= p.end_high and p.start <= (p.start_high or p.start) for p in t.phases)
