"""Every assumption the app shows is read by the engine, and every one it reads is shown.

The app's budget step lists the whole table, and the PDF lists what the
estimate read; a row nobody reads (or a figure read but never shown) fails here.
"""

from __future__ import annotations

import itertools

from soc2wizard.catalog import load_catalog
from soc2wizard.domain import vocab
from soc2wizard.domain.records import ChecklistRow, ControlState, ScopeItem
from soc2wizard.estimate.assumptions import published
from soc2wizard.estimate.criteria import selected_criteria
from soc2wizard.estimate.plan import build_plan
from soc2wizard.report.model import _budget

from .conftest import TODAY, answers

CAT = load_catalog()


def _scope(systems: int, inclusive: bool) -> list[ScopeItem]:
    items = [ScopeItem(i, "system", f"S{i}", customer_data=True) for i in range(1, systems + 1)]
    items.append(ScopeItem(99, "subservice", "AWS", method="inclusive" if inclusive else "carve_out"))
    return items


def _plans():
    """A spread of companies that between them take every branch of the engine."""
    for tier, kind, (employees, engineers), mature, systems, pci, deadline in itertools.product(
        vocab.AUDITOR_TIERS,
        ("type1", "type2"),
        ((8, 2), (60, 20), (150, 40), (400, 120)),
        (False, True),
        (1, 7),
        (None, *vocab.PCI_LEVELS),
        (None, "2027-03-01"),
    ):
        if pci is not None and (tier != "boutique" or employees != 60 or deadline):
            continue
        a = answers(
            company={"name": "T", "employees": employees, "engineers": engineers, "offices": 1, "pci_level": pci},
            data=["customer_confidential"] + (["payment_card"] if pci else []),
            customers={"enterprise": True, "deadline": deadline},
            plan={"start": "2026-12-07", "report_type": kind, "auditor_tier": tier, "weekly_hours": 10},
        )
        status = "implemented" if mature else "not_started"
        rows = [ChecklistRow(c, ControlState(c.id, status=status)) for c in CAT.controls_for(a, selected_criteria(a))]
        yield build_plan(a, rows, _scope(systems, inclusive=mature), {}, today=TODAY, catalog=CAT)


def test_every_shown_assumption_is_read_and_every_read_one_is_shown():
    """The union of what a spread of plans reads is the whole table; each plan's PDF shows what it read."""
    read: set[str] = set()
    table = set(published())
    for plan in _plans():
        used = set(plan.assumptions_used)
        assert used <= table
        read |= used
        shown = {row.title for row in _budget(plan).assumptions}
        titles = {a.key: a.title for a in plan.assumptions}
        assert {titles[k] for k in used} <= shown
    assert table - read == set(), "shown in the assumptions table but read by nothing"
