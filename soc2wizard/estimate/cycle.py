"""The programme through the year: the evidence calendar and the next report cycle.

SOC 2 does not end with the first report. A Type II needs every recurring
control to run, and leave evidence, in each period of its window; the next
report's window starts where this one ends. This module works out, from the
plan, (1) the windows: the one whose evidence counts first and the twelve
months after it, (2) every recurring control's occurrences in them, each with
its period, due date and whether it was done, and (3) the next cycle: a
Type II straight after a Type I, back-to-back 12-month windows after a first
Type II, and the bridge letter that covers the months between one report's
period and the next report. Money is never worked out here: the next cycle's
cost is the budget's yearly renewal, read as it is.

Pure functions over the plan; no I/O, no Qt.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from soc2wizard.domain import vocab
from soc2wizard.domain.records import ChecklistRow
from soc2wizard.estimate.model import Budget, ReportChoice, Timeline
from soc2wizard.estimate.readiness import _add_months, expected_occurrences
from soc2wizard.estimate.words import day, money_range

NEXT_MONTHS = 12  # later reports cover 12 months, back to back

# How far apart a schedule's occurrences are: (months, days).
STEPS: dict[str, tuple[int, int]] = {
    "daily": (0, 1),
    "weekly": (0, 7),
    "monthly": (1, 0),
    "quarterly": (3, 0),
    "semiannual": (6, 0),
    "annual": (12, 0),
}

SPANS: dict[str, str] = {"window": "Observation window", "next": "Next twelve months"}

OCCURRENCE_STATUSES: dict[str, str] = {
    "done": "Done",
    "overdue": "Overdue",
    "due": "Due now",
    "upcoming": "Upcoming",
}


# --- what it answers ------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """An observation window: ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date
    months: int

    @property
    def text(self) -> str:
        return f"{day(self.start)} to {day(self.end)}"


@dataclass(frozen=True)
class Cycle:
    """One report: the plan's own, or one that follows it."""

    report_type: str  # type1 | type2
    title: str  # "Type II, 12-month window"
    current: bool  # the plan's own report
    covered_until: dt.date  # the last day the report speaks for (Type I: its date; Type II: window end)
    report_earliest: dt.date
    report_latest: dt.date
    window: Window | None = None  # Type II only
    note: str = ""


@dataclass(frozen=True)
class Bridge:
    """Months when customers hold a report whose period has ended, until the next one arrives."""

    start: dt.date  # the day after the earlier report's period
    end: dt.date  # the next report's latest date
    months: int
    message: str


@dataclass(frozen=True)
class YearTwo:
    """The cycle after the plan's report, with its bridge letters and yearly cost."""

    planned: bool  # the user chose a report type or a start date
    cycles: tuple[Cycle, ...]  # the plan's report first, then the two that follow
    bridges: tuple[Bridge, ...]
    currency: str
    renewal_low: float
    renewal_high: float
    renewal: str  # "$25k–$60k a year"
    summary: str  # one sentence for the timeline step and the PDF

    @property
    def next(self) -> Cycle:
        return self.cycles[1]


class Occurrence(NamedTuple):
    """One time a recurring control must run, with the period it covers and when it is due.

    A named tuple rather than a frozen dataclass: a daily control has hundreds
    of these, and the plan estimate builds them on every edit.
    """

    control_id: str
    title: str
    frequency: str
    owner: str  # the checklist's owner, "" if none yet
    owner_role: str  # the catalog's typical owner
    evidence: tuple[str, ...]  # what to keep, from the catalog
    span: str  # "window" | "next"
    number: int  # 1-based, within its span
    total: int  # occurrences of this control in its span
    period_start: dt.date
    due: dt.date
    status: str  # one of OCCURRENCE_STATUSES

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"


@dataclass(frozen=True)
class EvidenceCalendar:
    """The occurrences of every recurring control over ``window`` and ``next_window``.

    Worked out when first asked for: the plan estimate runs on every edit, and
    only the overdue ones (for the plan check) are needed each time, which
    ``overdue`` finds without listing the rest.
    """

    window: Window  # the first window whose evidence counts
    next_window: Window  # the twelve months after it
    today: dt.date
    rows: tuple[ChecklistRow, ...] = field(repr=False, compare=False, default=())

    @cached_property
    def occurrences(self) -> tuple[Occurrence, ...]:
        """Every occurrence, by due date, then control id."""
        out = list(_occurrences(self, until=None))
        out.sort(key=lambda o: (o.due, o.control_id, o.span))
        return tuple(out)

    @cached_property
    def overdue(self) -> tuple[Occurrence, ...]:
        """The occurrences past their due date with no evidence dated in their period, by due date."""
        if "occurrences" in self.__dict__:
            return tuple(o for o in self.occurrences if o.status == "overdue")
        late = [o for o in _occurrences(self, until=self.today) if o.status == "overdue"]
        late.sort(key=lambda o: (o.due, o.control_id, o.span))
        return tuple(late)

    def of(self, control_id: str) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.control_id == control_id)


