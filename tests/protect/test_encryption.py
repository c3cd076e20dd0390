"""Encrypted workspaces: nothing readable in the file, the passphrase opens it, rewrites are safe."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3

import pytest

from soc2wizard import secrets, services
from soc2wizard.store.workspace import PassphraseRequired, WorkspaceError, WrongPassphrase

from .conftest import PASS


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_encrypted_file_has_no_readable_text(encrypted):
    """Neither the SQLite header nor the company name appears anywhere in the file."""
    services.update_control(encrypted, services.checklist(encrypted)[0].control.id, owner="Dana Whistler")
    path = encrypted.path
    encrypted.close()
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Acme Health" not in raw and b"Dana Whistler" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("select * from profile").fetchall()


def test_passphrase_opens_and_edits_persist(encrypted):
    """Reopened with its passphrase, an encrypted workspace has every edit and its format marks."""
    cid = services.checklist(encrypted)[0].control.id
    services.update_control(encrypted, cid, owner="Dana", notes="日本語のメモ")
    path = encrypted.path
    encrypted.close()
    with services.open_workspace(path, passphrase=PASS) as s:
        assert services.is_encrypted(s)
        assert services.control_state(s, cid).notes == "日本語のメモ"
        assert s.repo.db.execute("PRAGMA application_id").fetchone()[0] == 0x534F4332
        assert services.verify_workspace(s).ok


def test_without_passphrase_asks_and_changes_nothing(encrypted):
    """With no passphrase at hand, opening asks for one and says why the keychain did not help."""
    path = encrypted.path
    encrypted.close()
    before = _digest(path)
    with pytest.raises(PassphraseRequired) as info:
        services.open_workspace(path)
    assert "passphrase" in str(info.value)
    assert "no passphrase is remembered" in info.value.reason
    assert _digest(path) == before
    assert _files(path.parent) == ["secret.soc2"]


def test_wrong_passphrase_is_named_and_changes_nothing(encrypted):
    """A wrong passphrase says so, names the file, and leaves it byte-for-byte unchanged."""
    path = encrypted.path
    encrypted.close()
    before = _digest(path)
    with pytest.raises(WrongPassphrase, match="wrong passphrase for secret.soc2"):
        services.open_workspace(path, passphrase="not the right one")
    assert _digest(path) == before
    assert _files(path.parent) == ["secret.soc2"]


@pytest.mark.parametrize("phrase", ['it\'s a "quoted" pass; DROP TABLE x; --', "пароль-密码-🔑-long " * 20])
def test_passphrases_with_quotes_and_non_latin_text_work(tmp_path, phrase):
    """Quotes, SQL-looking text and non-Latin characters are a passphrase like any other."""
    path = tmp_path / "q.soc2"
    services.create_workspace(path, name="Quotes Ltd", passphrase=phrase).close()
    with services.open_workspace(path, passphrase=phrase) as s:
        assert services.get_answers(s).company.name == "Quotes Ltd"
    with pytest.raises(WrongPassphrase):
        services.open_workspace(path, passphrase=phrase[:-1] + "x")


def test_short_passphrase_is_refused_and_no_file_appears(tmp_path):
    """A too-short passphrase is refused naming the field; no file is left behind."""
    from soc2wizard.domain.errors import FieldError

    with pytest.raises(FieldError, match="passphrase"):
        services.create_workspace(tmp_path / "x.soc2", name="X", passphrase="short")
    assert _files(tmp_path) == []


def test_environment_passphrase_opens(encrypted, monkeypatch):
    """SOC2WIZARD_PASSPHRASE opens an encrypted workspace for scripts; a wrong one is named."""
    path = encrypted.path
    encrypted.close()
    monkeypatch.setenv("SOC2WIZARD_PASSPHRASE", PASS)
    with services.open_workspace(path) as s:
        assert services.get_answers(s).company.name == "Acme Health"
    monkeypatch.setenv("SOC2WIZARD_PASSPHRASE", "something else")
    with pytest.raises(WrongPassphrase, match="SOC2WIZARD_PASSPHRASE"):
        services.open_workspace(path)


def test_remembered_passphrase_opens_without_asking(tmp_path, keychain):
    """A passphrase kept in the keychain opens the file on this machine, found by path and by id."""
    path = tmp_path / "kept.soc2"
    s = services.create_workspace(path, name="Kept", passphrase=PASS, remember=True)
    wid = s.workspace_id
    assert "keychain" in s.notices[0]
    s.close()
    assert keychain.get(wid) == PASS
    assert PASS not in " ".join(k for k in keychain.items)  # the passphrase is a value, never a key
    with services.open_workspace(path) as again:
        assert again.workspace_id == wid
    moved = tmp_path / "moved.soc2"
    os.replace(path, moved)
    with pytest.raises(PassphraseRequired):
        services.open_workspace(moved)
    services.open_workspace(moved, passphrase=PASS).close()  # learns the new path
    services.open_workspace(moved).close()


def test_stale_remembered_passphrase_falls_back_to_asking(tmp_path, keychain):
    """When the keychain's passphrase no longer opens the file, the user is asked, told why."""
    path = tmp_path / "k.soc2"
    s = services.create_workspace(path, name="K", passphrase=PASS, remember=True)
    keychain.set(s.workspace_id, "an old passphrase")
    s.close()
    with pytest.raises(WrongPassphrase) as info:
        services.open_workspace(path)
    assert "remembered" in str(info.value) and info.value.reason


