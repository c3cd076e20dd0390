"""A replica's sync state: what changed here, and merging what changed elsewhere.

Every synced row is a set of fields (``TABLES``); each field holds the value
with the highest (clock, replica) seen anywhere — a last-writer-wins register.
``sync_fields`` keeps that winner's clock, replica and actor for every field;
the workspace's own tables always hold exactly those values (``materialize``).

- ``record_changes`` runs at the end of every write transaction (Repo): it
  compares each touched row with ``sync_fields`` and records a change for
  each field that differs, stamped with the next clock and the base it was
  edited from (the winner it replaced), in ``sync_pending``.
- ``apply_changes`` merges changes pulled from the server: a change wins
  when its (clock, replica) is higher. A change whose base is not the
  value this replica holds was made without seeing it; if that value is
  this replica's own edit, the two are a conflict (kept in
  ``sync_conflicts``; when ours lost, its value goes into the activity log).

Row keys: natural keys where the table has one (control id, assumption
key, setting name, risk key); rows with local integer ids (scope items,
evidence) get a UUID in ``sync_rowkeys``, so two replicas adding a row never
collide. Rows whose identity is a set of columns (a policy's version, an
acknowledgement, a snapshot's name) are keyed by those columns' values
(``natural``): the same record made on two replicas is one row, merged per
field, instead of two rows the table's unique key would refuse.
A deleted row is a tombstone: its ``_deleted`` field set to true.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from soc2wizard.domain.records import ActivityEntry
from soc2wizard.store.repo import Repo, now

from soc2wizard.team.tables import (
    DELETED,
    FALSE,
    TABLES,
    TRUE,
    TableSpec,
    decode,
    encode,
)


# --- the clock ---------------------------------------------------------------------

COUNTER_BITS = 16
MAX_AHEAD_MS = 24 * 3600 * 1000  # a change dated more than a day ahead of this machine is refused


class Clock:
    """A hybrid logical clock packed in one integer: milliseconds << 16 | counter.

    Every value it gives is above every value it has given or seen, and
    stays close to wall time, so "latest" means what people expect.
    """

    def __init__(self, last: int) -> None:
        self.last = int(last)

    def tick(self) -> int:
        wall = int(time.time() * 1000) << COUNTER_BITS
        self.last = max(wall, self.last + 1)
        return self.last

    def see(self, remote: int) -> None:
        self.last = max(self.last, int(remote))


def clock_time(hlc: int) -> str:
    """The wall time inside a clock value, for people."""
    import datetime as dt

    return dt.datetime.fromtimestamp((hlc >> COUNTER_BITS) / 1000, dt.timezone.utc).isoformat(timespec="seconds")


# --- state -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplicaState:
    replica_id: str
    replica_name: str
    workspace_id: str
    server_url: str
    clock: int
    pulled_seq: int
    pulled_activity_seq: int
    pushed_activity_id: int
    last_sync: str | None
    last_error: str | None


def state(repo: Repo) -> ReplicaState | None:
    r = repo.db.execute(
        "SELECT replica_id, replica_name, workspace_id, server_url, clock, pulled_seq, pulled_activity_seq,"
        " pushed_activity_id, last_sync, last_error FROM sync_state WHERE id = 1"
    ).fetchone()
    return ReplicaState(*r) if r else None


def become_replica(repo: Repo, *, workspace_id: str, server_url: str, replica_name: str) -> str:
    """Make this file a replica of a team workspace (inside a transaction); returns the new replica id."""
    replica_id = str(uuid.uuid4())
    repo.db.execute(
        "INSERT INTO sync_state (id, replica_id, replica_name, workspace_id, server_url) VALUES (1, ?, ?, ?, ?)",
        [replica_id, replica_name, workspace_id, server_url],
    )
    return replica_id


def mark_everything_changed(repo: Repo) -> None:
    """Note every synced row as touched, so that the next record_changes publishes the whole workspace."""
    for spec in TABLES.values():
        repo.db.execute(f"INSERT OR IGNORE INTO sync_dirty (tbl, pk) SELECT '{spec.name}', {spec.key} FROM {spec.name}")


def set_progress(repo: Repo, **values: Any) -> None:
    cols = ", ".join(f"{k} = ?" for k in values)
    repo.db.execute(f"UPDATE sync_state SET {cols} WHERE id = 1", list(values.values()))


# --- row keys ----------------------------------------------------------------------


def _mapped(repo: Repo, spec: TableSpec, pk: Any) -> str | None:
    r = repo.db.execute("SELECT uid FROM sync_rowkeys WHERE tbl = ? AND local_id = ?", [spec.name, pk]).fetchone()
    return str(r[0]) if r else None


def _rowkey(repo: Repo, spec: TableSpec, pk: Any, *, create: bool) -> str | None:
    if spec.natural:
        r = repo.db.execute(f"SELECT {', '.join(spec.natural)} FROM {spec.name} WHERE {spec.key} = ?", [pk]).fetchone()
        if r is None:  # deleted: the key it had, noted when it was recorded or merged
            return _mapped(repo, spec, pk)
        rowkey = json.dumps(list(r), ensure_ascii=False)
        if create:
            repo.db.execute(
                "INSERT OR REPLACE INTO sync_rowkeys (tbl, local_id, uid) VALUES (?, ?, ?)", [spec.name, pk, rowkey]
            )
        return rowkey
    if not spec.uid:
        return str(pk)
    r = repo.db.execute("SELECT uid FROM sync_rowkeys WHERE tbl = ? AND local_id = ?", [spec.name, pk]).fetchone()
    if r:
        return str(r[0])
    if not create:
        return None
    uid = str(uuid.uuid4())
    repo.db.execute("INSERT INTO sync_rowkeys (tbl, local_id, uid) VALUES (?, ?, ?)", [spec.name, pk, uid])
    return uid


def _local_id(repo: Repo, spec: TableSpec, rowkey: str) -> Any:
    if spec.natural:
        where = " AND ".join(f"{c} = ?" for c in spec.natural)
        r = repo.db.execute(f"SELECT {spec.key} FROM {spec.name} WHERE {where}", json.loads(rowkey)).fetchone()
        return r[0] if r else None
    if not spec.uid:
        return int(rowkey) if spec.int_key else rowkey
    r = repo.db.execute("SELECT local_id FROM sync_rowkeys WHERE tbl = ? AND uid = ?", [spec.name, rowkey]).fetchone()
    return r[0] if r else None


def _row_fields(repo: Repo, spec: TableSpec, pk: Any) -> dict[str, str] | None:
    cols = [c for group in spec.fields.values() for c in group]
    r = repo.db.execute(f"SELECT {', '.join(cols)} FROM {spec.name} WHERE {spec.key} = ?", [pk]).fetchone()
    if r is None:
        return None
    values = dict(zip(cols, r))
    return {f: encode([values[c] for c in group]) for f, group in spec.fields.items()}


def _known(repo: Repo, tbl: str, rowkey: str) -> dict[str, tuple[str | None, int, str, str]]:
    rows = repo.db.execute(
        "SELECT field, value, hlc, replica, actor FROM sync_fields WHERE tbl = ? AND rowkey = ?", [tbl, rowkey]
    )
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


# --- recording local edits ---------------------------------------------------------

_DEFAULTS: dict[str, dict[str, str]] = {}


def _defaults(repo: Repo, spec: TableSpec) -> dict[str, str]:
    """Each field's value in a row left at its columns' defaults (fields with a column lacking one are absent)."""
    if spec.name not in _DEFAULTS:
        column: dict[str, Any] = {}
        for _cid, name, _type, notnull, default, _pk in repo.db.execute(f"PRAGMA table_info({spec.name})"):
            if default is not None:
                column[name] = repo.db.execute(f"SELECT {default}").fetchone()[0]
            elif not notnull:
                column[name] = None
        _DEFAULTS[spec.name] = {
            f: encode([column[c] for c in group]) for f, group in spec.fields.items() if all(c in column for c in group)
        }
    return _DEFAULTS[spec.name]


def record_changes(repo: Repo) -> int:
    """Turn the rows noted in ``sync_dirty`` into per-field changes; returns how many were recorded.

    Runs inside the write transaction (Repo.transaction), so an edit and its
    changes are saved together or not at all.
    """
    db = repo.db
    st = db.execute("SELECT replica_id, clock FROM sync_state WHERE id = 1").fetchone()
    dirty = db.execute("SELECT tbl, pk FROM sync_dirty").fetchall()
    db.execute("DELETE FROM sync_dirty")
    if st is None:
        return 0
    replica, clock = st[0], Clock(st[1])
    n = 0
    for tbl, pk in dirty:
        spec = TABLES.get(tbl)
        if spec is None:
            continue
        current = _row_fields(repo, spec, pk)
        if spec.natural and current is not None:
            before = _mapped(repo, spec, pk)
            rowkey = _rowkey(repo, spec, pk, create=True)
            if before is not None and before != rowkey:
                # The row's key columns changed: the old key's row is gone.
                n += _record(repo, clock, replica, tbl, before, {DELETED: TRUE}, _known(repo, tbl, before))
        else:
            rowkey = _rowkey(repo, spec, pk, create=current is not None)
        if rowkey is None:
            continue
        known = _known(repo, tbl, rowkey)
        changes: dict[str, str] = {}
        if current is None:
            if known and known.get(DELETED, (FALSE,))[0] != TRUE:
                changes[DELETED] = TRUE
            if spec.uid or spec.natural:
                # SQLite may give the id to a new row: that row gets a key of its own.
                db.execute("DELETE FROM sync_rowkeys WHERE tbl = ? AND local_id = ?", [tbl, pk])
        else:
            if not known or known.get(DELETED, (None,))[0] == TRUE:
                changes[DELETED] = FALSE  # the row exists (even with every field at its default)
            # A field never recorded holds the column's default on every replica (a row is made with only
            # its recorded fields): still at that default, it is not news, so it cannot overwrite what
            # another replica set in its own new row, nor pose as an edit (a delete-vs-edit conflict).
            defaults = _defaults(repo, spec)
            for f, value in current.items():
                if f in known:
                    if known[f][0] != value:
                        changes[f] = value
                elif defaults.get(f) != value:
                    changes[f] = value
        n += _record(repo, clock, replica, tbl, rowkey, changes, known)
    if n:
        db.execute("UPDATE sync_state SET clock = ? WHERE id = 1", [clock.last])
    return n


def _record(
    repo: Repo,
    clock: Clock,
    replica: str,
    tbl: str,
    rowkey: str,
    changes: dict[str, str],
    known: dict[str, tuple[str | None, int, str, str]],
) -> int:
    """Stamp and keep one row's changed fields; returns how many."""
    for f, value in changes.items():
        hlc = clock.tick()
        if f == DELETED and value == TRUE:
            # A deletion's base is the newest field it saw in the row: an edit the deleter never saw
            # (a higher clock) is then told apart from one it deleted knowingly (see apply_changes).
            base = max(known.values(), key=lambda k: (k[1], k[2]), default=None)
        else:
            base = known.get(f)
        repo.db.execute(
            "INSERT OR REPLACE INTO sync_fields (tbl, rowkey, field, value, hlc, replica, actor)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [tbl, rowkey, f, value, hlc, replica, repo.actor],
        )
        repo.db.execute(
            "INSERT INTO sync_pending (change_id, tbl, rowkey, field, value, hlc, replica, base_hlc,"
            " base_replica, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                str(uuid.uuid4()),
                tbl,
                rowkey,
                f,
                value,
                hlc,
                replica,
                base[1] if base else 0,
                base[2] if base else "",
                repo.actor,
            ],
        )
    return len(changes)


