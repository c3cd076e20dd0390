"""Criteria, report type and obligations: the recommendations and their reasons."""

from __future__ import annotations

from dataclasses import replace

from soc2wizard.estimate.criteria import recommend_criteria, selected_criteria
from soc2wizard.estimate.obligations import obligations
from soc2wizard.estimate.plan import build_plan

from .conftest import TODAY, answers, make_catalog, rows_for, system

CAT = make_catalog()


def _plan(a):
    return build_plan(a, rows_for(a, CAT), [system("App", customer_data=True)], {}, today=TODAY, catalog=CAT)


def _plan_rows(a, rows):
    return build_plan(a, rows, [system("App", customer_data=True)], {}, today=TODAY, catalog=CAT)


def _rec(a):
    return {c.id: c.recommended for c in recommend_criteria(a)}


def test_security_is_always_recommended_and_selected():
    """Security cannot be left out."""
    a = answers(data=[], customers={})
    assert _rec(a)["security"] and selected_criteria(a) == ("security",)


def test_uptime_commitment_recommends_availability():
    """An SLA brings Availability in, with its reason."""
    a = answers(customers={"uptime_commitment": True})
    assert _rec(a)["availability"]
    assert not _rec(answers(customers={}))["availability"]


def test_only_a_medical_records_platform_gets_all_five():
    """A system of record for patients' records: all five categories, each reason naming that answer."""
    a = answers(data=["medical_records"])
    assert all(_rec(a).values())
    for c in recommend_criteria(a):
        if c.id != "security":
            assert any("system of record for patients" in r for r in c.reasons), c.id


def test_health_data_means_security_confidentiality_and_hipaa_not_all_five():
    """A clinic-scheduling SaaS touching health data: Confidentiality, not Privacy or Processing Integrity."""
    a = answers(data=["health"], customers={"enterprise": True})
    rec = _rec(a)
    assert rec["security"] and rec["confidentiality"]
    assert not rec["privacy"] and not rec["processing_integrity"] and not rec["availability"]
    conf = next(c for c in recommend_criteria(a) if c.id == "confidentiality")
    assert any("Health information" in r for r in conf.reasons)
    assert "hipaa" in {o.framework for o in obligations(a)}
    # Availability comes with the uptime promise, and its reason names that answer.
    b = answers(data=["health"], customers={"enterprise": True, "uptime_commitment": True})
    avail = next(c for c in recommend_criteria(b) if c.id == "availability")
    assert avail.recommended and any("We promise uptime to customers" in r for r in avail.reasons)


def test_privacy_is_for_consumer_facing_companies_and_optional_for_b2b_processors():
    """Personal data collected from individuals: Privacy recommended; processed for customers: optional, with why."""
    consumer = answers(data=["personal"], customers={"consumers": True})
    priv = next(c for c in recommend_criteria(consumer) if c.id == "privacy")
    assert priv.recommended and any("collect personal data directly from individuals" in r for r in priv.reasons)
    assert any("Individuals sign up themselves" in r for r in priv.reasons)
    b2b = answers(data=["personal"], customers={"enterprise": True})
    priv = next(c for c in recommend_criteria(b2b) if c.id == "privacy")
    assert not priv.recommended
    assert any(r.startswith("Optional") and "controller" in r for r in priv.reasons)


def test_payments_or_financial_transactions_recommend_processing_integrity():
    """Processing Integrity where the product processes payments or financial records, naming the answer."""
    for data in (["payment_card"], ["financial"]):
        pi = next(c for c in recommend_criteria(answers(data=data)) if c.id == "processing_integrity")
        assert pi.recommended and any("your answer:" in r for r in pi.reasons)
    assert not _rec(answers(data=["customer_confidential"]))["processing_integrity"]


def test_card_payments_recommend_processing_integrity():
    """Card data brings Processing Integrity."""
    assert _rec(answers(data=["payment_card"]))["processing_integrity"]


def test_criterion_choice_shows_what_each_extra_criterion_adds():
    """Adding Privacy adds its controls, weeks and $5k–$20k; Security adds nothing."""
    # 20 staff, 5 engineers, one system: the size factor is 1, so the catalog's hours stand.
    a = answers(
        company={"name": "T", "employees": 20, "engineers": 5}, plan={"criteria": ["security"], "weekly_hours": 20}
    )
    plan = _plan(a)
    by = {c.id: c for c in plan.criteria}
    assert by["security"].adds_controls == 0 and by["security"].selected
    privacy = by["privacy"]
    assert not privacy.selected
    assert privacy.adds_controls == 18  # one control per privacy criterion in the test catalog
    assert privacy.adds_weeks_low == 18 * 10 / 20 and privacy.adds_weeks_high == 18 * 10 / 20 * 1.5
    assert (privacy.adds_cost_low, privacy.adds_cost_high) == (5000, 5000)  # a boutique's part of $5k–$20k


