"""Every table a user writes reaches every replica (migration 007), and a future table cannot be left out silently."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from soc2wizard import services
from soc2wizard.team import tables as rp
from tests.team.helpers import Team, visible_state

# Columns of a synced table that travel another way, and why.
CARRIED_OTHERWISE = {("evidence", "content"): "a file's bytes travel content-addressed by sha256, not as a field"}


def _schema(tmp_path: Path) -> sqlite3.Connection:
    s = services.create_workspace(tmp_path / "schema.soc2", name="Schema")
    s.close()
    return sqlite3.connect(tmp_path / "schema.soc2")


def test_every_table_of_the_workspace_is_synced_or_kept_local_with_a_reason(tmp_path: Path) -> None:
    db = _schema(tmp_path)
    tables = {
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    }
    unaccounted = tables - set(rp.TABLES) - set(rp.LOCAL_ONLY)
    assert not unaccounted, f"tables neither synced (team/replica.py TABLES) nor in LOCAL_ONLY: {sorted(unaccounted)}"
    assert not set(rp.TABLES) & set(rp.LOCAL_ONLY)
    assert all(len(reason) > 20 for reason in rp.LOCAL_ONLY.values())
    assert set(rp.TABLES) <= tables
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name, spec in rp.TABLES.items():
        # Without its triggers a table's edits are never noted, so never sent.
        assert {f"sync_{name}_{op}" for op in ("insert", "update", "delete")} <= triggers, name
        # Every column is a key or a field: a column added later must be synced or explained.
        columns = {r[1] for r in db.execute(f"PRAGMA table_info({name})")}
        covered = {spec.key, *spec.natural, *(c for group in spec.fields.values() for c in group)}
        left = {c for c in columns - covered if (name, c) not in CARRIED_OTHERWISE}
        assert not left, f"{name}: columns not synced: {sorted(left)}"


def test_policies_risks_descriptions_and_snapshots_reach_every_replica(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path)
    try:
        policy = services.policies(team["bob"])[0].key
        risk = services.risk_register(team["alice"])[0].key
        section = services.system_description(team["carol"])[0].key
        services.approve_policy(team["bob"], policy, approver="Bob Lee", approved_on="2026-11-02", note="board")
        services.update_risk(team["alice"], risk, title="Laptops stolen from the office")
        own = services.add_risk(team["carol"], title="Key person leaves", likelihood=2, impact=4)
        services.edit_description_section(team["carol"], section, "We run one product on AWS in two regions.")
        wording = "Keep laptops locked.\n\nThe IT lead checks every laptop's disk encryption each quarter."
        services.edit_policy_text(team["carol"], policy, wording)
        services.take_snapshot(team["alice"], "Kick-off", today=dt.date(2026, 11, 1))
        team.settle()
        services.acknowledge_policy(team["alice"], policy, person="Dana", acknowledged_on="2026-11-05")
        team.settle()

        for person in ("alice", "bob", "carol"):
            s = team[person]
            p = next(x for x in services.policies(s) if x.key == policy)
            assert p.current is not None and (p.current.version, p.current.approver) == (1, "Bob Lee"), person
            assert [(a.person, a.version) for a in p.acknowledgements] == [("Dana", 1)], person
            risks = {r.key: r for r in services.risk_register(s)}
            assert risks[risk].title == "Laptops stolen from the office", person
            assert (risks[own.key].title, risks[own.key].impact) == ("Key person leaves", 4), person
            text = {x.key: x.text for x in services.system_description(s)}[section]
            assert text == "We run one product on AWS in two regions.", person
            assert [n.name for n in services.list_snapshots(s)] == ["Kick-off"], person
            assert (p.edited, p.statements) == (
                True,
                ("The IT lead checks every laptop's disk encryption each quarter.",),
            ), person
        states = [visible_state(team[p]) for p in ("alice", "bob", "carol")]
        assert states[0]["fields"] == states[1]["fields"] == states[2]["fields"]
    finally:
        team.close()


def test_the_same_policy_version_approved_on_two_replicas_is_one_version_and_a_conflict(
    team_db, tmp_path: Path
) -> None:
    team = Team(team_db, tmp_path)
    try:
        policy = services.policies(team["alice"])[0].key
        services.approve_policy(team["alice"], policy, approver="Alice Ng", approved_on="2026-11-02")
        services.approve_policy(team["bob"], policy, approver="Bob Lee", approved_on="2026-11-03")
        results = [services.sync_workspace(team[p]) for p in ("alice", "bob")]
        team.settle()
        assert all(not r.refused for r in results)
        versions = []
        for person in ("alice", "bob", "carol"):
            p = next(x for x in services.policies(team[person]) if x.key == policy)
            versions.append([(v.version, v.approver, str(v.approved_on)) for v in p.versions])
        # One version 1 everywhere (the later edit's), not two rows one replica would refuse.
        assert versions[0] == versions[1] == versions[2] == [(1, "Bob Lee", "2026-11-03")]
        found = [c for c in services.team_conflicts(team["alice"]) if c.field == "approver"]
        assert [(c.label, c.kept_value, c.lost_value) for c in found] == [
            (f"policy approval {policy} 1 · approver", "Bob Lee", "Alice Ng")
        ]
    finally:
        team.close()


def test_a_replica_made_before_migration_008_sends_its_records_at_the_next_sync(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path)
    try:
        policy = services.policies(team["bob"])[0].key
        path = team["bob"].path
        team["bob"].close()
        # Bob's file as format 7 left it: no 008 triggers, and records written without being noted.
        db = sqlite3.connect(path)
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_%' AND tbl_name IN"
            " ('snapshots', 'description_edits', 'policy_edits', 'risk_entries', 'policy_versions',"
            " 'policy_acknowledgements')"
        ).fetchall():
            db.execute(f"DROP TRIGGER {name}")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '008_team_sync_more'")
        db.execute("PRAGMA user_version = 7")
        db.execute(
            "INSERT INTO policy_versions (policy_key, version, approver, approved_on, next_review, note)"
            " VALUES (?, 1, 'Bob Lee', '2026-10-01', '2027-10-01', '')",
            [policy],
        )
        db.commit()
        db.close()

        bob = team.sessions["bob"] = services.open_workspace(path)  # migrates to 8
        assert services.team_status(bob).pending >= 1
        team.settle()
        p = next(x for x in services.policies(team["alice"]) if x.key == policy)
        assert p.current is not None and (p.current.approver, str(p.current.approved_on)) == ("Bob Lee", "2026-10-01")
    finally:
        team.close()
