"""The catalog as plain JSON data (``soc2wizard catalog --json``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from soc2wizard.domain.catalog import Catalog


def catalog_to_json(cat: Catalog) -> dict[str, Any]:
    controls = []
    for c in cat.controls.values():
        item = asdict(c)
        item["frameworks"] = {k: list(v) for k, v in c.frameworks.items()}
        item["recurring"] = c.recurring
        controls.append(item)
    return {
        "catalog": cat.name,
        "version": cat.version,
        "criteria": [
            {**asdict(cr), "controls": [c.id for c in cat.controls.values() if cr.id in c.criteria]}
            for cr in cat.criteria.values()
        ],
        "controls": controls,
    }
