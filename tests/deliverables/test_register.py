"""The risk register, the CSOC/CUEC drafts, the templates' wording and the PDF's deliverable sections."""

from __future__ import annotations

import datetime as dt

import pytest

from soc2wizard import services
from soc2wizard.catalog.deliverables import load_library
from soc2wizard.domain.answers import parse_answers
from soc2wizard.domain.deliverables import VAGUE_WORDS, sample_size, vague_words
from tests.report.conftest import pdf_pages

TODAY = dt.date(2026, 11, 26)


def test_register_seeds_at_least_eight_risks_with_the_required_ones(demo):
    """Fraud (CC3.3), vendor breach, credential compromise and data loss are seeded, each with linked controls."""
    risks = {r.key: r for r in services.risk_register(demo)}
    assert len(risks) >= 8
    assert {"fraud", "vendor_breach", "credential_compromise", "data_loss", "health_data_breach"} <= set(risks)
    assert "RSK-03" in risks["fraud"].controls and "CC3.3" in risks["fraud"].description
    assert risks["credential_compromise"].score == 16 and risks["credential_compromise"].level == "High"
    assert "card_data_exposure" not in risks  # the demo takes no card payments


@pytest.mark.parametrize(
    "data",
    [["personal"], ["personal", "health"], ["payment_card", "financial"], ["customer_confidential"]],
)
def test_every_seeded_risk_links_a_control_of_the_plan(tmp_path, answers_doc, data):
    """A risk the register seeds always names controls that are on this company's checklist."""
    answers_doc["data"] = data
    with services.create_workspace(tmp_path / "r.soc2", parse_answers(answers_doc)) as s:
        on_checklist = {r.control.id for r in services.checklist(s)}
        risks = services.risk_register(s)
        assert risks
        assert [r.title for r in risks if not set(r.controls) & on_checklist] == []


def test_risk_edits_are_kept_and_validated_at_one_door(demo):
    """An edit changes the register and summary --json; a bad value names its field and changes nothing."""
    services.update_risk(demo, "fraud", likelihood=4, owner="Hannah Cho", controls="RSK-03, RSK-04")
    with pytest.raises(services.FieldError, match="likelihood"):
        services.update_risk(demo, "fraud", likelihood=7)
    with pytest.raises(services.FieldError, match="controls"):
        services.update_risk(demo, "fraud", controls=["NOPE-99"])
    with pytest.raises(services.FieldError, match="treatment"):
        services.update_risk(demo, "fraud", treatment="ignore")
    fraud = {r.key: r for r in services.risk_register(demo)}["fraud"]
    assert (fraud.likelihood, fraud.owner, fraud.controls, fraud.edited) == (
        4,
        "Hannah Cho",
        ("RSK-03", "RSK-04"),
        True,
    )
    own = services.add_risk(demo, title="Office flood", likelihood=1, impact=3, treatment="transfer")
    services.remove_risk(demo, "lost_laptop")
    summary = {r["key"]: r for r in services.summary_json(demo, today=TODAY)["risks"]}
    assert summary["fraud"]["score"] == 16 and summary["fraud"]["owner"] == "Hannah Cho"
    assert summary[own.key]["title"] == "Office flood" and summary[own.key]["treatment"] == "transfer"
    assert "lost_laptop" not in summary
    assert [e.action for e in services.activity(demo)[:3]] == ["remove risk", "add risk", "edit risk"]


def test_cuecs_follow_the_plans_controls(tmp_path, answers_doc):
    """A company with card data gets the card CUEC; one without personal data gets no consent CUEC."""
    answers_doc["data"] = ["payment_card"]
    with services.create_workspace(tmp_path / "c.soc2", parse_answers(answers_doc)) as s:
        d = services.deliverables.gather(s)
        keys = [c.key for c in d.cuecs]
        assert "card_data" in keys and "consent" not in keys and "user_accounts" in keys
        assert all("{" not in c.text for c in d.cuecs)
        assert [o.name for o in d.orgs] == ["Amazon Web Services"]  # from the hosting answer alone
        assert d.orgs[0].csocs[0].criteria == ("CC6.4",) and d.orgs[0].review_control == "VND-08"


