"""Which page shows each step: the app's half of the step registry (the domain half is domain/steps.py).

A page class is imported the first time its step is shown, so start-up pays only for the page it opens on.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from soc2wizard.domain.steps import STEP_IDS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

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


class Pages(dict):
    """The step pages, each built the first time it is asked for.

    Start-up builds only the page shown; the checklist page alone takes
    ~40 ms to build, which a user who opens on the profile never needs.
    """

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, sid: str) -> QWidget:
        if sid not in STEP_IDS:
            raise KeyError(sid)
        page = self[sid] = self._build(sid)
        return page

    def get(self, sid: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[sid] if sid in STEP_IDS else default

    def items(self) -> list[tuple[str, QWidget]]:  # type: ignore[override]
        return [(sid, self[sid]) for sid in STEP_IDS]

    def values(self) -> list[QWidget]:  # type: ignore[override]
        return [self[sid] for sid in STEP_IDS]
