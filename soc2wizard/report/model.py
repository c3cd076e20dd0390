"""The readiness plan as plain data: every word and number the PDF shows.

services read the workspace once into a ``ReportInput``; ``build_report`` turns
it and the plan estimate into a ``Report`` without any I/O, so the
renderer can run off the UI thread and the tests can check the plan by value.
Nothing here imports reportlab.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from soc2wizard.domain import format as fmt
from soc2wizard.domain import vocab
from soc2wizard.domain.answers import Answers
from soc2wizard.domain.catalog import PRIORITIES, Criterion
from soc2wizard.domain.display import rate_text
from soc2wizard.domain.records import ChecklistRow, Evidence, ScopeItem, WorkspaceSettings
from soc2wizard.estimate import words
from soc2wizard.estimate.model import Assumption, PlanEstimate
from soc2wizard.estimate.progress import Side

if TYPE_CHECKING:
    from soc2wizard.report.text import PlanText

TITLE = "SOC 2 readiness plan"

# Section ids and the titles the PDF shows, in reading order.
SECTIONS: dict[str, str] = {
    "summary": "Executive summary",
    "scope": "Scope",
    "criteria": "Trust Services Categories",
    "report": "Report type",
    "obligations": "Other obligations",
    "timeline": "Timeline",
    "budget": "Budget",
    "year_two": "The next cycle",
    "readiness": "Readiness by criterion",
    "checks": "Plan checks",
    "remediation": "Remediation plan",
    "checklist": "Appendix A: Control checklist",
    "evidence": "Appendix B: Evidence index",
}

SEVERITY_WORDS: dict[str, str] = {"error": "Error", "warning": "Warning", "advice": "Advice"}
OPEN_STATUSES = ("not_started", "in_progress")


# --- what the workspace holds ------------------------------------------------


@dataclass(frozen=True)
class ReportInput:
    """Everything the report reads from the workspace, read once."""

    answers: Answers
    settings: WorkspaceSettings
    logo: bytes | None
    scope: tuple[ScopeItem, ...]
    rows: tuple[ChecklistRow, ...]
    evidence: tuple[Evidence, ...]
    criteria: dict[str, Criterion]  # the catalog's TSC criteria by id, in TSC order
    snapshots: tuple[Side, ...] = ()  # snapshots kept in the workspace, oldest first


# --- the report ---------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Cover:
    title: str
    company: str
    date: dt.date
    date_text: str
    prepared_for: str = ""
    prepared_by: str = ""
    firm_name: str = ""
    assessor_name: str = ""
    consultant_role: str = ""
    logo: bytes | None = None

    @property
    def lines(self) -> tuple[Fact, ...]:
        """The labelled lines under the title, empty ones left out."""
        pairs = (
            ("Prepared for", self.prepared_for),
            ("Prepared by", self.prepared_by),
            ("Consultant firm", self.firm_name),
            (
                "Assessor",
                self.assessor_name
                + (f", {self.consultant_role}" if self.consultant_role and self.assessor_name else ""),
            ),
            ("Date", self.date_text),
        )
        return tuple(Fact(k, v) for k, v in pairs if v)


@dataclass(frozen=True)
class Summary:
    recommendation: str
    facts: tuple[Fact, ...]
    next_steps: tuple[str, ...]


@dataclass(frozen=True)
class ScopeRow:
    name: str
    description: str = ""
    detail: str = ""


@dataclass(frozen=True)
class ScopeSection:
    systems: tuple[ScopeRow, ...]
    excluded: tuple[ScopeRow, ...]
    subservice: tuple[ScopeRow, ...]
    vendors: tuple[ScopeRow, ...]
    locations: tuple[ScopeRow, ...]


@dataclass(frozen=True)
class CriterionRow:
    title: str
    included: str  # "Included" / "Not included"
    advice: str  # "Recommended" / "Not recommended"
    reasons: tuple[str, ...]
    adds: str  # what choosing it adds, "" for Security


@dataclass(frozen=True)
class ReportTypeSection:
    type_label: str
    window: str  # "3-month observation window" or ""
    advice: str  # what we recommend, and whether the plan follows it
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]


@dataclass(frozen=True)
class ObligationRow:
    title: str
    status: str  # "Required by law", "Required by contract", "Worth considering"
    reason: str


@dataclass(frozen=True)
class PhaseRow:
    id: str
    title: str
    duration: str
    start: dt.date
    end_low: dt.date
    end_high: dt.date
    start_high: dt.date
    dates: str
    note: str = ""


@dataclass(frozen=True)
class TimelineSection:
    start: dt.date
    phases: tuple[PhaseRow, ...]
    duration: str
    report_earliest: dt.date
    report_latest: dt.date
    report_dates: str  # "earliest 3 Sep 2027, latest 12 Nov 2027"
    deadline_date: dt.date | None
    deadline: str  # a sentence naming the report type and dates, "" without a deadline
    deadline_met: bool | None
    options: tuple[str, ...]
    report_type: str = "Type II"  # the words
    open_hours: int = 0  # the one open-hours figure (timeline, budget, remediation plan)


@dataclass(frozen=True)
class CostRow:
    title: str
    low: float
    high: float
    amount: str
    basis: str
    overridden: bool = False
    in_total: bool = True  # False for your team's time: shown beside the cash total, not in it


@dataclass(frozen=True)
class AssumptionRow:
    title: str
    value: str
    source: str
    note: str = ""
    overridden: bool = False


@dataclass(frozen=True)
class BudgetSection:
    currency: str
    rows: tuple[CostRow, ...]
    low: float
    high: float
    total: str
    renewal: str
    assumptions: tuple[AssumptionRow, ...]
    # In another currency than US dollars: the user's rate, and the totals in published US dollars.
    rate_note: str = ""
    published_total: str = ""
    published_renewal: str = ""
    renewal_rows: tuple[CostRow, ...] = ()  # year two, line by line
    renewal_title: str = "Year two"


@dataclass(frozen=True)
class ReadinessBar:
    criterion: str  # CC6.1
    title: str
    design: int
    operating: int | None
    controls: int


@dataclass(frozen=True)
class ReadinessGroup:
    title: str  # Security …
    bars: tuple[ReadinessBar, ...]


@dataclass(frozen=True)
class ReadinessSection:
    design_percent: int
    operating_percent: int | None
    text: str
    groups: tuple[ReadinessGroup, ...]


@dataclass(frozen=True)
class CheckRow:
    severity: str
    severity_word: str
    message: str
    subjects: str = ""


@dataclass(frozen=True)
class ControlRow:
    """One control as the remediation plan, the appendix and the spreadsheets show it."""

    control_id: str
    title: str
    criteria: tuple[str, ...]
    status: str  # id
    status_label: str
    owner: str
    due_date: dt.date | None
    due: str
    priority: int
    priority_label: str
    evidence_count: int
    notes: str
    na_reason: str = ""
    effort_hours: int = 0
    overdue: bool = False
    # The crosswalk: ISO 27001:2022, HIPAA and PCI DSS v4.0 references of the control.
    iso27001: tuple[str, ...] = ()
    hipaa: tuple[str, ...] = ()
    pci_dss: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistGroup:
    criterion: str
    title: str
    rows: tuple[ControlRow, ...]


@dataclass(frozen=True)
class EvidenceRow:
    control_id: str
    name: str
    kind: str  # "File" / "Link"
    fingerprint: str  # SHA-256 or the address
    size: str
    occurred: str


@dataclass(frozen=True)
class Report:
    title: str
    subject: str
    author: str
    cover: Cover
    summary: Summary
    scope: ScopeSection
    criteria: tuple[CriterionRow, ...]
    report_type: ReportTypeSection
    obligations: tuple[ObligationRow, ...]
    timeline: TimelineSection
    budget: BudgetSection
    readiness: ReadinessSection
    checks: tuple[CheckRow, ...]
    remediation: tuple[ControlRow, ...]
    checklist: tuple[ChecklistGroup, ...]
    evidence: tuple[EvidenceRow, ...]
    footer: str
    sections: dict[str, str] = field(default_factory=lambda: dict(SECTIONS))
    paper: str = "letter"  # "a4" or "letter"
    year_two: YearTwoSection | None = None
    progress: ProgressSection | None = None  # only when a snapshot has been kept
    # The deliverables' sections (soc2wizard.report.extras.Extras), attached by add_deliverables.
    extras: Any = None

    @property
    def control_count(self) -> int:
        return sum(len(g.rows) for g in self.checklist)

    @cached_property
    def text(self) -> PlanText:
        """Every sentence the plan prints, worded from this report (soc2wizard.report.text)."""
        from soc2wizard.report.text import plan_text

        return plan_text(self)


# --- building ------------------------------------------------------------------


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def value_text(low: float, high: float, unit: str) -> str:
    """An assumption's figure in its unit: "$12k–$30k a year", "4–8 weeks", "50%" (domain.format.figure)."""
    return fmt.figure(low, high, unit)


