"""Assumption overrides and the plan estimate (criteria, report type, timeline, budget)."""

from __future__ import annotations


import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from soc2wizard.catalog import load_catalog
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.records import (
    ChecklistRow,
    Override,
)
from soc2wizard.services._common import MAX_TEXT, clean_text
from soc2wizard.services.controls import checklist
from soc2wizard.services.scope import list_scope
from soc2wizard.services.session import Session
from soc2wizard.store.repo import now

if TYPE_CHECKING:
    from soc2wizard.estimate.model import PlanEstimate

# --- assumptions -------------------------------------------------------------------


def list_overrides(s: Session) -> dict[str, Override]:
    return s.repo.overrides()


def check_override(
    key: str, low: Any, high: Any, note: Any = "", updated_at: str | None = None, path: str = ""
) -> Override:
    """The one check of an assumption override, from any way in (the app, a JSON restore)."""

    def at(name: str) -> str:
        return f"{path}.{name}" if path else name

    for field, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
            raise FieldError(at(field), "must be a number of zero or more")
        if value > 1e9:
            raise FieldError(at(field), "is too large")
    if high < low:
        raise FieldError(at("high"), "must not be below the low figure")
    key = clean_text(key, at("key"), 200)
    return Override(
        key, float(low), float(high), clean_text(note, at("note"), MAX_TEXT, required=False), updated_at or now()
    )


def set_override(s: Session, key: str, *, low: float, high: float, note: str = "") -> Override:
    """Replace a published figure with the workspace's own (a real quote)."""
    repo = s._writable()
    o = check_override(key, low, high, note)
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


# --- the estimate ------------------------------------------------------------------


def estimate(s: Session, *, today: dt.date | None = None, rows: Sequence[ChecklistRow] | None = None) -> PlanEstimate:
    """The plan for this workspace: criteria, report type, timeline, budget, readiness, checks.

    Returns a ``soc2wizard.estimate.model.PlanEstimate``, its money in the
    workspace's display currency (the published dollars kept beside). ``rows`` may pass a
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
        currency=s.repo.settings().display_currency,
    )


def summary_json(s: Session, *, today: dt.date | None = None) -> dict[str, Any]:
    """The plan in the ``summary --json`` format of PRODUCT.md."""
    from soc2wizard.estimate.plan import summary_to_json
    from soc2wizard.services.deliverables import risks_json

    out = summary_to_json(estimate(s, today=today))
    out["risks"] = risks_json(s)  # the risk register (issue 14)
    return out