# --- changes travelling ------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    change_id: str
    tbl: str
    rowkey: str
    field: str
    value: str | None
    hlc: int
    replica: str
    base_hlc: int
    base_replica: str
    actor: str


CHANGE_COLUMNS = "change_id, tbl, rowkey, field, value, hlc, replica, base_hlc, base_replica, actor"


def pending(repo: Repo, limit: int | None = None) -> list[tuple[int, Change]]:
    sql = f"SELECT seq, {CHANGE_COLUMNS} FROM sync_pending ORDER BY seq"
    rows = repo.db.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
    return [(r[0], Change(*r[1:])) for r in rows]


def pending_count(repo: Repo) -> int:
    """Changes not yet pushed: recorded ones, plus rows touched whose changes are not recorded yet."""
    recorded = int(repo.db.execute("SELECT COUNT(*) FROM sync_pending").fetchone()[0])
    return recorded + int(repo.db.execute("SELECT COUNT(*) FROM sync_dirty").fetchone()[0])


def last_pending_seq(repo: Repo) -> int:
    """Where the record of local changes stands now: changes recorded later have a higher seq."""
    return int(repo.db.execute("SELECT COALESCE(MAX(seq), 0) FROM sync_pending").fetchone()[0])


def rows_recorded_since(repo: Repo, seq: int) -> frozenset[tuple[str, str]]:
    """The rows (table, row key) whose changes were recorded after ``last_pending_seq`` gave ``seq``."""
    rows = repo.db.execute("SELECT DISTINCT tbl, rowkey FROM sync_pending WHERE seq > ?", [seq])
    return frozenset((str(r[0]), str(r[1])) for r in rows)


