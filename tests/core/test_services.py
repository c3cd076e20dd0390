"""Services: each user action is saved at once, logged, and refused cleanly when bad."""

from __future__ import annotations

import datetime as dt

import pytest

from soc2wizard import services
from soc2wizard.domain.errors import FieldError


def _row(s, sql, *args):
    return s.repo.db.execute(sql, args).fetchone()


def test_profile_edit_lands_in_the_file_and_the_log(workspace):
    """Changing headcount writes the profile row and an activity entry with before/after."""
    services.update_profile(workspace, employees=75)
    assert _row(workspace, "SELECT employees FROM profile")[0] == 75
    entry = services.activity(workspace, limit=1)[0]
    assert entry.action == "update profile"
    assert entry.before == {"company.employees": 40}
    assert entry.after == {"company.employees": 75}
    assert entry.actor


def test_bad_profile_edit_names_field_and_changes_nothing(workspace):
    """A negative headcount is refused with the field named; the file keeps the old value."""
    log_before = len(services.activity(workspace))
    with pytest.raises(FieldError) as info:
        services.update_profile(workspace, employees=-5)
    assert info.value.path == "company.employees"
    assert _row(workspace, "SELECT employees FROM profile")[0] == 40
    assert len(services.activity(workspace)) == log_before


def test_bad_date_in_plan_is_refused(workspace):
    """A start date that is not a date is refused naming plan.start."""
    with pytest.raises(FieldError) as info:
        services.update_plan(workspace, start="31/12/2026")
    assert info.value.path == "plan.start"
    assert _row(workspace, "SELECT start FROM plan")[0] == "2026-12-01"


def test_declared_practice_marks_its_controls_implemented(workspace):
    """Saying the team already does MFA marks the MFA control implemented (and only it)."""
    cat = services.catalog()
    mfa = [c.id for c in cat.controls.values() if c.practice == "mfa"]
    training = [c.id for c in cat.controls.values() if c.practice == "security_training"]
    assert mfa and training
    states = {r.control.id: r.state.status for r in services.checklist(workspace)}
    shown_mfa = [cid for cid in mfa if cid in states]
    shown_training = [cid for cid in training if cid in states]
    assert shown_mfa and shown_training, "the MFA and training controls are on the checklist"
    assert [states[cid] for cid in shown_mfa] == ["implemented"] * len(shown_mfa)
    assert [states[cid] for cid in shown_training] == ["not_started"] * len(shown_training)
    services.update_profile(workspace, practices=["mfa", "security_training"])
    states = {r.control.id: r.state.status for r in services.checklist(workspace)}
    assert [states[cid] for cid in shown_training] == ["implemented"] * len(shown_training)


def test_criteria_choice_changes_the_checklist(workspace):
    """Adding Privacy adds privacy controls to the checklist; removing it takes them away."""
    base = {r.control.id for r in services.checklist(workspace)}
    services.update_plan(workspace, criteria=["security", "availability", "privacy"])
    more = {r.control.id for r in services.checklist(workspace)}
    cat = services.catalog()
    added = more - base
    assert added and all("privacy" in cat.controls[c].categories for c in added)
    services.update_plan(workspace, criteria=["security"])
    assert {r.control.id for r in services.checklist(workspace)} < base


def test_control_edit_and_bulk_edit(workspace):
    """Status, owner and due date are saved per control; a bulk change is one transaction."""
    rows = services.checklist(workspace)
    first = rows[0].control.id
    services.update_control(workspace, first, status="in_progress", owner="Dana Li", due_date="2027-01-15")
    r = _row(workspace, "SELECT status, owner, due_date FROM control_states WHERE control_id = ?", first)
    assert r == ("in_progress", "Dana Li", "2027-01-15")
    ids = [row.control.id for row in rows[1:6]]
    services.update_controls(workspace, ids, owner="Sam")
    owners = workspace.repo.db.execute(
        f"SELECT owner FROM control_states WHERE control_id IN ({','.join('?' * len(ids))})", ids
    ).fetchall()
    assert [o[0] for o in owners] == ["Sam"] * 5


