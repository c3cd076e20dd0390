"""Reading and writing the workspace's tables as domain objects.

Only this module knows the column names. Every write method expects to run
inside ``Repo.transaction()`` together with its activity-log entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from soc2wizard.domain.answers import Answers, Company, Customers, PlanChoices
from soc2wizard.domain.records import (
    ActivityEntry,
    ControlState,
    Evidence,
    Override,
    ScopeItem,
    WorkspaceSettings,
)
from soc2wizard.store.chain import GENESIS, entry_hash
from soc2wizard.store.db import Db

F = TypeVar("F", bound=Callable[..., Any])

APPEND_ONLY_TRIGGERS = ("activity_append_only_update", "activity_append_only_delete")

_SCOPE_BOOLS = ("in_scope", "customer_data", "internal_only", "reviewed")


def _stored(table: str) -> Callable[[F], F]:
    """Turn a value the app cannot read (edited outside it) into a WorkspaceError naming the table."""

    def wrap(method: F) -> F:
        @functools.wraps(method)
        def read(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                from soc2wizard.store.workspace import WorkspaceError

                detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
                raise WorkspaceError(
                    f"the workspace holds a value soc2wizard cannot read in its {table} table ({detail}): "
                    "it was changed outside soc2wizard; restore the backup or a JSON export"
                ) from None

        return read  # type: ignore[return-value]

    return wrap


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} is {str(value)[:40]!r}, not a whole number")
    return value


def _texts(value: Any, name: str) -> tuple[str, ...]:
    items = json.loads(value)
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise ValueError(f"{name} is not a list of texts")
    return tuple(items)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _float(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    if isinstance(value, bytes):
        return f"<{len(value):,} bytes>"
    return value


class Repo:
    def __init__(self, db: Db) -> None:
        self.db = db
        self._actor: str | None = None
        # The app's user, from its preferences (set by the app): takes precedence
        # over the workspace's assessor, which takes precedence over the OS user.
        self.actor_name: str | None = None

    # --- transactions and the log ------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Db]:
        """One transaction; a database failure (a full disk, an I/O error) becomes a StorageError.

        The transaction is rolled back, so nothing of it was saved, and the
        message says so in words the app and the command line show as they are.
        A team replica's changes are recorded inside the same transaction.
        """
        from soc2wizard.store.workspace import StorageError, database_errors

        outermost = not self.db.conn.in_transaction
        try:
            with self.db.atomic() as db:
                yield db
                if outermost:
                    self._record_team_changes()
        except database_errors() as exc:
            text = str(exc)
            if "full" in text:
                why = "the disk is full"
            elif "readonly" in text or "read-only" in text:
                why = "the file cannot be written here"
            else:
                why = text
            raise StorageError(f"the change could not be saved ({why}); nothing was changed") from None

    def _record_team_changes(self) -> None:
        """Team replicas: the rows this transaction touched become per-field changes to push (soc2wizard.team).

        Triggers (migration 005) note touched rows only while the file is a
        replica, so for any other workspace this is one empty look-up.
        """
        if self.db.execute("SELECT 1 FROM sync_dirty LIMIT 1").fetchone() is not None:
            from soc2wizard.team.replica import record_changes

            record_changes(self)

    def is_team_replica(self) -> bool:
        """Whether this file is a team replica (``sync_state`` has its row), told without loading soc2wizard.team."""
        return self.db.execute("SELECT 1 FROM sync_state WHERE id = 1").fetchone() is not None

    @property
    def actor(self) -> str:
        if self.actor_name:
            return self.actor_name
        name = self.setting("assessor_name")
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        if name:
            return str(name)
        if self._actor is None:
            try:
                self._actor = getpass.getuser()
            except Exception:  # no login name (some containers, frozen apps)
                self._actor = "unknown user"
        return self._actor

    def log(self, action: str, target: str = "", before: Any = None, after: Any = None) -> None:
        def dump(v: Any) -> str | None:
            if v is None:
                return None
            if isinstance(v, dict):
                v = {k: _jsonable(x) for k, x in v.items()}
            return json.dumps(_jsonable(v), ensure_ascii=False, sort_keys=True)

        self._append(now(), self.actor, action, target, dump(before), dump(after), imported=False)

    def _append(
        self,
        at: str,
        actor: str,
        action: str,
        target: str,
        before: str | None,
        after: str | None,
        *,
        imported: bool,
        entry_id: int | None = None,
    ) -> None:
        """Add one entry chained to the last one (store/chain.py) and note the chain's head in meta."""
        last = self.db.execute("SELECT id, hash FROM activity ORDER BY id DESC LIMIT 1").fetchone()
        prev = (last[1] or GENESIS) if last else GENESIS
        new_id = entry_id if entry_id is not None else (last[0] + 1 if last else 1)
        digest = entry_hash(prev, new_id, at, actor, action, target, before, after, imported)
        self.db.execute(
            "INSERT INTO activity (id, at, actor, action, target, before, after, hash, imported)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [new_id, at, actor, action, target, before, after, digest, int(imported)],
        )
        self.set_meta("log_head", json.dumps([new_id, digest]))

    def insert_activity(self, e: ActivityEntry) -> None:
        """Put back a log entry as a JSON export had it (restoring), marked imported and chained anew.

        Its id, time, actor and content are kept; the chain covers it from
        here on, and ``imported`` says it came from an export, not from
        edits made in this file.
        """

        def dump(v: Any) -> str | None:
            return None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)

        self._append(e.at, e.actor, e.action, e.target, dump(e.before), dump(e.after), imported=True, entry_id=e.id)

    @_stored("activity")
    def last_activity_at(self) -> str | None:
        """When the workspace last changed: the time of the newest log entry."""
        row = self.db.execute("SELECT at FROM activity ORDER BY id DESC LIMIT 1").fetchone()
        return str(row[0]) if row else None

    def activity(self, limit: int | None = None) -> list[ActivityEntry]:
        sql = "SELECT id, at, actor, action, target, before, after, imported FROM activity ORDER BY id DESC"
        rows = self.db.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
        return [
            ActivityEntry(
                id=r[0],
                at=r[1],
                actor=r[2],
                action=r[3],
                target=r[4],
                before=json.loads(r[5]) if r[5] else None,
                after=json.loads(r[6]) if r[6] else None,
                imported=bool(r[7]),
            )
            for r in rows
        ]

    # --- checking the file (verify) ------------------------------------------

    def integrity_check(self, limit: int = 100) -> tuple[str, ...]:
        """SQLite's integrity_check: ("ok",) or up to ``limit`` findings."""
        return tuple(r[0] for r in self.db.execute(f"PRAGMA integrity_check({int(limit)})").fetchall())

    def missing_triggers(self) -> list[str]:
        """The append-only triggers that are no longer in the file."""
        have = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        return [t for t in APPEND_ONLY_TRIGGERS if t not in have]

    def log_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every entry as stored, oldest first: (id, at, actor, action, target, before, after, imported, hash)."""
        yield from self.db.execute(
            "SELECT id, at, actor, action, target, before, after, imported, hash FROM activity ORDER BY id"
        )

    def log_head(self) -> tuple[int, str] | None:
        """The last entry's id and hash as noted when it was written (None if never noted)."""
        value = self.meta("log_head")
        try:
            entry_id, digest = json.loads(value) if value else (None, None)
        except (ValueError, TypeError):
            return (-1, "")
        return None if entry_id is None else (int(entry_id), str(digest))

    def evidence_files(self) -> Iterator[tuple[int, str, str, str | None, int | None, bytes | None]]:
        """Every kept file as (id, control id, name, recorded SHA-256, size, content), one in memory at a time."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM evidence WHERE kind = 'file' ORDER BY id")]
        for evidence_id in ids:
            r = self.db.execute(
                "SELECT id, control_id, name, sha256, size, content FROM evidence WHERE id = ?", [evidence_id]
            ).fetchone()
            if r is not None:
                yield r[0], r[1], r[2], r[3], r[4], (bytes(r[5]) if r[5] is not None else None)

    # --- meta and settings ---------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    def setting(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: Any) -> None:
        if value is None or value == "":
            self.db.execute("DELETE FROM settings WHERE key = ?", [key])
        else:
            self.db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])

    def settings(self) -> WorkspaceSettings:
        # The logo's bytes are not read here (only whether there is one): the
        # settings are read for every estimate, and the portfolio reads many files.
        values = dict(
            self.db.execute(
                "SELECT key, CASE WHEN key = 'firm_logo' THEN value IS NOT NULL ELSE value END FROM settings"
            ).fetchall()
        )
        text = {k: v for k, v in values.items() if isinstance(v, str)}
        return WorkspaceSettings(
            prepared_for=text.get("prepared_for", ""),
            prepared_by=text.get("prepared_by", ""),
            firm_name=text.get("firm_name", ""),
            assessor_name=text.get("assessor_name", ""),
            consultant_role=text.get("consultant_role", ""),
            has_logo=bool(values.get("firm_logo")),
            paper=text.get("paper", ""),
            currency=text.get("currency", "") or "USD",
            exchange_rate=_float(values.get("exchange_rate")),
            exchange_rate_source=text.get("exchange_rate_source", ""),
        )

    # --- answers -------------------------------------------------------------

    @_stored("profile")
    def answers(self) -> Answers:
        """The answers, each column read by its name (a new answer is a new column, never a shift)."""
        p = self._row("SELECT * FROM profile WHERE id = 1")
        if p is None:
            raise LookupError("the workspace has no company profile")
        q = self._row("SELECT * FROM plan WHERE id = 1") or {}
        plan = PlanChoices(
            start=_date(q.get("start")),
            report_type=q.get("report_type"),
            observation_months=None
            if q.get("observation_months") is None
            else _whole(q["observation_months"], "observation_months"),
            criteria=_texts(q["criteria"], "criteria") if q.get("criteria") else None,
            auditor_tier=q.get("auditor_tier") or "boutique",
            weekly_hours=_whole(q["weekly_hours"], "weekly_hours") if q.get("weekly_hours") is not None else 20,
        )
        return Answers(
            company=Company(
                name=str(p["name"]),
                industry=p["industry"],
                employees=_whole(p["employees"], "employees"),
                engineers=_whole(p["engineers"], "engineers"),
                offices=_whole(p["offices"], "offices"),
                pci_level=p.get("pci_level"),
            ),
            data=_texts(p["data"], "data"),
            hosting=_texts(p["hosting"], "hosting"),
            customers=Customers(
                enterprise=bool(p["enterprise"]),
                consumers=bool(p.get("consumers", 0)),
                government=bool(p["government"]),
                us_federal=bool(p.get("us_federal", 0)),
                international=bool(p["international"]),
                uptime_commitment=bool(p["uptime_commitment"]),
                requested_report=p["requested_report"],
                deadline=_date(p["deadline"]),
            ),
            practices=frozenset(_texts(p["practices"], "practices")),
            plan=plan,
        )

    def _row(self, sql: str) -> dict[str, Any] | None:
        """One row as a dict of column name to value."""
        cur = self.db.execute(sql)
        row = cur.fetchone()
        if row is None:
            return None
        return {d[0]: v for d, v in zip(cur.description, row)}

    def _put(self, table: str, values: dict[str, Any]) -> None:
        """Insert or replace one row, its columns named by the dict's keys."""
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        self.db.execute(f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})", list(values.values()))

    def write_answers(self, a: Answers) -> None:
        c, cu, pl = a.company, a.customers, a.plan
        self._put(
            "profile",
            {
                "id": 1,
                "name": c.name,
                "industry": c.industry,
                "employees": c.employees,
                "engineers": c.engineers,
                "offices": c.offices,
                "pci_level": c.pci_level,
                "data": json.dumps(list(a.data)),
                "hosting": json.dumps(list(a.hosting)),
                "enterprise": int(cu.enterprise),
                "consumers": int(cu.consumers),
                "government": int(cu.government),
                "us_federal": int(cu.us_federal),
                "international": int(cu.international),
                "uptime_commitment": int(cu.uptime_commitment),
                "requested_report": cu.requested_report,
                "deadline": _iso(cu.deadline),
                "practices": json.dumps(sorted(a.practices)),
            },
        )
        self._put(
            "plan",
            {
                "id": 1,
                "start": _iso(pl.start),
                "report_type": pl.report_type,
                "observation_months": pl.observation_months,
                "criteria": json.dumps(list(pl.criteria)) if pl.criteria is not None else None,
                "auditor_tier": pl.auditor_tier,
                "weekly_hours": pl.weekly_hours,
            },
        )

    # --- scope ---------------------------------------------------------------

    @_stored("scope_items")
    def scope(self) -> list[ScopeItem]:
        rows = self.db.execute(
            "SELECT id, kind, name, description, in_scope, customer_data, internal_only,"
            " exclusion_reason, method, reviewed, position FROM scope_items ORDER BY position, id"
        ).fetchall()
        return [_scope_item(r) for r in rows]

    @_stored("scope_items")
    def scope_item(self, item_id: int) -> ScopeItem | None:
        r = self.db.execute(
            "SELECT id, kind, name, description, in_scope, customer_data, internal_only,"
            " exclusion_reason, method, reviewed, position FROM scope_items WHERE id = ?",
            [item_id],
        ).fetchone()
        return _scope_item(r) if r else None

    def write_scope_item(self, item: ScopeItem) -> int:
        values = [
            item.kind,
            item.name,
            item.description,
            int(item.in_scope),
            int(item.customer_data),
            int(item.internal_only),
            item.exclusion_reason,
            item.method,
            int(item.reviewed),
            item.position,
        ]
        if item.id:
            self.db.execute(
                "INSERT OR REPLACE INTO scope_items (id, kind, name, description, in_scope,"
                " customer_data, internal_only, exclusion_reason, method, reviewed, position)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [item.id, *values],
            )
            return item.id
        cur = self.db.execute(
            "INSERT INTO scope_items (kind, name, description, in_scope, customer_data,"
            " internal_only, exclusion_reason, method, reviewed, position)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        return int(cur.lastrowid)

    def delete_scope_item(self, item_id: int) -> None:
        self.db.execute("DELETE FROM scope_items WHERE id = ?", [item_id])

    def next_scope_position(self) -> int:
        return int(self.db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM scope_items").fetchone()[0])

    # --- control states ------------------------------------------------------

    @_stored("control_states")
    def control_states(self) -> dict[str, ControlState]:
        rows = self.db.execute(
            "SELECT control_id, status, owner, due_date, notes, na_reason, updated_at FROM control_states"
        ).fetchall()
        return {r[0]: _state(r) for r in rows}

    @_stored("control_states")
    def control_state(self, control_id: str) -> ControlState:
        r = self.db.execute(
            "SELECT control_id, status, owner, due_date, notes, na_reason, updated_at"
            " FROM control_states WHERE control_id = ?",
            [control_id],
        ).fetchone()
        return _state(r) if r else ControlState(control_id)

    def write_control_state(self, s: ControlState) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO control_states (control_id, status, owner, due_date, notes,"
            " na_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [s.control_id, s.status, s.owner, _iso(s.due_date), s.notes, s.na_reason, s.updated_at or now()],
        )

    def delete_control_state(self, control_id: str) -> None:
        self.db.execute("DELETE FROM control_states WHERE control_id = ?", [control_id])

    # --- custom controls -----------------------------------------------------

    @_stored("custom_controls")
    def custom_controls(self) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in self.db.execute("SELECT body FROM custom_controls ORDER BY rowid")]

    def custom_control_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM custom_controls")]

    def write_custom_control(self, body: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO custom_controls (id, body) VALUES (?, ?)",
            [body["id"], json.dumps(body, ensure_ascii=False, sort_keys=True)],
        )

    def delete_custom_control(self, control_id: str) -> None:
        self.db.execute("DELETE FROM custom_controls WHERE id = ?", [control_id])

    # --- evidence ------------------------------------------------------------

    _EVIDENCE_COLS = "id, control_id, kind, name, added_at, url, sha256, size, occurred_on, note"

    @_stored("evidence")
    def evidence(self, control_id: str | None = None) -> list[Evidence]:
        sql = f"SELECT {self._EVIDENCE_COLS} FROM evidence"
        args: list[Any] = []
        if control_id is not None:
            sql += " WHERE control_id = ?"
            args.append(control_id)
        return [_evidence(r) for r in self.db.execute(sql + " ORDER BY id", args).fetchall()]

    @_stored("evidence")
    def evidence_item(self, evidence_id: int) -> Evidence | None:
        r = self.db.execute(f"SELECT {self._EVIDENCE_COLS} FROM evidence WHERE id = ?", [evidence_id]).fetchone()
        return _evidence(r) if r else None

    def evidence_content(self, evidence_id: int) -> bytes | None:
        r = self.db.execute("SELECT content FROM evidence WHERE id = ?", [evidence_id]).fetchone()
        return bytes(r[0]) if r and r[0] is not None else None

    def evidence_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT control_id, COUNT(*) FROM evidence GROUP BY control_id").fetchall())

    @_stored("evidence")
    def occurrences(self) -> dict[str, list[dt.date]]:
        out: dict[str, list[dt.date]] = {}
        for cid, day in self.db.execute(
            "SELECT control_id, occurred_on FROM evidence WHERE occurred_on IS NOT NULL ORDER BY occurred_on"
        ):
            out.setdefault(cid, []).append(dt.date.fromisoformat(day))
        return out

    def write_evidence(self, e: Evidence, content: bytes | None) -> int:
        cols = [
            e.control_id,
            e.kind,
            e.name,
            e.added_at,
            e.url,
            e.sha256,
            e.size,
            _iso(e.occurred_on),
            e.note,
            content,
        ]
        if e.id:
            self.db.execute(
                "INSERT INTO evidence (id, control_id, kind, name, added_at, url, sha256, size,"
                " occurred_on, note, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [e.id, *cols],
            )
            return e.id
        cur = self.db.execute(
            "INSERT INTO evidence (control_id, kind, name, added_at, url, sha256, size,"
            " occurred_on, note, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            cols,
        )
        return int(cur.lastrowid)

    def delete_evidence(self, evidence_id: int) -> None:
        self.db.execute("DELETE FROM evidence WHERE id = ?", [evidence_id])

    # --- assumption overrides ------------------------------------------------

    @_stored("assumption_overrides")
    def overrides(self) -> dict[str, Override]:
        cur = self.db.execute("SELECT * FROM assumption_overrides")
        names = [d[0] for d in cur.description]
        out: dict[str, Override] = {}
        for values in cur.fetchall():
            r = dict(zip(names, values))
            # Read by name: a file of an older format (read-only, not migrated) has no currency
            # or rate; its quotes were typed in US dollars.
            out[r["key"]] = Override(
                r["key"],
                r["low"],
                r["high"],
                r["note"],
                r["updated_at"],
                str(r.get("currency") or "USD"),
                float(r.get("rate") or 1.0),
            )
        return out

    def write_override(self, o: Override) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO assumption_overrides (key, low, high, note, updated_at, currency, rate) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [o.key, o.low, o.high, o.note, o.updated_at or now(), o.currency, o.rate],
        )

    def delete_override(self, key: str) -> None:
        self.db.execute("DELETE FROM assumption_overrides WHERE key = ?", [key])

    def counts(self, tables: Iterable[str]) -> dict[str, int]:
        return {t: int(self.db.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0]) for t in tables}


def _scope_item(r: Any) -> ScopeItem:
    return ScopeItem(
        id=r[0],
        kind=r[1],
        name=r[2],
        description=r[3],
        in_scope=bool(r[4]),
        customer_data=bool(r[5]),
        internal_only=bool(r[6]),
        exclusion_reason=r[7],
        method=r[8],
        reviewed=bool(r[9]),
        position=r[10],
    )


def _state(r: Any) -> ControlState:
    return ControlState(
        control_id=r[0],
        status=r[1],
        owner=r[2],
        due_date=_date(r[3]),
        notes=r[4],
        na_reason=r[5],
        updated_at=r[6],
    )


def _evidence(r: Any) -> Evidence:
    return Evidence(
        id=r[0],
        control_id=r[1],
        kind=r[2],
        name=r[3],
        added_at=r[4],
        url=r[5],
        sha256=r[6],
        size=r[7],
        occurred_on=_date(r[8]),
        note=r[9],
    )
