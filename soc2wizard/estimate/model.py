"""What the estimation engine answers: plain, frozen data for the app, the PDF and JSON.

``soc2wizard.estimate.plan.build_plan`` fills a PlanEstimate; the GUI, the
report model and ``summary --json`` only read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from soc2wizard.estimate.cycle import EvidenceCalendar, YearTwo

SEVERITIES: tuple[str, ...] = ("error", "warning", "advice")

PHASE_IDS: tuple[str, ...] = ("readiness", "remediation", "pre_audit", "observation", "fieldwork", "report")


@dataclass(frozen=True)
class Quote:
    """A money figure as the user typed it: in ``currency``, at ``rate`` units to the US dollar then."""

    currency: str
    low: float
    high: float
    rate: float = 1.0


@dataclass(frozen=True)
class Assumption:
    """One figure the engine uses, with where it comes from.

    ``key`` is stable (``audit_fee.type2.boutique``); ``unit`` is "USD",
    "USD/year", "USD/month", "USD/hour", "weeks", "hours", "share" …
    """

    key: str
    title: str
    low: float
    high: float
    unit: str
    source: str
    as_of: str = ""
    overridden: bool = False
    default_low: float | None = None  # the published figure when overridden
    default_high: float | None = None
    note: str = ""
    # A money figure in the plan's display currency (``low``/``high`` stay the US dollars the
    # estimate uses): ``shown_*`` are what the app shows and the user types over. A quote typed
    # in the display currency shows exactly as typed. Empty ``currency``: not money.
    currency: str = ""
    shown_low: float | None = None
    shown_high: float | None = None
    quote: Quote | None = None  # an override of a money figure, as typed (with its currency)


@dataclass(frozen=True)
class CriterionChoice:
    id: str  # security, availability, processing_integrity, confidentiality, privacy
    title: str
    selected: bool
    recommended: bool
    reasons: tuple[str, ...]
    # What choosing it adds (zero for security): controls, weeks and dollars.
    adds_controls: int = 0
    adds_weeks_low: float = 0
    adds_weeks_high: float = 0
    adds_cost_low: float = 0
    adds_cost_high: float = 0


@dataclass(frozen=True)
class ReportChoice:
    type: str  # type1 | type2 (what the plan uses: the user's choice or the advice)
    recommended_type: str
    observation_months: int | None  # None for Type I
    recommended_months: int
    reasons: tuple[str, ...]
    caveats: tuple[str, ...] = ()  # window caveats, bridge letters …


@dataclass(frozen=True)
class Obligation:
    framework: str  # an id of vocab.FRAMEWORKS
    title: str
    required: bool
    basis: str  # law | contract | advice
    reason: str


@dataclass(frozen=True)
class Phase:
    id: str  # one of PHASE_IDS
    title: str
    weeks_low: float
    weeks_high: float
    start: dt.date  # earliest start
    end_low: dt.date  # earliest end
    end_high: dt.date  # latest end
    start_high: dt.date | None = None  # latest start (after earlier phases ran long)
    note: str = ""


@dataclass(frozen=True)
class DeadlineOption:
    """A computed change that would meet the deadline (or bring the report closer)."""

    id: str  # type1_first | shorter_window | fewer_categories | narrower_scope | more_hours
    message: str
    report_date_latest: dt.date
    meets_deadline: bool


@dataclass(frozen=True)
class Timeline:
    start: dt.date
    phases: tuple[Phase, ...]
    weeks_low: float
    weeks_high: float
    report_date_earliest: dt.date
    report_date_latest: dt.date
    deadline: dt.date | None = None
    deadline_met: bool | None = None  # None without a deadline; False once it has passed
    deadline_passed: bool = False  # the deadline is before the day the plan was made
    options: tuple[DeadlineOption, ...] = ()
    # The one open-hours figure (catalog hours of open work, in progress at
    # half, scaled to the company's size): the app, the summary and the PDF show it.
    open_effort_hours: float = 0
    report_type: str = "type2"
    capacity_hours: int = 0  # the most weekly hours the company can give (capacity.* assumptions)


@dataclass(frozen=True)
class CostItem:
    id: str  # audit_fee, readiness_help, tooling, pentest, staff_time, training …
    title: str
    low: float
    high: float
    basis: str  # how it was worked out, in one sentence
    assumptions: tuple[str, ...] = ()  # Assumption keys used
    overridden: bool = False
    # False for the team's own time: a real cost, but not money the company
    # pays out, so it is shown beside the cash total rather than inside it
    # (published first-year totals are cash).
    in_total: bool = True


@dataclass(frozen=True)
class Budget:
    currency: str
    items: tuple[CostItem, ...]
    low: float
    high: float
    renewal_low: float
    renewal_high: float
    # In another currency than US dollars (estimate.currency): the budget in
    # published US dollars, the user's rate and where it came from.
    published: Budget | None = None
    rate: float = 1.0
    rate_note: str = ""
    # Year two, line by line: after a Type I the first Type II; after a Type II a
    # renewal audit; plus a year of the platform, a pen test, training (and PCI).
    renewal_items: tuple[CostItem, ...] = ()


@dataclass(frozen=True)
class CriterionReadiness:
    id: str  # a TSC id such as CC6.1
    design: int  # percent of applicable controls implemented (or N/A)
    operating: int | None  # percent of expected occurrences recorded; None if no recurring control
    controls: int


@dataclass(frozen=True)
class Readiness:
    design_percent: int
    operating_percent: int | None
    implemented: int
    applicable: int
    by_criterion: tuple[CriterionReadiness, ...]
    expected_occurrences: int = 0
    recorded_occurrences: int = 0


@dataclass(frozen=True)
class Check:
    id: str  # stable: recurring_without_owner, evidence_missing, scope_creep, …
    severity: str  # error | warning | advice
    message: str  # what is wrong and what to do
    step: str  # the wizard step that fixes it (see soc2wizard.domain.steps)
    subjects: tuple[str, ...] = ()  # control ids, scope item names …


@dataclass(frozen=True)
class PlanEstimate:
    company: str
    today: dt.date
    criteria: tuple[CriterionChoice, ...]
    report: ReportChoice
    obligations: tuple[Obligation, ...]
    timeline: Timeline
    budget: Budget
    readiness: Readiness
    checks: tuple[Check, ...]
    assumptions: tuple[Assumption, ...] = field(default=())
    assumptions_used: tuple[str, ...] = ()  # the keys this estimate read, in the order first read
    # Through the year (soc2wizard.estimate.cycle): the next report cycle and the evidence calendar.
    year_two: YearTwo | None = None
    calendar: EvidenceCalendar | None = None
