"""When a control applies: small conditions over the answers.

A control lists condition tokens; all must hold. A token is one or more
alternatives joined by ``|`` (any may hold); ``!`` before a token negates it.

    data:payment_card          the company handles that kind of data
    hosting:on_premises        the company hosts there
    industry:healthcare        the company's industry
    customers:government       a customer flag (enterprise, government,
                               international, uptime_commitment)
    offices                    the company has at least one office
    engineers>=N, employees>=N head counts
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from soc2wizard.domain import vocab
from soc2wizard.domain.answers import Answers

Predicate = Callable[[Answers], bool]

_COUNT = re.compile(r"^(employees|engineers)>=(\d{1,7})$")


class ConditionError(ValueError):
    """A condition token that names no known answer."""


def _atom(text: str) -> Predicate:
    if text == "offices":
        return lambda a: a.company.offices > 0
    m = _COUNT.match(text)
    if m:
        attr, n = m.group(1), int(m.group(2))
        return lambda a: getattr(a.company, attr) >= n
    key, sep, value = text.partition(":")
    if not sep:
        raise ConditionError(f"unknown condition {text!r}")
    if key == "data" and value in vocab.DATA_KINDS:
        return lambda a: value in a.data
    if key == "hosting" and value in vocab.HOSTING:
        return lambda a: value in a.hosting
    if key == "industry" and value in vocab.INDUSTRIES:
        return lambda a: a.company.industry == value
    if key == "customers" and value in vocab.CUSTOMER_FLAGS:
        return lambda a: bool(getattr(a.customers, value))
    raise ConditionError(f"unknown condition {text!r}")


def parse_condition(token: str) -> Predicate:
    """A predicate for one token; ConditionError if it names an unknown answer."""
    negate = token.startswith("!")
    alternatives = [_atom(part.strip()) for part in token.lstrip("!").split("|")]

    def holds(answers: Answers) -> bool:
        result = any(p(answers) for p in alternatives)
        return not result if negate else result

    return holds


def applies(tokens: Iterable[str], answers: Answers) -> bool:
    """Whether every condition token holds for these answers."""
    return all(parse_condition(t)(answers) for t in tokens)
