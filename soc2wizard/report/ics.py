"""The evidence calendar as an iCalendar file (RFC 5545), for Google Calendar, Outlook and Apple Calendar.

Each occurrence is an all-day event (``DTSTART;VALUE=DATE`` and the next day
as the exclusive ``DTEND``, which every one of those apps reads as all day)
on its due date. A daily control would be hundreds of events, so its
occurrences in each span are one event with a daily ``RRULE`` instead; any
other schedule gets one event per occurrence, so that each can carry its own
period and status. UIDs are built from the workspace id, the control, the
span and the occurrence's number, never from a date: when the plan's window
moves, re-importing the file updates the same events instead of adding
copies. ``SEQUENCE`` is the workspace's last activity-log number, so it grows
whenever the workspace changes and stays put when nothing did.

The icalendar library writes CRLF line endings and folds lines at 75 octets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from soc2wizard import __version__
from soc2wizard.domain import vocab
from soc2wizard.domain.format import day
from soc2wizard.estimate.cycle import OCCURRENCE_STATUSES, SPANS, EvidenceCalendar, Occurrence

PRODID = f"-//soc2wizard//soc2wizard {__version__}//EN"
RRULE_FREQUENCIES = {"daily": "DAILY"}


def uid(workspace_id: str, control_id: str, span: str, index: int | None = None) -> str:
    """A stable event id: the same control, span and number give the same UID in every export."""
    tail = f"-{index}" if index is not None else ""
    return f"{control_id}-{span}{tail}.{workspace_id or 'workspace'}@soc2wizard"


def summary(o: Occurrence, *, series: bool = False) -> str:
    if series:
        return f"{o.control_id} {o.title} ({vocab.FREQUENCIES.get(o.frequency, o.frequency).lower()})"
    return f"{o.control_id} {o.title} ({o.number} of {o.total})"


def description(o: Occurrence, *, series: Sequence[Occurrence] = ()) -> str:
    if o.owner:
        owner = o.owner
    else:
        owner = f"nobody yet (typically the {o.owner_role})" if o.owner_role else "nobody yet"
    span = SPANS[o.span].lower()
    if series:
        when = f"Every day from {day(o.due)} to {day(series[-1].due)}, {span}."
    else:
        when = (
            f"Do it between {day(o.period_start)} and {day(o.due)}: occurrence {o.number} of {o.total} "
            f"in the {span} ({vocab.FREQUENCIES.get(o.frequency, o.frequency).lower()})."
        )
    lines = [f"Owner: {owner}", when]
    if o.evidence:
        lines.append("Evidence to keep:")
        lines += [f"- {e}" for e in o.evidence]
    if series:
        counts = {k: sum(x.status == k for x in series) for k in OCCURRENCE_STATUSES}
        lines.append(
            f"When exported: {counts['done']} done, {counts['overdue']} overdue, "
            f"{counts['due'] + counts['upcoming']} still to come."
        )
    else:
        lines.append(f"Status when exported: {OCCURRENCE_STATUSES[o.status]}.")
    lines.append("Attach the evidence to the control in soc2wizard, with the date it happened.")
    return "\n".join(lines)


def build_calendar(
    cal: EvidenceCalendar,
    *,
    company: str,
    workspace_id: str,
    stamp: dt.datetime,
    sequence: int = 0,
) -> bytes:
    """The calendar as RFC 5545 bytes; ``stamp`` (UTC) is the export time written as DTSTAMP."""
    from icalendar import Calendar, Event, vRecur

    out = Calendar()
    out.add("prodid", PRODID)
    out.add("version", "2.0")
    out.add("calscale", "GREGORIAN")
    out.add("method", "PUBLISH")
    name = f"SOC 2 evidence: {company}"
    out.add("x-wr-calname", name)
    out.add(
        "x-wr-caldesc",
        f"Recurring SOC 2 controls of {company}: the observation window {cal.window.text} "
        f"and the twelve months after it, {cal.next_window.text}.",
    )
    stamp = stamp.astimezone(dt.timezone.utc)

    def event(o: Occurrence, event_uid: str, text: str, body: str) -> Event:
        e = Event()
        e.add("uid", event_uid)
        e.add("dtstamp", stamp)
        e.add("sequence", sequence)
        e.add("dtstart", o.due)  # a date: written with VALUE=DATE, an all-day event
        e.add("dtend", o.due + dt.timedelta(days=1))  # exclusive, the next day
        e.add("summary", text)
        e.add("description", body)
        if o.owner:
            e.add("contact", o.owner)
        e.add("categories", ["SOC 2", vocab.FREQUENCIES.get(o.frequency, o.frequency)])
        e.add("transp", "TRANSPARENT")  # a reminder, not busy time
        e.add("x-microsoft-cdo-alldayevent", "TRUE")
        return e

    groups: dict[tuple[str, str], list[Occurrence]] = {}
    for o in cal.occurrences:
        groups.setdefault((o.control_id, o.span), []).append(o)
    for (control_id, span), items in groups.items():
        items.sort(key=lambda o: o.number)
        freq = RRULE_FREQUENCIES.get(items[0].frequency)
        if freq and _regular(items):
            first = items[0]
            e = event(
                first,
                uid(workspace_id, control_id, span),
                summary(first, series=True),
                description(first, series=items),
            )
            e.add("rrule", vRecur(freq=freq, count=len(items)))
            out.add_component(e)
            continue
        for o in items:
            out.add_component(event(o, uid(workspace_id, control_id, span, o.number), summary(o), description(o)))
    return bytes(out.to_ical())


def _regular(items: Sequence[Occurrence]) -> bool:
    """Whether the due dates are one day apart, so a daily RRULE gives exactly them."""
    return all((b.due - a.due).days == 1 for a, b in zip(items, items[1:]))


def write_ics(data: bytes, path: Path | str) -> Path:
    """Write the calendar atomically: all or nothing."""
    from soc2wizard.report import atomic_output

    path = Path(path)
    with atomic_output(path, "calendar") as tmp:
        tmp.write_bytes(data)
    return path
