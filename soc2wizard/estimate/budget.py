"""What it costs: each item a low–high range worked out from the assumptions table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from soc2wizard.domain.records import ScopeItem
from soc2wizard.estimate.assumptions import Figures
from soc2wizard.estimate.model import Budget, CostItem, Timeline
from soc2wizard.domain.format import figure
from soc2wizard.estimate.effort import headcount_scale
from soc2wizard.estimate.words import WEEKS_PER_MONTH, money, money_range


def round_money(x: float) -> int:
    """To the nearest $100: estimates are ranges, not quotes."""
    return int(math.floor(x / 100.0 + 0.5)) * 100


def systems_in_scope(scope: Sequence[ScopeItem]) -> int:
    return sum(1 for i in scope if i.kind == "system" and i.in_scope)


def complex_scope(f: Figures, scope: Sequence[ScopeItem]) -> tuple[bool, bool]:
    """(more systems in scope than ``band.systems.many``, a subservice organisation included with the inclusive method)."""
    inclusive = any(i.kind == "subservice" and i.in_scope and i.method == "inclusive" for i in scope)
    return systems_in_scope(scope) > f.high("band.systems.many"), inclusive


def vciso_key(f: Figures, employees: int) -> str:
    if employees <= f.high("band.staff.small"):
        return "vciso.10_25"
    if employees <= f.high("band.staff.mid"):
        return "vciso.25_75"
    return "vciso.75_250"


# Which PCI DSS validation each level calls for: (assumption key, what it is).
PCI_VALIDATION: dict[str, tuple[str, str]] = {
    "merchant_1": ("pci.roc", "a Report on Compliance by a QSA, with quarterly ASV scans"),
    "merchant_2": (
        "pci.saq_level2",
        "a self-assessment questionnaire with quarterly scans (a QSA if your acquirer asks)",
    ),
    "merchant_3": ("pci.saq_level3", "a self-assessment questionnaire with quarterly scans"),
    "merchant_4": ("pci.saq_a", "SAQ A, with scans where required"),
    "service_provider_1": ("pci.roc", "a Report on Compliance by a QSA, with quarterly ASV scans"),
    "service_provider_2": ("pci.saq_level2", "SAQ D for service providers, with quarterly ASV scans"),
}


# Levels validated with SAQ A (a hosted payment page, no raw card data): SAQ A does not
# include PCI DSS v4 requirement 11.4, so the web application test is priced instead.
SAQ_A_LEVELS = frozenset({"merchant_4"})


@dataclass(frozen=True)
class BudgetInputs:
    report_type: str
    auditor_tier: str
    extra_criteria: int
    employees: int
    many_systems: bool
    inclusive_subservice: bool
    open_hours: float  # the one open-hours figure (effort.open_hours)
    systems: int = 1
    pci_level: str | None = None  # None: no card data
    mature: bool = False  # most controls in place: help for the readiness assessment only


# Where a tier sits in the per-category add-on's published range (``audit_fee.extra_criterion``):
# a boutique firm charges its low end, a Big Four firm its high end, a mid-tier firm the middle.
TIER_POSITION = {"boutique": 0.0, "mid_tier": 0.5, "big4": 1.0}


def extra_criterion_fee(f: Figures, tier: str) -> float:
    """What one Trust Services Category beyond Security adds to the fee at this auditor tier.

    The tier's own range (boutique $25k–$75k, …) already spans cheap and dear
    firms; the add-on's $5k–$20k spread is that same spread, so a firm adds the
    part of it that matches its tier, at both ends, rather than the whole
    spread on top of the tier's.
    """
    a = f["audit_fee.extra_criterion"]
    return a.low + TIER_POSITION.get(tier, 0.5) * (a.high - a.low)


def audit_fee(f: Figures, i: BudgetInputs, report_type: str | None = None) -> CostItem:
    """The tier's fee, plus each extra category, raised once for scope and never above the large-scope ceiling.

    Scope raises (more staff, many systems, an included subservice
    organisation) add up rather than multiply: each is a share of the same
    base fee, so three 25% raises are 75%, not 95%. The result is capped at
    the high end of ``audit_fee.large_scope`` (figures.md: large or complex
    scopes cost "low six figures"); a Type II for more than the large staff
    band with a complex scope (many systems, or an included subservice
    organisation) costs at least its low end.
    """
    report_type = report_type or i.report_type
    base_key = f"audit_fee.{report_type}.{i.auditor_tier}"
    keys = [base_key]
    low, high = f.low(base_key), f.high(base_key)
    words = [f"the {money_range(low, high)} a {'Type II' if report_type == 'type2' else 'Type I'} costs at this tier"]
    if i.extra_criteria:
        keys.append("audit_fee.extra_criterion")
        each = extra_criterion_fee(f, i.auditor_tier)
        low += i.extra_criteria * each
        high += i.extra_criteria * each
        words.append(
            f"{money(each)} for each of {i.extra_criteria} extra categor{'y' if i.extra_criteria == 1 else 'ies'} "
            f"(the {TIER_WORDS.get(i.auditor_tier, 'middle')} of {money_range(f.low('audit_fee.extra_criterion'), f.high('audit_fee.extra_criterion'))})"
        )
    scale = []
    large, mid = f.high("band.staff.large"), f.high("band.staff.mid")
    if i.employees > large:
        scale.append(("audit_fee.scale.headcount_250", f"more than {large:,.0f} staff"))
    elif i.employees > mid:
        scale.append(("audit_fee.scale.headcount_75", f"more than {mid:,.0f} staff"))
    if i.many_systems:
        scale.append(("audit_fee.scale.systems", f"more than {f.high('band.systems.many'):,.0f} systems in scope"))
    if i.inclusive_subservice:
        scale.append(("audit_fee.scale.inclusive", "a subservice organisation included"))
    if scale:
        up_low = sum(f.low(k) - 1 for k, _ in scale)
        up_high = sum(f.high(k) - 1 for k, _ in scale)
        keys += [k for k, _ in scale]
        low *= 1 + up_low
        high *= 1 + up_high
        raises = "; ".join(
            f"{round((f.low(k) - 1) * 100)}–{round((f.high(k) - 1) * 100)}% for {why}" for k, why in scale
        )
        words.append(
            f"raised {round(up_low * 100)}–{round(up_high * 100)}% in all ({raises})"
            if len(scale) > 1
            else f"raised {raises}"
        )
    cap = f["audit_fee.large_scope"]
    keys.append("audit_fee.large_scope")
    if report_type == "type2" and i.employees > large and (i.many_systems or i.inclusive_subservice) and low < cap.low:
        # A large and complex Type II starts at the large-scope figure; the range keeps its width.
        high += cap.low - low
        low = cap.low
        words.append(f"at least {money(cap.low)}, what a large and complex scope costs")
    if high > cap.high:
        high = cap.high
        words.append(f"no more than {money(cap.high)}, the top of what a large scope costs")
    high = max(high, low)
    basis = "Starts from " + words[0] + (", plus " + "; ".join(words[1:]) if len(words) > 1 else "") + "."
    return CostItem(
        "audit_fee", "Auditor's fee", round_money(low), round_money(high), basis, tuple(keys), f.overridden(*keys)
    )


TIER_WORDS = {"boutique": "low end", "mid_tier": "middle", "big4": "high end"}


def _tooling(f: Figures, employees: int, years_low: float, years_high: float) -> CostItem:
    t, seat, included = f["tooling.platform"], f["tooling.per_seat"], f.high("tooling.seats_included")
    extra = max(0, employees - int(included))
    low, high = t.low + seat.low * extra, t.high + seat.high * extra
    seats = (
        f" plus {figure(seat.low, seat.high, seat.unit)} for each of {extra:,} people beyond the {included:,.0f} "
        "the entry price covers"
        if extra
        else ""
    )
    lo, hi = f"{years_low:.1f}", f"{years_high:.1f}"  # as written: 1.04 years reads as 1.0
    if lo == hi == "1.0":
        years = "for a year"
    elif lo == hi:
        years = f"for the {lo} years the plan runs"
    else:
        years = f"for the {lo}–{hi} years the plan runs (a year at least)"
    keys = ("tooling.platform", "tooling.per_seat", "tooling.seats_included")
    return CostItem(
        "tooling",
        "Compliance platform",
        round_money(low * years_low),
        round_money(high * years_high),
        f"A compliance platform at {figure(t.low, t.high, t.unit)}{seats}, {years}.",
        keys,
        f.overridden(*keys),
    )


def _pentest(f: Figures, i: BudgetInputs) -> CostItem:
    extra = max(0, i.systems - int(f.high("pentest.systems_covered")))
    per = f["pentest.per_system"]
    if i.pci_level is not None and i.pci_level not in SAQ_A_LEVELS:
        p, seg = f["pentest.pci"], f["pentest.pci_segmentation"]
        low, high = p.low + seg.low, p.high + seg.high
        keys: tuple[str, ...] = ("pentest.pci", "pentest.pci_segmentation")
        words = (
            f"External and internal tests under PCI DSS v4 ({figure(p.low, p.high, 'USD')}) and segmentation "
            f"testing of the card data environment ({figure(seg.low, seg.high, 'USD')})"
        )
    else:
        p = f["pentest"]
        low, high, keys = p.low, p.high, ("pentest",)
        words = f"One web application penetration test before the audit ({figure(p.low, p.high, 'USD')})"
    if extra:
        low += per.low * extra
        high += per.high * extra
        keys += ("pentest.per_system",)
        words += (
            f", plus {figure(per.low, per.high, 'USD')} for the one more system in scope"
            if extra == 1
            else f", plus {figure(per.low, per.high, 'USD')} for each of {extra} more systems in scope"
        )
    return CostItem(
        "pentest", "Penetration test", round_money(low), round_money(high), words + ".", keys, f.overridden(*keys)
    )


def _pci(f: Figures, level: str) -> CostItem:
    key, what = PCI_VALIDATION[level]
    a = f[key]
    return CostItem(
        "pci_assessment",
        "PCI DSS assessment",
        round_money(a.low),
        round_money(a.high),
        f"Your level ({level.replace('_', ' ')}) is validated by {what}: {figure(a.low, a.high, a.unit)}.",
        (key,),
        a.overridden,
    )


def _training(f: Figures, employees: int) -> CostItem:
    tr = f["training.per_employee"]
    return CostItem(
        "training",
        "Security awareness training",
        round_money(employees * tr.low),
        round_money(employees * tr.high),
        f"{employees:,} people at {figure(tr.low, tr.high, tr.unit)} each for a year of awareness training.",
        ("training.per_employee",),
        tr.overridden,
    )


def _readiness_help(f: Figures, i: BudgetInputs, timeline: Timeline, employees: int) -> CostItem:
    """Outside help for as long as the preparation needs it, priced for the company's size.

    Help runs through the longer of the readiness assessment and remediation
    (they run side by side); a company with most controls in place needs it
    for the assessment only. The low end is the cheaper of a one-off
    consultant and a vCISO for those months. The high end is a vCISO at the
    company's band; from the mid-size band up, at least the consultant's top
    fee (a small company, up to ``band.staff.small``, is not priced with a
    mid-size engagement).
    """
    ids = ("readiness",) if i.mature else ("readiness", "remediation")
    prep = [p for p in timeline.phases if p.id in ids]
    m_low = max(p.weeks_low for p in prep) / WEEKS_PER_MONTH
    m_high = max(p.weeks_high for p in prep) / WEEKS_PER_MONTH
    vk = vciso_key(f, employees)
    v, cons = f[vk], f["readiness.consultant"]
    months = f"the {m_low:.1f}–{m_high:.1f} months of the readiness assessment" + (
        "" if i.mature else " and remediation"
    )
    low = min(cons.low, v.low * m_low)
    keys = ("readiness.consultant", vk, "band.staff.small", "band.staff.mid")
    cheaper = (
        f"; a one-off readiness consultant, from {money(cons.low)}, is the cheaper way in"
        if cons.low < v.low * m_low
        else ""
    )
    if employees <= f.high("band.staff.small"):
        high = v.high * m_high
        basis = f"A part-time vCISO at {figure(v.low, v.high, v.unit)} for {months}{cheaper}."
    else:
        high = max(cons.high, v.high * m_high)
        basis = (
            f"From a readiness consultant ({figure(cons.low, cons.high, cons.unit)}) to a vCISO at "
            f"{figure(v.low, v.high, v.unit)} for {months}."
        )
    return CostItem(
        "readiness_help",
        "Readiness help (consultant or vCISO)",
        round_money(low),
        round_money(high),
        basis,
        keys,
        f.overridden(*keys),
    )


def build_budget(f: Figures, i: BudgetInputs, timeline: Timeline, employees: int) -> Budget:
    """Every cost item, the totals, and year two's lines."""
    fee = audit_fee(f, i)
    items: list[CostItem] = [fee]

    items.append(_readiness_help(f, i, timeline, employees))

    # Tooling: a compliance platform, billed yearly, for as long as the plan runs.
    items.append(_tooling(f, employees, max(1.0, timeline.weeks_low / 52), max(1.0, timeline.weeks_high / 52)))
    items.append(_pentest(f, i))
    if i.pci_level is not None:
        items.append(_pci(f, i.pci_level))

    hk = f"staff.hours.{i.report_type}"
    h, rate, over = f[hk], f["staff.rate"], f["phase.remediation.overrun"]
    s_low, s_high = headcount_scale(f, employees)
    support_low, support_high = h.low * s_low, h.high * s_high
    hours_low = i.open_hours * over.low + support_low
    hours_high = i.open_hours * over.high + support_high
    grown = "" if s_high == 1 else f", grown for {employees:,} staff"
    items.append(
        CostItem(
            "staff_time",
            "Your team's time",
            round_money(hours_low * rate.low),
            round_money(hours_high * rate.high),
            f"{round(hours_low):,}–{round(hours_high):,} hours (the {round(i.open_hours):,} hours of open work, "
            f"with the overrun allowance, plus {round(support_low):,}–{round(support_high):,} hours of audit "
            f"support{grown}) at {figure(rate.low, rate.high, rate.unit)}.",
            (hk, "staff.rate", "phase.remediation.overrun", "effort.scale.headcount"),
            f.overridden(hk, "staff.rate", "effort.scale.headcount"),
            in_total=False,
        )
    )
    items.append(_training(f, employees))

    renewal = renewal_items(f, i, employees, fee)
    return Budget(
        currency="USD",
        items=tuple(items),
        low=sum(x.low for x in items if x.in_total),
        high=sum(x.high for x in items if x.in_total),
        renewal_low=sum(x.low for x in renewal),
        renewal_high=sum(x.high for x in renewal),
        renewal_items=renewal,
    )


