"""The shipped control catalog and its loader."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from soc2wizard.catalog import CatalogError, load_catalog, validate
from soc2wizard.catalog.loader import build_catalog
from soc2wizard.domain import vocab
from soc2wizard.domain.answers import Answers, Company
from soc2wizard.domain.catalog import Catalog, Control, Criterion
from soc2wizard.domain.conditions import parse_condition

CRITERION_ID = re.compile(r"^(CC|PI|A|C|P)(\d)\.(\d)$")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def company(**kw) -> Answers:
    return Answers(Company("Acme"), **kw)


def test_all_61_criteria_present_with_expected_counts(catalog):
    """The criteria set holds the 61 TSC 2017 ids: CC 33, A 3, PI 5, C 2, P 18."""
    ids = list(catalog.criteria)
    assert len(ids) == len(set(ids)) == 61
    prefixes = Counter()
    for cid in ids:
        m = CRITERION_ID.match(cid)
        assert m, cid
        prefixes[m.group(1)] += 1
    assert prefixes == {"CC": 33, "A": 3, "PI": 5, "C": 2, "P": 18}
    assert {f"CC{g}.{n}" for g, n in [(1, 1), (1, 5), (2, 3), (3, 4), (6, 8), (7, 5), (8, 1), (9, 2)]} <= set(ids)
    assert {"P1.1", "P2.1", "P3.2", "P4.3", "P5.2", "P6.7", "P7.1", "P8.1"} <= set(ids)


def test_criteria_categories_and_text(catalog):
    """Each criterion's category matches its id, and it has a title and summary."""
    for criterion in catalog.criteria.values():
        assert criterion.category == vocab.criterion_category(criterion.id)
        assert criterion.title.strip() and criterion.summary.strip() and criterion.group.strip()


def test_control_count_and_unique_ids(catalog):
    """The library holds 100 to 170 controls with unique, well-formed ids."""
    controls = list(catalog.controls.values())
    assert 100 <= len(controls) <= 170
    ids = [c.id for c in controls]
    assert len(ids) == len(set(ids))
    assert all(re.match(r"^[A-Z]{2,4}-\d{2}$", i) for i in ids)


def test_every_criterion_is_covered(catalog):
    """Every one of the 61 criteria is served by at least one control."""
    covered = {cid for control in catalog.controls.values() for cid in control.criteria}
    assert set(catalog.criteria) - covered == set()


def test_control_criteria_ids_exist(catalog):
    """Controls cite only criteria ids that exist in the criteria set."""
    for control in catalog.controls.values():
        assert control.criteria, control.id
        assert set(control.criteria) <= set(catalog.criteria), control.id


def test_applies_when_tokens_parse(catalog):
    """Every applies_when token is understood by the condition parser."""
    for control in catalog.controls.values():
        for token in control.applies_when:
            parse_condition(token)


def test_shipped_catalog_validates_clean(catalog):
    """validate() finds no problems in the shipped catalog."""
    assert validate(catalog) == []


def test_policies_and_practices(catalog):
    """The policy set ships as policy controls, and key practices map to controls."""
    controls = list(catalog.controls.values())
    policies = [c for c in controls if c.policy]
    assert 15 <= len(policies) <= 20
    assert all(c.category == "policy" for c in policies)
    practices = {c.practice for c in controls if c.practice}
    assert practices <= set(vocab.PRACTICES)
    assert {"mfa", "security_training", "vendor_reviews"} <= practices
    assert any(c.practice == "vendor_reviews" and c.category == "vendor" for c in controls)


def test_recurring_controls_have_expected_frequencies(catalog):
    """Recurring controls such as access reviews and restore tests have the usual cadence."""
    by_title = {c.title.lower(): c for c in catalog.controls.values()}

    def freq(words: str) -> str:
        [control] = [c for t, c in by_title.items() if words in t]
        return control.frequency

    assert freq("quarterly access reviews") == "quarterly"
    assert freq("backup restore test") == "annual"
    assert freq("vulnerability scanning") == "monthly"
    assert freq("penetration test") == "annual"
    assert freq("weekly log review") == "weekly"
    assert freq("management security review") == "quarterly"
    assert sum(c.recurring for c in catalog.controls.values()) >= 30


def test_validate_reports_problems_in_a_bad_catalog(catalog):
    """validate() names unknown criteria, bad fields, bad tokens, duplicates and gaps."""
    good = next(iter(catalog.controls.values()))
    bad = replace(
        good,
        id="ZZ-01",
        criteria=("CC6.1", "CC99.9"),
        frequency="fortnightly",
        category="magic",
        priority=7,
        practice="astrology",
        applies_when=("hosting:moon",),
    )
    twin = replace(good, id="ZZ-01", criteria=("CC6.1",))
    made_up = Catalog(
        name="bad",
        version="0",
        criteria={"CC6.1": catalog.criteria["CC6.1"], "CC6.2": catalog.criteria["CC6.2"]},
        controls={"ZZ-01": bad, "ZZ-02": twin},
    )
    problems = "\n".join(validate(made_up))
    assert "CC99.9" in problems
    assert "fortnightly" in problems
    assert "magic" in problems
    assert "priority 7" in problems
    assert "astrology" in problems
    assert "hosting:moon" in problems
    assert "ZZ-01: id is used more than once" in problems
    assert "criterion CC6.2: no control covers it" in problems


