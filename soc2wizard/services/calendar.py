"""Through the year: the evidence calendar (in the app and as .ics) and the next report cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from soc2wizard.services.planning import estimate
from soc2wizard.services.session import Session

from soc2wizard.estimate.cycle import EvidenceCalendar

if TYPE_CHECKING:
    from soc2wizard.estimate.cycle import YearTwo


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


@dataclass(frozen=True)
class PreparedCalendar:
    """What an .ics export needs, read from the workspace; rendering it needs no session."""

    calendar: EvidenceCalendar
    company: str
    workspace_id: str
    sequence: int  # the last activity-log number: grows whenever the workspace changes
    stamp: dt.datetime  # DTSTAMP, UTC


def prepare_calendar(s: Session, *, today: dt.date | None = None, stamp: dt.datetime | None = None) -> PreparedCalendar:
    """Read what the .ics needs on the thread that owns the session; ``render_calendar`` may then run anywhere."""
    plan = estimate(s, today=today)
    assert plan.calendar is not None
    plan.calendar.occurrences  # listed now, on this thread  # noqa: B018
    last = s.repo.activity(limit=1)
    return PreparedCalendar(
        plan.calendar,
        plan.company,
        s.workspace_id,
        last[0].id if last else 0,
        stamp or dt.datetime.now(dt.timezone.utc),
    )


def calendar_bytes(prepared: PreparedCalendar) -> bytes:
    """A prepared calendar as RFC 5545 bytes (see ``soc2wizard.report.ics``)."""
    from soc2wizard.report.ics import build_calendar

    return build_calendar(
        prepared.calendar,
        company=prepared.company,
        workspace_id=prepared.workspace_id,
        stamp=prepared.stamp,
        sequence=prepared.sequence,
    )


def render_calendar(prepared: PreparedCalendar, path: Path | str) -> Path:
    """Write a prepared calendar as an .ics file, whole or not at all (safe off the UI thread)."""
    from soc2wizard.report.ics import write_ics

    return write_ics(calendar_bytes(prepared), path)


def calendar_ics(s: Session, *, today: dt.date | None = None, stamp: dt.datetime | None = None) -> bytes:
    """The evidence calendar as RFC 5545 bytes."""
    return calendar_bytes(prepare_calendar(s, today=today, stamp=stamp))


def export_calendar(
    s: Session, path: Path | str, *, today: dt.date | None = None, stamp: dt.datetime | None = None
) -> Path:
    """Write the evidence calendar as an .ics file, whole or not at all."""
    return render_calendar(prepare_calendar(s, today=today, stamp=stamp), path)
