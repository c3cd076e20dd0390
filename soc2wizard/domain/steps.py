"""The wizard's steps, their order, and when each is complete.

The app only renders these; what "complete" means lives here so the
sidebar, the review page and the tests agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from soc2wizard.domain.answers import Answers
from soc2wizard.domain.records import ChecklistRow, ScopeItem

NOT_STARTED, IN_PROGRESS, COMPLETE, ATTENTION = "not_started", "in_progress", "complete", "attention"


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    title: str  # the sidebar's short name
    heading: str  # the page title: the outcome
    why: str  # one or two sentences of why


STEPS: tuple[Step, ...] = (
    Step(
        "profile",
        1,
        "Company profile",
        "Tell us about your company",
        "Your answers decide which criteria, controls and obligations apply, and drive every estimate.",
    ),
    Step(
        "scope",
        2,
        "Scope",
        "Decide what the audit covers",
        "The auditor tests only what is in scope. Include every system that holds customer data, "
        "and nothing that does not need to be there.",
    ),
    Step(
        "criteria",
        3,
        "Trust Services Criteria",
        "Choose the criteria your report covers",
        "Security is always in. Each extra criterion answers a customer's question, and adds controls, "
        "time and audit fees.",
    ),
    Step(
        "report",
        4,
        "Report type",
        "Choose Type I or Type II",
        "Type I checks that controls are designed well on one day; Type II checks that they worked "
        "over a period. Most enterprise buyers want Type II.",
    ),
    Step(
        "timeline",
        5,
        "Timeline",
        "See when your report can be ready",
        "Each phase is a range, because teams and auditors differ. Change the start date, report type "
        "or weekly hours and the dates follow.",
    ),
    Step(
        "budget",
        6,
        "Budget",
        "See what it will cost",
        "Every figure comes from a published source; replace any with a real quote you have.",
    ),
    Step(
        "checklist",
        7,
        "Control checklist",
        "Work through your controls",
        "The controls that apply to you, foundational first. Give each an owner and a due date, and "
        "attach evidence as you go.",
    ),
    Step(
        "review",
        8,
        "Review and export",
        "Check the plan and share it",
        "Fix what the plan checks find, then export the readiness plan as a PDF or the checklist as a spreadsheet.",
    ),
)

STEP_IDS: tuple[str, ...] = tuple(s.id for s in STEPS)


def step(step_id: str) -> Step:
    for s in STEPS:
        if s.id == step_id:
            return s
    raise KeyError(f"no step {step_id!r}; steps: {', '.join(STEP_IDS)}")


def step_states(
    answers: Answers,
    scope: Sequence[ScopeItem],
    rows: Sequence[ChecklistRow],
    *,
    error_steps: Sequence[str] = (),
) -> dict[str, str]:
    """Each step's state: not_started, in_progress, complete, or attention (a plan error)."""
    a = answers
    profile_touched = bool(a.data or a.hosting or a.practices) or a.customers.requested_report is not None
    profile_done = profile_touched and bool(a.hosting)
    systems = [i for i in scope if i.kind == "system"]
    scope_done = any(i.in_scope and i.customer_data for i in systems) and all(
        i.in_scope or i.exclusion_reason for i in scope
    )
    criteria_done = a.plan.criteria is not None
    report_done = a.plan.report_type is not None and (
        a.plan.report_type == "type1" or a.plan.observation_months is not None
    )
    timeline_done = a.plan.start is not None
    budget_done = timeline_done and criteria_done and report_done
    total = len(rows)
    owned = sum(1 for r in rows if r.state.owner or r.state.status in ("implemented", "not_applicable"))
    settled = sum(1 for r in rows if r.state.status in ("implemented", "not_applicable"))
    checklist_touched = any(r.state.updated_at for r in rows)

    states = {
        # The company's name is given when the workspace is made, so the profile
        # is under way from the start; it is complete once hosting is known too.
        "profile": COMPLETE if profile_done else IN_PROGRESS,
        "scope": COMPLETE if scope_done else (IN_PROGRESS if scope else NOT_STARTED),
        "criteria": COMPLETE if criteria_done else NOT_STARTED,
        "report": COMPLETE if report_done else (IN_PROGRESS if a.plan.report_type else NOT_STARTED),
        "timeline": COMPLETE if timeline_done else NOT_STARTED,
        "budget": COMPLETE if budget_done else NOT_STARTED,
        "checklist": COMPLETE
        if total and owned == total and settled == total
        else (IN_PROGRESS if checklist_touched else NOT_STARTED),
        "review": NOT_STARTED,
    }
    if all(states[s] == COMPLETE for s in STEP_IDS if s != "review"):
        states["review"] = COMPLETE
    elif any(states[s] != NOT_STARTED for s in STEP_IDS if s != "review"):
        states["review"] = IN_PROGRESS
    for s in error_steps:
        if s in states:
            states[s] = ATTENTION
    return states
