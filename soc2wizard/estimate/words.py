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
from collections.abc import Iterator

from soc2wizard.domain import format as fmt
from soc2wizard.domain.display import USD, Currency
from soc2wizard.domain.format import date_range as day_range
from soc2wizard.domain.format import day
from soc2wizard.domain.format import weeks_range as duration

WEEKS_PER_MONTH = 52.0 / 12.0

__all__ = ["WEEKS_PER_MONTH", "day", "day_range", "duration", "in_currency", "money", "money_range", "months"]

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
