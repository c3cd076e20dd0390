"""What it costs: each item a low–high range worked out from the assumptions table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from soc2wizard.domain.records import ScopeItem
from soc2wizard.estimate.assumptions import Figures
from soc2wizard.estimate.model import Budget, CostItem, Timeline
from soc2wizard.estimate.words import WEEKS_PER_MONTH, money, money_range


def round_money(x: float) -> int:
    """To the nearest $100: estimates are ranges, not quotes."""
    return int(math.floor(x / 100.0 + 0.5)) * 100


def complex_scope(scope: Sequence[ScopeItem]) -> tuple[bool, bool]:
    """(more than five systems in scope, a subservice organisation included with the inclusive method)."""
    systems = sum(1 for i in scope if i.kind == "system" and i.in_scope)
    inclusive = any(i.kind == "subservice" and i.in_scope and i.method == "inclusive" for i in scope)
    return systems > 5, inclusive


def vciso_key(employees: int) -> str:
    if employees <= 25:
        return "vciso.10_25"
    if employees <= 75:
        return "vciso.25_75"
    return "vciso.75_250"


@dataclass(frozen=True)
class BudgetInputs:
    report_type: str
    auditor_tier: str
    extra_criteria: int
    employees: int
    many_systems: bool
    inclusive_subservice: bool
    open_hours: float


def audit_fee(f: Figures, i: BudgetInputs) -> CostItem:
    base_key = f"audit_fee.{i.report_type}.{i.auditor_tier}"
    keys = [base_key]
    low, high = f.low(base_key), f.high(base_key)
    words = [f"the {money_range(low, high)} a {'Type II' if i.report_type == 'type2' else 'Type I'} costs at this tier"]
    if i.extra_criteria:
        keys.append("audit_fee.extra_criterion")
        low += i.extra_criteria * f.low("audit_fee.extra_criterion")
        high += i.extra_criteria * f.high("audit_fee.extra_criterion")
        words.append(
            f"{money_range(f.low('audit_fee.extra_criterion'), f.high('audit_fee.extra_criterion'))} "
            f"for each of {i.extra_criteria} extra criteria"
        )
    scale = []
    if i.employees > 250:
        scale.append(("audit_fee.scale.headcount_250", "more than 250 staff"))
    elif i.employees > 75:
        scale.append(("audit_fee.scale.headcount_75", "more than 75 staff"))
    if i.many_systems:
        scale.append(("audit_fee.scale.systems", "more than five systems in scope"))
    if i.inclusive_subservice:
        scale.append(("audit_fee.scale.inclusive", "a subservice organisation included"))
    for key, why in scale:
        keys.append(key)
        low *= f.low(key)
        high *= f.high(key)
        words.append(f"raised {round((f.low(key) - 1) * 100)}–{round((f.high(key) - 1) * 100)}% for {why}")
    basis = "Starts from " + words[0] + (", plus " + "; ".join(words[1:]) if len(words) > 1 else "") + "."
    return CostItem(
        "audit_fee", "Auditor's fee", round_money(low), round_money(high), basis, tuple(keys), f.overridden(*keys)
    )


def build_budget(f: Figures, i: BudgetInputs, timeline: Timeline, employees: int) -> Budget:
    """Every cost item, the totals, and the yearly renewal."""
    items: list[CostItem] = [audit_fee(f, i)]

    # Readiness help: from a one-off consultant to a vCISO for the readiness and remediation months.
    prep = [p for p in timeline.phases if p.id in ("readiness", "remediation")]
    m_low = sum(p.weeks_low for p in prep) / WEEKS_PER_MONTH
    m_high = sum(p.weeks_high for p in prep) / WEEKS_PER_MONTH
    vk = vciso_key(employees)
    cons = f["readiness.consultant"]
    v = f[vk]
    low, high = min(cons.low, v.low * m_low), max(cons.high, v.high * m_high)
    items.append(
        CostItem(
            "readiness_help",
            "Readiness help (consultant or vCISO)",
            round_money(low),
            round_money(high),
            f"From a readiness consultant ({money_range(cons.low, cons.high)}) to a vCISO at "
            f"{money_range(v.low, v.high)} a month for the {m_low:.0f}–{m_high:.0f} months of readiness and remediation.",
            ("readiness.consultant", vk),
            f.overridden("readiness.consultant", vk),
        )
    )

    # Tooling: a compliance platform, billed yearly, for as long as the plan runs.
    t = f["tooling.platform"]
    y_low = max(1.0, timeline.weeks_low / 52)
    y_high = max(1.0, timeline.weeks_high / 52)
    items.append(
        CostItem(
            "tooling",
            "Compliance platform",
            round_money(t.low * y_low),
            round_money(t.high * y_high),
            f"A compliance platform at {money_range(t.low, t.high)} a year, for the {y_low:.1f}–{y_high:.1f} "
            "years the plan runs (a year at least).",
            ("tooling.platform",),
            t.overridden,
        )
    )

    p = f["pentest"]
    items.append(
        CostItem(
            "pentest",
            "Penetration test",
            round_money(p.low),
            round_money(p.high),
            f"One web application penetration test before the audit, {money_range(p.low, p.high)}.",
            ("pentest",),
            p.overridden,
        )
    )

    hk = f"staff.hours.{i.report_type}"
    h, rate, over = f[hk], f["staff.rate"], f["phase.remediation.overrun"]
    hours_low = i.open_hours * over.low + h.low
    hours_high = i.open_hours * over.high + h.high
    items.append(
        CostItem(
            "staff_time",
            "Your team's time",
            round_money(hours_low * rate.low),
            round_money(hours_high * rate.high),
            f"{round(hours_low):,}–{round(hours_high):,} hours (the open checklist work plus {round(h.low)}–{round(h.high)} "
            f"hours of audit support) at {money_range(rate.low, rate.high)} an hour.",
            (hk, "staff.rate", "phase.remediation.overrun"),
            f.overridden(hk, "staff.rate"),
            in_total=False,
        )
    )

    tr = f["training.per_employee"]
    items.append(
        CostItem(
            "training",
            "Security awareness training",
            round_money(employees * tr.low),
            round_money(employees * tr.high),
            f"{employees:,} people at {money_range(tr.low, tr.high)} each for a year of awareness training.",
            ("training.per_employee",),
            tr.overridden,
        )
    )

    share = f["renewal.share"]
    fee = items[0]
    renewal_low = round_money(share.low * fee.low + t.low)
    renewal_high = round_money(share.high * fee.high + t.high)
    return Budget(
        currency="USD",
        items=tuple(items),
        low=sum(x.low for x in items if x.in_total),
        high=sum(x.high for x in items if x.in_total),
        renewal_low=renewal_low,
        renewal_high=renewal_high,
    )


def renewal_basis(f: Figures) -> str:
    s = f["renewal.share"]
    return (
        f"Each later year: {round(s.low * 100)}–{round(s.high * 100)}% of the first audit fee, "
        f"plus a year of the compliance platform."
    )


__all__ = ["BudgetInputs", "build_budget", "complex_scope", "money", "renewal_basis", "round_money"]
