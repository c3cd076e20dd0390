"""Evidence integrity and file checks: every kept file's SHA-256, and SQLite's integrity check."""

from __future__ import annotations

import sqlite3

import pytest

from soc2wizard import services
from soc2wizard.domain.errors import FieldError

from .conftest import PASS


def _control(s):
    return services.checklist(s)[0].control.id


def test_clean_workspace_verifies_ok(workspace):
    """A workspace with kept files passes: integrity ok and every hash matches."""
    cid = _control(workspace)
    services.add_evidence_bytes(workspace, cid, name="a.txt", content=b"alpha")
    services.add_evidence_bytes(workspace, cid, name="b.txt", content=b"beta")
    services.add_evidence_link(workspace, cid, "https://example.com/x")
    result = services.verify_workspace(workspace)
    assert result.ok and result.integrity == ("ok",) and result.files_checked == 2
    assert "2 evidence files match" in result.lines()[0]


def test_tampered_evidence_is_listed(workspace):
    """Bytes changed behind the app's back are reported with the file, control and both hashes."""
    cid = _control(workspace)
    good = services.add_evidence_bytes(workspace, cid, name="good.txt", content=b"fine")
    bad = services.add_evidence_bytes(workspace, cid, name="minutes.docx", content=b"original bytes")
    path = workspace.path
    workspace.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE evidence SET content = ? WHERE id = ?", [b"forged bytes!!", bad.id])
    conn.commit()
    conn.close()
    result = services.verify_workspace(path)
    assert not result.ok
    assert [p.evidence_id for p in result.problems] == [bad.id]
    line = " ".join(result.lines())
    assert "minutes.docx" in line and cid in line and bad.sha256 in line
    assert good.name not in line


def test_encrypted_workspace_verifies_with_its_passphrase(encrypted):
    """verify reads an encrypted workspace with its passphrase and checks its files."""
    services.add_evidence_bytes(encrypted, _control(encrypted), name="e.txt", content=b"x" * 1000)
    path = encrypted.path
    encrypted.close()
    assert services.verify_workspace(path, passphrase=PASS).ok


def test_oversized_evidence_is_refused_with_the_limit(workspace, monkeypatch):
    """A file over the size limit is refused naming the file and the limit; nothing is kept."""
    monkeypatch.setattr(services.evidence, "MAX_EVIDENCE_BYTES", 1024 * 1024)
    with pytest.raises(FieldError, match=r"big\.bin is 2\.0 MB; files up to 1 MB"):
        services.add_evidence_bytes(workspace, _control(workspace), name="big.bin", content=b"0" * (2 * 1024 * 1024))
    assert services.list_evidence(workspace) == []


def test_verify_refuses_foreign_file(tmp_path):
    """verify on a file that is not a workspace says so rather than reporting on it."""
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    with pytest.raises(services.WorkspaceError, match="not a soc2wizard workspace"):
        services.verify_workspace(path)
