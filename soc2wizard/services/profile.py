"""The company profile, the plan choices and the workspace settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from soc2wizard.domain import vocab
from soc2wizard.domain.answers import (
    Answers,
    answers_to_json,
    parse_answers,
)
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.practices import implied_controls, partly_implied, why
from soc2wizard.domain.records import (
    DISPLAY_FIELDS,
    SETTINGS_FIELDS,
    ControlState,
    WorkspaceSettings,
)
from soc2wizard.services._common import MAX_SHORT, clean_text
from soc2wizard.services.session import Session
from soc2wizard.store.repo import Repo, now

# --- answers: profile and plan choices ----------------------------------------------

# Service keyword → (section, key) in the soc2wizard-answers/1 document.
PROFILE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("company", "name"),
    "industry": ("company", "industry"),
    "employees": ("company", "employees"),
    "engineers": ("company", "engineers"),
    "offices": ("company", "offices"),
    "pci_level": ("company", "pci_level"),
    "data": ("data",),
    "hosting": ("hosting",),
    "enterprise": ("customers", "enterprise"),
    "consumers": ("customers", "consumers"),
    "government": ("customers", "government"),
    "us_federal": ("customers", "us_federal"),
    "international": ("customers", "international"),
    "uptime_commitment": ("customers", "uptime_commitment"),
    "requested_report": ("customers", "requested_report"),
    "deadline": ("customers", "deadline"),
    "practices": ("practices",),
}
PLAN_FIELDS: dict[str, tuple[str, ...]] = {
    "start": ("plan", "start"),
    "report_type": ("plan", "report_type"),
    "observation_months": ("plan", "observation_months"),
    "criteria": ("plan", "criteria"),
    "auditor_tier": ("plan", "auditor_tier"),
    "weekly_hours": ("plan", "weekly_hours"),
}


def get_answers(s: Session) -> Answers:
    return s.repo.answers()


def _apply_changes(current: Answers, fields: dict[str, tuple[str, ...]], changes: dict[str, Any]) -> Answers:
    doc = answers_to_json(current)
    for key, value in changes.items():
        if key not in fields:
            raise FieldError(key, f"unknown field; expected one of: {', '.join(fields)}")
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()[:10]
        elif key == "practices":
            value = {p: p in set(value) for p in vocab.PRACTICES} if not isinstance(value, dict) else value
        elif isinstance(value, (tuple, set, frozenset)):
            value = list(value)
        node = doc
        *parents, leaf = fields[key]
        for part in parents:
            node = node[part]
        node[leaf] = value
    return parse_answers(doc)


def update_profile(s: Session, **changes: Any) -> Answers:
    """Change company profile answers (``employees=40``, ``data=[...]``); returns all answers."""
    repo = s._writable()
    before = repo.answers()
    after = _apply_changes(before, PROFILE_FIELDS, changes)
    _save_answers(repo, "update profile", before, after, changes)
    return after


def update_plan(s: Session, **changes: Any) -> Answers:
    """Change plan choices (report type, window, criteria, start, tier, weekly hours)."""
    repo = s._writable()
    before = repo.answers()
    after = _apply_changes(before, PLAN_FIELDS, changes)
    _save_answers(repo, "update plan", before, after, changes)
    return after


def replace_answers(s: Session, answers: Answers) -> Answers:
    """Put back a whole set of answers (undo of a page of edits)."""
    repo = s._writable()
    before = repo.answers()
    _save_answers(repo, "restore answers", before, answers, {"answers": "all"})
    return answers


def _save_answers(repo: Repo, action: str, before: Answers, after: Answers, changes: dict[str, Any]) -> None:
    if before == after:
        return
    old, new = answers_to_json(before), answers_to_json(after)
    diff_before = {k: v for k, v in _flat(old).items() if _flat(new).get(k) != v}
    diff_after = {k: v for k, v in _flat(new).items() if _flat(old).get(k) != v}
    with repo.transaction():
        repo.write_answers(after)
        repo.log(action, ", ".join(sorted(diff_after)) or ", ".join(changes), diff_before, diff_after)
        mark_practices(repo, after, before.practices)


def _flat(doc: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in doc.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def mark_practices(repo: Repo, answers: Answers, before: frozenset[str]) -> None:
    """A practice newly declared in place marks the untouched controls it covers implemented.

    What a practice covers is ``soc2wizard.domain.practices``: the controls
    tagged with it and the related ones it really implies; the controls it
    covers only in part start in progress, with a note saying what is left.
    """
    from soc2wizard.catalog import load_catalog  # here: opening a workspace needs no catalog

    added = answers.practices - before
    if not added:
        return
    states = repo.control_states()
    tagged = [(c.id, c.practice) for c in load_catalog().controls.values()]
    for control_id, practice in implied_controls(added, tagged).items():
        if control_id not in states:
            state = ControlState(control_id, status="implemented", updated_at=now())
            repo.write_control_state(state)
            repo.log(
                "mark implemented from profile",
                control_id,
                {"status": "not_started"},
                {"status": "implemented", "practice": practice},
            )
    for control_id, practice in partly_implied(added, tagged).items():
        if control_id not in states:
            note = f"Partly in place ({vocab.PRACTICES[practice]}): {why(practice, control_id)}."
            state = ControlState(control_id, status="in_progress", notes=note, updated_at=now())
            repo.write_control_state(state)
            repo.log(
                "mark in progress from profile",
                control_id,
                {"status": "not_started"},
                {"status": "in_progress", "practice": practice},
            )


# --- settings ----------------------------------------------------------------------


def get_settings(s: Session) -> WorkspaceSettings:
    return s.repo.settings()


def update_settings(s: Session, **changes: Any) -> WorkspaceSettings:
    """Change who the plan is prepared for / by, the consultant firm, the assessor.

    Also how the plan is shown: ``paper`` ("a4", "letter", or "" for the
    locale's), ``currency`` with ``exchange_rate`` (how many units one US
    dollar buys) and ``exchange_rate_source`` (where that rate came from).
    """
    from soc2wizard.services.display import apply_display_settings

    repo = s._writable()
    before = repo.settings()
    clean: dict[str, str] = {}
    for key, value in changes.items():
        if key in DISPLAY_FIELDS:
            continue
        if key not in SETTINGS_FIELDS:
            known = [*SETTINGS_FIELDS, *DISPLAY_FIELDS]
            raise FieldError(key, f"unknown setting; expected one of: {', '.join(known)}")
        clean[key] = clean_text(value, key, MAX_SHORT, required=False)
    clean.update(apply_display_settings(before, {k: v for k, v in changes.items() if k in DISPLAY_FIELDS}))
    with repo.transaction():
        for key, value in clean.items():
            repo.set_setting(key, value)
        repo.log("update settings", ", ".join(clean), {k: getattr(before, k) for k in clean}, clean)
    return repo.settings()


MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_SIDE = 4_000


def check_logo(image: Any, field: str = "firm_logo") -> bytes:
    """The one check of a logo, from any way in: a PNG or JPEG that decodes in full,
    at most 4,000 × 4,000 pixels and 5 MB (the PDF draws it on every export)."""
    if not isinstance(image, (bytes, bytearray)):
        raise FieldError(field, "must be the bytes of a PNG or JPEG image")
    image = bytes(image)
    if not (image.startswith(b"\x89PNG\r\n\x1a\n") or image.startswith(b"\xff\xd8\xff")):
        raise FieldError(field, "must be a PNG or JPEG image")
    if len(image) > MAX_LOGO_BYTES:
        raise FieldError(field, f"is {len(image) / 1048576:,.1f} MB; a logo may be at most 5 MB")
    import io
    import warnings

    declared = _declared_size(image)  # from the header, before anything is decoded
    if declared is not None and max(declared) > MAX_LOGO_SIDE:
        raise FieldError(
            field,
            f"is {declared[0]:,} × {declared[1]:,} pixels; a logo may be at most {MAX_LOGO_SIDE:,} × {MAX_LOGO_SIDE:,}",
        )
    from PIL import Image  # installed with reportlab; loaded only when a logo is set

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(image)) as img:
                width, height = img.size
                if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
                    raise FieldError(
                        field,
                        f"is {width:,} × {height:,} pixels; a logo may be at most "
                        f"{MAX_LOGO_SIDE:,} × {MAX_LOGO_SIDE:,}",
                    )
                if img.format not in ("PNG", "JPEG"):
                    raise FieldError(field, "must be a PNG or JPEG image")
                img.load()  # decodes every pixel: a truncated or corrupt file fails here
    except FieldError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FieldError(field, f"is not a readable PNG or JPEG image ({detail[:80]})") from None
    return image


def _declared_size(data: bytes) -> tuple[int, int] | None:
    """Width and height as a PNG's IHDR or a JPEG's frame header declares them (None if not found)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    i = 2
    while i + 9 < len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(data[i + 5 : i + 7], "big")
        i += 2 + length
    return None


def set_firm_logo(s: Session, image: bytes | None) -> WorkspaceSettings:
    """Keep the consultant firm's logo (PNG or JPEG bytes) in the workspace, or remove it."""
    repo = s._writable()
    if image is not None:
        image = check_logo(image)
    with repo.transaction():
        repo.set_setting("firm_logo", image)
        repo.log(
            "set firm logo" if image else "remove firm logo", "firm_logo", None, {"size": len(image)} if image else None
        )
    return repo.settings()


def firm_logo(s: Session) -> bytes | None:
    value = s.repo.setting("firm_logo")
    return bytes(value) if value is not None else None
