"""Offline, a server stopped mid-way, a push cut half-way, retries, passwords and TLS."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import psycopg
import pytest

from soc2wizard import secrets, services
from soc2wizard.team import server as sv
from soc2wizard.team import sync as team_sync
from tests.team.conftest import TeamDb
from tests.team.helpers import Team, first_controls, visible_state
from tests.team.pgcluster import Cluster, find_bindir


def _server_changes(db: TeamDb) -> int:
    with db.admin() as conn:
        return int(conn.execute("SELECT count(*) FROM soc2wizard.changes").fetchone()[0])


@pytest.fixture()
def own_server(pg_roles: str):
    """A cluster of this test's own, so it can be stopped and started again."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("stopping a server needs PostgreSQL's server programs (initdb, pg_ctl)")
    cluster = Cluster(bindir).start()
    try:
        from tests.team.conftest import PEOPLE, Server

        with psycopg.connect(cluster.url, autocommit=True) as conn:
            for person in PEOPLE:
                conn.execute(f"CREATE ROLE {pg_roles}_{person} LOGIN PASSWORD 'pw-{pg_roles}-{person}'")
            conn.execute("CREATE DATABASE team")
        db = TeamDb(Server(cluster.url, cluster), "team", pg_roles)
        services.setup_team_server(db.url())
        yield db, cluster
    finally:
        cluster.destroy()


def test_server_stopped_mid_way_loses_nothing_and_the_next_sync_completes(own_server, tmp_path: Path) -> None:
    db, cluster = own_server
    team = Team(db, tmp_path, people=("bob",))
    try:
        x, y, z = first_controls(team["alice"], 3)
        services.update_control(team["alice"], x, owner="Alice")
        team.sync("alice")
        cluster.stop()
        services.update_control(team["alice"], y, owner="Alice, offline")
        services.update_control(team["bob"], z, notes="Bob, offline")
        for person in ("alice", "bob"):
            with pytest.raises(services.ServerUnreachable) as info:
                services.sync_workspace(team[person])
            message = str(info.value)
            assert "\n" not in message and "cannot reach the team server" in message and "kept" in message
            status = services.team_status(team[person])
            assert status is not None and status.pending > 0 and status.last_error == message
        # The edits are saved locally all the same.
        assert services.control_state(team["alice"], y).owner == "Alice, offline"
        cluster.resume()
        team.settle()
        for person in ("alice", "bob"):
            s = team[person]
            assert services.control_state(s, x).owner == "Alice"
            assert services.control_state(s, y).owner == "Alice, offline"
            assert services.control_state(s, z).notes == "Bob, offline"
            status = services.team_status(s)
            assert status is not None and status.pending == 0 and status.last_error is None
        assert visible_state(team["alice"]) == visible_state(team["bob"])
    finally:
        team.close()


def test_a_push_cut_half_way_leaves_both_sides_as_they_were(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=("bob",))
    try:
        controls = first_controls(team["alice"], 5)
        for i, cid in enumerate(controls):
            services.update_control(team["alice"], cid, owner=f"Owner {i}")
        on_server = _server_changes(team_db)
        pending = services.team_status(team["alice"]).pending
        # The server fails the transaction after some rows went in (a row-level trigger on the last one).
        with team_db.admin() as conn:
            conn.execute(
                "CREATE FUNCTION public.cut() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.value = '\"Owner 4\"' THEN RAISE EXCEPTION 'connection cut'; END IF; RETURN NEW; END $$"
            )
            conn.execute(
                "CREATE TRIGGER cut BEFORE INSERT ON soc2wizard.changes FOR EACH ROW EXECUTE FUNCTION public.cut()"
            )
        with pytest.raises(services.TeamError):
            services.sync_workspace(team["alice"])
        assert _server_changes(team_db) == on_server
        assert services.team_status(team["alice"]).pending == pending
        with team_db.admin() as conn:
            conn.execute("DROP TRIGGER cut ON soc2wizard.changes")
        team.settle()
        assert [services.control_state(team["bob"], c).owner for c in controls] == [f"Owner {i}" for i in range(5)]
    finally:
        team.close()


