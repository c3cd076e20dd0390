"""When the report can be ready: phases as ranges, dates, and ways to meet a deadline.

Remediation is driven by the actual gap: the effort hours of the applicable
controls still open, divided by the hours the team gives each week, then held
within the published range (never below a mature company's 1–2 months, never
above a year).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from soc2wizard.domain.answers import MAX_WEEKLY_HOURS
from soc2wizard.domain.records import ChecklistRow
from soc2wizard.estimate.assumptions import Figures
from soc2wizard.estimate.model import DeadlineOption, Phase, Timeline
from soc2wizard.estimate.words import WEEKS_PER_MONTH, day

PHASE_TITLES: dict[str, str] = {
    "readiness": "Readiness assessment",
    "remediation": "Remediation",
    "pre_audit": "Pre-audit preparation",
    "observation": "Observation window",
    "fieldwork": "Auditor fieldwork",
    "report": "Report issuance",
}


def next_monday(today: dt.date) -> dt.date:
    """The first Monday after ``today`` (a week later when today is a Monday)."""
    return today + dt.timedelta(days=7 - today.weekday())


def open_effort_hours(rows: Sequence[ChecklistRow]) -> float:
    """Hours of work left: controls not started count in full, in progress count half."""
    total = 0.0
    for r in rows:
        if r.state.status == "not_started":
            total += r.control.effort_hours
        elif r.state.status == "in_progress":
            total += r.control.effort_hours / 2
    return total


def remediation_weeks(figures: Figures, open_hours: float, weekly_hours: float) -> tuple[float, float]:
    """Low and high weeks of remediation for this gap and capacity, within the published range."""
    floor = figures["phase.remediation.mature"]
    ceiling = figures.high("phase.remediation.max")
    overrun = figures["phase.remediation.overrun"]
    weeks = open_hours / max(weekly_hours, 1)
    low = min(max(weeks * overrun.low, floor.low), ceiling)
    high = min(max(weeks * overrun.high, floor.high), ceiling)
    return low, max(low, high)


@dataclass(frozen=True)
class TimelineInputs:
    start: dt.date
    report_type: str
    months: int | None
    open_hours: float
    weekly_hours: int
    deadline: dt.date | None = None
    complex_scope: bool = False
    mature: bool = False  # most controls in place: a shorter readiness assessment


def _phase_weeks(figures: Figures, i: TimelineInputs) -> list[tuple[str, float, float, str]]:
    rem_low, rem_high = remediation_weeks(figures, i.open_hours, i.weekly_hours)
    rk = "phase.readiness.mature" if i.mature else "phase.readiness"
    out = [
        ("readiness", figures.low(rk), figures.high(rk), ""),
        (
            "remediation",
            rem_low,
            rem_high,
            f"{round(i.open_hours):,} hours of open work at {i.weekly_hours} hours a week.",
        ),
        ("pre_audit", figures.low("phase.pre_audit"), figures.high("phase.pre_audit"), ""),
    ]
    if i.report_type == "type2":
        months = i.months or 3
        w = months * WEEKS_PER_MONTH
        out.append(("observation", w, w, f"{months} months during which controls must run and leave evidence."))
        key = "phase.fieldwork.type2_complex" if i.complex_scope else "phase.fieldwork.type2"
    else:
        key = "phase.fieldwork.type1"
    out.append(("fieldwork", figures.low(key), figures.high(key), ""))
    out.append(("report", figures.low("phase.report"), figures.high("phase.report"), ""))
    return out


def _after(start: dt.date, weeks: float) -> dt.date:
    return start + dt.timedelta(days=round(weeks * 7))


def _build(figures: Figures, i: TimelineInputs) -> Timeline:
    """Phase dates from the start; the latest dates assume phases do not all run long at once.

    Each phase's spread (high minus low) is how long it may overrun. Adding
    every phase's high end would assume they all overrun together: for a
    mature company's Type I that gives 6.7 months, past the published
    end-to-end range of 2–6 months. Overruns are combined instead as the
    square root of the sum of their squares (independent delays), which
    keeps the typical profiles inside the published end-to-end ranges and
    never puts a phase's latest end before its earliest.
    """
    phases: list[Phase] = []
    cum_low = 0.0
    spread_sq = 0.0
    for pid, lo, hi, note in _phase_weeks(figures, i):
        before_high = cum_low + math.sqrt(spread_sq)
        spread_sq += (hi - lo) ** 2
        phases.append(
            Phase(
                id=pid,
                title=PHASE_TITLES[pid],
                weeks_low=round(lo, 1),
                weeks_high=round(hi, 1),
                start=_after(i.start, cum_low),
                end_low=_after(i.start, cum_low + lo),
                end_high=_after(i.start, cum_low + lo + math.sqrt(spread_sq)),
                start_high=_after(i.start, before_high),
                note=note,
            )
        )
        cum_low += lo
    cum_high = cum_low + math.sqrt(spread_sq)
    earliest, latest = _after(i.start, cum_low), _after(i.start, cum_high)
    return Timeline(
        start=i.start,
        phases=tuple(phases),
        weeks_low=round(cum_low, 1),
        weeks_high=round(cum_high, 1),
        report_date_earliest=earliest,
        report_date_latest=latest,
        deadline=i.deadline,
        deadline_met=None if i.deadline is None else latest <= i.deadline,
        open_effort_hours=round(i.open_hours, 1),
    )


def latest_report(figures: Figures, i: TimelineInputs) -> dt.date:
    return _build(figures, i).report_date_latest


def _hours_needed(figures: Figures, i: TimelineInputs) -> int | None:
    """The fewest weekly hours that meet the deadline, or None if no capacity would."""
    assert i.deadline is not None

    def meets(h: int) -> bool:
        return latest_report(figures, _with(i, weekly_hours=h)) <= i.deadline  # type: ignore[operator]

    lo, hi = i.weekly_hours + 1, MAX_WEEKLY_HOURS
    if lo > hi or not meets(hi):
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if meets(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _with(i: TimelineInputs, **changes: object) -> TimelineInputs:
    return replace(i, **changes)  # type: ignore[arg-type]


def deadline_options(figures: Figures, i: TimelineInputs, current: Timeline) -> tuple[DeadlineOption, ...]:
    """Changes that would meet a missed deadline, each worked out by re-running the timeline."""
    if i.deadline is None or current.deadline_met is not False:
        return ()
    deadline = i.deadline
    out: list[DeadlineOption] = []
    if i.report_type == "type2":
        t1 = _build(figures, _with(i, report_type="type1", months=None))
        ok = t1.report_date_latest <= deadline
        out.append(
            DeadlineOption(
                "type1_first",
                f"Get a Type I report first: it can be ready by {day(t1.report_date_latest)}"
                + (", in time for your deadline" if ok else ", still after your deadline but sooner")
                + ". Start the Type II window straight after it; a bridge letter (your own signed "
                "statement that nothing material changed) covers the months until the Type II report arrives.",
                t1.report_date_latest,
                ok,
            )
        )
        if (i.months or 3) > 3:
            t3 = _build(figures, _with(i, months=3))
            ok = t3.report_date_latest <= deadline
            out.append(
                DeadlineOption(
                    "shorter_window",
                    f"Shorten the observation window to 3 months: the report arrives by "
                    f"{day(t3.report_date_latest)}"
                    + (", in time" if ok else ", still late")
                    + ". Many auditors accept 3 months for a first Type II, though some buyers expect 6.",
                    t3.report_date_latest,
                    ok,
                )
            )
    if i.open_hours > 0:
        needed = _hours_needed(figures, i)
        if needed is not None:
            t = _build(figures, _with(i, weekly_hours=needed))
            out.append(
                DeadlineOption(
                    "more_hours",
                    f"Put {needed} hours a week into remediation instead of {i.weekly_hours}: "
                    f"the report arrives by {day(t.report_date_latest)}, in time.",
                    t.report_date_latest,
                    True,
                )
            )
        else:
            doubled = min(i.weekly_hours * 2, MAX_WEEKLY_HOURS)
            t = _build(figures, _with(i, weekly_hours=doubled))
            if t.report_date_latest < current.report_date_latest:
                out.append(
                    DeadlineOption(
                        "more_hours",
                        f"Doubling to {doubled} hours a week brings the report to {day(t.report_date_latest)}; "
                        "more hours alone cannot meet the deadline, because the other phases take their own time.",
                        t.report_date_latest,
                        False,
                    )
                )
    return tuple(out)


def build_timeline(figures: Figures, i: TimelineInputs, *, with_options: bool = True) -> Timeline:
    """The phases from ``i.start``, the report date range, and options if a deadline is missed."""
    t = _build(figures, i)
    if with_options:
        t = replace(t, options=deadline_options(figures, i, t))
    return t
