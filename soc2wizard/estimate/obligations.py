"""Other frameworks that follow from the answers: required by law or contract, or worth considering.

Framework ids and titles come from ``vocab.FRAMEWORKS`` (one list). Each
reason names the answer that brought the framework in.
"""

from __future__ import annotations

from soc2wizard.domain import vocab
from soc2wizard.domain.answers import Answers
from soc2wizard.estimate.model import Obligation


def _answer(label: str) -> str:
    return f" (your answer: \u201c{label}\u201d)"


def pci_level(a: Answers) -> str | None:
    """The PCI DSS level the plan uses: the answer, or the default where card data is handled; None without card data."""
    if "payment_card" not in a.data:
        return None
    return a.company.pci_level or vocab.DEFAULT_PCI_LEVEL


def _ob(framework: str, required: bool, basis: str, reason: str) -> Obligation:
    return Obligation(framework, vocab.FRAMEWORKS[framework], required, basis, reason)


def obligations(a: Answers) -> tuple[Obligation, ...]:
    """HIPAA or the FTC rule, PCI DSS, FedRAMP, StateRAMP, GDPR and ISO 27001 where the profile calls for them."""
    out: list[Obligation] = []
    data, cu = set(a.data), a.customers
    health = [k for k in ("medical_records", "health") if k in data]
    if health:
        why = _answer(vocab.DATA_KINDS[health[0]])
        b2b = cu.enterprise or not cu.consumers
        if b2b:
            out.append(
                _ob(
                    "hipaa",
                    True,
                    "law",
                    "You handle health information for your customers: serving US healthcare providers, health plans "
                    "or clearing houses (covered entities) makes you their business associate, and HIPAA's Security "
                    "Rule then applies to you by law, with a business associate agreement for each. A SOC 2 report "
                    f"does not replace it, but many controls serve both{why}.",
                )
            )
        if cu.consumers:
            out.append(
                _ob(
                    "ftc_hbnr",
                    True,
                    "law",
                    "You collect health information directly from individuals, outside HIPAA's covered entities: "
                    "the FTC's Health Breach Notification Rule requires you to tell users, the FTC and sometimes the "
                    "media after a breach of their health data"
                    + _answer(vocab.CUSTOMER_FLAGS["consumers"])
                    + f" and{why}.",
                )
            )
    level = pci_level(a)
    if level is not None:
        stated = a.company.pci_level is not None
        out.append(
            _ob(
                "pci_dss",
                True,
                "contract",
                "You store, process or transmit payment card data, so the card brands' rules, passed on through your "
                "bank or payment processor's contract, require PCI DSS"
                + _answer(vocab.DATA_KINDS["payment_card"])
                + f". At your level ({vocab.PCI_LEVELS[level].lower()}"
                + ("" if stated else "; assumed, as you have not said: set it on the profile")
                + ") the budget counts its yearly validation and a PCI penetration test. Keeping card data with a "
                "payment provider shrinks what you must prove.",
            )
        )
    if cu.us_federal:
        out.append(
            _ob(
                "fedramp",
                True,
                "law",
                "To sell cloud services to US federal agencies you need a FedRAMP authorisation: federal policy "
                "requires agencies to use authorised cloud services. It is a separate programme of its own, usually "
                "taking a year or more with an agency sponsor and an accredited assessor, and is not part of this "
                "SOC 2 plan's timeline or budget" + _answer(vocab.CUSTOMER_FLAGS["us_federal"]) + ".",
            )
        )
    if cu.government:
        out.append(
            _ob(
                "stateramp",
                False,
                "advice",
                "State and local agencies increasingly ask cloud vendors for a StateRAMP (or similar state) "
                "authorisation, or accept a SOC 2 report with a security questionnaire. Ask each agency what it "
                "requires before you plan for it" + _answer(vocab.CUSTOMER_FLAGS["government"]) + ".",
            )
        )
    if cu.international and {"personal", "health", "medical_records"} & data:
        out.append(
            _ob(
                "gdpr",
                True,
                "law",
                "You handle personal data of people outside the US: if any of them are in the EU or UK, the GDPR "
                "applies to you by law (as a processor for your customers, or a controller for your own users), "
                "whatever your SOC 2 scope" + _answer(vocab.CUSTOMER_FLAGS["international"]) + ".",
            )
        )
    if cu.international:
        out.append(
            _ob(
                "iso27001",
                False,
                "advice",
                "Customers outside the US often ask for ISO 27001 certification rather than SOC 2. It is not "
                "required, but worth considering: much of the same work counts towards both"
                + _answer(vocab.CUSTOMER_FLAGS["international"])
                + ".",
            )
        )
    return tuple(out)
