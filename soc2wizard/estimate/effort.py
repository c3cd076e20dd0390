"""How much work is open, scaled to the company, and how many hours a week it can give.

One definition of open work, used by the timeline, the budget, the app and
the PDF: the catalog's effort hours of the controls not started, half of
those in progress, times the company's size factor (people, engineers,
systems in scope, offices; rows ``effort.scale.*`` of the assumptions table).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from soc2wizard.domain.records import ChecklistRow
from soc2wizard.estimate.assumptions import Figures


def catalog_open_hours(rows: Sequence[ChecklistRow]) -> float:
    """The catalog's hours of work left: not started in full, in progress at half."""
    total = 0.0
    for r in rows:
        if r.state.status == "not_started":
            total += r.control.effort_hours
        elif r.state.status == "in_progress":
            total += r.control.effort_hours / 2
    return total


@dataclass(frozen=True)
class Size:
    employees: int
    engineers: int
    systems: int  # systems in scope
    offices: int


@dataclass(frozen=True)
class Scale:
    """The factor the catalog's hours are multiplied by for a company of this size."""

    low: float
    high: float

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2


def _doublings(n: int, base: float) -> float:
    return math.log2(n / base) if n > base else 0.0


def size_scale(f: Figures, size: Size) -> Scale:
    """1 for a small company; more for each doubling of staff and engineers, each extra system and office."""
    base_staff = f.high("band.staff.small")
    parts = [
        ("effort.scale.headcount", _doublings(size.employees, base_staff)),
        ("effort.scale.engineers", _doublings(size.engineers, f.high("band.engineers.small"))),
        ("effort.scale.systems", max(0, size.systems - int(f.high("band.systems.small")))),
        ("effort.scale.offices", size.offices),
    ]
    low = high = 1.0
    for key, amount in parts:
        a = f[key]
        low += a.low * amount
        high += a.high * amount
    return Scale(round(low, 3), round(high, 3))


def headcount_scale(f: Figures, employees: int) -> tuple[float, float]:
    """The staff part of the size factor alone (audit support and staff time grow with people)."""
    d = _doublings(employees, f.high("band.staff.small"))
    a = f["effort.scale.headcount"]
    return 1.0 + a.low * d, 1.0 + a.high * d


def capacity_hours(f: Figures, employees: int) -> int:
    """The most hours a week a company this size can put into SOC 2 (whole people, at least one)."""
    people = max(1, round(employees * f.high("capacity.fte_share")))
    return int(people * f.high("capacity.hours_per_fte"))


def open_hours(rows: Sequence[ChecklistRow], scale: Scale) -> int:
    """The one open-hours figure: the catalog's open hours at this company's size (the factor's midpoint)."""
    return round(catalog_open_hours(rows) * scale.mid)
