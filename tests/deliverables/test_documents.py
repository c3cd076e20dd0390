"""The Word deliverables, opened as a reader would: system description, assertion, bridge letter, policies."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from soc2wizard import services
from soc2wizard.domain.deliverables import VAGUE_WORDS
from soc2wizard.domain.drafts import SECTIONS

docx = pytest.importorskip("docx")
TODAY = dt.date(2026, 11, 26)


def read(path) -> tuple[list[tuple[str, str]], str]:
    """(style, text) of every paragraph, and all text including table cells."""
    d = docx.Document(str(path))
    paras = [(p.style.name, p.text) for p in d.paragraphs]
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return paras, "\n".join([t for _, t in paras] + cells)


def headings(paras, level: int) -> list[str]:
    return [t for s, t in paras if s == f"Heading {level}"]


def test_system_description_has_every_dc200_section_system_and_subservice_org(demo, tmp_path):
    """Real headings for each section; every in-scope system, subservice organisation, CSOC and CUEC is named."""
    out = services.export_system_description(demo, tmp_path / "sd.docx", today=TODAY)
    paras, text = read(out)
    assert headings(paras, 1) == list(SECTIONS.values())
    assert [t for s, t in paras if s == "Title"] == [
        "Tidewater Health: description of the Tidewater Scheduler (web app and API) system"
    ]
    for item in services.list_scope(demo):
        if item.in_scope and item.kind in ("system", "subservice"):
            assert item.name in text, item.name
    assert "Company wiki" in text and "Holds internal documentation only" in text  # the boundary, with its reason
    assert "Amazon Web Services: subservice organisation, carve-out method" in headings(paras, 2)
    assert "AWS restricts physical access to its data centres" in text
    assert "Customers add, change and remove their own users' accounts" in text
    d = docx.Document(str(out))
    matrix = d.tables[-1]
    ids = [row.cells[0].text for row in matrix.rows[1:]]
    assert (
        "AC-01" in ids
        and "VND-08" in ids
        and len(ids) == len([r for r in services.checklist(demo) if r.state.status != "not_applicable"])
    )


def test_edited_section_is_kept_marked_and_survives_a_changed_draft(demo, tmp_path):
    """An edit is kept over every later draft; the app is told the draft moved on; choosing the draft is explicit."""
    services.edit_description_section(demo, "overview", "Tidewater Health sells clinic scheduling.\nSecond paragraph.")
    services.add_scope_item(demo, "system", "Clinic analytics", description="Reports for clinics.", customer_data=True)
    overview = {x.key: x for x in services.system_description(demo)}["overview"]
    assert overview.edited and overview.draft_changed
    assert overview.text.startswith("Tidewater Health sells clinic scheduling.")
    assert "Clinic analytics" in overview.generated and "Clinic analytics" not in overview.text
    paras, text = read(services.export_system_description(demo, tmp_path / "sd.docx", today=TODAY))
    assert "Second paragraph." in [t for _, t in paras]
    back = services.use_generated_section(demo, "overview")
    assert not back.edited and "Clinic analytics" in back.text
    with pytest.raises(services.FieldError, match="section"):
        services.edit_description_section(demo, "nonsense", "x")


def test_assertion_and_bridge_letter_are_filled_in(demo, tmp_path):
    """Both name the company, the system, the period and the carved-out subservice organisation."""
    _, a = read(services.export_assertion(demo, tmp_path / "a.docx", today=TODAY))
    assert "Management's assertion of Tidewater Health" in a
    assert "Amazon Web Services" in a and "carve-out method" in a and "complementary user entity controls" in a
    assert re.search(r"for the period \d{1,2} \w+ 20\d\d to \d{1,2} \w+ 20\d\d", a)
    assert "operated effectively" in a  # Type II
    assert "Maya Okafor" in a  # the CEO signs
    _, b = read(services.export_bridge_letter(demo, tmp_path / "b.docx", today=TODAY))
    # The demo's window has not ended yet: the letter is dated three months after its end, and says so.
    assert "Bridge letter from Tidewater Health" in b and "Drafted on 26 November 2026" in b
    assert "Amazon Web Services' SOC 2 reports" in b
    assert "as a subservice organization" in a
    period = re.search(r"\((\d{1,2} \w+ 20\d\d) to (\d{1,2} \w+ 20\d\d)\)", b)
    first, last = (dt.datetime.strptime(x, "%d %B %Y").date() for x in period.groups())
    assert first < last and (last - first).days == 90
    assert "not a substitute for a SOC 2 report" in b


def test_policies_one_docx_each_with_version_block_controls_and_no_vague_words(demo, tmp_path):
    """At least 15 policies; each names its controls, carries a version block, and avoids every vague word."""
    services.approve_policy(demo, "access_control", approver="Maya Okafor", approved_on="2026-11-20")
    services.acknowledge_policy(demo, "access_control", person="Jonas Lindqvist", acknowledged_on="2026-11-24")
    files = services.export_policies(demo, tmp_path / "policies", today=TODAY)
    assert len(files) >= 15
    titles = set()
    for path in files:
        d = docx.Document(str(path))
        paras, text = read(path)
        titles.add(paras[0][1])
        block = [c.text for c in d.tables[0].rows[0].cells]
        assert block == ["Version", "Owner", "Approver", "Approved on", "Next review"], path.name
        assert headings(paras, 1)[:5] == [
            "1. Purpose",
            "2. Scope",
            "3. Roles and responsibilities",
            "4. Policy statements",
            "5. Controls this policy satisfies",
        ]
        assert re.search(r"\b[A-Z]{2,4}-\d{2}\b", text), path.name
        assert "Tidewater Scheduler (web app and API)" in text  # the scope names the in-scope systems
        for word in VAGUE_WORDS:
            assert word not in text.lower(), (path.name, word)
    for needed in (
        "Information security policy",
        "Incident response plan",
        "Vendor management policy",
        "Health information protection policy",  # the demo handles health records
    ):
        assert f"Tidewater Health: {needed}" in titles
    access = docx.Document(str(tmp_path / "policies" / "access-control-policy.docx"))
    row = [c.text for c in access.tables[0].rows[1].cells]
    assert row[0] == "1.0" and row[2] == "Maya Okafor" and row[3] == "20 November 2026" and row[4] == "20 November 2027"
    _, text = read(tmp_path / "policies" / "access-control-policy.docx")
    assert "Jonas Lindqvist" in text and "AC-04" in text


def test_policy_versions_and_acknowledgements(demo):
    """Approving again makes version 2; acknowledgements need an approved version; bad dates are refused."""
    with pytest.raises(services.FieldError, match="no approved version"):
        services.acknowledge_policy(demo, "encryption", person="Ana", acknowledged_on="2026-11-01")
    services.approve_policy(demo, "encryption", approver="Maya Okafor", approved_on=dt.date(2026, 1, 5))
    p = services.approve_policy(
        demo, "encryption", approver="Daniel Reyes", approved_on=dt.date(2026, 11, 5), note="TLS 1.3"
    )
    assert p.version_label == "2.0" and p.current.next_review == dt.date(2027, 11, 5)
    with pytest.raises(services.FieldError, match="approved_on"):
        services.approve_policy(demo, "encryption", approver="X", approved_on="5/11/2026")
    assert services.policies(demo)[0].key == "information_security"
    with pytest.raises(services.FieldError, match="policy"):
        services.approve_policy(demo, "cardholder_data", approver="X", approved_on="2026-01-01")  # no card data here


def test_export_writes_nothing_to_the_workspace(demo, tmp_path):
    """Exporting the deliverables is a read: the activity log does not grow."""
    before = len(services.activity(demo))
    services.export_system_description(demo, tmp_path / "sd.docx", today=TODAY)
    services.export_policies(demo, tmp_path / "p", today=TODAY)
    assert len(services.activity(demo)) == before


def test_cli_writes_every_word_document(demo, tmp_path, capsys):
    """soc2wizard export FILE --system-description --assertion --bridge-letter --policies writes them all."""
    from soc2wizard.cli import main

    path = demo.path
    demo.close()
    code = main(
        [
            "export",
            str(path),
            "--system-description",
            str(tmp_path / "sd.docx"),
            "--assertion",
            str(tmp_path / "a.docx"),
            "--bridge-letter",
            str(tmp_path / "b.docx"),
            "--policies",
            str(tmp_path / "pol"),
            "--date",
            "2026-11-26",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "Wrote" in out and "policies to" in out
    for name in ("sd.docx", "a.docx", "b.docx"):
        assert (tmp_path / name).stat().st_size > 5_000
    assert len(list((tmp_path / "pol").glob("*.docx"))) >= 15


def test_json_export_and_restore_keep_every_deliverable_record(demo, tmp_path):
    """Section edits, risk edits, policy versions and acknowledgements survive export --json and new --from-json."""
    services.edit_description_section(demo, "incidents", "One outage on 3 March, resolved in 40 minutes.")
    services.update_risk(demo, "fraud", impact=5, owner="Hannah Cho")
    services.remove_risk(demo, "lost_laptop")
    services.add_risk(demo, title="Office flood", likelihood=1, impact=3)
    services.approve_policy(demo, "encryption", approver="Maya Okafor", approved_on="2026-10-01")
    services.acknowledge_policy(demo, "encryption", person="Jonas Lindqvist", acknowledged_on="2026-10-02")
    doc = services.dump_workspace(demo)
    with services.create_from_dump(tmp_path / "copy.soc2", doc) as copy:
        assert services.risk_register(copy) == services.risk_register(demo)
        assert services.system_description(copy) == services.system_description(demo)
        enc = {p.key: p for p in services.policies(copy)}["encryption"]
        assert enc.version_label == "1.0" and enc.acknowledgements[0].person == "Jonas Lindqvist"
    doc["deliverables"]["risks"][0]["body"]["likelihood"] = 9
    with pytest.raises(services.FieldError, match=r"deliverables\.risks\[0\]\.body\.likelihood"):
        services.create_from_dump(tmp_path / "bad.soc2", doc)
    assert not (tmp_path / "bad.soc2").exists()


@pytest.mark.parametrize(
    ("section", "field"), [("policy_versions", "approved_on"), ("acknowledgements", "acknowledged_on")]
)
def test_a_restore_refuses_an_approval_or_acknowledgement_after_today_as_the_app_does(demo, tmp_path, section, field):
    """One validator for the day an approval or acknowledgement happened: the app, the CLI and a JSON restore."""
    services.approve_policy(demo, "encryption", approver="Maya Okafor", approved_on="2026-10-01")
    services.acknowledge_policy(demo, "encryption", person="Jonas Lindqvist", acknowledged_on="2026-10-02")
    doc = services.dump_workspace(demo)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    doc["deliverables"][section][0][field] = future
    with pytest.raises(services.FieldError, match=rf"deliverables\.{section}\[0\]\.{field}: {future} is after today"):
        services.create_from_dump(tmp_path / "bad.soc2", doc)
    assert not (tmp_path / "bad.soc2").exists()
    with pytest.raises(services.FieldError, match=f"{future} is after today"):  # the app's own call says the same
        services.approve_policy(demo, "access", approver="Maya Okafor", approved_on=future)


def test_an_acknowledgement_or_a_new_version_cannot_come_before_the_approval_it_follows(demo, tmp_path, capsys):
    """Asked in the app's calls, the command line and a JSON restore alike; nothing is written when refused."""
    services.approve_policy(demo, "encryption", approver="Maya Okafor", approved_on="2026-10-01")
    before = services.policies_json(demo)
    with pytest.raises(services.FieldError, match=r"acknowledged_on: 2026-09-30 is before .* 1\.0 was approved"):
        services.acknowledge_policy(demo, "encryption", person="Jonas Lindqvist", acknowledged_on="2026-09-30")
    with pytest.raises(services.FieldError, match=r"approved_on: 2026-09-01 is before .* 1\.0 was approved"):
        services.approve_policy(demo, "encryption", approver="Maya Okafor", approved_on="2026-09-01")
    assert services.policies_json(demo) == before
    services.acknowledge_policy(demo, "encryption", person="Jonas Lindqvist", acknowledged_on="2026-10-01")
    doc = services.dump_workspace(demo)
    demo.close()
    from soc2wizard.cli import main

    assert main(["policy", str(demo.path), "encryption", "--acknowledge", "Ana", "--date", "2026-09-02"]) == 1
    assert "is before" in capsys.readouterr().err
    doc["deliverables"]["acknowledgements"][0]["acknowledged_on"] = "2026-09-15"
    with pytest.raises(services.FieldError, match=r"deliverables\.acknowledgements\[0\]\.acknowledged_on"):
        services.create_from_dump(tmp_path / "bad.soc2", doc)
    assert not (tmp_path / "bad.soc2").exists()


