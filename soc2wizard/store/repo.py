"""Reading and writing the workspace's tables as domain objects.

Only this module knows the column names. Every write method expects to run
inside ``Repo.transaction()`` together with its activity-log entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
from collections.abc import Iterable, Iterator
from typing import Any

from soc2wizard.domain.answers import Answers, Company, Customers, PlanChoices
from soc2wizard.domain.records import (
    ActivityEntry,
    ControlState,
    Evidence,
    Override,
    ScopeItem,
    WorkspaceSettings,
)
from soc2wizard.store.db import Db

_SCOPE_BOOLS = ("in_scope", "customer_data", "internal_only", "reviewed")


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
        with self.db.atomic() as db:
            yield db

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

        self.db.execute(
            "INSERT INTO activity (at, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)",
            [now(), self.actor, action, target, dump(before), dump(after)],
        )

    def insert_activity(self, e: ActivityEntry) -> None:
        """Put back a log entry exactly as it was (restoring a JSON export); append-only still holds."""

        def dump(v: Any) -> str | None:
            return None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)

        self.db.execute(
            "INSERT INTO activity (id, at, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [e.id, e.at, e.actor, e.action, e.target, dump(e.before), dump(e.after)],
        )

    def activity(self, limit: int | None = None) -> list[ActivityEntry]:
        sql = "SELECT id, at, actor, action, target, before, after FROM activity ORDER BY id DESC"
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
            )
            for r in rows
        ]

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

    def answers(self) -> Answers:
        """The answers, each column read by its name (a new answer is a new column, never a shift)."""
        p = self._row("SELECT * FROM profile WHERE id = 1")
        if p is None:
            raise LookupError("the workspace has no company profile")
        q = self._row("SELECT * FROM plan WHERE id = 1") or {}
        plan = PlanChoices(
            start=_date(q.get("start")),
            report_type=q.get("report_type"),
            observation_months=q.get("observation_months"),
            criteria=tuple(json.loads(q["criteria"])) if q.get("criteria") else None,
            auditor_tier=q.get("auditor_tier") or "boutique",
            weekly_hours=q.get("weekly_hours") or 20,
        )
        return Answers(
            company=Company(
                name=p["name"],
                industry=p["industry"],
                employees=p["employees"],
                engineers=p["engineers"],
                offices=p["offices"],
                pci_level=p.get("pci_level"),
            ),
            data=tuple(json.loads(p["data"])),
            hosting=tuple(json.loads(p["hosting"])),
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
            practices=frozenset(json.loads(p["practices"])),
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

    def scope(self) -> list[ScopeItem]:
        rows = self.db.execute(
            "SELECT id, kind, name, description, in_scope, customer_data, internal_only,"
            " exclusion_reason, method, reviewed, position FROM scope_items ORDER BY position, id"
        ).fetchall()
        return [_scope_item(r) for r in rows]

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

    def control_states(self) -> dict[str, ControlState]:
        rows = self.db.execute(
            "SELECT control_id, status, owner, due_date, notes, na_reason, updated_at FROM control_states"
        ).fetchall()
        return {r[0]: _state(r) for r in rows}

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

    def evidence(self, control_id: str | None = None) -> list[Evidence]:
        sql = f"SELECT {self._EVIDENCE_COLS} FROM evidence"
        args: list[Any] = []
        if control_id is not None:
            sql += " WHERE control_id = ?"
            args.append(control_id)
        return [_evidence(r) for r in self.db.execute(sql + " ORDER BY id", args).fetchall()]

    def evidence_item(self, evidence_id: int) -> Evidence | None:
        r = self.db.execute(f"SELECT {self._EVIDENCE_COLS} FROM evidence WHERE id = ?", [evidence_id]).fetchone()
        return _evidence(r) if r else None

    def evidence_content(self, evidence_id: int) -> bytes | None:
        r = self.db.execute("SELECT content FROM evidence WHERE id = ?", [evidence_id]).fetchone()
        return bytes(r[0]) if r and r[0] is not None else None

    def evidence_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT control_id, COUNT(*) FROM evidence GROUP BY control_id").fetchall())

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

    def overrides(self) -> dict[str, Override]:
        rows = self.db.execute("SELECT key, low, high, note, updated_at FROM assumption_overrides")
        return {r[0]: Override(r[0], r[1], r[2], r[3], r[4]) for r in rows}

    def write_override(self, o: Override) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO assumption_overrides (key, low, high, note, updated_at) VALUES (?, ?, ?, ?, ?)",
            [o.key, o.low, o.high, o.note, o.updated_at or now()],
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
