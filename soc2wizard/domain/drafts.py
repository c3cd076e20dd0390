"""Drafting the deliverables from a workspace's answers, scope and checklist.

Pure functions: the system description's sections (DC 200 structure), the
subservice organisations with their CSOCs, the CUECs, the seeded risk
register, the policy set and the gap narrative of an open control.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from soc2wizard.domain import vocab
from soc2wizard.domain.answers import Answers
from soc2wizard.domain.conditions import applies
from soc2wizard.domain.deliverables import (
    Acknowledgement,
    Csoc,
    Library,
    Policy,
    PolicyVersion,
    Provider,
    Risk,
    Section,
    SectionEdit,
    parse_policy_wording,
    policy_wording,
    sampling_sentence,
)
from soc2wizard.domain.records import ActivityEntry, ChecklistRow, Evidence, ScopeItem

# The system description's sections, in DC 200 order: key -> title.
SECTIONS: dict[str, str] = {
    "overview": "Company overview and services provided",
    "commitments": "Principal service commitments and system requirements",
    "infrastructure": "Components of the system: infrastructure",
    "software": "Components of the system: software",
    "people": "Components of the system: people",
    "procedures": "Components of the system: procedures",
    "data": "Components of the system: data",
    "boundaries": "System boundaries",
    "subservice": "Subservice organisations and complementary subservice organization controls (CSOCs)",
    "cuecs": "Complementary user entity controls (CUECs)",
    "criteria": "Applicable trust services criteria and related controls",
    "incidents": "System incidents",
    "changes": "Significant changes during the period",
}


@dataclass(frozen=True)
class SubserviceOrg:
    """A subservice organisation (or a vendor the library knows) and what the company relies on it for."""

    name: str
    role: str  # "Subservice organisation" or "Vendor"
    method: str  # "carve_out", "inclusive" or "" for a vendor
    description: str
    csocs: tuple[Csoc, ...]
    review_control: str
    reviewed: bool
    source: str  # "scope" or "hosting answer"

    @property
    def method_label(self) -> str:
        return vocab.SUBSERVICE_METHODS.get(self.method, "")


@dataclass(frozen=True)
class Cuec:
    key: str
    text: str
    criteria: tuple[str, ...]
    controls: tuple[str, ...]


@dataclass(frozen=True)
class GapNarrative:
    control_id: str
    title: str
    current: str
    gap: str
    todo: str
    evidence: tuple[str, ...]
    sampling: str


@dataclass(frozen=True)
class Deliverables:
    """Everything the deliverables show, read from the workspace once."""

    company: str
    product: str
    sections: tuple[Section, ...]
    orgs: tuple[SubserviceOrg, ...]
    cuecs: tuple[Cuec, ...]
    risks: tuple[Risk, ...]
    policies: tuple[Policy, ...]
    systems: tuple[Any, ...]  # in-scope ScopeItems of kind "system"
    excluded: tuple[Any, ...]  # out-of-scope ScopeItems
    rows: tuple[ChecklistRow, ...]
    settings: Any
    answers: Any


def _join(words: Sequence[str]) -> str:
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def product_name(scope: Sequence[ScopeItem], company: str) -> str:
    """The name the description uses for the service: the first in-scope customer-facing system."""
    systems = [s for s in scope if s.kind == "system" and s.in_scope]
    for s in systems:
        if s.customer_data and not s.internal_only:
            return s.name
    return systems[0].name if systems else f"the {company} service"


def system_name(product: str) -> str:
    """How documents name the system: "the Scheduler system", or the fallback "the Acme service" as it is."""
    return product if product.startswith("the ") else f"the {product} system"


_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(n: int, noun: str) -> str:
    """'one office', 'three offices', '12 offices': small counts in words, as prose reads."""
    word = _SMALL[n] if 0 <= n < len(_SMALL) else f"{n:,}"
    return f"{word} {noun}{'' if n == 1 else 's'}"


def _lead_lower(text: str) -> str:
    """A description set after a dash: its first letter lower-cased unless it starts an acronym ('SMS'), no end stop."""
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def hosting_names(answers: Answers) -> list[str]:
    return [vocab.HOSTING[h] for h in answers.hosting]


def in_scope(scope: Sequence[ScopeItem], kind: str) -> list[ScopeItem]:
    return [s for s in scope if s.kind == kind and s.in_scope]


# --- subservice organisations and CSOCs -------------------------------------------


def subservice_orgs(answers: Answers, scope: Sequence[ScopeItem], library: Library) -> list[SubserviceOrg]:
    """In-scope subservice organisations, hosting providers the scope leaves out, and known vendors."""

    def provider_for(name: str) -> Provider | None:
        return next((p for p in library.providers if p.matches(name)), None)

    out: list[SubserviceOrg] = []
    seen: set[str] = set()
    for item in in_scope(scope, "subservice"):
        p = provider_for(item.name)
        out.append(
            SubserviceOrg(
                name=item.name,
                role="Subservice organisation",
                method=item.method or "carve_out",
                description=item.description,
                csocs=p.csocs if p else (),
                review_control=p.review_control if p else "VND-03",
                reviewed=item.reviewed,
                source="scope",
            )
        )
        if p:
            seen.add(p.key)
    for h in answers.hosting:
        p = next((p for p in library.providers if p.hosting == h), None)
        if p and p.key not in seen:
            seen.add(p.key)
            out.append(
                SubserviceOrg(
                    name=p.name,
                    role="Subservice organisation",
                    method="carve_out",
                    description="Hosting (from the profile's hosting answer; add it to the scope to describe it).",
                    csocs=p.csocs,
                    review_control=p.review_control,
                    reviewed=False,
                    source="hosting answer",
                )
            )
    for item in in_scope(scope, "vendor"):
        p = provider_for(item.name)
        if p and p.key not in seen:
            seen.add(p.key)
            out.append(
                SubserviceOrg(
                    name=item.name,
                    role="Vendor",
                    method="",
                    description=item.description,
                    csocs=p.csocs,
                    review_control=p.review_control,
                    reviewed=item.reviewed,
                    source="scope",
                )
            )
    return out


# --- CUECs ------------------------------------------------------------------------


def cuecs(answers: Answers, applicable: Iterable[str], library: Library, product: str) -> list[Cuec]:
    """The controls customers must run for the company's controls to work, from the applicable controls."""
    ids = set(applicable)
    company = answers.company.name
    out = []
    for t in library.cuecs:
        linked = tuple(c for c in t.controls if c in ids)
        if linked and applies(t.applies_when, answers):
            out.append(Cuec(t.key, t.text.format(company=company, product=product), t.criteria, linked))
    return out


