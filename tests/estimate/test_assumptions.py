"""The assumptions table: every figure sourced, and overrides replace figures."""

from __future__ import annotations

from soc2wizard import assets
from soc2wizard.domain.records import Override
from soc2wizard.estimate.assumptions import Figures, published
from soc2wizard.estimate.plan import build_plan

from .conftest import TODAY, answers, make_catalog, rows_for, system

FIGURES_SOURCES = (
    "seed",
    "securitycomplianceguide.com",
    "secure.com",
    "indent.com",
    "help.vanta.com",
    "getsecureslate.com",
    "strac.io",
    "legalclarity.org",
    "soc2compliancecost.com",
    "moorecolson.com",
    "kapacyber.com",
    "secureframe.com",
    "calculatorhub.com",
    "saasdash.ai",
    "auditpath.io",
    "AssuranceLab",
    "swipecosts.com",
    "penetrationtestingcost.com",
    "assumption",
)


def test_every_row_has_the_fields_and_cites_a_source_or_says_it_is_an_assumption():
    """Each figure names where it comes from, with a date, and low is not above high."""
    rows = assets.read_json("assumptions.json")["assumptions"]
    assert len(rows) >= 30
    for row in rows:
        assert set(row) >= {"key", "title", "low", "high", "unit", "source", "as_of"}, row["key"]
        assert row["low"] <= row["high"], row["key"]
        assert row["as_of"], row["key"]
        assert any(s in row["source"] for s in FIGURES_SOURCES), row["key"]


def test_published_figures_match_the_reference_table():
    """The ranges the brief names are the ones shipped."""
    t = published()
    assert (t["phase.readiness"].low, t["phase.readiness"].high) == (2, 8)
    assert (t["phase.remediation.scratch"].low, t["phase.remediation.scratch"].high) == (16, 39)
    assert "phase.remediation.max" not in t and "phase.remediation.mature" not in t  # no ceiling, no floor
    assert (t["pci.roc"].low, t["pci.roc"].high) == (20000, 100000)
    assert (t["pentest.pci"].low, t["pentest.pci"].high) == (15000, 45000)
    assert t["readiness.before_fieldwork"].high == 0.9
    assert (t["audit_fee.type2.big4"].low, t["audit_fee.type2.big4"].high) == (75000, 200000)
    assert (t["renewal.share"].low, t["renewal.share"].high) == (0.7, 0.8)
    assert "assumption" in t["staff.rate"].source


def test_an_override_replaces_the_figure_and_keeps_the_published_one():
    """A consultant's real quote is used, marked overridden, with the default kept beside it."""
    f = Figures({"pentest": Override("pentest", 9000, 11000, note="Quote from Acme Pentest")})
    a = f["pentest"]
    assert (a.low, a.high, a.overridden) == (9000, 11000, True)
    assert (a.default_low, a.default_high) == (5000, 20000)
    assert a.note == "Quote from Acme Pentest"


def test_an_override_shows_in_the_budget_item():
    """The pentest line of the budget is the quote, flagged as overridden."""
    cat = make_catalog()
    a = answers()
    plan = build_plan(
        a,
        rows_for(a, cat),
        [system("App", customer_data=True)],
        [Override("pentest", 12000, 12000)],
        today=TODAY,
        catalog=cat,
    )
    item = next(i for i in plan.budget.items if i.id == "pentest")
    assert (item.low, item.high, item.overridden) == (12000, 12000, True)
    assert [x.key for x in plan.assumptions if x.overridden] == ["pentest"]


def test_an_override_for_an_unknown_key_is_ignored():
    """An old workspace's override for a retired figure does not break the estimate."""
    f = Figures({"retired.key": Override("retired.key", 1, 2)})
    assert "retired.key" not in f
