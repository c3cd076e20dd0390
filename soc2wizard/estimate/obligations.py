"""Other frameworks that follow from the answers: required by law or contract, or worth considering."""

from __future__ import annotations

from soc2wizard.domain.answers import Answers
from soc2wizard.estimate.model import Obligation


def obligations(a: Answers) -> tuple[Obligation, ...]:
    """HIPAA, PCI DSS, FedRAMP and ISO 27001, where the profile calls for them, each with its reason."""
    out: list[Obligation] = []
    if "health" in a.data:
        out.append(
            Obligation(
                "hipaa",
                "HIPAA",
                True,
                "law",
                "You handle health records: serving US healthcare providers or insurers makes you a business "
                "associate, and HIPAA's Security Rule then applies to you by law. A SOC 2 report does not replace it, "
                "but many controls serve both.",
            )
        )
    if "payment_card" in a.data:
        out.append(
            Obligation(
                "pci_dss",
                "PCI DSS",
                True,
                "contract",
                "You store, process or transmit payment card data, so the card brands' rules, passed on through "
                "your bank or payment processor's contract, require PCI DSS. Keeping card data with a payment "
                "provider shrinks what you must prove.",
            )
        )
    if a.customers.government:
        out.append(
            Obligation(
                "fedramp",
                "FedRAMP",
                True,
                "law",
                "To sell cloud services to US federal agencies you need a FedRAMP authorisation: federal "
                "policy requires agencies to use authorised cloud services. SOC 2 alone is not accepted for that.",
            )
        )
    if a.customers.international:
        out.append(
            Obligation(
                "iso27001",
                "ISO/IEC 27001",
                False,
                "advice",
                "Customers outside the US often ask for ISO 27001 certification rather than SOC 2. It is not "
                "required, but worth considering: much of the same work counts towards both.",
            )
        )
    return tuple(out)
