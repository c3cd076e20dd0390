"""Run a reference profile through the whole app: a workspace from its answers, then ``summary --json``."""

from __future__ import annotations

import datetime as dt
import functools
import json
import tempfile
from pathlib import Path
from typing import Any

from soc2wizard import services
from soc2wizard.domain.answers import parse_answers

from .reference_profiles import PROFILES, Profile

TODAY = dt.date(2026, 11, 26)


def summarise(profile: Profile, **changes: Any) -> dict[str, Any]:
    """The plan summary a user would get for this profile (``changes`` patch answers: ``plan__weekly_hours=10``)."""
    doc = profile.answers()
    for key, value in changes.items():
        head, _, tail = key.partition("__")
        if tail:
            doc[head][tail] = value
        else:
            doc[head] = value
    return _summary(json.dumps(doc, sort_keys=True), profile.systems)


@functools.lru_cache(maxsize=None)
def _summary(doc: str, systems: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        s = services.create_workspace(Path(folder) / "profile.soc2", parse_answers(json.loads(doc)))
        try:
            for i in range(systems):
                services.add_scope_item(s, "system", f"Service {i + 1}", customer_data=True)
            return services.summary_json(s, today=TODAY)
        finally:
            s.close()


def profile(pid: str) -> Profile:
    return PROFILES[pid]
