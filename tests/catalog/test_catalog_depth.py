"""The catalog's depth: every Common Criterion met for a remote cloud company, and the practitioner's fixes."""

from __future__ import annotations

import pytest

from soc2wizard.catalog import load_catalog
from soc2wizard.domain.answers import Answers, Company

SINGLE_BEFORE = (
    "CC3.4",
    "PI1.1",
    "PI1.2",
    "PI1.5",
    "P1.1",
    "P3.2",
    "P5.1",
    "P5.2",
    "P6.2",
    "P6.3",
    "P6.5",
    "P6.6",
    "P6.7",
    "P7.1",
)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.mark.parametrize("cloud", ["aws", "gcp", "azure", "other_cloud"])
def test_remote_cloud_only_company_meets_every_common_criterion(catalog, cloud):
    """A company with no office and no servers of its own still has a control for each of CC1.1–CC9.2."""
    remote = Answers(Company("Remote Co", employees=8, engineers=4, offices=0), hosting=(cloud,))
    chosen = catalog.controls_for(remote, ["security"])
    covered = {cid for c in chosen for cid in c.criteria}
    common = [cid for cid in catalog.criteria if cid.startswith("CC")]
    assert len(common) == 33
    assert [cid for cid in common if cid not in covered] == []
    cc64 = [c.id for c in chosen if "CC6.4" in c.criteria]
    assert cc64 == ["VND-08"]  # physical security comes through the provider's SOC report
    assert "complementary" in catalog.controls["VND-08"].title


def test_criteria_that_rested_on_one_control_now_have_two(catalog):
    """The 14 criteria a practitioner found thin each have at least two controls."""
    for cid in SINGLE_BEFORE:
        assert len(catalog.controls_covering(cid)) >= 2, cid


def test_org_chart_and_performance_reviews(catalog):
    """CC1.3 has a reporting-lines control; CC1.4 and CC1.5 a performance-review one."""
    org = catalog.controls["GOV-10"]
    assert "CC1.3" in org.criteria and "chart" in org.title.lower()
    perf = catalog.controls["PPL-11"]
    assert {"CC1.4", "CC1.5"} <= set(perf.criteria) and "performance" in perf.title.lower()


def test_colocation_pack_applies_to_colocation_and_data_centres_only(catalog):
    """CCTV, visitors, cage access, generator/UPS, fire suppression and alarms come with a colocation answer."""
    pack = {"PHY-05", "PHY-06", "PHY-07", "BC-06", "BC-07", "BC-08"}
    words = " ".join(catalog.controls[i].title.lower() for i in pack)
    for word in ("cctv", "visitor", "cage", "generator", "ups", "fire suppression", "alarm"):
        assert word in words, word
    colo = Answers(Company("Colo Co"), hosting=("colocation",))
    dc = Answers(Company("DC Co", industry="data_center"))
    cloud = Answers(Company("Cloud Co"), hosting=("aws",))
    for answers in (colo, dc):
        assert pack <= {c.id for c in catalog.controls_for(answers, ["security", "availability"])}
    assert not pack & {c.id for c in catalog.controls_for(cloud, ["security", "availability"])}
    assert "90 days" in catalog.controls["PHY-05"].title


@pytest.mark.parametrize(
    "control, ref",
    [
        ("MON-05", "A.8.15"),
        ("MON-05", "A.8.16"),
        ("MON-06", "A.8.15"),
        ("MON-06", "A.8.16"),
        ("NET-03", "A.8.22"),
        ("AC-14", "A.8.5"),
        ("OPS-08", "A.8.8"),
        ("VND-04", "A.5.20"),
        ("VND-07", "A.5.20"),
        ("VND-05", "A.5.22"),
        *[(f"PRV-0{n}", "A.5.34") for n in range(2, 9)],
    ],
)
def test_iso_references_added(catalog, control, ref):
    """The ISO 27001:2022 references the review asked for are on their controls."""
    assert ref in catalog.controls[control].frameworks["iso27001"]


def test_hipaa_six_year_retention_and_pci_targeted_risk_analysis(catalog):
    """164.316(b)(2)(i) is cited; PCI 12.3.1 appears only on the targeted risk analysis."""
    hipaa = {c.id for c in catalog.controls.values() if "164.316(b)(2)(i)" in c.frameworks.get("hipaa", ())}
    assert {"GOV-06", "POL-11"} <= hipaa
    assert "six years" in catalog.controls["POL-11"].implementation
    pci_1231 = [c.id for c in catalog.controls.values() if "12.3.1" in c.frameworks.get("pci_dss", ())]
    assert pci_1231 == ["RSK-07"]
    assert "targeted risk analysis" in catalog.controls["RSK-07"].title.lower()


def test_mapping_corrections(catalog):
    """END-01 no longer claims CC4.1, OPS-02 maps to CC8.1 not CC6.8, POL-01 not CC1.1, VND-02 not C1.1."""
    c = catalog.controls
    assert "CC4.1" not in c["END-01"].criteria
    assert "CC8.1" in c["OPS-02"].criteria and "CC6.8" not in c["OPS-02"].criteria
    assert "CC1.1" not in c["POL-01"].criteria
    assert "C1.1" not in c["VND-02"].criteria