# --- risks ------------------------------------------------------------------------


def seed_risks(answers: Answers, rows: Sequence[ChecklistRow], library: Library) -> list[Risk]:
    """The register's starting risks for this profile, each linked to the applicable controls that treat it.

    ``rows`` are the checklist's applicable rows; each risk's owner is suggested
    from them (``risk_owner``), like the rest of the draft.
    """
    ids = {r.control.id for r in rows}
    owners = _owners(rows)
    out = []
    for t in library.risks:
        if not applies(t.applies_when, answers):
            continue
        controls = tuple(c for c in t.controls if c in ids)
        out.append(
            Risk(
                key=t.key,
                title=t.title,
                description=t.description,
                category=t.category,
                likelihood=t.likelihood,
                impact=t.impact,
                treatment=t.treatment,
                controls=controls,
                owner=risk_owner(controls, rows, owners),
            )
        )
    return out


def risk_owner(controls: Sequence[str], rows: Sequence[ChecklistRow], owners: Mapping[str, str]) -> str:
    """Who a risk's draft names as owner: the role that owns most of its linked controls on the checklist,
    as the person the checklist names for that role (``_owners``) where it names one, else the role itself.

    A tie goes to the role of the earlier linked control; a risk with no linked control has no owner.
    """
    role_of = {r.control.id: r.control.owner_role for r in rows}
    counts: dict[str, int] = {}
    for c in controls:
        if role_of.get(c):
            counts[role_of[c]] = counts.get(role_of[c], 0) + 1
    if not counts:
        return ""
    role = max(counts, key=lambda k: counts[k])  # the first of equal counts: the earlier linked control's role
    return owners.get(role) or role


