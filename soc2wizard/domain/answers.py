"""The wizard's answers about a company, and the ``soc2wizard-answers/1`` format."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field, replace
from typing import Any

from soc2wizard.domain import vocab
from soc2wizard.domain.errors import FieldError

ANSWERS_FORMAT = "soc2wizard-answers/1"

MAX_NAME = 200
MAX_PEOPLE = 1_000_000
MAX_OFFICES = 10_000
MAX_WEEKLY_HOURS = 400


class AnswersError(FieldError):
    """A bad answer; ``path`` names the field (``customers.deadline``)."""


@dataclass(frozen=True)
class Company:
    name: str
    industry: str = "saas"
    employees: int = 10
    engineers: int = 3
    offices: int = 0
    # How card payments are validated (vocab.PCI_LEVELS); None: not stated, the
    # engine assumes vocab.DEFAULT_PCI_LEVEL where card data is handled.
    pci_level: str | None = None


@dataclass(frozen=True)
class Customers:
    enterprise: bool = False
    consumers: bool = False  # personal data collected directly from individuals (a controller)
    government: bool = False  # state or local public sector
    us_federal: bool = False  # US federal agencies
    international: bool = False
    requested_report: str | None = None
    deadline: dt.date | None = None
    uptime_commitment: bool = False


@dataclass(frozen=True)
class PlanChoices:
    """What the user chose; ``None`` means "take the recommendation"."""

    start: dt.date | None = None
    report_type: str | None = None
    observation_months: int | None = None
    criteria: tuple[str, ...] | None = None
    auditor_tier: str = "boutique"
    weekly_hours: int = 20


@dataclass(frozen=True)
class Answers:
    company: Company
    data: tuple[str, ...] = ()
    hosting: tuple[str, ...] = ()
    customers: Customers = field(default_factory=Customers)
    practices: frozenset[str] = frozenset()
    plan: PlanChoices = field(default_factory=PlanChoices)

    def with_plan(self, **changes: Any) -> Answers:
        return replace(self, plan=replace(self.plan, **changes))


# --- parsing -------------------------------------------------------------


def _enum_message(value: Any, allowed: dict[str, str] | tuple[Any, ...]) -> str:
    options = ", ".join(str(a) for a in allowed)
    return f"{json.dumps(value, ensure_ascii=False)[:60]} is not one of: {options}"


def _object(value: Any, path: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise AnswersError(path, "must be an object")
    for key in value:
        if key not in allowed:
            raise AnswersError(
                f"{path}.{key}" if path else str(key),
                f"unknown field; expected one of: {', '.join(allowed)}",
            )
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise AnswersError(path, "must be true or false")
    return value


def _int(value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AnswersError(path, "must be a whole number")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise AnswersError(path, "must be a whole number")
        value = int(value)
    if not low <= value <= high:
        raise AnswersError(path, f"must be between {low:,} and {high:,}")
    return value


def _text(value: Any, path: str, limit: int = MAX_NAME) -> str:
    if not isinstance(value, str):
        raise AnswersError(path, "must be text")
    text = " ".join(value.split())
    if not text:
        raise AnswersError(path, "must not be empty")
    if len(text) > limit:
        raise AnswersError(path, f"is {len(text):,} characters long; at most {limit:,} are allowed")
    if any(ord(c) < 32 for c in text):
        raise AnswersError(path, "must not contain control characters")
    return text


def _choice(value: Any, path: str, allowed: dict[str, str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise AnswersError(path, _enum_message(value, allowed))
    return value


def _choices(value: Any, path: str, allowed: dict[str, str]) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise AnswersError(path, f"must be a list drawn from: {', '.join(allowed)}")
    seen: list[str] = []
    for index, item in enumerate(value):
        choice = _choice(item, f"{path}[{index}]", allowed)
        if choice not in seen:
            seen.append(choice)
    # Keep the vocabulary's order so equal answers compare equal.
    return tuple(k for k in allowed if k in seen)


def parse_date(value: Any, path: str) -> dt.date:
    """An ISO date (``2027-09-30``), or an AnswersError naming ``path``."""
    if not isinstance(value, str):
        raise AnswersError(path, "must be a date written YYYY-MM-DD")
    try:
        parsed = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise AnswersError(path, f"{value[:40]!r} is not a date written YYYY-MM-DD") from None
    if not 2000 <= parsed.year <= 2100:
        raise AnswersError(path, "must be a date between the years 2000 and 2100")
    return parsed


def parse_answers(raw: Any) -> Answers:
    """Validate a decoded answers document; every error names the field's path."""
    top = _object(raw, "", ("format", "company", "data", "hosting", "customers", "practices", "plan"))
    if "format" not in top:
        raise AnswersError("format", f'is missing; write "format": "{ANSWERS_FORMAT}"')
    if top["format"] != ANSWERS_FORMAT:
        raise AnswersError("format", f"must be {ANSWERS_FORMAT!r}")
    if "company" not in top:
        raise AnswersError("company", "is missing; at least company.name is required")
    c = _object(top["company"], "company", ("name", "industry", "employees", "engineers", "offices", "pci_level"))
    if "name" not in c:
        raise AnswersError("company.name", "is missing")
    employees = _int(c.get("employees", 10), "company.employees", 1, MAX_PEOPLE)
    engineers = _int(c.get("engineers", min(3, employees)), "company.engineers", 0, MAX_PEOPLE)
    if engineers > employees:
        raise AnswersError("company.engineers", "cannot be more than company.employees")
    company = Company(
        name=_text(c["name"], "company.name"),
        industry=_choice(c.get("industry", "saas"), "company.industry", vocab.INDUSTRIES),
        employees=employees,
        engineers=engineers,
        offices=_int(c.get("offices", 0), "company.offices", 0, MAX_OFFICES),
        pci_level=None
        if c.get("pci_level") is None
        else _choice(c["pci_level"], "company.pci_level", vocab.PCI_LEVELS),
    )
    data = _choices(top.get("data", []), "data", vocab.DATA_KINDS)
    hosting = _choices(top.get("hosting", []), "hosting", vocab.HOSTING)

    cu = _object(
        top.get("customers", {}),
        "customers",
        (
            "enterprise",
            "consumers",
            "government",
            "us_federal",
            "international",
            "requested_report",
            "deadline",
            "uptime_commitment",
        ),
    )
    requested = cu.get("requested_report")
    customers = Customers(
        enterprise=_bool(cu.get("enterprise", False), "customers.enterprise"),
        consumers=_bool(cu.get("consumers", False), "customers.consumers"),
        government=_bool(cu.get("government", False), "customers.government"),
        us_federal=_bool(cu.get("us_federal", False), "customers.us_federal"),
        international=_bool(cu.get("international", False), "customers.international"),
        requested_report=None
        if requested is None
        else _choice(requested, "customers.requested_report", vocab.REPORT_TYPES),
        deadline=None if cu.get("deadline") is None else parse_date(cu["deadline"], "customers.deadline"),
        uptime_commitment=_bool(cu.get("uptime_commitment", False), "customers.uptime_commitment"),
    )

    pr = _object(top.get("practices", {}), "practices", tuple(vocab.PRACTICES))
    practices = frozenset(k for k, v in pr.items() if _bool(v, f"practices.{k}"))

    pl = _object(
        top.get("plan", {}),
        "plan",
        ("start", "report_type", "observation_months", "criteria", "auditor_tier", "weekly_hours"),
    )
    criteria = None
    if pl.get("criteria") is not None:
        criteria = _choices(pl["criteria"], "plan.criteria", vocab.CRITERIA)
        if "security" not in criteria:
            raise AnswersError("plan.criteria", 'must include "security": every SOC 2 report covers it')
    months = pl.get("observation_months")
    if months is not None:
        months = _int(months, "plan.observation_months", 0, 12)
        if months not in vocab.OBSERVATION_MONTHS:
            raise AnswersError("plan.observation_months", _enum_message(months, vocab.OBSERVATION_MONTHS))
    plan = PlanChoices(
        start=None if pl.get("start") is None else parse_date(pl["start"], "plan.start"),
        report_type=None
        if pl.get("report_type") is None
        else _choice(pl["report_type"], "plan.report_type", vocab.REPORT_TYPES),
        observation_months=months,
        criteria=criteria,
        auditor_tier=_choice(pl.get("auditor_tier", "boutique"), "plan.auditor_tier", vocab.AUDITOR_TIERS),
        weekly_hours=_int(pl.get("weekly_hours", 20), "plan.weekly_hours", 1, MAX_WEEKLY_HOURS),
    )
    if plan.start is not None and customers.deadline is not None and customers.deadline < plan.start:
        raise AnswersError(
            "customers.deadline",
            f"{customers.deadline.isoformat()} is before the plan starts ({plan.start.isoformat()}); "
            "give a deadline after plan.start, or an earlier start",
        )
    return Answers(company, data, hosting, customers, practices, plan)