def forget_pushed(repo: Repo, upto_seq: int) -> None:
    repo.db.execute("DELETE FROM sync_pending WHERE seq <= ?", [upto_seq])


def evidence_content_by_sha(repo: Repo, sha256: str) -> bytes | None:
    r = repo.db.execute(
        "SELECT content FROM evidence WHERE sha256 = ? AND content IS NOT NULL LIMIT 1", [sha256]
    ).fetchone()
    return bytes(r[0]) if r else None


@dataclass
class Conflict:
    id: int
    at: str
    label: str  # "control CC6.1 · owner"
    kept_value: Any
    kept_actor: str
    kept_replica: str
    lost_value: Any
    lost_actor: str
    lost_replica: str
    lost_here: bool  # this replica's own value lost
    resolved: str | None
    tbl: str = ""
    rowkey: str = ""
    field: str = ""


@dataclass
class ApplyResult:
    applied: int = 0
    rows: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # rows whose merged values this workspace's rules refuse
    changed: frozenset[tuple[str, str]] = frozenset()  # rows (table, row key) where another replica's change won


def apply_changes(repo: Repo, changes: Sequence[Change], blobs: dict[str, bytes]) -> ApplyResult:
    """Merge changes pulled from the server (in server order) into this replica; inside a transaction."""
    db = repo.db
    st = state(repo)
    assert st is not None
    me = st.replica_id
    clock = Clock(st.clock)
    result = ApplyResult()
    touched: dict[tuple[str, str], None] = {}
    deletions: dict[tuple[str, str], Change] = {}  # rows others deleted in this batch
    edits: dict[tuple[str, str], list[Change]] = {}  # others' winning edits, by row
    reported: set[tuple[str, str]] = set()
    horizon = (int(time.time() * 1000) + MAX_AHEAD_MS) << COUNTER_BITS
    for c in changes:
        if c.replica == me or c.tbl not in TABLES:
            continue
        if c.hlc > horizon:
            # A clock far ahead would win every later edit (and drag ours along): not taken.
            result.refused.append(f"a change by {c.actor} dated {clock_time(c.hlc)}, ahead of this machine's clock")
            continue
        clock.see(c.hlc)
        spec = TABLES[c.tbl]
        r = db.execute(
            "SELECT value, hlc, replica, actor FROM sync_fields WHERE tbl = ? AND rowkey = ? AND field = ?",
            [c.tbl, c.rowkey, c.field],
        ).fetchone()
        local = (r[1], r[2]) if r else (0, "")
        remote = (c.hlc, c.replica)
        if remote == local:
            continue
        wins = remote > local
        if wins:
            db.execute(
                "INSERT OR REPLACE INTO sync_fields (tbl, rowkey, field, value, hlc, replica, actor)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [c.tbl, c.rowkey, c.field, c.value, c.hlc, c.replica, c.actor],
            )
            touched[(c.tbl, c.rowkey)] = None
            result.applied += 1
        tombstone = c.field == DELETED and c.value == TRUE
        if tombstone:
            # A deletion's base is the newest field its author saw in the row (_record).
            concurrent = r is not None and local > (c.base_hlc, c.base_replica)
            if wins:
                deletions[(c.tbl, c.rowkey)] = c
        else:
            concurrent = r is not None and (c.base_hlc, c.base_replica) != local
            if wins and c.field != DELETED and c.field not in spec.quiet:
                edits.setdefault((c.tbl, c.rowkey), []).append(c)
        if concurrent and r[2] == me and c.field not in spec.quiet and c.value != r[0]:
            result.conflicts.append(_conflict(repo, spec, c, r, wins))
            if c.field == DELETED:
                reported.add((c.tbl, c.rowkey))
    result.conflicts += _deleted_while_edited(repo, me, deletions, edits, reported)
    for tbl, rowkey in touched:
        try:
            with db.atomic():  # a savepoint: a row the workspace's rules refuse leaves the others applied
                materialize(repo, TABLES[tbl], rowkey, blobs)
        except (sqlite3.IntegrityError, ValueError, TypeError) as exc:
            result.refused.append(f"{_row_label(repo, TABLES[tbl], rowkey)} ({exc})")
    result.rows = len(touched) - len(result.refused)
    result.changed = frozenset(touched)
    db.execute("UPDATE sync_state SET clock = ? WHERE id = 1", [clock.last])
    # Our own writes just now mirror sync_fields exactly: nothing new to record.
    db.execute("DELETE FROM sync_dirty")
    return result