# --- windows and cycles -----------------------------------------------------------


def window_from(start: dt.date, months: int) -> Window:
    return Window(start, _add_months(start, months) - dt.timedelta(days=1), months)


def _after(d: dt.date, weeks: float) -> dt.date:
    return d + dt.timedelta(days=round(weeks * 7))


def _report_dates(window_end: dt.date, tail: Sequence[tuple[float, float]]) -> tuple[dt.date, dt.date]:
    """Report dates after a window: fieldwork then issuance, overruns combined as in the timeline."""
    low = sum(lo for lo, _ in tail)
    spread = math.sqrt(sum((hi - lo) ** 2 for lo, hi in tail))
    return _after(window_end, low), _after(window_end, low + spread)


def _months_between(a: dt.date, b: dt.date) -> int:
    return max(1, round((b - a).days / (365.25 / 12)))


def _type2_title(months: int) -> str:
    return f"{vocab.REPORT_TYPES['type2']}, {months}-month window"


def next_cycles(
    report: ReportChoice,
    timeline: Timeline,
    budget: Budget,
    *,
    type2_tail: Sequence[tuple[float, float]],
    first_type2_months: int,
    planned: bool,
) -> YearTwo:
    """The plan's report and the two that follow it, the bridge letters between them and their cost.

    ``type2_tail`` is the (low, high) weeks of a Type II's fieldwork and of its
    report issuance, from the same figures as the timeline;
    ``first_type2_months`` the window of the Type II that follows a Type I.
    """
    phases = {p.id: p for p in timeline.phases}
    cycles: list[Cycle] = []
    if report.type == "type2" and "observation" in phases:
        months = report.observation_months or first_type2_months
        w = window_from(phases["observation"].start, months)
        cycles.append(
            Cycle(
                "type2",
                _type2_title(months),
                True,
                w.end,
                timeline.report_date_earliest,
                timeline.report_date_latest,
                w,
                "The plan's own report.",
            )
        )
    else:
        as_of = phases["fieldwork"].start if "fieldwork" in phases else timeline.report_date_earliest
        cycles.append(
            Cycle(
                "type1",
                f"{vocab.REPORT_TYPES['type1']} as of {day(as_of)}",
                True,
                as_of,
                timeline.report_date_earliest,
                timeline.report_date_latest,
                None,
                "The plan's own report: the design of your controls on one day.",
            )
        )
    while len(cycles) < 3:
        prev = cycles[-1]
        first_type2 = prev.report_type == "type1"
        months = first_type2_months if first_type2 else NEXT_MONTHS
        w = window_from(prev.covered_until + dt.timedelta(days=1), months)
        earliest, latest = _report_dates(w.end, type2_tail)
        note = (
            "Straight after the Type I: the window starts the day after the Type I's date, so no "
            "period goes unexamined."
            if first_type2
            else "Back to back with the previous window: it starts the day after that one ends."
        )
        cycles.append(Cycle("type2", _type2_title(months), False, w.end, earliest, latest, w, note))

    bridges: list[Bridge] = []
    for prev, nxt in zip(cycles, cycles[1:]):
        start = prev.covered_until + dt.timedelta(days=1)
        if nxt.report_latest < start:
            continue
        n = _months_between(start, nxt.report_latest)
        ended = (
            f"Your Type I report speaks for {day(prev.covered_until)} only."
            if prev.report_type == "type1"
            else f"Your {prev.title} ends on {day(prev.covered_until)}."
        )
        bridges.append(
            Bridge(
                start,
                nxt.report_latest,
                n,
                f"{ended} Until the next report arrives (as late as "
                f"{day(nxt.report_latest)}), give customers who ask a bridge letter: your own signed statement "
                f"that nothing material has changed since {day(start)}.",
            )
        )

    renewal = money_range(budget.renewal_low, budget.renewal_high) + " a year"
    nxt = cycles[1]
    assert nxt.window is not None
    summary = (
        f"Next: a {nxt.title} from {nxt.window.text}, its report between {day(nxt.report_earliest)} and "
        f"{day(nxt.report_latest)}, then {NEXT_MONTHS}-month windows back to back each year, at about "
        f"{renewal} (the budget's yearly renewal)."
    )
    return YearTwo(
        planned=planned,
        cycles=tuple(cycles),
        bridges=tuple(bridges),
        currency=budget.currency,
        renewal_low=budget.renewal_low,
        renewal_high=budget.renewal_high,
        renewal=renewal,
        summary=summary,
    )


