"""Numbers, ranges and dates written the way people say them.

Shared by the app, the PDF and the text summary: "$38k–$61k",
"9–14 months", "between 3 Sep and 12 Nov 2027". No false precision.
"""

from __future__ import annotations

import datetime as dt

DASH = "\u2013"  # en dash for ranges

# Symbols written before the amount; any other currency is written by its code ("CHF 12k").
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def symbol(currency: str) -> str:
    """What goes before an amount: "$", "€", "£", or the code and a space ("CHF ")."""
    return SYMBOLS.get(currency, f"{currency} ")


def money(amount: float, currency: str = "USD") -> str:
    """A rounded amount: $900, $1.2k, $12k, $1.2M (no false precision)."""
    sign = "-" if amount < 0 else ""
    a = abs(float(amount))
    sym = symbol(currency)
    if a >= 1_000_000:
        text = f"{a / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"
    elif a >= 10_000:
        text = f"{round(a / 1_000):,}k"
    elif a >= 1_000:  # "$1.2k": under ten thousand one decimal still matters
        text = f"{a / 1_000:.1f}".rstrip("0").rstrip(".") + "k"
    else:
        text = f"{round(a / 10) * 10:,.0f}"
    return f"{sign}{sym}{text}"


def money_exact(amount: float, currency: str = "USD") -> str:
    """A whole amount with thousands separators: $38,500."""
    return f"{'-' if amount < 0 else ''}{symbol(currency)}{abs(round(amount)):,}"


def money_range(low: float, high: float, currency: str = "USD") -> str:
    a, b = money(low, currency), money(high, currency)
    return a if a == b else f"{a}{DASH}{b}"


def figure(low: float, high: float, unit: str) -> str:
    """A figure in its unit, written the same everywhere: "$75–$120 an hour", "$7k–$28k a year", "4–8 weeks", "70–80%".

    The assumptions table and every sentence that quotes a figure use this, so
    the same number never reads two ways.
    """
    unit = unit or ""
    if unit.startswith("USD"):
        per = unit[3:].lstrip("/")
        if per == "hour" or (high < 1000 and per):
            text = money_exact(low) if round(low) == round(high) else f"{money_exact(low)}{DASH}{money_exact(high)}"
        else:
            text = money_range(low, high)
        if per and per != "each":
            text += f" {'an' if per == 'hour' else 'a'} {per}"
        return text
    if unit == "share":
        a, b = percent(low * 100), percent(high * 100)
        return a if a == b else f"{a}{DASH}{b}"
    return number_range(low, high, unit)


def _num(x: float) -> str:
    r = round(x)
    return f"{r:,}" if abs(x - r) < 0.25 or x >= 10 else f"{x:.1f}".rstrip("0").rstrip(".")


def number_range(low: float, high: float, unit: str = "") -> str:
    """'9–14 months', '3 weeks' (one number when both round the same)."""
    a, b = _num(low), _num(high)
    text = a if a == b else f"{a}{DASH}{b}"
    if unit:
        singular = a == b and a == "1"
        text += f" {unit[:-1] if singular and unit.endswith('s') else unit}"
    return text


def weeks_range(low_weeks: float, high_weeks: float) -> str:
    """Durations in weeks, or months once they pass about three months."""
    if high_weeks >= 13:  # whole months: "6–9 months", never "5.7–8.5 months"
        return number_range(max(1, round(low_weeks * 12 / 52)), max(1, round(high_weeks * 12 / 52)), "months")
    return number_range(low_weeks, high_weeks, "weeks")


def day(d: dt.date, *, year: bool = True) -> str:
    """'3 Sep 2027' (locale-neutral, unambiguous)."""
    text = f"{d.day} {d.strftime('%b')}"
    return f"{text} {d.year}" if year else text


def date_range(first: dt.date, last: dt.date) -> str:
    """'between 3 Sep and 12 Nov 2027' or 'on 3 Sep 2027'."""
    if first == last:
        return f"on {day(first)}"
    return f"between {day(first, year=first.year != last.year)} and {day(last)}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value)}%"


def file_size(n: int | None) -> str:
    if n is None:
        return ""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size):,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n:,} bytes"
