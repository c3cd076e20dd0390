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
from soc2wizard.services._common import MAX_SHORT, MAX_TEXT, clean_text
from soc2wizard.services.session import Session
from soc2wizard.store.workspace import WorkspaceError
from soc2wizard.store.repo import now

# --- the checklist -----------------------------------------------------------------


def custom_controls(s: Session) -> list[Control]:
    """The workspace's own controls (parsed once per session: checklists read them often)."""
    if s._custom is None:
        try:
            s._custom = [_control_from_body(b) for b in s.repo.custom_controls()]
        except (TypeError, ValueError, AttributeError) as exc:
            raise WorkspaceError(
                f"a custom control in {s.path.name} cannot be read ({exc}): it was changed outside soc2wizard; "
                "restore the backup or a JSON export"
            ) from None
    return list(s._custom)


def _control_from_body(body: dict[str, Any]) -> Control:
    fields = dict(body)
    for key in ("evidence", "applies_when", "criteria"):
        fields[key] = tuple(fields.get(key, ()))
    fields["frameworks"] = {k: tuple(v) for k, v in fields.get("frameworks", {}).items()}
    return Control(**fields)


CUSTOM_CONTROL_FIELDS = (
    "id",
    "title",
    "category",
    "description",
    "implementation",
    "evidence",
    "frequency",
    "owner_role",
    "effort_hours",
    "priority",
    "policy",
    "practice",
    "applies_when",
    "criteria",
    "frameworks",
)


def check_custom_control(body: Any, taken: Iterable[str] = (), *, path: str = "") -> dict[str, Any]:
    """The one check of a custom control, from any way in (the app, the CLI, a JSON restore).

    Every field must be there (a JSON restore with only id, title and
    criteria is refused); returns the body the workspace keeps, its text
    cleaned. FieldError names the field (under ``path``) of the first problem.
    """

    def at(name: str) -> str:
        return f"{path}.{name}" if path else name

    if not isinstance(body, dict):
        raise FieldError(path or "control", "must be an object")
    unknown = [k for k in body if k not in CUSTOM_CONTROL_FIELDS]
    if unknown:
        raise FieldError(at(str(unknown[0])), f"unknown field; expected one of: {', '.join(CUSTOM_CONTROL_FIELDS)}")
    for required in CUSTOM_CONTROL_FIELDS:  # a stored control is always complete (checklists read every field)
        if required not in body:
            raise FieldError(at(required), "is missing")
    cat = load_catalog()
    control_id = clean_text(body["id"], at("id"), 40)
    if control_id in cat.controls or control_id in set(taken):
        raise FieldError(at("id"), f"{control_id!r} is already used by another control")
    criteria = body["criteria"]
    if not isinstance(criteria, (list, tuple)) or not criteria:
        raise FieldError(at("criteria"), "needs a list of known criteria ids; none given")
    for i, c in enumerate(criteria):
        if not isinstance(c, str) or c not in cat.criteria:
            raise FieldError(at(f"criteria[{i}]"), f"{str(c)[:40]!r} is not a known criterion id")

    def text_list(name: str) -> list[str]:
        value = body.get(name, [])
        if not isinstance(value, (list, tuple)) or len(value) > 100:
            raise FieldError(at(name), "must be a list of at most 100 texts")
        return [clean_text(v, f"{at(name)}[{i}]", MAX_SHORT * 2) for i, v in enumerate(value)]

    frequency = body.get("frequency", "once")
    if frequency not in vocab.FREQUENCIES:
        raise FieldError(at("frequency"), f"{str(frequency)[:40]!r} is not one of: {', '.join(vocab.FREQUENCIES)}")
    priority = body.get("priority", 2)
    if isinstance(priority, bool) or priority not in (1, 2, 3):
        raise FieldError(at("priority"), "must be 1, 2 or 3")
    effort = body.get("effort_hours", 4)
    if isinstance(effort, bool) or not isinstance(effort, int) or not 0 <= effort <= 10_000:
        raise FieldError(at("effort_hours"), "must be a whole number between 0 and 10,000")
    policy = body.get("policy", False)
    if not isinstance(policy, bool):
        raise FieldError(at("policy"), "must be true or false")
    practice = body.get("practice")
    if practice is not None and practice not in vocab.PRACTICES:
        raise FieldError(at("practice"), f"{str(practice)[:40]!r} is not one of: {', '.join(vocab.PRACTICES)}")
    frameworks = body.get("frameworks", {})
    if not isinstance(frameworks, dict) or not all(
        isinstance(k, str) and isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v)
        for k, v in frameworks.items()
    ):
        raise FieldError(at("frameworks"), "must map framework ids to lists of requirement ids")
    return {
        "id": control_id,
        "title": clean_text(body["title"], at("title"), MAX_SHORT),
        "category": clean_text(body.get("category", "operations"), at("category"), 60),
        "description": clean_text(
            body.get("description", ""), at("description"), MAX_TEXT, required=False, multiline=True
        ),
        "implementation": clean_text(
            body.get("implementation", ""), at("implementation"), MAX_TEXT, required=False, multiline=True
        ),
        "evidence": text_list("evidence"),
        "frequency": frequency,
        "owner_role": clean_text(body.get("owner_role", ""), at("owner_role"), MAX_SHORT, required=False),
        "effort_hours": effort,
        "priority": priority,
        "policy": policy,
        "practice": practice,
        "applies_when": text_list("applies_when"),
        "criteria": list(criteria),
        "frameworks": {k: list(v) for k, v in frameworks.items()},
    }


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
    body = check_custom_control(
        {
            "id": id,
            "title": title,
            "criteria": list(criteria),
            "category": category,
            "description": description,
            "implementation": implementation,
            "evidence": list(evidence),
            "frequency": frequency,
            "owner_role": owner_role,
            "effort_hours": effort_hours,
            "priority": priority,
            "policy": False,
            "practice": None,
            "applies_when": [],
            "frameworks": {},
        },
        repo.custom_control_ids(),
    )
    with repo.transaction():
        repo.write_custom_control(body)
        repo.log("add custom control", body["id"], None, body)
    s._custom = None
    return _control_from_body(body)


