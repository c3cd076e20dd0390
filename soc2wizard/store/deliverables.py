"""The deliverables' tables: system-description edits, risk entries, policy wording, versions and acknowledgements.

Like ``repo``, every write expects to run inside ``Repo.transaction()`` with its
activity-log entry.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from soc2wizard.domain.deliverables import Acknowledgement, PolicyVersion, SectionEdit
from soc2wizard.store.db import Db
from soc2wizard.store.repo import now


def section_edits(db: Db) -> dict[str, SectionEdit]:
    rows = db.execute("SELECT key, text, base, updated_at FROM description_edits")
    return {r[0]: SectionEdit(r[0], r[1], r[2], r[3]) for r in rows}


def write_section_edit(db: Db, e: SectionEdit) -> None:
    db.execute(
        "INSERT OR REPLACE INTO description_edits (key, text, base, updated_at) VALUES (?, ?, ?, ?)",
        [e.key, e.text, e.base, e.updated_at or now()],
    )


def delete_section_edit(db: Db, key: str) -> None:
    db.execute("DELETE FROM description_edits WHERE key = ?", [key])


def risk_entries(db: Db) -> list[dict[str, Any]]:
    """Stored risk rows in register order: key, body (fields), seeded, removed."""
    rows = db.execute("SELECT key, body, seeded, removed, position FROM risk_entries ORDER BY position, key")
    return [
        {"key": r[0], "body": json.loads(r[1]), "seeded": bool(r[2]), "removed": bool(r[3]), "position": r[4]}
        for r in rows
    ]


def write_risk_entry(db: Db, key: str, body: dict[str, Any], *, seeded: bool, removed: bool, position: int) -> None:
    db.execute(
        "INSERT OR REPLACE INTO risk_entries (key, body, seeded, removed, position, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [key, json.dumps(body, ensure_ascii=False), int(seeded), int(removed), position, now()],
    )


def delete_risk_entry(db: Db, key: str) -> None:
    db.execute("DELETE FROM risk_entries WHERE key = ?", [key])


def policy_versions(db: Db) -> list[PolicyVersion]:
    rows = db.execute(
        "SELECT policy_key, version, approver, approved_on, next_review, note, text"
        " FROM policy_versions ORDER BY policy_key, version"
    )
    return [
        PolicyVersion(r[0], r[1], r[2], dt.date.fromisoformat(r[3]), dt.date.fromisoformat(r[4]), r[5], r[6])
        for r in rows
    ]


def write_policy_version(db: Db, v: PolicyVersion) -> None:
    db.execute(
        "INSERT INTO policy_versions (policy_key, version, approver, approved_on, next_review, note, text)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [v.policy_key, v.version, v.approver, v.approved_on.isoformat(), v.next_review.isoformat(), v.note, v.text],
    )


def delete_policy_version(db: Db, policy_key: str, version: int) -> None:
    db.execute("DELETE FROM policy_versions WHERE policy_key = ? AND version = ?", [policy_key, version])


def policy_edits(db: Db) -> dict[str, SectionEdit]:
    """The user's wording of each policy they edited, with the draft it replaced (``base``)."""
    rows = db.execute("SELECT policy_key, text, base, updated_at FROM policy_edits")
    return {r[0]: SectionEdit(r[0], r[1], r[2], r[3]) for r in rows}


def write_policy_edit(db: Db, e: SectionEdit) -> None:
    db.execute(
        "INSERT OR REPLACE INTO policy_edits (policy_key, text, base, updated_at) VALUES (?, ?, ?, ?)",
        [e.key, e.text, e.base, e.updated_at or now()],
    )


def delete_policy_edit(db: Db, policy_key: str) -> None:
    db.execute("DELETE FROM policy_edits WHERE policy_key = ?", [policy_key])


def acknowledgements(db: Db) -> list[Acknowledgement]:
    rows = db.execute(
        "SELECT policy_key, version, person, acknowledged_on FROM policy_acknowledgements ORDER BY acknowledged_on, person"
    )
    return [Acknowledgement(r[0], r[1], r[2], dt.date.fromisoformat(r[3])) for r in rows]


def acknowledgement_days(db: Db) -> list[dt.date]:
    """The day of every recorded acknowledgement, oldest first (each one is a PPL-02 evidence record)."""
    rows = db.execute("SELECT acknowledged_on FROM policy_acknowledgements ORDER BY acknowledged_on")
    return [dt.date.fromisoformat(r[0]) for r in rows]


def write_acknowledgement(db: Db, a: Acknowledgement) -> None:
    db.execute(
        "INSERT OR REPLACE INTO policy_acknowledgements (policy_key, version, person, acknowledged_on) VALUES (?, ?, ?, ?)",
        [a.policy_key, a.version, a.person, a.acknowledged_on.isoformat()],
    )


def delete_acknowledgement(db: Db, policy_key: str, version: int, person: str) -> None:
    db.execute(
        "DELETE FROM policy_acknowledgements WHERE policy_key = ? AND version = ? AND person = ?",
        [policy_key, version, person],
    )


def export_all(db: Db) -> dict[str, Any]:
    """The deliverables' records for a workspace JSON export (empty lists left out)."""
    out: dict[str, Any] = {
        "description_edits": [{"key": e.key, "text": e.text, "base": e.base} for e in section_edits(db).values()],
        "risks": [{k: e[k] for k in ("key", "body", "seeded", "removed", "position")} for e in risk_entries(db)],
        "policy_versions": [
            {
                "policy_key": v.policy_key,
                "version": v.version,
                "approver": v.approver,
                "approved_on": v.approved_on.isoformat(),
                "next_review": v.next_review.isoformat(),
                "note": v.note,
                "text": v.text,
            }
            for v in policy_versions(db)
        ],
        "policy_edits": [{"policy_key": e.key, "text": e.text, "base": e.base} for e in policy_edits(db).values()],
        "acknowledgements": [
            {
                "policy_key": a.policy_key,
                "version": a.version,
                "person": a.person,
                "acknowledged_on": a.acknowledged_on.isoformat(),
            }
            for a in acknowledgements(db)
        ],
    }
    return {k: v for k, v in out.items() if v}


def import_all(db: Db, doc: dict[str, Any]) -> None:
    """Write checked records (``parse_deliverables_dump``) into a new workspace."""
    for e in doc.get("description_edits", []):
        write_section_edit(db, SectionEdit(e["key"], e["text"], e["base"]))
    for e in doc.get("risks", []):
        write_risk_entry(db, e["key"], e["body"], seeded=e["seeded"], removed=e["removed"], position=e["position"])
    for v in doc.get("policy_versions", []):
        write_policy_version(
            db,
            PolicyVersion(
                v["policy_key"],
                v["version"],
                v["approver"],
                dt.date.fromisoformat(v["approved_on"]),
                dt.date.fromisoformat(v["next_review"]),
                v["note"],
                v.get("text", ""),
            ),
        )
    for e in doc.get("policy_edits", []):
        write_policy_edit(db, SectionEdit(e["policy_key"], e["text"], e["base"]))
    for a in doc.get("acknowledgements", []):
        write_acknowledgement(
            db, Acknowledgement(a["policy_key"], a["version"], a["person"], dt.date.fromisoformat(a["acknowledged_on"]))
        )
