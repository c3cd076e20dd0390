"""A practice declared on the profile shows, on the checklist, every control it really covers.

``soc2wizard.domain.practices`` says which controls each practice implies
(with the reason) and which it covers only in part (with what is left). These
tests create a workspace the way a user does, with one practice ticked, and
read the checklist the user sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from soc2wizard import services
from soc2wizard.catalog import load_catalog
from soc2wizard.domain import vocab
from soc2wizard.domain.answers import parse_answers
from soc2wizard.domain.practices import PARTLY, RELATED, implied_controls, partly_implied

TAGGED = [(c.id, c.practice) for c in load_catalog().controls.values()]

# A company that brings most of the catalog into play: health and card data,
# personal data from consumers, an office, all five categories.
WIDE = {
    "format": "soc2wizard-answers/1",
    "company": {"name": "Wide", "industry": "healthcare", "employees": 30, "engineers": 8, "offices": 1},
    "data": ["personal", "health", "payment_card", "customer_confidential"],
    "hosting": ["aws", "colocation"],
    "customers": {"enterprise": True, "consumers": True, "uptime_commitment": True},
    "plan": {"start": "2026-12-07", "report_type": "type2", "criteria": list(vocab.CRITERIA)},
}


def _checklist(tmp_path: Path, *practices: str) -> dict[str, object]:
    doc = {**WIDE, "practices": {p: True for p in practices}}
    s = services.create_workspace(tmp_path / f"w{len(list(tmp_path.iterdir()))}.soc2", parse_answers(doc))
    try:
        return {r.control.id: r.state for r in services.checklist(s)}
    finally:
        s.close()


PAIRS = [(p, c) for p, related in RELATED.items() for c in related]


@pytest.mark.parametrize("practice", list(vocab.PRACTICES))
def test_a_declared_practice_marks_every_control_it_covers_implemented(tmp_path: Path, practice: str):
    """Each control the practice implies (tagged or related) and that applies is implemented; nothing else is."""
    states = _checklist(tmp_path, practice)
    covered = set(implied_controls([practice], TAGGED))
    on_list = covered & set(states)
    assert on_list, practice
    assert all(states[c].status == "implemented" for c in on_list), practice
    others = {c for c, st in states.items() if st.status == "implemented"} - covered
    assert not others, (practice, others)


@pytest.mark.parametrize(
    "practice,control",
    [
        ("change_management", "CHG-05"),
        ("change_management", "CHG-07"),
        ("vulnerability_scanning", "OPS-02"),
        ("vulnerability_scanning", "DEV-02"),
        ("central_logging", "MON-01"),
        ("central_logging", "MON-02"),
        ("encryption_at_rest", "DAT-04"),
        ("tested_backups", "BC-02"),
        ("tested_backups", "BC-03"),
        ("incident_response_plan", "IR-04"),
        ("incident_response_plan", "IR-03"),
        ("vendor_reviews", "VND-01"),
        ("vendor_reviews", "VND-08"),
        ("written_policies", "PPL-02"),
        ("written_policies", "POL-15"),
        ("security_training", "PPL-09"),
        ("security_training", "PPL-07"),
        ("background_checks", "PPL-03"),
        ("sso", "AC-04"),
        ("mfa", "AC-06"),
    ],
)
def test_the_named_control_is_implemented_when_the_practice_is_declared(tmp_path: Path, practice: str, control: str):
    """The brief's examples, one by one: without the practice the control is open, with it implemented."""
    assert _checklist(tmp_path)[control].status == "not_started"
    assert _checklist(tmp_path, practice)[control].status == "implemented"


@pytest.mark.parametrize("practice,control", [(p, c) for p, part in PARTLY.items() for c in part])
def test_a_control_covered_in_part_starts_in_progress_saying_what_is_left(tmp_path: Path, practice: str, control: str):
    """Reviewed changes do not put the infrastructure in code: that control is in progress, its note says what's left."""
    state = _checklist(tmp_path, practice)[control]
    assert state.status == "in_progress"
    assert vocab.PRACTICES[practice] in state.notes and "left:" in state.notes


def test_a_control_fully_covered_by_another_practice_is_not_demoted_to_in_progress():
    """If one declared practice covers a control fully, another covering it in part does not win."""
    full = implied_controls(vocab.PRACTICES, TAGGED)
    assert not set(partly_implied(vocab.PRACTICES, TAGGED)) & set(full)


def test_every_mapping_gives_its_reason():
    """Each related control and each partly covered one carries the sentence a practitioner would check."""
    for table in (RELATED, PARTLY):
        for practice, controls in table.items():
            assert practice in vocab.PRACTICES
            for cid, reason in controls.items():
                assert len(reason) > 20, (practice, cid)


def test_what_no_practice_covers_stays_open(tmp_path: Path):
    """All 14 practices: the system description, the penetration test and the network controls are still to do."""
    states = _checklist(tmp_path, *vocab.PRACTICES)
    for cid in ("GOV-02", "OPS-04", "NET-01", "NET-04", "DEV-03", "GOV-07"):
        assert states[cid].status == "not_started", cid