# --- policies ---------------------------------------------------------------------


def _owners(rows: Sequence[ChecklistRow]) -> dict[str, str]:
    """Role -> the person named as owner of most of that role's controls."""
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        if r.state.owner:
            counts.setdefault(r.control.owner_role, {}).setdefault(r.state.owner, 0)
            counts[r.control.owner_role][r.state.owner] += 1
    return {role: max(people, key=lambda p: (people[p], p)) for role, people in counts.items()}


def draft_policies(
    answers: Answers,
    scope: Sequence[ScopeItem],
    rows: Sequence[ChecklistRow],
    library: Library,
    versions: Sequence[PolicyVersion] = (),
    acknowledgements: Sequence[Acknowledgement] = (),
    edits: Mapping[str, SectionEdit] | None = None,
) -> list[Policy]:
    """The policy set for this company: the templates that apply, filled in from the profile and checklist.

    A policy the user reworded keeps their wording (``edits``), marked as edited;
    a later draft never replaces it.
    """
    edits = edits or {}
    company = answers.company.name
    applicable = {r.control.id for r in rows}
    owners = _owners(rows)
    tools = _join([s.name for s in in_scope(scope, "system")]) or "the systems in the inventory"
    hosting = _join(hosting_names(answers)) or "the hosting provider"
    subs = _join([o.name for o in subservice_orgs(answers, scope, library) if o.role != "Vendor"]) or "none listed"
    values = {"company": company, "tools": tools, "hosting": hosting, "subservices": subs}
    out = []
    for t in library.policies:
        if not applies(t.applies_when, answers):
            continue
        controls = tuple(c for c in t.controls if c in applicable)
        if not controls:
            continue
        roles = sorted(
            {r.control.owner_role for r in rows if r.control.id in controls} | {t.owner_role},
        )
        purpose = t.purpose.format(**values)
        statements = tuple(s.format(**values) for s in t.statements)
        generated = policy_wording(purpose, statements)
        edit = edits.get(t.key)
        if edit is not None:
            purpose, statements = parse_policy_wording(edit.text)
        out.append(
            Policy(
                key=t.key,
                title=t.title,
                owner_role=t.owner_role,
                owner=owners.get(t.owner_role, ""),
                controls=controls,
                purpose=purpose,
                statements=statements,
                generated=generated,
                edited=edit is not None,
                draft_changed=edit is not None and edit.base != generated,
                roles=tuple((role, owners.get(role, "")) for role in roles),
                versions=tuple(sorted((v for v in versions if v.policy_key == t.key), key=lambda v: v.version)),
                acknowledgements=tuple(
                    sorted(
                        (a for a in acknowledgements if a.policy_key == t.key),
                        key=lambda a: (a.acknowledged_on, a.person),
                    )
                ),
            )
        )
    return out


# --- the system description -----------------------------------------------------


