"""Opening checks see what SQLite sees (the WAL included); read-only use never writes; migrations back up first."""

from __future__ import annotations

import os
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from soc2wizard.store.fileformat import SCHEMA_VERSION
from soc2wizard import cli, services
from soc2wizard.store.workspace import WorkspaceError

WRITER = Path(__file__).with_name("writer_child.py")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def _stop_mid_checkpoint(path: Path, edits: int, passphrase: str = "") -> None:
    """Commit ``edits`` in a child that stops without closing, then copy half of the WAL's pages into the file.

    This is what a checkpoint interrupted by SIGKILL leaves: the newest
    version of the lower pages copied in, the rest still only in the WAL.
    """
    r = subprocess.run(
        [sys.executable, str(WRITER), str(path), str(edits)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**_env(), "CHILD_PASSPHRASE": passphrase},
    )
    assert r.returncode == 0, r.stderr
    wal = Path(f"{path}-wal").read_bytes()
    page = struct.unpack(">I", wal[8:12])[0]
    latest: dict[int, int] = {}
    for offset in range(32, len(wal) - page, 24 + page):
        latest[struct.unpack(">I", wal[offset : offset + 4])[0]] = offset
    with open(path, "r+b") as fh:
        for pgno in sorted(latest)[: len(latest) // 2]:
            fh.seek((pgno - 1) * page)
            fh.write(wal[latest[pgno] + 24 : latest[pgno] + 24 + page])


def test_a_checkpoint_interrupted_halfway_opens_with_every_edit(tmp_path):
    """The file alone is malformed (what the old immutable check read), but with its WAL every edit is there."""
    path = tmp_path / "acme.soc2"
    services.create_workspace(path, name="Acme").close()
    _stop_mid_checkpoint(path, 300)

    ignoring_wal = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        ignoring_wal.execute("PRAGMA quick_check").fetchall()
    ignoring_wal.close()

    with services.open_workspace(path) as s:
        notes = {st.notes.split()[1] for st in services.control_states(s).values()}
        edits = [e for e in services.activity_entries(s, action="update control")]
        assert len(edits) == 300
        assert "299" in notes  # the last committed edit
        assert services.verify_workspace(s).ok
    assert cli.main(["verify", str(path)]) == 0


def test_an_encrypted_file_left_mid_checkpoint_opens_with_every_edit(tmp_path):
    """The same interruption in an encrypted workspace: its WAL is read with the key, every edit is there."""
    from .conftest import PASS

    path = tmp_path / "enc.soc2"
    services.create_workspace(path, name="Cipher Co", passphrase=PASS).close()
    _stop_mid_checkpoint(path, 200, PASS)
    with services.open_workspace(path, passphrase=PASS) as s:
        assert len(services.activity_entries(s, action="update control")) == 200
        assert "owner 199" in {st.owner for st in services.control_states(s).values()}
        assert services.verify_workspace(s).ok


def test_summary_reads_a_file_left_mid_checkpoint(tmp_path, capsys):
    """`summary` (read-only) sees the same file SQLite sees, rather than calling it damaged."""
    path = tmp_path / "acme.soc2"
    services.create_workspace(path, name="Acme").close()
    _stop_mid_checkpoint(path, 120)
    assert cli.main(["summary", str(path)]) == 0
    assert "SOC 2 plan for Acme" in capsys.readouterr().out


def test_a_second_window_during_a_write_gets_a_read_only_view(tmp_path):
    """While another process holds the file and has edits in its WAL, a second open is read-only, not an error."""
    path = tmp_path / "acme.soc2"
    services.create_workspace(path, name="Acme").close()
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), "50", "--keep-open"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        for line in child.stdout:
            if line.strip() == "committed 49":
                break
        assert os.path.getsize(f"{path}-wal") > 0
        with services.open_workspace(path) as second:
            assert second.read_only and second.locked_by
            owners = {st.owner for st in services.control_states(second).values()}
            assert "owner 49" in owners
            with pytest.raises(WorkspaceError, match="read-only"):
                services.update_profile(second, employees=9)
    finally:
        child.communicate("\n", timeout=30)


def _snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def test_read_only_commands_change_no_byte_nor_mtime(demo, tmp_path, capsys):
    """summary, export and verify leave the workspace's bytes, time stamp and folder exactly as they were."""
    path = demo.path
    demo.close()
    out = tmp_path / "out"
    out.mkdir()
    before = _snapshot(path)
    for argv in (
        ["summary", str(path)],
        ["summary", str(path), "--json"],
        ["export", str(path), "--pdf", str(out / "p.pdf"), "--csv", str(out / "c.csv"), "--json", str(out / "d.json")],
        ["verify", str(path)],
    ):
        assert cli.main(argv) == 0, capsys.readouterr().err
        assert _snapshot(path) == before, argv
    with services.open_workspace(path, read_only=True) as s:
        services.estimate(s)
    assert _snapshot(path) == before