def loads_answers(text: str) -> Answers:
    """Parse answers JSON text; a syntax error names its line and column."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswersError("", f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    return parse_answers(raw)


def answers_to_json(answers: Answers) -> dict[str, Any]:
    """The answers as a ``soc2wizard-answers/1`` document (parse_answers reads it back)."""
    c, cu, p = answers.company, answers.customers, answers.plan
    out: dict[str, Any] = {
        "format": ANSWERS_FORMAT,
        "company": {
            "name": c.name,
            "industry": c.industry,
            "employees": c.employees,
            "engineers": c.engineers,
            "offices": c.offices,
            "pci_level": c.pci_level,
        },
        "data": list(answers.data),
        "hosting": list(answers.hosting),
        "customers": {
            "enterprise": cu.enterprise,
            "consumers": cu.consumers,
            "government": cu.government,
            "us_federal": cu.us_federal,
            "international": cu.international,
            "requested_report": cu.requested_report,
            "deadline": cu.deadline.isoformat() if cu.deadline else None,
            "uptime_commitment": cu.uptime_commitment,
        },
        "practices": {k: k in answers.practices for k in vocab.PRACTICES},
        "plan": {
            "start": p.start.isoformat() if p.start else None,
            "report_type": p.report_type,
            "observation_months": p.observation_months,
            "criteria": list(p.criteria) if p.criteria is not None else None,
            "auditor_tier": p.auditor_tier,
            "weekly_hours": p.weekly_hours,
        },
    }
    return out
