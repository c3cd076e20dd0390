"""The whole workspace as JSON (``soc2wizard-workspace/1``), and back.

A dump holds everything a workspace file holds: answers, settings and the
firm's logo, scope, assumption overrides, custom controls, control states,
evidence with its bytes (base64) and SHA-256, the activity log and the
snapshots kept to show progress. Reading
a dump checks every value and names the JSON path of the first bad one
(``evidence[3].sha256``); nothing is written until the whole dump is good.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field, fields
from typing import Any

from soc2wizard import __version__
from soc2wizard.domain import vocab
from soc2wizard.domain.answers import Answers, AnswersError, answers_to_json, parse_answers
from soc2wizard.domain.catalog import Catalog, Control
from soc2wizard.domain.deliverables import parse_deliverables_dump
from soc2wizard.domain.drafts import SECTIONS as DESCRIPTION_SECTIONS
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.display import check_currency, check_paper, rate_text
from soc2wizard.domain.records import (
    DISPLAY_FIELDS,
    SETTINGS_FIELDS,
    ActivityEntry,
    ControlState,
    Evidence,
    Override,
    ScopeItem,
)

FORMAT = "soc2wizard-workspace/1"
SECTIONS = (
    "format",
    "exported",
    "answers",
    "settings",
    "firm_logo",
    "scope",
    "overrides",
    "custom_controls",
    "control_states",
    "evidence",
    "activity",
    "snapshots",
    "deliverables",
)
SNAPSHOT_FORMAT = "soc2wizard-snapshot/1"


@dataclass(frozen=True)
class WorkspaceDump:
    answers: Answers
    settings: dict[str, str]
    logo: bytes | None
    scope: tuple[ScopeItem, ...]
    overrides: tuple[Override, ...]
    custom_controls: tuple[dict[str, Any], ...]
    states: tuple[ControlState, ...]
    evidence: tuple[tuple[Evidence, bytes | None], ...]
    activity: tuple[ActivityEntry, ...]  # oldest first
    # Snapshots of the assessment, oldest first: (name, taken_on, taken_at, body).
    snapshots: tuple[tuple[str, dt.date, str, dict[str, Any]], ...] = ()
    # Section edits, risk edits, policy versions, acknowledgements (issue 14), already checked.
    deliverables: dict[str, Any] = field(default_factory=dict)


# --- writing -------------------------------------------------------------------


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def to_json(w: WorkspaceDump, *, workspace_id: str = "", exported_at: str = "") -> dict[str, Any]:
    """The dump document. ``exported`` says where and when it came from; the rest is content."""
    return {
        "format": FORMAT,
        "exported": {"at": exported_at, "by": f"soc2wizard {__version__}", "workspace_id": workspace_id},
        "answers": answers_to_json(w.answers),
        "settings": {
            **{k: w.settings.get(k, "") for k in SETTINGS_FIELDS},
            **{k: w.settings[k] for k in DISPLAY_FIELDS if w.settings.get(k)},
        },
        "firm_logo": _b64(w.logo),
        "scope": [
            {
                "id": i.id,
                "kind": i.kind,
                "name": i.name,
                "description": i.description,
                "in_scope": i.in_scope,
                "customer_data": i.customer_data,
                "internal_only": i.internal_only,
                "exclusion_reason": i.exclusion_reason,
                "method": i.method,
                "reviewed": i.reviewed,
                "position": i.position,
            }
            for i in w.scope
        ],
        "overrides": [
            {
                "key": o.key,
                "low": o.low,
                "high": o.high,
                "note": o.note,
                "updated_at": o.updated_at,
                "currency": o.currency,  # the currency the figure was typed in
                "rate": o.rate,  # units of it to the US dollar then (1 for US dollars)
            }
            for o in w.overrides
        ],
        "custom_controls": [dict(b) for b in w.custom_controls],
        "control_states": [
            {
                "control_id": s.control_id,
                "status": s.status,
                "owner": s.owner,
                "due_date": _iso(s.due_date),
                "notes": s.notes,
                "na_reason": s.na_reason,
                "updated_at": s.updated_at,
            }
            for s in w.states
        ],
        "evidence": [
            {
                "id": e.id,
                "control_id": e.control_id,
                "kind": e.kind,
                "name": e.name,
                "added_at": e.added_at,
                "url": e.url,
                "sha256": e.sha256,
                "size": e.size,
                "occurred_on": _iso(e.occurred_on),
                "note": e.note,
                "content_base64": _b64(content),
            }
            for e, content in w.evidence
        ],
        "activity": [
            {
                "id": a.id,
                "at": a.at,
                "actor": a.actor,
                "action": a.action,
                "target": a.target,
                "before": a.before,
                "after": a.after,
            }
            for a in w.activity
        ],
        "snapshots": [
            {"name": name, "taken_on": _iso(on), "taken_at": at, "body": body} for name, on, at, body in w.snapshots
        ],
        **({"deliverables": w.deliverables} if w.deliverables else {}),
    }


# --- reading ---------------------------------------------------------------------


def _obj(v: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise FieldError(path, "must be an object")
    allowed = required + optional
    for k in v:
        if k not in allowed:
            raise FieldError(f"{path}.{k}" if path else str(k), f"unknown field; expected one of: {', '.join(allowed)}")
    for k in required:
        if k not in v:
            raise FieldError(f"{path}.{k}" if path else k, "is missing")
    return v


def _list(v: Any, path: str) -> list[Any]:
    if not isinstance(v, list):
        raise FieldError(path, "must be a list")
    return v


def _str(v: Any, path: str, *, limit: int = 5_000, empty: bool = True) -> str:
    if not isinstance(v, str):
        raise FieldError(path, "must be text")
    if not empty and not v.strip():
        raise FieldError(path, "must not be empty")
    if len(v) > limit:
        raise FieldError(path, f"is {len(v):,} characters long; at most {limit:,} are allowed")
    if any(ord(c) < 32 and c not in "\n\t" for c in v):
        raise FieldError(path, "must not contain control characters")
    return v


def _opt_str(v: Any, path: str, limit: int = 5_000) -> str | None:
    return None if v is None else _str(v, path, limit=limit)


def _bool(v: Any, path: str) -> bool:
    if not isinstance(v, bool):
        raise FieldError(path, "must be true or false")
    return v


def _int(v: Any, path: str, low: int = 0, high: int = 2**62) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise FieldError(path, "must be a whole number")
    if not low <= v <= high:
        raise FieldError(path, f"must be between {low:,} and {high:,}")
    return v


def _num(v: Any, path: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise FieldError(path, "must be a number")
    if not 0 <= v <= 1e9:
        raise FieldError(path, "must be between 0 and 1,000,000,000")
    return float(v)


def _date(v: Any, path: str) -> dt.date | None:
    if v is None:
        return None
    if not isinstance(v, str):
        raise FieldError(path, "must be a date written YYYY-MM-DD, or null")
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise FieldError(path, f"{v[:40]!r} is not a date written YYYY-MM-DD") from None


def _bytes(v: Any, path: str) -> bytes | None:
    if v is None:
        return None
    if not isinstance(v, str):
        raise FieldError(path, "must be base64 text, or null")
    try:
        return base64.b64decode(v.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise FieldError(path, "is not valid base64") from None


def _choice(v: Any, path: str, allowed: dict[str, str]) -> str:
    if not isinstance(v, str) or v not in allowed:
        raise FieldError(path, f"{str(v)[:40]!r} is not one of: {', '.join(allowed)}")
    return v


_CONTROL_FIELDS = tuple(f.name for f in fields(Control))


def _custom_control(v: Any, path: str, catalog: Catalog, seen: set[str]) -> dict[str, Any]:
    body = _obj(
        v, path, ("id", "title", "criteria"), tuple(f for f in _CONTROL_FIELDS if f not in ("id", "title", "criteria"))
    )
    cid = _str(body["id"], f"{path}.id", limit=40, empty=False)
    if cid in catalog.controls or cid in seen:
        raise FieldError(f"{path}.id", f"{cid!r} is already used by another control")
    seen.add(cid)
    # Its content is checked by the same validator as a control added in the app
    # (services.check_custom_control), when the restore runs.
    return dict(body)


def _display_settings(st: dict[str, Any]) -> dict[str, str]:
    """Paper and currency from a dump, checked by the one validator the app uses."""
    out: dict[str, str] = {}
    try:
        if st.get("paper"):
            out["paper"] = check_paper(st["paper"])
        if st.get("currency") and st.get("currency") != "USD":
            c = check_currency(st["currency"], st.get("exchange_rate"), st.get("exchange_rate_source", ""))
            out.update(currency=c.code, exchange_rate=rate_text(c.rate), exchange_rate_source=c.source)
    except FieldError as exc:
        raise FieldError(f"settings.{exc.path}", exc.message) from None
    return out


def parse_dump(doc: Any, catalog: Catalog) -> WorkspaceDump:
    """Check a decoded dump; FieldError names the JSON path of the first bad value."""
    top = _obj(doc, "", ("format", "answers"), tuple(s for s in SECTIONS if s not in ("format", "answers")))
    if top["format"] != FORMAT:
        raise FieldError("format", f"must be {FORMAT!r} (a workspace export from soc2wizard)")
    try:
        answers = parse_answers(top["answers"])
    except AnswersError as exc:
        raise FieldError(f"answers.{exc.path}" if exc.path else "answers", exc.message) from None

    st = _obj(top.get("settings", {}), "settings", (), (*SETTINGS_FIELDS, *DISPLAY_FIELDS))
    settings = {k: _str(v, f"settings.{k}", limit=200) for k, v in st.items() if k not in DISPLAY_FIELDS}
    settings.update(_display_settings(st))
    logo = _bytes(top.get("firm_logo"), "firm_logo")
    if logo is not None and not logo.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        raise FieldError("firm_logo", "must be a PNG or JPEG image")

    scope = []
    ids: set[int] = set()
    for i, v in enumerate(_list(top.get("scope", []), "scope")):
        p = f"scope[{i}]"
        o = _obj(
            v,
            p,
            ("kind", "name"),
            (
                "id",
                "description",
                "in_scope",
                "customer_data",
                "internal_only",
                "exclusion_reason",
                "method",
                "reviewed",
                "position",
            ),
        )
        item_id = _int(o.get("id", i + 1), f"{p}.id", 1)
        if item_id in ids:
            raise FieldError(f"{p}.id", f"{item_id} is used twice")
        ids.add(item_id)
        method = o.get("method")
        scope.append(
            ScopeItem(
                id=item_id,
                kind=_choice(o["kind"], f"{p}.kind", vocab.SCOPE_KINDS),
                name=_str(o["name"], f"{p}.name", limit=200, empty=False),
                description=_str(o.get("description", ""), f"{p}.description"),
                in_scope=_bool(o.get("in_scope", True), f"{p}.in_scope"),
                customer_data=_bool(o.get("customer_data", False), f"{p}.customer_data"),
                internal_only=_bool(o.get("internal_only", False), f"{p}.internal_only"),
                exclusion_reason=_str(o.get("exclusion_reason", ""), f"{p}.exclusion_reason"),
                method=None if method is None else _choice(method, f"{p}.method", vocab.SUBSERVICE_METHODS),
                reviewed=_bool(o.get("reviewed", False), f"{p}.reviewed"),
                position=_int(o.get("position", i), f"{p}.position"),
            )
        )

    overrides = []
    keys: set[str] = set()
    for i, v in enumerate(_list(top.get("overrides", []), "overrides")):
        p = f"overrides[{i}]"
        o = _obj(v, p, ("key", "low", "high"), ("note", "updated_at", "currency", "rate"))
        key = _str(o["key"], f"{p}.key", limit=200, empty=False)
        if key in keys:
            raise FieldError(f"{p}.key", f"{key!r} is overridden twice")
        keys.add(key)
        low, high = _num(o["low"], f"{p}.low"), _num(o["high"], f"{p}.high")
        if high < low:
            raise FieldError(f"{p}.high", "must not be below the low figure")
        overrides.append(
            Override(
                key,
                low,
                high,
                _str(o.get("note", ""), f"{p}.note"),
                _str(o.get("updated_at", ""), f"{p}.updated_at", limit=64),
                # An export made before quotes kept their currency: typed in US dollars.
                _str(o.get("currency", "USD"), f"{p}.currency", limit=3, empty=False),
                _num(o.get("rate", 1.0), f"{p}.rate"),
            )
        )

    seen: set[str] = set()
    customs = tuple(
        _custom_control(v, f"custom_controls[{i}]", catalog, seen)
        for i, v in enumerate(_list(top.get("custom_controls", []), "custom_controls"))
    )
    known = set(catalog.controls) | seen

    states = []
    done: set[str] = set()
    for i, v in enumerate(_list(top.get("control_states", []), "control_states")):
        p = f"control_states[{i}]"
        o = _obj(v, p, ("control_id", "status"), ("owner", "due_date", "notes", "na_reason", "updated_at"))
        cid = _str(o["control_id"], f"{p}.control_id", limit=40, empty=False)
        if cid not in known:
            raise FieldError(f"{p}.control_id", f"no control with id {cid!r}")
        if cid in done:
            raise FieldError(f"{p}.control_id", f"{cid} has two states")
        done.add(cid)
        states.append(
            ControlState(
                control_id=cid,
                status=_choice(o["status"], f"{p}.status", vocab.STATUSES),
                owner=_str(o.get("owner", ""), f"{p}.owner", limit=200),
                due_date=_date(o.get("due_date"), f"{p}.due_date"),
                notes=_str(o.get("notes", ""), f"{p}.notes"),
                na_reason=_str(o.get("na_reason", ""), f"{p}.na_reason"),
                updated_at=_opt_str(o.get("updated_at"), f"{p}.updated_at", 64),
            )
        )

    evidence = []
    eids: set[int] = set()
    for i, v in enumerate(_list(top.get("evidence", []), "evidence")):
        p = f"evidence[{i}]"
        o = _obj(
            v,
            p,
            ("control_id", "kind", "name"),
            ("id", "added_at", "url", "sha256", "size", "occurred_on", "note", "content_base64"),
        )
        eid = _int(o.get("id", i + 1), f"{p}.id", 1)
        if eid in eids:
            raise FieldError(f"{p}.id", f"{eid} is used twice")
        eids.add(eid)
        cid = _str(o["control_id"], f"{p}.control_id", limit=40, empty=False)
        if cid not in known:
            raise FieldError(f"{p}.control_id", f"no control with id {cid!r}")
        kind = _choice(o["kind"], f"{p}.kind", {"file": "file", "link": "link"})
        content = _bytes(o.get("content_base64"), f"{p}.content_base64")
        sha = _opt_str(o.get("sha256"), f"{p}.sha256", 64)
        size = o.get("size")
        if size is not None:
            size = _int(size, f"{p}.size")
        if content is not None:
            actual = hashlib.sha256(content).hexdigest()
            if sha != actual:
                raise FieldError(f"{p}.sha256", f"does not match the file's content (its SHA-256 is {actual})")
            if size is not None and size != len(content):
                raise FieldError(f"{p}.size", f"says {size:,} bytes but the content has {len(content):,}")
        elif kind == "file" and sha is not None:
            raise FieldError(f"{p}.content_base64", "is missing: a file's bytes must come with its SHA-256")
        url = _opt_str(o.get("url"), f"{p}.url", 2_000)
        if kind == "link" and not url:
            raise FieldError(f"{p}.url", "is missing: a link needs its address")
        evidence.append(
            (
                Evidence(
                    id=eid,
                    control_id=cid,
                    kind=kind,
                    name=_str(o["name"], f"{p}.name", limit=200, empty=False),
                    added_at=_str(o.get("added_at", ""), f"{p}.added_at", limit=64),
                    url=url,
                    sha256=sha,
                    size=size,
                    occurred_on=_date(o.get("occurred_on"), f"{p}.occurred_on"),
                    note=_str(o.get("note", ""), f"{p}.note"),
                ),
                content,
            )
        )

    activity = []
    aids: set[int] = set()
    for i, v in enumerate(_list(top.get("activity", []), "activity")):
        p = f"activity[{i}]"
        o = _obj(v, p, ("at", "actor", "action"), ("id", "target", "before", "after"))
        aid = _int(o.get("id", i + 1), f"{p}.id", 1)
        if aid in aids:
            raise FieldError(f"{p}.id", f"{aid} is used twice")
        aids.add(aid)
        activity.append(
            ActivityEntry(
                id=aid,
                at=_str(o["at"], f"{p}.at", limit=64, empty=False),
                actor=_str(o["actor"], f"{p}.actor", limit=200),
                action=_str(o["action"], f"{p}.action", limit=200, empty=False),
                target=_str(o.get("target", ""), f"{p}.target", limit=100_000),
                before=o.get("before"),
                after=o.get("after"),
            )
        )
    activity.sort(key=lambda a: a.id)

    snapshots = []
    names: set[str] = set()
    for i, v in enumerate(_list(top.get("snapshots", []), "snapshots")):
        p = f"snapshots[{i}]"
        o = _obj(v, p, ("name", "taken_on", "body"), ("taken_at",))
        name = _str(o["name"], f"{p}.name", limit=80, empty=False)
        if name in names:
            raise FieldError(f"{p}.name", f"{name!r} is used twice")
        names.add(name)
        on = _date(o["taken_on"], f"{p}.taken_on")
        if on is None:
            raise FieldError(f"{p}.taken_on", "must be a date written YYYY-MM-DD")
        body = o["body"]
        if not isinstance(body, dict) or body.get("format") != SNAPSHOT_FORMAT:
            raise FieldError(f"{p}.body", f"must be a {SNAPSHOT_FORMAT!r} object")
        for key in ("controls", "readiness", "estimate"):
            if not isinstance(body.get(key), dict):
                raise FieldError(f"{p}.body.{key}", "must be an object")
        snapshots.append((name, on, _str(o.get("taken_at", ""), f"{p}.taken_at", limit=64), body))
    deliverables = parse_deliverables_dump(
        top.get("deliverables"), set(catalog.controls) | {b["id"] for b in customs}, set(DESCRIPTION_SECTIONS)
    )
    return WorkspaceDump(
        answers,
        settings,
        logo,
        tuple(scope),
        tuple(overrides),
        customs,
        tuple(states),
        tuple(evidence),
        tuple(activity),
        tuple(snapshots),
        deliverables,
    )
