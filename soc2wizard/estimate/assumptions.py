"""The figures behind every estimate: the shipped table, with a workspace's overrides.

The table lives in ``resources/assumptions.json``; each row cites its source.
A workspace override (a real quote, a known rate) replaces a row's low and
high and keeps the published figures in ``default_low``/``default_high``.

Money rows are worked in US dollars. A quote typed in another currency is
converted here, once: at the workspace's current rate while that currency is
the one shown (so €18,000 stays €18,000 on every page and only its dollar
value follows the rate), else at the rate in force when it was typed. Each
money row also carries its figure in the display currency (``shown_low``,
``shown_high``), which is what the app shows and the user types over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, Union

from soc2wizard import assets
from soc2wizard.domain.display import USD, Currency
from soc2wizard.domain.records import Override
from soc2wizard.estimate.model import Assumption, Quote

RESOURCE = "assumptions.json"

Overrides = Union[Mapping[str, Override], Iterable[Override], None]


class AssumptionError(LookupError):
    """An assumption key the table does not hold, or a malformed table."""


def published() -> dict[str, Assumption]:
    """The shipped table, by key, in file order."""
    doc: Any = assets.read_json(RESOURCE)
    out: dict[str, Assumption] = {}
    for i, raw in enumerate(doc.get("assumptions", [])):
        try:
            a = Assumption(
                key=str(raw["key"]),
                title=str(raw["title"]),
                low=float(raw["low"]),
                high=float(raw["high"]),
                unit=str(raw["unit"]),
                source=str(raw["source"]),
                as_of=str(raw.get("as_of", "")),
                note=str(raw.get("note", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AssumptionError(f"{RESOURCE}: entry {i} is malformed ({exc})") from None
        if a.high < a.low:
            raise AssumptionError(f"{RESOURCE}: {a.key}: high is below low")
        out[a.key] = a
    return out


def is_money(unit: str) -> bool:
    """Whether a row's unit is money ("USD", "USD/month" …), which a display currency converts."""
    return unit.startswith("USD")


def quote_rate(o: Override, currency: Currency) -> float:
    """Units of the quote's currency to the US dollar used to read it: today's rate while it is the one shown."""
    if o.currency == "USD":
        return 1.0
    if o.currency == currency.code:
        return currency.rate
    return o.rate


def _override_map(overrides: Overrides) -> dict[str, Override]:
    if overrides is None:
        return {}
    if isinstance(overrides, Mapping):
        return dict(overrides)
    return {o.key: o for o in overrides}


class Figures:
    """The assumptions in force for one workspace; records which keys were used."""

    def __init__(self, overrides: Overrides = None, currency: Currency = USD) -> None:
        table = published()
        for key, row in table.items():
            if is_money(row.unit):
                table[key] = replace(
                    row,
                    currency=currency.code,
                    shown_low=currency.convert(row.low),
                    shown_high=currency.convert(row.high),
                )
        for key, o in _override_map(overrides).items():
            base = table.get(key)
            if base is None:
                continue  # an override for a figure this version no longer uses
            if not is_money(base.unit):
                table[key] = replace(
                    base,
                    low=float(o.low),
                    high=float(o.high),
                    overridden=True,
                    default_low=base.low,
                    default_high=base.high,
                    note=o.note or base.note,
                )
                continue
            rate = quote_rate(o, currency)
            low, high = float(o.low) / rate, float(o.high) / rate
            same = o.currency == currency.code  # shown exactly as typed
            table[key] = replace(
                base,
                low=low,
                high=high,
                overridden=True,
                default_low=base.low,
                default_high=base.high,
                note=o.note or base.note,
                shown_low=float(o.low) if same else currency.convert(low),
                shown_high=float(o.high) if same else currency.convert(high),
                quote=Quote(o.currency, float(o.low), float(o.high), rate),
            )
        self._table = table
        self.used: dict[str, None] = {}

    def __getitem__(self, key: str) -> Assumption:
        try:
            a = self._table[key]
        except KeyError:
            raise AssumptionError(f"no assumption {key!r} in {RESOURCE}") from None
        self.used.setdefault(key, None)
        return a

    def __contains__(self, key: str) -> bool:
        return key in self._table

    def low(self, key: str) -> float:
        return self[key].low

    def high(self, key: str) -> float:
        return self[key].high

    def overridden(self, *keys: str) -> bool:
        return any(self._table[k].overridden for k in keys if k in self._table)

    def all(self) -> tuple[Assumption, ...]:
        """Every assumption in table order (overrides applied)."""
        return tuple(self._table.values())
