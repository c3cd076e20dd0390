"""The one API the desktop app and the command line call: one call per user action.

Each write is one transaction that also appends to the activity log, so a
call that returns has been saved, and a call that raises changed nothing.
Reads return domain objects; nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
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
from soc2wizard.store.fileformat import APPLICATION_ID
from soc2wizard.store.workspace import PassphraseRequired, WorkspaceError, WrongPassphrase

__all__ = [
    "AnswersError",
    "FieldError",
    "PassphraseRequired",
    "Session",
    "WorkspaceError",
    "WrongPassphrase",
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
        # Set by open_workspace: who else has the file open (then read_only is
        # True and the app shows a banner), whether it is encrypted, and the
        # lock held while this session may write.
        self.locked_by: str | None = None
        self.encrypted = False
        self._lock: Any = None
        self.closed = False
        self.notices: list[str] = []  # things the user should be told (keychain not used, ...)
        self._custom: list[Control] | None = None  # parsed custom controls, reset when they change

    @property
    def workspace_id(self) -> str:
        return self.repo.meta("workspace_id") or ""

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        store.checkpoint_and_close(self.repo.db)
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _writable(self) -> Repo:
        if self.read_only:
            why = f" because {self.locked_by} has it open" if self.locked_by else ""
            raise WorkspaceError(f"{self.path.name} is open read-only{why}; nothing was changed")
        return self.repo


def catalog() -> Catalog:
    return load_catalog()


# --- files -----------------------------------------------------------------------


def create_workspace(
    path: Path | str,
    answers: Answers | None = None,
    *,
    name: str | None = None,
    passphrase: str | None = None,
    remember: bool = False,
) -> Session:
    """Create a new workspace file for a company and open it.

    The file appears only when complete: a failure leaves nothing behind.
    With ``passphrase`` the whole file is encrypted (SQLCipher); ``remember``
    keeps the passphrase in the keychain (if that fails, ``session.notices``
    says why and the workspace is still created).
    """
    path = Path(path)
    if answers is None:
        answers = parse_answers(
            {"format": "soc2wizard-answers/1", "company": {"name": name if name is not None else ""}}
        )

    def fill(repo: Repo) -> None:
        repo.write_answers(answers)
        repo.log("create workspace", answers.company.name, after=answers_to_json(answers))
        _mark_practices(repo, answers, frozenset())

    return _build_workspace(path, fill, passphrase=passphrase, remember=remember)


def _build_workspace(path: Path, fill: Callable[[Repo], None], *, passphrase: str | None, remember: bool) -> Session:
    """Write a new workspace with ``fill`` in one transaction, then open it.

    The file appears only when complete (store.building), encrypted when a
    passphrase is given; ``remember`` keeps that passphrase in the keychain.
    """
    connect = store._plain_connect
    if passphrase is not None:
        from soc2wizard.store import crypto

        connect = crypto.encrypted_connect(crypto.check_passphrase(passphrase))
    with store.building(path) as tmp:
        db = store.new_database(tmp, connect)
        try:
            repo = Repo(db)
            with repo.transaction():
                fill(repo)
        finally:
            store.checkpoint_and_close(db)
    s = open_workspace(path, passphrase=passphrase)
    if passphrase is not None and remember:
        s.notices.append(_remember(s, passphrase))
    return s


def open_workspace(path: Path | str, *, read_only: bool = False, passphrase: str | None = None) -> Session:
    """Open a workspace, applying migrations; WorkspaceError if it cannot be.

    An encrypted file is opened with ``passphrase``, else with the one in
    SOC2WIZARD_PASSPHRASE, else with the one remembered in the keychain;
    with none of them PassphraseRequired (whose ``reason`` says why the
    keychain did not help) asks the caller to ask the user, and a passphrase
    that does not open it raises WrongPassphrase (a PassphraseRequired too).

    If another soc2wizard has the file open for writing, the session opens
    read-only instead of failing: ``read_only`` is True and ``locked_by``
    says who (the app shows it in a banner).
    """
    path = Path(path)
    encrypted, connect, source = _unlock(path, passphrase)
    lock = None
    locked_by = None
    if not read_only:
        from soc2wizard.store.lock import WorkspaceLock

        lock = WorkspaceLock(path)
        if not lock.acquire():
            locked_by = lock.holder()
            read_only, lock = True, None
    try:
        db = store.open_database(path, connect, check=False)
    except Exception as exc:
        if lock is not None:
            lock.release()
        if encrypted and not isinstance(exc, WorkspaceError):
            from soc2wizard.store import crypto

            if isinstance(exc, crypto.errors()):
                raise WorkspaceError(f"{path.name} cannot be opened: {exc}") from None
        raise
    s = Session(path, Repo(db), read_only=read_only)
    s._lock, s.locked_by, s.encrypted = lock, locked_by, encrypted
    if encrypted and source != "keychain":
        from soc2wizard import secrets

        try:
            secrets.note_path(path, s.workspace_id)
        except secrets.KeychainUnavailable:
            pass
    return s


def _read_text_file(path: Path, what: str) -> str:
    """A UTF-8 file's text; FieldError naming the file when it is missing or unreadable."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FieldError(str(path), f"no such {what}") from None
    except IsADirectoryError:
        raise FieldError(str(path), f"is a folder, not a {what}") from None
    except UnicodeDecodeError:
        raise FieldError(str(path), "is not UTF-8 text") from None
    except OSError as exc:
        raise FieldError(str(path), f"cannot be read ({exc.strerror})") from None


