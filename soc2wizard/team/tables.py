"""Which tables a team replica syncs, field by field, and how a field's value travels.

``TABLES`` names every synced table with its row key and fields (grouped
where two columns must merge as one); ``LOCAL_ONLY`` says why each other
table stays on this machine (tests/team fails when a table is in neither).
Values travel as canonical JSON (``encode``/``decode``; bytes in base64).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from soc2wizard.store.fileformat import REQUIRED_TABLES

DELETED = "_deleted"
TRUE, FALSE = "true", "false"


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: str  # the key column
    uid: bool  # True: a local integer id, mapped to a UUID row key
    fields: dict[str, tuple[str, ...]]  # field -> the columns it covers (one, or a group kept together)
    quiet: frozenset[str] = frozenset()  # fields that change with every edit: merged, never reported as conflicts
    int_key: bool = False  # natural key stored as an integer (profile, plan)
    what: str = ""  # how a row is named to a person
    # Columns whose values are the row key (a JSON list); ``key`` is then the local id (or rowid).
    natural: tuple[str, ...] = ()


def _single(*cols: str) -> dict[str, tuple[str, ...]]:
    return {c: (c,) for c in cols}


def _columns(table: str, key: str) -> tuple[str, ...]:
    """The table's columns in the file format (store/fileformat.py), without its key."""
    return tuple(c for c in REQUIRED_TABLES[table] if c != key)


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        # The answers and the scope travel whole: every column the file format gives them, so a
        # column a migration adds is synced without being listed twice (the first team version
        # missed migration 002's consumers, us_federal and pci_level that way).
        TableSpec("profile", "id", False, _single(*_columns("profile", "id")), int_key=True, what="company profile"),
        TableSpec("plan", "id", False, _single(*_columns("plan", "id")), int_key=True, what="plan"),
        TableSpec("scope_items", "id", True, _single(*_columns("scope_items", "id")), what="scope item"),
        TableSpec(
            "assumption_overrides",
            "key",
            False,
            # low and high are one range: merged together, so a merge never gives low > high;
            # with them the currency they were typed in and its rate (migration 009), so a
            # merge never reads one replica's euros in another's dollars.
            {"range": ("low", "high", "currency", "rate"), "note": ("note",), "updated_at": ("updated_at",)},
            quiet=frozenset({"updated_at"}),
            what="assumption",
        ),
        TableSpec("custom_controls", "id", False, {"body": ("body",)}, what="custom control"),
        TableSpec(
            "control_states",
            "control_id",
            False,
            # status and its N/A reason travel together: "not applicable" always keeps its reason.
            {
                "status": ("status", "na_reason"),
                "owner": ("owner",),
                "due_date": ("due_date",),
                "notes": ("notes",),
                "updated_at": ("updated_at",),
            },
            quiet=frozenset({"updated_at"}),
            what="control",
        ),
        TableSpec(
            "evidence",
            "id",
            True,
            _single("control_id", "kind", "name", "url", "sha256", "size", "occurred_on", "note", "added_at"),
            what="evidence",
        ),
        TableSpec("settings", "key", False, {"value": ("value",)}, what="setting"),
        # Added by migration 007 (tables of features that came after the team code).
        TableSpec(
            "snapshots",
            "id",
            False,
            _single("taken_on", "taken_at", "body"),
            natural=("name",),
            what="snapshot",
        ),
        TableSpec(
            "description_edits",
            "key",
            False,
            # the edited text and the generated text it was edited from travel together
            {"text": ("text", "base"), "updated_at": ("updated_at",)},
            quiet=frozenset({"updated_at"}),
            what="description section",
        ),
        TableSpec(
            "risk_entries",
            "key",
            False,
            _single("body", "seeded", "removed", "position", "updated_at"),
            quiet=frozenset({"updated_at"}),
            what="risk",
        ),
        TableSpec(
            "policy_versions",
            "rowid",
            False,
            _single("approver", "approved_on", "next_review", "note", "text"),
            natural=("policy_key", "version"),
            what="policy approval",
        ),
        TableSpec(
            "policy_edits",
            "policy_key",
            False,
            # the user's wording and the generated text it was edited from travel together
            {"text": ("text", "base"), "updated_at": ("updated_at",)},
            quiet=frozenset({"updated_at"}),
            what="policy wording",
        ),
        TableSpec(
            "policy_acknowledgements",
            "id",
            False,
            _single("acknowledged_on"),
            natural=("policy_key", "version", "person"),
            what="policy acknowledgement",
        ),
    )
}

# Tables of a workspace that are deliberately not synced field by field, and why
# (tests/team/test_more_tables.py fails when a table is neither here nor in TABLES).
LOCAL_ONLY: dict[str, str] = {
    "meta": "the file's own identity, format marks and the log's chain head: each replica has its own",
    "activity": "each replica's log entries are sent as they are, append-only (add_remote_activity), not merged",
    "_sqlite_migrations": "which migrations this file has had",
    "sync_state": "this replica's id, clock and progress",
    "sync_dirty": "rows touched by the transaction under way",
    "sync_rowkeys": "this replica's map from local ids to row keys",
    "sync_fields": "the merge state itself",
    "sync_pending": "changes waiting to be sent",
    "sync_conflicts": "conflicts met by this replica",
    "sync_activity": "which log entries came from which replica",
}


# --- values ------------------------------------------------------------------------


def _plain(v: Any) -> Any:
    if isinstance(v, (bytes, memoryview)):
        return {"$b64": base64.b64encode(bytes(v)).decode("ascii")}
    return v


def _unplain(v: Any) -> Any:
    if isinstance(v, dict) and set(v) == {"$b64"}:
        return base64.b64decode(v["$b64"])
    return v


def encode(values: Sequence[Any]) -> str:
    """A field's value as canonical JSON text (one column: the value; a group: a list)."""
    if len(values) == 1:
        return json.dumps(_plain(values[0]), ensure_ascii=False, sort_keys=True)
    return json.dumps([_plain(v) for v in values], ensure_ascii=False, sort_keys=True)


def decode(text: str | None, width: int) -> list[Any]:
    if text is None:
        return [None] * width
    value = json.loads(text)
    if width == 1:
        return [_unplain(value)]
    return [_unplain(v) for v in value]
