"""Three replicas through a real PostgreSQL: publish, clone, edit, sync in every order."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path

import psycopg
import pytest

from soc2wizard import services
from tests.team.helpers import Team, first_controls, visible_state


def test_publish_gives_a_uuid_and_clones_hold_the_same_workspace(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path)
    try:
        assert str(uuid.UUID(team.workspace_id)) == team.workspace_id
        listed = services.list_team_workspaces(team_db.url("bob"))
        assert [(w.id, w.name, w.role) for w in listed] == [(team.workspace_id, "Acme", "editor")]
        a, b, c = (visible_state(team[p]) for p in ("alice", "bob", "carol"))
        assert a == b == c
        assert sorted(i.name for i in services.list_scope(team["bob"])) == ["Payroll vendor", "Production AWS"]
        status = services.team_status(team["carol"])
        assert status is not None and status.workspace_id == team.workspace_id and status.pending == 0
        assert "password" not in status.server
    finally:
        team.close()


EDITS_THEN_SYNC_ORDERS = list(itertools.permutations(("alice", "bob", "carol")))


@pytest.mark.parametrize("order", EDITS_THEN_SYNC_ORDERS, ids=["-".join(o) for o in EDITS_THEN_SYNC_ORDERS])
def test_edits_on_three_replicas_converge_whatever_the_order(team_db, tmp_path: Path, order: tuple[str, ...]) -> None:
    team = Team(team_db, tmp_path)
    try:
        x, y = first_controls(team["alice"], 2)
        # Different fields of one control: both kept.
        services.update_control(team["alice"], x, owner="Alice Ng")
        services.update_control(team["bob"], x, notes="Runbook in the wiki")
        # The same field on two replicas: a conflict.
        services.update_control(team["alice"], y, owner="Alice Ng")
        services.update_control(team["carol"], y, owner="Carol Diaz")
        # Rows added and removed.
        services.add_scope_item(team["bob"], "vendor", "Email provider")
        vendor = next(i for i in services.list_scope(team["carol"]) if i.name == "Payroll vendor")
        services.remove_scope_item(team["carol"], vendor.id)
        services.update_profile(team["carol"], employees=55)
        services.set_override(team["bob"], "audit.type2.boutique", low=20000, high=30000, note="quote from Smith LLP")

        for person in order:
            services.sync_workspace(team[person])
        team.settle()

        states = [visible_state(team[p]) for p in ("alice", "bob", "carol")]
        assert states[0] == states[1] == states[2]
        st = services.control_state(team["bob"], x)
        assert (st.owner, st.notes) == ("Alice Ng", "Runbook in the wiki")
        assert sorted(i.name for i in services.list_scope(team["alice"])) == ["Email provider", "Production AWS"]
        assert services.get_answers(team["alice"]).company.employees == 55
        assert services.list_overrides(team["carol"])["audit.type2.boutique"].low == 20000
        winner = services.control_state(team["alice"], y).owner
        assert winner in ("Alice Ng", "Carol Diaz")
        loser = ({"Alice Ng", "Carol Diaz"} - {winner}).pop()
        for person in ("alice", "carol"):
            found = [c for c in services.team_conflicts(team[person]) if c.field == "owner" and c.rowkey == y]
            assert len(found) == 1, person
            assert (found[0].kept_value, found[0].lost_value) == (winner, loser)
        assert services.team_conflicts(team["bob"]) == []
        # The losing value is in the log (written by the replica whose edit lost, seen everywhere).
        lost_by = "alice" if loser == "Alice Ng" else "carol"
        entries = [e for e in services.activity(team["bob"]) if e.action == "sync conflict"]
        assert len(entries) == 1
        assert entries[0].before["value"] == loser and entries[0].after["value"] == winner
        assert f"{lost_by}-laptop" in entries[0].actor
    finally:
        team.close()


def test_taking_the_losing_value_wins_everywhere(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=("bob",))
    try:
        (x,) = first_controls(team["alice"], 1)
        services.update_control(team["alice"], x, owner="Alice")
        services.update_control(team["bob"], x, owner="Bob")
        team.sync("alice", "bob", "alice")
        [conflict] = services.team_conflicts(team["alice"])
        other = ({"Alice", "Bob"} - {conflict.kept_value}).pop()
        assert conflict.lost_value == other
        services.take_conflict_value(team["alice"], conflict.id)
        assert services.control_state(team["alice"], x).owner == other
        assert services.team_conflicts(team["alice"]) == []
        team.settle()
        assert services.control_state(team["bob"], x).owner == other
        assert visible_state(team["alice"]) == visible_state(team["bob"])
    finally:
        team.close()


def test_activity_from_each_replica_arrives_everywhere_naming_who_and_where(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path)
    try:
        (x,) = first_controls(team["alice"], 1)
        services.update_control(team["bob"], x, status="in_progress")
        team.settle()
        for person in ("alice", "carol"):
            entry = next(e for e in services.activity(team[person]) if e.action == "update control" and e.target == x)
            assert entry.actor.startswith("Bob [replica bob-laptop")
            assert team_db.role("bob") in entry.actor
            assert entry.after == {"status": "in_progress"}
        # alice's history before publishing travelled too.
        carol_actions = [e.action for e in services.activity(team["carol"])]
        assert "create workspace" in carol_actions and "add system" in carol_actions
        # No entry is sent back to where it came from.
        alice_log = services.activity(team["alice"])
        assert len([e for e in alice_log if e.action == "add system"]) == 1
    finally:
        team.close()


def test_evidence_travels_by_hash_and_is_checked_on_download(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=("bob",))
    try:
        (x,) = first_controls(team["alice"], 1)
        content = b"access review, signed\n" * 100
        services.add_evidence_bytes(team["alice"], x, name="review.txt", content=content)
        services.add_evidence_link(team["alice"], x, "https://wiki.example.com/runbook")
        team.sync("alice", "bob")
        [f] = [e for e in services.list_evidence(team["bob"], x) if e.kind == "file"]
        assert services.evidence_content(team["bob"], f.id) == content

        # A file altered on the server is refused, and bob's replica is left as it was.
        other = b"second file"
        services.add_evidence_bytes(team["alice"], x, name="second.txt", content=other)
        services.sync_workspace(team["alice"])
        with team_db.admin() as conn:
            conn.execute("ALTER TABLE soc2wizard.evidence DISABLE TRIGGER evidence_append_only")
            for (name,) in conn.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'soc2wizard.evidence'::regclass AND contype = 'c'"
            ).fetchall():
                conn.execute(f"ALTER TABLE soc2wizard.evidence DROP CONSTRAINT {name}")
            conn.execute("UPDATE soc2wizard.evidence SET content = 'tampered'::bytea WHERE content = %s", [other])
        before = visible_state(team["bob"])
        with pytest.raises(services.TeamError, match="does not match its SHA-256"):
            services.sync_workspace(team["bob"])
        assert visible_state(team["bob"]) == before
    finally:
        team.close()


def test_a_deletion_is_a_tombstone_that_reaches_every_replica(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=("bob",))
    try:
        item = next(i for i in services.list_scope(team["alice"]) if i.name == "Production AWS")
        services.remove_scope_item(team["alice"], item.id)
        team.settle()
        assert [i.name for i in services.list_scope(team["bob"])] == ["Payroll vendor"]
        # Undo brings it back, everywhere.
        services.restore_scope_item(team["alice"], item)
        team.settle()
        assert sorted(i.name for i in services.list_scope(team["bob"])) == ["Payroll vendor", "Production AWS"]
    finally:
        team.close()


def test_a_viewer_reads_but_cannot_push(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=())
    try:
        services.set_team_member(team["alice"], team_db.role("vera"), "viewer")
        v = services.clone_workspace(team_db.url("vera"), tmp_path / "vera.soc2", team.workspace_id)
        (x,) = first_controls(v, 1)
        services.update_control(v, x, owner="Vera")
        result = services.sync_workspace(v)
        assert result.role == "viewer" and result.pushed == 0
        assert result.not_pushed == result.pending == services.team_status(v).pending > 0
        services.sync_workspace(team["alice"])
        assert services.control_state(team["alice"], x).owner == ""
        # The database itself refuses, whatever the app does.
        with psycopg.connect(team_db.url("vera"), autocommit=True) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                conn.execute(
                    "INSERT INTO soc2wizard.changes (workspace, change_id, tbl, rowkey, field, value, hlc, replica,"
                    " base_hlc, base_replica, actor) VALUES (%s, %s, 'control_states', %s, 'owner', '\"Vera\"',"
                    " 1, 'r', 0, '', 'Vera')",
                    [team.workspace_id, str(uuid.uuid4()), x],
                )
        # Her local edit is kept; alice's changes still reach her.
        services.update_control(team["alice"], x, notes="from alice")
        services.sync_workspace(team["alice"])
        services.sync_workspace(v)
        assert (services.control_state(v, x).owner, services.control_state(v, x).notes) == ("Vera", "from alice")
        v.close()
    finally:
        team.close()


def test_row_level_security_hides_another_teams_workspace(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=())
    try:
        o = services.create_workspace(tmp_path / "olga.soc2", name="Other Co")
        other_id = services.publish_workspace(o, team_db.url("olga"))
        o.close()
        assert [w.id for w in services.list_team_workspaces(team_db.url("alice"))] == [team.workspace_id]
        assert [w.id for w in services.list_team_workspaces(team_db.url("olga"))] == [other_id]
        with psycopg.connect(team_db.url("alice"), autocommit=True) as conn:
            for table in ("changes", "activity", "members", "workspaces", "evidence"):
                key = "id" if table == "workspaces" else "workspace"
                n = conn.execute(f"SELECT count(*) FROM soc2wizard.{table} WHERE {key} = %s", [other_id]).fetchone()[0]
                assert n == 0, table
            assert conn.execute("SELECT count(*) FROM soc2wizard.changes").fetchone()[0] > 0
        with pytest.raises(services.AccessDenied, match="sees no team workspace"):
            services.clone_workspace(team_db.url("alice"), tmp_path / "stolen.soc2", other_id)
        assert not (tmp_path / "stolen.soc2").exists()
        # Only an owner changes members: olga cannot add herself to alice's workspace.
        with psycopg.connect(team_db.url("olga"), autocommit=True) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only an owner"):
                conn.execute("SELECT soc2wizard.set_member(%s, %s, 'owner')", [team.workspace_id, team_db.role("olga")])
    finally:
        team.close()


def test_the_change_log_on_the_server_is_append_only(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=())
    try:
        with psycopg.connect(team_db.url("alice"), autocommit=True) as conn:
            with pytest.raises(psycopg.Error):
                conn.execute("DELETE FROM soc2wizard.changes")
        with team_db.admin() as conn:  # not even its owner may rewrite it
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute("UPDATE soc2wizard.changes SET value = 'x'")
    finally:
        team.close()


def test_a_removed_member_is_told_so_and_keeps_the_local_copy(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=("bob",))
    try:
        services.set_team_member(team["alice"], team_db.role("bob"), None)
        assert [m.member for m in services.team_members(team["alice"])] == [team_db.role("alice")]
        (x,) = first_controls(team["bob"], 1)
        services.update_control(team["bob"], x, owner="Bob")
        with pytest.raises(services.AccessDenied, match="is not a member of team workspace"):
            services.sync_workspace(team["bob"])
        assert services.control_state(team["bob"], x).owner == "Bob"
        with pytest.raises(services.AccessDenied, match="only an owner"):
            services.set_team_member(team["bob"], team_db.role("bob"), "owner")
    finally:
        team.close()
