"""Editing a policy's wording: kept and marked, never overwritten by a redraft, approved as a new version,
exported in the policy's DOCX, kept by a JSON export; and the inverses Undo uses for approvals and acknowledgements."""

from __future__ import annotations

import datetime as dt

import pytest

from soc2wizard import services

docx = pytest.importorskip("docx")
TODAY = dt.date(2026, 11, 26)


def _policy(s, key="access_control"):
    return {p.key: p for p in services.policies(s)}[key]


def _docx_text(path) -> tuple[list[str], list[list[str]]]:
    d = docx.Document(str(path))
    return [p.text for p in d.paragraphs], [[c.text for c in row.cells] for t in d.tables for row in t.rows]


def _own_wording(p) -> str:
    return "\n".join(
        [
            p.purpose,
            "",
            "1. The CTO grants production access only through a ticket approved by the engineer's manager.",
            *p.statements[1:],
        ]
    )


def test_edited_wording_is_kept_marked_and_exported(demo, tmp_path):
    """The user's statement replaces the draft's in the app and in the exported DOCX; numbering typed is dropped."""
    before = _policy(demo)
    first = before.statements[0]
    p = services.edit_policy_text(demo, "access_control", _own_wording(before))
    assert p.edited and not p.draft_changed
    assert (
        p.statements[0] == "The CTO grants production access only through a ticket approved by the engineer's manager."
    )
    assert first not in p.statements and p.generated == before.wording
    assert services.activity(demo)[0].action == "edit policy"

    files = services.export_policies(demo, tmp_path / "pol", today=TODAY)
    paras, _ = _docx_text(next(f for f in files if f.name == "access-control-policy.docx"))
    assert p.statements[0] in paras and first not in paras


def test_a_redraft_never_overwrites_the_users_wording(demo):
    """A new system changes the draft: the edit stays, the app is told the draft moved on, the draft is one click away."""
    services.edit_policy_text(demo, "access_control", _own_wording(_policy(demo)))
    services.add_scope_item(demo, "system", "Clinic analytics", description="Reports.", customer_data=True)
    p = _policy(demo)
    assert p.edited and p.draft_changed
    assert "Clinic analytics" in p.generated and "Clinic analytics" not in p.wording
    back = services.use_generated_policy_text(demo, "access_control")
    assert not back.edited and "Clinic analytics" in back.wording


def test_bad_wording_is_refused_naming_the_field_and_changes_nothing(demo):
    """Vague words, an empty text and a purpose without statements are refused; the policy is as it was."""
    p = _policy(demo)
    log = len(services.activity(demo))
    for text, words in (
        (p.wording + "\nManagers grant appropriate access.", "'appropriate'"),
        ("", "purpose"),
        ("Only a purpose, no statements.", "statement"),
    ):
        with pytest.raises(services.FieldError, match=words) as exc:
            services.edit_policy_text(demo, "access_control", text)
        assert exc.value.path == "text"
    assert _policy(demo) == p and len(services.activity(demo)) == log


def test_approving_edited_wording_issues_a_new_version(demo, tmp_path):
    """Version 1.0 keeps the wording approved; an edit after it reads as a draft of 2.0 until approved."""
    approved = services.approve_policy(demo, "access_control", approver="Maya Okafor", approved_on="2026-11-02")
    assert approved.current.text == approved.wording and approved.version_label == "1.0"
    p = services.edit_policy_text(demo, "access_control", _own_wording(approved))
    assert p.changed_since_approval and p.version_label == "2.0 draft (changed since 1.0 was approved)"
    files = services.export_policies(demo, tmp_path / "pol", today=TODAY)
    paras, rows = _docx_text(next(f for f in files if f.name == "access-control-policy.docx"))
    assert rows[1][0] == "2.0 draft (changed since 1.0 was approved)"
    assert rows[1][2:] == ["Not yet approved", "\u2014", "Within 12 months of approval"]  # 2.0 is not approved
    assert (
        "The wording above has changed since version 1.0 was approved; it becomes version 2.0 when approved." in paras
    )

    v2 = services.approve_policy(demo, "access_control", approver="Maya Okafor", approved_on="2026-11-20")
    assert v2.version_label == "2.0" and v2.current.text == p.wording
    assert v2.versions[0].text == approved.wording  # what 1.0 said is kept


def test_json_export_keeps_wording_and_approved_text(demo, tmp_path):
    """export --json and new --from-json keep the edit and each version's approved text; a vague edit is refused."""
    services.approve_policy(demo, "access_control", approver="Maya Okafor", approved_on="2026-11-02")
    services.edit_policy_text(demo, "access_control", _own_wording(_policy(demo)))
    doc = services.dump_workspace(demo)
    with services.create_from_dump(tmp_path / "copy.soc2", doc) as copy:
        assert _policy(copy) == _policy(demo)
    doc["deliverables"]["policy_edits"][0]["text"] += "\nStaff review access periodically."
    with pytest.raises(services.FieldError, match=r"deliverables\.policy_edits\[0\]\.text"):
        services.create_from_dump(tmp_path / "bad.soc2", doc)


def test_withdrawing_an_approval_and_removing_an_acknowledgement(demo):
    """The inverses Undo calls: an approval with acknowledgements stays until they go; PPL-02's evidence follows."""

    def ppl02() -> int:
        return next(r.evidence_count for r in services.checklist(demo) if r.control.id == "PPL-02")

    base = ppl02()
    services.approve_policy(demo, "encryption", approver="Maya Okafor", approved_on="2026-11-02")
    services.acknowledge_policy(demo, "encryption", person="Jonas Lindqvist", acknowledged_on="2026-11-03")
    assert ppl02() == base + 1
    with pytest.raises(services.FieldError, match="Jonas Lindqvist"):
        services.withdraw_policy_approval(demo, "encryption", 1)
    p = services.remove_acknowledgement(demo, "encryption", person="Jonas Lindqvist", version=1)
    assert p.acknowledgements == () and ppl02() == base
    p = services.withdraw_policy_approval(demo, "encryption", 1)
    assert p.current is None and p.version_label == "0.1 (draft, not approved)"
    with pytest.raises(services.FieldError, match="version"):
        services.withdraw_policy_approval(demo, "encryption", 1)
    assert [e.action for e in services.activity(demo)[:2]] == [
        "withdraw policy approval",
        "remove policy acknowledgement",
    ]


def test_cli_export_writes_the_edited_wording(demo, tmp_path, capsys):
    """soc2wizard export FILE --policies DIR writes the user's wording, not the draft's."""
    from soc2wizard.cli import main

    p = services.edit_policy_text(demo, "access_control", _own_wording(_policy(demo)))
    path = demo.path
    demo.close()
    assert main(["export", str(path), "--policies", str(tmp_path / "pol")]) == 0
    paras, _ = _docx_text(tmp_path / "pol" / "access-control-policy.docx")
    assert p.statements[0] in paras
