"""Plan checks: the common SOC 2 mistakes, each a rule with a severity and what to do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from soc2wizard.domain.answers import Answers
from soc2wizard.domain.records import ChecklistRow, ScopeItem
from soc2wizard.estimate.model import SEVERITIES, Check, Readiness, ReportChoice, Timeline
from soc2wizard.estimate.words import day, duration

CHECK_IDS: tuple[str, ...] = (
    "deadline_passed",
    "deadline_missed",
    "start_in_past",
    "remediation_long",
    "hours_beyond_capacity",
    "deadline_at_risk",
    "wrong_report_type",
    "scope_too_narrow",
    "scope_creep",
    "no_systems_in_scope",
    "recurring_without_owner",
    "evidence_missing",
    "no_training",
    "vendor_unreviewed",
    "readiness_below_90",
)


@dataclass(frozen=True)
class CheckInputs:
    answers: Answers
    rows: Sequence[ChecklistRow]
    scope: Sequence[ScopeItem]
    report: ReportChoice
    timeline: Timeline
    readiness: Readiness
    type1_latest: dt.date | None = None  # latest report date were the plan a Type I
    type2_latest: dt.date | None = None  # … were it a Type II with its window
    today: dt.date | None = None
    ready_percent: int = 90  # readiness.before_fieldwork, as a percent
    remediation_limit_weeks: float | None = None  # phase.remediation.scratch's upper end
    remediation_limit_text: str = ""  # that range as people read it ("4–9 months")


def _ids(items: Sequence[str], n: int = 3) -> str:
    shown = ", ".join(items[:n])
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def recurring_without_owner(i: CheckInputs) -> Check | None:
    bad = [
        r.control.id
        for r in i.rows
        if r.control.recurring
        and r.state.status != "not_applicable"
        and (not r.state.owner.strip() or r.state.due_date is None)
    ]
    if not bad:
        return None
    return Check(
        "recurring_without_owner",
        "warning",
        f"{_plural(len(bad), 'recurring control')} ({_ids(bad)}) {'has' if len(bad) == 1 else 'have'} no owner "
        "or no next due date. SOC 2 is not a one-time project: give each one a person and a date so it keeps "
        + (
            "running through the observation window."
            if i.report.type == "type2"
            else "running after the audit, into the Type II that usually follows."
        ),
        "checklist",
        tuple(bad),
    )


def evidence_missing(i: CheckInputs) -> Check | None:
    bad = [r.control.id for r in i.rows if r.state.status == "implemented" and r.evidence_count == 0]
    if not bad:
        return None
    return Check(
        "evidence_missing",
        "warning",
        f"{_plural(len(bad), 'implemented control')} ({_ids(bad)}) {'has' if len(bad) == 1 else 'have'} "
        "no evidence. An auditor counts only what you can show: attach a file or a link to each.",
        "checklist",
        tuple(bad),
    )


def scope_creep(i: CheckInputs) -> Check | None:
    bad = [s.name for s in i.scope if s.kind == "system" and s.in_scope and s.internal_only]
    if not bad:
        return None
    return Check(
        "scope_creep",
        "warning",
        f"{_plural(len(bad), 'internal-only system')} in scope ({_ids(bad)}). Everything in scope is tested "
        "and adds to the fee; exclude systems that hold no customer data and say why.",
        "scope",
        tuple(bad),
    )


def scope_too_narrow(i: CheckInputs) -> Check | None:
    bad = [s.name for s in i.scope if s.kind == "system" and not s.in_scope and s.customer_data]
    if not bad:
        return None
    return Check(
        "scope_too_narrow",
        "warning",
        f"{_plural(len(bad), 'system')} holding customer data {'is' if len(bad) == 1 else 'are'} left out of "
        f"scope ({_ids(bad)}). Customers and auditors expect every system with their data in scope; "
        "bring it in, or be ready to defend the exclusion.",
        "scope",
        tuple(bad),
    )


def no_systems_in_scope(i: CheckInputs) -> Check | None:
    if any(s.kind == "system" and s.in_scope for s in i.scope):
        return None
    return Check(
        "no_systems_in_scope",
        "advice",
        "No system is in scope yet. List the product and services your customers rely on, starting with "
        "those that hold their data.",
        "scope",
    )


def wrong_report_type(i: CheckInputs) -> Check | None:
    a, chosen = i.answers, i.report.type
    deadline = a.customers.deadline
    only_type1 = (
        deadline is not None
        and i.type1_latest is not None
        and i.type2_latest is not None
        and i.type2_latest > deadline
        and i.type1_latest <= deadline
    )
    if chosen == "type1" and a.customers.requested_report == "type2":
        if only_type1:
            return Check(
                "wrong_report_type",
                "advice",
                "Your customers want Type II, and a Type I is the right first step for your deadline. "
                "Plan the Type II to start straight after it, and give customers a bridge letter for the gap.",
                "report",
            )
        return Check(
            "wrong_report_type",
            "warning",
            "You chose Type I, but your customers ask for Type II. A Type I alone will not close the deal: "
            "choose Type II, or plan it to follow the Type I.",
            "report",
        )
    if chosen == "type2" and only_type1:
        assert deadline is not None and i.type1_latest is not None
        return Check(
            "wrong_report_type",
            "warning",
            f"A Type II report cannot be ready by your deadline of {day(deadline)}, but a Type I report can "
            f"(by {day(i.type1_latest)} at the latest). Choose Type I first, then Type II, with a bridge letter in between.",
            "report",
        )
    return None


def no_training(i: CheckInputs) -> Check | None:
    training = [r for r in i.rows if r.control.practice == "security_training" or "training" in r.control.title.lower()]
    if any(r.state.status in ("implemented", "in_progress") for r in training):
        return None
    if not training and "security_training" in i.answers.practices:
        return None
    return Check(
        "no_training",
        "warning",
        "No security awareness training is in place or under way. Auditors test that every person is "
        "trained when they join and each year after; start it now, it is quick to set up.",
        "checklist",
        tuple(r.control.id for r in training),
    )


def vendor_unreviewed(i: CheckInputs) -> Check | None:
    bad = [s.name for s in i.scope if s.kind in ("vendor", "subservice") and not s.reviewed]
    if not bad:
        return None
    return Check(
        "vendor_unreviewed",
        "warning",
        f"{_plural(len(bad), 'vendor')} ({_ids(bad)}) {'has' if len(bad) == 1 else 'have'} no reviewed SOC 2 "
        "report or security assessment. Get each one's report (or a questionnaire), read it, and record the review.",
        "scope",
        tuple(bad),
    )


def _kind(i: CheckInputs) -> str:
    return "Type II" if i.report.type == "type2" else "Type I"


def deadline_passed(i: CheckInputs) -> Check | None:
    d = i.answers.customers.deadline
    if d is None or i.today is None or d >= i.today:
        return None
    return Check(
        "deadline_passed",
        "error",
        f"Your customer's deadline of {day(d)} has already passed, so the dates below cannot meet it. "
        "Agree a new date with your customer and enter it on the profile.",
        "profile",
    )


def start_in_past(i: CheckInputs) -> Check | None:
    start = i.answers.plan.start
    if start is None or i.today is None or start >= i.today:
        return None
    return Check(
        "start_in_past",
        "warning",
        f"The plan starts on {day(start)}, which is in the past: the dates assume the work began then. "
        "If it did not, move the start to today or later on the timeline.",
        "timeline",
    )


def remediation_long(i: CheckInputs) -> Check | None:
    limit = i.remediation_limit_weeks
    rem = next((p for p in i.timeline.phases if p.id == "remediation"), None)
    if limit is None or rem is None or rem.weeks_high <= limit:
        return None
    return Check(
        "remediation_long",
        "warning",
        f"At {i.answers.plan.weekly_hours} hours a week, remediation of {i.timeline.open_effort_hours:,.0f} hours "
        f"of open work takes {duration(rem.weeks_low, rem.weeks_high)}, longer than the "
        f"{i.remediation_limit_text} published for a company starting from scratch. Give it more hours a week, "
        "narrow the scope, or start with fewer categories.",
        "timeline",
    )


def hours_beyond_capacity(i: CheckInputs) -> Check | None:
    cap, weekly = i.timeline.capacity_hours, i.answers.plan.weekly_hours
    if not cap or weekly <= cap:
        return None
    people = i.answers.company.employees
    return Check(
        "hours_beyond_capacity",
        "warning",
        f"The plan counts on {weekly} hours a week, more than a company of {people:,} people can usually give "
        f"(about {cap} hours: see the capacity assumptions on the budget step). Unless you bring in outside help, "
        "the dates are earlier than you will manage: enter the hours you can really give.",
        "timeline",
    )


def deadline(i: CheckInputs) -> Check | None:
    t = i.timeline
    if t.deadline is None or t.deadline_met is not False:
        return None
    if i.today is not None and t.deadline < i.today:
        return None  # deadline_passed says it
    kind = _kind(i)
    best = [o for o in t.options if o.meets_deadline]
    hint = f" Options: {best[0].message}" if best else " See the timeline's options, or agree a later date."
    if t.report_date_earliest > t.deadline:
        return Check(
            "deadline_missed",
            "error",
            f"Your {kind} report cannot be ready by the deadline of {day(t.deadline)}: even the earliest date is "
            f"{day(t.report_date_earliest)}.{hint}",
            "timeline",
        )
    return Check(
        "deadline_at_risk",
        "warning",
        f"Your {kind} report meets the deadline of {day(t.deadline)} only if every phase goes quickly; it may "
        f"arrive as late as {day(t.report_date_latest)}.{hint}",
        "timeline",
    )


def readiness_below_90(i: CheckInputs) -> Check | None:
    r = i.readiness
    if not i.rows or r.design_percent >= i.ready_percent:
        return None
    return Check(
        "readiness_below_90",
        "advice",
        f"{r.design_percent}% of your controls are in place. Auditors expect about {i.ready_percent}% "
        "before fieldwork starts, so finish the foundational ones first.",
        "checklist",
    )


RULES = (
    deadline_passed,
    start_in_past,
    deadline,
    remediation_long,
    hours_beyond_capacity,
    wrong_report_type,
    scope_too_narrow,
    scope_creep,
    no_systems_in_scope,
    recurring_without_owner,
    evidence_missing,
    no_training,
    vendor_unreviewed,
    readiness_below_90,
)


def run_checks(i: CheckInputs) -> tuple[Check, ...]:
    """Every rule that fires, errors first."""
    found = [c for rule in RULES if (c := rule(i)) is not None]
    found.sort(key=lambda c: SEVERITIES.index(c.severity))
    return tuple(found)
