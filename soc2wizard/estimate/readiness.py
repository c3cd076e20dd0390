"""How ready the controls are, two ways.

Design readiness (what a Type I tests): the share of applicable controls
implemented, not-applicable ones left out of the count. Operating readiness
(what a Type II tests): for recurring controls, the occurrences recorded in
the observation window against those the schedule calls for.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

from soc2wizard.domain import vocab
from soc2wizard.domain.records import ChecklistRow
from soc2wizard.estimate.model import CriterionReadiness, Readiness


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    days = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return dt.date(year, month, min(d.day, days))


def observation_window(window_start: dt.date | None, months: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The window to count occurrences in: the planned one once it has begun, else the last ``months`` months."""
    if window_start is not None and window_start <= today:
        return window_start, _add_months(window_start, months)
    return _add_months(today, -months), today


def expected_occurrences(frequency: str, months: int) -> int:
    """How many times a control on this schedule must run in ``months`` months (at least once)."""
    per_month = vocab.OCCURRENCES_PER_MONTH.get(frequency)
    if per_month is None:
        return 0
    return max(1, math.floor(per_month * months + 1e-9))


def _design(rows: Sequence[ChecklistRow]) -> tuple[int, int, int]:
    counted = [r for r in rows if r.state.status != "not_applicable"]
    done = sum(r.state.status == "implemented" for r in counted)
    if not rows:
        return 0, 0, 0
    percent = 100 if not counted else math.floor(100 * done / len(counted))
    return percent, done, len(counted)


def _operating(rows: Sequence[ChecklistRow], window: tuple[dt.date, dt.date], months: int) -> tuple[int, int]:
    expected = recorded = 0
    lo, hi = window
    for r in rows:
        if r.state.status == "not_applicable" or not r.control.recurring:
            continue
        need = expected_occurrences(r.control.frequency, months)
        if not need:
            continue
        got = sum(lo <= d <= hi for d in r.occurrences)
        expected += need
        recorded += min(got, need)
    return expected, recorded


def readiness(
    rows: Sequence[ChecklistRow],
    criterion_ids: Iterable[str],
    *,
    report_type: str,
    months: int | None,
    window_start: dt.date | None,
    today: dt.date,
) -> Readiness:
    """Design readiness overall and per criterion; operating readiness for a Type II."""
    design, done, applicable = _design(rows)
    type2 = report_type == "type2" and bool(months)
    window = observation_window(window_start, months or 0, today) if type2 else None

    def operating(subset: Sequence[ChecklistRow]) -> tuple[int | None, int, int]:
        if window is None:
            return None, 0, 0
        expected, recorded = _operating(subset, window, months or 0)
        if not expected:
            return None, 0, 0
        return math.floor(100 * recorded / expected), expected, recorded

    op, expected, recorded = operating(rows)
    by: list[CriterionReadiness] = []
    for cid in criterion_ids:
        subset = [r for r in rows if cid in r.control.criteria]
        d, _, _ = _design(subset)
        by.append(CriterionReadiness(cid, d, operating(subset)[0], len(subset)))
    return Readiness(
        design_percent=design,
        operating_percent=op,
        implemented=done,
        applicable=applicable,
        by_criterion=tuple(by),
        expected_occurrences=expected,
        recorded_occurrences=recorded,
    )
