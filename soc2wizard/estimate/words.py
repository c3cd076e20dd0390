"""How the engine writes dates, money and durations in its sentences.

The same words as the app and the PDF: everything comes from
``soc2wizard.domain.format``; only the engine's own unit helper lives here.

Money in the engine's sentences ("starts from the $15k–$25k a Type II
costs") is worked out from the published figures, in US dollars, and
written in the plan's display currency: ``build_plan`` sets that currency
for the length of one estimate (``in_currency``), so every sentence and
every figure is converted by the same ``Currency.convert``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from soc2wizard.domain import format as fmt
from soc2wizard.domain.display import USD, Currency
from soc2wizard.domain.format import date_range as day_range
from soc2wizard.domain.format import day
from soc2wizard.domain.format import weeks_range as duration

if TYPE_CHECKING:
    from soc2wizard.estimate.model import Timeline

WEEKS_PER_MONTH = 52.0 / 12.0

__all__ = [
    "REPORT_WORDS",
    "WEEKS_PER_MONTH",
    "day",
    "day_range",
    "deadline_sentence",
    "deadline_state",
    "duration",
    "in_currency",
    "money",
    "money_range",
    "months",
    "report_dates",
]


_currency: contextvars.ContextVar[Currency] = contextvars.ContextVar("soc2wizard_currency", default=USD)


@contextlib.contextmanager
def in_currency(currency: Currency) -> Iterator[None]:
    """Write the money in the engine's sentences in ``currency`` while the block runs."""
    token = _currency.set(currency)
    try:
        yield
    finally:
        _currency.reset(token)


def money(usd: float) -> str:
    """A US-dollar amount, converted and written in the current display currency."""
    c = _currency.get()
    return fmt.money(c.convert(usd), c.code)


def money_range(usd_low: float, usd_high: float) -> str:
    c = _currency.get()
    return fmt.money_range(c.convert(usd_low), c.convert(usd_high), c.code)


def months(weeks: float) -> float:
    return weeks / WEEKS_PER_MONTH


REPORT_WORDS = {"type1": "Type I", "type2": "Type II"}


def report_dates(earliest: dt.date, latest: dt.date) -> str:
    """The report's dates, always labelled: "earliest 3 Sep 2027, latest 12 Nov 2027" (one date when equal)."""
    if earliest == latest:
        return f"on {day(earliest)}"
    return f"earliest {day(earliest)}, latest {day(latest)}"


def deadline_state(t: Timeline) -> str:
    """ "met", "at_risk", "missed", "passed" or "" (no deadline)."""
    if t.deadline is None:
        return ""
    if t.deadline_passed:
        return "passed"
    if t.deadline_met:
        return "met"
    return "at_risk" if t.report_date_earliest <= t.deadline else "missed"


def deadline_sentence(t: Timeline) -> str:
    """The one statement of the deadline, naming the report type and the dates (empty without a deadline)."""
    state = deadline_state(t)
    if not state or t.deadline is None:
        return ""
    kind = REPORT_WORDS.get(t.report_type, t.report_type)
    d = day(t.deadline)
    dates = report_dates(t.report_date_earliest, t.report_date_latest)
    if state == "met":
        return (
            f"Your customer's deadline of {d} is met: the {kind} report is ready by {day(t.report_date_latest)} "
            "at the latest, even if every phase runs long."
        )
    if state == "passed":
        return (
            f"Your customer's deadline of {d} has already passed, so no plan can meet it; agree a new date "
            f"with your customer. As planned, the {kind} report is ready {dates}."
        )
    if state == "at_risk":
        return f"Your customer's deadline of {d} is met by the {kind} report only if the work goes quickly: {dates}."
    return f"Your customer's deadline of {d} cannot be met by the {kind} report in this plan: {dates}."
