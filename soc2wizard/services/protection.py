"""Encryption, the keychain, and checking a file's integrity."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soc2wizard.services.session import Session
from soc2wizard.store import workspace as store
from soc2wizard.store.fileformat import APPLICATION_ID
from soc2wizard.store.repo import Repo
from soc2wizard.store.workspace import WorkspaceError

# --- protection ---------------------------------------------------------------------

PASSPHRASE_ENV = "SOC2WIZARD_PASSPHRASE"


def unlock(path: Path, passphrase: str | None) -> tuple[bool, Any, str]:
    """Check ``path`` read-only; for an encrypted file find a passphrase that opens it.

    Returns (encrypted, connection factory, where the passphrase came from).
    """
    try:
        store.check_file(path)
        return False, store._plain_connect, ""
    except store.PassphraseRequired as exc:
        required = exc
    from soc2wizard.store import crypto

    if not crypto.available():
        raise WorkspaceError(
            f"{path.name} is encrypted (or is not a workspace); opening encrypted workspaces needs the "
            "sqlcipher3 package, which installs with soc2wizard (pip install sqlcipher3)"
        )
    source = "given"
    reason = ""
    if passphrase is None and os.environ.get(PASSPHRASE_ENV):
        passphrase, source = os.environ[PASSPHRASE_ENV], "environment"
    if passphrase is None:
        from soc2wizard import secrets

        try:
            passphrase, source = secrets.remembered(path), "keychain"
            if passphrase is None:
                reason = "no passphrase is remembered for it on this machine"
        except secrets.KeychainUnavailable as why:
            reason = str(why)
    if passphrase is None:
        raise store.PassphraseRequired(str(required), reason)
    try:
        crypto.check_encrypted(path, passphrase)
    except store.WrongPassphrase:
        if source == "keychain":
            raise store.WrongPassphrase(
                f"the passphrase remembered for {path.name} no longer opens it; enter its passphrase",
                "the remembered passphrase no longer opens it (changed on another machine?)",
            ) from None
        if source == "environment":
            raise store.WrongPassphrase(f"wrong passphrase for {path.name} (from {PASSPHRASE_ENV})") from None
        raise
    return True, crypto.encrypted_connect(passphrase), source


def is_encrypted(s: Session) -> bool:
    return s.encrypted


def encryption_available() -> str:
    """ "" when workspaces can be encrypted here, else why not (sqlcipher3 missing)."""
    from soc2wizard.store import crypto

    try:
        crypto._sqlcipher()
    except WorkspaceError as exc:
        return str(exc)
    return ""


def keep_in_keychain(s: Session, passphrase: str) -> str:
    """Keep the passphrase in the keychain; returns what to tell the user."""
    from soc2wizard import secrets

    try:
        secrets.remember(s.path, s.workspace_id, passphrase)
    except secrets.KeychainUnavailable as why:
        return f"The passphrase was not remembered: {why}. You will be asked for it when opening {s.path.name}."
    return "The passphrase is kept in this machine's keychain; on another machine, enter it."


def drop_from_keychain(s: Session) -> str:
    from soc2wizard import secrets

    try:
        secrets.forget(s.path, s.workspace_id)
    except secrets.KeychainUnavailable as why:
        return f"The keychain could not be updated: {why}."
    return ""


def passphrase_remembered(s: Session) -> bool:
    """Whether this machine's keychain holds the workspace's passphrase (False if no keychain)."""
    from soc2wizard import secrets

    try:
        return secrets.is_remembered(s.workspace_id)
    except secrets.KeychainUnavailable:
        return False


def remember_passphrase(s: Session, passphrase: str | None) -> str:
    """Keep (or with None, forget) the passphrase in the keychain; returns what to tell the user."""
    if not s.encrypted:
        raise WorkspaceError(f"{s.path.name} is not encrypted")
    if passphrase is None:
        return drop_from_keychain(s) or "The passphrase is no longer remembered on this machine."
    from soc2wizard.store import crypto

    crypto.check_encrypted(s.path, passphrase)
    return keep_in_keychain(s, passphrase)


def encrypt_workspace(s: Session, passphrase: str, *, remember: bool = False) -> str:
    """Encrypt the whole file with ``passphrase``; returns what to tell the user.

    The encrypted copy is written beside the file and checked before it
    replaces the original; any failure leaves the original as it was.
    """
    if s.encrypted:
        raise WorkspaceError(f"{s.path.name} is already encrypted; change its passphrase instead")
    from soc2wizard.store import crypto

    crypto.check_passphrase(passphrase)
    _rewrite(s, passphrase, "encrypt workspace")
    message = f"{s.path.name} is now encrypted."
    if remember:
        message += " " + keep_in_keychain(s, passphrase)
    return message


def change_passphrase(s: Session, new: str, *, remember: bool | None = None) -> str:
    """Re-encrypt with a new passphrase. ``remember`` None keeps the keychain's choice."""
    if not s.encrypted:
        raise WorkspaceError(f"{s.path.name} is not encrypted; encrypt it first")
    from soc2wizard.store import crypto

    crypto.check_passphrase(new, "new passphrase")
    if remember is None:
        remember = passphrase_remembered(s)
    _rewrite(s, new, "change passphrase")
    message = f"The passphrase of {s.path.name} was changed."
    if remember:
        return message + " " + keep_in_keychain(s, new)
    note = drop_from_keychain(s)
    return message + (" " + note if note else "")


