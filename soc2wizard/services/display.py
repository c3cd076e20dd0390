"""How a workspace's plan is shown: paper size (from the locale unless chosen) and display currency."""

from __future__ import annotations

import locale
import os
from typing import Any

from soc2wizard.domain.display import Currency, check_currency, check_paper, paper_for_locale, rate_text
from soc2wizard.domain.records import WorkspaceSettings
from soc2wizard.services.session import Session


def system_paper() -> str:
    """The paper of this machine's locale: "letter" in the US, Canada, Mexico, the Philippines …, else "a4".

    LC_PAPER, then LC_ALL and LANG (POSIX), then what Python's locale module reports.
    """
    for var in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(var)
        if value:
            return paper_for_locale(value)
    try:
        name = locale.getlocale()[0] or ""
    except ValueError:
        name = ""
    return paper_for_locale(name)


def paper(s: Session) -> str:
    """The workspace's paper ("a4" or "letter"): its own choice, else the locale's."""
    return s.repo.settings().paper or system_paper()


def display_currency(s: Session) -> Currency:
    """The currency the plan's money is shown in, with the user's rate."""
    return s.repo.settings().display_currency


def apply_display_settings(before: WorkspaceSettings, changes: dict[str, Any]) -> dict[str, str]:
    """Check paper and currency changes together; returns the values to store (text; "" removes).

    Choosing another currency asks for its rate in the same change, so a rate
    entered for one currency is never applied to another.
    """
    out: dict[str, str] = {}
    if "paper" in changes:
        out["paper"] = check_paper(changes["paper"])
    keys = ("currency", "exchange_rate", "exchange_rate_source")
    if any(k in changes for k in keys):
        code = changes.get("currency", before.currency)
        new_code = str(code or "USD").strip().upper() != before.currency
        rate = changes.get("exchange_rate", None if new_code else before.exchange_rate)
        source = changes.get("exchange_rate_source", "" if new_code else before.exchange_rate_source)
        c = check_currency(code, rate, source)
        out["currency"] = "" if c.code == "USD" else c.code
        out["exchange_rate"] = "" if c.code == "USD" else rate_text(c.rate)
        out["exchange_rate_source"] = c.source
    return out
