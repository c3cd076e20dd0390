"""Every sentence and composed line of the readiness plan, as data (``Report.text``).

The PDF renderer lays these out and composes none of its own; the tests read
them here, by value. Each function takes a part of the report model and
returns plain strings: no reportlab, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from soc2wizard.report.model import BudgetSection, Fact, Report

KICKER = "SOC 2 READINESS PLAN"
CONTENTS = "Contents"
NOT_RECORDED = "\u2014"  # an empty cell: no owner, no due date, no reference
YOUR_FIGURE = " (your figure)"

# Each table's column headings, by table.
COLUMNS: dict[str, tuple[str, ...]] = {
    "systems": ("System", "What it does", "Notes"),
    "excluded": ("Left out", "Why"),
    "subservice": ("Organisation", "What it provides", "Method and review"),
    "vendors": ("Vendor", "What it provides", "Security review"),
    "locations": ("Location", "Notes"),
    "criteria": ("Category", "In the plan", "Why", "Adds"),
    "obligations": ("Framework", "Status", "Why"),
    "phases": ("Phase", "How long", "Dates", "Notes"),
    "costs": ("Cost", "Estimate", "How it was worked out"),
    "assumptions": ("Assumption", "Figure", "Source"),
    "checks": ("Severity", "What to do"),
    "remediation": ("Control", "Title", "Priority", "Status", "Owner", "Due"),
    "checklist": ("Control", "Title", "Status", "Owner", "Due", "Evidence"),
    "evidence": ("Control", "Evidence", "Kind", "SHA-256 fingerprint or address"),
    "cycles": ("Report", "Period", "Report expected", "Cost", "Notes"),
    "changes": ("Control", "Title", "Then", "Now"),
    "criteria_moved": ("Criterion", "Controls in place then", "Now"),
    "risks": ("Risk", "Likelihood", "Impact", "Score", "Treatment", "Owner", "Controls"),
    "csocs": ("Complementary subservice organization control", "Criteria", "Checked by"),
    "cuecs": ("#", "Complementary user entity control", "Criteria", "Related controls"),
    "crosswalk": ("Control", "Title", "ISO 27001:2022", "HIPAA", "PCI DSS v4.0"),
}


@dataclass(frozen=True)
class PageText:
    cover_band: str  # top left of the cover: the consultant firm, else "Confidential"
    running_head: str  # top right of every other page
    page_of: str  # the footer's page number, with {page} and {total} filled in when they are known


@dataclass(frozen=True)
class ChartText:
    earliest: str
    latest: str
    deadline_legend: str
    deadline: str  # the Gantt chart's deadline marker, "" without a deadline


@dataclass(frozen=True)
class CoverText:
    kicker: str
    figures: tuple[Fact, ...]  # the three boxed figures, worded for the cover
    note: str


@dataclass(frozen=True)
class SummaryText:
    contents: str
    next_steps_title: str
    checks_note: str  # "" when the checks found no errors or warnings


@dataclass(frozen=True)
class ScopeText:
    intro: str
    systems_title: str
    systems_empty: str
    excluded_title: str
    excluded_empty: str
    subservice_title: str
    subservice_note: str
    subservice_empty: str
    vendors_title: str
    vendors_empty: str
    locations_title: str


@dataclass(frozen=True)
class ReportTypeText:
    lead: str
    explainer: str
    caveats_title: str


@dataclass(frozen=True)
class ObligationsText:
    none: str
    intro: str


@dataclass(frozen=True)
class TimelineText:
    lead: str
    options_title: str


@dataclass(frozen=True)
class BudgetLine:
    title: str
    amount: str
    basis: str


@dataclass(frozen=True)
class BudgetText:
    lead: str
    currency_note: str  # "" in US dollars
    staff_note: str  # "" when every cost is in the total
    lines: tuple[BudgetLine, ...]  # the first year, the totals and the renewal line last
    renewal_title: str
    renewal_lines: tuple[BudgetLine, ...]  # year two line by line, its total last; () when not itemised
    assumptions_title: str
    assumptions_note: str
    assumptions: tuple[BudgetLine, ...]  # title (with its note), figure, source


@dataclass(frozen=True)
class CheckLine:
    severity: str
    word: str
    message: str
    concerns: str  # "Concerns: …" or ""


@dataclass(frozen=True)
class ChecklistLine:
    also: str  # "Also: CC7.2, CC8.1" or ""
    note: str  # the notes, or why it is not applicable, or ""


@dataclass(frozen=True)
class EvidenceLine:
    kind: str  # "File, 12 KB\n3 Mar 2026"


@dataclass(frozen=True)
class ProgressText:
    chart_note: str
    then_header: str
    now_header: str
    figures_title: str
    controls_title: str
    controls_empty: str
    criteria_title: str


@dataclass(frozen=True)
class RiskLine:
    title: str
    description: str
    likelihood: str  # "3 Possible"
    impact: str
    score: str  # "12 Medium"
    treatment: str
    owner: str
    controls: str


@dataclass(frozen=True)
class ExtrasText:
    risks_intro: str
    risks: tuple[RiskLine, ...]  # highest score first
    likelihood_axis: str
    impact_axis: str
    impact_labels: tuple[str, ...]  # "1 Negligible" … "5 Severe", bottom to top
    risk_levels: tuple[tuple[str, str], ...]  # (level, its legend), High first
    gap_labels: tuple[str, str, str, str]  # before the gap, what to do, the evidence and the sample
    gaps_title: str
    gaps_intro: str
    csocs_none: str
    csocs_intro: str
    org_titles: tuple[str, ...]  # one per subservice organisation
    org_empty: tuple[str, ...]
    cuecs_none: str
    cuecs_intro: str
    crosswalk_intro: str


@dataclass(frozen=True)
class PlanText:
    page: PageText
    charts: ChartText
    columns: dict[str, tuple[str, ...]]
    cover: CoverText
    summary: SummaryText
    scope: ScopeText
    criteria_intro: str
    report_type: ReportTypeText
    obligations: ObligationsText
    timeline: TimelineText
    budget: BudgetText
    readiness_note: str  # "" unless the bars show operating readiness too
    checks_none: str
    checks_intro: str
    checks: tuple[CheckLine, ...]
    remediation_none: str
    remediation_intro: str
    remediation_due: tuple[str, ...]  # per open control: "12 Mar 2027 (overdue)", or "" with no date
    checklist_intro: str
    checklist: tuple[tuple[ChecklistLine, ...], ...]  # per group, per row
    evidence_none: str
    evidence_intro: str
    evidence: tuple[EvidenceLine, ...]
    year_two_bridges_title: str
    progress: ProgressText | None
    extras: ExtrasText | None


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def join_lower(words: Sequence[str]) -> str:
    """Titles inside a sentence: "Your team's time" reads "your team's time"; "A and B" for two or more."""
    words = [w[0].lower() + w[1:] if w[:4] != "Your" else "your" + w[4:] for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def day_month(d: Any) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def cover(r: Report) -> CoverText:
    from soc2wizard.report.model import Fact

    figures = []
    for f in r.summary.facts:
        value = f.value
        if f.label == "Readiness today":
            value = value.split(" of controls")[0] + " of controls in place"
        elif f.label.endswith("report expected"):  # "Type II report expected": the labelled dates
            # Break only between "earliest …," and "latest …", never inside a date.
            value = value.replace(" ", "\u00a0").replace(",\u00a0", ", ")
        elif f.label != "Budget, first year":
            continue
        figures.append(Fact(f.label, value))
    return CoverText(
        kicker=KICKER,
        figures=tuple(figures),
        note=(
            "This plan was made with soc2wizard from the answers and checklist in the company's "
            "workspace. Its dates and costs are ranges built from published figures, listed with "
            "their sources in the Budget section."
        ),
    )


def summary(r: Report) -> SummaryText:
    errors = sum(1 for c in r.checks if c.severity == "error")
    warnings = sum(1 for c in r.checks if c.severity == "warning")
    found = [plural(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return SummaryText(
        contents=CONTENTS,
        next_steps_title="What to do next",
        checks_note=f"The plan checks found {' and '.join(found)} to fix: see Plan checks." if found else "",
    )


def scope() -> ScopeText:
    return ScopeText(
        intro=(
            "The auditor tests only what is in scope. Everything that stores or processes customer data "
            "belongs in it; anything else makes the audit larger without making customers safer."
        ),
        systems_title="Systems and services in scope",
        systems_empty="No systems are recorded yet. Add the services that store customer data.",
        excluded_title="Left out of scope, and why",
        excluded_empty="Nothing is excluded.",
        subservice_title="Subservice organisations",
        subservice_note=(
            "A subservice organisation runs part of your service for you, such as a cloud provider. "
            "With the carve-out method your report points to its own SOC 2 report; with the inclusive "
            "method the auditor tests its controls too."
        ),
        subservice_empty="No subservice organisations are recorded.",
        vendors_title="Vendors",
        vendors_empty="No vendors are recorded.",
        locations_title="Locations",
    )


def report_type(r: Report) -> ReportTypeText:
    rt = r.report_type
    if rt.window:
        explainer = (
            "A Type I report checks that your controls are designed well on one date. A Type II report "
            "checks that they worked throughout an observation window of several months, and is what "
            "most enterprise buyers ask for."
        )
    else:
        explainer = (
            "A Type I report checks that your controls are designed well on one date: the quicker, "
            "cheaper first report. A Type II report, which tests them in operation over a period, usually follows."
        )
    return ReportTypeText(
        lead=f"The plan uses a {rt.type_label} report" + (f" with a {rt.window}." if rt.window else "."),
        explainer=explainer,
        caveats_title="Good to know",
    )


def timeline(r: Report) -> TimelineText:
    tl = r.timeline
    return TimelineText(
        lead=(
            f"Starting on {day_month(tl.start)}, the {tl.report_type} report can be in your "
            f"hands: {tl.report_dates} ({tl.duration})."
        ),
        options_title="What would bring the report sooner",
    )


def budget(bu: BudgetSection) -> BudgetText:
    staff = [c for c in bu.rows if not c.in_total]
    lines = [
        BudgetLine(
            c.title + (YOUR_FIGURE if c.overridden else ""),
            c.amount,
            c.basis
            + (
                ""
                if c.in_total
                else " Shown beside the total, not in it: this is time your people spend, not money you pay out."
            ),
        )
        for c in bu.rows
    ]
    lines.append(BudgetLine("Total, first year", bu.total, "Money paid out in the first year." if staff else ""))
    lines.append(BudgetLine(bu.renewal_title, bu.renewal, "Line by line below."))
    renewal: list[BudgetLine] = []
    if bu.renewal_rows:
        renewal = [
            BudgetLine(c.title + (YOUR_FIGURE if c.overridden else ""), c.amount, c.basis) for c in bu.renewal_rows
        ]
        renewal.append(BudgetLine(f"Total, {bu.renewal_title.lower()}", bu.renewal, ""))
    return BudgetText(
        lead=f"The first year costs {bu.total}; {bu.renewal_title.lower()} about {bu.renewal}.",
        currency_note=(
            f"Money is shown in {bu.currency} at {bu.rate_note}. The published figures behind it are in "
            f"US dollars: {bu.published_total} for the first year, {bu.published_renewal} for year two; "
            "the assumptions below keep their published dollar figures, and a quote of yours the currency "
            "you typed it in, beside the dollars the plan uses."
            if bu.rate_note
            else ""
        ),
        staff_note=(
            f"On top of that, {join_lower([c.title for c in staff])} comes to {staff[0].amount}"
            + (" and more" if len(staff) > 1 else "")
            + ": time, not cash, so it is shown beside the total rather than in it."
            if staff
            else ""
        ),
        lines=tuple(lines),
        renewal_title=bu.renewal_title,
        renewal_lines=tuple(renewal),
        assumptions_title="Assumptions and their sources",
        assumptions_note=(
            "Every figure above comes from these assumptions. A consultant can replace any of them "
            "with a real quote in the workspace; those are marked as your own."
        ),
        assumptions=tuple(
            BudgetLine(a.title + (f" \u2014 {a.note}" if a.note else ""), a.value, a.source) for a in bu.assumptions
        ),
    )


def checklist(r: Report) -> tuple[tuple[ChecklistLine, ...], ...]:
    return tuple(
        tuple(
            ChecklistLine(
                also=f"Also: {', '.join(x for x in c.criteria if x != g.criterion)}" if len(c.criteria) > 1 else "",
                note=c.notes or (f"Not applicable: {c.na_reason}" if c.na_reason else ""),
            )
            for c in g.rows
        )
        for g in r.checklist
    )


def evidence_intro(r: Report) -> str:
    files = sum(1 for e in r.evidence if e.kind == "File")
    return (
        f"{len(r.evidence)} items of evidence: {files} files kept in the workspace, each with its "
        f"SHA-256 fingerprint, and {len(r.evidence) - files} links. Anyone holding a copy of a file can "
        "check it is the one recorded here by comparing fingerprints."
    )


def progress(r: Report) -> ProgressText | None:
    pr = r.progress
    if pr is None:
        return None
    return ProgressText(
        chart_note="The solid line is the share of controls in place at each snapshot and now"
        + (
            "; the dashed line the share of recurring activity recorded."
            if any(p.operating is not None for p in pr.history)
            else "."
        ),
        then_header=f"At \u201c{pr.since}\u201d ({day_month(pr.since_date)})",
        now_header="Now",
        figures_title="Then and now",
        controls_title="Controls changed",
        controls_empty="No control has changed since the snapshot.",
        criteria_title="Readiness by criterion, where it moved",
    )


def extras(r: Report) -> ExtrasText | None:
    from soc2wizard.domain.deliverables import IMPACT, SCALE, TREATMENTS

    x = r.extras
    if x is None:
        return None
    high = sum(1 for k in x.risks if k.level == "High")
    window = f"a {x.months}-month observation window" if x.months else "a Type I report (one date)"
    return ExtrasText(
        risks_intro=(
            f"{len(x.risks)} risks, rated likelihood × impact on a 1–5 scale each ({high} high). The register starts "
            "from the company's profile and is edited in the app; fraud, including management override of controls, "
            "is assessed as CC3.3 asks."
        ),
        risks=tuple(
            RiskLine(
                k.title,
                k.description,
                f"{k.likelihood} {SCALE[k.likelihood]}",
                f"{k.impact} {IMPACT[k.impact]}",
                f"{k.score} {k.level}",
                TREATMENTS.get(k.treatment, k.treatment),
                k.owner or NOT_RECORDED,
                ", ".join(k.controls) or NOT_RECORDED,
            )
            for k in sorted(x.risks, key=lambda k: (-k.score, k.title))
        ),
        likelihood_axis="Likelihood (1 rare to 5 almost certain)",
        impact_axis="Impact",
        impact_labels=tuple(f"{i} {IMPACT[i]}" for i in range(1, 6)),
        risk_levels=(("High", "High (15–25)"), ("Medium", "Medium (8–14)"), ("Low", "Low (1–7)")),
        gap_labels=("Gap:", "What to do:", "Evidence:", "Sample:"),
        gaps_title="Gap narrative by control",
        gaps_intro=(
            "For each open control: its current state, the gap, what to do, the evidence the auditor will ask for, "
            f"and how many samples its frequency implies over {window} (5 or fewer occurrences: all; 6–50: 5; "
            "51–250: 10%; more than 250: 25)."
        ),
        csocs_none="No subservice organisations or known vendors are in scope.",
        csocs_intro=(
            "Complementary subservice organization controls (CSOCs): the controls the company relies on each "
            "provider to run. Under the carve-out method they sit outside the company's description; the linked "
            "review control checks them each year against the provider's own SOC 2 report."
        ),
        org_titles=tuple(
            f"{o.name} ({o.role.lower()}" + (f", {o.method_label.lower()}" if o.method_label else "") + ")"
            for o in x.orgs
        ),
        org_empty=tuple(
            f"No CSOCs in the shipped library for {o.name}; list them from its SOC 2 report." for o in x.orgs
        ),
        cuecs_none="No complementary user entity controls follow from the plan's controls.",
        cuecs_intro=(
            "Complementary user entity controls (CUECs): what customers (user entities) must do themselves for the "
            "company's controls to meet the related criteria. They go in the system description and in customer "
            "contracts."
        ),
        crosswalk_intro=(
            "Each control of the plan with the ISO/IEC 27001:2022 Annex A controls, HIPAA Security Rule sections "
            "and PCI DSS v4.0 requirements it also helps meet. A dash means the catalog records no reference."
        ),
    )


def plan_text(r: Report) -> PlanText:
    """All of the plan's sentences for this report."""
    deadline = r.timeline.deadline_date
    return PlanText(
        page=PageText(
            cover_band=r.cover.firm_name or "Confidential",
            running_head=f"SOC 2 readiness plan \u00b7 {r.cover.date_text}",
            page_of="Page {page} of {total}",
        ),
        charts=ChartText(
            earliest="Earliest dates",
            latest="How late it can run",
            deadline_legend="Customer deadline",
            deadline=f"Deadline {day_month(deadline)}" if deadline else "",
        ),
        columns=COLUMNS,
        cover=cover(r),
        summary=summary(r),
        scope=scope(),
        criteria_intro=(
            "A SOC 2 report covers Security and any of four more Trust Services Categories. Each extra "
            "category answers a question customers ask, and adds controls, time and audit fees."
        ),
        report_type=report_type(r),
        obligations=ObligationsText(
            none="Nothing in your answers brings another framework into play.",
            intro=(
                "SOC 2 is voluntary. These frameworks may apply to you as well; many controls in this plan serve "
                "them too."
            ),
        ),
        timeline=timeline(r),
        budget=budget(r.budget),
        readiness_note=(
            "Each bar shows the share of a criterion's controls in place; the thin dark line below it "
            "shows the share of its recurring activity recorded so far."
            if r.readiness.operating_percent is not None
            else ""
        ),
        checks_none="The plan checks found nothing to fix.",
        checks_intro="The common mistakes the app looks for, with what to do about each.",
        checks=tuple(
            CheckLine(c.severity, c.severity_word, c.message, f"Concerns: {c.subjects}" if c.subjects else "")
            for c in r.checks
        ),
        remediation_none="Every control in the plan is implemented or marked not applicable.",
        remediation_intro=(
            f"{len(r.remediation)} controls are still open: {r.timeline.open_hours:,} hours of open work for a "
            "company your size (the catalog's hours, half for work in progress). Work through them in this order: "
            "foundational controls first, because the others build on them."
        ),
        remediation_due=tuple(c.due + (" (overdue)" if c.overdue else "") for c in r.remediation),
        checklist_intro=(
            f"All {r.control_count} controls of the plan, grouped by the criterion each one mainly serves. "
            "The spreadsheet export (CSV or XLSX) carries the same list with full notes."
        ),
        checklist=checklist(r),
        evidence_none="No evidence is attached yet.",
        evidence_intro=evidence_intro(r),
        evidence=tuple(
            EvidenceLine(e.kind + (f", {e.size}" if e.size else "") + (f"\n{e.occurred}" if e.occurred else ""))
            for e in r.evidence
        ),
        year_two_bridges_title="Bridge letters",
        progress=progress(r),
        extras=extras(r),
    )
