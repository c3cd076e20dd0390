"""The budget: each cost item from the assumptions, and the totals."""

from __future__ import annotations

from soc2wizard.domain.records import ScopeItem
from soc2wizard.estimate.plan import build_plan

from .conftest import TODAY, answers, make_catalog, rows_for, system

CAT = make_catalog()


def _budget(a, scope=None, rows=None):
    scope = [system("App", customer_data=True)] if scope is None else scope
    return build_plan(a, rows_for(a, CAT) if rows is None else rows, scope, {}, today=TODAY, catalog=CAT).budget


def _item(budget, item_id):
    return next(i for i in budget.items if i.id == item_id)


def test_budget_has_every_item_with_a_basis_and_totals_are_the_sums():
    """Audit fee, help, tooling, pentest, staff time and training; the cash total adds up without staff time."""
    b = _budget(answers())
    assert [i.id for i in b.items] == ["audit_fee", "readiness_help", "tooling", "pentest", "staff_time", "training"]
    assert b.currency == "USD"
    for i in b.items:
        assert i.basis.endswith(".") and i.low <= i.high and i.assumptions
        assert i.low % 100 == 0 and i.high % 100 == 0
    cash = [i for i in b.items if i.in_total]
    assert [i.id for i in b.items if not i.in_total] == ["staff_time"]
    assert b.low == sum(i.low for i in cash) and b.high == sum(i.high for i in cash)


def test_audit_fee_follows_report_type_and_tier():
    """A boutique Type I costs $15k–$25k; a Big Four Type II $75k–$200k (Security only)."""
    a = answers(plan={"report_type": "type1", "criteria": ["security"]})
    assert (_item(_budget(a), "audit_fee").low, _item(_budget(a), "audit_fee").high) == (15000, 25000)
    a = answers(plan={"report_type": "type2", "criteria": ["security"], "auditor_tier": "big4"})
    fee = _item(_budget(a), "audit_fee")
    assert (fee.low, fee.high) == (75000, 200000)


def test_each_extra_criterion_adds_its_tiers_part_of_5k_to_20k():
    """Two categories beyond Security add $5k each at a boutique, $12.5k mid-tier, $20k at a Big Four firm."""
    for tier, (low, high) in {
        "boutique": (25000, 35000),
        "mid_tier": (50000, 85000),
        "big4": (80000, 140000),
    }.items():
        a = answers(
            plan={"report_type": "type1", "criteria": ["security", "availability", "privacy"], "auditor_tier": tier}
        )
        fee = _item(_budget(a), "audit_fee")
        assert (fee.low, fee.high) == (low, high), tier
        assert "2 extra categories" in fee.basis


def test_scope_raises_add_up_and_the_fee_stops_at_the_large_scope_ceiling():
    """400 staff and many systems raise a Big Four Type II 35–75% in all (not 37.5–87.5%), capped at $300k."""
    many = [system(f"S{i}", i, customer_data=True) for i in range(8)]
    big = {"name": "Big", "employees": 400, "engineers": 100}
    a = answers(company=big, plan={"report_type": "type2", "criteria": ["security"], "auditor_tier": "big4"})
    fee = _item(_budget(a, scope=many), "audit_fee")
    assert (fee.low, fee.high) == (150000, 300000)  # $101k lifted to the floor; $350k (+$49k) capped
    assert "35–75% in all" in fee.basis and "no more than $300k" in fee.basis
    boutique = answers(company=big, plan={"report_type": "type2", "criteria": ["security"]})
    fee = _item(_budget(boutique, scope=many), "audit_fee")
    # $25k–$75k raised 35–75% is $33.75k–$131.25k; a large and complex Type II starts at $150k, same width.
    assert (fee.low, fee.high) == (150000, 247500) and "at least $150k" in fee.basis
    one = _item(_budget(boutique), "audit_fee")  # one system: large but not complex, no floor
    assert (one.low, one.high) == (31300, 112500)


def test_headcount_and_scope_raise_the_audit_fee():
    """Over 75 staff, over five systems and an inclusive subservice each raise the fee."""
    base = _item(_budget(answers(plan={"criteria": ["security"]})), "audit_fee")
    big = answers(company={"name": "Big", "employees": 120, "engineers": 30}, plan={"criteria": ["security"]})
    assert _item(_budget(big), "audit_fee").low > base.low
    many = [system(f"S{i}", i, customer_data=True) for i in range(6)]
    assert _item(_budget(answers(plan={"criteria": ["security"]}), scope=many), "audit_fee").high > base.high
    inclusive = [
        system("App", customer_data=True),
        ScopeItem(2, "subservice", "AWS", method="inclusive", reviewed=True),
    ]
    fee = _item(_budget(answers(plan={"criteria": ["security"]}), scope=inclusive), "audit_fee")
    assert fee.low > base.low and "subservice" in fee.basis
    carve = [system("App", customer_data=True), ScopeItem(2, "subservice", "AWS", method="carve_out")]
    assert _item(_budget(answers(plan={"criteria": ["security"]}), scope=carve), "audit_fee") == base


def test_readiness_help_uses_the_vciso_band_for_the_headcount():
    """A 50-person company's help is priced at $4k–$6.5k a month."""
    b = _budget(answers(company={"name": "Mid", "employees": 50, "engineers": 10}))
    help_ = _item(b, "readiness_help")
    assert "$4k–$6.5k a month" in help_.basis
    assert help_.low == 10000  # the one-off consultant is the cheaper end


def test_staff_time_is_hours_times_the_rate():
    """No open work leaves only the audit support hours, at $75–$120 an hour."""
    a = answers(plan={"report_type": "type2", "observation_months": 3})
    done = rows_for(a, CAT, status="implemented")
    staff = _item(_budget(a, rows=done), "staff_time")
    assert (staff.low, staff.high) == (11300, 37200)  # 150 h × $75, 310 h × $120, to the $100


def test_training_is_per_employee():
    """40 people at $20–$50 each."""
    b = _budget(answers(company={"name": "T", "employees": 40, "engineers": 10}))
    assert (_item(b, "training").low, _item(b, "training").high) == (800, 2000)


def test_year_two_after_a_type1_is_the_first_type2_plus_the_yearly_costs():
    """After a Type I, year two is the first Type II's fee plus platform, pen test and training, line by line."""
    a = answers(plan={"report_type": "type1", "criteria": ["security"]})
    b = _budget(a)
    lines = {i.id: i for i in b.renewal_items}
    assert list(lines) == ["audit_fee", "tooling", "pentest", "training"]
    assert (lines["audit_fee"].low, lines["audit_fee"].high) == (25000, 75000)  # a boutique Type II
    assert (lines["tooling"].low, lines["tooling"].high) == (7000, 10000)  # the entry price: 20 people
    assert (lines["pentest"].low, lines["pentest"].high) == (5000, 20000)
    assert (lines["training"].low, lines["training"].high) == (20 * 20, 20 * 50)
    assert (b.renewal_low, b.renewal_high) == (sum(i.low for i in lines.values()), sum(i.high for i in lines.values()))


def test_year_two_after_a_type2_is_a_share_of_the_audit_plus_the_yearly_costs():
    """After a Type II the renewal audit is 70–80% of the first fee; platform, pen test, training again."""
    a = answers(plan={"report_type": "type2", "observation_months": 3, "criteria": ["security"]})
    b = _budget(a)
    fee = _item(b, "audit_fee")
    lines = {i.id: i for i in b.renewal_items}
    assert (lines["audit_fee"].low, lines["audit_fee"].high) == (round(0.7 * fee.low), round(0.8 * fee.high))
    assert {"tooling", "pentest", "training"} <= set(lines)
