"""Shipped data files (catalog, assumptions, fonts, icons), loaded by name.

Every resource the app reads goes through this module, so a wheel, an
editable install and a frozen bundle all find files the same way.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any


class ResourceError(LookupError):
    """An unknown resource name; the message lists the known ones."""


def _root() -> Traversable:
    return resources.files("soc2wizard.resources")


def names(folder: str = "") -> list[str]:
    """Names of the shipped files below ``folder`` (``"catalog"``, ``"fonts"`` …)."""
    base = _root()
    for part in [p for p in folder.split("/") if p]:
        base = base / part
    if not base.is_dir():
        return []
    return sorted(entry.name for entry in base.iterdir() if entry.is_file() and not entry.name.startswith(("_", ".")))


def file(name: str) -> Traversable:
    """The resource ``name`` (``"catalog/controls-small-team.json"``)."""
    entry = _root()
    for part in name.split("/"):
        entry = entry / part
    if not entry.is_file():
        folder = name.rsplit("/", 1)[0] if "/" in name else ""
        known = ", ".join(names(folder)) or "none"
        raise ResourceError(f"no resource named {name!r}; known in {folder or '.'}: {known}")
    return entry


def read_bytes(name: str) -> bytes:
    return file(name).read_bytes()


def read_text(name: str) -> str:
    return file(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def read_json(name: str) -> Any:
    """Parsed JSON resource; cached, so callers must not mutate it."""
    return json.loads(read_text(name))
