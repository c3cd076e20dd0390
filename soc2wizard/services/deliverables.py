"""What the auditor and the prospect receive: system description, CSOCs, CUECs, risk register,
policies, assertion, bridge letter, and their DOCX exports.

Drafts are worked out from the workspace on every read, so they follow the
profile, scope and checklist; the user's own records (section edits, risk
edits, policy approvals, acknowledgements) are kept in the workspace and
always win over a draft. Reads never write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from soc2wizard.catalog.deliverables import load_library
from soc2wizard.domain import drafts
from soc2wizard.domain.deliverables import (
    MAX_SECTION_TEXT,
    RISK_FIELDS,
    Acknowledgement,
    Policy,
    PolicyVersion,
    Risk,
    Section,
    SectionEdit,
    check_policy_wording,
    check_in_order,
    check_record_day,
    check_risk_fields,
    next_review,
)
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.records import ChecklistRow
from soc2wizard.estimate.criteria import selected_criteria
from soc2wizard.services._common import MAX_SHORT, clean_text
from soc2wizard.services.controls import checklist
from soc2wizard.services.evidence import list_evidence
from soc2wizard.services.profile import get_answers, get_settings
from soc2wizard.services.scope import list_scope
from soc2wizard.services.session import Session, catalog
from soc2wizard.store import deliverables as store
from soc2wizard.store.repo import now


def _applicable_rows(s: Session) -> list[ChecklistRow]:
    return [r for r in checklist(s) if r.state.status != "not_applicable"]


def gather(s: Session) -> drafts.Deliverables:
    """Read the workspace once and draft every deliverable from it (no writes)."""
    answers = get_answers(s)
    scope = list_scope(s)
    rows = _applicable_rows(s)
    lib = load_library()
    ids = [r.control.id for r in rows]
    product = drafts.product_name(scope, answers.company.name)
    orgs = drafts.subservice_orgs(answers, scope, lib)
    cuec_list = drafts.cuecs(answers, ids, lib, product)
    start = answers.plan.start.isoformat() if answers.plan.start else None
    changes = [
        a
        for a in reversed(s.repo.activity())
        if start
        and a.at[:10] >= start
        and a.action.split(" ", 1)[0] in ("add", "remove", "restore")
        and a.action.split(" ", 1)[-1] in ("system", "subservice", "vendor", "location")
    ]
    generated = drafts.draft_sections(
        answers,
        scope,
        rows,
        orgs,
        cuec_list,
        selected_criteria(answers),
        incidents=list_evidence(s, "IR-03"),
        changes=changes,
    )
    db = s.repo.db
    sections = drafts.merge_sections(generated, store.section_edits(db))
    policies = drafts.draft_policies(
        answers, scope, rows, lib, store.policy_versions(db), store.acknowledgements(db), store.policy_edits(db)
    )
    return drafts.Deliverables(
        company=answers.company.name,
        product=product,
        sections=tuple(sections),
        orgs=tuple(orgs),
        cuecs=tuple(cuec_list),
        risks=tuple(_risks(s, answers, rows)),
        policies=tuple(policies),
        systems=tuple(x for x in scope if x.kind == "system" and x.in_scope),
        excluded=tuple(x for x in scope if not x.in_scope),
        rows=tuple(rows),
        settings=get_settings(s),
        answers=answers,
    )


# --- system description ------------------------------------------------------------


def system_description(s: Session) -> list[Section]:
    """The system description, section by section (edited ones marked)."""
    return list(gather(s).sections)


def description_tables(s: Session) -> dict[str, list[drafts.DraftTable]]:
    """The tables under the description's sections (scope, vendors, CSOCs, CUECs, control matrix), by section key."""
    return drafts.section_tables(gather(s))


