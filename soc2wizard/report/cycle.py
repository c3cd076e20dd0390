"""The report's through-the-year sections as data: the next cycle after this plan's report,
and progress since the last snapshot kept. ``report.model.build_report`` attaches them; their
names stay importable from ``soc2wizard.report.model``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from soc2wizard.domain import format as fmt
from soc2wizard.domain import vocab
from soc2wizard.estimate.model import PlanEstimate
from soc2wizard.estimate.progress import Side

if TYPE_CHECKING:
    from soc2wizard.report.model import ReportInput


@dataclass(frozen=True)
class CycleRow:
    title: str  # "Type II, 12-month window"
    period: str  # what the report speaks for
    report: str  # when it arrives
    cost: str
    note: str


@dataclass(frozen=True)
class YearTwoSection:
    planned: bool
    lead: str
    cycles: tuple[CycleRow, ...]  # the plan's report first
    bridges: tuple[str, ...]
    renewal: str


def year_two(est: PlanEstimate) -> YearTwoSection | None:
    y = est.year_two
    if y is None:
        return None
    rows = []
    for c in y.cycles:
        if c.window is not None:
            period = f"Window {fmt.day(c.window.start)} {fmt.DASH} {fmt.day(c.window.end)}"
        else:
            period = f"Design on {fmt.day(c.covered_until)}"
        report = (
            fmt.day(c.report_earliest)
            if c.report_earliest == c.report_latest
            else f"{fmt.day(c.report_earliest)} {fmt.DASH} {fmt.day(c.report_latest)}"
        )
        cost = "In the first-year budget" if c.current else f"About {y.renewal}"
        rows.append(CycleRow(("This plan: " if c.current else "") + c.title, period, report, cost, c.note))
    lead = y.summary
    if not y.planned:
        lead = "Worked out from the recommended plan; choose a report type or a start date to fix it. " + lead
    return YearTwoSection(y.planned, lead, tuple(rows), tuple(b.message for b in y.bridges), y.renewal)


@dataclass(frozen=True)
class ChangeRow:
    control_id: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class ThenNow:
    label: str
    then: str
    now: str


@dataclass(frozen=True)
class HistoryPoint:
    label: str  # the snapshot's name, or "Now"
    date: dt.date
    design: int
    operating: int | None


@dataclass(frozen=True)
class ProgressSection:
    title: str  # "Progress since <snapshot>"
    since: str
    since_date: dt.date
    lead: str
    controls: tuple[ChangeRow, ...]
    criteria: tuple[ThenNow, ...]  # criteria whose readiness moved
    figures: tuple[ThenNow, ...]  # readiness overall and the estimate, then and now
    history: tuple[HistoryPoint, ...]  # every snapshot, then now


def _state_text(v: dict | None, changed: Sequence[str]) -> str:
    if v is None:
        return "Not in the plan"
    parts = [vocab.STATUSES.get(v.get("status") or "", str(v.get("status")))]
    if "owner" in changed:
        parts.append(f"owner {v['owner']}" if v.get("owner") else "no owner")
    if "due_date" in changed:
        parts.append(f"due {fmt.day(dt.date.fromisoformat(v['due_date']))}" if v.get("due_date") else "no due date")
    if "evidence" in changed:
        n = v.get("evidence") or 0
        parts.append(f"{n} evidence item{'s' if n != 1 else ''}")
    return ", ".join(parts)


def _estimate_rows(e_then: dict, e_now: dict, r_then: dict, r_now: dict) -> tuple[ThenNow, ...]:
    def report(e: dict) -> str:
        label = vocab.REPORT_TYPES.get(e.get("report_type") or "", "")
        return label + (f", {e['observation_months']}-month window" if e.get("observation_months") else "")

    def dates(e: dict) -> str:
        a, b = dt.date.fromisoformat(e["report_date_earliest"]), dt.date.fromisoformat(e["report_date_latest"])
        return fmt.day(a) if a == b else f"{fmt.day(a)} {fmt.DASH} {fmt.day(b)}"

    def ready(r: dict) -> str:
        return f"{r['design_percent']}% ({r['implemented']} of {r['applicable']})"

    rows = [
        ThenNow("Controls in place", ready(r_then), ready(r_now)),
        ThenNow(
            "Recurring activity recorded",
            fmt.percent(r_then["operating_percent"]),
            fmt.percent(r_now["operating_percent"]),
        ),
        ThenNow("Report", report(e_then), report(e_now)),
        ThenNow("Report expected", dates(e_then), dates(e_now)),
        ThenNow(
            "Budget, first year",
            fmt.money_range(e_then["cost_low"], e_then["cost_high"], e_then["currency"]),
            fmt.money_range(e_now["cost_low"], e_now["cost_high"], e_now["currency"]),
        ),
        ThenNow(
            "Yearly renewal",
            fmt.money_range(e_then["renewal_low"], e_then["renewal_high"], e_then["currency"]),
            fmt.money_range(e_now["renewal_low"], e_now["renewal_high"], e_now["currency"]),
        ),
        ThenNow(
            "Open work", f"{round(e_then['open_effort_hours']):,} hours", f"{round(e_now['open_effort_hours']):,} hours"
        ),
    ]
    return tuple(rows)


def progress(data: ReportInput, est: PlanEstimate) -> ProgressSection | None:
    """Progress since the last snapshot kept, against the plan as it stands in this report."""
    if not data.snapshots:
        return None
    from soc2wizard.estimate.progress import compare, snapshot_body

    last = data.snapshots[-1]
    now = Side(None, est.today.isoformat(), snapshot_body(est, data.rows))
    c = compare(last, now)
    name = last.name or ""
    since_date = dt.date.fromisoformat(last.date)
    controls = tuple(
        ChangeRow(x.control_id, x.title, _state_text(x.before, x.changed), _state_text(x.after, x.changed))
        for x in c.controls
    )
    criteria = tuple(
        ThenNow(k.id, fmt.percent(k.design_before), fmt.percent(k.design_after))
        for k in c.criteria
        if k.design_before != k.design_after
    )
    rb, ra = c.readiness_before, c.readiness_after
    moved = ra["design_percent"] - rb["design_percent"]
    trend = f"up {moved} points" if moved > 0 else f"down {-moved} points" if moved < 0 else "unchanged"
    n = len(controls)
    lead = (
        f"Since the snapshot \u201c{name}\u201d of {fmt.day(since_date)}, {n} control{'s' if n != 1 else ''} "
        f"changed and the share of controls in place went from {rb['design_percent']}% to "
        f"{ra['design_percent']}% ({trend})."
    )
    history = tuple(
        HistoryPoint(
            s.name or "Now",
            dt.date.fromisoformat(s.date),
            s.body["readiness"]["design_percent"],
            s.body["readiness"]["operating_percent"],
        )
        for s in (*data.snapshots, now)
    )
    return ProgressSection(
        title=f"Progress since {name}",
        since=name,
        since_date=since_date,
        lead=lead,
        controls=controls,
        criteria=criteria,
        figures=_estimate_rows(c.estimate_before, c.estimate_after, rb, ra),
        history=history,
    )
