"""When the report can be ready: phases as ranges, dates, and ways to meet a deadline.

Remediation is driven by the actual gap: the open work (``effort.open_hours``,
already scaled to the company's size) divided by the hours the team gives each
week, with the overrun allowance for the high end. There is no floor and no
ceiling: with nothing open remediation takes no time, and a gap the team's
hours cannot close soon shows its real length (a plan check says so).

Preparation runs in parallel (figures.md, scoping practice): remediation
starts on day one, while the readiness assessment is done; the auditor is
engaged and the evidence rehearsed during the last weeks of remediation, so
pre-audit preparation ends with remediation (or follows the assessment for its
own length when remediation is shorter).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

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


def remediation_weeks(figures: Figures, open_hours: float, weekly_hours: float) -> tuple[float, float]:
    """Low and high weeks of remediation for this open work and capacity: no floor, no ceiling."""
    if open_hours <= 0:
        return 0.0, 0.0
    overrun = figures["phase.remediation.overrun"]
    weeks = open_hours / max(weekly_hours, 1)
    return weeks * overrun.low, weeks * max(overrun.low, overrun.high)


@dataclass(frozen=True)
class WorkOption:
    """A change of plan that leaves less work open (fewer categories, a narrower scope)."""

    id: str
    change: str  # "Cover Security and Availability only (leave out Privacy)"
    open_hours: float


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
    capacity: int = 0  # the most weekly hours the company can give (0: no cap)
    less_work: tuple[WorkOption, ...] = ()
    today: dt.date | None = None  # a deadline before it has passed: no plan meets it


PRE_AUDIT_NOTE = "Runs alongside the last weeks of remediation: engage the auditor and rehearse the evidence."


def _after(start: dt.date, weeks: float) -> dt.date:
    return start + dt.timedelta(days=round(weeks * 7))


def _build(figures: Figures, i: TimelineInputs) -> Timeline:
    """Phase dates from the start; the latest dates assume phases do not all run long at once.

    Each phase's spread (high minus low) is how long it may overrun. Adding
    every phase's high end would assume they all overrun together: for a
    mature company's Type I that lands past the published end-to-end range.
    Overruns are combined instead as the square root of the sum of their
    squares (independent delays), which never puts a phase's latest end
    before its earliest. Readiness, remediation and pre-audit preparation
    form one block: the longer of remediation and the assessment followed by
    the preparation.
    """
    phases: list[Phase] = []
    cum_low = 0.0
    spread_sq = 0.0

    def add(pid: str, lo: float, hi: float, note: str = "") -> None:
        nonlocal cum_low, spread_sq
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

    # The preparation block: remediation starts on day one (the checklist already
    # shows the gaps) while the readiness assessment runs; pre-audit preparation
    # follows the assessment and ends no earlier than remediation.
    rk = "phase.readiness.mature" if i.mature else "phase.readiness"
    r_low, r_high = figures.low(rk), figures.high(rk)
    rem_low, rem_high = remediation_weeks(figures, i.open_hours, i.weekly_hours)
    pre_low, pre_high = figures.low("phase.pre_audit"), figures.high("phase.pre_audit")
    seq_low = r_low + pre_low
    seq_high = seq_low + math.sqrt((r_high - r_low) ** 2 + (pre_high - pre_low) ** 2)
    block_low, block_high = max(seq_low, rem_low), max(seq_high, rem_high)
    rem_note = (
        f"{round(i.open_hours):,} hours of open work at {i.weekly_hours} hours a week, starting alongside "
        "the readiness assessment."
        if i.open_hours > 0
        else "Nothing is open: every applicable control is implemented or not applicable."
    )

    def from_day_one(pid: str, lo: float, hi: float, note: str = "") -> Phase:
        return Phase(
            id=pid,
            title=PHASE_TITLES[pid],
            weeks_low=round(lo, 1),
            weeks_high=round(hi, 1),
            start=i.start,
            end_low=_after(i.start, lo),
            end_high=_after(i.start, hi),
            start_high=i.start,
            note=note,
        )

    phases.append(from_day_one("readiness", r_low, r_high))
    phases.append(from_day_one("remediation", rem_low, rem_high, rem_note))
    phases.append(
        Phase(
            id="pre_audit",
            title=PHASE_TITLES["pre_audit"],
            weeks_low=round(pre_low, 1),
            weeks_high=round(pre_high, 1),
            start=_after(i.start, max(r_low, block_low - pre_low)),
            end_low=_after(i.start, block_low),
            end_high=_after(i.start, block_high),
            start_high=_after(i.start, max(r_high, block_high - pre_high)),
            note=PRE_AUDIT_NOTE if rem_low > seq_low else "",
        )
    )
    cum_low = block_low
    spread_sq = (block_high - block_low) ** 2

    if i.report_type == "type2":
        months = i.months or 3
        w = months * WEEKS_PER_MONTH
        add("observation", w, w, f"{months} months during which controls must run and leave evidence.")
        key = "phase.fieldwork.type2_complex" if i.complex_scope else "phase.fieldwork.type2"
    else:
        key = "phase.fieldwork.type1"
    add("fieldwork", figures.low(key), figures.high(key))
    add("report", figures.low("phase.report"), figures.high("phase.report"))

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
        deadline_met=None if i.deadline is None else latest <= i.deadline and not _passed(i),
        deadline_passed=_passed(i),
        open_effort_hours=round(i.open_hours),
        report_type=i.report_type,
        capacity_hours=i.capacity,
    )


def _passed(i: TimelineInputs) -> bool:
    return i.deadline is not None and i.today is not None and i.deadline < i.today


def latest_report(figures: Figures, i: TimelineInputs) -> dt.date:
    return _build(figures, i).report_date_latest


def _hours_needed(figures: Figures, i: TimelineInputs, cap: int) -> int | None:
    """The fewest weekly hours, up to ``cap``, that meet the deadline; None if none would."""
    assert i.deadline is not None

    def meets(h: int) -> bool:
        return latest_report(figures, _with(i, weekly_hours=h)) <= i.deadline  # type: ignore[operator]

    lo, hi = i.weekly_hours + 1, cap
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


REPORT_WORDS = {"type1": "Type I", "type2": "Type II"}


def deadline_options(figures: Figures, i: TimelineInputs, current: Timeline) -> tuple[DeadlineOption, ...]:
    """Changes that would meet a missed deadline, each worked out by re-running the timeline.

    More hours are never asked beyond the company's capacity (``i.capacity``,
    from the ``capacity.*`` assumptions); options that leave less work open
    (fewer categories, a narrower scope) come from ``i.less_work``.
    """
    if i.deadline is None or current.deadline_met is not False or current.deadline_passed:
        return ()  # nothing to meet, or nothing can: a passed deadline needs a new date, not a faster plan
    deadline = i.deadline
    kind = REPORT_WORDS.get(i.report_type, i.report_type)
    out: list[DeadlineOption] = []

    def late(d: dt.date) -> str:
        return ", in time for your deadline" if d <= deadline else ", still after your deadline but sooner"

    if i.report_type == "type2":
        t1 = _build(figures, _with(i, report_type="type1", months=None))
        d = t1.report_date_latest
        out.append(
            DeadlineOption(
                "type1_first",
                f"Get a Type I report first: it can be ready by {day(d)} at the latest{late(d)}. Start the Type II window "
                "straight after it; a bridge letter (your own signed statement that nothing material changed) "
                "covers the months until the Type II report arrives.",
                d,
                d <= deadline,
            )
        )
        if (i.months or 3) > 3:
            t3 = _build(figures, _with(i, months=3))
            d = t3.report_date_latest
            out.append(
                DeadlineOption(
                    "shorter_window",
                    f"Shorten the observation window to 3 months: the Type II report can be ready by {day(d)} at the latest"
                    f"{late(d)}. Many auditors accept 3 months for a first Type II, though some buyers expect 6.",
                    d,
                    d <= deadline,
                )
            )
    for w in i.less_work:
        if w.open_hours >= i.open_hours:
            continue
        t = _build(figures, _with(i, open_hours=w.open_hours))
        d = t.report_date_latest
        if d >= current.report_date_latest:
            continue
        out.append(
            DeadlineOption(
                w.id,
                f"{w.change}: that leaves about {round(w.open_hours):,} hours to do instead of {round(i.open_hours):,}, "
                f"and the {kind} report can be ready by {day(d)} at the latest{late(d)}.",
                d,
                d <= deadline,
            )
        )
    cap = i.capacity or i.weekly_hours
    if i.open_hours > 0 and cap > i.weekly_hours:
        needed = _hours_needed(figures, i, cap)
        if needed is not None:
            t = _build(figures, _with(i, weekly_hours=needed))
            out.append(
                DeadlineOption(
                    "more_hours",
                    f"Put {needed} hours a week into remediation instead of {i.weekly_hours}: "
                    f"the {kind} report can be ready by {day(t.report_date_latest)} at the latest, in time for "
                    "your deadline.",
                    t.report_date_latest,
                    True,
                )
            )
        else:
            t = _build(figures, _with(i, weekly_hours=cap))
            if t.report_date_latest < current.report_date_latest:
                out.append(
                    DeadlineOption(
                        "more_hours",
                        f"At most about {cap} hours a week (what a company your size can give) brings the {kind} "
                        f"report to {day(t.report_date_latest)}, still after your deadline: more hours alone "
                        "cannot meet it, because the other phases take their own time.",
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
