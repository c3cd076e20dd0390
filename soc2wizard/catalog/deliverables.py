"""Read the shipped deliverable templates (``resources/deliverables``): CSOCs, CUECs, risks, policies."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from soc2wizard import assets
from soc2wizard.catalog.loader import CatalogError, load_catalog
from soc2wizard.domain.conditions import ConditionError, parse_condition
from soc2wizard.domain.deliverables import (
    TREATMENTS,
    Csoc,
    CuecTemplate,
    Library,
    PolicyTemplate,
    Provider,
    RiskTemplate,
    vague_words,
)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: field {key!r} must be non-empty text")
    return value


def _texts(raw: dict[str, Any], key: str, where: str, required: bool = True) -> tuple[str, ...]:
    value = raw.get(key, None if required else [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogError(f"{where}: field {key!r} must be a list of non-empty text")
    return tuple(value)


def _conditions(raw: dict[str, Any], where: str) -> tuple[str, ...]:
    tokens = _texts(raw, "applies_when", where, required=False)
    for token in tokens:
        try:
            parse_condition(token)
        except ConditionError as exc:
            raise CatalogError(f"{where}: applies_when {token!r} does not parse ({exc})") from None
    return tokens


def _controls(raw: dict[str, Any], where: str, known: set[str]) -> tuple[str, ...]:
    ids = _texts(raw, "controls", where)
    for cid in ids:
        if cid not in known:
            raise CatalogError(f"{where}: unknown control {cid!r}")
    return ids


def _list(doc: Any, key: str, name: str) -> list[dict[str, Any]]:
    if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
        raise CatalogError(f"deliverables/{name}.json: expected an object with a {key!r} list")
    return doc[key]


def build_library(csocs: Any, cuecs: Any, risks: Any, policies: Any, known_controls: set[str]) -> Library:
    """A Library from decoded template documents; CatalogError naming the entry and field if malformed."""
    providers = []
    for i, raw in enumerate(_list(csocs, "providers", "csocs")):
        where = f"provider {raw.get('key', f'#{i}')}"
        items = tuple(
            Csoc(_text(c, "text", f"{where} csoc #{j}"), _texts(c, "criteria", f"{where} csoc #{j}"))
            for j, c in enumerate(raw.get("csocs") or [])
        )
        if not items:
            raise CatalogError(f"{where}: lists no csocs")
        review = _text(raw, "review_control", where)
        if review not in known_controls:
            raise CatalogError(f"{where}: unknown review_control {review!r}")
        providers.append(
            Provider(
                key=_text(raw, "key", where),
                name=_text(raw, "name", where),
                match=tuple(m.lower() for m in _texts(raw, "match", where)),
                kind=_text(raw, "kind", where),
                review_control=review,
                csocs=items,
                hosting=raw.get("hosting"),
            )
        )
    cuec_list = []
    for i, raw in enumerate(_list(cuecs, "cuecs", "cuecs")):
        where = f"cuec {raw.get('key', f'#{i}')}"
        cuec_list.append(
            CuecTemplate(
                key=_text(raw, "key", where),
                text=_text(raw, "text", where),
                criteria=_texts(raw, "criteria", where),
                controls=_controls(raw, where, known_controls),
                applies_when=_conditions(raw, where),
            )
        )
    risk_list = []
    for i, raw in enumerate(_list(risks, "risks", "risks")):
        where = f"risk {raw.get('key', f'#{i}')}"
        nums = []
        for key in ("likelihood", "impact"):
            v = raw.get(key)
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5:
                raise CatalogError(f"{where}: field {key!r} must be a whole number from 1 to 5")
            nums.append(v)
        treatment = _text(raw, "treatment", where)
        if treatment not in TREATMENTS:
            raise CatalogError(f"{where}: unknown treatment {treatment!r}")
        risk_list.append(
            RiskTemplate(
                key=_text(raw, "key", where),
                title=_text(raw, "title", where),
                description=_text(raw, "description", where),
                category=_text(raw, "category", where),
                likelihood=nums[0],
                impact=nums[1],
                treatment=treatment,
                controls=_controls(raw, where, known_controls),
                applies_when=_conditions(raw, where),
            )
        )
    policy_list = []
    for i, raw in enumerate(_list(policies, "policies", "policies")):
        where = f"policy {raw.get('key', f'#{i}')}"
        p = PolicyTemplate(
            key=_text(raw, "key", where),
            title=_text(raw, "title", where),
            owner_role=_text(raw, "owner_role", where),
            controls=_controls(raw, where, known_controls),
            purpose=_text(raw, "purpose", where),
            statements=_texts(raw, "statements", where),
            applies_when=_conditions(raw, where),
        )
        for sentence in (p.purpose, *p.statements):
            found = vague_words(sentence)
            if found:
                raise CatalogError(f"{where}: vague word {found[0]!r} in {sentence[:60]!r}")
        policy_list.append(p)
    return Library(tuple(providers), tuple(cuec_list), tuple(risk_list), tuple(policy_list))


@lru_cache(maxsize=1)
def load_library() -> Library:
    """The shipped templates (cached; shared, so callers must not mutate them)."""
    known = set(load_catalog().controls)

    def doc(name: str) -> Any:
        return assets.read_json(f"deliverables/{name}.json")

    return build_library(doc("csocs"), doc("cuecs"), doc("risks"), doc("policies"), known_controls=known)