def test_not_applicable_needs_a_reason(workspace):
    """Marking a control N/A without a reason is refused; with one it is saved."""
    cid = services.checklist(workspace)[3].control.id
    with pytest.raises(FieldError) as info:
        services.update_control(workspace, cid, status="not_applicable")
    assert info.value.path == "na_reason"
    services.update_control(workspace, cid, status="not_applicable", na_reason="No offices.")
    assert services.control_state(workspace, cid).na_reason == "No offices."


def test_bulk_edit_with_one_bad_id_changes_nothing(workspace):
    """A bulk edit naming an unknown control changes no control."""
    ids = [r.control.id for r in services.checklist(workspace)[:3]] + ["NOPE-99"]
    with pytest.raises(FieldError, match="NOPE-99"):
        services.update_controls(workspace, ids, owner="Ghost")
    assert _row(workspace, "SELECT COUNT(*) FROM control_states WHERE owner = 'Ghost'")[0] == 0


def test_restore_control_states_undoes_an_edit(workspace):
    """Putting back the earlier state returns the row to what it was (or removes it)."""
    cid = services.checklist(workspace)[5].control.id
    before = services.control_state(workspace, cid)
    services.update_control(workspace, cid, status="implemented", owner="Kim")
    services.restore_control_states(workspace, [before])
    assert services.control_state(workspace, cid).status == before.status
    assert _row(workspace, "SELECT COUNT(*) FROM control_states WHERE control_id = ?", cid)[0] == (
        0 if before.updated_at is None else 1
    )


def test_evidence_file_keeps_bytes_and_hash(workspace, tmp_path):
    """An evidence file is stored with its SHA-256 and size, and can be removed and restored."""
    cid = services.checklist(workspace)[0].control.id
    f = tmp_path / "mfa-report.csv"
    f.write_bytes(b"user,mfa\nana,yes\n")
    e = services.add_evidence_file(workspace, cid, f, occurred_on=dt.date(2026, 12, 3))
    row = _row(workspace, "SELECT name, sha256, size, occurred_on, content FROM evidence WHERE id = ?", e.id)
    assert row[0] == "mfa-report.csv"
    # sha256sum of the same 17 bytes, computed outside the app
    assert row[1] == "41a4b4d7973744c058bc0bd2e079754ab02fe8b547c80cf508def24881ff36c3"
    assert (row[2], row[3], bytes(row[4])) == (17, "2026-12-03", b"user,mfa\nana,yes\n")
    removed, content = services.remove_evidence(workspace, e.id)
    assert services.list_evidence(workspace, cid) == []
    services.restore_evidence(workspace, removed, content)
    assert services.evidence_content(workspace, e.id) == b"user,mfa\nana,yes\n"


def test_oversized_evidence_is_refused(workspace, monkeypatch):
    """A file over the size limit is refused with its size and the limit named."""
    monkeypatch.setattr(services.evidence, "MAX_EVIDENCE_BYTES", 1024)
    cid = services.checklist(workspace)[0].control.id
    with pytest.raises(FieldError, match="add a link instead"):
        services.add_evidence_bytes(workspace, cid, name="big.bin", content=b"x" * 2048)
    assert services.list_evidence(workspace) == []


def test_link_evidence_needs_a_full_address(workspace):
    """A link must be a full address; a bare word is refused naming the url field."""
    cid = services.checklist(workspace)[0].control.id
    with pytest.raises(FieldError) as info:
        services.add_evidence_link(workspace, cid, "wiki page")
    assert info.value.path == "url"
    e = services.add_evidence_link(workspace, cid, "https://wiki.example/mfa")
    assert services.list_evidence(workspace, cid) == [e]


