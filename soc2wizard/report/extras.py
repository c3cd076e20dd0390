"""The deliverables' part of the readiness plan, as plain data: risk register with its heat map,
gap narratives for the remediation plan, CSOCs, CUECs and the framework crosswalk.

``add_deliverables`` returns the report with these attached and their section
titles added; the PDF renders them with ``pdf_extras``. No I/O, no reportlab.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from soc2wizard.domain.deliverables import Risk
from soc2wizard.domain.drafts import Cuec, Deliverables, GapNarrative, SubserviceOrg, gap_narrative
from soc2wizard.report.model import OPEN_STATUSES, ControlRow, Report

# Section ids and titles added to the report's contents, in reading order.
EXTRA_SECTIONS: dict[str, str] = {
    "risks": "Risk register",
    "csocs": "Appendix C: Subservice CSOCs",
    "cuecs": "Appendix D: Customer CUECs",
    "crosswalk": "Appendix E: Framework crosswalk",
}


@dataclass(frozen=True)
class Extras:
    risks: tuple[Risk, ...]
    heat: tuple[tuple[int, ...], ...]  # heat[impact-1][likelihood-1] = number of risks
    gaps: tuple[GapNarrative, ...]
    orgs: tuple[SubserviceOrg, ...]
    cuecs: tuple[Cuec, ...]
    crosswalk: tuple[ControlRow, ...]
    months: int  # observation window used for sample sizes (0: Type I)


def heat_map(risks: tuple[Risk, ...]) -> tuple[tuple[int, ...], ...]:
    grid = [[0] * 5 for _ in range(5)]
    for r in risks:
        grid[r.impact - 1][r.likelihood - 1] += 1
    return tuple(tuple(row) for row in grid)


def build_extras(d: Deliverables, report: Report, months: int, today: dt.date) -> Extras:
    open_rows = [r for r in d.rows if r.state.status in OPEN_STATUSES]
    # Appendix A groups by criterion (a control may sit under several); the crosswalk lists each once.
    by_id = {c.control_id: c for g in report.checklist for c in g.rows}
    order = [r.control.id for r in d.rows] + [k for k in by_id if k not in {r.control.id for r in d.rows}]
    unique = [by_id[k] for k in order if k in by_id]
    return Extras(
        risks=d.risks,
        heat=heat_map(d.risks),
        gaps=tuple(gap_narrative(r, months, today) for r in open_rows),
        orgs=d.orgs,
        cuecs=d.cuecs,
        crosswalk=tuple(unique),
        months=months,
    )


def add_deliverables(report: Report, d: Deliverables, months: int, today: dt.date) -> Report:
    """The report with the deliverables attached and their sections in the contents."""
    return replace(
        report, extras=build_extras(d, report, months, today), sections={**report.sections, **EXTRA_SECTIONS}
    )