def test_a_bare_workspace_still_gets_every_document(tmp_path):
    """A company with only a name: 15+ policies, 8+ risks, and documents that say what is missing."""
    from soc2wizard.domain.answers import Answers, Company

    with services.create_workspace(tmp_path / "tiny.soc2", Answers(Company("Tiny Co"))) as s:
        assert len(services.policies(s)) >= 15
        assert len(services.risk_register(s)) >= 8
        paras, text = read(services.export_system_description(s, tmp_path / "sd.docx", today=TODAY))
        assert [t for s, t in paras if s == "Title"] == ["Tiny Co: description of the Tiny Co service"]
        assert "The Tiny Co service and its supporting services" in text
        assert "Add the systems in scope on the Scope step" in text
        assert "No subservice organisations are in scope." in text
        files = services.export_policies(s, tmp_path / "p", today=TODAY)
        _, policy = read(files[0])
        assert "every system the company runs" in policy


def test_incidents_and_changes_are_drafted_from_the_workspace(tmp_path, answers_doc):
    """IR-03's incident records and scope changes made inside the window appear in their sections."""
    answers_doc["plan"] = {"start": "2020-01-01", "report_type": "type2", "observation_months": 12}
    from soc2wizard.domain.answers import parse_answers

    with services.create_workspace(tmp_path / "w.soc2", parse_answers(answers_doc)) as s:
        before = {x.key: x for x in services.system_description(s)}
        assert before["incidents"].text.startswith("No security incidents")
        services.add_scope_item(s, "vendor", "Okta", description="Single sign-on.")
        services.add_evidence_link(
            s, "IR-03", "https://tickets.example/INC-7", name="INC-7 database failover", occurred_on=dt.date(2020, 5, 4)
        )
        after = {x.key: x for x in services.system_description(s)}
        assert "INC-7 database failover (2020-05-04)" in after["incidents"].text
        assert "add vendor Okta" in after["changes"].text