def add_custom_controls(s: Session, bodies: Iterable[dict[str, Any]]) -> int:
    """Add many custom controls in one transaction (imports, large test workspaces); all or none."""
    repo = s._writable()
    taken = set(repo.custom_control_ids())
    checked = []
    for i, body in enumerate(bodies):
        clean = check_custom_control(body, taken, path=f"controls[{i}]")
        taken.add(clean["id"])
        checked.append(clean)
    with repo.transaction():
        for clean in checked:
            repo.write_custom_control(clean)
        repo.log("add custom controls", f"{len(checked)} controls", None, {"count": len(checked)})
    s._custom = None
    return len(checked)


def applicable_controls(s: Session, answers: Answers | None = None) -> list[Control]:
    """Controls that apply to the chosen criteria and profile, foundational first."""
    # Here, not at the top: opening a workspace (which checks evidence ids) need not load the estimate.
    from soc2wizard.estimate.criteria import selected_criteria

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
    _add_acknowledgements(s, counts, occurrences)
    return [
        ChecklistRow(
            control=c,
            state=states.get(c.id) or ControlState(c.id),
            evidence_count=counts.get(c.id, 0),
            occurrences=tuple(occurrences.get(c.id, ())),
        )
        for c in applicable_controls(s, answers)
    ]


def _add_acknowledgements(s: Session, counts: dict[str, int], occurrences: dict[str, list[dt.date]]) -> None:
    """Policy acknowledgements (Policies view) are PPL-02's evidence: each counts as an item and an occurrence.

    Done here, in the one checklist read, so the app, ``summary --json`` and the PDF count them alike.
    """
    from soc2wizard.domain.deliverables import ACKNOWLEDGEMENT_CONTROL  # here: opening need not load it
    from soc2wizard.store.deliverables import acknowledgement_days

    days = acknowledgement_days(s.repo.db)
    if days:
        cid = ACKNOWLEDGEMENT_CONTROL
        counts[cid] = counts.get(cid, 0) + len(days)
        occurrences[cid] = sorted([*occurrences.get(cid, ()), *days])


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
    if after.status != "not_applicable" and "na_reason" not in changes:
        after = replace(after, na_reason="")
    return check_state(after)


def check_state(state: ControlState, path: str = "") -> ControlState:
    """The one check of a control state, from any way in (the app, the CLI, CSV, a JSON restore)."""

    def at(name: str) -> str:
        return f"{path}.{name}" if path else name

    if state.status not in vocab.STATUSES:
        raise FieldError(at("status"), f"{str(state.status)[:40]!r} is not one of: {', '.join(vocab.STATUSES)}")
    state = replace(
        state,
        owner=clean_text(state.owner, at("owner"), MAX_SHORT, required=False),
        notes=clean_text(state.notes, at("notes"), MAX_TEXT, required=False, multiline=True),
        na_reason=clean_text(state.na_reason, at("na_reason"), MAX_TEXT, required=False, multiline=True),
    )
    if state.due_date is not None and not 2000 <= state.due_date.year <= 2100:
        raise FieldError(at("due_date"), "must be a date between the years 2000 and 2100")
    if state.status == "not_applicable" and not state.na_reason:
        raise FieldError(at("na_reason"), "say why the control does not apply before marking it not applicable")
    return state


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