def _edit_summary(repo: Repo, spec: TableSpec, fields: dict[str, str | None]) -> str:
    """The edited fields of a row, as a conflict's value: ``{"edited": {field: value}}`` (JSON text)."""
    shown = {f: _show(v, spec, f) for f, v in sorted(fields.items())}
    return json.dumps({"edited": shown}, ensure_ascii=False, sort_keys=True, default=str)


def _deleted_while_edited(
    repo: Repo,
    me: str,
    deletions: dict[tuple[str, str], Change],
    edits: dict[tuple[str, str], list[Change]],
    reported: set[tuple[str, str]],
) -> list[Conflict]:
    """A row deleted on one replica and edited on another, neither having seen the other: a conflict.

    The deletion stands (every replica agrees on that); the edit is shown
    next to it and kept in ``sync_fields``, so taking it brings the row back
    with the edited values.
    """
    out: list[Conflict] = []

    def deleted(tbl: str, rowkey: str) -> tuple[str | None, int, str, str] | None:
        d = _known(repo, tbl, rowkey).get(DELETED)
        return d if d is not None and d[0] == TRUE else None

    # Others deleted a row this replica edited since they last saw it.
    for (tbl, rowkey), c in deletions.items():
        d = deleted(tbl, rowkey)
        if (tbl, rowkey) in reported or d is None or (d[1], d[2]) != (c.hlc, c.replica):
            continue
        spec = TABLES[tbl]
        mine = {
            f: v[0]
            for f, v in _known(repo, tbl, rowkey).items()
            if f != DELETED and f not in spec.quiet and v[2] == me and (v[1], v[2]) > (c.base_hlc, c.base_replica)
        }
        if mine:
            actor = next(iter(_known(repo, tbl, rowkey)[f][3] for f in mine))
            edited = _edit_summary(repo, spec, mine)
            out.append(_record_conflict(repo, spec, rowkey, (TRUE, c.actor, c.replica), (edited, actor, me), True))
            reported.add((tbl, rowkey))
    # Others edited a row this replica deleted without seeing their edit (else they would have seen it gone).
    for (tbl, rowkey), cs in edits.items():
        d = deleted(tbl, rowkey)
        if (tbl, rowkey) in reported or d is None or d[2] != me:
            continue
        spec = TABLES[tbl]
        theirs = {c.field: c.value for c in cs}
        last = cs[-1]
        edited = _edit_summary(repo, spec, theirs)
        out.append(_record_conflict(repo, spec, rowkey, (TRUE, d[3], me), (edited, last.actor, last.replica), False))
        reported.add((tbl, rowkey))
    return out