def test_malformed_control_names_id_and_field(catalog):
    """A control with a wrong field type is refused with its id and field in the message."""
    criteria_doc = {"criteria": [{"id": "CC6.1", "category": "security", "group": "CC6", "title": "t", "summary": "s"}]}
    control = {
        "id": "AC-01",
        "title": "t",
        "category": "access",
        "description": "d",
        "implementation": "i",
        "evidence": ["e"],
        "frequency": "once",
        "owner_role": "CTO",
        "effort_hours": "lots",
        "priority": 1,
        "criteria": ["CC6.1"],
    }
    with pytest.raises(CatalogError, match=r"AC-01.*effort_hours"):
        build_catalog(criteria_doc, {"controls": [control]})
    del control["effort_hours"]
    with pytest.raises(CatalogError, match=r"AC-01.*effort_hours.*missing"):
        build_catalog(criteria_doc, {"controls": [control]})


def test_unknown_catalog_name_lists_known_names():
    """Asking for a catalog that does not ship raises CatalogError naming the ones that do."""
    with pytest.raises(CatalogError, match="small-team"):
        load_catalog(controls_name="enterprise-deluxe")
    with pytest.raises(CatalogError, match="tsc2017"):
        load_catalog(criteria_name="tsc1999")
    assert issubclass(CatalogError, LookupError)


def test_load_catalog_is_cached():
    """Loading twice returns the same object rather than re-reading the files."""
    assert load_catalog() is load_catalog("tsc2017", "small-team")


def test_card_data_brings_card_controls(catalog):
    """A company with card data gets the card controls; one without does not."""
    card_ids = {c.id for c in catalog.controls.values() if any("data:payment_card" in t for t in c.applies_when)}
    assert len(card_ids) >= 4
    with_cards = {c.id for c in catalog.controls_for(company(data=("payment_card",)), ["security"])}
    without = {c.id for c in catalog.controls_for(company(data=("personal",)), ["security"])}
    assert card_ids <= with_cards
    assert not card_ids & without


def test_offices_and_health_data_are_conditional(catalog):
    """Office controls appear only with an office; health controls only with health data."""
    remote = company()
    office = Answers(Company("Acme", offices=1))
    office_ids = {c.id for c in catalog.controls.values() if "offices" in c.applies_when}
    assert office_ids
    assert office_ids <= {c.id for c in catalog.controls_for(office, ["security"])}
    assert not office_ids & {c.id for c in catalog.controls_for(remote, ["security"])}
    health = {c.id for c in catalog.controls_for(company(data=("health",)), ["security"])}
    plain = {c.id for c in catalog.controls_for(remote, ["security"])}
    assert health - plain


def test_choosing_privacy_adds_controls(catalog):
    """Choosing Privacy (or the other optional categories) adds controls Security alone lacks."""
    answers = company(data=("personal",))
    security = {c.id for c in catalog.controls_for(answers, ["security"])}
    for category in ("privacy", "availability", "confidentiality", "processing_integrity"):
        extra = {c.id for c in catalog.controls_for(answers, ["security", category])} - security
        assert extra, category
        assert all(category in catalog.controls[i].categories for i in extra)


def test_security_is_always_selected(catalog):
    """Passing no categories still yields the security controls."""
    answers = company()
    assert catalog.controls_for(answers, []) == catalog.controls_for(answers, ["security"])


def test_controls_for_orders_foundational_first(catalog):
    """controls_for lists priority 1 before 2 before 3, keeping catalog order within each."""
    chosen = catalog.controls_for(company(), list(vocab.CRITERIA))
    priorities = [c.priority for c in chosen]
    assert priorities == sorted(priorities)
    assert priorities[0] == 1 and priorities[-1] == 3
    order = list(catalog.controls)
    for first, second in zip(chosen, chosen[1:]):
        if first.priority == second.priority:
            assert order.index(first.id) < order.index(second.id)


def test_shipped_list_is_ordered_foundational_first(catalog):
    """The catalog file itself lists foundational controls first."""
    priorities = [c.priority for c in catalog.controls.values()]
    assert priorities == sorted(priorities)


def test_criteria_in_returns_tsc_order(catalog):
    """criteria_in gives the criteria of the chosen categories in TSC order."""
    privacy = catalog.criteria_in(["privacy"])
    assert len(privacy) == 18 and privacy[0].id == "P1.1" and privacy[-1].id == "P8.1"
    assert len(catalog.criteria_in(["security", "availability"])) == 36


def test_control_properties():
    """recurring and categories follow the frequency and the criteria ids."""
    control = Control(
        id="XX-01",
        title="t",
        category="access",
        description="d",
        implementation="i",
        evidence=("e",),
        frequency="quarterly",
        owner_role="CTO",
        effort_hours=2,
        priority=1,
        criteria=("CC6.2", "P5.1", "A1.3"),
    )
    assert control.recurring
    assert control.categories == {"security", "privacy", "availability"}
    assert not replace(control, frequency="per_event").recurring
    assert hash(control) == hash(replace(control))
    assert Criterion("A1.1", "availability", "A1", "t", "s").category == "availability"


def test_catalog_does_not_import_qt():
    """Loading and querying the catalog never imports PySide6 (checked in a fresh interpreter)."""
    code = (
        "import sys\n"
        "from soc2wizard.catalog import load_catalog\n"
        "from soc2wizard.domain.answers import Answers, Company\n"
        "load_catalog().controls_for(Answers(Company('x')), ['privacy'])\n"
        "sys.exit(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or "PySide6 was imported"
