"""The whole estimate from a workspace's contents, and its ``summary --json`` form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from soc2wizard.domain.answers import Answers
from soc2wizard.domain.catalog import Catalog
from soc2wizard.domain.records import ChecklistRow, ScopeItem
from soc2wizard.estimate.assumptions import Figures, Overrides
from soc2wizard.estimate.budget import BudgetInputs, build_budget, complex_scope, round_money
from soc2wizard.estimate.checks import CheckInputs, run_checks
from soc2wizard.estimate.criteria import criterion_choices, selected_criteria
from soc2wizard.estimate.cycle import evidence_calendar, next_cycles
from soc2wizard.estimate.model import PlanEstimate
from soc2wizard.estimate.obligations import obligations
from soc2wizard.estimate.readiness import readiness
from soc2wizard.estimate.report_type import advise_report, maturity
from soc2wizard.estimate.timeline import (
    TimelineInputs,
    build_timeline,
    next_monday,
    open_effort_hours,
)


def build_plan(
    answers: Answers,
    rows: Sequence[ChecklistRow],
    scope: Sequence[ScopeItem],
    overrides: Overrides,
    *,
    today: dt.date,
    catalog: Catalog,
) -> PlanEstimate:
    """Criteria, report type, obligations, timeline, budget, readiness and checks for one company.

    ``rows`` are the applicable controls with their state (services.checklist);
    ``overrides`` the workspace's own figures (services.list_overrides).
    """
    a = answers
    figures = Figures(overrides)
    categories = selected_criteria(a)
    criteria = criterion_choices(a, catalog, rows, figures)

    start = a.plan.start or next_monday(today)
    open_hours = open_effort_hours(rows)
    many_systems, inclusive = complex_scope(scope)
    deadline = a.customers.deadline
    counted = [r for r in rows if r.state.status != "not_applicable"]
    design_share = (sum(r.state.status == "implemented" for r in counted) / len(counted)) if counted else 0.0

    def inputs(report_type: str, months: int | None) -> TimelineInputs:
        return TimelineInputs(
            start=start,
            report_type=report_type,
            months=months if report_type == "type2" else None,
            open_hours=open_hours,
            weekly_hours=a.plan.weekly_hours,
            deadline=deadline,
            complex_scope=many_systems or inclusive,
            mature=design_share >= 0.8,
        )

    def finish(report_type: str, months: int | None) -> tuple[dt.date, dt.date]:
        t = build_timeline(figures, inputs(report_type, months), with_options=False)
        return t.report_date_earliest, t.report_date_latest

    report = advise_report(a, maturity_share=maturity(a, design_share), finish=finish)
    timeline = build_timeline(figures, inputs(report.type, report.observation_months))

    window_start = next((p.start for p in timeline.phases if p.id == "observation"), None)
    criterion_ids = [c.id for c in catalog.criteria_in(categories)]
    ready = readiness(
        rows,
        criterion_ids,
        report_type=report.type,
        months=report.observation_months,
        window_start=window_start,
        today=today,
    )

    budget = build_budget(
        figures,
        BudgetInputs(
            report_type=report.type,
            auditor_tier=a.plan.auditor_tier,
            extra_criteria=len([c for c in categories if c != "security"]),
            employees=a.company.employees,
            many_systems=many_systems,
            inclusive_subservice=inclusive,
            open_hours=open_hours,
        ),
        timeline,
        a.company.employees,
    )

    fieldwork = "phase.fieldwork.type2_complex" if many_systems or inclusive else "phase.fieldwork.type2"
    year_two = next_cycles(
        report,
        timeline,
        budget,
        type2_tail=[(figures.low(k), figures.high(k)) for k in (fieldwork, "phase.report")],
        first_type2_months=a.plan.observation_months or report.recommended_months,
        planned=a.plan.start is not None or a.plan.report_type is not None,
    )
    calendar = evidence_calendar(rows, year_two, today)

    months = report.observation_months or report.recommended_months
    checks = run_checks(
        CheckInputs(
            answers=a,
            rows=rows,
            scope=scope,
            report=report,
            timeline=timeline,
            readiness=ready,
            type1_latest=finish("type1", None)[1],
            type2_latest=finish("type2", months)[1],
            calendar=calendar,
        )
    )
    return PlanEstimate(
        company=a.company.name,
        today=today,
        criteria=criteria,
        report=report,
        obligations=obligations(a),
        timeline=timeline,
        budget=budget,
        readiness=ready,
        checks=checks,
        assumptions=figures.all(),
        year_two=year_two,
        calendar=calendar,
    )


def _num(x: float) -> float | int:
    """Weeks as people read them: whole numbers where whole, else one decimal."""
    r = round(float(x), 1)
    return int(r) if r.is_integer() else r


def summary_to_json(plan: PlanEstimate) -> dict[str, Any]:
    """The plan in PRODUCT.md's "Plan summary" format (plus a few extra keys)."""
    t, b, r = plan.timeline, plan.budget, plan.readiness
    return {
        "company": plan.company,
        "criteria": [
            {"id": c.id, "selected": c.selected, "recommended": c.recommended, "reasons": list(c.reasons)}
            for c in plan.criteria
        ],
        "report": {
            "type": plan.report.type,
            "observation_months": plan.report.observation_months,
            "reasons": list(plan.report.reasons),
            "recommended_type": plan.report.recommended_type,
        },
        "obligations": [
            {"framework": o.framework, "required": o.required, "basis": o.basis, "reason": o.reason}
            for o in plan.obligations
        ],
        "timeline": {
            "phases": [
                {
                    "id": p.id,
                    "weeks_low": _num(p.weeks_low),
                    "weeks_high": _num(p.weeks_high),
                    "start": p.start.isoformat(),
                    "end": p.end_high.isoformat(),
                    "start_latest": (p.start_high or p.start).isoformat(),
                    "end_earliest": p.end_low.isoformat(),
                }
                for p in t.phases
            ],
            "weeks_low": _num(t.weeks_low),
            "weeks_high": _num(t.weeks_high),
            "report_date_earliest": t.report_date_earliest.isoformat(),
            "report_date_latest": t.report_date_latest.isoformat(),
            "deadline_met": t.deadline_met,
            "deadline": t.deadline.isoformat() if t.deadline else None,
        },
        "cost": {
            "currency": b.currency,
            "low": round_money(b.low),
            "high": round_money(b.high),
            "items": [
                {"id": i.id, "low": round_money(i.low), "high": round_money(i.high), "in_total": i.in_total}
                for i in b.items
            ],
            "renewal": {"low": round_money(b.renewal_low), "high": round_money(b.renewal_high)},
        },
        "readiness": {
            "percent": r.design_percent,
            "by_criterion": {c.id: c.design for c in r.by_criterion},
            "operating_percent": r.operating_percent,
        },
        "checks": [{"id": c.id, "severity": c.severity, "message": c.message} for c in plan.checks],
        "overridden": [x.key for x in plan.assumptions if x.overridden],
        **_through_the_year(plan),
    }


