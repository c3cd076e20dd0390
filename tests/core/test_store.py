"""The workspace file: format marks, refusals that change nothing, and plain SQLite access."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from soc2wizard import services
from soc2wizard.store.schema import APPLICATION_ID, SCHEMA_VERSION
from soc2wizard.store.workspace import WorkspaceError


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_is_marked_and_readable_by_plain_sqlite(workspace):
    """A workspace carries its application id and version, and opens in sqlite3."""
    path = workspace.path
    workspace.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT name FROM profile").fetchone()[0] == "Acme Health"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell is not installed")
def test_stock_sqlite3_shell_reads_the_file(workspace):
    """The stock sqlite3 shell reads an unencrypted workspace."""
    services.update_control(workspace, services.checklist(workspace)[0].control.id, owner="Dana")
    path = workspace.path
    workspace.close()
    out = subprocess.run(
        ["sqlite3", str(path), "select owner from control_states where owner='Dana'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "Dana"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not an SQLite database"),
        (b"%PDF-1.7\n" + b"x" * 500, "not an SQLite database"),
        (bytes(range(256)) * 8, "not an SQLite database"),
    ],
)
def test_foreign_files_are_refused_and_unchanged(tmp_path, content, words):
    """A file that is not SQLite is refused with a clear reason and left as it was."""
    path = tmp_path / "thing.soc2"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(WorkspaceError, match=words):
        services.open_workspace(path)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thing.soc2"]


def test_other_sqlite_database_is_refused_and_unchanged(tmp_path):
    """An SQLite file of another application is not taken for a workspace."""
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(WorkspaceError, match="not a soc2wizard workspace"):
        services.open_workspace(path)
    assert _digest(path) == before


def test_newer_file_is_refused_and_unchanged(workspace):
    """A file written by a newer version is refused, naming both versions."""
    path = workspace.path
    workspace.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(WorkspaceError, match="newer soc2wizard"):
        services.open_workspace(path)
    assert _digest(path) == before


def test_corrupt_file_is_refused_and_unchanged(workspace):
    """A workspace with damaged pages is refused, not half-opened."""
    path = workspace.path
    for _ in range(30):
        services.add_scope_item(workspace, "system", "System", description="x" * 4000)
    workspace.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 6)):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(WorkspaceError, match="damaged"):
        services.open_workspace(path)
    assert _digest(path) == before


def test_existing_file_is_never_overwritten(workspace, tmp_path):
    """Creating a workspace where a file exists refuses and keeps the file."""
    path = workspace.path
    workspace.close()
    before = _digest(path)
    with pytest.raises(WorkspaceError, match="already exists"):
        services.create_workspace(path, name="Other")
    assert _digest(path) == before


def test_failed_creation_leaves_no_file(tmp_path):
    """A creation that fails on a bad name leaves nothing behind."""
    path = tmp_path / "bad.soc2"
    with pytest.raises(services.FieldError):
        services.create_workspace(path, name="")
    assert list(tmp_path.iterdir()) == []


def test_activity_log_is_append_only(workspace):
    """The activity log refuses updates and deletes, even through plain SQL."""
    services.update_profile(workspace, employees=41)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        workspace.repo.db.execute("DELETE FROM activity")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        workspace.repo.db.execute("UPDATE activity SET actor = 'x'")


def test_reopen_keeps_everything(workspace):
    """Closing and reopening a workspace gives back exactly what was saved."""
    services.update_profile(workspace, employees=55, data=["personal", "payment_card"])
    item = services.add_scope_item(workspace, "vendor", "Stripe", reviewed=True)
    path = workspace.path
    answers = services.get_answers(workspace)
    workspace.close()
    with services.open_workspace(path) as again:
        assert services.get_answers(again) == answers
        assert services.list_scope(again) == [item]


def test_required_tables_are_the_migrated_schema():
    """The opening check's list of tables and columns is exactly what the migrations create."""
    import sqlite3

    from soc2wizard.store.db import Db
    from soc2wizard.store.fileformat import REQUIRED_TABLES
    from soc2wizard.store.workspace import migrate

    db = Db(sqlite3.connect(":memory:"))
    migrate(db)
    tables = {
        r[0]
        for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not r[0].startswith(("_", "sqlite_"))
    }
    assert tables >= set(REQUIRED_TABLES)
    for table, columns in REQUIRED_TABLES.items():
        assert tuple(r[1] for r in db.execute(f'PRAGMA table_info("{table}")')) == columns


def test_services_use_only_the_stores_public_api():
    """The store owns every SQL statement and PRAGMA: no service runs SQL or reaches into a private store name."""
    import re
    from pathlib import Path

    import soc2wizard.services as pkg

    offenders = []
    for source in sorted(Path(pkg.__file__).parent.glob("*.py")):
        text = source.read_text(encoding="utf-8")
        for pattern in (r"\.execute\(", r"\bstore\._", r"\bcrypto\._", r"PRAGMA", r"\bSELECT\b", r"\bINSERT\b"):
            if re.search(pattern, text):
                offenders.append(f"{source.name}: {pattern}")
    assert offenders == []


def test_a_restore_checks_overrides_as_the_app_does(demo, tmp_path):
    """A restored assumption override goes through the app's own check."""
    import pytest

    from soc2wizard.domain.errors import FieldError

    doc = services.dump_workspace(demo)
    doc["overrides"] = [{"key": "audit_fee", "low": 10, "high": 20, "note": "bad\x07note"}]
    with pytest.raises(FieldError) as err:
        services.create_from_dump(tmp_path / "r.soc2", doc)
    assert err.value.path in ("overrides[0].note",)
    assert not (tmp_path / "r.soc2").exists()