def read_answers_file(path: Path | str) -> Answers:
    """Parse an answers file; AnswersError names the field, FieldError the file."""
    return loads_answers(_read_text_file(Path(path), "answers file"))


# --- answers: profile and plan choices ----------------------------------------------

# Service keyword → (section, key) in the soc2wizard-answers/1 document.
PROFILE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("company", "name"),
    "industry": ("company", "industry"),
    "employees": ("company", "employees"),
    "engineers": ("company", "engineers"),
    "offices": ("company", "offices"),
    "pci_level": ("company", "pci_level"),
    "data": ("data",),
    "hosting": ("hosting",),
    "enterprise": ("customers", "enterprise"),
    "consumers": ("customers", "consumers"),
    "government": ("customers", "government"),
    "us_federal": ("customers", "us_federal"),
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
    """A practice newly declared in place marks the untouched controls it covers implemented.

    What a practice covers is ``soc2wizard.domain.practices``: the controls
    tagged with it and the related ones it really implies.
    """
    from soc2wizard.domain.practices import implied_controls

    added = answers.practices - before
    if not added:
        return
    states = repo.control_states()
    tagged = [(c.id, c.practice) for c in load_catalog().controls.values()]
    for control_id, practice in implied_controls(added, tagged).items():
        if control_id not in states:
            state = ControlState(control_id, status="implemented", updated_at=now())
            repo.write_control_state(state)
            repo.log(
                "mark implemented from profile",
                control_id,
                {"status": "not_started"},
                {"status": "implemented", "practice": practice},
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
        repo.log("update settings", ", ".join(clean), {k: getattr(before, k) for k in clean}, clean)
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
        repo.log(
            "set firm logo" if image else "remove firm logo", "firm_logo", None, {"size": len(image)} if image else None
        )
    return repo.settings()


def firm_logo(s: Session) -> bytes | None:
    value = s.repo.setting("firm_logo")
    return bytes(value) if value is not None else None


# --- scope -------------------------------------------------------------------------

_SCOPE_EDITABLE = (
    "name",
    "description",
    "in_scope",
    "customer_data",
    "internal_only",
    "exclusion_reason",
    "method",
    "reviewed",
)


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
        exclusion_reason=_clean_text(
            item.exclusion_reason, "exclusion_reason", MAX_TEXT, required=False, multiline=True
        ),
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
        repo.log(
            f"update {after.kind}",
            after.name,
            {k: getattr(before, k) for k in changes},
            {k: getattr(after, k) for k in changes},
        )
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
    control_id = _clean_text(id, "id", 40)
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
        "title": _clean_text(title, "title", MAX_SHORT),
        "category": category,
        "description": _clean_text(description, "description", MAX_TEXT, required=False, multiline=True),
        "implementation": _clean_text(implementation, "implementation", MAX_TEXT, required=False, multiline=True),
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


_STATE_FIELDS = ("status", "owner", "due_date", "notes", "na_reason")


def _known_control(s: Session, *control_ids: str) -> None:
    """FieldError naming the first id that is neither in the catalog nor a custom control."""
    catalog_ids = load_catalog().controls
    unknown = [c for c in control_ids if c not in catalog_ids]
    if unknown:
        custom = set(s.repo.custom_control_ids())
        for cid in unknown:
            if cid not in custom:
                raise FieldError("control", f"no control with id {cid!r}")


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
        values["na_reason"] = _clean_text(changes["na_reason"], "na_reason", MAX_TEXT, required=False, multiline=True)
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
    _known_control(s, *control_ids)
    results = []
    with repo.transaction():
        for cid in control_ids:
            before = repo.control_state(cid)
            after = _next_state(before, changes)
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
                {k: getattr(before, k) for k in _STATE_FIELDS},
                {k: getattr(state, k) for k in _STATE_FIELDS},
            )


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
    s: Session,
    control_id: str,
    *,
    name: str,
    content: bytes,
    occurred_on: dt.date | str | None = None,
    note: str = "",
) -> Evidence:
    """Keep a file's bytes in the workspace with its SHA-256 and size."""
    repo = s._writable()
    _known_control(s, control_id)
    if len(content) > MAX_EVIDENCE_BYTES:
        raise FieldError(
            "evidence",
            f"{name} is {len(content) / 1048576:,.1f} MB; files up to "
            f"{MAX_EVIDENCE_BYTES // 1048576} MB can be kept in the workspace (add a link instead)",
        )
    import hashlib  # here, not at the top: loading OpenSSL costs start-up ~2 ms

    e = Evidence(
        id=0,
        control_id=control_id,
        kind="file",
        name=_clean_text(name, "name", MAX_SHORT),
        added_at=now(),
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        occurred_on=_occurred(occurred_on),
        note=_clean_text(note, "note", MAX_TEXT, required=False),
    )
    with repo.transaction():
        e = replace(e, id=repo.write_evidence(e, content))
        repo.log("add evidence file", control_id, None, {"name": e.name, "sha256": e.sha256, "size": e.size})
    return e


