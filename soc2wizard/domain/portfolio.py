"""One client in the consultant's portfolio: its standing, or why its file cannot be read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from soc2wizard.domain import vocab

STATUSES: dict[str, str] = {
    "ok": "Readable",
    "locked": "Locked",
    "damaged": "Damaged",
    "foreign": "Not a workspace",
    "newer": "Newer version",
}


@dataclass(frozen=True)
class DueItem:
    """An open control with a due date: what a client has to do next."""

    control_id: str
    title: str
    due: dt.date
    overdue: bool


@dataclass(frozen=True)
class PortfolioEntry:
    """One file of the folder: a client's standing, or why it cannot be read."""

    path: Path
    status: str  # one of STATUSES
    reason: str = ""  # why the file cannot be read (status other than "ok")
    encrypted: bool = False
    client: str = ""
    firm_name: str = ""
    report_type: str = ""  # type1 | type2: the plan's (chosen or advised)
    observation_months: int | None = None
    design_percent: int | None = None
    operating_percent: int | None = None
    deadline: dt.date | None = None
    deadline_status: str = ""  # met | at risk | missed | passed | "" without a deadline
    report_date_latest: dt.date | None = None
    open_controls: int = 0
    overdue: int = 0
    next_due: tuple[DueItem, ...] = ()
    last_change: str = ""  # ISO 8601 time of the last entry in the activity log

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def report_text(self) -> str:
        if not self.report_type:
            return ""
        text = vocab.REPORT_TYPES.get(self.report_type, self.report_type)
        return text + (f", {self.observation_months} months" if self.observation_months else "")


def due_text(d: DueItem) -> str:
    """'ACC-03 Quarterly access review (2026-12-01, overdue)'."""
    return f"{d.control_id} {d.title} ({d.due.isoformat()}{', overdue' if d.overdue else ''})"