def edit_description_section(s: Session, key: str, text: str) -> Section:
    """Keep the user's text for one section; a later regenerate never replaces it."""
    if key not in drafts.SECTIONS:
        raise FieldError("section", f"{key!r} is not one of: {', '.join(drafts.SECTIONS)}")
    clean = clean_text(text, drafts.SECTIONS[key], MAX_SECTION_TEXT, multiline=True)
    repo = s._writable()
    current = {x.key: x for x in system_description(s)}[key]
    if clean == current.text:
        return current
    with repo.transaction():
        store.write_section_edit(repo.db, SectionEdit(key, clean, current.generated, now()))
        repo.log("edit system description", key, {"text": current.text}, {"text": clean})
    return {x.key: x for x in system_description(s)}[key]


def use_generated_section(s: Session, key: str) -> Section:
    """Drop the user's edit of one section and show the current draft (an explicit choice, logged)."""
    if key not in drafts.SECTIONS:
        raise FieldError("section", f"{key!r} is not one of: {', '.join(drafts.SECTIONS)}")
    repo = s._writable()
    edits = store.section_edits(repo.db)
    if key in edits:
        with repo.transaction():
            store.delete_section_edit(repo.db, key)
            repo.log("use generated description section", key, {"text": edits[key].text}, None)
    return {x.key: x for x in system_description(s)}[key]


# --- risk register -----------------------------------------------------------------


def _risks(s: Session, answers: Any, rows: list[ChecklistRow]) -> list[Risk]:
    # A seeded risk's fields (its owner included) follow the draft until the user edits that field:
    # the stored body holds only the fields the user changed, and those win.
    seeded = {r.key: r for r in drafts.seed_risks(answers, rows, load_library())}
    entries = store.risk_entries(s.repo.db)
    stored = {e["key"]: e for e in entries}
    out: list[Risk] = []
    for key, risk in seeded.items():
        e = stored.get(key)
        if e is None:
            out.append(risk)
        elif not e["removed"]:
            out.append(_apply(risk, e["body"]))
    for e in entries:
        if not e["seeded"] and not e["removed"]:
            body = e["body"]
            out.append(
                Risk(
                    key=e["key"],
                    title=body.get("title", ""),
                    description=body.get("description", ""),
                    category=body.get("category", ""),
                    likelihood=int(body.get("likelihood", 3)),
                    impact=int(body.get("impact", 3)),
                    treatment=body.get("treatment", "mitigate"),
                    controls=tuple(body.get("controls", ())),
                    owner=body.get("owner", ""),
                    seeded=False,
                    edited=True,
                )
            )
    return out


def _apply(risk: Risk, body: dict[str, Any]) -> Risk:
    changes: dict[str, Any] = {k: (tuple(v) if k == "controls" else v) for k, v in body.items() if k in RISK_FIELDS}
    return replace(risk, **changes, edited=bool(changes), edited_fields=tuple(changes))


def risk_register(s: Session) -> list[Risk]:
    """The risk register: the profile's seeded risks with the user's edits, then the user's own."""
    answers = get_answers(s)
    return _risks(s, answers, _applicable_rows(s))


def _known_controls(s: Session) -> set[str]:
    return set(catalog().controls) | {b["id"] for b in s.repo.custom_controls()}


def update_risk(s: Session, key: str, **changes: Any) -> Risk:
    """Change a risk's fields (one validator for every way in); the change is kept over the seed."""
    clean = check_risk_fields(changes, _known_controls(s))
    repo = s._writable()
    current = {r.key: r for r in risk_register(s)}
    if key not in current:
        raise FieldError("risk", f"no risk with key {key!r}")
    before = current[key]
    # A field set to what the register already shows is no edit: a seeded owner left as it was
    # keeps following the checklist rather than being pinned by an editor losing focus.
    clean = {k: v for k, v in clean.items() if v != getattr(before, k)}
    if not clean:
        return before
    entries = {e["key"]: e for e in store.risk_entries(repo.db)}
    e = entries.get(key)
    body = dict(e["body"]) if e else {}
    body.update({k: list(v) if isinstance(v, tuple) else v for k, v in clean.items()})
    with repo.transaction():
        store.write_risk_entry(
            repo.db, key, body, seeded=before.seeded, removed=False, position=e["position"] if e else 0
        )
        repo.log(
            "edit risk", key, {k: _plain(getattr(before, k)) for k in clean}, {k: _plain(v) for k, v in clean.items()}
        )
    return {r.key: r for r in risk_register(s)}[key]


