"""Typical companies land inside the published ranges (reference/figures.md)."""

from __future__ import annotations

from dataclasses import replace

from soc2wizard.domain import vocab
from soc2wizard.estimate.plan import build_plan
from soc2wizard.estimate.words import months

from .conftest import TODAY, answers, make_catalog, rows_for, system

CAT = make_catalog()
ALL_PRACTICES = {k: True for k in vocab.PRACTICES}


def _plan(a, rows):
    return build_plan(a, rows, [system("App", customer_data=True)], {}, today=TODAY, catalog=CAT)


def _fee(plan):
    return next(i for i in plan.budget.items if i.id == "audit_fee")


def test_first_type2_from_scratch_takes_9_to_18_months():
    """Nothing in place, 20 hours a week, 3-month window: the total weeks, as months, fall within 9–18."""
    a = answers(
        customers={"requested_report": "type2"},
        plan={"start": "2026-12-07", "report_type": "type2", "observation_months": 3, "weekly_hours": 20},
    )
    t = _plan(a, rows_for(a, CAT)).timeline
    assert 9 <= months(t.weeks_low) <= months(t.weeks_high) <= 18
    rem = next(p for p in t.phases if p.id == "remediation")
    assert 16 <= rem.weeks_low and rem.weeks_high <= 39  # the published from-scratch band


def test_mature_company_type1_takes_2_to_6_months():
    """Controls in place: a Type I takes 2–6 months end to end, fast path about 3 months."""
    a = answers(practices=ALL_PRACTICES, plan={"start": "2026-12-07", "report_type": "type1"})
    t = _plan(a, rows_for(a, CAT, status="implemented")).timeline
    assert 2 <= months(t.weeks_low) <= 3.1
    assert months(t.weeks_high) <= 6


def test_small_company_type1_audit_fee_is_within_5k_to_40k():
    """A 20-person company, Security only, boutique firm: the fee sits in the $5k–$40k seen."""
    a = answers(plan={"report_type": "type1", "criteria": ["security"]})
    fee = _fee(_plan(a, rows_for(a, CAT)))
    assert 5000 <= fee.low <= fee.high <= 40000


def test_large_company_all_criteria_big4_is_above_150k():
    """400 staff, all five criteria, a Big Four Type II: the fee's range lies mostly above $150k."""
    a = answers(
        company={"name": "Large", "employees": 400, "engineers": 120},
        plan={
            "report_type": "type2",
            "observation_months": 12,
            "auditor_tier": "big4",
            "criteria": list(vocab.CRITERIA),
        },
    )
    fee = _fee(_plan(a, rows_for(a, CAT)))
    assert fee.high > 150000 and (fee.low + fee.high) / 2 > 150000 and fee.low >= 100000


def test_first_year_total_for_a_small_type1_is_within_published_totals():
    """A mature 20-person company's Type I first year lands within the $20k–$175k published totals."""
    a = answers(practices=ALL_PRACTICES, plan={"report_type": "type1", "criteria": ["security"]})
    rows = [replace(r, evidence_count=1) for r in rows_for(a, CAT, status="implemented")]
    b = _plan(a, rows).budget
    assert 20000 <= b.low and b.high <= 175000
