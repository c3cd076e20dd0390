"""Through the year: the evidence calendar (in the app and as .ics) and the next report cycle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from soc2wizard.services.planning import estimate
from soc2wizard.services.session import Session

if TYPE_CHECKING:
    from soc2wizard.estimate.cycle import EvidenceCalendar, YearTwo


def evidence_calendar(s: Session, *, today: dt.date | None = None) -> EvidenceCalendar:
    """Every recurring control's occurrences over the window and the twelve months after it."""
    cal = estimate(s, today=today).calendar
    assert cal is not None
    return cal


def year_two(s: Session, *, today: dt.date | None = None) -> YearTwo:
    """The plan's report and the cycles that follow it, with bridge letters and the yearly renewal."""
    y = estimate(s, today=today).year_two
    assert y is not None
    return y


def calendar_ics(s: Session, *, today: dt.date | None = None, stamp: dt.datetime | None = None) -> bytes:
    """The evidence calendar as RFC 5545 bytes (see ``soc2wizard.report.ics``)."""
    from soc2wizard.report.ics import build_calendar

    plan = estimate(s, today=today)
    assert plan.calendar is not None
    last = s.repo.activity(limit=1)
    return build_calendar(
        plan.calendar,
        company=plan.company,
        workspace_id=s.workspace_id,
        stamp=stamp or dt.datetime.now(dt.timezone.utc),
        sequence=last[0].id if last else 0,
    )


def export_calendar(
    s: Session, path: Path | str, *, today: dt.date | None = None, stamp: dt.datetime | None = None
) -> Path:
    """Write the evidence calendar as an .ics file, whole or not at all."""
    from soc2wizard.report.ics import write_ics

    return write_ics(calendar_ics(s, today=today, stamp=stamp), path)
