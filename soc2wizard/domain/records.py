"""What a workspace holds besides the answers: scope, control states, evidence, log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from soc2wizard.domain.display import USD, Currency


@dataclass(frozen=True)
class ScopeItem:
    """A system, vendor, subservice organisation or location, in scope or excluded."""

    id: int
    kind: str
    name: str
    description: str = ""
    in_scope: bool = True
    customer_data: bool = False
    internal_only: bool = False
    exclusion_reason: str = ""
    method: str | None = None  # subservice organisations: "carve_out" or "inclusive"
    reviewed: bool = False  # vendors / subservice: SOC 2 report or assessment reviewed
    position: int = 0


@dataclass(frozen=True)
class ControlState:
    control_id: str
    status: str = "not_started"
    owner: str = ""
    due_date: dt.date | None = None
    notes: str = ""
    na_reason: str = ""
    updated_at: str | None = None


@dataclass(frozen=True)
class Evidence:
    """A file kept in the workspace (with its SHA-256) or a link."""

    id: int
    control_id: str
    kind: str  # "file" or "link"
    name: str
    added_at: str
    url: str | None = None
    sha256: str | None = None
    size: int | None = None
    occurred_on: dt.date | None = None  # when the recorded occurrence happened
    note: str = ""


@dataclass(frozen=True)
class ActivityEntry:
    id: int
    at: str
    actor: str
    action: str
    target: str
    before: Any = None
    after: Any = None
    imported: bool = False  # put back from a JSON export: what the export said, not proven history


@dataclass(frozen=True)
class Override:
    """A workspace's own figure for an assumption (a real quote, a known rate).

    A money figure keeps the currency it was typed in and the rate in force
    then (how many units of ``currency`` one US dollar bought): the estimate
    converts it once, never reading a euro quote as dollars. Figures that are
    not money (weeks, shares) are kept as "USD" at 1, meaning "as typed".
    """

    key: str
    low: float
    high: float
    note: str = ""
    updated_at: str = ""
    currency: str = "USD"
    rate: float = 1.0


# Settings that say how the plan is shown; checked by soc2wizard.domain.display.
DISPLAY_FIELDS: tuple[str, ...] = ("paper", "currency", "exchange_rate", "exchange_rate_source")

SETTINGS_FIELDS: dict[str, str] = {
    "prepared_for": "Prepared for",
    "prepared_by": "Prepared by",
    "firm_name": "Consultant firm",
    "assessor_name": "Assessor name",
    "consultant_role": "Consultant's role",
}


@dataclass(frozen=True)
class WorkspaceSettings:
    prepared_for: str = ""
    prepared_by: str = ""
    firm_name: str = ""
    assessor_name: str = ""
    consultant_role: str = ""
    has_logo: bool = False
    # How the plan is shown (soc2wizard.domain.display): "a4", "letter" or ""
    # (from the locale); the display currency with the user's own rate.
    paper: str = ""
    currency: str = "USD"
    exchange_rate: float | None = None
    exchange_rate_source: str = ""

    @property
    def display_currency(self) -> Currency:
        if self.currency == "USD" or self.exchange_rate is None:
            return USD
        return Currency(self.currency, self.exchange_rate, self.exchange_rate_source)


@dataclass(frozen=True)
class ChecklistRow:
    """One applicable control with its state, as the checklist shows it."""

    control: Any  # soc2wizard.domain.catalog.Control
    state: ControlState
    evidence_count: int = 0
    occurrences: tuple[dt.date, ...] = field(default=())
