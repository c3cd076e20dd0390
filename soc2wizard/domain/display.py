"""How a workspace's plan is shown: the paper size and the display currency.

The published figures behind every estimate are in US dollars. A consultant
who works in euros or pounds enters an exchange rate of their own (with where
it came from); the estimate converts every money figure once, with
``Currency.convert``, and the app, ``summary --json`` and the PDF only format
what it gives them. Both settings are checked here, for every way in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from soc2wizard.domain.errors import FieldError

PAPERS: dict[str, str] = {"a4": "A4 (210 × 297 mm)", "letter": "US Letter (8.5 × 11 in)"}

# Territories whose paper is US Letter (CLDR's paperSize data); A4 everywhere else.
LETTER_TERRITORIES = frozenset({"US", "PR", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "NI", "PA", "SV", "BZ"})

# The currencies offered by name; any other ISO 4217 code (three letters) is accepted too.
CURRENCIES: dict[str, str] = {
    "USD": "US dollar",
    "EUR": "Euro",
    "GBP": "Pound sterling",
    "CHF": "Swiss franc",
    "CAD": "Canadian dollar",
    "AUD": "Australian dollar",
    "SEK": "Swedish krona",
    "NOK": "Norwegian krone",
    "DKK": "Danish krone",
    "PLN": "Polish złoty",
    "JPY": "Japanese yen",
    "INR": "Indian rupee",
    "SGD": "Singapore dollar",
}

OWN_RATE = "your own rate"
MAX_RATE = 1_000_000.0


@dataclass(frozen=True)
class Currency:
    """The currency money is shown in, and the user's rate from US dollars.

    ``rate`` is how many units of ``code`` one US dollar buys; ``source`` says
    where the user took it from. US dollars need no rate (1, no source).
    """

    code: str = "USD"
    rate: float = 1.0
    source: str = ""

    @property
    def converted(self) -> bool:
        return self.code != "USD"

    def convert(self, usd: float) -> float:
        """A US-dollar amount in this currency: the one conversion every output uses."""
        return usd * self.rate

    def describe(self) -> str:
        """'1 USD = 0.92 EUR, your own rate (ECB, 1 Nov 2026)'; '' for US dollars."""
        if not self.converted:
            return ""
        text = f"1 USD = {rate_text(self.rate)} {self.code}, {OWN_RATE}"
        return text + (f" ({self.source})" if self.source else "")


USD = Currency()


def rate_text(rate: float) -> str:
    """A rate as entered, without float noise: 0.92, 1.3456, 149.5."""
    return f"{rate:.6f}".rstrip("0").rstrip(".")


def check_paper(value: object, field: str = "paper") -> str:
    """'a4' or 'letter' (any case); '' means "from the locale"."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldError(field, "must be a4 or letter")
    v = value.strip().lower().replace(" ", "").replace("us", "").replace("-", "")
    if v == "":
        return ""
    if v not in PAPERS:
        raise FieldError(field, f"{value.strip()[:20]!r} is not a paper size; use a4 or letter")
    return v


def check_currency(code: object, rate: object, source: object) -> Currency:
    """One validator for the display currency, whatever the way in (app, command line, restore)."""
    if code is None or code == "":
        code = "USD"
    if not isinstance(code, str) or not re.fullmatch(r"[A-Za-z]{3}", code.strip()):
        raise FieldError("currency", "must be a three-letter ISO 4217 code such as EUR or GBP")
    code = code.strip().upper()
    if source is None:
        source = ""
    if not isinstance(source, str):
        raise FieldError("exchange_rate_source", "must be text")
    source = " ".join(source.split())
    if len(source) > 200:
        raise FieldError("exchange_rate_source", f"is {len(source):,} characters long; at most 200 are allowed")
    if any(ord(c) < 32 for c in source):
        raise FieldError("exchange_rate_source", "must not contain control characters")
    if code == "USD":
        return USD
    if rate is None or rate == "":
        raise FieldError("exchange_rate", f"is needed to show money in {code}: how many {code} one US dollar buys")
    if isinstance(rate, str):
        text = rate.strip()
        try:
            rate = float(text.replace(",", "."))
        except ValueError:
            raise FieldError("exchange_rate", f"{text[:20]!r} is not a number") from None
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not math.isfinite(rate):
        raise FieldError("exchange_rate", "must be a number")
    if rate <= 0:
        raise FieldError("exchange_rate", "must be more than zero")
    if rate > MAX_RATE:
        raise FieldError("exchange_rate", f"must be at most {MAX_RATE:,.0f}")
    return Currency(code, float(rate), source)


def paper_for_locale(name: str) -> str:
    """The paper of a locale name such as 'en_GB.UTF-8', 'fr-CA' or 'English_United States'."""
    name = (name or "").split(".")[0].split("@")[0]
    if name in ("", "C", "POSIX"):
        return "a4"  # no territory: A4, the paper of most of the world
    m = re.match(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})\b", name)
    if m:
        return "letter" if m.group(1).upper() in LETTER_TERRITORIES else "a4"
    # Windows names the country in words.
    words = name.lower()
    us_like = ("united states", "canada", "mexico", "philippines", "chile", "colombia", "venezuela", "puerto rico")
    return "letter" if any(w in words for w in us_like) else "a4"


__all__ = [
    "CURRENCIES",
    "OWN_RATE",
    "PAPERS",
    "USD",
    "Currency",
    "check_currency",
    "check_paper",
    "paper_for_locale",
    "rate_text",
]