def use_drafted_risk_fields(s: Session, key: str, *fields: str) -> Risk:
    """Let these fields of a seeded risk follow the draft again (Undo of the user's first edit of them); logged.

    The user's other edits of the risk stay.
    """
    for f in fields:
        if f not in RISK_FIELDS:
            raise FieldError(f, f"unknown risk field; expected one of: {', '.join(RISK_FIELDS)}")
    repo = s._writable()
    current = {r.key: r for r in risk_register(s)}
    if key not in current or not current[key].seeded:
        raise FieldError("risk", f"no seeded risk with key {key!r}")
    before = current[key]
    e = {x["key"]: x for x in store.risk_entries(repo.db)}.get(key)
    dropped = [f for f in fields if e is not None and f in e["body"]]
    if e is None or not dropped:
        return before
    body = {k: v for k, v in e["body"].items() if k not in dropped}
    with repo.transaction():
        store.write_risk_entry(repo.db, key, body, seeded=True, removed=e["removed"], position=e["position"])
        after = {r.key: r for r in risk_register(s)}[key]
        repo.log(
            "use drafted risk fields",
            key,
            {f: _plain(getattr(before, f)) for f in dropped},
            {f: _plain(getattr(after, f)) for f in dropped},
        )
    return after


def add_risk(s: Session, **fields: Any) -> Risk:
    """A risk of the user's own, added at the end of the register."""
    fields.setdefault("likelihood", 3)
    fields.setdefault("impact", 3)
    fields.setdefault("treatment", "mitigate")
    fields.setdefault("category", "security")
    fields.setdefault("description", "")
    if "title" not in fields:
        raise FieldError("title", "is missing")
    clean = check_risk_fields(fields, _known_controls(s))
    repo = s._writable()
    entries = store.risk_entries(repo.db)
    n = 1 + sum(1 for e in entries if not e["seeded"])
    key = f"own-{n}"
    while any(e["key"] == key for e in entries):
        n += 1
        key = f"own-{n}"
    body = {k: list(v) if isinstance(v, tuple) else v for k, v in clean.items()}
    with repo.transaction():
        store.write_risk_entry(repo.db, key, body, seeded=False, removed=False, position=1000 + n)
        repo.log("add risk", key, None, body)
    return {r.key: r for r in risk_register(s)}[key]


def remove_risk(s: Session, key: str) -> None:
    """Take a risk off the register (a seeded one stays off after the profile changes)."""
    repo = s._writable()
    current = {r.key: r for r in risk_register(s)}
    if key not in current:
        raise FieldError("risk", f"no risk with key {key!r}")
    r = current[key]
    e = {x["key"]: x for x in store.risk_entries(repo.db)}.get(key)
    with repo.transaction():
        # Marked removed, not deleted, so restore_risk (undo) brings it back with its edits.
        store.write_risk_entry(
            repo.db, key, e["body"] if e else {}, seeded=r.seeded, removed=True, position=e["position"] if e else 0
        )
        repo.log("remove risk", key, {"title": r.title}, None)


def restore_risk(s: Session, key: str) -> Risk:
    """Put a removed risk back on the register, as it was."""
    repo = s._writable()
    e = {x["key"]: x for x in store.risk_entries(repo.db)}.get(key)
    if e is None or not e["removed"]:
        raise FieldError("risk", f"no removed risk with key {key!r}")
    with repo.transaction():
        store.write_risk_entry(repo.db, key, e["body"], seeded=e["seeded"], removed=False, position=e["position"])
        repo.log("restore risk", key, None, {"title": e["body"].get("title", key)})
    return {r.key: r for r in risk_register(s)}[key]


