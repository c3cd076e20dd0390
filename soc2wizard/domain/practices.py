"""What each security practice on the profile really covers, in controls.

A company that says "we have MFA on every account" has more than the one MFA
control in place: the break-glass accounts are locked down and the identity
provider enforces password rules too. Each practice therefore implies the
catalog controls tagged with it (``Control.practice``) plus the related
controls listed here. Ticking every practice reads as a mature company; what
no practice covers (the system description, a penetration test, network and
development controls …) stays open, as it would for a real company.
"""

from __future__ import annotations

from collections.abc import Iterable

from soc2wizard.domain import vocab

# Practice id -> controls it covers beyond those tagged with it in the catalog.
RELATED: dict[str, tuple[str, ...]] = {
    "mfa": ("AC-05", "AC-06", "AC-11"),
    "sso": ("AC-02", "AC-03", "AC-04", "AC-08", "AC-09", "AC-11"),
    "central_logging": ("MON-04", "OPS-06", "OPS-09"),
    "written_policies": (
        "POL-05",
        "POL-06",
        "POL-07",
        "POL-08",
        "POL-09",
        "POL-12",
        "POL-13",
        "POL-14",
        "POL-15",
        "POL-16",
        "POL-17",
        "POL-18",
        "POL-19",
        "GOV-01",
        "GOV-03",
        "PPL-05",
        "PPL-06",
        "PPL-10",
    ),
    "incident_response_plan": ("IR-01", "IR-05", "IR-06", "PRV-07"),
    "background_checks": ("PPL-03",),
    "security_training": ("PPL-07", "PPL-08", "PPL-09"),
    "vendor_reviews": ("VND-04", "VND-05", "VND-06", "VND-07"),
    "encryption_at_rest": ("DAT-02", "DAT-04"),
    "tested_backups": ("BC-03",),
    "change_management": ("CHG-05", "CHG-06", "CHG-07"),
    "vulnerability_scanning": ("OPS-02", "OPS-05", "OPS-08", "DEV-01"),
    "endpoint_management": ("END-05", "DAT-08", "OPS-01"),
    "risk_assessment": ("RSK-03", "RSK-05", "GOV-04", "GOV-08", "GOV-09"),
}


def covered_by(practice: str, tagged: Iterable[tuple[str, str | None]]) -> list[str]:
    """The control ids one practice covers: those tagged with it, then its related ones.

    ``tagged`` is (control id, the control's own practice tag) for every control
    in the catalog; related ids not in the catalog are left out.
    """
    pairs = list(tagged)
    known = {cid for cid, _ in pairs}
    own = [cid for cid, p in pairs if p == practice]
    return own + [cid for cid in RELATED.get(practice, ()) if cid in known and cid not in own]


def implied_controls(practices: Iterable[str], tagged: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Control id -> the (first) practice that implies it, for a set of declared practices."""
    pairs = list(tagged)
    out: dict[str, str] = {}
    for practice in vocab.PRACTICES:
        if practice in set(practices):
            for cid in covered_by(practice, pairs):
                out.setdefault(cid, practice)
    return out
