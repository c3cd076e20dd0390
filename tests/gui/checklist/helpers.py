"""Reading what the workspace file holds, through a separate SQLite connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def file_state(path: Path, control_id: str) -> tuple[str, str, str | None] | None:
    """(status, owner, due_date) of a control as stored in the file, or None if never saved."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT status, owner, due_date FROM control_states WHERE control_id = ?", [control_id]
        ).fetchone()


def file_status(path: Path, control_id: str) -> str:
    row = file_state(path, control_id)
    return row[0] if row else "not_started"


def proxy_row(page, control_id: str) -> int:
    """The visible row of a control in the page's table, or -1."""
    src = page.model.row_of(control_id)
    return page.proxy.mapFromSource(page.model.index(src, 0)).row() if src >= 0 else -1
