"""Systems, vendors, subservice organisations and locations in (or out of) scope."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from soc2wizard.domain import vocab
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.records import (
    ScopeItem,
)
from soc2wizard.services._common import MAX_SHORT, MAX_TEXT, clean_text
from soc2wizard.services.session import Session

# --- scope -------------------------------------------------------------------------

_SCOPE_EDITABLE = (
    "name",
    "description",
    "in_scope",
    "customer_data",
    "internal_only",
    "exclusion_reason",
    "method",
    "reviewed",
)


def list_scope(s: Session) -> list[ScopeItem]:
    return s.repo.scope()


def check_scope_item(item: ScopeItem) -> ScopeItem:
    if item.kind not in vocab.SCOPE_KINDS:
        raise FieldError("kind", f"{item.kind!r} is not one of: {', '.join(vocab.SCOPE_KINDS)}")
    if item.method is not None and item.method not in vocab.SUBSERVICE_METHODS:
        raise FieldError("method", f"{item.method!r} is not one of: {', '.join(vocab.SUBSERVICE_METHODS)}")
    item = replace(
        item,
        name=clean_text(item.name, "name", MAX_SHORT),
        description=clean_text(item.description, "description", MAX_TEXT, required=False, multiline=True),
        exclusion_reason=clean_text(
            item.exclusion_reason, "exclusion_reason", MAX_TEXT, required=False, multiline=True
        ),
    )
    if item.kind == "subservice" and item.method is None:
        item = replace(item, method="carve_out")
    return item


def add_scope_item(s: Session, kind: str, name: str, **fields: Any) -> ScopeItem:
    """Add a system, vendor, subservice organisation or location."""
    repo = s._writable()
    unknown = set(fields) - set(_SCOPE_EDITABLE)
    if unknown:
        raise FieldError(sorted(unknown)[0], f"unknown field; expected one of: {', '.join(_SCOPE_EDITABLE)}")
    item = check_scope_item(ScopeItem(id=0, kind=kind, name=name, position=repo.next_scope_position(), **fields))
    with repo.transaction():
        item = replace(item, id=repo.write_scope_item(item))
        repo.log(f"add {kind}", item.name, None, _scope_dict(item))
    return item


def update_scope_item(s: Session, item_id: int, **changes: Any) -> ScopeItem:
    repo = s._writable()
    before = repo.scope_item(item_id)
    if before is None:
        raise FieldError("scope", f"no scope item with id {item_id}")
    unknown = set(changes) - set(_SCOPE_EDITABLE)
    if unknown:
        raise FieldError(sorted(unknown)[0], f"unknown field; expected one of: {', '.join(_SCOPE_EDITABLE)}")
    after = check_scope_item(replace(before, **changes))
    with repo.transaction():
        repo.write_scope_item(after)
        repo.log(
            f"update {after.kind}",
            after.name,
            {k: getattr(before, k) for k in changes},
            {k: getattr(after, k) for k in changes},
        )
    return after


def remove_scope_item(s: Session, item_id: int) -> ScopeItem:
    """Remove a scope item; returns it so that undo can put it back."""
    repo = s._writable()
    item = repo.scope_item(item_id)
    if item is None:
        raise FieldError("scope", f"no scope item with id {item_id}")
    with repo.transaction():
        repo.delete_scope_item(item_id)
        repo.log(f"remove {item.kind}", item.name, _scope_dict(item), None)
    return item


def restore_scope_item(s: Session, item: ScopeItem) -> ScopeItem:
    repo = s._writable()
    with repo.transaction():
        repo.write_scope_item(item)
        repo.log(f"restore {item.kind}", item.name, None, _scope_dict(item))
    return item


def _scope_dict(item: ScopeItem) -> dict[str, Any]:
    return {k: getattr(item, k) for k in ("kind", *_SCOPE_EDITABLE)}
