"""Read the shipped catalog JSON into ``soc2wizard.domain.catalog`` objects.

Names map to files under ``resources/catalog``: the criteria set ``tsc2017`` is
``criteria-tsc2017.json`` and the control library ``small-team`` is
``controls-small-team.json``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from soc2wizard import assets
from soc2wizard.domain import vocab
from soc2wizard.domain.catalog import CONTROL_CATEGORIES, PRIORITIES, Catalog, Control, Criterion
from soc2wizard.domain.conditions import ConditionError, parse_condition

FRAMEWORKS: tuple[str, ...] = vocab.CROSSWALK

_CONTROL_ID = re.compile(r"^[A-Z]{2,4}-\d{2}$")
_CRITERION_ID = re.compile(r"^(CC|A|PI|C|P)\d\.\d$")


class CatalogError(LookupError):
    """An unknown catalog name, or a shipped catalog file that does not parse."""


def known_names(kind: str) -> list[str]:
    """The catalog names of one kind (``"criteria"`` or ``"controls"``) that ship."""
    prefix, suffix = f"{kind}-", ".json"
    return [
        n[len(prefix) : -len(suffix)] for n in assets.names("catalog") if n.startswith(prefix) and n.endswith(suffix)
    ]


def _read(kind: str, name: str) -> Any:
    if name not in known_names(kind):
        known = ", ".join(known_names(kind)) or "none"
        raise CatalogError(f"no {kind} catalog named {name!r}; known: {known}")
    return assets.read_json(f"catalog/{kind}-{name}.json")


# --- field readers: each error names the entry and the field ----------------


def _field(raw: dict[str, Any], key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    if key not in raw:
        raise CatalogError(f"{where}: field {key!r} is missing")
    value = raw[key]
    # bool is an int in Python; never accept one where a number is meant.
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise CatalogError(f"{where}: field {key!r} must be {_kind_name(kind)}")
    if not isinstance(value, kind):
        raise CatalogError(f"{where}: field {key!r} must be {_kind_name(kind)}")
    if isinstance(value, str) and not value.strip():
        raise CatalogError(f"{where}: field {key!r} must not be empty")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "an object"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _texts(raw: dict[str, Any], key: str, where: str, default: list[str] | None = None) -> tuple[str, ...]:
    if key not in raw and default is not None:
        return tuple(default)
    items = _field(raw, key, where, list)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise CatalogError(f"{where}: field {key!r} item {i} must be non-empty text")
    return tuple(items)


def _criterion(raw: Any, index: int) -> Criterion:
    if not isinstance(raw, dict):
        raise CatalogError(f"criterion #{index}: must be an object")
    where = f"criterion {raw.get('id', f'#{index}')!s}"
    return Criterion(
        id=_field(raw, "id", where, str),
        category=_field(raw, "category", where, str),
        group=_field(raw, "group", where, str),
        title=_field(raw, "title", where, str),
        summary=_field(raw, "summary", where, str),
    )


def _control(raw: Any, index: int) -> Control:
    if not isinstance(raw, dict):
        raise CatalogError(f"control #{index}: must be an object")
    where = f"control {raw.get('id', f'#{index}')!s}"
    practice = raw.get("practice")
    if practice is not None and not isinstance(practice, str):
        raise CatalogError(f"{where}: field 'practice' must be text")
    frameworks_raw = raw.get("frameworks", {})
    if not isinstance(frameworks_raw, dict):
        raise CatalogError(f"{where}: field 'frameworks' must be an object")
    frameworks = {str(key): _texts(frameworks_raw, key, f"{where} frameworks") for key in frameworks_raw}
    return Control(
        id=_field(raw, "id", where, str),
        title=_field(raw, "title", where, str),
        category=_field(raw, "category", where, str),
        description=_field(raw, "description", where, str),
        implementation=_field(raw, "implementation", where, str),
        evidence=_texts(raw, "evidence", where),
        frequency=_field(raw, "frequency", where, str),
        owner_role=_field(raw, "owner_role", where, str),
        effort_hours=_field(raw, "effort_hours", where, int),
        priority=_field(raw, "priority", where, int),
        policy=bool(_field(raw, "policy", where, bool)) if "policy" in raw else False,
        practice=practice,
        applies_when=_texts(raw, "applies_when", where, default=[]),
        criteria=_texts(raw, "criteria", where),
        frameworks=frameworks,
    )


def _entries(doc: Any, key: str, kind: str, name: str) -> list[Any]:
    if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
        raise CatalogError(f"{kind} catalog {name!r}: expected an object with a {key!r} list")
    return doc[key]


def build_catalog(criteria_doc: Any, controls_doc: Any) -> Catalog:
    """A Catalog from decoded criteria and controls documents; CatalogError if malformed."""
    criteria = [_criterion(raw, i) for i, raw in enumerate(_entries(criteria_doc, "criteria", "criteria", "?"))]
    controls = [_control(raw, i) for i, raw in enumerate(_entries(controls_doc, "controls", "controls", "?"))]
    # Duplicates would silently collapse in the dicts, so refuse them here.
    for label, items in (("criterion", criteria), ("control", controls)):
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise CatalogError(f"{label} {item.id}: field 'id' is used more than once")
            seen.add(item.id)
    return Catalog(
        name=str(controls_doc.get("name", "")),
        version=str(controls_doc.get("version", "")),
        criteria={c.id: c for c in criteria},
        controls={c.id: c for c in controls},
    )


def load_catalog(criteria_name: str = "tsc2017", controls_name: str = "small-team") -> Catalog:
    """The shipped catalog: criteria set ``criteria_name`` with control library ``controls_name``.

    Cached; the returned Catalog is shared, so callers must not mutate it.
    """
    return _load(criteria_name, controls_name)


# Cached on positional names so load_catalog() and load_catalog("tsc2017") share one entry.
@lru_cache(maxsize=None)
def _load(criteria_name: str, controls_name: str) -> Catalog:
    criteria_doc = _read("criteria", criteria_name)
    controls_doc = _read("controls", controls_name)
    try:
        return build_catalog(criteria_doc, controls_doc)
    except CatalogError as exc:
        raise CatalogError(f"catalog {criteria_name}/{controls_name}: {exc}") from None


def validate(catalog: Catalog) -> list[str]:
    """Problems in a catalog, one sentence each; an empty list when it is sound."""
    problems: list[str] = []
    for key, criterion in catalog.criteria.items():
        if key != criterion.id:
            problems.append(f"criterion {criterion.id}: stored under a different id {key!r}")
        if not _CRITERION_ID.match(criterion.id):
            problems.append(f"criterion {criterion.id}: id is not a Trust Services Criteria id")
            continue
        expected = vocab.criterion_category(criterion.id)
        if criterion.category != expected:
            problems.append(f"criterion {criterion.id}: category {criterion.category!r} should be {expected!r}")

    covered: set[str] = set()
    for key, control in catalog.controls.items():
        where = f"control {control.id}"
        if key != control.id:
            problems.append(f"{where}: stored under a different id {key!r}")
        if not _CONTROL_ID.match(control.id):
            problems.append(f"{where}: id should be 2-4 capital letters, a dash and two digits")
        if control.category not in CONTROL_CATEGORIES:
            problems.append(f"{where}: unknown category {control.category!r}")
        if control.frequency not in vocab.FREQUENCIES:
            problems.append(f"{where}: unknown frequency {control.frequency!r}")
        if control.priority not in PRIORITIES:
            problems.append(f"{where}: priority {control.priority!r} is not 1, 2 or 3")
        if not 1 <= control.effort_hours <= 200:
            problems.append(f"{where}: effort_hours {control.effort_hours} is out of range")
        if control.practice is not None and control.practice not in vocab.PRACTICES:
            problems.append(f"{where}: unknown practice {control.practice!r}")
        if control.policy and control.category != "policy":
            problems.append(f"{where}: a policy control must have category 'policy'")
        if not control.evidence:
            problems.append(f"{where}: lists no evidence")
        if not control.criteria:
            problems.append(f"{where}: maps to no criteria")
        for token in control.applies_when:
            try:
                parse_condition(token)
            except ConditionError as exc:
                problems.append(f"{where}: applies_when {token!r} does not parse ({exc})")
        for cid in control.criteria:
            if cid not in catalog.criteria:
                problems.append(f"{where}: unknown criterion {cid!r}")
            covered.add(cid)
        for framework in control.frameworks:
            if framework not in FRAMEWORKS:
                problems.append(f"{where}: unknown framework {framework!r}")

    ids = [c.id for c in catalog.controls.values()]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"control {dup}: id is used more than once")
    for cid in catalog.criteria:
        if cid not in covered:
            problems.append(f"criterion {cid}: no control covers it")
    return problems