def calendar_windows(year_two: YearTwo) -> tuple[Window, Window]:
    """The first window whose evidence counts, and the twelve months after it.

    For a Type II plan that is its own window; for a Type I, the window of the
    Type II that follows it (a Type I tests design on one day, not a period).
    """
    windows = [c.window for c in year_two.cycles if c.window is not None]
    first = windows[0]
    nxt = windows[1] if len(windows) > 1 else window_from(first.end + dt.timedelta(days=1), NEXT_MONTHS)
    return first, nxt


# --- occurrences --------------------------------------------------------------------


def _shift(start: dt.date, step: tuple[int, int], n: int) -> dt.date:
    months, days = step
    return _add_months(start, months * n) if months else start + dt.timedelta(days=days * n)


def periods(frequency: str, window: Window) -> list[tuple[dt.date, dt.date]]:
    """Each period a control on this schedule must run in, as (first day, due day), within ``window``.

    As many periods as readiness expects (``expected_occurrences``), one after
    another from the window's start; a period is due on its last day, none
    runs past the window (a yearly control in a 3-month window is due on the
    window's last day), and the last one runs to the window's end.
    """
    step = STEPS.get(frequency)
    n = expected_occurrences(frequency, window.months)
    if step is None or not n:
        return []
    out = []
    for i in range(n):
        first = _shift(window.start, step, i)
        if first > window.end:
            break
        due = min(_shift(window.start, step, i + 1) - dt.timedelta(days=1), window.end)
        out.append((first, due))
    if out and frequency != "daily":
        # The last period runs to the window's end, so no stretch of the window falls outside
        # every period (a twice-yearly control in a 9-month window: January to September).
        # Daily ones stay a day each: a day or two left over is not a missed occurrence.
        out[-1] = (out[-1][0], window.end)
    return out


def _status(first: dt.date, due: dt.date, recorded: Sequence[dt.date], today: dt.date) -> str:
    """``recorded`` sorted: done when a recorded date falls in the period."""
    at = bisect.bisect_left(recorded, first)
    if at < len(recorded) and recorded[at] <= due:
        return "done"
    if due < today:
        return "overdue"
    if first <= today:
        return "due"
    return "upcoming"


def evidence_calendar(rows: Sequence[ChecklistRow], year_two: YearTwo, today: dt.date) -> EvidenceCalendar:
    """Every recurring, applicable control's occurrences over the window and the twelve months after it."""
    window, nxt = calendar_windows(year_two)
    return EvidenceCalendar(window, nxt, today, tuple(rows))


def _occurrences(cal: EvidenceCalendar, *, until: dt.date | None) -> Iterator[Occurrence]:
    """The calendar's occurrences, control by control; with ``until``, only those due before that day."""
    cache: dict[tuple[str, str], list[tuple[dt.date, dt.date]]] = {}
    for r in cal.rows:
        c, st = r.control, r.state
        if st.status == "not_applicable" or not c.recurring or c.frequency not in STEPS:
            continue
        recorded = sorted(r.occurrences)
        evidence = tuple(c.evidence)
        for span, w in (("window", cal.window), ("next", cal.next_window)):
            if until is not None and w.start >= until:
                continue
            key = (c.frequency, span)
            if key not in cache:
                cache[key] = periods(c.frequency, w)
            ps = cache[key]
            for i, (first, due) in enumerate(ps, start=1):
                if until is not None and due >= until:
                    break
                yield Occurrence(
                    c.id,
                    c.title,
                    c.frequency,
                    st.owner,
                    c.owner_role,
                    evidence,
                    span,
                    i,
                    len(ps),
                    first,
                    due,
                    _status(first, due, recorded, cal.today),
                )
