"""Opening, creating and migrating workspace files.

A workspace is one SQLite file (``.soc2``). Before anything is written to a
file it is checked, read-only and as SQLite itself sees it (its write-ahead
log included): the header, the application id, the schema version, the
tables the app needs, and SQLite's own quick check. A file that fails any
check is left byte-for-byte unchanged and a WorkspaceError says why.

A read-only open (``open_database(..., read_only=True)``) never writes: the
file is opened with ``mode=ro``, nothing is migrated or checkpointed, so it
works on read-only media and leaves the file's bytes and time stamp alone.
Migrations run only on a write open, after a backup copy is made beside the
file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from soc2wizard import __version__
from soc2wizard.domain.errors import Soc2Error
from soc2wizard.fileio import temp_beside
from soc2wizard.store.db import Db
from soc2wizard.store.fileformat import APPLICATION_ID, REQUIRED_TABLES, SCHEMA_VERSION

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


class StorageError(WorkspaceError):
    """A change the database could not save (full disk, I/O error); nothing of it was saved."""


class ReadOnlyMedium(WorkspaceError):
    """The file or its folder cannot be written (read-only medium, no permission): open it read-only."""


class Connect(Protocol):
    """A connection factory: the plain one here, an encrypting one in store/crypto."""

    def __call__(self, path: str, read_only: bool = False) -> Any: ...


def wal_pending(path: Path) -> bool:
    """Whether committed edits may wait in ``path``'s write-ahead log (a ``-wal`` with content)."""
    try:
        return os.path.getsize(f"{path}-wal") > 0
    except OSError:
        return False


def read_only_uri(path: Path | str, *, immutable: bool = False) -> str:
    return Path(os.path.realpath(path)).as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def plain_connect(path: str, read_only: bool = False) -> sqlite3.Connection:
    """A connection to a plain workspace; ``read_only`` opens it ``mode=ro`` (its WAL included).

    On a read-only medium where SQLite cannot make its shared-memory file,
    a file with no pending write-ahead log is opened as immutable (nothing
    can change it there, and there is no log to miss).
    """
    if not read_only:
        return sqlite3.connect(path, check_same_thread=False)
    conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        if wal_pending(Path(path)):
            raise
        conn = sqlite3.connect(read_only_uri(path, immutable=True), uri=True, check_same_thread=False)
    return conn


def database_errors() -> tuple[type[BaseException], ...]:
    """The errors of the plain driver and, when it is loaded, of SQLCipher's."""
    import sys

    sc = sys.modules.get("sqlcipher3")
    extra = (sc.DatabaseError,) if sc is not None and hasattr(sc, "DatabaseError") else ()
    return (sqlite3.DatabaseError, *extra)