class _NoKeychain:
    def _fail(self, *a):
        raise secrets.KeychainUnavailable("no keychain is available on this machine")

    get = set = delete = _fail

    def describe(self):
        return "none"


def test_no_keychain_still_creates_and_asks(tmp_path):
    """Without a keychain, 'remember' is declined with the reason and opening asks instead."""
    secrets.use(_NoKeychain())
    path = tmp_path / "n.soc2"
    s = services.create_workspace(path, name="N", passphrase=PASS, remember=True)
    assert "not remembered" in s.notices[0] and "no keychain" in s.notices[0]
    s.close()
    with pytest.raises(PassphraseRequired) as info:
        services.open_workspace(path)
    assert "no keychain" in info.value.reason


def test_real_keyring_without_backend_gives_clear_message():
    """The keyring implementation turns 'no backend' into a message saying what is missing."""
    import keyring
    from keyring.backends import fail

    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(secrets.KeychainUnavailable, match="no keychain"):
            secrets.KeyringSecrets().get("anything")
    finally:
        keyring.set_keyring(old)


def test_encrypt_change_and_remove_keep_every_row(workspace, keychain):
    """Encrypting, changing the passphrase and decrypting keep every row and log each step."""
    cid = services.checklist(workspace)[0].control.id
    services.update_control(workspace, cid, owner="Ana", notes="x" * 3000)
    services.add_evidence_bytes(workspace, cid, name="policy.pdf", content=b"%PDF-1.4 policy")
    path = workspace.path
    msg = services.encrypt_workspace(workspace, PASS, remember=True)
    assert "now encrypted" in msg and "keychain" in msg
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert services.control_state(workspace, cid).owner == "Ana"  # the session goes on
    services.update_control(workspace, cid, owner="Bo")
    assert services.change_passphrase(workspace, "a brand new passphrase")
    assert keychain.get(workspace.workspace_id) == "a brand new passphrase"
    services.update_control(workspace, cid, owner="Cy")
    assert "no longer encrypted" in services.remove_encryption(workspace)
    assert keychain.get(workspace.workspace_id) is None
    actions = [e.action for e in services.activity(workspace, limit=10)]
    for action in ("encrypt workspace", "change passphrase", "remove encryption"):
        assert action in actions
    workspace.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT owner FROM control_states WHERE control_id = ?", [cid]).fetchone()[0] == "Cy"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert _files(path.parent) == ["acme.soc2"]


def test_failed_replace_keeps_original_and_says_why(workspace, monkeypatch):
    """A full disk while encrypting leaves the plain original intact, the session usable, and names the cause."""
    path = workspace.path

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(WorkspaceError) as info:
        services.encrypt_workspace(workspace, PASS)
    monkeypatch.undo()
    assert "No space left on device" in str(info.value) and "unchanged" in str(info.value)
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert not services.is_encrypted(workspace)
    services.update_profile(workspace, employees=41)  # still writable
    workspace.close()
    assert _files(path.parent) == ["acme.soc2"]
    with services.open_workspace(path) as s:
        assert services.get_answers(s).company.employees == 41


def test_unwritable_folder_refuses_encryption(workspace, monkeypatch):
    """When no copy can be written beside the file, the message says so and nothing changes."""
    import tempfile

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    with pytest.raises(WorkspaceError, match="Permission denied"):
        services.encrypt_workspace(workspace, PASS)
    monkeypatch.undo()
    workspace.repo.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert not services.is_encrypted(workspace)
    services.update_profile(workspace, employees=42)
    assert workspace.path.read_bytes().startswith(b"SQLite format 3")


def test_encrypted_foreign_database_is_refused(tmp_path):
    """An SQLCipher database of another application is refused after unlocking, unchanged."""
    import sqlcipher3

    path = tmp_path / "other.soc2"
    conn = sqlcipher3.connect(str(path))
    conn.execute(f"PRAGMA key = '{PASS}'")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(WorkspaceError, match="not a soc2wizard workspace"):
        services.open_workspace(path, passphrase=PASS)
    assert _digest(path) == before


def test_missing_sqlcipher_says_what_to_install(encrypted, monkeypatch):
    """Without the sqlcipher3 package an encrypted file is refused naming the package, not asked about."""
    from soc2wizard.store import crypto

    path = encrypted.path
    encrypted.close()

    def missing():
        raise WorkspaceError("encrypted workspaces need the sqlcipher3 package, which is not installed")

    monkeypatch.setattr(crypto, "_sqlcipher", missing)
    with pytest.raises(WorkspaceError, match="sqlcipher3") as info:
        services.open_workspace(path)
    assert not isinstance(info.value, PassphraseRequired)
    assert "sqlcipher3" in services.encryption_available()
