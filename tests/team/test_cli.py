"""The team commands as a person types them: publish, list, clone, sync, conflicts, members."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import pytest

from soc2wizard import services
from soc2wizard.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_publish_list_clone_sync_and_conflicts_from_the_command_line(
    team_db, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a.soc2", tmp_path / "b.soc2"
    assert run(capsys, "new", str(a), "--name", "Acme")[0] == 0
    code, out, err = run(capsys, "team", "publish", str(a), "--server", team_db.url("alice"))
    assert code == 0, err
    workspace_id = out.strip()
    assert str(uuid.UUID(workspace_id)) == workspace_id
    assert f"--workspace {workspace_id}" in err

    code, out, _ = run(capsys, "team", "members", str(a), "--add", team_db.role("bob"), "--as", "editor")
    assert code == 0 and f"editor  {team_db.role('bob')}" in out and f"owner   {team_db.role('alice')}" in out

    code, out, _ = run(capsys, "team", "list", team_db.url("bob"))
    assert code == 0 and out.startswith(f"{workspace_id}  editor  Acme")
    code, out, err = run(capsys, "team", "clone", team_db.url("bob"), str(b), "--workspace", workspace_id)
    assert code == 0, err
    assert f"into {b}: Acme" in out

    with services.open_workspace(a) as s:
        control = services.checklist(s)[0].control.id
        services.update_control(s, control, owner="Alice")
    with services.open_workspace(b) as s:
        services.update_control(s, control, owner="Bob")
    code, out, _ = run(capsys, "sync", str(a))
    assert code == 0 and out.startswith(f"Synced {a}: sent ")
    code, out, _ = run(capsys, "sync", str(b))
    assert code == 0
    conflict_line = next(line for line in out.splitlines() if line.startswith("conflict "))
    assert f"control {control} · owner" in conflict_line
    assert "'Alice'" in conflict_line and "'Bob'" in conflict_line
    assert "--take N" in out

    code, out, _ = run(capsys, "team", "conflicts", str(b))
    assert code == 0 and out.startswith("conflict ")
    conflict_id = out.split()[1].rstrip(":")
    with services.open_workspace(b) as s:
        lost = services.team_conflicts(s)[0].lost_value
    code, out, _ = run(capsys, "team", "conflicts", str(b), "--take", conflict_id)
    assert code == 0 and f"is {lost!r} again" in out
    assert run(capsys, "sync", str(b))[0] == 0
    assert run(capsys, "sync", str(a))[0] == 0
    with services.open_workspace(a) as s:
        assert services.control_state(s, control).owner == lost


def test_sync_offline_is_one_line_and_exit_1_and_keeps_the_edit(
    team_db, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.soc2"
    run(capsys, "new", str(a), "--name", "Acme")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert run(capsys, "team", "publish", str(a), "--server", team_db.url("alice"))[0] == 0
    # The server moves away (the kept address now points at a closed port).
    with services.open_workspace(a) as s:
        control = services.checklist(s)[0].control.id
        services.update_control(s, control, owner="Alice")
        s.repo.db.execute(
            "UPDATE sync_state SET server_url = ?", [f"postgresql://{team_db.role('alice')}@127.0.0.1:{port}/team"]
        )
        s.repo.db.conn.commit()
    code, out, err = run(capsys, "sync", str(a))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("soc2wizard: error: cannot reach the team server 127.0.0.1:")
    with services.open_workspace(a) as s:
        assert services.control_state(s, control).owner == "Alice"
        assert services.team_status(s).pending > 0


def test_sync_of_a_workspace_not_shared_says_how_to_share_it(tmp_path: Path, capsys) -> None:
    a = tmp_path / "a.soc2"
    run(capsys, "new", str(a), "--name", "Acme")
    code, _out, err = run(capsys, "sync", str(a))
    assert code == 1 and "team publish" in err and "team clone" in err


def test_clone_of_a_bad_id_or_a_workspace_one_cannot_see(team_db, tmp_path: Path, capsys) -> None:
    code, _out, err = run(capsys, "team", "clone", team_db.url("bob"), str(tmp_path / "x.soc2"), "--workspace", "nope")
    assert code == 1 and "--workspace: 'nope' is not a workspace id" in err
    code, _out, err = run(
        capsys, "team", "clone", team_db.url("bob"), str(tmp_path / "x.soc2"), "--workspace", str(uuid.uuid4())
    )
    assert code == 1 and "sees no team workspace" in err
    assert not (tmp_path / "x.soc2").exists()


def test_a_remote_url_without_tls_is_refused(tmp_path: Path, capsys) -> None:
    code, _out, err = run(capsys, "team", "list", "postgresql://alice@db.example.com/team?sslmode=disable")
    assert code == 1 and "TLS is required" in err


def test_clone_encrypt_makes_an_encrypted_replica_that_syncs(
    team_db, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a.soc2", tmp_path / "b.soc2"
    assert run(capsys, "new", str(a), "--name", "Acme")[0] == 0
    code, out, err = run(capsys, "team", "publish", str(a), "--server", team_db.url("alice"))
    assert code == 0, err
    workspace_id = out.strip()
    assert run(capsys, "team", "members", str(a), "--add", team_db.role("bob"))[0] == 0

    code, _out, err = run(
        capsys, "team", "clone", team_db.url("bob"), str(b), "--workspace", workspace_id, "--remember"
    )
    assert code == 1 and "--remember only applies with --encrypt" in err and not b.exists()

    monkeypatch.setenv("SOC2WIZARD_PASSPHRASE", "correct horse battery staple")
    code, out, err = run(capsys, "team", "clone", team_db.url("bob"), str(b), "--workspace", workspace_id, "--encrypt")
    assert code == 0, err
    assert f"into {b}: Acme" in out and out.rstrip().endswith("(encrypted).")
    assert not b.read_bytes().startswith(b"SQLite format 3")  # the whole file is ciphertext
    assert b"Acme" not in b.read_bytes()

    with services.open_workspace(a) as s:
        control = services.checklist(s)[0].control.id
        services.update_control(s, control, owner="Alice")
    assert run(capsys, "sync", str(a))[0] == 0
    code, out, err = run(capsys, "sync", str(b))  # the passphrase from SOC2WIZARD_PASSPHRASE
    assert code == 0, err
    with services.open_workspace(b, passphrase="correct horse battery staple") as s:
        assert services.control_state(s, control).owner == "Alice"
        assert services.team_status(s).workspace_id == workspace_id
    monkeypatch.delenv("SOC2WIZARD_PASSPHRASE")
    with pytest.raises(services.WorkspaceError):
        services.open_workspace(b, passphrase="wrong").close()
