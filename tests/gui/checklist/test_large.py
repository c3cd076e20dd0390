"""A workspace with 2,000 controls opens in the page and filters in memory."""

from __future__ import annotations

from soc2wizard import services
from soc2wizard.gui.checklist.page import ChecklistPage


def bodies(n: int) -> list[dict]:
    return [
        {
            "id": f"BIG-{i:04d}",
            "title": f"Imported control {i}" + (" backup" if i % 10 == 0 else ""),
            "category": "operations",
            "description": "",
            "implementation": "",
            "evidence": [],
            "frequency": "quarterly",
            "owner_role": "",
            "effort_hours": 2,
            "priority": 2 + i % 2,
            "policy": False,
            "practice": None,
            "applies_when": [],
            "criteria": ["CC7.1"],
            "frameworks": {},
        }
        for i in range(n)
    ]


def test_two_thousand_controls_open_and_filter(qtbot, ctx, monkeypatch):
    """2,000 extra controls load; one keystroke filters without calling services."""
    services.add_custom_controls(ctx.s, bodies(2000))
    page = ChecklistPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    m = page.model.rowCount()
    assert m >= 2000
    backups = sum("backup" in r.control.title.lower() for r in page.model.rows())
    calls: list[str] = []
    monkeypatch.setattr(services, "checklist", lambda *a, **k: calls.append("checklist") or [])
    page.search.setText("backu")
    assert page.count.text() == f"{page.proxy.rowCount()} of {m:,} controls"
    assert page.proxy.rowCount() >= backups >= 200
    page.search.setText("big-1999")
    assert page.proxy.rowCount() == 1
    assert calls == []
