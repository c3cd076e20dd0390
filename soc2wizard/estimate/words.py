"""How the engine writes dates, money and durations in its sentences.

The same words as the app and the PDF: everything comes from
``soc2wizard.domain.format``; only the engine's own unit helper lives here.
"""

from __future__ import annotations

from soc2wizard.domain.format import date_range as day_range
from soc2wizard.domain.format import day, money, money_range
from soc2wizard.domain.format import weeks_range as duration

WEEKS_PER_MONTH = 52.0 / 12.0

__all__ = ["WEEKS_PER_MONTH", "day", "day_range", "duration", "money", "money_range", "months"]


def months(weeks: float) -> float:
    return weeks / WEEKS_PER_MONTH
