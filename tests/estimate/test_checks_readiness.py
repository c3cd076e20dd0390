"""Plan checks (each firing and not) and readiness (design and operating)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from soc2wizard.domain.records import ChecklistRow, ControlState, ScopeItem
from soc2wizard.estimate.plan import build_plan
from soc2wizard.estimate.readiness import expected_occurrences

from .conftest import TODAY, answers, make_catalog, rows_for, system

CAT = make_catalog()
APP = system("App", customer_data=True)


def _plan(a=None, rows=None, scope=None):
    a = a or answers()
    return build_plan(
        a, rows_for(a, CAT) if rows is None else rows, [APP] if scope is None else scope, {}, today=TODAY, catalog=CAT
    )


def _ids(plan):
    return {c.id: c for c in plan.checks}


def _clean_rows(a):
    """Every control implemented, owned, scheduled and evidenced."""
    return [
        replace(r, state=replace(r.state, owner="Ana", due_date=dt.date(2027, 3, 1)), evidence_count=1)
        for r in rows_for(a, CAT, status="implemented")
    ]


def test_a_clean_plan_raises_no_checks():
    """Everything done, scoped and reviewed, no deadline: nothing to fix."""
    a = answers()
    plan = _plan(a, _clean_rows(a), [APP, ScopeItem(2, "vendor", "Slack", reviewed=True)])
    assert plan.checks == ()


def test_recurring_control_without_owner_or_date():
    """A recurring control with no owner or no due date is flagged, with its id, on the checklist step."""
    a = answers()
    rows = _clean_rows(a)
    i = next(i for i, r in enumerate(rows) if r.control.recurring)
    rows[i] = replace(rows[i], state=replace(rows[i].state, due_date=None))
    c = _ids(_plan(a, rows))["recurring_without_owner"]
    assert c.severity == "warning" and c.step == "checklist" and c.subjects == (rows[i].control.id,)
    assert "one-time project" in c.message


def test_implemented_control_without_evidence():
    """Implemented controls with no evidence are counted and the first few named."""
    a = answers()
    rows = [replace(r, evidence_count=0) for r in _clean_rows(a)]
    c = _ids(_plan(a, rows))["evidence_missing"]
    assert c.message.startswith(f"{len(rows)} implemented controls (")
    assert "more)" in c.message and c.step == "checklist"


def test_scope_creep_and_too_narrow_scope():
    """An internal-only system in scope and an excluded customer-data system are both flagged."""
    scope = [
        APP,
        system("Wiki", 2, internal_only=True),
        system("Billing DB", 3, in_scope=False, customer_data=True, exclusion_reason="later"),
    ]
    ids = _ids(_plan(scope=scope))
    assert ids["scope_creep"].subjects == ("Wiki",) and ids["scope_creep"].step == "scope"
    assert ids["scope_too_narrow"].subjects == ("Billing DB",)
    ids = _ids(_plan())
    assert "scope_creep" not in ids and "scope_too_narrow" not in ids


def test_no_systems_in_scope_is_advice():
    """With no system in scope, the plan advises listing them."""
    assert _ids(_plan(scope=[]))["no_systems_in_scope"].severity == "advice"
    assert "no_systems_in_scope" not in _ids(_plan())


def test_type1_chosen_while_customers_demand_type2():
    """Choosing Type I when customers asked for Type II is a warning on the report step."""
    a = answers(customers={"requested_report": "type2"}, plan={"report_type": "type1"})
    c = _ids(_plan(a))["wrong_report_type"]
    assert c.severity == "warning" and c.step == "report"
    assert "wrong_report_type" not in _ids(
        _plan(answers(customers={"requested_report": "type2"}, plan={"report_type": "type2"}))
    )


def test_type2_chosen_while_the_deadline_only_allows_type1():
    """A Type II that cannot meet the deadline when a Type I could is flagged."""
    a = answers(
        customers={"requested_report": "type2", "deadline": "2027-11-30"},
        plan={"start": "2026-12-07", "report_type": "type2", "observation_months": 3},
    )
    c = _ids(_plan(a))["wrong_report_type"]
    assert "Type I first" in c.message and "bridge letter" in c.message


def test_no_training_fires_until_training_is_under_way():
    """No training control in progress is a warning; in progress silences it."""
    a = answers()
    rows = rows_for(a, CAT)
    assert "no_training" in _ids(_plan(a, rows))
    rows = [replace(r, state=replace(r.state, status="in_progress")) if r.control.id == "PPL-01" else r for r in rows]
    assert "no_training" not in _ids(_plan(a, rows))


def test_unreviewed_vendors_and_subservice_organisations():
    """Vendors and subservice organisations without a reviewed report are named."""
    scope = [
        APP,
        ScopeItem(2, "vendor", "Zendesk"),
        ScopeItem(3, "subservice", "AWS", method="carve_out"),
        ScopeItem(4, "vendor", "Slack", reviewed=True),
    ]
    c = _ids(_plan(scope=scope))["vendor_unreviewed"]
    assert c.subjects == ("Zendesk", "AWS") and c.step == "scope"


def test_a_deadline_that_cannot_be_met_is_an_error_first():
    """Even the earliest date after the deadline: an error, listed first, on the timeline step."""
    a = answers(customers={"deadline": "2027-03-01"})
    plan = _plan(a)
    assert plan.checks[0].id == "deadline_missed" and plan.checks[0].severity == "error"
    assert plan.checks[0].step == "timeline"


def test_a_deadline_met_only_on_the_fast_path_is_at_risk():
    """Earliest date in time, latest too late: a warning, not an error."""
    a = answers(
        customers={"deadline": "2027-11-30"},
        plan={"start": "2026-12-07", "report_type": "type2", "observation_months": 3},
    )
    ids = _ids(_plan(a))
    assert ids["deadline_at_risk"].severity == "warning" and "deadline_missed" not in ids


def test_readiness_below_90_advises_finishing_controls():
    """Under 90% of controls in place, the plan says auditors expect about 90%."""
    assert "90%" in _ids(_plan())["readiness_below_90"].message
    a = answers()
    assert "readiness_below_90" not in _ids(_plan(a, _clean_rows(a)))


def test_design_readiness_leaves_not_applicable_out():
    """Two implemented, one N/A, one open: 2 of 3 counted, 66%."""
    cs = list(CAT.controls.values())[:4]
    rows = [
        ChecklistRow(cs[0], ControlState(cs[0].id, "implemented")),
        ChecklistRow(cs[1], ControlState(cs[1].id, "implemented")),
        ChecklistRow(cs[2], ControlState(cs[2].id, "not_applicable", na_reason="x")),
        ChecklistRow(cs[3], ControlState(cs[3].id, "not_started")),
    ]
    r = _plan(rows=rows).readiness
    assert (r.design_percent, r.implemented, r.applicable) == (66, 2, 3)
    by = {c.id: c for c in r.by_criterion}
    assert by[cs[0].criteria[0]].design == 100 and by[cs[3].criteria[0]].design == 0


def test_by_criterion_lists_every_criterion_of_the_chosen_categories():
    """Security plus Confidentiality: 33 CC criteria and 2 C criteria."""
    r = _plan(answers(plan={"criteria": ["security", "confidentiality"]})).readiness
    ids = [c.id for c in r.by_criterion]
    assert len(ids) == 35 and ids[0] == "CC1.1" and ids[-1] == "C1.2"


def test_expected_occurrences_follow_the_schedule():
    """Over 3 months: 13 weekly, 3 monthly, 1 quarterly, and at least 1 yearly."""
    assert [expected_occurrences(f, 3) for f in ("weekly", "monthly", "quarterly", "annual")] == [13, 3, 1, 1]


def test_operating_readiness_counts_occurrences_in_the_window():
    """A quarterly control with its occurrence recorded in the last 3 months is 100% operating."""
    c = next(c for c in CAT.controls.values() if c.frequency == "quarterly")
    a = answers(plan={"report_type": "type2", "observation_months": 3, "criteria": ["security"]})
    inside = ChecklistRow(c, ControlState(c.id, "implemented"), 1, (TODAY - dt.timedelta(days=20),))
    assert _plan(a, [inside]).readiness.operating_percent == 100
    outside = replace(inside, occurrences=(TODAY - dt.timedelta(days=200),))
    assert _plan(a, [outside]).readiness.operating_percent == 0


def test_operating_readiness_is_none_for_type1_or_without_recurring_controls():
    """Type I tests design only; one-off controls have nothing to count."""
    c = next(c for c in CAT.controls.values() if c.frequency == "quarterly")
    once = next(c for c in CAT.controls.values() if not c.recurring)
    row = ChecklistRow(c, ControlState(c.id, "implemented"))
    assert _plan(answers(plan={"report_type": "type1"}), [row]).readiness.operating_percent is None
    a2 = answers(plan={"report_type": "type2", "observation_months": 3})
    assert _plan(a2, [ChecklistRow(once, ControlState(once.id))]).readiness.operating_percent is None