def test_a_retry_after_a_lost_answer_is_skipped_by_change_id(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=("bob",))
    try:
        (x,) = first_controls(team["alice"], 1)
        services.update_control(team["alice"], x, owner="Alice", notes="once")
        repo = team["alice"].repo
        out = team_sync.prepare(repo)
        team_sync.exchange(out)  # the server commits; the answer "never arrives" (finish is not called)
        after_first = _server_changes(team_db)
        assert services.team_status(team["alice"]).pending == len(out.changes) > 0
        result = services.sync_workspace(team["alice"])  # the retry
        assert result.pushed == 0 and _server_changes(team_db) == after_first
        assert services.team_status(team["alice"]).pending == 0
        team.settle()
        entries = [e for e in services.activity(team["bob"]) if e.action == "update control" and e.target == x]
        assert len(entries) == 1
        assert services.control_state(team["bob"], x).notes == "once"
    finally:
        team.close()


def test_a_replica_far_behind_catches_up(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=("bob",))
    try:
        controls = first_controls(team["alice"], 40)
        for round_ in range(5):
            for cid in controls:
                services.update_control(team["alice"], cid, notes=f"round {round_}")
            services.sync_workspace(team["alice"])
        result = services.sync_workspace(team["bob"])
        assert result.pulled > 0
        assert {services.control_state(team["bob"], c).notes for c in controls} == {"round 4"}
    finally:
        team.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_offline_publish_and_list_say_so_in_one_line(tmp_path: Path) -> None:
    url = f"postgresql://alice@127.0.0.1:{_closed_port()}/team"
    with pytest.raises(services.ServerUnreachable) as info:
        services.list_team_workspaces(url)
    assert "\n" not in str(info.value) and "connection refused" in str(info.value)
    with services.create_workspace(tmp_path / "a.soc2", name="Acme") as s:
        with pytest.raises(services.ServerUnreachable):
            services.publish_workspace(s, url)
        assert services.team_status(s) is None  # nothing half-published