def remove_encryption(s: Session) -> str:
    """Write the workspace back as a plain SQLite file and forget its passphrase."""
    if not s.encrypted:
        raise WorkspaceError(f"{s.path.name} is not encrypted")
    _rewrite(s, None, "remove encryption")
    note = drop_from_keychain(s)
    return f"{s.path.name} is no longer encrypted; any SQLite tool can read it." + (" " + note if note else "")


def _rewrite(s: Session, passphrase: str | None, action: str) -> None:
    """Replace the file by a checked copy under another key, keeping the session open on it."""
    s._writable()
    from soc2wizard.store import crypto
    from soc2wizard.store.db import Db

    sc = crypto._sqlcipher()
    path, conn = s.path, s.repo.db.conn
    # Fold the write-ahead log into the file so that the file alone is complete.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")

    def log(copy: Any) -> None:
        Repo(Db(copy)).log(action, path.name, {"encrypted": s.encrypted}, {"encrypted": passphrase is not None})

    try:
        with crypto.temp_beside(path) as tmp:
            source = conn if s.encrypted else sc.connect(str(path), check_same_thread=False)
            try:
                crypto.export_copy(source, tmp, passphrase, after_export=log)
            finally:
                if source is not conn:
                    source.close()
            try:
                if os.name == "nt":  # pragma: no cover - an open file cannot be replaced there
                    store.checkpoint_and_close(s.repo.db)
                crypto.replace_file(tmp, path)
            except OSError as exc:
                raise WorkspaceError(
                    f"{path.name} could not be replaced ({exc.strerror or exc}); the original is unchanged"
                ) from None
    except WorkspaceError as exc:
        with contextlib.suppress(Exception):
            conn.execute("PRAGMA journal_mode = WAL")
        message = str(exc)
        if "unchanged" not in message and "not changed" not in message:
            message += f"; {path.name} was not changed"
        raise WorkspaceError(message) from None
    with contextlib.suppress(Exception):
        s.repo.db.close()
    connect = crypto.encrypted_connect(passphrase) if passphrase is not None else store._plain_connect
    actor = s.repo.actor_name
    s.repo = Repo(store.open_database(path, connect, check=False))
    s.repo.actor_name = actor
    s.encrypted = passphrase is not None


# Evidence integrity -----------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceProblem:
    """A kept file whose bytes no longer match the SHA-256 (or size) recorded when added."""

    evidence_id: int
    control_id: str
    name: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"evidence {self.evidence_id} ({self.control_id}, {self.name}): {self.actual}, expected {self.expected}"


@dataclass(frozen=True)
class VerifyResult:
    path: Path
    integrity: tuple[str, ...]  # ("ok",) when PRAGMA integrity_check finds nothing
    files_checked: int
    problems: tuple[EvidenceProblem, ...]

    @property
    def ok(self) -> bool:
        return self.integrity == ("ok",) and not self.problems

    def lines(self) -> list[str]:
        """What to show: one line per finding, or one line saying all is well."""
        if self.ok:
            return [
                f"{self.path.name}: file integrity ok; {self.files_checked} evidence "
                f"file{'s' if self.files_checked != 1 else ''} match their SHA-256"
            ]
        out = [f"{self.path.name}: integrity check: {m}" for m in self.integrity if m != "ok"]
        out += [f"{self.path.name}: {p}" for p in self.problems]
        return out


def verify_workspace(target: Session | Path | str, *, passphrase: str | None = None) -> VerifyResult:
    """Check the whole file (PRAGMA integrity_check) and every kept file's SHA-256 and size.

    Takes an open session or a path (opened for reading only; an encrypted one
    with ``passphrase`` or as open_workspace finds it). Reports, never repairs.
    """
    if isinstance(target, Session):
        return _verify(target.path, target.repo.db.conn)
    path = Path(target)
    header = None
    try:
        header = store._header_version(path)
    except OSError as exc:
        raise WorkspaceError(f"{path}: cannot be read ({exc.strerror})") from None
    if header is not None:
        if header[0] != APPLICATION_ID:
            raise WorkspaceError(f"{path.name} is an SQLite database but not a soc2wizard workspace")
        import sqlite3

        conn: Any = sqlite3.connect(str(path))
    else:
        try:
            store.check_file(path)
        except store.PassphraseRequired:
            pass
        encrypted, connect, _ = unlock(path, passphrase)
        conn = connect(str(path))
    try:
        return _verify(path, conn)
    finally:
        conn.close()


def _verify(path: Path, conn: Any) -> VerifyResult:
    import hashlib

    integrity = tuple(r[0] for r in conn.execute("PRAGMA integrity_check(100)").fetchall())
    problems: list[EvidenceProblem] = []
    checked = 0
    ids = [r[0] for r in conn.execute("SELECT id FROM evidence WHERE kind = 'file' ORDER BY id")]
    for evidence_id in ids:  # one blob in memory at a time
        eid, cid, name, sha, size, content = conn.execute(
            "SELECT id, control_id, name, sha256, size, content FROM evidence WHERE id = ?", [evidence_id]
        ).fetchone()
        checked += 1
        if content is None:
            problems.append(EvidenceProblem(eid, cid, name, f"SHA-256 {sha}", "the file's content is missing"))
            continue
        content = bytes(content)
        actual = hashlib.sha256(content).hexdigest()
        if actual != sha:
            problems.append(EvidenceProblem(eid, cid, name, f"SHA-256 {sha}", f"SHA-256 is {actual}"))
        elif size is not None and len(content) != size:
            problems.append(EvidenceProblem(eid, cid, name, f"{size:,} bytes", f"{len(content):,} bytes"))
    return VerifyResult(path, integrity, checked, tuple(problems))
