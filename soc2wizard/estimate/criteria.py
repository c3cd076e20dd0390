"""Which Trust Services Criteria to cover, and why, from the company's answers."""

from __future__ import annotations

from dataclasses import dataclass

from soc2wizard.domain import vocab
from soc2wizard.domain.answers import Answers


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
            reasons[key].append(
                "You handle health records: buyers in healthcare usually expect all five criteria."
            )
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
