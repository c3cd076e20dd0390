"""Encryption and the keychain (checking a file's integrity is services/verify.py)."""

from __future__ import annotations

import os
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
