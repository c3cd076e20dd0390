"""The control catalog as data: criteria, controls, and which controls apply.

Pure dataclasses and rules; the shipped JSON is read by ``soc2wizard.catalog``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from soc2wizard.domain.answers import Answers
from soc2wizard.domain.conditions import applies
from soc2wizard.domain.vocab import criterion_category

# Frequencies that do not produce a dated occurrence in an observation window.
ONE_OFF_FREQUENCIES: frozenset[str] = frozenset({"once", "continuous", "per_event"})

CONTROL_CATEGORIES: tuple[str, ...] = (
    "governance",
    "policy",
    "people",
    "risk",
    "access",
    "change",
    "operations",
    "monitoring",
    "incident",
    "continuity",
    "vendor",
    "data",
    "privacy",
    "physical",
    "endpoint",
    "network",
    "development",
)

PRIORITIES: dict[int, str] = {1: "Foundational", 2: "Core", 3: "Hardening"}


@dataclass(frozen=True)
class Criterion:
    """One Trust Services Criterion (``CC6.1``), described in our own words."""

    id: str
    category: str
    group: str
    title: str
    summary: str


@dataclass(frozen=True)
class Control:
    """One control a small team puts in place, and the criteria it serves."""

    id: str
    title: str
    category: str
    description: str
    implementation: str
    evidence: tuple[str, ...]
    frequency: str
    owner_role: str
    effort_hours: int
    priority: int
    policy: bool = False
    practice: str | None = None
    applies_when: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    # Framework id ("iso27001", "hipaa", "pci_dss") -> requirement ids. Read-only
    # by convention; left out of the hash so a Control can live in a set.
    frameworks: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    @property
    def recurring(self) -> bool:
        """Whether the control is performed on a schedule (monthly, yearly …)."""
        return self.frequency not in ONE_OFF_FREQUENCIES

    @property
    def categories(self) -> frozenset[str]:
        """The criteria categories (``"security"``, ``"privacy"`` …) this control serves."""
        return frozenset(criterion_category(c) for c in self.criteria)


@dataclass(frozen=True)
class Catalog:
    """A named set of criteria and the controls that satisfy them."""

    name: str
    version: str
    criteria: dict[str, Criterion] = field(default_factory=dict, hash=False)
    controls: dict[str, Control] = field(default_factory=dict, hash=False)

    def controls_for(self, answers: Answers, criteria_categories: Iterable[str]) -> list[Control]:
        """Controls that apply to this company and the chosen criteria, foundational first.

        Security is always in scope. A control is kept when every one of its
        ``applies_when`` conditions holds and at least one of its criteria is in
        a chosen category; ties keep catalog order.
        """
        selected = set(criteria_categories) | {"security"}
        chosen = [
            (control.priority, index, control)
            for index, control in enumerate(self.controls.values())
            if control.categories & selected and applies(control.applies_when, answers)
        ]
        chosen.sort(key=lambda item: (item[0], item[1]))
        return [control for _, _, control in chosen]

    def criteria_in(self, categories: Iterable[str]) -> list[Criterion]:
        """The criteria of these categories, in Trust Services Criteria order."""
        wanted = set(categories)
        return [c for c in self.criteria.values() if c.category in wanted]

    def controls_covering(self, criterion_id: str) -> list[Control]:
        """The controls that list ``criterion_id``, in catalog order."""
        return [c for c in self.controls.values() if criterion_id in c.criteria]
