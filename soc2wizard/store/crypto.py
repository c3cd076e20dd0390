"""Encrypted workspaces: the whole file encrypted with SQLCipher 4 (``sqlcipher3``).

Imported only when an encrypted file is met or encryption is asked for, so the
app starts without loading it. An encrypted workspace keeps its application id
and schema version inside, checked once the passphrase has unlocked it.

Changing the encryption (encrypt, new passphrase, decrypt) never touches the
original in place: a complete copy is written beside it, reopened with its new
key, checked (integrity, same rows in every table) and synced to disk, and only
then moved over the original.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from soc2wizard import fileio
from soc2wizard.store.db import Db
from soc2wizard.store.fileformat import APPLICATION_ID
from soc2wizard.store.workspace import Connect, WorkspaceError, WrongPassphrase, check_connection

MIN_PASSPHRASE = 8


def require() -> Any:
    """The ``sqlcipher3`` module; WorkspaceError saying how to install it when it is missing."""
    return _sqlcipher()


def unavailable_reason() -> str:
    """ "" when workspaces can be encrypted here, else why not (sqlcipher3 missing)."""
    try:
        _sqlcipher()
    except WorkspaceError as exc:
        return str(exc)
    return ""


def _sqlcipher() -> Any:
    try:
        import sqlcipher3
    except ImportError:
        raise WorkspaceError(
            "encrypted workspaces need the sqlcipher3 package, which is not installed "
            "(it installs with soc2wizard; pip install sqlcipher3)"
        ) from None
    return sqlcipher3


def available() -> bool:
    try:
        _sqlcipher()
    except WorkspaceError:
        return False
    return True


def errors() -> tuple[type[BaseException], ...]:
    """The database errors of both drivers, for ``except`` clauses."""
    return (sqlite3.DatabaseError, _sqlcipher().DatabaseError)


def check_passphrase(passphrase: str, field: str = "passphrase") -> str:
    from soc2wizard.domain.errors import FieldError

    if not isinstance(passphrase, str) or not passphrase:
        raise FieldError(field, "must not be empty")
    if "\x00" in passphrase:
        raise FieldError(field, "must not contain a NUL character")
    if len(passphrase) < MIN_PASSPHRASE:
        raise FieldError(field, f"is too short; use at least {MIN_PASSPHRASE} characters")
    if len(passphrase) > 1024:
        raise FieldError(field, "is longer than 1,024 characters")
    return passphrase


def quote(text: str) -> str:
    """An SQL string literal: PRAGMA key takes no bound parameters."""
    if "\x00" in text:
        raise ValueError("a passphrase cannot contain NUL")
    return "'" + text.replace("'", "''") + "'"


def _raw_connect(path: str, passphrase: str, *, read_only: bool = False) -> Any:
    sc = _sqlcipher()
    if read_only:
        conn = sc.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sc.connect(path, check_same_thread=False)
    try:
        with contextlib.suppress(sc.DatabaseError):  # a wrong key is ours to report, not stderr's
            conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sc.DatabaseError:
        conn.close()
        raise WrongPassphrase(f"wrong passphrase for {Path(path).name}") from None
    conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables never reach the disk
    return conn


def encrypted_connect(passphrase: str) -> Connect:
    """A ``Connect`` factory that opens (or creates) files encrypted with ``passphrase``.

    Opening an existing file with a wrong passphrase raises WrongPassphrase.
    """

    def connect(path: str, read_only: bool = False) -> Any:
        return _raw_connect(path, passphrase, read_only=read_only)

    return connect


def check_encrypted(path: Path, passphrase: str) -> int:
    """The read-only checks of ``workspace.check_file``, for an encrypted file; returns its version.

    WrongPassphrase if it does not unlock; WorkspaceError if, unlocked, it is
    not a workspace this version can open. Nothing is written.
    """
    conn = _raw_connect(str(path), passphrase, read_only=True)
    try:
        return check_connection(conn, path.name, what="an encrypted SQLite database")
    finally:
        conn.close()


# --- rewriting a workspace with another key -------------------------------------


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - folders cannot be opened for fsync there
        return
    with contextlib.suppress(OSError):
        _fsync(folder)


def table_counts(conn: Any) -> dict[str, int]:
    names = [
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in sorted(names)}


def _unchanged(message: str) -> WorkspaceError:
    return WorkspaceError(f"{message}; the workspace was not changed")


def export_copy(
    source: Any,
    target: Path,
    new_passphrase: str | None,
    *,
    after_export: Callable[[Any], None] | None = None,
) -> None:
    """Write the whole database of connection ``source`` to ``target`` under a new key.

    ``source`` is a ``sqlcipher3`` connection, open (and unlocked) on the
    current file; ``new_passphrase`` None writes a plain SQLite file. The copy
    is then opened on its own with the new key, ``after_export`` may add to it
    (the activity entry), and it is checked: integrity, the application id and
    version, and the same number of rows in every table (the activity log may
    have grown by what ``after_export`` added).
    """
    sc = _sqlcipher()
    key = quote(new_passphrase) if new_passphrase is not None else "''"
    expected = table_counts(source)
    version = source.execute("PRAGMA user_version").fetchone()[0]
    try:
        source.execute(f"ATTACH DATABASE {quote(str(target))} AS rekeyed KEY {key}")
        try:
            source.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
            source.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
            source.execute(f"PRAGMA rekeyed.application_id = {APPLICATION_ID}")
            source.commit()
        finally:
            source.execute("DETACH DATABASE rekeyed")
    except sc.DatabaseError as exc:
        raise WorkspaceError(f"the new copy could not be written ({exc})") from None

    if new_passphrase is None:
        copy: Any = sqlite3.connect(str(target))
        copy.execute("PRAGMA temp_store = MEMORY")
    else:
        copy = _raw_connect(str(target), new_passphrase)
    try:
        before_extra = table_counts(copy).get("activity", 0)
        if after_export is not None:
            after_export(copy)
            copy.commit()
        got = table_counts(copy)
        added = got.get("activity", 0) - before_extra
        checks = {
            "integrity": copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok",
            "application id": copy.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID,
            "version": copy.execute("PRAGMA user_version").fetchone()[0] == version,
            # the log entry ``after_export`` adds may also note the log's head in meta
            "rows": {**got, "activity": got.get("activity", 0) - added, "meta": expected.get("meta", 0)} == expected
            and 0 <= got.get("meta", 0) - expected.get("meta", 0) <= 1,
        }
        copy.execute("PRAGMA journal_mode = DELETE")
    except (sqlite3.DatabaseError, sc.DatabaseError) as exc:
        raise WorkspaceError(f"the new copy could not be checked ({exc})") from None
    finally:
        copy.close()
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise WorkspaceError(f"the new copy failed its check ({', '.join(failed)})")
    _fsync(target)


def replace_file(tmp: Path, path: Path) -> None:
    """Move the verified copy over the original; the original stays if this fails."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # Edits not yet folded into the file (another program has it open):
        # a log left beside the new file would be replayed into it.
        raise WorkspaceError(f"{path.name} is still in use by another program; close it there and try again")
    for stale in (wal, Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def rewrite(
    db: Db, path: Path, *, encrypted: bool, new_passphrase: str | None, after_export: Callable[[Any], None]
) -> None:
    """Replace the workspace at ``path`` (open as ``db``, lock held) by a checked copy under another key.

    ``encrypted`` says whether the file is encrypted now; ``new_passphrase``
    None writes it plain. The copy is written in a private folder beside the
    file (owner-only; a crash leaves it for ``fileio.remove_stale_workdirs``),
    checked, synced, and moved over the original. ``db`` is closed when this
    returns normally; on WorkspaceError the original and ``db`` are as they were.
    """
    from soc2wizard.store.workspace import checkpoint, database_errors, resume_wal

    sc = _sqlcipher()
    path = fileio.real_path(path)
    try:
        checkpoint(db)  # the file alone is then complete
    except database_errors() as exc:
        raise WorkspaceError(f"{path.name} could not be prepared ({exc}); it was not changed") from None
    try:
        with fileio.private_workdir(path.parent, _unchanged) as work:
            tmp = work / path.name
            source = db.conn if encrypted else sc.connect(str(path), check_same_thread=False)
            try:
                export_copy(source, tmp, new_passphrase, after_export=after_export)
            finally:
                if source is not db.conn:
                    source.close()
            try:
                if os.name == "nt":  # pragma: no cover - an open file cannot be replaced there
                    db.close()
                replace_file(tmp, path)
            except OSError as exc:
                raise WorkspaceError(
                    f"{path.name} could not be replaced ({exc.strerror or exc}); the original is unchanged"
                ) from None
    except WorkspaceError as exc:
        resume_wal(db)
        message = str(exc)
        if "unchanged" not in message and "not changed" not in message:
            message += f"; {path.name} was not changed"
        raise WorkspaceError(message) from None
    with contextlib.suppress(Exception):
        db.close()
