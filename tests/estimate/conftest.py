"""Fixtures for the estimation engine: a small synthetic catalog and profiles.

The engine is tested against a catalog we control (the shipped control library
is written in parallel and its effort hours may change): one control per
criterion plus a few extra Security controls, 10 hours each, about the size of
a small team's real library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from soc2wizard import assets
from soc2wizard.domain.answers import Answers, parse_answers
from soc2wizard.domain.catalog import Catalog, Control, Criterion
from soc2wizard.domain.records import ChecklistRow, ControlState, ScopeItem
from soc2wizard.estimate.criteria import selected_criteria

TODAY = dt.date(2026, 11, 26)  # a Thursday
FREQUENCIES = ("once", "quarterly", "annual", "monthly", "continuous")


def _control(cid: str, criteria: Sequence[str], i: int, **kw) -> Control:
    fields = dict(
        id=cid,
        title=f"Control {cid}",
        category="governance",
        description="d",
        implementation="i",
        evidence=("e",),
        frequency=FREQUENCIES[i % len(FREQUENCIES)],
        owner_role="CTO",
        effort_hours=10,
        priority=1 + i % 3,
        criteria=tuple(criteria),
    )
    fields.update(kw)
    return Control(**fields)


def make_catalog() -> Catalog:
    doc = assets.read_json("catalog/criteria-tsc2017.json")
    criteria = {
        c["id"]: Criterion(c["id"], c["category"], c["group"], c["title"], c["summary"]) for c in doc["criteria"]
    }
    controls: dict[str, Control] = {}
    for i, cid in enumerate(criteria):
        prefix = cid.split(".")[0].rstrip("0123456789")
        key = f"{prefix}-{i:02d}" if len(prefix) >= 2 else f"{prefix}X-{i:02d}"
        controls[key] = _control(key, [cid], i)
    for j in range(10):
        key = f"SEC-{j:02d}"
        controls[key] = _control(key, ["CC5.2", "CC7.2"], j)
    controls["PPL-01"] = _control(
        "PPL-01",
        ["CC1.4", "CC2.2"],
        0,
        title="Security awareness training",
        frequency="annual",
        practice="security_training",
        category="people",
    )
    controls["PCI-01"] = _control("PCI-01", ["CC6.1"], 1, applies_when=("data:payment_card",))
    return Catalog("tsc2017", "test", criteria, controls)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The synthetic catalog."""
    return make_catalog()


def answers(**over) -> Answers:
    """A small SaaS company's answers with a few fields changed (dotted keys: ``plan__weekly_hours``)."""
    doc = {
        "format": "soc2wizard-answers/1",
        "company": {"name": "Test Co", "industry": "saas", "employees": 20, "engineers": 6, "offices": 0},
        "data": ["customer_confidential"],
        "hosting": ["aws"],
        "customers": {"enterprise": True},
        "practices": {},
        "plan": {"start": "2026-12-07", "auditor_tier": "boutique", "weekly_hours": 20},
    }
    for key, value in over.items():
        head, _, tail = key.partition("__")
        if tail:
            doc.setdefault(head, {})[tail] = value
        else:
            doc[head] = value
    return parse_answers(doc)


def rows_for(a: Answers, catalog: Catalog, status: str = "not_started", **state) -> list[ChecklistRow]:
    """Checklist rows for every applicable control, all in one status."""
    return [
        ChecklistRow(c, ControlState(c.id, status=status, **state))
        for c in catalog.controls_for(a, selected_criteria(a))
    ]


def system(name: str, i: int = 1, **kw) -> ScopeItem:
    return ScopeItem(id=i, kind="system", name=name, **kw)
