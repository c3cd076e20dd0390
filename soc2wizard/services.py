"""The one API the desktop app and the command line call: one call per user action.

Each write is one transaction that also appends to the activity log, so a
call that returns has been saved, and a call that raises changed nothing.
Reads return domain objects; nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from soc2wizard.catalog import load_catalog
from soc2wizard.domain import vocab
from soc2wizard.domain.answers import (
    Answers,
    AnswersError,
    answers_to_json,
    loads_answers,
    parse_answers,
    parse_date,
)
from soc2wizard.domain.catalog import Catalog, Control
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.records import (
    SETTINGS_FIELDS,
    ActivityEntry,
    ChecklistRow,
    ControlState,
    Evidence,
    Override,
    ScopeItem,
    WorkspaceSettings,
)
from soc2wizard.estimate.criteria import selected_criteria
from soc2wizard.store import workspace as store
from soc2wizard.store.repo import Repo, now
from soc2wizard.store.workspace import WorkspaceError

__all__ = [
    "AnswersError",
    "FieldError",
    "Session",
    "WorkspaceError",
    "catalog",
    "create_workspace",
    "open_workspace",
]

MAX_TEXT = 5_000  # notes, descriptions, reasons
MAX_SHORT = 200  # names, owners, titles
MAX_EVIDENCE_BYTES = 50 * 1024 * 1024


class Session:
    """An open workspace file. Close it when done (or use it as a context manager)."""

    def __init__(self, path: Path, repo: Repo, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.repo = repo
        self.read_only = read_only

    @property
    def workspace_id(self) -> str:
        return self.repo.meta("workspace_id") or ""

    def close(self) -> None:
        store.checkpoint_and_close(self.repo.db)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _writable(self) -> Repo:
        if self.read_only:
            raise WorkspaceError(f"{self.path.name} is open read-only; nothing was changed")
        return self.repo


def catalog() -> Catalog:
    return load_catalog()


# --- files -----------------------------------------------------------------------


def create_workspace(path: Path | str, answers: Answers | None = None, *, name: str | None = None) -> Session:
    """Create a new workspace file for a company and open it.

    The file appears only when complete: a failure leaves nothing behind.
    """
    path = Path(path)
    if answers is None:
        answers = parse_answers(
            {"format": "soc2wizard-answers/1", "company": {"name": name if name is not None else ""}}
        )
    with store.building(path) as tmp:
        db = store.new_database(tmp)
        try:
            repo = Repo(db)
            with repo.transaction():
                repo.write_answers(answers)
                repo.log("create workspace", answers.company.name, after=answers_to_json(answers))
                _mark_practices(repo, answers, frozenset())
        finally:
            store.checkpoint_and_close(db)
    return open_workspace(path)


def open_workspace(path: Path | str, *, read_only: bool = False) -> Session:
    """Open a workspace, applying migrations; WorkspaceError if it cannot be."""
    path = Path(path)
    db = store.open_database(path)
    return Session(path, Repo(db), read_only=read_only)


def read_answers_file(path: Path | str) -> Answers:
    """Parse an answers file; AnswersError names the field, WorkspaceError the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FieldError(str(path), "no such answers file") from None
    except UnicodeDecodeError:
        raise FieldError(str(path), "is not UTF-8 text") from None
    except OSError as exc:
        raise FieldError(str(path), f"cannot be read ({exc.strerror})") from None
    return loads_answers(text)


# --- answers: profile and plan choices ----------------------------------------------

# Service keyword → (section, key) in the soc2wizard-answers/1 document.
PROFILE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("company", "name"),
    "industry": ("company", "industry"),
    "employees": ("company", "employees"),
    "engineers": ("company", "engineers"),
    "offices": ("company", "offices"),
    "data": ("data",),
    "hosting": ("hosting",),
    "enterprise": ("customers", "enterprise"),
    "government": ("customers", "government"),
    "international": ("customers", "international"),
    "uptime_commitment": ("customers", "uptime_commitment"),
    "requested_report": ("customers", "requested_report"),
    "deadline": ("customers", "deadline"),
    "practices": ("practices",),
}
PLAN_FIELDS: dict[str, tuple[str, ...]] = {
    "start": ("plan", "start"),
    "report_type": ("plan", "report_type"),
    "observation_months": ("plan", "observation_months"),
    "criteria": ("plan", "criteria"),
    "auditor_tier": ("plan", "auditor_tier"),
    "weekly_hours": ("plan", "weekly_hours"),
}