def _read_only(*paths: Path, on: bool) -> bool:
    """Make files and folders unwritable even for root (``chattr +i``), or writable again."""
    for p in paths:
        if os.geteuid() == 0:
            r = subprocess.run(["chattr", "+i" if on else "-i", str(p)], capture_output=True)
            if r.returncode != 0:
                return False
        else:
            p.chmod((0o555 if p.is_dir() else 0o444) if on else 0o755)
    return True


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_read_only_commands_work_on_read_only_media(tmp_path, answers_doc, capsys):
    """On a folder and file nothing may write to, summary, export to elsewhere and verify all work."""
    from soc2wizard.domain.answers import parse_answers

    media = tmp_path / "media"
    media.mkdir()
    path = media / "acme.soc2"
    services.create_workspace(path, parse_answers(answers_doc)).close()
    before = _snapshot(path)
    if not _read_only(path, media, on=True):
        pytest.skip("cannot make a read-only file here (chattr refused)")
    try:
        with pytest.raises(OSError):
            (media / "probe").write_text("x")
        assert cli.main(["summary", str(path)]) == 0
        assert "SOC 2 plan for Acme Health" in capsys.readouterr().out
        assert cli.main(["export", str(path), "--csv", str(tmp_path / "c.csv"), "--pdf", str(tmp_path / "p.pdf")]) == 0
        assert (tmp_path / "c.csv").read_text(encoding="utf-8-sig").startswith("Control ID")
        assert cli.main(["verify", str(path)]) == 0
        with services.open_workspace(path) as s:  # the app opens it too, read-only by necessity
            assert services.get_answers(s).company.name == "Acme Health"
    finally:
        _read_only(path, media, on=False)
    assert _snapshot(path) == before


def _downgrade_to_format_1(path: Path) -> None:
    """Turn a current file back into what version 1 of the format wrote."""
    conn = sqlite3.connect(path)
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_%'"
    ).fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sync_%'"
    ).fetchall():
        conn.execute(f'DROP TABLE "{name}"')
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '005_team_replica'")
    conn.commit()
    conn.executescript(
        """
        DROP TRIGGER activity_append_only_update;
        ALTER TABLE activity DROP COLUMN hash;
        ALTER TABLE activity DROP COLUMN imported;
        CREATE TRIGGER activity_append_only_update BEFORE UPDATE ON activity
        BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
        DELETE FROM meta WHERE key = 'log_head';
        DELETE FROM _sqlite_migrations WHERE name = '003_tamper_evident_log';
        ALTER TABLE profile DROP COLUMN consumers;
        ALTER TABLE profile DROP COLUMN us_federal;
        ALTER TABLE profile DROP COLUMN pci_level;
        DELETE FROM _sqlite_migrations WHERE name = '002_answers_customers_pci';
        DROP TABLE snapshots;
        DELETE FROM _sqlite_migrations WHERE name = '004_snapshots';
        DROP TABLE description_edits;
        DROP TABLE risk_entries;
        DROP TABLE policy_versions;
        DROP TABLE policy_acknowledgements;
        DELETE FROM _sqlite_migrations WHERE name = '006_deliverables';
        PRAGMA user_version = 1;
        """
    )
    conn.close()


def test_an_older_file_is_read_without_migrating_and_migrated_on_write_after_a_backup(tmp_path, capsys):
    """Read-only use leaves an old file as it is; the first write open copies it beside, then migrates."""
    path = tmp_path / "old.soc2"
    with services.create_workspace(path, name="Oldco") as s:
        services.update_control(s, services.checklist(s)[0].control.id, owner="Dana")
    _downgrade_to_format_1(path)
    before = _snapshot(path)

    assert cli.main(["summary", str(path)]) == 0
    assert "SOC 2 plan for Oldco" in capsys.readouterr().out
    assert _snapshot(path) == before  # not migrated, no backup

    with services.open_workspace(path) as s:
        assert "Dana" in {st.owner for st in services.control_states(s).values()}
    backup = tmp_path / "old.soc2.format1.bak"
    assert backup.read_bytes() == before[0]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
    assert cli.main(["verify", str(path)]) == 0  # the migration chained the old entries


def test_a_foreign_file_with_the_apps_id_is_refused_not_migrated(tmp_path, capsys):
    """Another program's SQLite file that carries the app's id is refused by every command, unchanged."""
    path = tmp_path / "foreign.soc2"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
    conn.execute("PRAGMA application_id = 1397703474")  # 0x534F4332, "SOC2"
    conn.commit()
    conn.close()
    before = _snapshot(path)
    for argv in (
        ["summary", str(path)],
        ["export", str(path), "--json", str(tmp_path / "d.json")],
        ["verify", str(path)],
    ):
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "not a soc2wizard workspace" in err
    with pytest.raises(WorkspaceError, match="not a soc2wizard workspace"):
        services.open_workspace(path)
    assert _snapshot(path) == before


@pytest.mark.parametrize(
    "damage, words",
    [
        ("DROP TABLE scope_items", "table 'scope_items' is missing"),
        ("ALTER TABLE control_states DROP COLUMN notes", "has no column 'notes'"),
    ],
)
def test_a_dropped_table_or_column_is_one_line_naming_it(workspace, capsys, damage, words):
    """Every command reports the missing table or column in one line, exit 1, instead of a traceback."""
    path = workspace.path
    workspace.close()
    conn = sqlite3.connect(path)
    conn.execute(damage)
    conn.commit()
    conn.close()
    for argv in (["summary", str(path)], ["verify", str(path)], ["import", str(path), "--csv", "x.csv"]):
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, err


def test_a_truncated_file_is_one_line_for_every_command(workspace, capsys):
    """A file cut short gives one line on stderr and exit 1 from verify and summary."""
    path = workspace.path
    workspace.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    for argv in (["verify", str(path)], ["summary", str(path)], ["export", str(path), "--csv", str(path) + ".csv"]):
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err and err.startswith("soc2wizard: error:"), err


def test_an_older_file_missing_a_table_is_refused_before_any_backup_or_migration(tmp_path, capsys):
    """A format-1 file without its scope table is called damaged; nothing is copied or migrated."""
    path = tmp_path / "old.soc2"
    services.create_workspace(path, name="Oldco").close()
    _downgrade_to_format_1(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE scope_items")
    conn.commit()
    conn.close()
    before = _snapshot(path)
    with pytest.raises(WorkspaceError, match="table 'scope_items' is missing"):
        services.open_workspace(path)
    assert _snapshot(path)[::2] == before[::2]  # same bytes, no backup beside it
