"""Opening, creating and migrating workspace files.

A workspace is one SQLite file (``.soc2``). Before anything is written to a
file it is checked: the header, the application id, the schema version and
SQLite's own quick check. A file that fails any check is left byte-for-byte
unchanged and a WorkspaceError says why.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path


from soc2wizard import __version__
from soc2wizard.domain.errors import Soc2Error
from soc2wizard.fileio import temp_beside
from soc2wizard.store.db import Db
from soc2wizard.store.fileformat import APPLICATION_ID, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
EXTENSION = ".soc2"


class WorkspaceError(Soc2Error):
    """A workspace file that cannot be opened or written; the message says why."""


class PassphraseRequired(WorkspaceError):
    """The file is not plain SQLite and may be an encrypted workspace: ask for its passphrase.

    ``reason`` says why none was at hand (e.g. no keychain on this machine), for
    the dialog that asks.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class WrongPassphrase(PassphraseRequired):
    """A passphrase was tried and does not open the file; asking again may help."""


# A connection factory: the plain one here, an encrypting one in store/crypto.
Connect = Callable[[str], sqlite3.Connection]


def _plain_connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, check_same_thread=False)


def _header_version(path: Path) -> tuple[int, int] | None:
    """(application id, user version) from a plain SQLite header, else None."""
    with open(path, "rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_HEADER):
        return None
    return int.from_bytes(head[68:72], "big"), int.from_bytes(head[60:64], "big")


def looks_encrypted(path: Path) -> bool:
    """Whether a file that is not plain SQLite could be an SQLCipher workspace.

    An encrypted file cannot be told from random bytes, so this only rules out
    what is obviously something else: empty or odd-sized files, and anything
    with structure (text, PDF, zip, images...), which compresses well where
    ciphertext does not.
    """
    import zlib

    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if size < 1024 or size % 512:
        return False
    return len(zlib.compress(head, 6)) > len(head) * 0.95


def check_file(path: Path) -> None:
    """Raise WorkspaceError unless ``path`` is a plain workspace this version can open.

    Reads only: nothing is written to the file or beside it.
    """
    name = path.name
    if not path.exists():
        raise WorkspaceError(f"{path}: no such file")
    if path.is_dir():
        raise WorkspaceError(f"{path}: is a folder, not a workspace file")
    try:
        header = _header_version(path)
    except OSError as exc:
        raise WorkspaceError(f"{path}: cannot be read ({exc.strerror})") from None
    if header is None:
        if looks_encrypted(path):
            raise PassphraseRequired(
                f"{name} is encrypted, or is not a soc2wizard workspace (it is not an "
                "SQLite database as it stands): enter its passphrase to open it"
            )
        raise WorkspaceError(
            f"{name} is not a soc2wizard workspace: it is not an SQLite database nor an encrypted workspace"
        )
    app_id, version = header
    if app_id != APPLICATION_ID:
        raise WorkspaceError(f"{name} is an SQLite database but not a soc2wizard workspace")
    if version > SCHEMA_VERSION:
        raise WorkspaceError(
            f"{name} was written by a newer soc2wizard (file format {version}; this "
            f"version {__version__} reads up to {SCHEMA_VERSION}). Update soc2wizard to open it; "
            "the file was not changed."
        )
    uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"{name} is damaged and cannot be opened ({exc})") from None
    if result != "ok":
        raise WorkspaceError(f"{name} is damaged and cannot be opened ({result})")


def configure(conn: sqlite3.Connection) -> Db:
    """Pragmas every workspace connection uses, then the handle the app keeps."""
    conn.execute("PRAGMA busy_timeout = 3000")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # e.g. a read-only medium
        conn.execute("PRAGMA journal_mode = DELETE")
    # WAL with NORMAL sync survives a killed process; each commit is durable
    # against application crashes, which is what "never lose an edit" needs.
    conn.execute("PRAGMA synchronous = NORMAL")
    return Db(conn)


def migrate(db: Db) -> None:
    """Apply pending migrations (sqlite-utils ``Migrations``); user_version follows them.

    An up-to-date file (the usual case) is recognised by its user_version
    alone, without loading sqlite-utils.
    """
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise WorkspaceError(f"the file format {version} is newer than this version reads ({SCHEMA_VERSION})")
    if version == SCHEMA_VERSION:
        return
    from soc2wizard.store.schema import migrations

    migrations.apply(db.utils())
    with db.atomic():
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def open_database(path: Path, connect: Connect = _plain_connect, *, check: bool = True) -> Db:
    """Open an existing workspace for writing, after the read-only checks."""
    if check:
        check_file(path)
    try:
        db = configure(connect(str(path)))
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"{path.name} cannot be opened: {exc}") from None
    return db


@contextlib.contextmanager
def building(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it becomes ``path``.

    A failure removes the temporary file, so no half-written workspace is
    ever left behind, and an existing file at ``path`` is never replaced.
    """
    path = Path(path)
    if path.exists():
        raise WorkspaceError(f"{path} already exists; choose another name or remove it first")
    with temp_beside(path, WorkspaceError) as tmp:
        yield tmp
        if path.exists():
            raise WorkspaceError(f"{path} already exists; choose another name or remove it first")
        os.replace(tmp, path)


def new_database(tmp: Path, connect: Connect = _plain_connect) -> Db:
    """A fresh, migrated workspace database at ``tmp`` (which must not exist)."""
    import uuid  # only new files need one; kept off the start-up path

    db = configure(connect(str(tmp)))
    migrate(db)
    with db.atomic():
        db.utils()["meta"].insert_all(
            [
                {"key": "workspace_id", "value": str(uuid.uuid4())},
                {"key": "created_with", "value": __version__},
            ]
        )
    return db


def checkpoint_and_close(db: Db) -> None:
    """Fold the WAL into the main file and close, leaving one self-contained file."""
    with contextlib.suppress(sqlite3.DatabaseError):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode = DELETE")
    db.close()
