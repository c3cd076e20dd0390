"""The timeline: phases, remediation from the gap, dates, deadline and options."""

from __future__ import annotations

import datetime as dt

from soc2wizard.domain.records import ChecklistRow, ControlState
from soc2wizard.estimate.assumptions import Figures
from soc2wizard.estimate.effort import catalog_open_hours
from soc2wizard.estimate.plan import build_plan
from soc2wizard.estimate.timeline import (
    TimelineInputs,
    build_timeline,
    next_monday,
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
    assert catalog_open_hours(rows) == c.effort_hours * 1.5


def test_type2_has_every_phase_in_order_and_type1_has_no_observation():
    """Type II shows six phases, Type I five: no observation window."""
    t2 = _plan(answers(plan={"report_type": "type2", "observation_months": 6})).timeline
    assert [p.id for p in t2.phases] == ["readiness", "remediation", "pre_audit", "observation", "fieldwork", "report"]
    obs = t2.phases[3]
    assert round(obs.weeks_low) == 26 and obs.weeks_low == obs.weeks_high
    t1 = _plan(answers(plan={"report_type": "type1"})).timeline
    assert [p.id for p in t1.phases] == ["readiness", "remediation", "pre_audit", "fieldwork", "report"]


def test_preparation_runs_alongside_remediation_and_the_rest_follow_each_other():
    """Remediation starts with the readiness assessment; pre-audit preparation follows the assessment and ends
    with remediation; observation, fieldwork and report follow; the report dates close the last phase."""
    t = _plan(answers()).timeline
    ph = {p.id: p for p in t.phases}
    assert ph["remediation"].start == ph["readiness"].start == t.start
    assert ph["pre_audit"].start >= ph["readiness"].end_low
    assert ph["pre_audit"].end_low == ph["remediation"].end_low  # remediation is the longer here
    assert ph["pre_audit"].start < ph["remediation"].end_low  # runs alongside its last weeks
    sequence = [p for p in t.phases if p.id not in ("readiness", "remediation")]
    for before, after in zip(sequence, sequence[1:]):
        assert after.start == before.end_low
        assert after.start_high == before.end_high
    assert t.report_date_earliest == t.phases[-1].end_low
    assert t.report_date_latest == t.phases[-1].end_high
    block = max(ph["remediation"].weeks_low, ph["readiness"].weeks_low + ph["pre_audit"].weeks_low)
    rest = sum(p.weeks_low for p in t.phases if p.id not in ("readiness", "remediation", "pre_audit"))
    assert abs(block + rest - t.weeks_low) <= 0.15  # each figure rounded to a tenth


def test_remediation_comes_from_the_gap_and_the_weekly_hours():
    """400 open hours at 20 hours a week is 20–30 weeks of remediation."""
    f = Figures()
    assert remediation_weeks(f, 400, 20) == (20, 30)
    assert remediation_weeks(f, 400, 40) == (10, 15)


def test_remediation_has_no_floor_and_no_cap():
    """Nothing open is no remediation at all; a huge gap shows its real length, and halving the hours doubles it."""
    f = Figures()
    assert remediation_weeks(f, 0, 20) == (0, 0)
    assert remediation_weeks(f, 10_000, 10) == (1000, 1500)
    assert remediation_weeks(f, 10_000, 5) == (2000, 3000)


def test_five_and_ten_hours_a_week_give_different_dates():
    """The old silent one-year cap made 5 and 10 hours a week look the same; they no longer do."""
    a = answers(plan={"report_type": "type1", "weekly_hours": 10})
    ten = _plan(a).timeline
    five = _plan(a.with_plan(weekly_hours=5)).timeline
    assert five.report_date_earliest > ten.report_date_earliest
    assert five.report_date_latest > ten.report_date_latest


def test_everything_implemented_means_zero_remediation():
    """With every control implemented remediation takes no time and the note says nothing is open."""
    a = answers(plan={"report_type": "type1"})
    t = _plan(a, rows=rows_for(a, CAT, status="implemented")).timeline
    rem = next(p for p in t.phases if p.id == "remediation")
    assert (rem.weeks_low, rem.weeks_high) == (0, 0) and t.open_effort_hours == 0
    assert "Nothing is open" in rem.note


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
    assert ids[:2] == ["type1_first", "shorter_window"] and ids[-1] == "more_hours"
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
    # Nothing open: no remediation, so pre-audit preparation follows the readiness assessment.
    assert t.weeks_low == 2 + 0 + 4 + 1 + 2
    # Overruns combine as independent delays: the lows plus the root of the summed squared spreads.
    assert t.weeks_high == round(9 + ((8 - 2) ** 2 + (6 - 4) ** 2 + (4 - 1) ** 2 + (6 - 2) ** 2) ** 0.5, 1)
    assert t.phases[-1].end_high == t.report_date_latest
    assert all(p.end_low <= p.end_high and p.start <= (p.start_high or p.start) for p in t.phases)
