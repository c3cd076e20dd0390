"""How the engine writes dates, money and durations in its sentences."""

from __future__ import annotations

import datetime as dt

WEEKS_PER_MONTH = 52.0 / 12.0


def day(d: dt.date) -> str:
    """``3 Sep 2027``."""
    return f"{d.day} {d.strftime('%b')} {d.year}"


def money(amount: float) -> str:
    """``$38k``, ``$1.2M``, ``$900``: no false precision."""
    amount = float(amount)
    if amount >= 1_000_000:
        return f"${amount / 1_000_000:.1f}M".replace(".0M", "M")
    if amount >= 10_000:
        return f"${round(amount / 1000):,}k"
    if amount >= 1000:
        return f"${amount / 1000:.1f}k".replace(".0k", "k")
    return f"${round(amount / 10) * 10:,.0f}"


def money_range(low: float, high: float) -> str:
    """``$38k–$61k``."""
    a, b = money(low), money(high)
    return a if a == b else f"{a}–{b}"


def months(weeks: float) -> float:
    return weeks / WEEKS_PER_MONTH


def duration(weeks_low: float, weeks_high: float) -> str:
    """``9–14 months`` or ``3–6 weeks`` as people say them."""
    if weeks_high < 10:
        lo, hi = round(weeks_low), round(weeks_high)
        unit = "weeks" if hi != 1 else "week"
    else:
        lo, hi = round(months(weeks_low)), round(months(weeks_high))
        lo = max(lo, 1)
        unit = "months" if hi != 1 else "month"
    return f"{lo} {unit}" if lo == hi else f"{lo}–{hi} {unit}"


def day_range(a: dt.date, b: dt.date) -> str:
    """``between 3 Sep and 12 Nov 2027``."""
    if a == b:
        return f"on {day(a)}"
    if a.year == b.year:
        return f"between {a.day} {a.strftime('%b')} and {day(b)}"
    return f"between {day(a)} and {day(b)}"