def _control_row(row: ChecklistRow, today: dt.date) -> ControlRow:
    c, st = row.control, row.state
    due = st.due_date
    open_ = st.status in OPEN_STATUSES
    return ControlRow(
        control_id=c.id,
        title=c.title,
        criteria=tuple(c.criteria),
        status=st.status,
        status_label=vocab.STATUSES.get(st.status, st.status),
        owner=st.owner,
        due_date=due,
        due=fmt.day(due) if due else "",
        priority=c.priority,
        priority_label=PRIORITIES.get(c.priority, str(c.priority)),
        evidence_count=row.evidence_count,
        notes=st.notes,
        na_reason=st.na_reason if st.status == "not_applicable" else "",
        effort_hours=int(getattr(c, "effort_hours", 0) or 0),
        overdue=bool(open_ and due is not None and due < today),
        **crosswalk_refs(c.frameworks),
    )


def crosswalk_refs(frameworks: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """A control's references per crosswalk framework (``iso27001``, ``hipaa``, ``pci_dss``)."""
    return {key: tuple(frameworks.get(key, ())) for key in ("iso27001", "hipaa", "pci_dss")}


def control_rows(rows: Sequence[ChecklistRow], today: dt.date) -> list[ControlRow]:
    """The checklist in its own order (foundational first), one row per control."""
    return [_control_row(r, today) for r in rows]


def _cover(data: ReportInput, company: str, today: dt.date) -> Cover:
    st = data.settings
    return Cover(
        title=TITLE,
        company=company,
        date=today,
        date_text=fmt.day(today),
        prepared_for=st.prepared_for,
        prepared_by=st.prepared_by,
        firm_name=st.firm_name,
        assessor_name=st.assessor_name,
        consultant_role=st.consultant_role,
        logo=data.logo,
    )


def _summary(est: PlanEstimate, rows: list[ControlRow]) -> Summary:
    rep, tl, bu, rd = est.report, est.timeline, est.budget, est.readiness
    chosen = [c.title for c in est.criteria if c.selected]
    type_label = vocab.REPORT_TYPES.get(rep.type, rep.type)
    window = (
        f", with a {rep.observation_months}-month observation window"
        if rep.type == "type2" and rep.observation_months
        else ""
    )
    recommendation = f"Get a SOC 2 {type_label} report covering {_join(chosen)}{window}."
    if rep.recommended_type != rep.type:
        recommendation += (
            f" We would advise a {vocab.REPORT_TYPES.get(rep.recommended_type)} report instead: see Report type."
        )
    readiness = f"{rd.design_percent}% of controls in place ({rd.implemented} of {rd.applicable})"
    if rd.operating_percent is not None and rep.type == "type2":
        readiness += f"; {rd.operating_percent}% of recurring activity recorded"
    kind = f"SOC 2 {type_label}"
    facts = [
        Fact(
            "Report",
            kind
            + (f", {rep.observation_months}-month window" if rep.type == "type2" and rep.observation_months else ""),
        ),
        Fact("Trust Services Categories", _join(chosen)),
        Fact(f"{type_label} report expected", words.report_dates(tl.report_date_earliest, tl.report_date_latest)),
        Fact("Time to report", fmt.weeks_range(tl.weeks_low, tl.weeks_high)),
        Fact("Open work", f"{round(tl.open_effort_hours):,} hours of open work"),
        Fact("Budget, first year", fmt.money_range(bu.low, bu.high, bu.currency)),
        *[
            Fact(i.title, f"{fmt.money_range(i.low, i.high, bu.currency)} in time, not cash (not in the budget)")
            for i in bu.items
            if not getattr(i, "in_total", True)
        ],
        Fact(_renewal_title(rep.type), fmt.money_range(bu.renewal_low, bu.renewal_high, bu.currency)),
        Fact("Readiness today", readiness),
    ]
    if tl.deadline is not None:
        facts.append(Fact("Customer deadline", words.deadline_sentence(tl)))

    steps: list[str] = []
    for check in est.checks:
        if check.severity == "error":
            steps.append(check.message)
    open_found = [r for r in rows if r.status in OPEN_STATUSES and r.priority == 1]
    open_all = [r for r in rows if r.status in OPEN_STATUSES]
    if open_found:
        first = ", ".join(f"{r.control_id} {r.title}" for r in open_found[:3])
        steps.append(f"Finish the {len(open_found)} open foundational controls first, starting with {first}.")
    if open_all:
        no_owner = sum(1 for r in open_all if not r.owner)
        if no_owner:
            steps.append(f"Give each of the {no_owner} open controls without an owner a named person and a due date.")
    if tl.deadline_met is False:
        for o in tl.options[:2]:
            if not any(o.message in step for step in steps):  # a check may already quote it
                steps.append(o.message)
    if rep.type == "type2":
        steps.append("Book the auditor early and agree the observation window's start date with them.")
    else:
        steps.append("Book the auditor early and agree the date the design will be assessed.")
    return Summary(recommendation, tuple(facts), tuple(dict.fromkeys(steps)))


def _renewal_title(report_type: str) -> str:
    return "Year two (the first Type II)" if report_type == "type1" else "Year two (renewal)"


def _scope(items: Sequence[ScopeItem]) -> ScopeSection:
    systems, excluded, sub, vendors, locations = [], [], [], [], []
    for it in items:
        if it.kind == "system":
            if it.in_scope:
                flags = []
                if it.customer_data:
                    flags.append("Holds customer data")
                if it.internal_only:
                    flags.append("Internal only")
                systems.append(ScopeRow(it.name, it.description, "; ".join(flags)))
            else:
                excluded.append(ScopeRow(it.name, it.description, it.exclusion_reason or "No reason recorded."))
        elif it.kind == "subservice":
            method = vocab.SUBSERVICE_METHODS.get(it.method or "carve_out", "Carve-out")
            reviewed = "SOC 2 report reviewed" if it.reviewed else "SOC 2 report not yet reviewed"
            sub.append(ScopeRow(it.name, it.description, f"{method}; {reviewed}"))
        elif it.kind == "vendor":
            vendors.append(ScopeRow(it.name, it.description, "Reviewed" if it.reviewed else "Not yet reviewed"))
        else:
            if it.in_scope:
                locations.append(ScopeRow(it.name, it.description, ""))
            else:
                excluded.append(ScopeRow(it.name, it.description, it.exclusion_reason or "No reason recorded."))
    return ScopeSection(tuple(systems), tuple(excluded), tuple(sub), tuple(vendors), tuple(locations))


def _criteria(est: PlanEstimate, currency: str) -> tuple[CriterionRow, ...]:
    out = []
    for c in est.criteria:
        adds = ""
        if c.id != "security" and (c.adds_controls or c.adds_cost_high or c.adds_weeks_high):
            parts = []
            if c.adds_controls:
                parts.append(f"{c.adds_controls} more control{'s' if c.adds_controls != 1 else ''}")
            if c.adds_weeks_high:
                parts.append(fmt.number_range(c.adds_weeks_low, c.adds_weeks_high, "weeks"))
            if c.adds_cost_high:
                parts.append(fmt.money_range(c.adds_cost_low, c.adds_cost_high, currency))
            adds = ", ".join(parts)
        out.append(
            CriterionRow(
                title=c.title,
                included="Included" if c.selected else "Not included",
                advice="Recommended" if c.recommended else "Not recommended",
                reasons=tuple(c.reasons),
                adds=adds,
            )
        )
    return tuple(out)


def _report_type(est: PlanEstimate) -> ReportTypeSection:
    rep = est.report
    label = vocab.REPORT_TYPES.get(rep.type, rep.type)
    rec = vocab.REPORT_TYPES.get(rep.recommended_type, rep.recommended_type)
    window = (
        f"{rep.observation_months}-month observation window" if rep.type == "type2" and rep.observation_months else ""
    )
    if rep.recommended_type == rep.type:
        advice = f"We recommend a {rec} report, and the plan uses one."
        if (
            rep.type == "type2"
            and rep.observation_months
            and rep.recommended_months
            and rep.recommended_months != rep.observation_months
        ):
            advice += (
                f" We suggest a {rep.recommended_months}-month window; the plan uses {rep.observation_months} months."
            )
    else:
        advice = f"We recommend a {rec} report; the plan uses a {label} report, as you chose."
    return ReportTypeSection(label, window, advice, tuple(rep.reasons), tuple(rep.caveats))


_BASIS = {"law": "Required by law", "contract": "Required by contract", "advice": "Worth considering"}


def _obligations(est: PlanEstimate) -> tuple[ObligationRow, ...]:
    return tuple(
        ObligationRow(o.title, _BASIS.get(o.basis, "Required") if o.required else "Worth considering", o.reason)
        for o in est.obligations
    )


def _timeline(est: PlanEstimate) -> TimelineSection:
    tl = est.timeline
    phases = []
    for p in tl.phases:
        start_high = p.start_high or p.start
        if p.start == start_high:
            starts = f"starts {fmt.day(p.start)}"
        else:
            starts = f"starts {fmt.date_range(p.start, start_high)}"
        ends = f"ends {fmt.date_range(p.end_low, p.end_high)}"
        phases.append(
            PhaseRow(
                id=p.id,
                title=p.title,
                duration=fmt.weeks_range(p.weeks_low, p.weeks_high),
                start=p.start,
                end_low=p.end_low,
                end_high=p.end_high,
                start_high=start_high,
                dates=f"{starts}; {ends}",
                note=p.note,
            )
        )
    deadline = words.deadline_sentence(tl)
    return TimelineSection(
        start=tl.start,
        phases=tuple(phases),
        duration=fmt.weeks_range(tl.weeks_low, tl.weeks_high),
        report_earliest=tl.report_date_earliest,
        report_latest=tl.report_date_latest,
        report_dates=words.report_dates(tl.report_date_earliest, tl.report_date_latest),
        deadline_date=tl.deadline,
        deadline=deadline,
        deadline_met=tl.deadline_met,
        options=tuple(o.message for o in tl.options),
        report_type=vocab.REPORT_TYPES.get(tl.report_type, tl.report_type),
        open_hours=round(tl.open_effort_hours),
    )


def exact_text(low: float, high: float, unit: str, currency: str) -> str:
    """A quote's money to the unit, in ``currency``: "€18,000", "€3,000–€4,500 a month"."""
    a, b = fmt.money_exact(low, currency), fmt.money_exact(high, currency)
    text = a if a == b else f"{a}{fmt.DASH}{b}"
    per = unit[3:].lstrip("/")
    return text + (f" {'an' if per == 'hour' else 'a'} {per}" if per and per != "each" else "")


def _assumption_row(a: Assumption) -> AssumptionRow:
    note = a.note
    value = value_text(a.low, a.high, a.unit)
    if a.overridden:
        published = ""
        if a.default_low is not None and a.default_high is not None:
            published = f" (published figure {value_text(a.default_low, a.default_high, a.unit)})"
        q = a.quote
        if q is not None and q.currency != "USD":
            # As typed, in its currency; then the dollars the plan used (and the page's currency if another).
            value = exact_text(q.low, q.high, a.unit, q.currency)
            used = exact_text(a.low, a.high, a.unit, "USD")
            shown = ""
            if a.currency and a.currency != q.currency and a.shown_low is not None and a.shown_high is not None:
                shown = f", {exact_text(a.shown_low, a.shown_high, a.unit, a.currency)} in this plan's currency"
            note = (
                f"Your own quote, typed in {q.currency}; the plan uses {used} "
                f"(1 USD = {rate_text(q.rate)} {q.currency}){shown}{published}."
            )
        else:
            note = f"Your own figure{published}."
        note += f" {a.note}" if a.note else ""
    source = a.source + (f", {a.as_of}" if a.as_of and a.as_of not in a.source else "")
    return AssumptionRow(a.title, value, source, note, a.overridden)


def _cost_row(i: Any, currency: str) -> CostRow:
    return CostRow(
        i.title,
        i.low,
        i.high,
        fmt.money_range(i.low, i.high, currency),
        i.basis,
        i.overridden,
        bool(getattr(i, "in_total", True)),
    )


def _budget(est: PlanEstimate) -> BudgetSection:
    bu = est.budget
    pub = bu.published
    rows = tuple(_cost_row(i, bu.currency) for i in bu.items)
    # Every figure the estimate read is shown, with its source, and any the user overrode.
    used = set(est.assumptions_used) or {k for i in bu.items for k in i.assumptions}
    chosen = [a for a in est.assumptions if a.key in used or a.overridden]
    return BudgetSection(
        currency=bu.currency,
        rows=rows,
        low=bu.low,
        high=bu.high,
        total=fmt.money_range(bu.low, bu.high, bu.currency),
        renewal=fmt.money_range(bu.renewal_low, bu.renewal_high, bu.currency),
        assumptions=tuple(_assumption_row(a) for a in chosen),
        rate_note=bu.rate_note,
        published_total=fmt.money_range(pub.low, pub.high, pub.currency) if pub else "",
        published_renewal=fmt.money_range(pub.renewal_low, pub.renewal_high, pub.currency) if pub else "",
        renewal_rows=tuple(_cost_row(i, bu.currency) for i in bu.renewal_items),
        renewal_title=_renewal_title(est.report.type),
    )


def _readiness(est: PlanEstimate, criteria: dict[str, Criterion]) -> ReadinessSection:
    rd = est.readiness
    groups: dict[str, list[ReadinessBar]] = {}
    for cr in rd.by_criterion:
        try:
            category = vocab.criterion_category(cr.id)
        except ValueError:
            category = "security"
        title = criteria[cr.id].title if cr.id in criteria else cr.id
        groups.setdefault(category, []).append(ReadinessBar(cr.id, title, cr.design, cr.operating, cr.controls))
    order = list(criteria)
    ordered = tuple(
        ReadinessGroup(
            vocab.CRITERIA[k],
            tuple(sorted(groups[k], key=lambda b: order.index(b.criterion) if b.criterion in order else len(order))),
        )
        for k in vocab.CRITERIA
        if k in groups
    )
    text = (
        f"{rd.design_percent}% of the plan's controls are in place: {rd.implemented} of "
        f"{rd.applicable} implemented or not applicable (design readiness, what a Type I report tests)."
    )
    if rd.operating_percent is not None:
        text += (
            f" {rd.operating_percent}% of the recurring activity expected in the observation window "
            f"has been recorded: {rd.recorded_occurrences} of {rd.expected_occurrences} occurrences "
            "(operating readiness, what a Type II report tests)."
        )
    return ReadinessSection(rd.design_percent, rd.operating_percent, text, ordered)


def _checks(est: PlanEstimate) -> tuple[CheckRow, ...]:
    rank = {"error": 0, "warning": 1, "advice": 2}
    out = []
    for c in sorted(est.checks, key=lambda c: rank.get(c.severity, 3)):
        subjects = ", ".join(c.subjects[:12]) + (f" and {len(c.subjects) - 12} more" if len(c.subjects) > 12 else "")
        out.append(CheckRow(c.severity, SEVERITY_WORDS.get(c.severity, c.severity.title()), c.message, subjects))
    return tuple(out)


def _checklist(rows: list[ControlRow], data: ReportInput, categories: Sequence[str]) -> tuple[ChecklistGroup, ...]:
    chosen = set(categories) | {"security"}

    def primary(r: ControlRow) -> str:
        for cid in r.criteria:
            try:
                if vocab.criterion_category(cid) in chosen:
                    return cid
            except ValueError:
                continue
        return r.criteria[0] if r.criteria else ""

    by: dict[str, list[ControlRow]] = {}
    for r in rows:
        by.setdefault(primary(r), []).append(r)
    order = list(data.criteria)
    keys = sorted(by, key=lambda k: (order.index(k) if k in order else len(order), k))
    return tuple(
        ChecklistGroup(k, data.criteria[k].title if k in data.criteria else (k or "Other controls"), tuple(by[k]))
        for k in keys
    )


def _evidence(items: Sequence[Evidence]) -> tuple[EvidenceRow, ...]:
    out = []
    for e in sorted(items, key=lambda e: (e.control_id, e.id)):
        out.append(
            EvidenceRow(
                control_id=e.control_id,
                name=e.name,
                kind="File" if e.kind == "file" else "Link",
                fingerprint=(e.sha256 or "") if e.kind == "file" else (e.url or ""),
                size=fmt.file_size(e.size) if e.kind == "file" else "",
                occurred=fmt.day(e.occurred_on) if e.occurred_on else "",
            )
        )
    return tuple(out)


def build_report(data: ReportInput, estimate: PlanEstimate, today: dt.date) -> Report:
    """The whole plan as data, from what the workspace holds and its estimate."""
    company = data.answers.company.name or estimate.company or "Your company"
    rows = control_rows(data.rows, today)
    categories = [c.id for c in estimate.criteria if c.selected] or ["security"]
    st = data.settings
    author = st.prepared_by or st.assessor_name or st.firm_name or company
    footer = " · ".join(
        x
        for x in (
            f"Prepared by {st.prepared_by}" if st.prepared_by else "",
            st.firm_name,
            "Confidential",
        )
        if x
    )
    from soc2wizard.report import cycle

    progress = cycle.progress(data, estimate)
    sections = dict(SECTIONS)
    if progress is not None:  # after the readiness it compares
        keys = list(sections)
        at = keys.index("readiness") + 1
        sections = (
            {k: sections[k] for k in keys[:at]} | {"progress": progress.title} | {k: sections[k] for k in keys[at:]}
        )
    return Report(
        title=f"{TITLE}: {company}",
        subject=(
            f"SOC 2 {vocab.REPORT_TYPES.get(estimate.report.type, estimate.report.type)} readiness: "
            "scope, criteria, timeline, budget and control checklist"
        ),
        author=author,
        cover=_cover(data, company, today),
        summary=_summary(estimate, rows),
        scope=_scope(data.scope),
        criteria=_criteria(estimate, estimate.budget.currency),
        report_type=_report_type(estimate),
        obligations=_obligations(estimate),
        timeline=_timeline(estimate),
        budget=_budget(estimate),
        readiness=_readiness(estimate, data.criteria),
        checks=_checks(estimate),
        remediation=tuple(r for r in rows if r.status in OPEN_STATUSES),
        checklist=_checklist(rows, data, categories),
        evidence=_evidence(data.evidence),
        footer=footer,
        sections=sections,
        year_two=cycle.year_two(estimate),
        progress=progress,
    )


# The through-the-year sections (soc2wizard.report.cycle), importable from here as before.
from soc2wizard.report.cycle import (  # noqa: E402, F401
    ChangeRow,
    CycleRow,
    HistoryPoint,
    ProgressSection,
    ThenNow,
    YearTwoSection,
)