def test_shipped_templates_are_specific():
    """No policy, CSOC, CUEC or risk text uses a vague word; at least 15 policies; CSOCs for the named providers."""
    lib = load_library()
    assert len(lib.policies) >= 15
    for p in lib.policies:
        assert vague_words(" ".join((p.title, p.purpose, *p.statements))) == []
    for o in lib.providers:
        for c in o.csocs:
            assert vague_words(c.text) == []
    for c in lib.cuecs:
        assert vague_words(c.text) == []
    names = {p.name for p in lib.providers}
    assert {
        "Amazon Web Services",
        "Google Cloud",
        "Microsoft Azure",
        "Google Workspace",
        "Microsoft 365",
        "Okta",
        "GitHub",
    } <= names
    assert vague_words("Review access periodically, as needed.") == ["periodically", "as needed"]
    assert set(VAGUE_WORDS) >= {"appropriate", "adequate", "proper", "as needed", "periodically", "regularly"}


@pytest.mark.parametrize(
    "population, sample", [(1, 1), (4, 4), (5, 5), (12, 5), (50, 5), (52, 6), (250, 25), (365, 25)]
)
def test_sample_sizes_follow_the_sampling_table(population, sample):
    """figures.md: <5 all; 6–50: 5; 51–250: 10%; >250: 25."""
    assert sample_size(population) == sample


def test_pdf_has_risk_gap_csoc_cuec_and_crosswalk_sections(demo, tmp_path):
    """The PDF's text carries the heat map's register, the gap narratives with samples, CSOCs, CUECs and the crosswalk."""
    out = services.export_pdf(demo, tmp_path / "plan.pdf", today=TODAY)
    text = " ".join(" ".join(pdf_pages(out)).split())  # headings may wrap
    for heading in (
        "Risk register",
        "Gap narrative by control",
        "Appendix C: Subservice CSOCs",
        "Appendix D: Customer CUECs",
        "Appendix E: Framework crosswalk",
    ):
        assert heading in text, heading
    assert "Fraud by an insider" in text
    assert "Complementary subservice organization controls (CSOCs)" in text
    assert "Complementary user entity controls (CUECs)" in text
    assert "ISO/IEC 27001:2022 Annex A controls, HIPAA Security Rule sections and PCI DSS v4.0" in text
    assert "AWS restricts physical access to its data centres" in text
    assert "Customers add, change and remove their own" in text
    assert "the auditor tests" in text and "3-month window" in text
    assert "164.312(d)" in text and "A.8.15" in text


def test_summary_json_on_the_command_line_has_the_register(demo, capsys):
    """soc2wizard summary FILE --json prints the same risks the app shows, as "risks"."""
    import json

    from soc2wizard.cli import main

    services.update_risk(demo, "data_loss", likelihood=3)
    expected = services.risks_json(demo)
    path = demo.path
    demo.close()
    assert main(["summary", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["risks"] == expected
    loss = next(r for r in out["risks"] if r["key"] == "data_loss")
    assert (loss["likelihood"], loss["impact"], loss["score"], loss["level"]) == (3, 5, 15, "High")


def test_sampling_sentences_by_frequency_and_window():
    """The gap narrative's sample line: what the auditor tests for each frequency."""
    from soc2wizard.domain.deliverables import sampling_sentence

    assert (
        sampling_sentence("monthly", 12)
        == "About 12 occurrences in a 12-month window; the auditor tests a sample of 5."
    )
    assert (
        sampling_sentence("quarterly", 12) == "About 4 occurrences in a 12-month window; the auditor tests all of them."
    )
    assert (
        sampling_sentence("daily", 6) == "About 182 occurrences in a 6-month window; the auditor tests a sample of 19."
    )
    assert sampling_sentence("weekly", 12).endswith("a sample of 6.")
    assert sampling_sentence("monthly", 0).startswith("Type I")
    assert "per event" in sampling_sentence("per_event", 6)