def draft_sections(
    answers: Answers,
    scope: Sequence[ScopeItem],
    rows: Sequence[ChecklistRow],
    orgs: Sequence[SubserviceOrg],
    cuec_list: Sequence[Cuec],
    criteria_categories: Sequence[str],
    incidents: Sequence[Evidence] = (),
    changes: Sequence[ActivityEntry] = (),
) -> dict[str, str]:
    """The generated text of each section (key -> text), before any edit of the user's."""
    a, c = answers, answers.company
    product = product_name(scope, c.name)
    systems = in_scope(scope, "system")
    excluded = [s for s in scope if not s.in_scope]
    data_words = [vocab.DATA_KINDS[d].lower() for d in a.data]
    hosting = _join(hosting_names(a))
    industry = vocab.INDUSTRIES.get(c.industry, c.industry).lower()
    owners = _owners(rows)
    cats = [vocab.CRITERIA[k] for k in criteria_categories if k in vocab.CRITERIA]
    text: dict[str, str] = {}

    text["overview"] = (
        f"{c.name} is a {industry} company with {c.employees} employees, {c.engineers} of them engineers"
        + (f", working from {_count(c.offices, 'office')}" if c.offices else ", working remotely")
        + f". It provides {product}"
        + (f" to {_join(_customer_words(a))}" if _customer_words(a) else "")
        + ". "
        + (
            "The services in scope are: "
            + "; ".join(s.name + (f" \u2014 {_lead_lower(s.description)}" if s.description else "") for s in systems)
            + "."
            if systems
            else "Add the systems in scope on the Scope step to describe the services here."
        )
    )
    commitments = [
        f"{c.name} commits to its customers to protect the confidentiality, integrity and availability of the data they entrust to {product}.",
        "Access to customer data is limited to authorised staff and protected by multi-factor authentication.",
        "Customer data is encrypted in transit and at rest.",
        "Customers are told of security incidents that affect their data.",
    ]
    if a.customers.uptime_commitment:
        commitments.append(
            "The service is available at the level set in the customer service level agreement, and uptime is reported each month."
        )
    if "health" in a.data:
        commitments.append(
            "Health records are handled as the business associate agreement and the HIPAA Security Rule require."
        )
    if "payment_card" in a.data:
        commitments.append("Card data is handled in line with PCI DSS v4.0.")
    if "personal" in a.data:
        commitments.append("Personal data is used only for the purposes stated in the privacy notice.")
    text["commitments"] = (
        " ".join(commitments)
        + f" The system requirements that support these commitments are set out in {c.name}'s policies, "
        "its contracts and the controls described in this document."
    )
    text["infrastructure"] = (
        (f"Production runs on {hosting}. " if hosting else "")
        + (
            f"The in-scope systems are listed in the table below ({len(systems)} in all)."
            if systems
            else "No systems are in scope yet."
        )
        + (
            f" {c.name} has {_count(c.offices, 'office')}; no production servers are on site."
            if c.offices and not {"on_premises", "colocation"} & set(a.hosting)
            else ""
        )
    )
    vendors = in_scope(scope, "vendor")
    text["software"] = (
        f"{_cap(product)} and its supporting services are built by {c.name}'s engineering team and deployed through a reviewed pipeline. "
        + (
            f"Third-party software and services used: {_join([v.name for v in vendors])}."
            if vendors
            else "No third-party software vendors are listed in the scope yet."
        )
    )
    role_lines = [f"{role}: {person}" for role, person in sorted(owners.items())]
    text["people"] = (
        f"{c.name} has {c.employees} employees. Security is owned by the Security lead"
        + (f" ({owners['Security lead']})" if owners.get("Security lead") else "")
        + ", who reports to the CEO"
        + (f" ({owners['CEO']})" if owners.get("CEO") else "")
        + ". "
        + (
            "People who own controls: " + "; ".join(role_lines) + "."
            if role_lines
            else "Name the owners of controls on the Checklist step to list them here."
        )
    )
    categories = sorted({vocab_category(r.control.category) for r in rows})
    text["procedures"] = (
        f"{c.name} runs {len(rows)} controls, grouped as {_join(categories)}. "
        "Each is written down in a policy or runbook that names its owner, how often it runs and the record it leaves."
    )
    text["data"] = (
        f"{_cap(product)} handles {_join(data_words)}."
        if data_words
        else f"{_cap(product)} handles customers' business data."
    ) + " Data is classified as Public, Internal, Confidential or Restricted; customer data is Restricted."
    text["boundaries"] = (
        "The system described here is made of the in-scope systems, the people and procedures that run them, and the data they hold. "
        + (
            "Left out of scope: "
            + "; ".join(f"{s.name} ({s.exclusion_reason.rstrip('.') or 'no reason given'})" for s in excluded)
            + "."
            if excluded
            else "Nothing has been excluded from scope."
        )
    )
    subs = [o for o in orgs if o.role != "Vendor"]
    text["subservice"] = (
        (
            f"{c.name} uses {_join([f'{o.name} ({o.method_label.lower()} method)' for o in subs])}. "
            "Under the carve-out method the subservice organisation's controls are outside this description; "
            f"{c.name} relies on the complementary subservice organization controls (CSOCs) listed below and checks them "
            "each year by reading the provider's SOC 2 report."
        )
        if subs
        else "No subservice organisations are in scope."
    )
    text["cuecs"] = (
        f"{c.name}'s controls were designed on the assumption that its customers (user entities) run the complementary user entity controls "
        f"below. Customers are responsible for them; {c.name}'s controls alone do not meet the related criteria."
        if cuec_list
        else "No complementary user entity controls have been identified."
    )
    text["criteria"] = (
        f"The report covers the {_join(cats)} criteria of the 2017 Trust Services Criteria. "
        f"{len(rows)} controls address them; the control list with the criteria each meets is attached as the control matrix."
    )
    if incidents:
        listed = "; ".join(e.name + (f" ({e.occurred_on.isoformat()})" if e.occurred_on else "") for e in incidents)
        text["incidents"] = (
            f"Incident records kept under IR-03: {listed}. For each incident that caused a failure to meet a service "
            "commitment or system requirement, describe its nature, timing and extent, and how it was resolved."
        )
    else:
        text["incidents"] = (
            "No security incidents that caused the system to fail its service commitments or system requirements were "
            "identified during the period. Replace this sentence with a description of any such incident, its nature, "
            "timing, extent and how it was resolved."
        )
    if changes:
        listed = "; ".join(f"{a.action} {a.target} ({a.at[:10]})" for a in changes)
        text["changes"] = (
            f"Changes to the scope recorded during the period: {listed}. Describe how each one changed the infrastructure, "
            "software, people, procedures or data, and add any other change customers would need to know about."
        )
    else:
        text["changes"] = (
            "No significant changes to the system were made during the period. Replace this sentence with any change to "
            "the infrastructure, software, people, procedures or data that customers would need to know about."
        )
    return text


