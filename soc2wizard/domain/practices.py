"""What each security practice on the profile really covers, in controls.

A company that says "we have MFA on every account" has more than the one MFA
control in place: the break-glass accounts are locked down and the identity
provider enforces password rules too. Each practice therefore implies the
catalog controls tagged with it (``Control.practice``) plus the related
controls listed in ``RELATED``, each with the reason a practitioner would
accept it. A control that needs an evidence trail over time (a quarterly
review, a yearly test) still counts as implemented in design: operating
readiness is measured apart, from the evidence kept.

Some controls are only half done by a practice: reviewed changes cover the
review of infrastructure changes, not describing the infrastructure as code.
``PARTLY`` lists those with what is still left; they start "in progress", so
half their effort stays open. What no practice covers (the system
description, a penetration test, network controls, tenant separation, the
yearly internal review …) stays open, as it would for a real company.
"""

from __future__ import annotations

from collections.abc import Iterable

from soc2wizard.domain import vocab

# Practice id -> {control id: why a team with that practice has the control in place},
# beyond the controls tagged with the practice in the catalog.
RELATED: dict[str, dict[str, str]] = {
    "mfa": {
        "AC-05": "MFA on every account is rolled out with a password manager for the first factor",
        "AC-06": "root and break-glass accounts are accounts too: MFA on them is the lock-down",
        "AC-11": "the identity provider that enforces MFA enforces the password rules",
    },
    "sso": {
        "AC-02": "SSO gives each person one named account; shared logins cannot sign in",
        "AC-03": "access is granted by adding the person to a group in the identity provider, on request",
        "AC-04": "disabling the person in the identity provider removes access to every tool at once",
        "AC-08": "the identity provider lists who has which app, which is what a quarterly review reads",
        "AC-09": "access comes from roles (groups) in the identity provider, not from person by person grants",
        "AC-11": "the identity provider enforces the password rules",
    },
    "central_logging": {
        "MON-04": "the logging and alerting stack watches uptime and pages whoever is on call",
        "OPS-06": "capacity is read from the same central metrics",
        "OPS-09": "failed background jobs show up in the central logs and alerts",
    },
    "written_policies": {
        "POL-05": "the written set includes the incident response plan",
        "POL-06": "the written set includes the risk assessment policy",
        "POL-07": "the written set includes a code of conduct",
        "POL-08": "the written set includes the change management policy",
        "POL-09": "the written set includes business continuity and backup",
        "POL-12": "the written set includes the encryption policy",
        "POL-13": "the written set includes vendor management",
        "POL-14": "the written set includes security awareness and training",
        "POL-15": "the written set includes secure development",
        "POL-16": "the written set includes logging and monitoring",
        "POL-17": "the written set includes asset management",
        "POL-18": "the written set includes the privacy policy and notice",
        "POL-19": "the written set includes physical security",
        "GOV-01": "written policies name the person who owns security",
        "GOV-03": "the information security policy states the objectives and commitments",
        "PPL-05": "the policies assign security duties to roles, which the job descriptions repeat",
        "PPL-06": "the policies state the disciplinary process for breaches",
        "PPL-10": "the code of conduct gives a confidential channel for concerns",
    },
    "incident_response_plan": {
        "IR-01": "the plan tells staff how to report a concern",
        "IR-05": "the plan says when and how customers are told",
        "IR-06": "the plan gives outsiders a way to report vulnerabilities (security contact)",
        "PRV-07": "privacy incidents follow the same plan, with its notification steps",
    },
    "background_checks": {
        "PPL-03": "confidentiality agreements are signed in the same pre-hire step as the check",
    },
    "security_training": {
        "PPL-07": "engineers take the secure coding module of the training",
        "PPL-08": "staff handling health data take the health data module",
        "PPL-09": "phishing simulations are part of awareness training",
    },
    "vendor_reviews": {
        "VND-04": "the vendor review asks for a BAA where health data is shared",
        "VND-05": "card service providers' compliance is confirmed in the yearly review",
        "VND-06": "the colocation provider is reviewed like any vendor",
        "VND-07": "the vendor review asks for a data processing agreement",
    },
    "encryption_at_rest": {
        "DAT-02": "a team that encrypts stored data encrypts it in transit (TLS) as well",
        "DAT-04": "encryption at rest uses managed keys with restricted access",
    },
    "tested_backups": {
        "BC-03": "the restore test is run as the yearly disaster recovery test",
    },
    "change_management": {
        "CHG-05": "changes are reviewed and tested before production, so environments are separate",
        "CHG-06": "the test environment runs on test data, part of the same discipline",
        "CHG-07": "the change process defines its emergency path",
    },
    "vulnerability_scanning": {
        "OPS-02": "findings from the scans are patched on a schedule",
        "OPS-05": "scanners check configuration against a baseline",
        "OPS-08": "where card data is held, the quarterly ASV scan is part of the scanning programme",
        "DEV-01": "the build's security checks include secret scanning",
    },
    "endpoint_management": {
        "END-05": "managed laptops can be wiped remotely",
        "DAT-08": "managed devices are wiped before disposal",
        "OPS-01": "the device management tool is the device inventory",
    },
    "risk_assessment": {
        "RSK-03": "the yearly assessment considers fraud risk",
        "RSK-05": "the assessment is repeated when the business changes",
        "GOV-04": "management reviews the assessment's risks each quarter",
        "GOV-08": "findings from the assessment are tracked to closure",
        "GOV-09": "legal and contractual requirements are an input to the assessment",
    },
}

