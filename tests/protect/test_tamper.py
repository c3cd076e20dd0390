"""Links, export targets, plaintext left behind, and a tamper-evident activity log."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from soc2wizard import cli, services
from soc2wizard.report import ExportError
from soc2wizard.store.workspace import WorkspaceError

from .conftest import PASS


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **extra}


# --- links -----------------------------------------------------------------------


def test_encrypting_through_a_link_encrypts_the_real_file_and_keeps_the_link(workspace, tmp_path):
    """The real file becomes ciphertext; the link stays a link to it, and opens it with the passphrase."""
    real = workspace.path
    workspace.close()
    link = tmp_path / "link.soc2"
    link.symlink_to(real)
    with services.open_workspace(link) as s:
        assert "now encrypted" in services.encrypt_workspace(s, PASS)
    assert link.is_symlink() and Path(os.readlink(link)) == real
    assert not real.read_bytes().startswith(b"SQLite format 3")
    with services.open_workspace(link, passphrase=PASS) as s:
        assert s.encrypted and services.get_answers(s).company.name == "Acme Health"


def test_a_link_and_the_real_path_share_one_lock(workspace, tmp_path):
    """Opening the same file through a link while it is open gives a read-only session, not a second writer."""
    link = tmp_path / "other-name.soc2"
    link.symlink_to(workspace.path)
    with services.open_workspace(link) as second:
        assert second.read_only and second.locked_by
        with pytest.raises(WorkspaceError, match="read-only"):
            services.update_profile(second, employees=3)


# --- export targets ----------------------------------------------------------------


def test_an_export_over_a_fifo_is_refused_and_the_fifo_kept(workspace, tmp_path, capsys):
    """A FIFO at the target is left alone and the message says why; nothing else is written."""
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="not a regular file"):
        services.export_csv(workspace, fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("acme")) == ["out.csv"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making a device node needs root")
def test_an_export_over_a_device_is_refused(demo, tmp_path, capsys):
    """A character device (a copy of /dev/null made here) stays a device: the PDF export is refused."""
    dev = tmp_path / "null"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    path = demo.path
    demo.close()
    assert cli.main(["export", str(path), "--pdf", str(dev)]) == 1
    assert "not a regular file" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat(dev).st_mode)


def test_an_export_through_a_link_replaces_the_file_it_names(workspace, tmp_path):
    """The link stays a link; the regular file it points at gets the export, written beside it."""
    target = tmp_path / "real" / "plan.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "plan-link.json"
    link.symlink_to(target)
    services.export_json(workspace, link)
    assert link.is_symlink()
    assert json.loads(target.read_text())["format"] == "soc2wizard-workspace/1"


# --- plaintext left behind ---------------------------------------------------------


def test_evidence_opened_from_an_encrypted_workspace_goes_with_the_session(encrypted):
    """The decrypted copy sits in an owner-only folder that closing the workspace removes."""
    cid = services.checklist(encrypted)[0].control.id
    e = services.add_evidence_bytes(encrypted, cid, name="minutes.txt", content=b"board minutes")
    copy = services.evidence_copy(encrypted, e.id)
    assert copy.read_bytes() == b"board minutes" and copy.name == "minutes.txt"
    folder = copy.parent.parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    encrypted.close()
    assert not folder.exists()


def test_evidence_copies_left_by_a_killed_process_go_at_the_next_start(encrypted, tmp_path):
    """A process killed with copies open leaves its folder; the next start of soc2wizard removes it.

    Here the next start is a command (tests/gui/test_launch.py starts the app)."""
    path = encrypted.path
    cid = services.checklist(encrypted)[0].control.id
    e = services.add_evidence_bytes(encrypted, cid, name="secret.txt", content=b"plaintext secret")
    encrypted.close()
    code = (
        "import os, sys\nfrom soc2wizard import services\n"
        f"s = services.open_workspace({str(path)!r}, passphrase={PASS!r})\n"
        f"print(services.evidence_copy(s, {e.id}), flush=True)\nos.kill(os.getpid(), 9)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env())
    assert r.returncode == -signal.SIGKILL
    left = Path(r.stdout.strip())
    assert left.read_bytes() == b"plaintext secret"
    services.open_workspace(path, passphrase=PASS).close()
    assert left.exists()  # opening a workspace is not a start
    r = subprocess.run(
        [sys.executable, "-m", "soc2wizard", "catalog", "--help"], capture_output=True, text=True, env=_env()
    )
    assert r.returncode == 0, r.stderr
    assert not left.exists()


def test_a_crash_while_removing_encryption_leaves_no_readable_copy(encrypted, tmp_path):
    """Killed before the plaintext copy replaces the file: the copy is in an owner-only folder, gone at the next open."""
    path = encrypted.path
    encrypted.close()
    code = (
        "import os\nfrom soc2wizard import services\nfrom soc2wizard.store import crypto\n"
        "crypto.replace_file = lambda tmp, path: os.kill(os.getpid(), 9)\n"
        f"s = services.open_workspace({str(path)!r}, passphrase={PASS!r})\n"
        "services.remove_encryption(s)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env())
    assert r.returncode == -signal.SIGKILL, r.stderr
    left = [p for p in path.parent.iterdir() if p.name.startswith(".soc2wizard-work-")]
    assert len(left) == 1 and stat.S_IMODE(left[0].stat().st_mode) == 0o700
    assert not path.read_bytes().startswith(b"SQLite format 3")  # the original is still encrypted
    with services.open_workspace(path, passphrase=PASS) as s:
        assert s.encrypted
    plain = [p for p in path.parent.rglob("*") if p.is_file() and p.read_bytes()[:15] == b"SQLite format 3"]
    assert plain == [] and not left[0].exists()


# --- the activity log ------------------------------------------------------------


def _tampered(workspace, *sql: str, params: tuple = ()) -> list[str]:
    """Close, change the file with plain SQL (as any SQLite tool can), and return verify's lines."""
    path = workspace.path
    workspace.close()
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement, params if "?" in statement else ())
    conn.commit()
    conn.close()
    result = services.verify_workspace(path)
    assert not result.ok
    return result.lines()