def add_evidence_file(
    s: Session, control_id: str, path: Path | str, *, occurred_on: dt.date | str | None = None, note: str = ""
) -> Evidence:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_EVIDENCE_BYTES:
            raise FieldError(
                "evidence",
                f"{path.name} is {size / 1048576:,.1f} MB; files up to "
                f"{MAX_EVIDENCE_BYTES // 1048576} MB can be kept in the workspace (add a link instead)",
            )
        content = path.read_bytes()
    except OSError as exc:
        raise FieldError("evidence", f"{path} cannot be read ({exc.strerror})") from None
    return add_evidence_bytes(s, control_id, name=path.name, content=content, occurred_on=occurred_on, note=note)


def add_evidence_link(
    s: Session, control_id: str, url: str, *, name: str = "", occurred_on: dt.date | str | None = None, note: str = ""
) -> Evidence:
    repo = s._writable()
    _known_control(s, control_id)
    url = _clean_text(url, "url", 2_000)
    if "://" not in url and not url.startswith("mailto:"):
        raise FieldError("url", "must be a full address such as https://…")
    e = Evidence(
        id=0,
        control_id=control_id,
        kind="link",
        name=_clean_text(name or url, "name", MAX_SHORT),
        added_at=now(),
        url=url,
        occurred_on=_occurred(occurred_on),
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
        repo.log(
            "override assumption",
            key,
            {"low": before.low, "high": before.high} if before else None,
            {"low": o.low, "high": o.high},
        )
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


def estimate(s: Session, *, today: dt.date | None = None, rows: Sequence[ChecklistRow] | None = None) -> Any:
    """The plan for this workspace: criteria, report type, timeline, budget, readiness, checks.

    Returns a ``soc2wizard.estimate.model.PlanEstimate``. ``rows`` may pass a
    checklist just read with ``checklist(s)`` so it is not read twice.
    """
    from soc2wizard.estimate.plan import build_plan

    answers = s.repo.answers()
    return build_plan(
        answers,
        list(rows) if rows is not None else checklist(s, answers),
        list_scope(s),
        list_overrides(s),
        today=today or dt.date.today(),
        catalog=load_catalog(),
    )


def summary_json(s: Session, *, today: dt.date | None = None) -> dict[str, Any]:
    """The plan in the ``summary --json`` format of PRODUCT.md."""
    from soc2wizard.estimate.plan import summary_to_json

    return summary_to_json(estimate(s, today=today))


# --- protection ---------------------------------------------------------------------

PASSPHRASE_ENV = "SOC2WIZARD_PASSPHRASE"


def _unlock(path: Path, passphrase: str | None) -> tuple[bool, Any, str]:
    """Check ``path`` read-only; for an encrypted file find a passphrase that opens it.

    Returns (encrypted, connection factory, where the passphrase came from).
    """
    try:
        store.check_file(path)
        return False, store._plain_connect, ""
    except store.PassphraseRequired as exc:
        required = exc
    from soc2wizard.store import crypto

    if not crypto.available():
        raise WorkspaceError(
            f"{path.name} is encrypted (or is not a workspace); opening encrypted workspaces needs the "
            "sqlcipher3 package, which installs with soc2wizard (pip install sqlcipher3)"
        )
    source = "given"
    reason = ""
    if passphrase is None and os.environ.get(PASSPHRASE_ENV):
        passphrase, source = os.environ[PASSPHRASE_ENV], "environment"
    if passphrase is None:
        from soc2wizard import secrets

        try:
            passphrase, source = secrets.remembered(path), "keychain"
            if passphrase is None:
                reason = "no passphrase is remembered for it on this machine"
        except secrets.KeychainUnavailable as why:
            reason = str(why)
    if passphrase is None:
        raise store.PassphraseRequired(str(required), reason)
    try:
        crypto.check_encrypted(path, passphrase)
    except store.WrongPassphrase:
        if source == "keychain":
            raise store.WrongPassphrase(
                f"the passphrase remembered for {path.name} no longer opens it; enter its passphrase",
                "the remembered passphrase no longer opens it (changed on another machine?)",
            ) from None
        if source == "environment":
            raise store.WrongPassphrase(f"wrong passphrase for {path.name} (from {PASSPHRASE_ENV})") from None
        raise
    return True, crypto.encrypted_connect(passphrase), source


def is_encrypted(s: Session) -> bool:
    return s.encrypted


def encryption_available() -> str:
    """ "" when workspaces can be encrypted here, else why not (sqlcipher3 missing)."""
    from soc2wizard.store import crypto

    try:
        crypto._sqlcipher()
    except WorkspaceError as exc:
        return str(exc)
    return ""


def _remember(s: Session, passphrase: str) -> str:
    """Keep the passphrase in the keychain; returns what to tell the user."""
    from soc2wizard import secrets

    try:
        secrets.remember(s.path, s.workspace_id, passphrase)
    except secrets.KeychainUnavailable as why:
        return f"The passphrase was not remembered: {why}. You will be asked for it when opening {s.path.name}."
    return "The passphrase is kept in this machine's keychain; on another machine, enter it."


def _forget(s: Session) -> str:
    from soc2wizard import secrets

    try:
        secrets.forget(s.path, s.workspace_id)
    except secrets.KeychainUnavailable as why:
        return f"The keychain could not be updated: {why}."
    return ""


def passphrase_remembered(s: Session) -> bool:
    """Whether this machine's keychain holds the workspace's passphrase (False if no keychain)."""
    from soc2wizard import secrets

    try:
        return secrets.is_remembered(s.workspace_id)
    except secrets.KeychainUnavailable:
        return False


def remember_passphrase(s: Session, passphrase: str | None) -> str:
    """Keep (or with None, forget) the passphrase in the keychain; returns what to tell the user."""
    if not s.encrypted:
        raise WorkspaceError(f"{s.path.name} is not encrypted")
    if passphrase is None:
        return _forget(s) or "The passphrase is no longer remembered on this machine."
    from soc2wizard.store import crypto

    crypto.check_encrypted(s.path, passphrase)
    return _remember(s, passphrase)


def encrypt_workspace(s: Session, passphrase: str, *, remember: bool = False) -> str:
    """Encrypt the whole file with ``passphrase``; returns what to tell the user.

    The encrypted copy is written beside the file and checked before it
    replaces the original; any failure leaves the original as it was.
    """
    if s.encrypted:
        raise WorkspaceError(f"{s.path.name} is already encrypted; change its passphrase instead")
    from soc2wizard.store import crypto

    crypto.check_passphrase(passphrase)
    _rewrite(s, passphrase, "encrypt workspace")
    message = f"{s.path.name} is now encrypted."
    if remember:
        message += " " + _remember(s, passphrase)
    return message


def change_passphrase(s: Session, new: str, *, remember: bool | None = None) -> str:
    """Re-encrypt with a new passphrase. ``remember`` None keeps the keychain's choice."""
    if not s.encrypted:
        raise WorkspaceError(f"{s.path.name} is not encrypted; encrypt it first")
    from soc2wizard.store import crypto

    crypto.check_passphrase(new, "new passphrase")
    if remember is None:
        remember = passphrase_remembered(s)
    _rewrite(s, new, "change passphrase")
    message = f"The passphrase of {s.path.name} was changed."
    if remember:
        return message + " " + _remember(s, new)
    note = _forget(s)
    return message + (" " + note if note else "")


def remove_encryption(s: Session) -> str:
    """Write the workspace back as a plain SQLite file and forget its passphrase."""
    if not s.encrypted:
        raise WorkspaceError(f"{s.path.name} is not encrypted")
    _rewrite(s, None, "remove encryption")
    note = _forget(s)
    return f"{s.path.name} is no longer encrypted; any SQLite tool can read it." + (" " + note if note else "")


def _rewrite(s: Session, passphrase: str | None, action: str) -> None:
    """Replace the file by a checked copy under another key, keeping the session open on it."""
    s._writable()
    from soc2wizard.store import crypto
    from soc2wizard.store.db import Db

    sc = crypto._sqlcipher()
    path, conn = s.path, s.repo.db.conn
    # Fold the write-ahead log into the file so that the file alone is complete.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")

    def log(copy: Any) -> None:
        Repo(Db(copy)).log(action, path.name, {"encrypted": s.encrypted}, {"encrypted": passphrase is not None})

    try:
        with crypto.temp_beside(path) as tmp:
            source = conn if s.encrypted else sc.connect(str(path), check_same_thread=False)
            try:
                crypto.export_copy(source, tmp, passphrase, after_export=log)
            finally:
                if source is not conn:
                    source.close()
            try:
                if os.name == "nt":  # pragma: no cover - an open file cannot be replaced there
                    store.checkpoint_and_close(s.repo.db)
                crypto.replace_file(tmp, path)
            except OSError as exc:
                raise WorkspaceError(
                    f"{path.name} could not be replaced ({exc.strerror or exc}); the original is unchanged"
                ) from None
    except WorkspaceError as exc:
        with contextlib.suppress(Exception):
            conn.execute("PRAGMA journal_mode = WAL")
        message = str(exc)
        if "unchanged" not in message and "not changed" not in message:
            message += f"; {path.name} was not changed"
        raise WorkspaceError(message) from None
    with contextlib.suppress(Exception):
        s.repo.db.close()
    connect = crypto.encrypted_connect(passphrase) if passphrase is not None else store._plain_connect
    actor = s.repo.actor_name
    s.repo = Repo(store.open_database(path, connect, check=False))
    s.repo.actor_name = actor
    s.encrypted = passphrase is not None


# Evidence integrity -----------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceProblem:
    """A kept file whose bytes no longer match the SHA-256 (or size) recorded when added."""

    evidence_id: int
    control_id: str
    name: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"evidence {self.evidence_id} ({self.control_id}, {self.name}): {self.actual}, expected {self.expected}"


@dataclass(frozen=True)
class VerifyResult:
    path: Path
    integrity: tuple[str, ...]  # ("ok",) when PRAGMA integrity_check finds nothing
    files_checked: int
    problems: tuple[EvidenceProblem, ...]

    @property
    def ok(self) -> bool:
        return self.integrity == ("ok",) and not self.problems

    def lines(self) -> list[str]:
        """What to show: one line per finding, or one line saying all is well."""
        if self.ok:
            return [
                f"{self.path.name}: file integrity ok; {self.files_checked} evidence "
                f"file{'s' if self.files_checked != 1 else ''} match their SHA-256"
            ]
        out = [f"{self.path.name}: integrity check: {m}" for m in self.integrity if m != "ok"]
        out += [f"{self.path.name}: {p}" for p in self.problems]
        return out


def verify_workspace(target: Session | Path | str, *, passphrase: str | None = None) -> VerifyResult:
    """Check the whole file (PRAGMA integrity_check) and every kept file's SHA-256 and size.

    Takes an open session or a path (opened for reading only; an encrypted one
    with ``passphrase`` or as open_workspace finds it). Reports, never repairs.
    """
    if isinstance(target, Session):
        return _verify(target.path, target.repo.db.conn)
    path = Path(target)
    header = None
    try:
        header = store._header_version(path)
    except OSError as exc:
        raise WorkspaceError(f"{path}: cannot be read ({exc.strerror})") from None
    if header is not None:
        if header[0] != APPLICATION_ID:
            raise WorkspaceError(f"{path.name} is an SQLite database but not a soc2wizard workspace")
        import sqlite3

        conn: Any = sqlite3.connect(str(path))
    else:
        try:
            store.check_file(path)
        except store.PassphraseRequired:
            pass
        encrypted, connect, _ = _unlock(path, passphrase)
        conn = connect(str(path))
    try:
        return _verify(path, conn)
    finally:
        conn.close()


def _verify(path: Path, conn: Any) -> VerifyResult:
    import hashlib

    integrity = tuple(r[0] for r in conn.execute("PRAGMA integrity_check(100)").fetchall())
    problems: list[EvidenceProblem] = []
    checked = 0
    ids = [r[0] for r in conn.execute("SELECT id FROM evidence WHERE kind = 'file' ORDER BY id")]
    for evidence_id in ids:  # one blob in memory at a time
        eid, cid, name, sha, size, content = conn.execute(
            "SELECT id, control_id, name, sha256, size, content FROM evidence WHERE id = ?", [evidence_id]
        ).fetchone()
        checked += 1
        if content is None:
            problems.append(EvidenceProblem(eid, cid, name, f"SHA-256 {sha}", "the file's content is missing"))
            continue
        content = bytes(content)
        actual = hashlib.sha256(content).hexdigest()
        if actual != sha:
            problems.append(EvidenceProblem(eid, cid, name, f"SHA-256 {sha}", f"SHA-256 is {actual}"))
        elif size is not None and len(content) != size:
            problems.append(EvidenceProblem(eid, cid, name, f"{size:,} bytes", f"{len(content):,} bytes"))
    return VerifyResult(path, integrity, checked, tuple(problems))


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
    return " ".join([e.at, e.actor, e.action, e.target, _log_value(e.before), _log_value(e.after)])


def _log_value(value: Any) -> str:
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
        w.writerow(
            [_csv_cell(v) for v in (e.at, e.actor, e.action, e.target, _log_value(e.before), _log_value(e.after))]
        )
    write_file_atomic(Path(path), buf.getvalue().encode("utf-8-sig"))
    return len(rows)


def _csv_cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: all or nothing.

    A full disk or a read-only folder raises WorkspaceError naming the cause;
    an existing file at ``path`` is then left as it was.
    """
    from soc2wizard.fileio import temp_beside

    try:
        with temp_beside(path, WorkspaceError) as tmp:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
    except OSError as exc:
        raise WorkspaceError(f"{path} could not be written ({exc.strerror or exc}); nothing was changed") from None


# --- exports -----------------------------------------------------------------------


def prepare_report(s: Session, *, today: dt.date | None = None) -> Any:
    """The PDF's report model (``soc2wizard.report.model.Report``), read from the workspace now.

    Call it on the thread that owns the session; ``render_pdf`` then needs
    nothing but the model, so it can run on a worker thread.
    """
    from soc2wizard.report.model import build_report, gather

    today = today or dt.date.today()
    return build_report(gather(s), estimate(s, today=today), today)


def render_pdf(report: Any, out_path: Path | str, *, progress: Any = None, password: str | None = None) -> Path:
    """Write a prepared report as a PDF, atomically; ``progress(percent, text)`` is called on the way."""
    from soc2wizard.report.pdf import write_pdf

    return write_pdf(report, out_path, progress=progress, password=password)


def export_pdf(
    s: Session, out_path: Path | str, *, today: dt.date | None = None, progress: Any = None, password: str | None = None
) -> Path:
    """The readiness plan as a PDF (AES-256 protected when ``password`` is given)."""
    if progress is not None:
        progress(1, "Reading the workspace")
    return render_pdf(prepare_report(s, today=today), out_path, progress=progress, password=password)


def _plan_rows(s: Session) -> list[Any]:
    from soc2wizard.report.model import control_rows

    return control_rows(checklist(s), dt.date.today())


def export_csv(s: Session, path: Path | str) -> int:
    """The checklist as a CSV plan of action and milestones; returns the number of controls."""
    from soc2wizard.report.tabular import write_csv

    rows = _plan_rows(s)
    write_csv(rows, path)
    return len(rows)


def export_xlsx(s: Session, path: Path | str) -> int:
    """The checklist as an Excel workbook; returns the number of controls."""
    from soc2wizard.report.tabular import write_xlsx

    rows = _plan_rows(s)
    write_xlsx(rows, path, company=s.repo.answers().company.name)
    return len(rows)


def dump_workspace(s: Session) -> dict[str, Any]:
    """Everything in the workspace as a ``soc2wizard-workspace/1`` document (evidence bytes in base64)."""
    from soc2wizard.report.dump import WorkspaceDump, to_json

    repo = s.repo
    st = repo.settings()
    states = repo.control_states()
    w = WorkspaceDump(
        answers=repo.answers(),
        settings={k: getattr(st, k) for k in SETTINGS_FIELDS if getattr(st, k)},
        logo=firm_logo(s),
        scope=tuple(repo.scope()),
        overrides=tuple(o for _, o in sorted(repo.overrides().items())),
        custom_controls=tuple(repo.custom_controls()),
        states=tuple(states[k] for k in sorted(states)),
        evidence=tuple((e, repo.evidence_content(e.id)) for e in repo.evidence()),
        activity=tuple(reversed(repo.activity())),
    )
    return to_json(w, workspace_id=s.workspace_id, exported_at=now())


def export_json(s: Session, path: Path | str) -> Path:
    """The whole workspace as JSON, importable with ``create_from_dump`` (``new --from-json``)."""
    from soc2wizard.report import atomic_output

    path = Path(path)
    text = json.dumps(dump_workspace(s), ensure_ascii=False, indent=1)
    with atomic_output(path, "JSON export") as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")
    return path


def read_dump_file(path: Path | str) -> dict[str, Any]:
    """Read a JSON export; FieldError names the file, or the line and column of a syntax error."""
    path = Path(path)
    text = _read_text_file(path, "JSON export")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FieldError(str(path), f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(doc, dict):
        raise FieldError(str(path), "must hold a JSON object (a soc2wizard workspace export)")
    return doc


def create_from_dump(
    path: Path | str, doc: dict[str, Any], *, passphrase: str | None = None, remember: bool = False
) -> Session:
    """Restore a JSON export into a new workspace file: everything, including evidence and the log.

    The dump is checked in full first (FieldError names the JSON path of a bad
    value); the file appears only when complete.
    """
    from soc2wizard.report.dump import parse_dump

    path = Path(path)
    d = parse_dump(doc, load_catalog())

    def fill(repo: Repo) -> None:
        repo.write_answers(d.answers)
        for key, value in d.settings.items():
            repo.set_setting(key, value)
        if d.logo is not None:
            repo.set_setting("firm_logo", d.logo)
        for item in d.scope:
            repo.write_scope_item(item)
        for o in d.overrides:
            repo.write_override(o)
        for body in d.custom_controls:
            repo.write_custom_control(body)
        for state in d.states:
            repo.write_control_state(state)
        for e, content in d.evidence:
            repo.write_evidence(e, content)
        for entry in d.activity:
            repo.insert_activity(entry)
        exported = doc.get("exported")
        repo.log(
            "restore from JSON",
            d.answers.company.name,
            None,
            {
                "from": (exported or {}).get("workspace_id", "") if isinstance(exported, dict) else "",
                "controls": len(d.states),
                "evidence": len(d.evidence),
                "log_entries": len(d.activity),
            },
        )

    return _build_workspace(path, fill, passphrase=passphrase, remember=remember)


def import_checklist_csv(s: Session, path: Path | str) -> int:
    """Update status, owner, due date and notes from a CSV, by control id: all lines or none.

    A bad line raises FieldError("line N", …) listing the first problems, and
    nothing changes. Returns the number of controls changed.
    """
    from soc2wizard.report.importer import parse_rows, read_csv

    repo = s._writable()
    known = set(load_catalog().controls) | {b["id"] for b in repo.custom_controls()}
    updates = parse_rows(read_csv(path), known)
    changed: list[tuple[ControlState, ControlState]] = []
    errors: list[str] = []
    for u in updates:
        before = repo.control_state(u.control_id)
        try:
            after = _next_state(before, u.changes)
        except FieldError as exc:
            errors.append(f"line {u.line}: {exc.path.replace('_', ' ')} {exc.message}")
            continue
        if any(getattr(before, k) != getattr(after, k) for k in _STATE_FIELDS):
            changed.append((before, after))
    if errors:
        head, _, first = errors[0].partition(": ")
        more = "; also " + "; ".join(errors[1:5]) if len(errors) > 1 else ""
        raise FieldError(head, f"{first}{more}. Nothing was imported.")
    with repo.transaction():
        for before, after in changed:
            repo.write_control_state(after)
            repo.log(
                "import control",
                after.control_id,
                {k: getattr(before, k) for k in _STATE_FIELDS if getattr(before, k) != getattr(after, k)},
                {k: getattr(after, k) for k in _STATE_FIELDS if getattr(before, k) != getattr(after, k)},
            )
        repo.log("import checklist CSV", Path(path).name, None, {"changed": len(changed), "lines": len(updates)})
    return len(changed)


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
