"""Which Trust Services Criteria to cover, and why, from the company's answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from soc2wizard.domain import vocab
from soc2wizard.domain.answers import Answers
from soc2wizard.domain.catalog import Catalog
from soc2wizard.domain.records import ChecklistRow
from soc2wizard.estimate.assumptions import Figures
from soc2wizard.estimate.model import CriterionChoice


@dataclass(frozen=True)
class CriterionAdvice:
    id: str
    recommended: bool
    reasons: tuple[str, ...]


def recommend_criteria(a: Answers) -> list[CriterionAdvice]:
    """One piece of advice per criteria category, Security first; reasons in plain words."""
    data, cu, industry = set(a.data), a.customers, a.company.industry
    reasons: dict[str, list[str]] = {k: [] for k in vocab.CRITERIA}
    reasons["security"].append("Every SOC 2 report covers Security; it cannot be left out.")

    if "health" in data:
        for key in ("availability", "processing_integrity", "confidentiality", "privacy"):
            reasons[key].append("You handle health records: buyers in healthcare usually expect all five criteria.")
    if cu.uptime_commitment:
        reasons["availability"].append(
            "You promise uptime to customers, and Availability is how an auditor tests that promise."
        )
    if industry in ("cloud_infrastructure", "data_center"):
        reasons["availability"].append(
            "Customers run their own services on your infrastructure, so they will ask how you keep it up."
        )
    if "payment_card" in data:
        reasons["processing_integrity"].append(
            "You process card payments: customers need to trust that transactions are complete and correct."
        )
    if "financial" in data or industry == "fintech":
        reasons["processing_integrity"].append(
            "You handle financial records, where an error in processing costs customers money."
        )
    if "customer_confidential" in data:
        reasons["confidentiality"].append(
            "You hold customers' confidential business data, and Confidentiality covers how it is protected and disposed of."
        )
    if cu.enterprise and "customer_confidential" not in data and "health" not in data:
        reasons["confidentiality"].append(
            "Enterprise buyers often ask for Confidentiality when they share contracts, designs or source code with you."
        )
    if "personal" in data:
        reasons["privacy"].append(
            "You collect personal data of end users; Privacy covers notice, consent, access and deletion."
        )

    out = []
    for key in vocab.CRITERIA:
        rs = reasons[key]
        recommended = key == "security" or bool(rs)
        if key == "confidentiality" and not ({"customer_confidential", "health"} & data):
            # Enterprise demand alone is a hint, not a recommendation.
            recommended = False
        if not rs:
            rs = ["Nothing in your answers calls for it; add it only if a customer asks."]
        out.append(CriterionAdvice(key, recommended, tuple(rs)))
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
) -> tuple[CriterionChoice, ...]:
    """Each category: chosen or not, recommended or not, why, and what it adds.

    What a category adds is its marginal effect on the current choice: the
    applicable controls it brings in that no other chosen category needs, the
    remediation weeks of their open work at the plan's weekly hours, and the
    extra audit fee.
    """
    advice = {c.id: c for c in recommend_criteria(a)}
    chosen = set(selected_criteria(a))
    status = {r.control.id: r.state.status for r in rows}
    overrun = figures["phase.remediation.overrun"]
    fee = figures["audit_fee.extra_criterion"]
    out: list[CriterionChoice] = []
    for key in vocab.CRITERIA:
        adv = advice[key]
        if key == "security":
            out.append(CriterionChoice(key, vocab.CRITERIA[key], True, True, adv.reasons))
            continue
        without = {c.id for c in catalog.controls_for(a, chosen - {key})}
        added = [c for c in catalog.controls_for(a, chosen | {key}) if c.id not in without]
        hours = 0.0
        for c in added:
            st = status.get(c.id, "not_started")
            hours += c.effort_hours if st == "not_started" else c.effort_hours / 2 if st == "in_progress" else 0
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
                adds_cost_low=fee.low,
                adds_cost_high=fee.high,
            )
        )
    return tuple(out)