def test_wrong_password_and_missing_password_are_told_apart_from_being_offline(
    team_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = team_db.tcp_url("alice")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    store = secrets.MemorySecrets()
    old = secrets.use(store)
    try:
        with pytest.raises(services.AccessDenied, match="wrong password, or none at hand"):
            services.list_team_workspaces(url)
        monkeypatch.setenv("PGPASSWORD", "not it")
        with pytest.raises(services.AccessDenied, match=f"refused role '{team_db.role('alice')}'"):
            services.list_team_workspaces(url)
        monkeypatch.setenv("PGPASSWORD", team_db.password("alice"))
        assert services.list_team_workspaces(url) == []
        # From the keychain, when neither PGPASSWORD nor .pgpass has it.
        monkeypatch.delenv("PGPASSWORD")
        services.remember_team_password(url, team_db.password("alice"))
        assert services.list_team_workspaces(url) == []
        # From ~/.pgpass.
        store.items.clear()
        pgpass = tmp_path / "pgpass"
        pgpass.write_text(f"127.0.0.1:*:*:{team_db.role('alice')}:{team_db.password('alice')}\n")
        pgpass.chmod(0o600)
        monkeypatch.setenv("PGPASSFILE", str(pgpass))
        with services.create_workspace(tmp_path / "a.soc2", name="Acme") as s:
            workspace_id = services.publish_workspace(s, url)
            services.update_control(s, first_controls(s, 1)[0], owner="Alice")
            services.sync_workspace(s)
        # The password is nowhere in the workspace.
        data = (tmp_path / "a.soc2").read_bytes()
        assert team_db.password("alice").encode() not in data
        assert workspace_id
    finally:
        secrets.use(old)


def test_a_password_in_the_url_is_used_but_never_kept(team_db, tmp_path: Path) -> None:
    port = psycopg.conninfo.conninfo_to_dict(team_db.url())["port"]
    password = team_db.password("alice")
    url = f"postgresql://{team_db.role('alice')}:{password}@127.0.0.1:{port}/{team_db.dbname}"
    store = secrets.MemorySecrets()
    old = secrets.use(store)
    try:
        with services.create_workspace(tmp_path / "a.soc2", name="Acme") as s:
            services.publish_workspace(s, url)
            status = services.team_status(s)
            assert status is not None and password not in status.server and "127.0.0.1" in status.server
            # Kept in the keychain instead, so the next sync needs no password typed.
            assert list(store.items.values()) == [password]
            services.update_control(s, first_controls(s, 1)[0], owner="Alice")
            assert services.sync_workspace(s).pushed > 0
        assert password.encode() not in (tmp_path / "a.soc2").read_bytes()
        # Without a keychain, publishing still works and says what later syncs need.
        secrets.use(_NoKeychain())
        with services.create_workspace(tmp_path / "b.soc2", name="Beta") as s:
            services.publish_workspace(s, url)
            assert any("PGPASSWORD" in n for n in s.notices)
        assert password.encode() not in (tmp_path / "b.soc2").read_bytes()
    finally:
        secrets.use(old)


class _NoKeychain(secrets.MemorySecrets):
    def set(self, key: str, value: str) -> None:
        raise secrets.KeychainUnavailable("no keychain is available on this machine")

    def get(self, key: str) -> str | None:
        raise secrets.KeychainUnavailable("no keychain is available on this machine")


def test_a_role_without_membership_or_schema_rights_gets_a_clear_message(pg_server, pg_roles, tmp_path: Path) -> None:
    import uuid

    dbname = f"soc2wizard_empty_{uuid.uuid4().hex[:8]}"
    with pg_server.admin() as conn:
        conn.execute(f"CREATE DATABASE {dbname}")
    try:
        db = TeamDb(pg_server, dbname, pg_roles)
        with services.create_workspace(tmp_path / "a.soc2", name="Acme") as s:
            with pytest.raises(services.AccessDenied, match="team setup URL"):
                services.publish_workspace(s, db.url("alice"))
        with pytest.raises(services.TeamError, match="no soc2wizard schema yet"):
            services.list_team_workspaces(db.url("alice"))
    finally:
        with pg_server.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")


@pytest.mark.parametrize(
    "url, sslmode",
    [
        ("postgresql://alice@db.example.com/team", "require"),
        ("postgresql://alice@db.example.com/team?sslmode=verify-full", "verify-full"),
        ("postgresql://alice@127.0.0.1:5433/team", None),
        ("postgresql://alice@[::1]/team", None),
        ("postgresql:///team?host=/var/run/postgresql", None),
        ("host=localhost dbname=team", None),
    ],
)
def test_tls_is_required_off_this_machine(url: str, sslmode: str | None) -> None:
    assert sv.parse_url(url).get("sslmode") == sslmode


@pytest.mark.parametrize("mode", ["disable", "allow", "prefer"])
def test_a_remote_server_without_tls_is_refused_before_connecting(mode: str) -> None:
    with pytest.raises(services.TeamError, match="TLS is required"):
        services.check_team_url(f"postgresql://alice@db.example.com/team?sslmode={mode}")


def test_the_url_a_workspace_keeps_has_no_password() -> None:
    assert sv.redact("postgresql://alice:s3cret@db.example.com:5432/team?sslmode=require&password=x") == (
        "postgresql://alice@db.example.com:5432/team?sslmode=require"
    )
    assert sv.redact("host=db dbname=team password=s3cret") == "host=db dbname=team"
    assert sv.redact("postgresql:///team?host=/var/run/postgresql&password=x") == (
        "postgresql:///team?host=/var/run/postgresql"
    )


def test_values_from_the_server_that_break_the_rules_are_refused_and_the_rest_applied(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=("bob",))
    try:
        x, y = first_controls(team["alice"], 2)
        services.update_control(team["bob"], y, owner="Bob")
        services.sync_workspace(team["bob"])
        # bob's role writes a value no app would write (a status that does not exist), straight into the table.
        with psycopg.connect(team_db.url("bob"), autocommit=True) as conn:
            conn.execute(
                "INSERT INTO soc2wizard.changes (workspace, change_id, tbl, rowkey, field, value, hlc, replica,"
                " base_hlc, base_replica, actor) VALUES (%s, gen_random_uuid(), 'control_states', %s, 'status',"
                " '[\"hacked\", \"\"]', %s, 'rogue', 0, '', 'Mallory')",
                [team.workspace_id, x, int(time.time() * 1000) << 16],
            )
            # ... and one dated far ahead, which would otherwise win every later edit.
            conn.execute(
                "INSERT INTO soc2wizard.changes (workspace, change_id, tbl, rowkey, field, value, hlc, replica,"
                " base_hlc, base_replica, actor) VALUES (%s, gen_random_uuid(), 'control_states', %s, 'notes',"
                " '\"from the future\"', %s, 'rogue', 0, '', 'Mallory')",
                [team.workspace_id, y, 1 << 60],
            )
        result = services.sync_workspace(team["alice"])
        assert len(result.refused) == 2
        assert result.refused[0].startswith("a change by Mallory dated ")
        assert result.refused[1].startswith(f"control {x} (")
        assert services.control_state(team["alice"], y).notes == ""
        assert services.control_state(team["alice"], x).status == "not_started"
        assert services.control_state(team["alice"], y).owner == "Bob"
        assert services.sync_workspace(team["alice"]).refused == []  # not fetched again
    finally:
        team.close()