def test_customers_asking_for_type2_get_type2_advice():
    """A requested Type II is recommended, with a window of 3 for a new programme."""
    r = _plan(answers(customers={"requested_report": "type2"})).report
    assert r.type == r.recommended_type == "type2" and r.observation_months == 3
    assert any("Type II" in x for x in r.reasons)
    assert any("bridge letter" in x for x in r.caveats)
    assert any("AICPA sets no minimum" in x for x in r.caveats)
    assert not any("suggests" in x for x in r.caveats)


def test_no_request_and_no_enterprise_customers_gets_type1():
    """A company nobody has asked yet is advised to start with Type I."""
    r = _plan(answers(customers={})).report
    assert r.recommended_type == "type1" and r.observation_months is None


def test_a_mature_company_is_advised_a_six_month_window():
    """With most practices in place the advice is the 6 months many buyers expect."""
    practices = {
        k: True
        for k in (
            "mfa",
            "sso",
            "central_logging",
            "written_policies",
            "incident_response_plan",
            "background_checks",
            "security_training",
            "vendor_reviews",
        )
    }
    a = answers(customers={"requested_report": "type2"}, practices=practices)
    rows = rows_for(a, CAT)
    done = [r if i % 5 == 0 else replace(r, state=replace(r.state, status="implemented")) for i, r in enumerate(rows)]
    assert _plan_rows(a, done).report.recommended_months == 6
    # Practices alone do not make a company mature: the controls in place do.
    assert _plan(a).report.recommended_months == 3


def test_a_deadline_only_a_type1_can_meet_advises_type1_first():
    """Type II too late, Type I in time: Type I first, with a bridge letter."""
    a = answers(
        customers={"requested_report": "type2", "deadline": "2027-11-30"},
        plan={"start": "2026-12-07", "weekly_hours": 20},
    )
    plan = _plan(a)
    t1 = plan.timeline
    assert plan.report.recommended_type == "type1" and plan.report.type == "type1"
    assert t1.deadline_met is True
    assert any("Type I first" in x and "bridge letter" in x for x in plan.report.reasons)


def test_the_users_choice_wins_over_the_advice():
    """A chosen Type II stays Type II even when Type I is advised."""
    a = answers(
        customers={"requested_report": "type2", "deadline": "2027-11-30"},
        plan={"start": "2026-12-07", "report_type": "type2", "observation_months": 6},
    )
    r = _plan(a).report
    assert (r.type, r.recommended_type, r.observation_months) == ("type2", "type1", 6)


def test_obligations_follow_the_data_and_customers():
    """HIPAA by law, PCI DSS by contract, StateRAMP advice for state customers, GDPR and ISO 27001 abroad."""
    a = answers(data=["health", "payment_card"], customers={"government": True, "international": True})
    got = {o.framework: (o.required, o.basis) for o in obligations(a)}
    assert got == {
        "hipaa": (True, "law"),
        "pci_dss": (True, "contract"),
        "stateramp": (False, "advice"),
        "gdpr": (True, "law"),
        "iso27001": (False, "advice"),
    }
    assert all(o.reason for o in obligations(a))
    assert obligations(answers(data=[], customers={})) == ()


def test_one_list_of_frameworks():
    """Obligations, the catalog's crosswalk and the checklist's titles all come from vocab.FRAMEWORKS."""
    from soc2wizard.catalog import load_catalog
    from soc2wizard.catalog.loader import FRAMEWORKS as CATALOG_FRAMEWORKS
    from soc2wizard.domain import vocab

    assert set(vocab.CROSSWALK) <= set(vocab.FRAMEWORKS) and CATALOG_FRAMEWORKS == vocab.CROSSWALK
    assert {k for c in load_catalog().controls.values() for k in c.frameworks} <= set(vocab.CROSSWALK)
    everything = answers(
        data=["health", "payment_card", "personal"],
        customers={
            "consumers": True,
            "enterprise": True,
            "government": True,
            "us_federal": True,
            "international": True,
        },
    )
    got = obligations(everything)
    assert {o.framework for o in got} == set(vocab.FRAMEWORKS)
    assert all(o.title == vocab.FRAMEWORKS[o.framework] for o in got)
