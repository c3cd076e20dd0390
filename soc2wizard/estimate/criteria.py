"""Which Trust Services Categories to cover, and why, from the company's answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from soc2wizard.domain import vocab
from soc2wizard.domain.answers import Answers
from soc2wizard.domain.catalog import Catalog
from soc2wizard.domain.records import ChecklistRow, ControlState
from soc2wizard.estimate.budget import extra_criterion_fee
from soc2wizard.estimate.assumptions import Figures
from soc2wizard.estimate.effort import catalog_open_hours
from soc2wizard.estimate.model import CriterionChoice


@dataclass(frozen=True)
class CriterionAdvice:
    id: str
    recommended: bool
    reasons: tuple[str, ...]


def _answer(label: str) -> str:
    return f" (your answer: \u201c{label}\u201d)"


def _data(kind: str) -> str:
    return _answer(vocab.DATA_KINDS[kind])


def _customers(flag: str) -> str:
    return _answer(vocab.CUSTOMER_FLAGS[flag])


def _industry(industry: str) -> str:
    return _answer(vocab.INDUSTRIES[industry])


def recommend_criteria(a: Answers) -> list[CriterionAdvice]:
    """One piece of advice per Trust Services Category, Security first; each reason names its answer.

    Scoping practice (reference/figures.md): all five categories only for a
    system of record for patients' records; other health data means Security,
    Confidentiality, Availability where uptime is promised, and a HIPAA
    mapping. Privacy is for companies that collect personal data from
    individuals themselves; a B2B processor may add it, but its customers are
    the controllers. Processing Integrity where payments or financial
    transactions are processed.
    """
    data, cu, industry = set(a.data), a.customers, a.company.industry
    reasons: dict[str, list[str]] = {k: [] for k in vocab.CRITERIA}
    optional: dict[str, list[str]] = {k: [] for k in vocab.CRITERIA}
    reasons["security"].append("Every SOC 2 report covers Security; it cannot be left out.")

    if "medical_records" in data:
        for key in ("availability", "processing_integrity", "confidentiality", "privacy"):
            reasons[key].append(
                "Your product is the system of record for patients' medical records, where buyers expect all five "
                "Trust Services Categories" + _data("medical_records") + "."
            )
    if cu.uptime_commitment:
        reasons["availability"].append(
            "You promise uptime to customers, and Availability is how an auditor tests that promise"
            + _customers("uptime_commitment")
            + "."
        )
    if industry in ("cloud_infrastructure", "data_center"):
        reasons["availability"].append(
            "Customers run their own services on your infrastructure, so they will ask how you keep it up"
            + _industry(industry)
            + "."
        )
    if "payment_card" in data:
        reasons["processing_integrity"].append(
            "You process card payments: customers need to trust that transactions are complete and correct"
            + _data("payment_card")
            + "."
        )
    if "financial" in data:
        reasons["processing_integrity"].append(
            "You process financial records or transactions, where an error in processing costs customers money"
            + _data("financial")
            + "."
        )
    elif industry == "fintech":
        reasons["processing_integrity"].append(
            "Financial technology usually processes payments or transactions, where an error costs customers money"
            + _industry(industry)
            + "."
        )
    if "customer_confidential" in data:
        reasons["confidentiality"].append(
            "You hold customers' confidential business data, and Confidentiality covers how it is protected and "
            "disposed of" + _data("customer_confidential") + "."
        )
    if "health" in data and "medical_records" not in data:
        reasons["confidentiality"].append(
            "You handle health information your customers entrust to you; Confidentiality covers how it is "
            "protected and disposed of, and the HIPAA mapping covers the rest" + _data("health") + "."
        )
    if cu.enterprise and not reasons["confidentiality"]:
        optional["confidentiality"].append(
            "Optional: enterprise buyers sometimes ask for Confidentiality when they share contracts, designs or "
            "source code with you" + _customers("enterprise") + "."
        )
    personal = {"personal", "health"} & data
    if cu.consumers and personal:
        kind = "personal" if "personal" in data else "health"
        reasons["privacy"].append(
            "You collect personal data directly from individuals, so you decide how it is used (you are its "
            "controller); Privacy covers your notice, consent, access and deletion" + _customers("consumers") + "."
        )
        reasons["privacy"][-1] = reasons["privacy"][-1][:-1] + f" and{_data(kind)}."
    elif personal and not reasons["privacy"]:
        kind = "personal" if "personal" in data else "health"
        optional["privacy"].append(
            "Optional: you process personal data on your customers' behalf, and they are its controllers, so "
            "notice and consent are theirs to give; add Privacy only if a customer asks" + _data(kind) + "."
        )

    out = []
    for key in vocab.CRITERIA:
        rs = reasons[key]
        recommended = key == "security" or bool(rs)
        shown = rs or optional[key] or ["Nothing in your answers calls for it; add it only if a customer asks."]
        out.append(CriterionAdvice(key, recommended, tuple(shown)))
    return out


def selected_criteria(a: Answers) -> tuple[str, ...]:
    """The user's choice of criteria, or the recommendation where they made none."""
    if a.plan.criteria is not None:
        chosen = set(a.plan.criteria) | {"security"}
    else:
        chosen = {c.id for c in recommend_criteria(a) if c.recommended}
    return tuple(k for k in vocab.CRITERIA if k in chosen)


CRITERION_TITLES = vocab.CRITERIA


def criterion_choices(
    a: Answers,
    catalog: Catalog,
    rows: Sequence[ChecklistRow],
    figures: Figures,
    scale: float = 1.0,
) -> tuple[CriterionChoice, ...]:
    """Each category: chosen or not, recommended or not, why, and what it adds.

    What a category adds is its marginal effect on the current choice: the
    applicable controls it brings in that no other chosen category needs, the
    remediation weeks of their open work at the plan's weekly hours, and the
    extra audit fee.
    """
    advice = {c.id: c for c in recommend_criteria(a)}
    chosen = set(selected_criteria(a))
    by_id = {r.control.id: r for r in rows}
    overrun = figures["phase.remediation.overrun"]
    fee = extra_criterion_fee(figures, a.plan.auditor_tier)  # the same figure the audit fee adds
    out: list[CriterionChoice] = []
    for key in vocab.CRITERIA:
        adv = advice[key]
        if key == "security":
            out.append(CriterionChoice(key, vocab.CRITERIA[key], True, True, adv.reasons))
            continue
        without = {c.id for c in catalog.controls_for(a, chosen - {key})}
        added = [c for c in catalog.controls_for(a, chosen | {key}) if c.id not in without]
        hours = catalog_open_hours([by_id.get(c.id) or ChecklistRow(c, ControlState(c.id)) for c in added]) * scale
        weeks = hours / max(a.plan.weekly_hours, 1)
        out.append(
            CriterionChoice(
                key,
                vocab.CRITERIA[key],
                key in chosen,
                adv.recommended,
                adv.reasons,
                adds_controls=len(added),
                adds_weeks_low=round(weeks * overrun.low, 1),
                adds_weeks_high=round(weeks * overrun.high, 1),
                adds_cost_low=fee,
                adds_cost_high=fee,
            )
        )
    return tuple(out)
