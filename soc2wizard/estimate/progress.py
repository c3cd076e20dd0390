"""Snapshots of the assessment and the comparison between two of them.

A snapshot is plain JSON (``soc2wizard-snapshot/1``): each control's status,
owner, due date and evidence count, readiness overall and by criterion, and
the estimate's headline figures, all read from the plan estimate so they are
the same numbers the app, ``summary --json`` and the PDF show that day.
``compare`` works on two such documents, so "now" is simply a snapshot not
kept. Pure functions; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from soc2wizard.domain.records import ChecklistRow
from soc2wizard.estimate.budget import round_money
from soc2wizard.estimate.model import PlanEstimate

FORMAT = "soc2wizard-snapshot/1"
CONTROL_FIELDS: tuple[str, ...] = ("status", "owner", "due_date", "evidence")
ESTIMATE_FIELDS: tuple[str, ...] = (
    "report_type",
    "observation_months",
    "report_date_earliest",
    "report_date_latest",
    "weeks_low",
    "weeks_high",
    "currency",
    "cost_low",
    "cost_high",
    "renewal_low",
    "renewal_high",
    "open_effort_hours",
)
READINESS_FIELDS: tuple[str, ...] = ("design_percent", "operating_percent", "implemented", "applicable")


def snapshot_body(plan: PlanEstimate, rows: Sequence[ChecklistRow]) -> dict[str, Any]:
    """The assessment as it stands in ``plan`` (and the checklist it was built from)."""
    t, b, r = plan.timeline, plan.budget, plan.readiness
    return {
        "format": FORMAT,
        "date": plan.today.isoformat(),
        "controls": {
            row.control.id: {
                "title": row.control.title,
                "status": row.state.status,
                "owner": row.state.owner,
                "due_date": row.state.due_date.isoformat() if row.state.due_date else None,
                "evidence": row.evidence_count,
            }
            for row in rows
        },
        "readiness": {
            "design_percent": r.design_percent,
            "operating_percent": r.operating_percent,
            "implemented": r.implemented,
            "applicable": r.applicable,
            "by_criterion": {c.id: {"design": c.design, "operating": c.operating} for c in r.by_criterion},
        },
        "estimate": {
            "report_type": plan.report.type,
            "observation_months": plan.report.observation_months,
            "report_date_earliest": t.report_date_earliest.isoformat(),
            "report_date_latest": t.report_date_latest.isoformat(),
            "weeks_low": t.weeks_low,
            "weeks_high": t.weeks_high,
            "currency": b.currency,
            "cost_low": round_money(b.low),
            "cost_high": round_money(b.high),
            "renewal_low": round_money(b.renewal_low),
            "renewal_high": round_money(b.renewal_high),
            "open_effort_hours": t.open_effort_hours,
        },
    }


# --- comparing two ------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One end of a comparison: a kept snapshot (``name``) or the workspace now (``name`` None)."""

    name: str | None
    date: str
    body: dict[str, Any]

    @property
    def label(self) -> str:
        return self.name if self.name is not None else "now"


@dataclass(frozen=True)
class ControlChange:
    control_id: str
    title: str
    changed: tuple[str, ...]  # of CONTROL_FIELDS; all of them when the control came or went
    before: dict[str, Any] | None  # None: not in the plan then
    after: dict[str, Any] | None  # None: no longer in the plan


@dataclass(frozen=True)
class CriterionChange:
    id: str
    design_before: int | None
    design_after: int | None
    operating_before: int | None
    operating_after: int | None


@dataclass(frozen=True)
class Comparison:
    before: Side
    after: Side
    controls: tuple[ControlChange, ...]
    criteria: tuple[CriterionChange, ...]  # every criterion in either, in the plan's order

    @property
    def readiness_before(self) -> dict[str, Any]:
        return {k: self.before.body["readiness"].get(k) for k in READINESS_FIELDS}

    @property
    def readiness_after(self) -> dict[str, Any]:
        return {k: self.after.body["readiness"].get(k) for k in READINESS_FIELDS}

    @property
    def estimate_before(self) -> dict[str, Any]:
        return {k: self.before.body["estimate"].get(k) for k in ESTIMATE_FIELDS}

    @property
    def estimate_after(self) -> dict[str, Any]:
        return {k: self.after.body["estimate"].get(k) for k in ESTIMATE_FIELDS}


def _control_view(c: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if c is None else {k: c.get(k) for k in CONTROL_FIELDS}


def compare(before: Side, after: Side) -> Comparison:
    """What changed between two snapshots: controls, readiness by criterion, the estimate."""
    a, b = before.body["controls"], after.body["controls"]
    changes: list[ControlChange] = []
    for cid in [*a, *(k for k in b if k not in a)]:
        x, y = a.get(cid), b.get(cid)
        if x is not None and y is not None:
            changed = tuple(f for f in CONTROL_FIELDS if x.get(f) != y.get(f))
            if not changed:
                continue
        else:
            changed = CONTROL_FIELDS
        title = (y or x or {}).get("title", "")
        changes.append(ControlChange(cid, title, changed, _control_view(x), _control_view(y)))
    ca, cb = before.body["readiness"]["by_criterion"], after.body["readiness"]["by_criterion"]
    criteria = tuple(
        CriterionChange(
            k,
            (ca.get(k) or {}).get("design"),
            (cb.get(k) or {}).get("design"),
            (ca.get(k) or {}).get("operating"),
            (cb.get(k) or {}).get("operating"),
        )
        for k in [*cb, *(k for k in ca if k not in cb)]
    )
    return Comparison(before, after, tuple(changes), criteria)


def comparison_json(c: Comparison) -> dict[str, Any]:
    """The comparison in ``compare --json`` form."""
    return {
        "from": {"name": c.before.name, "date": c.before.date},
        "to": {"name": c.after.name, "date": c.after.date},
        "controls_changed": [
            {"id": x.control_id, "title": x.title, "changed": list(x.changed), "before": x.before, "after": x.after}
            for x in c.controls
        ],
        "readiness": {
            "before": c.readiness_before,
            "after": c.readiness_after,
            "by_criterion": [
                {
                    "id": k.id,
                    "before": k.design_before,
                    "after": k.design_after,
                    "operating_before": k.operating_before,
                    "operating_after": k.operating_after,
                }
                for k in c.criteria
            ],
        },
        "estimate": {"before": c.estimate_before, "after": c.estimate_after},
    }