def renewal_items(f: Figures, i: BudgetInputs, employees: int, fee: CostItem) -> tuple[CostItem, ...]:
    """Year two: after a Type I the first Type II; after a Type II a renewal audit. Plus the yearly costs again."""
    if i.report_type == "type1":
        t2 = audit_fee(f, i, "type2")
        audit = CostItem(
            "audit_fee",
            "First Type II audit",
            t2.low,
            t2.high,
            "Year two brings the first Type II report. " + t2.basis,
            t2.assumptions,
            t2.overridden,
        )
    else:
        s = f["renewal.share"]
        audit = CostItem(
            "audit_fee",
            "Renewal audit",
            round_money(s.low * fee.low),
            round_money(s.high * fee.high),
            f"{figure(s.low, s.high, s.unit)} of the first audit fee ({money_range(fee.low, fee.high)}).",
            ("renewal.share", *fee.assumptions),
            s.overridden or fee.overridden,
        )
    out = [audit, _tooling(f, employees, 1.0, 1.0), _pentest(f, i)]
    if i.pci_level is not None:
        out.append(_pci(f, i.pci_level))
    out.append(_training(f, employees))
    return tuple(out)


__all__ = ["BudgetInputs", "build_budget", "complex_scope", "money", "renewal_items", "round_money"]