def require_regular_file(path: Path) -> None:
    """WorkspaceError unless ``path`` is an existing regular file (not a folder, pipe or device)."""
    import stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise WorkspaceError(f"{path}: no such file") from None
    except OSError as exc:
        raise WorkspaceError(f"{path}: cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise WorkspaceError(f"{path}: is a folder, not a workspace file")
    if not stat.S_ISREG(st.st_mode):
        raise WorkspaceError(f"{path}: is not a regular file (a pipe, device or socket), so not a workspace")


def is_plain_sqlite(path: Path) -> bool:
    """Whether the file starts with SQLite's header (OSError when it cannot be read)."""
    require_regular_file(path)
    with open(path, "rb") as fh:
        head = fh.read(100)
    return len(head) == 100 and head.startswith(SQLITE_HEADER)


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


# Columns added by a migration, by the format version that added them: an older
# file is checked for what its own version had (then migrated).
_ADDED_IN = {
    ("profile", "consumers"): 2,
    ("profile", "us_federal"): 2,
    ("profile", "pci_level"): 2,
    ("activity", "hash"): 3,
    ("activity", "imported"): 3,
    ("assumption_overrides", "currency"): 9,
    ("assumption_overrides", "rate"): 9,
}
# Tables that a file of an older format does not have yet.
_TABLE_ADDED_IN = {"snapshots": 4, "sync_dirty": 5}


def check_schema(conn: Any, name: str, version: int = SCHEMA_VERSION) -> None:
    """WorkspaceError unless every table the app reads is there with its columns (as of ``version``)."""
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, all_columns in REQUIRED_TABLES.items():
        if _TABLE_ADDED_IN.get(table, 0) > version:
            continue
        columns = [c for c in all_columns if _ADDED_IN.get((table, c), 0) <= version]
        if table not in have:
            raise WorkspaceError(f"{name} is damaged: its table {table!r} is missing")
        present = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        missing = [c for c in columns if c not in present]
        if missing:
            raise WorkspaceError(f"{name} is damaged: the table {table!r} has no column {missing[0]!r}")


def check_connection(conn: Any, name: str, *, what: str = "an SQLite database", quick_check: bool = True) -> int:
    """The checks every open makes, on a read-only connection; returns the file's schema version.

    Refuses another program's database, a newer format, a file that carries
    the app's id but was never a workspace (nothing is migrated in it), a
    missing table or column, and what SQLite's quick check finds.
    """
    errors = database_errors()
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise WorkspaceError(f"{name} is {what} but not a soc2wizard workspace")
        if version > SCHEMA_VERSION:
            raise WorkspaceError(
                f"{name} was written by a newer soc2wizard (file format {version}; this "
                f"version {__version__} reads up to {SCHEMA_VERSION}). Update soc2wizard to open it; "
                "the file was not changed."
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        workspace_id = None
        if version >= 1 and "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key = 'workspace_id'").fetchone()
            workspace_id = row[0] if row else None
        if version < 1 or not workspace_id:
            raise WorkspaceError(
                f"{name} carries soc2wizard's mark but is not a soc2wizard workspace (no workspace id); "
                "it was not changed"
            )
        check_schema(conn, name, version)
        result = conn.execute("PRAGMA quick_check").fetchone()[0] if quick_check else "ok"
    except errors as exc:
        raise WorkspaceError(f"{name} is damaged and cannot be opened ({exc})") from None
    if result != "ok":
        raise WorkspaceError(f"{name} is damaged and cannot be opened ({result})")
    return int(version)


def check_file(path: Path) -> int:
    """Raise WorkspaceError unless ``path`` is a plain workspace this version can open.

    Reads only, through SQLite with the file's write-ahead log (``mode=ro``):
    edits committed but not yet copied into the file count, so a file whose
    writer was stopped in the middle of a checkpoint is not "damaged".
    Returns the file's schema version.
    """
    name = path.name
    require_regular_file(path)
    try:
        plain = is_plain_sqlite(path)
    except OSError as exc:
        raise WorkspaceError(f"{path}: cannot be read ({exc.strerror})") from None
    if not plain:
        if looks_encrypted(path):
            raise PassphraseRequired(
                f"{name} is encrypted, or is not a soc2wizard workspace (it is not an "
                "SQLite database as it stands): enter its passphrase to open it"
            )
        raise WorkspaceError(
            f"{name} is not a soc2wizard workspace: it is not an SQLite database nor an encrypted workspace"
        )
    try:
        conn = plain_connect(str(path), read_only=True)
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"{name} cannot be read ({exc})") from None
    try:
        return check_connection(conn, name)
    finally:
        conn.close()


def configure(conn: Any, *, read_only: bool = False) -> Db:
    """Pragmas every workspace connection uses, then the handle the app keeps."""
    conn.execute("PRAGMA busy_timeout = 3000")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
        return Db(conn)
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


def backup_path(path: Path, version: int) -> Path:
    """Where the copy made before migrating a format-``version`` file goes (never an existing file)."""
    base = path.with_name(f"{path.name}.format{version}.bak")
    n = 2
    candidate = base
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.format{version}-{n}.bak")
        n += 1
    return candidate


