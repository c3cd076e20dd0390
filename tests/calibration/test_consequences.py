"""What other frameworks and the scoping rules do to a plan, as summary --json shows them (figures.md)."""

from __future__ import annotations

from .conftest import profile, summarise


def _frameworks(summary):
    return {o["framework"]: o for o in summary["obligations"]}


def _recommended(summary):
    return {c["id"] for c in summary["criteria"] if c["recommended"]}


def test_fedramp_is_a_separate_programme_that_changes_neither_budget_nor_timeline():
    """US federal customers: FedRAMP required, named as its own programme; the SOC 2 plan is unchanged."""
    fed = summarise(profile("federal_saas_50"))
    plain = summarise(profile("federal_saas_50"), customers__us_federal=False)
    ob = _frameworks(fed)["fedramp"]
    assert ob["required"] and ob["basis"] == "law" and "separate programme" in ob["reason"]
    assert "US federal agencies" in ob["reason"]  # names the answer that brought it in
    assert "fedramp" not in _frameworks(plain)
    assert fed["cost"] == plain["cost"] and fed["timeline"] == plain["timeline"]
    assert not any("fedramp" in i["id"] for i in fed["cost"]["items"])


def test_state_and_local_customers_get_stateramp_advice_not_fedramp():
    """customers.government now means state or local: StateRAMP-style advice, not a requirement."""
    s = summarise(profile("federal_saas_50"), customers__us_federal=False, customers__government=True)
    fw = _frameworks(s)
    assert "fedramp" not in fw
    assert fw["stateramp"]["required"] is False and fw["stateramp"]["basis"] == "advice"


def test_health_for_covered_entities_is_hipaa_and_a_consumer_health_app_gets_the_ftc_rule():
    """B2B health: HIPAA by law (business associate); a consumer health app: the FTC Health Breach Notification Rule."""
    clinic = _frameworks(summarise(profile("clinic_scheduling_health_38")))
    assert clinic["hipaa"]["basis"] == "law" and "business associate" in clinic["hipaa"]["reason"]
    assert "ftc_hbnr" not in clinic
    app = _frameworks(
        summarise(profile("clinic_scheduling_health_38"), customers__enterprise=False, customers__consumers=True)
    )
    assert "hipaa" not in app
    assert app["ftc_hbnr"]["required"] and "Health Breach Notification" in app["ftc_hbnr"]["title"]


def test_international_personal_data_names_gdpr():
    """Personal data of customers abroad: framework id gdpr, required by law; ISO 27001 stays advice."""
    s = summarise(profile("clinic_scheduling_health_38"), customers__international=True)
    fw = _frameworks(s)
    assert fw["gdpr"]["required"] and fw["gdpr"]["basis"] == "law"
    assert fw["iso27001"]["required"] is False


def test_health_data_is_not_all_five_but_medical_records_are():
    """A clinic-scheduling SaaS: Security, Availability (uptime promised), Confidentiality; a records platform: all five."""
    assert _recommended(summarise(profile("clinic_scheduling_health_38"))) == {
        "security",
        "availability",
        "confidentiality",
    }
    assert _recommended(summarise(profile("medical_records_60"))) == {
        "security",
        "availability",
        "processing_integrity",
        "confidentiality",
        "privacy",
    }


def test_card_data_brings_a_pci_assessment_and_a_pci_pen_test():
    """Card data: a pci_assessment line by validation type and a PCI-scoped pen test, also in year two."""
    s = summarise(profile("fintech_150_card_data"))
    ids = [i["id"] for i in s["cost"]["items"]]
    assert "pci_assessment" in ids
    assert "pci_assessment" in [i["id"] for i in s["cost"]["renewal"]["items"]]
    no_card = summarise(profile("fintech_150_card_data"), data=["financial", "personal"])
    assert "pci_assessment" not in [i["id"] for i in no_card["cost"]["items"]]
    pen = next(i for i in s["cost"]["items"] if i["id"] == "pentest")
    plain = next(i for i in no_card["cost"]["items"] if i["id"] == "pentest")
    assert pen["low"] > plain["low"] and pen["high"] > plain["high"]


def test_year_two_lists_its_lines_and_they_add_up():
    """cost.renewal is year two, line by line: the audit, platform, pen test and training."""
    for pid in ("small_20_type1_fee", "midsize_60_type2_boutique", "fintech_150_card_data"):
        r = summarise(profile(pid))["cost"]["renewal"]
        ids = [i["id"] for i in r["items"]]
        assert {"audit_fee", "tooling", "pentest", "training"} <= set(ids), pid
        assert r["low"] == sum(i["low"] for i in r["items"]) and r["high"] == sum(i["high"] for i in r["items"])