def risks_json(s: Session) -> list[dict[str, Any]]:
    """The register as ``summary --json`` shows it under ``risks``."""
    return [
        {
            "key": r.key,
            "title": r.title,
            "category": r.category,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "score": r.score,
            "level": r.level,
            "treatment": r.treatment,
            "controls": list(r.controls),
            "owner": r.owner,
            "edited": r.edited,
        }
        for r in risk_register(s)
    ]


def _plain(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


# --- policies ------------------------------------------------------------------------


def policies(s: Session) -> list[Policy]:
    """The policy set drawn from the profile, each with its versions and acknowledgements."""
    return list(gather(s).policies)


def _policy(s: Session, key: str) -> Policy:
    for p in policies(s):
        if p.key == key:
            return p
    raise FieldError("policy", f"no policy {key!r} applies to this company")


def _day(value: Any, field: str, today: dt.date | None) -> dt.date:
    return check_record_day(value, field, today or dt.date.today())


def policies_json(s: Session) -> list[dict[str, Any]]:
    """The policy set as ``soc2wizard policies --json`` shows it: each policy's current version and acknowledgements."""
    out = []
    for p in policies(s):
        v = p.current
        out.append(
            {
                "id": p.key,
                "title": p.title,
                "version": v.version if v else None,
                "status": p.version_label,
                "approver": v.approver if v else None,
                "approved_on": v.approved_on.isoformat() if v else None,
                "next_review": v.next_review.isoformat() if v else None,
                "changed_since_approval": p.changed_since_approval,
                "edited": p.edited,
                "owner": p.owner or p.owner_role,
                "controls": list(p.controls),
                "acknowledgements": [
                    {"person": a.person, "version": a.version, "acknowledged_on": a.acknowledged_on.isoformat()}
                    for a in p.acknowledgements
                ],
            }
        )
    return out


def edit_policy_text(s: Session, key: str, text: str) -> Policy:
    """Keep the user's wording of a policy (purpose, blank line, one statement per line); a redraft never replaces it.

    The wording is checked by ``check_policy_wording`` (a purpose, a statement,
    no vague words). The approved version is not changed: approving again issues
    a new version with this wording.
    """
    clean = check_policy_wording(text)
    p = _policy(s, key)
    repo = s._writable()
    if clean == p.wording:
        return p
    with repo.transaction():
        store.write_policy_edit(repo.db, SectionEdit(key, clean, p.generated, now()))
        repo.log("edit policy", key, {"text": p.wording}, {"text": clean})
    return _policy(s, key)


def use_generated_policy_text(s: Session, key: str) -> Policy:
    """Drop the user's wording of a policy and show the current draft (an explicit choice, logged)."""
    _policy(s, key)  # FieldError for a policy that does not apply
    repo = s._writable()
    edits = store.policy_edits(repo.db)
    if key in edits:
        with repo.transaction():
            store.delete_policy_edit(repo.db, key)
            repo.log("use generated policy text", key, {"text": edits[key].text}, None)
    return _policy(s, key)


def approve_policy(
    s: Session,
    key: str,
    *,
    approver: str,
    approved_on: dt.date | str,
    note: str = "",
    today: dt.date | None = None,
) -> Policy:
    """Record a new approved version of the policy's current wording; the next review is due twelve months later.

    The approval date may not be after ``today`` (default: this machine's date).
    """
    who = clean_text(approver, "approver", MAX_SHORT)
    day = _day(approved_on, "approved_on", today)
    p = _policy(s, key)
    if p.current is not None:
        check_in_order(day, p.current.approved_on, "approved_on", f"{p.title} {p.current.version}.0 was approved")
    repo = s._writable()
    version = (p.current.version + 1) if p.current else 1
    v = PolicyVersion(
        key, version, who, day, next_review(day), clean_text(note, "note", 500, required=False), p.wording
    )
    with repo.transaction():
        store.write_policy_version(repo.db, v)
        repo.log("approve policy", key, None, asdict(v))
    return _policy(s, key)


def withdraw_policy_approval(s: Session, key: str, version: int) -> Policy:
    """Take back the newest approval of a policy (Undo of an approval); its acknowledgements must go first."""
    p = _policy(s, key)
    if p.current is None or p.current.version != version:
        raise FieldError("version", f"{version}.0 is not the newest approved version of {p.title}")
    signed = [a.person for a in p.acknowledgements if a.version == version]
    if signed:
        raise FieldError(
            "version",
            f"{len(signed)} acknowledgement{'s' if len(signed) != 1 else ''} of {p.title} {version}.0 "
            f"{'is' if len(signed) == 1 else 'are'} recorded ({', '.join(signed[:3])}); remove them first",
        )
    repo = s._writable()
    with repo.transaction():
        store.delete_policy_version(repo.db, key, version)
        repo.log("withdraw policy approval", key, asdict(p.current), None)
    return _policy(s, key)


def acknowledge_policy(
    s: Session, key: str, *, person: str, acknowledged_on: dt.date | str, today: dt.date | None = None
) -> Policy:
    """Record that a person acknowledged the current version of a policy (PPL-02 evidence), on a day not after today."""
    who = clean_text(person, "person", MAX_SHORT)
    day = _day(acknowledged_on, "acknowledged_on", today)
    p = _policy(s, key)
    if p.current is None:
        raise FieldError(
            "policy", f"{p.title} has no approved version yet; approve it before recording acknowledgements"
        )
    check_in_order(day, p.current.approved_on, "acknowledged_on", f"{p.title} {p.current.version}.0 was approved")
    repo = s._writable()
    a = Acknowledgement(key, p.current.version, who, day)
    with repo.transaction():
        store.write_acknowledgement(repo.db, a)
        repo.log("acknowledge policy", key, None, asdict(a))
    return _policy(s, key)


def acknowledgements_recorded(s: Session) -> list[Acknowledgement]:
    """Every recorded policy acknowledgement, oldest first: the PPL-02 evidence the checklist counts (a cheap read)."""
    return store.acknowledgements(s.repo.db)


def remove_acknowledgement(s: Session, key: str, *, person: str, version: int) -> Policy:
    """Take back a recorded acknowledgement (Undo of recording it, or a mistake); logged."""
    p = _policy(s, key)
    found = [a for a in p.acknowledgements if a.person == person and a.version == version]
    if not found:
        raise FieldError("person", f"no acknowledgement of {p.title} {version}.0 by {person!r} is recorded")
    repo = s._writable()
    with repo.transaction():
        store.delete_acknowledgement(repo.db, key, version, person)
        repo.log("remove policy acknowledgement", key, asdict(found[0]), None)
    return _policy(s, key)


# --- DOCX exports ------------------------------------------------------------------


def export_system_description(s: Session, path: Path | str, *, today: dt.date | None = None) -> Path:
    """The system description as a Word document (real headings, the scope as tables)."""
    from soc2wizard.report.docx import write_system_description

    return write_system_description(gather(s), path, today or dt.date.today())


def export_assertion(s: Session, path: Path | str, *, today: dt.date | None = None) -> Path:
    """Management's assertion, filled in from the workspace."""
    from soc2wizard.report.docx import write_assertion

    return write_assertion(gather(s), path, today or dt.date.today())


def export_bridge_letter(s: Session, path: Path | str, *, today: dt.date | None = None) -> Path:
    """A bridge (gap) letter covering the time from the last report's end to today."""
    from soc2wizard.report.docx import write_bridge_letter

    return write_bridge_letter(gather(s), path, today or dt.date.today())


def export_policies(s: Session, folder: Path | str, *, today: dt.date | None = None) -> list[Path]:
    """One DOCX per policy into ``folder`` (created if missing); returns the files written."""
    from soc2wizard.report.docx import write_policies

    return write_policies(gather(s), folder, today or dt.date.today())