def vocab_category(category: str) -> str:
    return category.replace("_", " ")


def _customer_words(a: Answers) -> list[str]:
    words = []
    if a.customers.enterprise:
        words.append("enterprise customers")
    if a.customers.government:
        words.append("US government customers")
    if a.customers.international:
        words.append("customers outside the US")
    return words


def merge_sections(generated: dict[str, str], edits: dict[str, SectionEdit]) -> list[Section]:
    """Each section's text: the user's edit where there is one (marked), else the generated draft.

    An edit is never replaced by a newer draft; ``draft_changed`` says the draft moved on since.
    """
    out = []
    for key, title in SECTIONS.items():
        gen = generated.get(key, "")
        e = edits.get(key)
        if e is None:
            out.append(Section(key, title, gen, gen))
        else:
            out.append(Section(key, title, e.text, gen, edited=True, draft_changed=e.base != gen))
    return out


# --- gap narrative ----------------------------------------------------------------


def gap_narrative(row: ChecklistRow, months: int, today: dt.date) -> GapNarrative:
    """What is there, what is missing, what to do and what the auditor will ask for, for one open control."""
    c, st = row.control, row.state
    status = vocab.STATUSES.get(st.status, st.status).lower()
    current = [f"Status: {status}."]
    current.append(f"Owner: {st.owner}." if st.owner else "No owner named.")
    if st.due_date:
        late = " (overdue)" if st.due_date < today else ""
        current.append(f"Due {st.due_date.isoformat()}{late}.")
    current.append(f"{row.evidence_count} evidence item{'s' if row.evidence_count != 1 else ''} attached.")
    if st.notes:
        current.append(f"Notes: {st.notes}")
    if st.status == "not_started":
        gap = f"The control is not in place: {c.description}"
    else:
        gap = f"Work has started but the control is not yet operating as described: {c.description}"
    if not st.owner:
        gap += " Nobody is accountable for it yet."
    return GapNarrative(
        control_id=c.id,
        title=c.title,
        current=" ".join(current),
        gap=gap,
        todo=c.implementation,
        evidence=tuple(c.evidence),
        sampling=f"{vocab.FREQUENCIES.get(c.frequency, c.frequency)}. {sampling_sentence(c.frequency, months)}",
    )