def get_answers(s: Session) -> Answers:
    return s.repo.answers()


def _apply_changes(current: Answers, fields: dict[str, tuple[str, ...]], changes: dict[str, Any]) -> Answers:
    doc = answers_to_json(current)
    for key, value in changes.items():
        if key not in fields:
            raise FieldError(key, f"unknown field; expected one of: {', '.join(fields)}")
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()[:10]
        elif key == "practices":
            value = {p: p in set(value) for p in vocab.PRACTICES} if not isinstance(value, dict) else value
        elif isinstance(value, (tuple, set, frozenset)):
            value = list(value)
        node = doc
        *parents, leaf = fields[key]
        for part in parents:
            node = node[part]
        node[leaf] = value
    return parse_answers(doc)


def update_profile(s: Session, **changes: Any) -> Answers:
    """Change company profile answers (``employees=40``, ``data=[...]``); returns all answers."""
    repo = s._writable()
    before = repo.answers()
    after = _apply_changes(before, PROFILE_FIELDS, changes)
    _save_answers(repo, "update profile", before, after, changes)
    return after


def update_plan(s: Session, **changes: Any) -> Answers:
    """Change plan choices (report type, window, criteria, start, tier, weekly hours)."""
    repo = s._writable()
    before = repo.answers()
    after = _apply_changes(before, PLAN_FIELDS, changes)
    _save_answers(repo, "update plan", before, after, changes)
    return after


def replace_answers(s: Session, answers: Answers) -> Answers:
    """Put back a whole set of answers (undo of a page of edits)."""
    repo = s._writable()
    before = repo.answers()
    _save_answers(repo, "restore answers", before, answers, {"answers": "all"})
    return answers


def _save_answers(repo: Repo, action: str, before: Answers, after: Answers, changes: dict[str, Any]) -> None:
    if before == after:
        return
    old, new = answers_to_json(before), answers_to_json(after)
    diff_before = {k: v for k, v in _flat(old).items() if _flat(new).get(k) != v}
    diff_after = {k: v for k, v in _flat(new).items() if _flat(old).get(k) != v}
    with repo.transaction():
        repo.write_answers(after)
        repo.log(action, ", ".join(sorted(diff_after)) or ", ".join(changes), diff_before, diff_after)
        _mark_practices(repo, after, before.practices)


