"""The whole estimate from a workspace's contents, and its ``summary --json`` form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from soc2wizard.domain import vocab
from soc2wizard.domain.answers import Answers
from soc2wizard.domain.catalog import Catalog
from soc2wizard.domain.display import USD, Currency
from soc2wizard.domain.format import weeks_range
from soc2wizard.domain.records import ChecklistRow, ScopeItem
from soc2wizard.estimate.assumptions import Figures, Overrides
from soc2wizard.estimate.budget import BudgetInputs, build_budget, complex_scope, round_money, systems_in_scope
from soc2wizard.estimate.checks import CheckInputs, run_checks
from soc2wizard.estimate.criteria import criterion_choices, recommend_criteria, selected_criteria
from soc2wizard.estimate.currency import convert_plan
from soc2wizard.estimate.effort import Size, capacity_hours, open_hours, size_scale
from soc2wizard.estimate.model import Budget, PlanEstimate
from soc2wizard.estimate.obligations import obligations, pci_level
from soc2wizard.estimate.cycle import evidence_calendar, next_cycles
from soc2wizard.estimate.readiness import readiness
from soc2wizard.estimate.report_type import advise_report, maturity
from soc2wizard.estimate.timeline import TimelineInputs, WorkOption, build_timeline, next_monday
from soc2wizard.estimate.words import in_currency


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _less_work(
    a: Answers, rows: Sequence[ChecklistRow], scope: Sequence[ScopeItem], categories: Sequence[str], figures: Figures
) -> tuple[WorkOption, ...]:
    """Changes of plan that leave less work open: fewer categories, internal-only systems out of scope."""
    out: list[WorkOption] = []
    size = Size(a.company.employees, a.company.engineers, systems_in_scope(scope), a.company.offices)
    scale = size_scale(figures, size)
    chosen = [c for c in categories if c != "security"]
    if chosen:
        recommended = {c.id for c in recommend_criteria(a) if c.recommended}
        keep = [c for c in chosen if c in recommended]
        if len(keep) == len(chosen):
            keep = []
        kept = {"security", *keep}
        dropped = [vocab.CRITERIA[c] for c in chosen if c not in kept]
        hours = open_hours([r for r in rows if r.control.categories & kept], scale)
        names = _join([vocab.CRITERIA[c] for c in vocab.CRITERIA if c in kept])
        out.append(
            WorkOption(
                "fewer_categories",
                f"Cover {names} only (leave out {_join(dropped)}; add {'it' if len(dropped) == 1 else 'them'} "
                "in a later report)",
                round(hours),
            )
        )
    internal = sum(1 for i in scope if i.kind == "system" and i.in_scope and i.internal_only)
    if internal:
        narrow = size_scale(figures, Size(size.employees, size.engineers, size.systems - internal, size.offices))
        hours = open_hours(rows, narrow)
        out.append(
            WorkOption(
                "narrower_scope",
                f"Take the {internal} internal-only system{'s' if internal != 1 else ''} out of scope",
                round(hours),
            )
        )
    return tuple(out)


def build_plan(
    answers: Answers,
    rows: Sequence[ChecklistRow],
    scope: Sequence[ScopeItem],
    overrides: Overrides,
    *,
    today: dt.date,
    catalog: Catalog,
    currency: Currency = USD,
) -> PlanEstimate:
    """Criteria, report type, obligations, timeline, budget, readiness and checks for one company.

    ``rows`` are the applicable controls with their state (services.checklist);
    ``overrides`` the workspace's own figures (services.list_overrides).
    Money is worked out in US dollars and given in ``currency`` (converted
    once, here: the figures by ``convert_plan``, the sentences by ``words``).
    """
    with in_currency(currency):
        plan = _build_plan(answers, rows, scope, overrides, today=today, catalog=catalog, currency=currency)
    return convert_plan(plan, currency)


def _build_plan(
    answers: Answers,
    rows: Sequence[ChecklistRow],
    scope: Sequence[ScopeItem],
    overrides: Overrides,
    *,
    today: dt.date,
    catalog: Catalog,
    currency: Currency = USD,
) -> PlanEstimate:
    a = answers
    figures = Figures(overrides, currency)
    categories = selected_criteria(a)
    systems = systems_in_scope(scope)
    scale = size_scale(figures, Size(a.company.employees, a.company.engineers, systems, a.company.offices))
    criteria = criterion_choices(a, catalog, rows, figures, scale.mid)

    start = a.plan.start or next_monday(today)
    work = open_hours(rows, scale)
    many_systems, inclusive = complex_scope(figures, scope)
    deadline = a.customers.deadline
    counted = [r for r in rows if r.state.status != "not_applicable"]
    design_share = (sum(r.state.status == "implemented" for r in counted) / len(counted)) if counted else None
    mature = design_share is not None and design_share >= figures.high("readiness.mature_share")
    capacity = capacity_hours(figures, a.company.employees)
    less_work = _less_work(a, rows, scope, categories, figures)

    def inputs(report_type: str, months: int | None) -> TimelineInputs:
        return TimelineInputs(
            start=start,
            report_type=report_type,
            months=months if report_type == "type2" else None,
            open_hours=work,
            weekly_hours=a.plan.weekly_hours,
            deadline=deadline,
            complex_scope=many_systems or inclusive,
            mature=mature,
            capacity=capacity,
            less_work=less_work,
            today=today,
        )

    def finish(report_type: str, months: int | None) -> tuple[dt.date, dt.date]:
        t = build_timeline(figures, inputs(report_type, months), with_options=False)
        return t.report_date_earliest, t.report_date_latest

    report = advise_report(a, maturity_share=maturity(a, design_share), finish=finish, figures=figures)
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
            open_hours=work,
            systems=systems,
            pci_level=pci_level(a),
            mature=mature,
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
    scratch = figures["phase.remediation.scratch"]
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
            today=today,
            ready_percent=round(figures.high("readiness.before_fieldwork") * 100),
            remediation_limit_weeks=scratch.high,
            remediation_limit_text=weeks_range(scratch.low, scratch.high),
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
        assumptions_used=tuple(figures.used),
        year_two=year_two,
        calendar=calendar,
    )


def _num(x: float) -> float | int:
    """Weeks as people read them: whole numbers where whole, else one decimal."""
    r = round(float(x), 1)
    return int(r) if r.is_integer() else r


def _cost(b: Budget) -> dict[str, Any]:
    """The budget in its currency; in another currency than US dollars, the rate and the published figures too."""
    out: dict[str, Any] = {
        "currency": b.currency,
        "low": round_money(b.low),
        "high": round_money(b.high),
        "items": [
            {"id": i.id, "low": round_money(i.low), "high": round_money(i.high), "in_total": i.in_total}
            for i in b.items
        ],
        "renewal": {
            "low": round_money(b.renewal_low),
            "high": round_money(b.renewal_high),
            "items": [
                {"id": i.id, "title": i.title, "low": round_money(i.low), "high": round_money(i.high)}
                for i in b.renewal_items
            ],
        },
    }
    if b.published is not None:
        out["exchange_rate"] = {"from": b.published.currency, "to": b.currency, "rate": b.rate, "note": b.rate_note}
        out["published"] = _cost(b.published)
    return out


def _quotes(plan: PlanEstimate) -> list[dict[str, Any]]:
    """Each money figure the user typed: as typed (with its currency), the US dollars used, and as shown."""
    out = []
    for a in plan.assumptions:
        q = a.quote
        if q is None:
            continue
        out.append(
            {
                "key": a.key,
                "title": a.title,
                "unit": a.unit,
                "typed": {"currency": q.currency, "low": q.low, "high": q.high, "rate": q.rate},
                "used": {"currency": "USD", "low": round(a.low, 2), "high": round(a.high, 2)},
                "shown": {
                    "currency": a.currency,
                    "low": round(a.shown_low if a.shown_low is not None else a.low, 2),
                    "high": round(a.shown_high if a.shown_high is not None else a.high, 2),
                },
            }
        )
    return out


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
            {"framework": o.framework, "title": o.title, "required": o.required, "basis": o.basis, "reason": o.reason}
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
            "deadline_passed": t.deadline_passed,
            "deadline": t.deadline.isoformat() if t.deadline else None,
            "open_hours": round(t.open_effort_hours),
            "capacity_hours": t.capacity_hours,
            "options": [
                {"id": o.id, "report_date_latest": o.report_date_latest.isoformat(), "meets_deadline": o.meets_deadline}
                for o in t.options
            ],
        },
        "cost": _cost(b),
        "readiness": {
            "percent": r.design_percent,
            "by_criterion": {c.id: c.design for c in r.by_criterion},
            "operating_percent": r.operating_percent,
        },
        "checks": [{"id": c.id, "severity": c.severity, "message": c.message} for c in plan.checks],
        "overridden": [x.key for x in plan.assumptions if x.overridden],
        "quotes": _quotes(plan),
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
            "renewal": _cost(plan.budget)["renewal"],  # the budget's year two, the one figure
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
