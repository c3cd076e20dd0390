"""The control checklist: applicable controls, their states, custom controls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from soc2wizard.catalog import load_catalog
from soc2wizard.domain import vocab
from soc2wizard.domain.answers import (
    Answers,
    parse_date,
)
from soc2wizard.domain.catalog import Control
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.records import (
    ChecklistRow,
    ControlState,
)
from soc2wizard.estimate.criteria import selected_criteria
from soc2wizard.services._common import MAX_SHORT, MAX_TEXT, clean_text
from soc2wizard.services.session import Session
from soc2wizard.store.repo import now

# --- the checklist -----------------------------------------------------------------


def custom_controls(s: Session) -> list[Control]:
    """The workspace's own controls (parsed once per session: checklists read them often)."""
    if s._custom is None:
        s._custom = [_control_from_body(b) for b in s.repo.custom_controls()]
    return list(s._custom)


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
    control_id = clean_text(id, "id", 40)
    if control_id in cat.controls or control_id in repo.custom_control_ids():
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
        "id": control_id,
        "title": clean_text(title, "title", MAX_SHORT),
        "category": category,
        "description": clean_text(description, "description", MAX_TEXT, required=False, multiline=True),
        "implementation": clean_text(implementation, "implementation", MAX_TEXT, required=False, multiline=True),
        "evidence": list(evidence),
        "frequency": frequency,
        "owner_role": owner_role,
        "effort_hours": int(effort_hours),
        "priority": priority,
        "policy": False,
        "practice": None,
        "applies_when": [],
        "criteria": list(criteria),
        "frameworks": {},
    }
    with repo.transaction():
        repo.write_custom_control(body)
        repo.log("add custom control", control_id, None, body)
    s._custom = None
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
    s._custom = None
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


def control_states(s: Session) -> dict[str, ControlState]:
    """Every saved control state by control id (controls never edited have none)."""
    return s.repo.control_states()


STATE_FIELDS = ("status", "owner", "due_date", "notes", "na_reason")


def known_control(s: Session, *control_ids: str) -> None:
    """FieldError naming the first id that is neither in the catalog nor a custom control."""
    catalog_ids = load_catalog().controls
    unknown = [c for c in control_ids if c not in catalog_ids]
    if unknown:
        custom = set(s.repo.custom_control_ids())
        for cid in unknown:
            if cid not in custom:
                raise FieldError("control", f"no control with id {cid!r}")


def next_state(current: ControlState, changes: dict[str, Any]) -> ControlState:
    unknown = set(changes) - set(STATE_FIELDS)
    if unknown:
        raise FieldError(sorted(unknown)[0], f"unknown field; expected one of: {', '.join(STATE_FIELDS)}")
    values: dict[str, Any] = {}
    if "status" in changes:
        if changes["status"] not in vocab.STATUSES:
            raise FieldError("status", f"{changes['status']!r} is not one of: {', '.join(vocab.STATUSES)}")
        values["status"] = changes["status"]
    if "owner" in changes:
        values["owner"] = clean_text(changes["owner"], "owner", MAX_SHORT, required=False)
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
        values["notes"] = clean_text(changes["notes"], "notes", MAX_TEXT, required=False, multiline=True)
    if "na_reason" in changes:
        values["na_reason"] = clean_text(changes["na_reason"], "na_reason", MAX_TEXT, required=False, multiline=True)
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
    known_control(s, *control_ids)
    results = []
    with repo.transaction():
        for cid in control_ids:
            before = repo.control_state(cid)
            after = next_state(before, changes)
            repo.write_control_state(after)
            repo.log(
                "update control", cid, {k: getattr(before, k) for k in changes}, {k: getattr(after, k) for k in changes}
            )
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
            repo.log(
                "restore control",
                state.control_id,
                {k: getattr(before, k) for k in STATE_FIELDS},
                {k: getattr(state, k) for k in STATE_FIELDS},
            )