def _flat(doc: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in doc.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def _mark_practices(repo: Repo, answers: Answers, before: frozenset[str]) -> None:
    """A practice newly declared in place marks its untouched controls implemented."""
    added = answers.practices - before
    if not added:
        return
    states = repo.control_states()
    for control in load_catalog().controls.values():
        if control.practice in added and control.id not in states:
            state = ControlState(control.id, status="implemented", updated_at=now())
            repo.write_control_state(state)
            repo.log(
                "mark implemented from profile",
                control.id,
                {"status": "not_started"},
                {"status": "implemented", "practice": control.practice},
            )


# --- settings ----------------------------------------------------------------------


def get_settings(s: Session) -> WorkspaceSettings:
    return s.repo.settings()


def update_settings(s: Session, **changes: Any) -> WorkspaceSettings:
    """Change who the plan is prepared for / by, the consultant firm, the assessor."""
    repo = s._writable()
    before = repo.settings()
    clean: dict[str, str] = {}
    for key, value in changes.items():
        if key not in SETTINGS_FIELDS:
            raise FieldError(key, f"unknown setting; expected one of: {', '.join(SETTINGS_FIELDS)}")
        clean[key] = _clean_text(value, key, MAX_SHORT, required=False)
    with repo.transaction():
        for key, value in clean.items():
            repo.set_setting(key, value)
        repo.log("update settings", ", ".join(clean),
                 {k: getattr(before, k) for k in clean}, clean)
    return repo.settings()


def set_firm_logo(s: Session, image: bytes | None) -> WorkspaceSettings:
    """Keep the consultant firm's logo (PNG or JPEG bytes) in the workspace, or remove it."""
    repo = s._writable()
    if image is not None:
        if not (image.startswith(b"\x89PNG\r\n\x1a\n") or image.startswith(b"\xff\xd8\xff")):
            raise FieldError("firm_logo", "must be a PNG or JPEG image")
        if len(image) > 5 * 1024 * 1024:
            raise FieldError("firm_logo", "is larger than 5 MB")
    with repo.transaction():
        repo.set_setting("firm_logo", image)
        repo.log("set firm logo" if image else "remove firm logo", "firm_logo",
                 None, {"size": len(image)} if image else None)
    return repo.settings()


def firm_logo(s: Session) -> bytes | None:
    value = s.repo.setting("firm_logo")
    return bytes(value) if value is not None else None


# --- scope -------------------------------------------------------------------------

_SCOPE_EDITABLE = ("name", "description", "in_scope", "customer_data", "internal_only",
                   "exclusion_reason", "method", "reviewed")


def list_scope(s: Session) -> list[ScopeItem]:
    return s.repo.scope()


def _check_scope_item(item: ScopeItem) -> ScopeItem:
    if item.kind not in vocab.SCOPE_KINDS:
        raise FieldError("kind", f"{item.kind!r} is not one of: {', '.join(vocab.SCOPE_KINDS)}")
    if item.method is not None and item.method not in vocab.SUBSERVICE_METHODS:
        raise FieldError("method", f"{item.method!r} is not one of: {', '.join(vocab.SUBSERVICE_METHODS)}")
    item = replace(
        item,
        name=_clean_text(item.name, "name", MAX_SHORT),
        description=_clean_text(item.description, "description", MAX_TEXT, required=False, multiline=True),
        exclusion_reason=_clean_text(item.exclusion_reason, "exclusion_reason", MAX_TEXT,
                                     required=False, multiline=True),
    )
    if item.kind == "subservice" and item.method is None:
        item = replace(item, method="carve_out")
    return item


def add_scope_item(s: Session, kind: str, name: str, **fields: Any) -> ScopeItem:
    """Add a system, vendor, subservice organisation or location."""
    repo = s._writable()
    unknown = set(fields) - set(_SCOPE_EDITABLE)
    if unknown:
        raise FieldError(sorted(unknown)[0], f"unknown field; expected one of: {', '.join(_SCOPE_EDITABLE)}")
    item = _check_scope_item(ScopeItem(id=0, kind=kind, name=name, position=repo.next_scope_position(), **fields))
    with repo.transaction():
        item = replace(item, id=repo.write_scope_item(item))
        repo.log(f"add {kind}", item.name, None, _scope_dict(item))
    return item


def update_scope_item(s: Session, item_id: int, **changes: Any) -> ScopeItem:
    repo = s._writable()
    before = repo.scope_item(item_id)
    if before is None:
        raise FieldError("scope", f"no scope item with id {item_id}")
    unknown = set(changes) - set(_SCOPE_EDITABLE)
    if unknown:
        raise FieldError(sorted(unknown)[0], f"unknown field; expected one of: {', '.join(_SCOPE_EDITABLE)}")
    after = _check_scope_item(replace(before, **changes))
    with repo.transaction():
        repo.write_scope_item(after)
        repo.log(f"update {after.kind}", after.name,
                 {k: getattr(before, k) for k in changes}, {k: getattr(after, k) for k in changes})
    return after


def remove_scope_item(s: Session, item_id: int) -> ScopeItem:
    """Remove a scope item; returns it so that undo can put it back."""
    repo = s._writable()
    item = repo.scope_item(item_id)
    if item is None:
        raise FieldError("scope", f"no scope item with id {item_id}")
    with repo.transaction():
        repo.delete_scope_item(item_id)
        repo.log(f"remove {item.kind}", item.name, _scope_dict(item), None)
    return item


def restore_scope_item(s: Session, item: ScopeItem) -> ScopeItem:
    repo = s._writable()
    with repo.transaction():
        repo.write_scope_item(item)
        repo.log(f"restore {item.kind}", item.name, None, _scope_dict(item))
    return item


def _scope_dict(item: ScopeItem) -> dict[str, Any]:
    return {k: getattr(item, k) for k in ("kind", *_SCOPE_EDITABLE)}


# --- the checklist -----------------------------------------------------------------


def custom_controls(s: Session) -> list[Control]:
    return [_control_from_body(b) for b in s.repo.custom_controls()]


def _control_from_body(body: dict[str, Any]) -> Control:
    fields = dict(body)
    for key in ("evidence", "applies_when", "criteria"):
        fields[key] = tuple(fields.get(key, ()))
    fields["frameworks"] = {k: tuple(v) for k, v in fields.get("frameworks", {}).items()}
    return Control(**fields)


def add_custom_control(
    s: Session,
    *,
    id: str,
    title: str,
    criteria: Sequence[str],
    category: str = "operations",
    description: str = "",
    implementation: str = "",
    evidence: Sequence[str] = (),
    frequency: str = "once",
    owner_role: str = "",
    effort_hours: int = 4,
    priority: int = 2,
) -> Control:
    """Add a control of the consultant's own to this workspace's checklist."""
    repo = s._writable()
    cat = load_catalog()
    control_id = _clean_text(id, "id", 40)
    if control_id in cat.controls or any(b["id"] == control_id for b in repo.custom_controls()):
        raise FieldError("id", f"{control_id!r} is already used by another control")
    unknown = [c for c in criteria if c not in cat.criteria]
    if not criteria or unknown:
        raise FieldError("criteria", f"needs known criteria ids; unknown: {', '.join(unknown) or 'none given'}")
    if frequency not in vocab.FREQUENCIES:
        raise FieldError("frequency", f"{frequency!r} is not one of: {', '.join(vocab.FREQUENCIES)}")
    if priority not in (1, 2, 3):
        raise FieldError("priority", "must be 1, 2 or 3")
    if not 0 <= int(effort_hours) <= 10_000:
        raise FieldError("effort_hours", "must be between 0 and 10,000")
    body = {
        "id": control_id, "title": _clean_text(title, "title", MAX_SHORT), "category": category,
        "description": _clean_text(description, "description", MAX_TEXT, required=False, multiline=True),
        "implementation": _clean_text(implementation, "implementation", MAX_TEXT, required=False, multiline=True),
        "evidence": list(evidence), "frequency": frequency, "owner_role": owner_role,
        "effort_hours": int(effort_hours), "priority": priority, "policy": False, "practice": None,
        "applies_when": [], "criteria": list(criteria), "frameworks": {},
    }
    with repo.transaction():
        repo.write_custom_control(body)
        repo.log("add custom control", control_id, None, body)
    return _control_from_body(body)


def add_custom_controls(s: Session, bodies: Iterable[dict[str, Any]]) -> int:
    """Add many custom controls in one transaction (imports, large test workspaces)."""
    repo = s._writable()
    n = 0
    with repo.transaction():
        for body in bodies:
            repo.write_custom_control(body)
            n += 1
        repo.log("add custom controls", f"{n} controls", None, {"count": n})
    return n


def applicable_controls(s: Session, answers: Answers | None = None) -> list[Control]:
    """Controls that apply to the chosen criteria and profile, foundational first."""
    answers = answers or s.repo.answers()
    categories = selected_criteria(answers)
    controls = load_catalog().controls_for(answers, categories)
    extra = [c for c in custom_controls(s) if c.categories & set(categories)]
    return sorted(controls + extra, key=lambda c: c.priority) if extra else controls


def checklist(s: Session, answers: Answers | None = None) -> list[ChecklistRow]:
    """Every applicable control with its state and evidence, as the checklist shows it."""
    states = s.repo.control_states()
    counts = s.repo.evidence_counts()
    occurrences = s.repo.occurrences()
    return [
        ChecklistRow(
            control=c,
            state=states.get(c.id) or ControlState(c.id),
            evidence_count=counts.get(c.id, 0),
            occurrences=tuple(occurrences.get(c.id, ())),
        )
        for c in applicable_controls(s, answers)
    ]


def control_state(s: Session, control_id: str) -> ControlState:
    return s.repo.control_state(control_id)


_STATE_FIELDS = ("status", "owner", "due_date", "notes", "na_reason")


def _known_control(s: Session, control_id: str) -> None:
    if control_id not in load_catalog().controls and not any(
        b["id"] == control_id for b in s.repo.custom_controls()
    ):
        raise FieldError("control", f"no control with id {control_id!r}")


def _next_state(current: ControlState, changes: dict[str, Any]) -> ControlState:
    unknown = set(changes) - set(_STATE_FIELDS)
    if unknown:
        raise FieldError(sorted(unknown)[0], f"unknown field; expected one of: {', '.join(_STATE_FIELDS)}")
    values: dict[str, Any] = {}
    if "status" in changes:
        if changes["status"] not in vocab.STATUSES:
            raise FieldError("status", f"{changes['status']!r} is not one of: {', '.join(vocab.STATUSES)}")
        values["status"] = changes["status"]
    if "owner" in changes:
        values["owner"] = _clean_text(changes["owner"], "owner", MAX_SHORT, required=False)
    if "due_date" in changes:
        due = changes["due_date"]
        if isinstance(due, str):
            due = parse_date(due, "due_date") if due.strip() else None
        elif isinstance(due, dt.datetime):
            due = due.date()
        elif due is not None and not isinstance(due, dt.date):
            raise FieldError("due_date", "must be a date written YYYY-MM-DD")
        values["due_date"] = due
    if "notes" in changes:
        values["notes"] = _clean_text(changes["notes"], "notes", MAX_TEXT, required=False, multiline=True)
    if "na_reason" in changes:
        values["na_reason"] = _clean_text(changes["na_reason"], "na_reason", MAX_TEXT, required=False,
                                          multiline=True)
    after = replace(current, **values, updated_at=now())
    if after.status == "not_applicable" and not after.na_reason:
        raise FieldError("na_reason", "say why the control does not apply before marking it not applicable")
    if after.status != "not_applicable" and "na_reason" not in changes:
        after = replace(after, na_reason="")
    return after


def update_control(s: Session, control_id: str, **changes: Any) -> ControlState:
    """Change a control's status, owner, due date, notes or N/A reason."""
    return update_controls(s, [control_id], **changes)[0]


def update_controls(s: Session, control_ids: Sequence[str], **changes: Any) -> list[ControlState]:
    """The same change to many controls, in one transaction (bulk edit)."""
    repo = s._writable()
    for cid in control_ids:
        _known_control(s, cid)
    results = []
    with repo.transaction():
        for cid in control_ids:
            before = repo.control_state(cid)
            after = _next_state(before, changes)
            repo.write_control_state(after)
            repo.log("update control", cid,
                     {k: getattr(before, k) for k in changes}, {k: getattr(after, k) for k in changes})
            results.append(after)
    return results


def restore_control_states(s: Session, states: Sequence[ControlState]) -> None:
    """Put back earlier states exactly (undo); a state never saved is removed."""
    repo = s._writable()
    with repo.transaction():
        for state in states:
            before = repo.control_state(state.control_id)
            if state.updated_at is None:
                repo.delete_control_state(state.control_id)
            else:
                repo.write_control_state(state)
            repo.log("restore control", state.control_id,
                     {k: getattr(before, k) for k in _STATE_FIELDS},
                     {k: getattr(state, k) for k in _STATE_FIELDS})


# --- evidence ----------------------------------------------------------------------


def list_evidence(s: Session, control_id: str | None = None) -> list[Evidence]:
    return s.repo.evidence(control_id)


def evidence_content(s: Session, evidence_id: int) -> bytes:
    content = s.repo.evidence_content(evidence_id)
    if content is None:
        raise FieldError("evidence", f"evidence {evidence_id} has no stored file")
    return content


def _occurred(value: dt.date | str | None) -> dt.date | None:
    if isinstance(value, str):
        return parse_date(value, "occurred_on") if value.strip() else None
    return value


def add_evidence_bytes(
    s: Session, control_id: str, *, name: str, content: bytes,
    occurred_on: dt.date | str | None = None, note: str = "",
) -> Evidence:
    """Keep a file's bytes in the workspace with its SHA-256 and size."""
    repo = s._writable()
    _known_control(s, control_id)
    if len(content) > MAX_EVIDENCE_BYTES:
        raise FieldError(
            "evidence", f"{name} is {len(content) / 1048576:,.1f} MB; files up to "
            f"{MAX_EVIDENCE_BYTES // 1048576} MB can be kept in the workspace (add a link instead)"
        )
    e = Evidence(
        id=0, control_id=control_id, kind="file", name=_clean_text(name, "name", MAX_SHORT),
        added_at=now(), sha256=hashlib.sha256(content).hexdigest(), size=len(content),
        occurred_on=_occurred(occurred_on), note=_clean_text(note, "note", MAX_TEXT, required=False),
    )
    with repo.transaction():
        e = replace(e, id=repo.write_evidence(e, content))
        repo.log("add evidence file", control_id, None, {"name": e.name, "sha256": e.sha256, "size": e.size})
    return e


def add_evidence_file(s: Session, control_id: str, path: Path | str, *,
                      occurred_on: dt.date | str | None = None, note: str = "") -> Evidence:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_EVIDENCE_BYTES:
            raise FieldError("evidence", f"{path.name} is {size / 1048576:,.1f} MB; files up to "
                             f"{MAX_EVIDENCE_BYTES // 1048576} MB can be kept in the workspace (add a link instead)")
        content = path.read_bytes()
    except OSError as exc:
        raise FieldError("evidence", f"{path} cannot be read ({exc.strerror})") from None
    return add_evidence_bytes(s, control_id, name=path.name, content=content,
                              occurred_on=occurred_on, note=note)


def add_evidence_link(s: Session, control_id: str, url: str, *, name: str = "",
                      occurred_on: dt.date | str | None = None, note: str = "") -> Evidence:
    repo = s._writable()
    _known_control(s, control_id)
    url = _clean_text(url, "url", 2_000)
    if "://" not in url and not url.startswith("mailto:"):
        raise FieldError("url", "must be a full address such as https://…")
    e = Evidence(
        id=0, control_id=control_id, kind="link", name=_clean_text(name or url, "name", MAX_SHORT),
        added_at=now(), url=url, occurred_on=_occurred(occurred_on),
        note=_clean_text(note, "note", MAX_TEXT, required=False),
    )
    with repo.transaction():
        e = replace(e, id=repo.write_evidence(e, None))
        repo.log("add evidence link", control_id, None, {"name": e.name, "url": url})
    return e


def remove_evidence(s: Session, evidence_id: int) -> tuple[Evidence, bytes | None]:
    """Remove an evidence item; returns it with its bytes so that undo can restore it."""
    repo = s._writable()
    e = repo.evidence_item(evidence_id)
    if e is None:
        raise FieldError("evidence", f"no evidence with id {evidence_id}")
    content = repo.evidence_content(evidence_id)
    with repo.transaction():
        repo.delete_evidence(evidence_id)
        repo.log("remove evidence", e.control_id, {"name": e.name, "sha256": e.sha256}, None)
    return e, content


def restore_evidence(s: Session, evidence: Evidence, content: bytes | None) -> Evidence:
    repo = s._writable()
    with repo.transaction():
        repo.write_evidence(evidence, content)
        repo.log("restore evidence", evidence.control_id, None, {"name": evidence.name})
    return evidence


# --- assumptions -------------------------------------------------------------------


def list_overrides(s: Session) -> dict[str, Override]:
    return s.repo.overrides()


def set_override(s: Session, key: str, *, low: float, high: float, note: str = "") -> Override:
    """Replace a published figure with the workspace's own (a real quote)."""
    repo = s._writable()
    for field, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
            raise FieldError(field, "must be a number of zero or more")
        if value > 1e9:
            raise FieldError(field, "is too large")
    if high < low:
        raise FieldError("high", "must not be below the low figure")
    o = Override(key, float(low), float(high), _clean_text(note, "note", MAX_TEXT, required=False), now())
    before = repo.overrides().get(key)
    with repo.transaction():
        repo.write_override(o)
        repo.log("override assumption", key,
                 {"low": before.low, "high": before.high} if before else None, {"low": o.low, "high": o.high})
    return o


def clear_override(s: Session, key: str) -> Override | None:
    repo = s._writable()
    before = repo.overrides().get(key)
    if before is None:
        return None
    with repo.transaction():
        repo.delete_override(key)
        repo.log("reset assumption", key, {"low": before.low, "high": before.high}, None)
    return before


# --- the log -----------------------------------------------------------------------


def activity(s: Session, limit: int | None = None) -> list[ActivityEntry]:
    """The activity log, newest first."""
    return s.repo.activity(limit)


# --- the estimate ------------------------------------------------------------------


def estimate(s: Session, *, today: dt.date | None = None) -> Any:
    """The plan for this workspace: criteria, report type, timeline, budget, readiness, checks.

    Returns a ``soc2wizard.estimate.model.PlanEstimate``.
    """
    from soc2wizard.estimate.plan import build_plan

    answers = s.repo.answers()
    return build_plan(
        answers, checklist(s, answers), list_scope(s), list_overrides(s),
        today=today or dt.date.today(), catalog=load_catalog(),
    )


def summary_json(s: Session, *, today: dt.date | None = None) -> dict[str, Any]:
    """The plan in the ``summary --json`` format of PRODUCT.md."""
    from soc2wizard.estimate.plan import summary_to_json

    return summary_to_json(estimate(s, today=today))


# --- helpers -----------------------------------------------------------------------


def _clean_text(value: Any, field: str, limit: int, *, required: bool = True, multiline: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FieldError(field, "must be text")
    if multiline:
        text = "\n".join(line.rstrip() for line in value.strip().replace("\r\n", "\n").split("\n"))
    else:
        text = " ".join(value.split())
    if required and not text:
        raise FieldError(field, "must not be empty")
    if len(text) > limit:
        raise FieldError(field, f"is {len(text):,} characters long; at most {limit:,} are allowed")
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise FieldError(field, "must not contain control characters")
    return text


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False)