def _edits(s, n: int = 5) -> None:
    cid = services.checklist(s)[0].control.id
    for i in range(n):
        services.update_control(s, cid, owner=f"owner {i}")


def test_an_untouched_log_verifies_and_names_its_head(workspace, capsys):
    """verify says the chain is unbroken and prints the head hash to note."""
    _edits(workspace)
    path = workspace.path
    workspace.close()
    assert cli.main(["verify", str(path)]) == 0
    out = capsys.readouterr().out
    assert "unbroken chain" in out and "log head " in out


def test_dropping_the_triggers_is_reported(workspace):
    """Dropping the append-only triggers in any SQLite tool is reported by verify."""
    lines = _tampered(workspace, "DROP TRIGGER activity_append_only_update", "DROP TRIGGER activity_append_only_delete")
    assert any("append-only protection was removed" in line for line in lines)


def test_a_deleted_entry_is_reported_as_missing(workspace):
    """An entry deleted from the middle of the log is named as missing."""
    _edits(workspace)
    lines = _tampered(workspace, "DROP TRIGGER activity_append_only_delete", "DELETE FROM activity WHERE id = 3")
    assert any("entry 3 is missing" in line for line in lines), lines


def test_a_rewritten_entry_breaks_the_chain(workspace):
    """An entry rewritten in place no longer matches its hash."""
    _edits(workspace)
    lines = _tampered(
        workspace,
        "DROP TRIGGER activity_append_only_update",
        "UPDATE activity SET actor = 'someone else' WHERE id = 2",
    )
    assert any("entry 2" in line and "does not match its hash" in line for line in lines), lines


