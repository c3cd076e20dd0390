"""Assumption overrides and the plan estimate (criteria, report type, timeline, budget)."""

from __future__ import annotations


import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from soc2wizard.catalog import load_catalog
from soc2wizard.domain.display import MAX_RATE
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.records import (
    ChecklistRow,
    Override,
)
from soc2wizard.services._common import MAX_TEXT, clean_text
from soc2wizard.services.controls import checklist
from soc2wizard.services.scope import list_scope
from soc2wizard.services.session import Session
from soc2wizard.store.repo import now

if TYPE_CHECKING:
    from soc2wizard.estimate.model import PlanEstimate

# --- assumptions -------------------------------------------------------------------


def list_overrides(s: Session) -> dict[str, Override]:
    return s.repo.overrides()


# A figure more than this many times the published high end is taken for a slip (a missing
# decimal point, a figure in cents, the wrong currency), not a quote.
ABSURD_FACTOR = 100


def check_override(
    key: str,
    low: Any,
    high: Any,
    note: Any = "",
    updated_at: str | None = None,
    path: str = "",
    *,
    currency: Any = "USD",
    rate: Any = 1.0,
) -> Override:
    """The one check of an assumption override, from any way in (the app, a JSON restore).

    ``currency`` is the currency a money figure was typed in and ``rate`` how
    many units of it one US dollar bought then (1 for US dollars). Refused,
    naming the field: a figure that is not a number, below zero, a high end
    below the low one, or more than ``ABSURD_FACTOR`` times the published high
    end (in US dollars at ``rate``).
    """
    from soc2wizard.domain.format import figure
    from soc2wizard.estimate.assumptions import is_money, published

    def at(name: str) -> str:
        return f"{path}.{name}" if path else name

    key = clean_text(key, at("key"), 200)
    base = published().get(key)
    money = base is None or is_money(base.unit)  # a figure this version does not know is read as typed
    code = currency if currency not in (None, "") else "USD"
    if not isinstance(code, str) or not re.fullmatch(r"[A-Za-z]{3}", code.strip()):
        raise FieldError(at("currency"), "must be a three-letter ISO 4217 code such as USD or EUR")
    code = code.strip().upper()
    if code != "USD" and not money:
        raise FieldError(at("currency"), f"must be USD: {base.title if base else key} is not a sum of money")
    if code == "USD":
        if rate not in (None, "") and rate != 1:
            raise FieldError(at("rate"), "must be 1 for US dollars")
        rate = 1.0
    elif isinstance(rate, bool) or not isinstance(rate, (int, float)) or not math.isfinite(rate) or rate <= 0:
        raise FieldError(at("rate"), f"must be a number above zero: how many {code} one US dollar bought")
    elif rate > MAX_RATE:
        raise FieldError(at("rate"), f"must be at most {MAX_RATE:,.0f}")
    for field, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
            raise FieldError(at(field), "must be a number of zero or more")
        if value > 1e9:
            raise FieldError(at(field), "is too large")
        if base is not None and base.high > 0 and value / rate > ABSURD_FACTOR * base.high:
            shown = f"{value:,.0f} {code}" if money else f"{value:,g}"
            raise FieldError(
                at(field),
                f"{shown} is more than {ABSURD_FACTOR} times the published high figure for {base.title} "
                f"({figure(base.low, base.high, base.unit)}); check the figure"
                + (" and its currency" if money else ""),
            )
    if high < low:
        raise FieldError(at("high"), "must not be below the low figure")
    return Override(
        key,
        float(low),
        float(high),
        clean_text(note, at("note"), MAX_TEXT, required=False),
        updated_at or now(),
        code,
        float(rate),
    )


def set_override(
    s: Session,
    key: str,
    *,
    low: float,
    high: float,
    note: str = "",
    currency: str | None = None,
    rate: float | None = None,
) -> Override:
    """Replace a published figure with the workspace's own (a real quote).

    A money figure is taken in ``currency``, by default the currency the
    workspace shows, at the workspace's rate for it unless ``rate`` is given
    (an undo puts back the rate a quote was typed at). Other figures (weeks,
    shares) are kept as typed.
    """
    from soc2wizard.estimate.assumptions import is_money, published

    repo = s._writable()
    shown = repo.settings().display_currency
    base = published().get(key)
    money = base is None or is_money(base.unit)
    code: Any = currency if currency is not None else (shown.code if money else "USD")
    if rate is None and money and isinstance(code, str) and code.strip().upper() == shown.code:
        rate = shown.rate
    o = check_override(key, low, high, note, path=key, currency=code, rate=rate)
    before = repo.overrides().get(key)
    with repo.transaction():
        repo.write_override(o)
        repo.log("override assumption", key, _logged(before), _logged(o))
    return o


def _logged(o: Override | None) -> dict[str, Any] | None:
    """An override as the activity log keeps it: the figures, and their currency when not US dollars."""
    if o is None:
        return None
    out: dict[str, Any] = {"low": o.low, "high": o.high}
    if o.currency != "USD":
        out.update(currency=o.currency, rate=o.rate)
    return out


def clear_override(s: Session, key: str) -> Override | None:
    repo = s._writable()
    before = repo.overrides().get(key)
    if before is None:
        return None
    with repo.transaction():
        repo.delete_override(key)
        repo.log("reset assumption", key, _logged(before), None)
    return before


# --- the estimate ------------------------------------------------------------------


def estimate(s: Session, *, today: dt.date | None = None, rows: Sequence[ChecklistRow] | None = None) -> PlanEstimate:
    """The plan for this workspace: criteria, report type, timeline, budget, readiness, checks.

    Returns a ``soc2wizard.estimate.model.PlanEstimate``, its money in the
    workspace's display currency (the published dollars kept beside). ``rows`` may pass a
    checklist just read with ``checklist(s)`` so it is not read twice.
    """
    from soc2wizard.estimate.plan import build_plan

    answers = s.repo.answers()
    return build_plan(
        answers,
        list(rows) if rows is not None else checklist(s, answers),
        list_scope(s),
        list_overrides(s),
        today=today or dt.date.today(),
        catalog=load_catalog(),
        currency=s.repo.settings().display_currency,
    )


def summary_json(s: Session, *, today: dt.date | None = None) -> dict[str, Any]:
    """The plan in the ``summary --json`` format of PRODUCT.md."""
    from soc2wizard.estimate.plan import summary_to_json
    from soc2wizard.services.deliverables import risks_json

    out = summary_to_json(estimate(s, today=today))
    out["risks"] = risks_json(s)  # the risk register (issue 14)
    return out