def _record_conflict(
    repo: Repo,
    spec: TableSpec,
    rowkey: str,
    kept: tuple[str | None, str, str],
    lost: tuple[str | None, str, str],
    lost_here: bool,
) -> Conflict:
    """Keep a delete-versus-edit conflict (field ``_deleted``); when our edit lost, log it too."""
    label = f"{_row_label(repo, spec, rowkey)} · deleted while edited"
    at = now()
    cur = repo.db.execute(
        "INSERT INTO sync_conflicts (at, tbl, rowkey, field, label, kept_value, kept_actor, kept_replica,"
        " lost_value, lost_actor, lost_replica, lost_here) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at, spec.name, rowkey, DELETED, label, *kept, *lost, int(lost_here)],
    )
    if lost_here:
        repo.log(
            "sync conflict",
            label,
            {"value": _show(lost[0], spec, DELETED), "by": lost[1]},
            {"value": _show(kept[0], spec, DELETED), "by": kept[1]},
        )
    return Conflict(
        id=int(cur.lastrowid),
        at=at,
        label=label,
        kept_value=_show(kept[0], spec, DELETED),
        kept_actor=kept[1],
        kept_replica=kept[2],
        lost_value=_show(lost[0], spec, DELETED),
        lost_actor=lost[1],
        lost_replica=lost[2],
        lost_here=lost_here,
        resolved=None,
        tbl=spec.name,
        rowkey=rowkey,
        field=DELETED,
    )


