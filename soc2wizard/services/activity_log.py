"""The activity log: who changed what, when; filtered views and CSV."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from soc2wizard.domain.records import (
    ActivityEntry,
)
from soc2wizard.services._common import MAX_SHORT, write_file_atomic
from soc2wizard.services.session import Session

# --- the log -----------------------------------------------------------------------


def activity(s: Session, limit: int | None = None) -> list[ActivityEntry]:
    """The activity log, newest first."""
    return s.repo.activity(limit)


# The activity log -------------------------------------------------------------------


def set_actor(s: Session, name: str | None) -> None:
    """Who the log names for this session's edits: the app's user (from its preferences).

    Empty or None: the workspace's assessor name, else the operating system's user.
    """
    clean = " ".join((name or "").split())[:MAX_SHORT]
    s.repo.actor_name = clean or None


def activity_entries(
    s: Session,
    *,
    text: str = "",
    actor: str = "",
    action: str = "",
    limit: int | None = None,
) -> list[ActivityEntry]:
    """The log, newest first, filtered: ``text`` anywhere (case-insensitive), exact actor/action."""
    needle = text.casefold().strip()
    out = []
    for e in s.repo.activity():
        if actor and e.actor != actor:
            continue
        if action and e.action != action:
            continue
        if needle and needle not in _entry_text(e).casefold():
            continue
        out.append(e)
        if limit and len(out) >= limit:
            break
    return out


def _entry_text(e: ActivityEntry) -> str:
    return " ".join([e.at, e.actor, e.action, e.target, log_value(e.before), log_value(e.after)])


def log_value(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


ACTIVITY_CSV_COLUMNS = ("time", "actor", "action", "target", "before", "after")


def activity_csv(s: Session, path: Path | str, entries: Sequence[ActivityEntry] | None = None) -> int:
    """Write the log (or ``entries``) as CSV, oldest first; returns the number of rows.

    The file appears complete or not at all. Cells a spreadsheet would run
    as a formula are prefixed with an apostrophe.
    """
    import csv
    import io

    rows = list(entries) if entries is not None else s.repo.activity()
    rows.sort(key=lambda e: e.id)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(ACTIVITY_CSV_COLUMNS)
    for e in rows:
        w.writerow([_csv_cell(v) for v in (e.at, e.actor, e.action, e.target, log_value(e.before), log_value(e.after))])
    write_file_atomic(Path(path), buf.getvalue().encode("utf-8-sig"))
    return len(rows)


def _csv_cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
