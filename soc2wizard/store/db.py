"""The database handle the app holds while a workspace is open.

Day to day the app only needs ``execute``, ``atomic`` and ``close`` — with
exactly the semantics of sqlite-utils' ``Database`` — so this small class
gives those, and hands out a sqlite-utils ``Database`` over the same
connection (``utils()``) when a file is created or migrated. Importing
sqlite-utils costs ~50 ms (it brings click, dateutil and pluggy), which
opening an up-to-date workspace therefore no longer pays at start-up.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from typing import Any


class Db:
    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self._utils: Any = None

    def execute(self, sql: str, parameters: Iterable[Any] | dict[str, Any] | None = None) -> Any:
        if parameters is not None:
            return self.conn.execute(sql, parameters)
        return self.conn.execute(sql)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Db]:
        """One transaction (a savepoint when nested), as sqlite-utils' ``Database.atomic``."""
        if self.conn.in_transaction:
            savepoint = f"soc2wizard_{os.urandom(8).hex()}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # a RAISE(ROLLBACK) may have ended it already
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
        else:
            self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                self.conn.rollback()
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.conn.rollback()
                    raise

    def utils(self) -> Any:
        """A sqlite-utils ``Database`` on the same connection (migrations, table helpers)."""
        if self._utils is None:
            from sqlite_utils import Database

            # execute_plugins=False: no plugins are wanted, and looking them up scans
            # every installed package's metadata (~20 ms).
            self._utils = Database(self.conn, execute_plugins=False)
        return self._utils

    def close(self) -> None:
        self.conn.close()
