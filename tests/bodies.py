"""Custom controls in bulk, for large workspaces in the report tests and the export bench."""

from __future__ import annotations


def custom_bodies(n: int, start: int = 1) -> list[dict]:
    """``n`` custom controls spread over the Security criteria, for large workspaces."""
    from soc2wizard import services

    ids = [c for c in services.catalog().criteria if c.startswith("CC")]
    return [
        {
            "id": f"X-{i:03d}",
            "title": f"Custom control number {i} with a reasonably long title",
            "category": "operations",
            "description": "A control of the consultant's own.",
            "implementation": "",
            "evidence": [],
            "frequency": "quarterly" if i % 3 else "once",
            "owner_role": "",
            "effort_hours": 4,
            "priority": 1 + i % 3,
            "policy": False,
            "practice": None,
            "applies_when": [],
            "criteria": [ids[i % len(ids)], ids[(i * 7) % len(ids)]],
            "frameworks": {},
        }
        for i in range(start, start + n)
    ]