def _row_label(repo: Repo, spec: TableSpec, rowkey: str) -> str:
    """A row as a person would name it: "control CC6.1-02", "scope item Production AWS", "plan"."""
    if spec.int_key:
        return spec.what
    if spec.natural:
        return f"{spec.what} " + " ".join(str(v) for v in json.loads(rowkey))
    name = rowkey
    if spec.uid:
        r = repo.db.execute(
            "SELECT value FROM sync_fields WHERE tbl = ? AND rowkey = ? AND field = 'name'", [spec.name, rowkey]
        ).fetchone()
        name = json.loads(r[0]) if r and r[0] else rowkey[:8]
    return f"{spec.what} {name}"


def _label(repo: Repo, spec: TableSpec, rowkey: str, fieldname: str) -> str:
    return f"{_row_label(repo, spec, rowkey)} · {fieldname}"


def _conflict(repo: Repo, spec: TableSpec, c: Change, local: Any, remote_wins: bool) -> Conflict:
    local_value, _hlc, local_replica, local_actor = local
    if remote_wins:
        kept = (c.value, c.actor, c.replica)
        lost = (local_value, local_actor, local_replica)
    else:
        kept = (local_value, local_actor, local_replica)
        lost = (c.value, c.actor, c.replica)
    label = _label(repo, spec, c.rowkey, c.field)
    at = now()
    cur = repo.db.execute(
        "INSERT INTO sync_conflicts (at, tbl, rowkey, field, label, kept_value, kept_actor, kept_replica,"
        " lost_value, lost_actor, lost_replica, lost_here) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at, spec.name, c.rowkey, c.field, label, *kept, *lost, int(remote_wins)],
    )
    if remote_wins:
        # Our value was overwritten: keep it in the log, so it can be read (and taken back) later.
        repo.log(
            "sync conflict",
            label,
            {"value": _show(local_value, spec, c.field), "by": local_actor},
            {"value": _show(c.value, spec, c.field), "by": c.actor},
        )
    return Conflict(
        id=int(cur.lastrowid),
        at=at,
        label=label,
        kept_value=_show(kept[0], spec, c.field),
        kept_actor=kept[1],
        kept_replica=kept[2],
        lost_value=_show(lost[0], spec, c.field),
        lost_actor=lost[1],
        lost_replica=lost[2],
        lost_here=remote_wins,
        resolved=None,
        tbl=spec.name,
        rowkey=c.rowkey,
        field=c.field,
    )


def _show(value: str | None, spec: TableSpec, fieldname: str) -> Any:
    if fieldname == DELETED:
        if value is not None and value.startswith("{"):  # an edit the deletion met (_edit_summary)
            edited = json.loads(value)["edited"]
            return "kept, edited: " + "; ".join(f"{f} = {v!r}" for f, v in edited.items())
        return "deleted" if value == TRUE else "present"
    width = len(spec.fields.get(fieldname, ("",)))
    decoded = decode(value, width)
    out = decoded[0] if width == 1 else decoded
    if isinstance(out, bytes):
        return f"<{len(out):,} bytes>"
    return out