def _through_the_year(plan: PlanEstimate) -> dict[str, Any]:
    """The next cycle and the evidence calendar's headline, for ``summary --json``."""
    out: dict[str, Any] = {}
    y, cal = plan.year_two, plan.calendar
    if y is not None:
        out["next_cycle"] = {
            "planned": y.planned,
            "cycles": [
                {
                    "report_type": c.report_type,
                    "current": c.current,
                    "window_start": c.window.start.isoformat() if c.window else None,
                    "window_end": c.window.end.isoformat() if c.window else None,
                    "observation_months": c.window.months if c.window else None,
                    "covered_until": c.covered_until.isoformat(),
                    "report_date_earliest": c.report_earliest.isoformat(),
                    "report_date_latest": c.report_latest.isoformat(),
                }
                for c in y.cycles
            ],
            "bridge_letters": [{"from": b.start.isoformat(), "until": b.end.isoformat()} for b in y.bridges],
            "renewal": {"low": round_money(y.renewal_low), "high": round_money(y.renewal_high)},
        }
    if cal is not None:
        nxt = next((o for o in cal.occurrences if o.status in ("due", "upcoming")), None)
        out["evidence_calendar"] = {
            "window_start": cal.window.start.isoformat(),
            "window_end": cal.window.end.isoformat(),
            "next_window_end": cal.next_window.end.isoformat(),
            "occurrences": len(cal.occurrences),
            "overdue": len(cal.overdue),
            "next_due": nxt.due.isoformat() if nxt else None,
        }
    return out