def test_entries_cut_from_the_end_are_reported(workspace):
    """Entries cut from the end are caught by the head the app noted."""
    _edits(workspace)
    lines = _tampered(workspace, "DROP TRIGGER activity_append_only_delete", "DELETE FROM activity WHERE id > 3")
    assert any("entries after 3 are missing" in line for line in lines), lines


def test_evidence_replaced_together_with_its_hash_is_caught_by_the_log(workspace, capsys):
    """New bytes with a matching SHA-256 in the evidence table: the log still holds the original hash."""
    import hashlib

    cid = services.checklist(workspace)[0].control.id
    e = services.add_evidence_bytes(workspace, cid, name="policy.pdf", content=b"the real policy")
    forged = b"a convenient policy"
    path = workspace.path
    lines = _tampered(
        workspace,
        "UPDATE evidence SET content = ?, sha256 = ?, size = ? WHERE id = ?",
        params=(forged, hashlib.sha256(forged).hexdigest(), len(forged), e.id),
    )
    assert any("policy.pdf" in line and e.sha256 in line and "replaced outside soc2wizard" in line for line in lines)
    assert cli.main(["verify", str(path)]) == 1
    assert "replaced outside soc2wizard" in capsys.readouterr().err


def test_a_restored_history_is_marked_imported(demo, tmp_path):
    """A JSON restore keeps the history but marks every entry imported, and verify says so."""
    doc = services.dump_workspace(demo)
    doc["activity"].append(
        {"id": 10_000, "at": "2020-01-01T00:00:00+00:00", "actor": "auditor", "action": "approve everything"}
    )
    with services.create_from_dump(tmp_path / "restored.soc2", doc) as s:
        entries = services.activity(s)
        fabricated = next(e for e in entries if e.action == "approve everything")
        assert fabricated.imported
        assert not entries[0].imported and entries[0].action == "restore from JSON"
        result = services.verify_workspace(s)
        assert result.ok, result.lines()
        assert result.imported_entries == len(doc["activity"])
        assert "restored from a JSON export" in " ".join(result.lines())


def test_a_whole_rewritten_log_is_caught_by_a_noted_head(workspace, capsys):
    """Rewriting every entry and hash with the published recipe passes the chain, but not a head noted before."""
    from soc2wizard.store.chain import GENESIS, entry_hash

    _edits(workspace, 3)
    path = workspace.path
    workspace.close()
    assert cli.main(["verify", str(path)]) == 0
    head = capsys.readouterr().out.split("log head ")[1].split()[0]
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER activity_append_only_update")
    conn.execute("UPDATE activity SET actor = 'nobody'")
    prev = GENESIS
    rows = conn.execute("SELECT id, at, actor, action, target, before, after, imported FROM activity ORDER BY id")
    for r in rows.fetchall():
        prev = entry_hash(prev, *r)
        conn.execute("UPDATE activity SET hash = ? WHERE id = ?", [prev, r[0]])
    conn.execute("UPDATE meta SET value = json_array(json_extract(value, '$[0]'), ?) WHERE key = 'log_head'", [prev])
    conn.execute(
        "CREATE TRIGGER activity_append_only_update BEFORE UPDATE ON activity "
        "BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END"
    )
    conn.commit()
    conn.close()
    assert cli.main(["verify", str(path)]) == 0  # what verify cannot prove on its own (README)
    capsys.readouterr()
    assert cli.main(["verify", str(path), "--head", head]) == 1
    assert "no entry has the head you noted" in capsys.readouterr().err


def test_a_noted_head_still_verifies_after_later_edits(workspace, capsys):
    """A head noted earlier stays in the chain as edits go on; an unknown one fails."""
    _edits(workspace, 2)
    head = services.verify_workspace(workspace).log_head
    _edits(workspace, 3)
    assert services.verify_workspace(workspace, noted_head=head).ok
    assert not services.verify_workspace(workspace, noted_head="0" * 64).ok