def test_scope_items_and_exclusions(workspace):
    """Scope items are saved with their flags; removing and restoring keeps the same item."""
    a = services.add_scope_item(workspace, "system", "Billing API", customer_data=True)
    b = services.add_scope_item(workspace, "subservice", "AWS")
    assert b.method == "carve_out"
    services.update_scope_item(workspace, a.id, in_scope=False, exclusion_reason="Run by a partner.")
    assert _row(workspace, "SELECT in_scope, exclusion_reason FROM scope_items WHERE id = ?", a.id) == (
        0,
        "Run by a partner.",
    )
    removed = services.remove_scope_item(workspace, b.id)
    services.restore_scope_item(workspace, removed)
    assert services.list_scope(workspace)[-1] == b
    with pytest.raises(FieldError) as info:
        services.add_scope_item(workspace, "planet", "Mars")
    assert info.value.path == "kind"


def test_overrides_are_validated(workspace):
    """An assumption override must be a sensible range; a good one is saved."""
    with pytest.raises(FieldError) as info:
        services.set_override(workspace, "audit_fee.type2.boutique", low=30000, high=10000)
    assert info.value.path == "audit_fee.type2.boutique.high"  # the row and the field
    services.set_override(workspace, "audit_fee.type2.boutique", low=28000, high=28000, note="Quote")
    assert _row(workspace, "SELECT low, high, note FROM assumption_overrides")[0:3] == (28000.0, 28000.0, "Quote")


def test_settings_and_actor(workspace):
    """The assessor name set in the workspace becomes the actor of later log entries."""
    services.update_settings(workspace, assessor_name="Rita Gomez", firm_name="Gomez Advisory")
    services.update_profile(workspace, offices=1)
    assert services.activity(workspace, limit=1)[0].actor == "Rita Gomez"
    assert services.get_settings(workspace).firm_name == "Gomez Advisory"


def test_non_latin_and_long_text_round_trip(workspace):
    """Non-Latin names are kept exactly; text over the limit is refused naming the field."""
    services.update_profile(workspace, name="株式会社テスト — שלום — مرحبا")
    assert services.get_answers(workspace).company.name == "株式会社テスト — שלום — مرحبا"
    cid = services.checklist(workspace)[0].control.id
    with pytest.raises(FieldError) as info:
        services.update_control(workspace, cid, notes="ü" * (services.MAX_TEXT + 1))
    assert info.value.path == "notes"


def test_read_only_session_refuses_writes(workspace):
    """A workspace opened read-only refuses edits and says so."""
    path = workspace.path
    workspace.close()
    with services.open_workspace(path, read_only=True) as s:
        with pytest.raises(services.WorkspaceError, match="read-only"):
            services.update_profile(s, employees=3)


def test_custom_controls_join_the_checklist(workspace):
    """A consultant's own control appears in the checklist and can be edited."""
    services.add_custom_control(
        workspace, id="X-01", title="Quarterly board briefing", criteria=["CC1.2"], frequency="quarterly"
    )
    ids = [r.control.id for r in services.checklist(workspace)]
    assert "X-01" in ids
    services.update_control(workspace, "X-01", status="in_progress")
    with pytest.raises(FieldError):
        services.add_custom_control(workspace, id="X-01", title="Again", criteria=["CC1.2"])


def test_demo_is_believable(demo):
    """The demo has a profile, scope, owners, a part-done checklist and evidence."""
    rows = services.checklist(demo)
    statuses = [r.state.status for r in rows]
    assert 0.15 < statuses.count("implemented") / len(rows) < 0.6
    assert "in_progress" in statuses and "not_started" in statuses
    assert sum(bool(r.state.owner) for r in rows) > len(rows) / 3
    assert sum(r.evidence_count for r in rows) >= 10
    assert {i.kind for i in services.list_scope(demo)} == {"system", "vendor", "subservice", "location"}
    assert demo.repo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