def backup_before_migrating(db: Db, path: Path, version: int) -> Path:
    """Copy the whole file beside it before its first migration; returns the copy's path.

    Made before anything is written, so it is the file exactly as it was;
    edits a crashed writer left in the write-ahead log are folded into the
    file first (the caller holds the lock), so the copy alone is complete.
    It appears whole or not at all.
    """
    if wal_pending(path):
        checkpoint(db)
    target = backup_path(path, version)
    try:
        with temp_beside(target, WorkspaceError) as tmp:
            shutil.copy2(path, tmp)
            os.replace(tmp, target)
    except OSError as exc:
        raise WorkspaceError(
            f"{path.name} needs upgrading to this version's file format, but no backup copy could be "
            f"written beside it ({exc.strerror or exc}); it was not changed"
        ) from None
    return target


def open_database(path: Path, connect: Connect = plain_connect, *, read_only: bool = False, check: bool = True) -> Db:
    """Open an existing workspace, after the read-only checks.

    ``read_only``: ``mode=ro``, no migration, no checkpoint; a file from an
    older version is read through a migrated copy in memory. Otherwise the
    file is migrated if it needs it, after a backup copy beside it.
    """
    if check and connect is plain_connect:
        check_file(path)
    errors = database_errors()
    conn: Any = None
    try:
        if read_only:
            conn = connect(str(path), read_only=True)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                conn = _migrated_in_memory(conn, path.name)
            db = configure(conn, read_only=True)
            check_schema(db.conn, path.name)
            return db
        conn = connect(str(path))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            backup_before_migrating(Db(conn), path, version)
        db = configure(conn)
        if version < SCHEMA_VERSION:
            migrate(db)
        check_schema(db.conn, path.name)
    except errors as exc:
        with contextlib.suppress(Exception):
            conn.close()
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise ReadOnlyMedium(f"{path.name} cannot be written here ({exc})") from None
        raise WorkspaceError(f"{path.name} cannot be opened: {exc}") from None
    return db


def _migrated_in_memory(conn: Any, name: str) -> Any:
    """An in-memory copy of an older file, migrated, for reading it without writing to it."""
    if not isinstance(conn, sqlite3.Connection):
        conn.close()
        raise WorkspaceError(f"{name} is in an older file format; open it once for writing (in the app) to upgrade it")
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    conn.backup(memory)
    conn.close()
    migrate(Db(memory))
    return memory


@contextlib.contextmanager
def building(path: Path) -> Iterator[Path]:
    """Yield a temporary path for a new workspace; on success it becomes ``path``.

    The temporary file is written in a private folder beside ``path``
    (``fileio.private_workdir``), so a failure, or a crash that the next
    open cleans up after, leaves no half-written workspace behind; an
    existing file (or link) at ``path`` is never replaced.
    """
    from soc2wizard.fileio import private_workdir

    path = Path(path)
    if os.path.lexists(path):
        raise WorkspaceError(f"{path} already exists; choose another name or remove it first")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WorkspaceError(f"{path}: the folder {folder} does not exist")
    with private_workdir(folder, lambda message: WorkspaceError(f"{path}: {message}")) as work:
        tmp = work / path.name
        try:
            yield tmp
        except database_errors() as exc:
            raise WorkspaceError(f"{path} could not be written ({exc}); nothing was created") from None
        except OSError as exc:
            raise WorkspaceError(f"{path} could not be written ({exc.strerror or exc}); nothing was created") from None
        if os.path.lexists(path):
            raise WorkspaceError(f"{path} already exists; choose another name or remove it first")
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise WorkspaceError(f"{path} could not be written ({exc.strerror or exc}); nothing was created") from None


def new_database(tmp: Path, connect: Connect = plain_connect) -> Db:
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


def checkpoint(db: Db) -> None:
    """Fold the write-ahead log into the file (the caller holds the lock) and leave WAL mode."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA journal_mode = DELETE")


def checkpoint_and_close(db: Db) -> None:
    """Fold the WAL into the main file and close, leaving one self-contained file."""
    with contextlib.suppress(*database_errors()):
        checkpoint(db)
    db.close()


def resume_wal(db: Db) -> None:
    """Back to WAL mode after ``checkpoint`` when the file stays open for writing."""
    with contextlib.suppress(*database_errors()):
        db.execute("PRAGMA journal_mode = WAL")
