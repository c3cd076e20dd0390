"""Checklist updates from a CSV file: status, owner, due date and notes by control id.

Reads the CSV the checklist export writes (or any CSV with a "Control ID"
column and some of "Status", "Owner", "Due date", "Notes", "Not applicable
because"). Every line is checked before anything is changed; problems are
reported by line number, and a file with any bad line imports nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soc2wizard.domain import vocab
from soc2wizard.domain.errors import FieldError
from soc2wizard.report.tabular import undefuse

MAX_FILE = 20 * 1024 * 1024
MAX_ERRORS = 5

# Accepted header names (lower case, spaces and underscores alike) -> field.
HEADERS: dict[str, str] = {
    "control id": "control_id",
    "control": "control_id",
    "id": "control_id",
    "status": "status",
    "owner": "owner",
    "due date": "due_date",
    "due": "due_date",
    "notes": "notes",
    "note": "notes",
    "not applicable because": "na_reason",
    "na reason": "na_reason",
    "n/a reason": "na_reason",
}

_STATUS_WORDS: dict[str, str] = {}
for _id, _label in vocab.STATUSES.items():
    _STATUS_WORDS[_id] = _id
    _STATUS_WORDS[_label.lower()] = _id
    _STATUS_WORDS[_id.replace("_", " ")] = _id
_STATUS_WORDS["n/a"] = "not_applicable"
_STATUS_WORDS["done"] = "implemented"


@dataclass(frozen=True)
class Update:
    line: int
    control_id: str
    changes: dict[str, Any]


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt_ in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
        try:
            d = dt.datetime.strptime(text, fmt_).date()
        except ValueError:
            continue
        if not 2000 <= d.year <= 2100:
            raise ValueError("must be a date between the years 2000 and 2100")
        return d
    raise ValueError(f"due date {text[:40]!r} is not a date written YYYY-MM-DD")


# Fields whose cells never hold a line break: one that does means a quote was left open.
_ONE_LINE = {"control_id": "Control ID", "status": "Status", "owner": "Owner", "due_date": "Due date"}


def parse_rows(rows: list[tuple[int, list[str]]], known: Container[str]) -> list[Update]:
    """Check header and rows; FieldError("line N", …) naming the first problems, else the updates."""
    if not rows:
        raise FieldError("line 1", 'the file is empty; it needs a header with a "Control ID" column')
    header_line, header = rows[0]
    fields: list[str | None] = []
    for name in header:
        key = " ".join(name.strip().lower().replace("_", " ").split())
        fields.append(HEADERS.get(key))
    if "control_id" not in fields:
        raise FieldError(f"line {header_line}", 'the header has no "Control ID" column')
    dupes = {f for f in fields if f and fields.count(f) > 1}
    if dupes:
        raise FieldError(f"line {header_line}", f"the header names a column twice ({', '.join(sorted(dupes))})")
    if not any(f for f in fields if f and f != "control_id"):
        raise FieldError(f"line {header_line}", "the header has no column to import (Status, Owner, Due date, Notes)")

    errors: list[str] = []
    updates: list[Update] = []
    seen: dict[str, int] = {}
    for line, cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue  # blank lines are allowed
        if len(cells) > len(fields) and any(c.strip() for c in cells[len(fields) :]):
            errors.append(f"line {line}: has {len(cells)} cells but the header has {len(fields)}")
            continue
        if len(cells) < len(fields):
            errors.append(
                f"line {line}: has {len(cells)} cell{'s' if len(cells) != 1 else ''} but the header has "
                f"{len(fields)} (a missing cell would empty a field)"
            )
            continue
        values = {f: cells[i] for i, f in enumerate(fields) if f}
        broken = [f for f in _ONE_LINE if "\n" in values.get(f, "") or "\r" in values.get(f, "")]
        if broken:
            errors.append(
                f'line {line}: the {_ONE_LINE[broken[0]]} cell runs over several lines: a quote (") '
                "is opened and not closed where it should be"
            )
            continue
        cid = values["control_id"].strip()
        problems: list[str] = []
        changes: dict[str, Any] = {}
        if not cid:
            problems.append("the control id is empty")
        elif cid not in known:
            problems.append(f"no control with id {cid!r} in this workspace")
        elif cid in seen:
            problems.append(f"control {cid} is already updated on line {seen[cid]}")
        if "status" in values and values["status"].strip():
            word = " ".join(values["status"].strip().lower().split())
            status = _STATUS_WORDS.get(word)
            if status is None:
                problems.append(
                    f"status {values['status'].strip()[:40]!r} is not one of: {', '.join(vocab.STATUSES.values())}"
                )
            else:
                changes["status"] = status
        if "due_date" in values:
            try:
                changes["due_date"] = _date(values["due_date"])
            except ValueError as exc:
                problems.append(str(exc))
        for f in ("owner", "notes", "na_reason"):
            if f in values:
                changes[f] = undefuse(values[f].strip())
        if problems:
            errors.append(f"line {line}: " + "; ".join(problems))
        else:
            seen[cid] = line
            updates.append(Update(line, cid, changes))
    if errors:
        first = errors[0].split(": ", 1)
        more = errors[1:MAX_ERRORS]
        rest = len(errors) - 1 - len(more)
        message = first[1]
        if more:
            message += "; also " + "; ".join(more)
        if rest > 0:
            message += f"; and {rest} more bad line{'s' if rest != 1 else ''}"
        raise FieldError(first[0], message + ". Nothing was imported.")
    return updates


def read_csv(path: Path | str) -> list[tuple[int, list[str]]]:
    """The file's records, each with the line it starts on (FieldError if unreadable)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise FieldError(str(path), f"is {size / 1048576:,.1f} MB; a checklist CSV should be far smaller")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FieldError(str(path), "no such CSV file") from None
    except IsADirectoryError:
        raise FieldError(str(path), "is a folder, not a CSV file") from None
    except OSError as exc:
        raise FieldError(str(path), f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FieldError(f"line {line}", "is not UTF-8 text; save the file as CSV UTF-8") from None
    if "\x00" in text:
        raise FieldError(str(path), "is not a text CSV file")
    lines = text.splitlines(keepends=True)
    head = lines[0] if lines else ""
    # Spreadsheets in some locales save with ";" (or tabs); the header line tells which.
    delimiter = max(",;\t", key=lambda d: (head.count(d), d == ","))
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            out.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise FieldError(
                f"line {start}", 'opens a quoted cell (") that is never closed; nothing was imported'
            ) from None
        raise FieldError(f"line {start}", f"is not valid CSV ({exc}); nothing was imported") from None
    return out
