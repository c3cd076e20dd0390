"""Which page shows each step: the app's half of the step registry (the domain half is domain/steps.py).

A page class is imported the first time its step is shown, so start-up pays only for the page it opens on.
"""

from __future__ import annotations

import importlib
from typing import Any

from soc2wizard.domain.steps import STEP_IDS

PAGES: dict[str, str] = {  # step id -> "module:Class"
    "profile": "soc2wizard.gui.pages.profile:ProfilePage",
    "scope": "soc2wizard.gui.pages.scope:ScopePage",
    "criteria": "soc2wizard.gui.pages.criteria:CriteriaPage",
    "report": "soc2wizard.gui.pages.report:ReportPage",
    "timeline": "soc2wizard.gui.pages.timeline:TimelinePage",
    "budget": "soc2wizard.gui.pages.budget:BudgetPage",
    "checklist": "soc2wizard.gui.checklist.page:ChecklistPage",
    "review": "soc2wizard.gui.pages.review:ReviewPage",
}
assert tuple(PAGES) == STEP_IDS, "every step needs a page, in the steps' order"


def page_class(step_id: str) -> Any:
    """The page class of a step; KeyError naming the known steps for an unknown one."""
    try:
        module, name = PAGES[step_id].split(":")
    except KeyError:
        raise KeyError(f"no step {step_id!r}; steps: {', '.join(STEP_IDS)}") from None
    return getattr(importlib.import_module(module), name)


def make_page(step_id: str, ctx: Any) -> Any:
    return page_class(step_id)(ctx)
