"""Encryption, the keychain, and checking a file's integrity."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soc2wizard.services.session import Session
from soc2wizard.store import workspace as store
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
        return False, store.plain_connect, ""
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

    return crypto.unavailable_reason()


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

    path = s.path

    def log(copy: Any) -> None:
        Repo(Db(copy)).log(action, path.name, {"encrypted": s.encrypted}, {"encrypted": passphrase is not None})

    crypto.rewrite(s.repo.db, path, encrypted=s.encrypted, new_passphrase=passphrase, after_export=log)
    connect = crypto.encrypted_connect(passphrase) if passphrase is not None else store.plain_connect
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
    integrity: tuple[str, ...]  # ("ok",) when SQLite's integrity check finds nothing
    files_checked: int
    problems: tuple[EvidenceProblem, ...]
    log_problems: tuple[str, ...] = ()  # the activity log's chain, triggers, evidence against the log
    log_entries: int = 0
    imported_entries: int = 0
    log_head: str = ""  # the last entry's hash: note it to compare later

    @property
    def ok(self) -> bool:
        return self.integrity == ("ok",) and not self.problems and not self.log_problems

    def lines(self) -> list[str]:
        """What to show: one line per finding, or a few lines saying all is well."""
        if self.ok:
            out = [
                f"{self.path.name}: file integrity ok; {self.files_checked} evidence "
                f"file{'s' if self.files_checked != 1 else ''} match their SHA-256 and the activity log; "
                f"the log's {self.log_entries:,} entr{'ies' if self.log_entries != 1 else 'y'} form an unbroken chain"
            ]
            if self.imported_entries:
                out.append(
                    f"{self.path.name}: {self.imported_entries:,} of them were restored from a JSON export "
                    "(marked imported: they show what the export said, not history this file recorded)"
                )
            if self.log_head:
                out.append(f"{self.path.name}: log head {self.log_head} (note it to compare later)")
            return out
        out = [f"{self.path.name}: integrity check: {m}" for m in self.integrity if m != "ok"]
        out += [f"{self.path.name}: {p}" for p in self.problems]
        out += [f"{self.path.name}: {p}" for p in self.log_problems]
        return out


def verify_workspace(
    target: Session | Path | str, *, passphrase: str | None = None, noted_head: str | None = None
) -> VerifyResult:
    """Check the whole file, every kept file's SHA-256 and size, and the activity log's chain.

    Takes an open session or a path (opened read-only, without the opening
    checks so that damage is reported rather than refused; an encrypted one
    with ``passphrase`` or as open_workspace finds it). ``noted_head`` is a
    log head printed by an earlier verify: reported if the log no longer
    holds it. Reports, never repairs.
    """
    if isinstance(target, Session):
        return _verify(target.path, target.repo, noted_head)
    path = Path(target)
    store.require_regular_file(path)
    try:
        plain = store.is_plain_sqlite(path)
    except OSError as exc:
        raise WorkspaceError(f"{path}: cannot be read ({exc.strerror})") from None
    if plain:
        connect: Any = store.plain_connect
    else:
        _, connect, _ = unlock(path, passphrase)
    errors = store.database_errors()
    try:
        conn = connect(str(path), read_only=True)
    except errors as exc:
        raise WorkspaceError(f"{path.name} cannot be read ({exc})") from None
    from soc2wizard.store.db import Db

    repo = Repo(Db(conn))
    try:
        try:
            store.check_connection(conn, path.name, quick_check=False)
        except WorkspaceError as exc:
            integrity = repo.integrity_check() if "damaged" in str(exc) else ()
            if not integrity or integrity == ("ok",):
                raise
            return VerifyResult(path, integrity, 0, ())
        return _verify(path, repo, noted_head)
    except errors as exc:
        raise WorkspaceError(f"{path.name} is damaged and cannot be checked ({exc})") from None
    finally:
        conn.close()


def _verify(path: Path, repo: Repo, noted_head: str | None = None) -> VerifyResult:
    import hashlib

    from soc2wizard.store import chain

    integrity = repo.integrity_check()
    if integrity != ("ok",):
        return VerifyResult(path, integrity, 0, ())
    problems: list[EvidenceProblem] = []
    log_problems: list[str] = []
    checked = 0
    recorded, unkeyed = _logged_evidence(repo)
    for eid, cid, name, sha, size, content in repo.evidence_files():
        checked += 1
        if content is None:
            problems.append(EvidenceProblem(eid, cid, name, f"SHA-256 {sha}", "the file's content is missing"))
        else:
            actual = hashlib.sha256(content).hexdigest()
            if actual != sha:
                problems.append(EvidenceProblem(eid, cid, name, f"SHA-256 {sha}", f"SHA-256 is {actual}"))
            elif size is not None and len(content) != size:
                problems.append(EvidenceProblem(eid, cid, name, f"{size:,} bytes", f"{len(content):,} bytes"))
        logged = recorded.get(eid)
        if logged is not None:
            if logged != sha:
                log_problems.append(
                    f"evidence {eid} ({cid}, {name}): the activity log recorded SHA-256 {logged}, "
                    f"the file now holds {sha}: the evidence was replaced outside soc2wizard"
                )
        elif (cid, sha) not in unkeyed:
            log_problems.append(
                f"evidence {eid} ({cid}, {name}): not recorded in the activity log: it was added outside soc2wizard"
            )
    found, entries, imported = chain.problems(repo.log_rows(), repo.log_head(), noted_head)
    missing = repo.missing_triggers()
    if missing:
        log_problems.insert(
            0, f"activity log: its append-only protection was removed (trigger {', '.join(missing)} missing)"
        )
    log_problems[0:0] = found
    head = repo.log_head()
    return VerifyResult(
        path,
        integrity,
        checked,
        tuple(problems),
        tuple(log_problems),
        entries,
        imported,
        head[1] if head and head[1] and not log_problems else "",
    )


def _logged_evidence(repo: Repo) -> tuple[dict[int, str | None], set[tuple[str, str]]]:
    """What the log says each kept file's SHA-256 is: by evidence id, and (control, hash) for old entries."""
    by_id: dict[int, str | None] = {}
    unkeyed: set[tuple[str, str]] = set()
    for e in reversed(repo.activity()):
        if e.imported:
            continue
        after = e.after if isinstance(e.after, dict) else {}
        before = e.before if isinstance(e.before, dict) else {}
        if e.action in ("add evidence file", "restore evidence") and after.get("sha256"):
            if isinstance(after.get("id"), int):
                by_id[after["id"]] = after["sha256"]
            else:
                unkeyed.add((e.target, after["sha256"]))
        elif e.action == "remove evidence" and isinstance(before.get("id"), int):
            by_id.pop(before["id"], None)
        elif e.action == "restore from JSON" and isinstance(after.get("evidence_sha256"), dict):
            for key, sha in after["evidence_sha256"].items():
                if str(key).isdigit():
                    by_id[int(key)] = sha
    return by_id, unkeyed
