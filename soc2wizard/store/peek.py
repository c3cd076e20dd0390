"""Reading a workspace without changing anything: no write, no migration, no lock, no journal.

For the portfolio, which looks into every client's file in a folder. A file
that no process has open is read as immutable (SQLite then creates no
journal or shared-memory file beside it); a file another soc2wizard has open
(its write-ahead log and shared-memory index beside it) is read through that
log, read-only, so the latest committed edits are seen. A log left alone by
a crash (no index beside it) is not replayed: that would write.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from soc2wizard.store.db import Db
from soc2wizard.store.fileformat import APPLICATION_ID, SCHEMA_VERSION
from soc2wizard.store.workspace import SQLITE_HEADER, looks_encrypted


class Unreadable(Exception):
    """A file the portfolio lists without its contents: ``kind`` says why in one word, the message in full.

    kind: "locked" (encrypted, no passphrase at hand), "foreign" (not a
    soc2wizard workspace), "newer" (a later file format), "damaged".
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _uri(path: Path) -> str:
    uri = path.resolve().as_uri()
    if Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists():
        return uri + "?mode=ro"  # open elsewhere: read its committed edits from the log
    return uri + "?mode=ro&immutable=1"


def sniff(path: Path) -> str:
    """ "plain" or "encrypted"; Unreadable for anything that is neither."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise Unreadable("damaged", f"cannot be read ({exc.strerror})") from None
    if size == 0:
        raise Unreadable("damaged", "is empty")
    if head.startswith(SQLITE_HEADER):
        if len(head) < 100:
            raise Unreadable("damaged", "is cut short: only the start of an SQLite database")
        app_id = int.from_bytes(head[68:72], "big")
        version = int.from_bytes(head[60:64], "big")
        if app_id != APPLICATION_ID:
            raise Unreadable("foreign", "is an SQLite database but not a soc2wizard workspace")
        if version > SCHEMA_VERSION:
            raise Unreadable("newer", f"was written by a newer soc2wizard (file format {version}); update to read it")
        return "plain"
    if looks_encrypted(path):
        return "encrypted"
    raise Unreadable("foreign", "is not a soc2wizard workspace (neither SQLite nor an encrypted workspace)")


def open_plain(path: Path) -> Db:
    """A read-only handle on a plain workspace.

    A write-ahead log left by a process that is gone (a crash) cannot be read
    without writing; the file is then read as it stands, without that log.
    """
    uris = [_uri(path)]
    if not uris[0].endswith("immutable=1"):
        uris.append(path.resolve().as_uri() + "?mode=ro&immutable=1")
    error: Exception | None = None
    for uri in uris:
        conn = None
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return Db(conn)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            error = error or exc
    raise Unreadable("damaged", f"is damaged and cannot be read ({error})")


def open_encrypted(path: Path, passphrase: str) -> Db:
    """A read-only handle on an encrypted workspace; Unreadable("locked") if the passphrase does not open it."""
    from soc2wizard.store import crypto

    sc = crypto._sqlcipher()
    try:
        conn: Any = sc.connect(_uri(path), uri=True, check_same_thread=False)
    except sc.DatabaseError as exc:
        raise Unreadable("damaged", f"cannot be read ({exc})") from None
    try:
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
        except sc.DatabaseError:
            pass
        conn.execute(f"PRAGMA key = {crypto.quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sc.DatabaseError:
        conn.close()
        raise Unreadable("locked", "is encrypted and the passphrase remembered for it no longer opens it") from None
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sc.DatabaseError as exc:
        conn.close()
        raise Unreadable("damaged", f"is damaged and cannot be read ({exc})") from None
    if app_id != APPLICATION_ID:
        conn.close()
        raise Unreadable("foreign", "is an encrypted SQLite database but not a soc2wizard workspace")
    if version > SCHEMA_VERSION:
        conn.close()
        raise Unreadable("newer", f"was written by a newer soc2wizard (file format {version}); update to read it")
    return Db(conn)


def database_errors() -> tuple[type[BaseException], ...]:
    """The errors reading a damaged file may raise, from either driver."""
    from soc2wizard.store import crypto

    if crypto.available():
        return crypto.errors()
    return (sqlite3.DatabaseError,)