def materialize(repo: Repo, spec: TableSpec, rowkey: str, blobs: dict[str, bytes]) -> None:
    """Make the workspace's row hold exactly the winning value of each of its fields."""
    db = repo.db
    known = _known(repo, spec.name, rowkey)
    local_id = _local_id(repo, spec, rowkey)
    if known.get(DELETED, (FALSE,))[0] == TRUE:
        if local_id is not None:
            db.execute(f"DELETE FROM {spec.name} WHERE {spec.key} = ?", [local_id])
            if spec.uid or spec.natural:
                db.execute("DELETE FROM sync_rowkeys WHERE tbl = ? AND uid = ?", [spec.name, rowkey])
        return
    values: dict[str, Any] = {}
    for f, group in spec.fields.items():
        if f in known:
            values.update(zip(group, decode(known[f][0], len(group))))
    if spec.name == "evidence" and values.get("sha256") and values.get("kind") == "file":
        sha = str(values["sha256"])
        has = (
            local_id is not None
            and db.execute(
                "SELECT 1 FROM evidence WHERE id = ? AND sha256 = ? AND content IS NOT NULL", [local_id, sha]
            ).fetchone()
        )
        if not has:
            content = blobs.get(sha)
            if content is None:
                content = evidence_content_by_sha(repo, sha)
            values["content"] = content
    if spec.natural:
        if local_id is None:
            values.update(zip(spec.natural, json.loads(rowkey)))
            cols = list(values)
            cur = db.execute(
                f"INSERT INTO {spec.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [values[c] for c in cols],
            )
            local_id = cur.lastrowid
        elif values:
            sets = ", ".join(f"{c} = ?" for c in values)
            db.execute(f"UPDATE {spec.name} SET {sets} WHERE {spec.key} = ?", [*values.values(), local_id])
        db.execute(
            "INSERT OR REPLACE INTO sync_rowkeys (tbl, local_id, uid) VALUES (?, ?, ?)", [spec.name, local_id, rowkey]
        )
        return
    if local_id is None:
        cols = list(values)
        sql = (
            f"INSERT INTO {spec.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            if cols
            else f"INSERT INTO {spec.name} DEFAULT VALUES"
        )
        cur = db.execute(sql, [values[c] for c in cols])
        db.execute("INSERT INTO sync_rowkeys (tbl, local_id, uid) VALUES (?, ?, ?)", [spec.name, cur.lastrowid, rowkey])
        return
    cols = [spec.key, *values]
    updates = ", ".join(f"{c} = excluded.{c}" for c in values)
    db.execute(
        f"INSERT INTO {spec.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        + (f" ON CONFLICT({spec.key}) DO UPDATE SET {updates}" if values else " ON CONFLICT DO NOTHING"),
        [local_id, *values.values()],
    )


# --- conflicts ---------------------------------------------------------------------


def conflicts(repo: Repo, *, open_only: bool = True) -> list[Conflict]:
    sql = (
        "SELECT id, at, label, kept_value, kept_actor, kept_replica, lost_value, lost_actor, lost_replica,"
        " lost_here, resolved, tbl, rowkey, field FROM sync_conflicts"
    )
    if open_only:
        sql += " WHERE resolved IS NULL"
    out = []
    for r in repo.db.execute(sql + " ORDER BY id DESC").fetchall():
        spec = TABLES[r[11]]
        out.append(
            Conflict(
                id=r[0],
                at=r[1],
                label=r[2],
                kept_value=_show(r[3], spec, r[13]),
                kept_actor=r[4],
                kept_replica=r[5],
                lost_value=_show(r[6], spec, r[13]),
                lost_actor=r[7],
                lost_replica=r[8],
                lost_here=bool(r[9]),
                resolved=r[10],
                tbl=r[11],
                rowkey=r[12],
                field=r[13],
            )
        )
    return out


