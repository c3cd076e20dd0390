"""The wizard's steps, their order, and when each is complete.

The app only renders these; what "complete" means lives here so the
sidebar, the review page and the tests agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from soc2wizard.domain.answers import Answers
from soc2wizard.domain.records import ChecklistRow, ScopeItem

NOT_STARTED, IN_PROGRESS, COMPLETE, ATTENTION = "not_started", "in_progress", "complete", "attention"


@dataclass(frozen=True)
class Facts:
    """What the completion rules read: the answers, the scope and the checklist of one workspace."""

    answers: Answers
    scope: Sequence[ScopeItem]
    rows: Sequence[ChecklistRow]


def _profile(f: Facts) -> str:
    # The company's name is given when the workspace is made, so the profile is
    # under way from the start; it is complete once hosting is known too.
    return COMPLETE if f.answers.hosting else IN_PROGRESS


def _scope(f: Facts) -> str:
    systems = [i for i in f.scope if i.kind == "system"]
    done = any(i.in_scope and i.customer_data for i in systems) and all(
        i.in_scope or i.exclusion_reason for i in f.scope
    )
    return COMPLETE if done else (IN_PROGRESS if f.scope else NOT_STARTED)


def _criteria(f: Facts) -> str:
    # None means nobody has decided yet: accepting the recommendation stores it.
    return COMPLETE if f.answers.plan.criteria is not None else NOT_STARTED


def _report(f: Facts) -> str:
    p = f.answers.plan
    if p.report_type is not None and (p.report_type == "type1" or p.observation_months is not None):
        return COMPLETE
    return IN_PROGRESS if p.report_type or p.observation_months else NOT_STARTED


def _timeline(f: Facts) -> str:
    return COMPLETE if f.answers.plan.start is not None else NOT_STARTED


def _budget(f: Facts) -> str:
    # The budget needs the plan's shape: what is covered, which report, from when.
    ready = (_timeline(f), _criteria(f), _report(f))
    return COMPLETE if all(s == COMPLETE for s in ready) else NOT_STARTED


def _checklist(f: Facts) -> str:
    rows = f.rows
    settled = ("implemented", "not_applicable")
    if (
        rows
        and all(r.state.status in settled for r in rows)
        and all(r.state.owner or r.state.status == "not_applicable" for r in rows)
    ):
        return COMPLETE
    return IN_PROGRESS if any(r.state.updated_at for r in rows) else NOT_STARTED


def _review(f: Facts) -> str:  # pragma: no cover - worked out from the others in step_states
    return NOT_STARTED


@dataclass(frozen=True)
class Step:
    """One step of the wizard: what the sidebar and the page say, and when it is complete.

    The page that shows a step is registered in the app (``gui/steps.py``), by the same id.
    """

    id: str
    number: int
    title: str  # the sidebar's short name
    heading: str  # the page title: the outcome
    why: str  # one or two sentences of why
    rule: Callable[[Facts], str] = field(default=_review, repr=False, compare=False)


STEPS: tuple[Step, ...] = (
    Step(
        "profile",
        1,
        "Company profile",
        "Tell us about your company",
        "Your answers decide which criteria, controls and obligations apply, and drive every estimate.",
        _profile,
    ),
    Step(
        "scope",
        2,
        "Scope",
        "Decide what the audit covers",
        "The auditor tests only what is in scope. Include every system that holds customer data, "
        "and nothing that does not need to be there.",
        _scope,
    ),
    Step(
        "criteria",
        3,
        "Trust Services Criteria",
        "Choose the criteria your report covers",
        "Security is always in. Each extra criterion answers a customer's question, and adds controls, "
        "time and audit fees.",
        _criteria,
    ),
    Step(
        "report",
        4,
        "Report type",
        "Choose Type I or Type II",
        "Type I checks that controls are designed well on one day; Type II checks that they worked "
        "over a period. Most enterprise buyers want Type II.",
        _report,
    ),
    Step(
        "timeline",
        5,
        "Timeline",
        "See when your report can be ready",
        "Each phase is a range, because teams and auditors differ. Change the start date, report type "
        "or weekly hours and the dates follow.",
        _timeline,
    ),
    Step(
        "budget",
        6,
        "Budget",
        "See what it will cost",
        "Every figure comes from a published source; replace any with a real quote you have.",
        _budget,
    ),
    Step(
        "checklist",
        7,
        "Control checklist",
        "Work through your controls",
        "The controls that apply to you, foundational first. Give each an owner and a due date, and "
        "attach evidence as you go.",
        _checklist,
    ),
    Step(
        "review",
        8,
        "Review and export",
        "Check the plan and share it",
        "Fix what the plan checks find, then export the readiness plan as a PDF or the checklist as a spreadsheet.",
        _review,
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
    """Each step's state: not_started, in_progress, complete, or attention (a plan error).

    Review is complete when every other step is; it is under way once every step
    before it has been started (there is a whole plan to review), else not started.
    """
    facts = Facts(answers, scope, rows)
    states = {s.id: s.rule(facts) for s in STEPS if s.id != "review"}
    if all(v == COMPLETE for v in states.values()):
        states["review"] = COMPLETE
    elif all(v != NOT_STARTED for v in states.values()):
        states["review"] = IN_PROGRESS
    else:
        states["review"] = NOT_STARTED
    for s in error_steps:
        if s in states:
            states[s] = ATTENTION
    return states
