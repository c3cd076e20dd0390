"""The ``snapshots`` table (migration 004): named, dated snapshots of the assessment.

Only this module knows its columns. Writes run inside ``Repo.transaction()``
with their activity-log entry, like every other write.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from soc2wizard.store.repo import Repo


@dataclass(frozen=True)
class StoredSnapshot:
    id: int
    name: str
    taken_on: dt.date  # the day the assessment was read as of
    taken_at: str  # when it was kept (UTC, ISO 8601)
    body: dict[str, Any]


def _row(r: Any) -> StoredSnapshot:
    return StoredSnapshot(int(r[0]), r[1], dt.date.fromisoformat(r[2]), r[3], json.loads(r[4]))


def list_snapshots(repo: Repo) -> list[StoredSnapshot]:
    """Every snapshot, oldest first."""
    rows = repo.db.execute("SELECT id, name, taken_on, taken_at, body FROM snapshots ORDER BY id").fetchall()
    return [_row(r) for r in rows]


def find_snapshot(repo: Repo, name: str) -> StoredSnapshot | None:
    r = repo.db.execute("SELECT id, name, taken_on, taken_at, body FROM snapshots WHERE name = ?", [name]).fetchone()
    return _row(r) if r else None


def insert_snapshot(repo: Repo, name: str, taken_on: dt.date, taken_at: str, body: dict[str, Any]) -> int:
    cur = repo.db.execute(
        "INSERT INTO snapshots (name, taken_on, taken_at, body) VALUES (?, ?, ?, ?)",
        [name, taken_on.isoformat(), taken_at, json.dumps(body, ensure_ascii=False, sort_keys=True)],
    )
    return int(cur.lastrowid)