def take_lost_value(repo: Repo, conflict_id: int) -> Conflict:
    """Write the conflict's losing value back as a new edit (it then wins everywhere at the next sync).

    Inside a transaction; the caller logs it.
    """
    r = repo.db.execute(
        "SELECT tbl, rowkey, field, lost_value, resolved FROM sync_conflicts WHERE id = ?", [conflict_id]
    ).fetchone()
    if r is None:
        raise LookupError(f"no conflict with id {conflict_id}")
    tbl, rowkey, fieldname, lost_value, _resolved = r
    spec = TABLES[tbl]
    local_id = _local_id(repo, spec, rowkey)
    if fieldname == DELETED:
        if lost_value == TRUE:
            if local_id is not None:
                repo.db.execute(f"DELETE FROM {tbl} WHERE {spec.key} = ?", [local_id])
        else:
            # Bring the row back from its last known fields.
            repo.db.execute(
                "UPDATE sync_fields SET value = ? WHERE tbl = ? AND rowkey = ? AND field = ?",
                [FALSE, tbl, rowkey, DELETED],
            )
            materialize(repo, spec, rowkey, {})
            repo.db.execute(
                "UPDATE sync_fields SET value = ? WHERE tbl = ? AND rowkey = ? AND field = ?",
                [TRUE, tbl, rowkey, DELETED],
            )
            local_id = _local_id(repo, spec, rowkey)
            repo.db.execute("INSERT OR IGNORE INTO sync_dirty (tbl, pk) VALUES (?, ?)", [tbl, local_id])
    else:
        if (
            local_id is None
            or repo.db.execute(f"SELECT 1 FROM {tbl} WHERE {spec.key} = ?", [local_id]).fetchone() is None
        ):
            raise LookupError("the row this conflict is about no longer exists")
        group = spec.fields[fieldname]
        values = decode(lost_value, len(group))
        sets = ", ".join(f"{c} = ?" for c in group)
        repo.db.execute(f"UPDATE {tbl} SET {sets} WHERE {spec.key} = ?", [*values, local_id])
    repo.db.execute("UPDATE sync_conflicts SET resolved = ? WHERE id = ?", [f"taken {now()}", conflict_id])
    return next(c for c in conflicts(repo, open_only=False) if c.id == conflict_id)


def dismiss_conflict(repo: Repo, conflict_id: int) -> None:
    repo.db.execute(
        "UPDATE sync_conflicts SET resolved = ? WHERE id = ? AND resolved IS NULL", [f"kept {now()}", conflict_id]
    )


# --- the activity log --------------------------------------------------------------


def local_activity(repo: Repo, after_id: int) -> list[tuple[int, str, str, str, str, str | None, str | None]]:
    """This replica's own log entries after ``after_id`` (entries that came from others are not sent back)."""
    return repo.db.execute(
        "SELECT id, at, actor, action, target, before, after FROM activity"
        " WHERE id > ? AND id NOT IN (SELECT activity_id FROM sync_activity) ORDER BY id",
        [after_id],
    ).fetchall()


def add_remote_activity(
    repo: Repo,
    entries: Iterable[tuple[str, int, str, str, str, str, str | None, str | None]],
    names: dict[str, str],
) -> int:
    """Put other replicas' log entries into this one's log, naming who and on which replica."""
    me = state(repo)
    n = 0
    for replica, remote_id, at, actor, action, target, before, after in entries:
        if me is not None and replica == me.replica_id:
            continue
        seen = repo.db.execute(
            "SELECT 1 FROM sync_activity WHERE replica = ? AND remote_id = ?", [replica, remote_id]
        ).fetchone()
        if seen:
            continue
        who = f"{actor} [replica {names.get(replica, replica[:8])}]"
        repo.insert_activity(
            ActivityEntry(
                id=None,  # type: ignore[arg-type]  # the log gives it the next id
                at=at,
                actor=who,
                action=action,
                target=target,
                before=json.loads(before) if before else None,
                after=json.loads(after) if after else None,
            )
        )
        new_id = repo.db.execute("SELECT MAX(id) FROM activity").fetchone()[0]
        repo.db.execute(
            "INSERT INTO sync_activity (activity_id, replica, remote_id) VALUES (?, ?, ?)", [new_id, replica, remote_id]
        )
        n += 1
    return n


# --- comparing replicas ------------------------------------------------------------


def fingerprint(repo: Repo) -> dict[tuple[str, str], dict[str, str]]:
    """The replica's synced content as it stands in its tables, keyed by row key: equal on converged replicas."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for spec in TABLES.values():
        for (pk,) in repo.db.execute(f"SELECT {spec.key} FROM {spec.name}").fetchall():
            rowkey = _rowkey(repo, spec, pk, create=False) or f"local:{pk}"
            fields = _row_fields(repo, spec, pk) or {}
            out[(spec.name, rowkey)] = fields
    return out