# Practice id -> {control id: what is still left to do}: controls the practice
# covers only in part. A team declaring the practice has them in progress.
PARTLY: dict[str, dict[str, str]] = {
    "change_management": {
        "CHG-08": "infrastructure changes are reviewed like code; left: describing the infrastructure as code "
        "and detecting drift",
    },
    "central_logging": {
        "DAT-05": "access to customer data is logged centrally; left: scoped, read-only support views",
    },
    "sso": {
        "AC-10": "admin roles are groups in the identity provider; left: the list of admins per system and "
        "time-limited elevation",
    },
    "risk_assessment": {
        "GOV-05": "the assessment gives the briefing its top risks; left: presenting it to the board and "
        "recording the minutes",
    },
}


def covered_by(practice: str, tagged: Iterable[tuple[str, str | None]]) -> list[str]:
    """The control ids one practice covers: those tagged with it, then its related ones.

    ``tagged`` is (control id, the control's own practice tag) for every control
    in the catalog; related ids not in the catalog are left out.
    """
    pairs = list(tagged)
    known = {cid for cid, _ in pairs}
    own = [cid for cid, p in pairs if p == practice]
    return own + [cid for cid in RELATED.get(practice, {}) if cid in known and cid not in own]


def implied_controls(practices: Iterable[str], tagged: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Control id -> the (first) practice that implies it, for a set of declared practices."""
    pairs = list(tagged)
    declared = set(practices)
    out: dict[str, str] = {}
    for practice in vocab.PRACTICES:
        if practice in declared:
            for cid in covered_by(practice, pairs):
                out.setdefault(cid, practice)
    return out


def partly_implied(practices: Iterable[str], tagged: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Control id -> the (first) practice that covers it in part, leaving out what another practice fully covers."""
    pairs = list(tagged)
    known = {cid for cid, _ in pairs}
    declared = set(practices)
    full = implied_controls(declared, pairs)
    out: dict[str, str] = {}
    for practice in vocab.PRACTICES:
        if practice in declared:
            for cid in PARTLY.get(practice, {}):
                if cid in known and cid not in full:
                    out.setdefault(cid, practice)
    return out


def why(practice: str, control_id: str) -> str:
    """The reason a practice covers a control ("" for a control tagged with the practice in the catalog)."""
    return RELATED.get(practice, {}).get(control_id, "") or PARTLY.get(practice, {}).get(control_id, "")