def test_ordinary_work_keeps_the_log_verifiable(workspace):
    """Adding, removing and undoing evidence, and encrypting then decrypting, all keep verify ok."""
    cid = services.checklist(workspace)[0].control.id
    e = services.add_evidence_bytes(workspace, cid, name="a.txt", content=b"alpha")
    services.add_evidence_link(workspace, cid, "https://example.com/policy")
    removed, content = services.remove_evidence(workspace, e.id)
    services.restore_evidence(workspace, removed, content)
    services.encrypt_workspace(workspace, PASS)
    services.add_evidence_bytes(workspace, cid, name="b.txt", content=b"beta")
    services.remove_encryption(workspace)
    result = services.verify_workspace(workspace)
    assert result.ok, result.lines()
    assert result.files_checked == 2


def test_a_crash_while_creating_leaves_only_a_private_folder_that_the_next_open_removes(workspace):
    """Killed just before the new file is moved into place: no half workspace beside, and the next open cleans up."""
    folder = workspace.path.parent
    code = (
        "import os\nfrom soc2wizard import services\n"
        "os.replace = lambda a, b: os.kill(os.getpid(), 9)\n"
        f"services.create_workspace({str(folder / 'new.soc2')!r}, name='Never Co')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env())
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert not (folder / "new.soc2").exists()
    left = [p for p in folder.iterdir() if p.name.startswith(".soc2wizard-work-")]
    assert len(left) == 1 and stat.S_IMODE(left[0].stat().st_mode) == 0o700
    path = workspace.path
    workspace.close()
    services.open_workspace(path).close()
    assert not left[0].exists()


def test_a_link_planted_as_the_lock_file_is_not_written_through(workspace, tmp_path):
    """acme.soc2.lock pointing at another file: that file is left alone and the workspace opens read-only."""
    path = workspace.path
    workspace.close()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    Path(f"{path}.lock").symlink_to(victim)
    with services.open_workspace(path) as s:
        assert s.read_only
    assert victim.read_text() == "precious"


def test_a_fifo_given_as_the_workspace_is_refused_without_blocking(tmp_path, capsys):
    """A FIFO named as the workspace is refused at once instead of blocking on a read."""
    fifo = tmp_path / "pipe.soc2"
    os.mkfifo(fifo)
    for argv in (["summary", str(fifo)], ["verify", str(fifo)]):
        assert cli.main(argv) == 1
        assert "not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "sql, words",
    [
        ("UPDATE control_states SET due_date = '2027-13-45'", "control_states table"),
        ("UPDATE profile SET employees = 'many'", "profile table (employees is 'many'"),
        ("UPDATE profile SET data = 'not json'", "profile table"),
        ("""INSERT INTO custom_controls (id, body) VALUES ('X-9', '{"id": "X-9"}')""", "custom control"),
    ],
)
def test_bad_values_written_by_another_tool_are_one_line(workspace, capsys, sql, words):
    """A value no soc2wizard writes (a bad date, text for a number, broken JSON) is named, never a traceback."""
    cid = services.checklist(workspace)[0].control.id
    services.update_control(workspace, cid, owner="Dana", due_date="2027-01-01")
    path = workspace.path
    workspace.close()
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    for argv in (["summary", str(path)], ["export", str(path), "--csv", str(path) + ".csv"]):
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err and "changed outside soc2wizard" in err, err


def test_a_fifo_dropped_as_evidence_is_refused_without_blocking(workspace, tmp_path):
    """Adding a pipe as evidence would wait forever for its bytes: it is refused at once."""
    from soc2wizard.domain.errors import FieldError

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    cid = services.checklist(workspace)[0].control.id
    with pytest.raises(FieldError, match="not a regular file"):
        services.add_evidence_file(workspace, cid, fifo)
    assert services.list_evidence(workspace, cid) == []