def with_edits(risk: Risk, changes: dict[str, object]) -> Risk:
    return replace(risk, **changes, edited=True)  # type: ignore[arg-type]


# --- the tables that go with the description's sections -------------------------------


@dataclass(frozen=True)
class DraftTable:
    """A table under a section of the system description (the DOCX and the app show the same)."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""  # a sub-heading above it, if any
    note: str = ""  # a sentence between the sub-heading and the table
    empty: str = ""  # said instead of the table when it has no rows


DASH = "\u2014"


def section_tables(d: Deliverables) -> dict[str, list[DraftTable]]:
    """Section key -> its tables: the scope, vendors, people, boundaries, CSOCs, CUECs and the control matrix."""
    owners = _owners(d.rows)
    out: dict[str, list[DraftTable]] = {}
    if d.systems:
        out["infrastructure"] = [
            DraftTable(
                ("System", "What it does", "Holds customer data"),
                tuple((s.name, s.description or DASH, "Yes" if s.customer_data else "No") for s in d.systems),
            )
        ]
    vendors = [o for o in d.orgs if o.role == "Vendor"]
    if vendors:
        out["software"] = [
            DraftTable(
                ("Vendor", "Used for", "Security review"),
                tuple(
                    (v.name, v.description or DASH, "Reviewed" if v.reviewed else "Not yet reviewed") for v in vendors
                ),
            )
        ]
    if owners:
        out["people"] = [DraftTable(("Role", "Person"), tuple(sorted(owners.items())))]
    if d.excluded:
        out["boundaries"] = [
            DraftTable(
                ("Left out of scope", "Kind", "Why"),
                tuple((x.name, vocab.SCOPE_KINDS.get(x.kind, x.kind), x.exclusion_reason or DASH) for x in d.excluded),
            )
        ]
    out["subservice"] = [
        DraftTable(
            ("Complementary subservice organization control", "Criteria", "Checked by"),
            tuple((c.text, ", ".join(c.criteria), o.review_control) for c in o.csocs),
            title=f"{o.name}: {o.role.lower()}" + (f", {o.method_label.lower()} method" if o.method_label else ""),
            note=o.description,
            empty=f"The shipped library has no CSOCs for {o.name}; list the controls you rely on it for from its SOC 2 report.",
        )
        for o in d.orgs
    ]
    if d.cuecs:
        out["cuecs"] = [
            DraftTable(
                ("#", "Complementary user entity control", "Criteria", "Related controls"),
                tuple((str(i), c.text, ", ".join(c.criteria), ", ".join(c.controls)) for i, c in enumerate(d.cuecs, 1)),
            )
        ]
    out["criteria"] = [
        DraftTable(
            ("Control", "Title", "Criteria"),
            tuple((r.control.id, r.control.title, ", ".join(r.control.criteria)) for r in d.rows),
        )
    ]
    return out
