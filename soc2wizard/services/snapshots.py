"""Snapshots of the assessment kept in the workspace, and progress between them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from soc2wizard.domain.errors import FieldError
from soc2wizard.services._common import clean_text
from soc2wizard.services.controls import checklist
from soc2wizard.services.planning import estimate
from soc2wizard.services.session import Session
from soc2wizard.store.repo import now

if TYPE_CHECKING:
    from soc2wizard.estimate.progress import Comparison, Side
    from soc2wizard.store.snapshots import StoredSnapshot

MAX_SNAPSHOT_NAME = 80
NO_SNAPSHOT = "none kept in this workspace yet; keep one first (soc2wizard snapshot FILE --name NAME)"


def list_snapshots(s: Session) -> list[StoredSnapshot]:
    """Every snapshot kept in the workspace, oldest first."""
    from soc2wizard.store import snapshots as store

    return store.list_snapshots(s.repo)


def snapshot_now(s: Session, *, today: dt.date | None = None) -> Side:
    """The assessment as it stands, in snapshot form, without keeping it."""
    from soc2wizard.estimate.progress import Side, snapshot_body

    rows = checklist(s)
    body = snapshot_body(estimate(s, today=today, rows=rows), rows)
    return Side(None, body["date"], body)


def take_snapshot(s: Session, name: str, *, today: dt.date | None = None) -> StoredSnapshot:
    """Keep a dated, named snapshot of statuses, owners, readiness and the estimate; names are unique."""
    from soc2wizard.store import snapshots as store

    repo = s._writable()
    name = clean_text(name, "name", MAX_SNAPSHOT_NAME)
    if store.find_snapshot(repo, name) is not None:
        raise FieldError("name", f"a snapshot called {name!r} already exists; choose another name")
    side = snapshot_now(s, today=today)
    taken_on = dt.date.fromisoformat(side.date)
    with repo.transaction():
        store.insert_snapshot(repo, name, taken_on, now(), side.body)
        r = side.body["readiness"]
        repo.log(
            "take snapshot",
            name,
            None,
            {"date": side.date, "design_percent": r["design_percent"], "controls": len(side.body["controls"])},
        )
    found = store.find_snapshot(repo, name)
    assert found is not None
    return found


def _side(snap: StoredSnapshot) -> Side:
    from soc2wizard.estimate.progress import Side

    return Side(snap.name, snap.taken_on.isoformat(), snap.body)


def snapshot_sides(s: Session) -> tuple[Side, ...]:
    """Every kept snapshot as one side of a comparison, oldest first."""
    return tuple(_side(x) for x in list_snapshots(s))


def compare_snapshots(
    s: Session, *, from_name: str | None = None, to_name: str | None = None, today: dt.date | None = None
) -> Comparison:
    """Progress between two snapshots; by default the last one kept against the workspace now.

    Without ``from_name``, the comparison starts at the snapshot kept just
    before ``to_name`` (or the last one when comparing with now). Unknown
    names, or no snapshot at all, raise FieldError and change nothing.
    """
    from soc2wizard.estimate.progress import compare

    kept = list_snapshots(s)
    if not kept:
        raise FieldError("snapshot", NO_SNAPSHOT)
    names = [k.name for k in kept]

    def find(name: str, field: str) -> int:
        if name not in names:
            shown = ", ".join(repr(n) for n in names[:10]) + (" …" if len(names) > 10 else "")
            raise FieldError(field, f"no snapshot called {name!r}; this workspace has {shown}")
        return names.index(name)

    to_at = find(to_name, "to") if to_name is not None else None
    if from_name is not None:
        from_at = find(from_name, "from")
    else:
        from_at = (to_at if to_at is not None else len(kept)) - 1
        if from_at < 0:
            raise FieldError("from", f"no snapshot was kept before {to_name!r}; name one to compare from")
    after = _side(kept[to_at]) if to_at is not None else snapshot_now(s, today=today)
    return compare(_side(kept[from_at]), after)


def comparison_json(c: Comparison) -> dict:
    """A comparison in the ``compare --json`` form."""
    from soc2wizard.estimate.progress import comparison_json as to_json

    return to_json(c)
