"""Dates that cannot be trusted are warned about; practices imply the controls they cover; capacity caps options."""

from __future__ import annotations

import datetime as dt

from soc2wizard.catalog import load_catalog
from soc2wizard.domain import vocab
from soc2wizard.domain.practices import RELATED, covered_by, implied_controls
from soc2wizard.domain.records import ChecklistRow, ControlState
from soc2wizard.estimate.assumptions import Figures
from soc2wizard.estimate.criteria import selected_criteria
from soc2wizard.estimate.effort import capacity_hours
from soc2wizard.estimate.plan import build_plan

from .conftest import TODAY, answers, make_catalog, rows_for, system

CAT = make_catalog()
REAL = load_catalog()
TAGGED = [(c.id, c.practice) for c in REAL.controls.values()]


def _plan(a, rows=None, today=TODAY, catalog=CAT):
    rows = rows_for(a, catalog) if rows is None else rows
    return build_plan(a, rows, [system("App", customer_data=True)], {}, today=today, catalog=catalog)


def _checks(plan):
    return {c.id: c for c in plan.checks}


def test_a_passed_deadline_is_an_error_not_a_confident_date():
    """A deadline already behind us: an error naming it, and no "deadline missed" guesswork beside it."""
    a = answers(customers={"deadline": "2026-12-31"}, plan={"start": "2026-12-07"})
    checks = _checks(_plan(a, today=dt.date(2027, 2, 1)))
    assert checks["deadline_passed"].severity == "error" and "31 Dec 2026" in checks["deadline_passed"].message
    assert "deadline_missed" not in checks and "deadline_at_risk" not in checks


def test_a_start_in_the_past_is_warned():
    """A plan that starts before today says so; one that starts later does not."""
    a = answers(plan={"start": "2026-10-05"})
    assert "5 Oct 2026" in _checks(_plan(a))["start_in_past"].message
    assert "start_in_past" not in _checks(_plan(answers(plan={"start": "2026-12-07"})))


def test_every_practice_covers_real_controls_of_the_catalog():
    """Each practice lists what it covers; every related control exists in the shipped catalog."""
    assert set(RELATED) == set(vocab.PRACTICES)
    ids = {cid for cid, _ in TAGGED}
    for practice, related in RELATED.items():
        assert set(related) <= ids, practice
        assert len(covered_by(practice, TAGGED)) >= 2, practice


def test_a_company_ticking_every_practice_reads_as_mature():
    """All 14 practices: 80% or more of a Security plan's controls implemented, so the short readiness phase."""
    a = answers(
        company={"name": "T", "employees": 8, "engineers": 3},
        practices={k: True for k in vocab.PRACTICES},
        plan={"start": "2026-12-07", "report_type": "type1", "criteria": ["security"]},
    )
    done = implied_controls(a.practices, TAGGED)
    rows = [
        ChecklistRow(c, ControlState(c.id, status="implemented" if c.id in done else "not_started"))
        for c in REAL.controls_for(a, selected_criteria(a))
    ]
    plan = _plan(a, rows, catalog=REAL)
    assert plan.readiness.design_percent >= 80
    readiness = plan.timeline.phases[0]
    assert (readiness.weeks_low, readiness.weeks_high) == (2, 4)
    t = plan.timeline
    assert 3 <= (t.weeks_low + t.weeks_high) / 2 / (52 / 12) <= 4  # figures.md: mature organisation, Type I, 3–4 months


def test_options_never_ask_more_hours_than_the_company_can_give():
    """A 30-person company: at most two full-time people, 80 hours a week, in any option."""
    f = Figures()
    assert capacity_hours(f, 30) == 80 and capacity_hours(f, 8) == 40 and capacity_hours(f, 150) == 400
    a = answers(
        company={"name": "T", "employees": 30, "engineers": 8},
        customers={"deadline": "2027-06-30"},
        plan={"start": "2026-12-07", "report_type": "type1", "weekly_hours": 10},
    )
    t = _plan(a).timeline
    assert t.capacity_hours == 80
    more = next(o for o in t.options if o.id == "more_hours")
    hours = int(more.message.split()[1] if more.message.startswith("Put") else more.message.split()[3])
    assert hours <= 80


def test_options_include_doing_less_work():
    """With extra categories chosen, an option covers fewer of them, worked out by re-running the timeline."""
    a = answers(
        customers={"deadline": "2027-09-30", "requested_report": "type2"},
        plan={
            "start": "2026-12-07",
            "report_type": "type2",
            "observation_months": 6,
            "criteria": list(vocab.CRITERIA),
            "weekly_hours": 10,
        },
    )
    t = _plan(a).timeline
    fewer = next(o for o in t.options if o.id == "fewer_categories")
    assert fewer.report_date_latest < t.report_date_latest
    assert fewer.message.startswith("Cover Security") and "Type II report" in fewer.message


def test_weekly_hours_beyond_what_the_company_can_give_are_warned():
    """An 8-person company counting on 100 hours a week is told its dates are too early."""
    a = answers(
        company={"name": "T", "employees": 8, "engineers": 3}, plan={"start": "2026-12-07", "weekly_hours": 100}
    )
    check = _checks(_plan(a))["hours_beyond_capacity"]
    assert "100 hours a week" in check.message and "about 40 hours" in check.message
    assert "hours_beyond_capacity" not in _checks(_plan(a.with_plan(weekly_hours=40)))
