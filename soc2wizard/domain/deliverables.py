"""What an auditor and a prospect receive, as plain data: the templates the company's
deliverables are drawn from (CSOCs, CUECs, risks, policies) and the records the
user keeps about them (section edits, risk edits, policy approvals and
acknowledgements). No I/O: ``soc2wizard.catalog.deliverables`` reads the shipped
templates, ``soc2wizard.store`` the records.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from soc2wizard.domain.answers import parse_date
from soc2wizard.domain.errors import FieldError

# Words a testable policy never uses: each hides who, what or how often.
VAGUE_WORDS: tuple[str, ...] = ("appropriate", "adequate", "proper", "as needed", "periodically", "regularly")
_VAGUE = re.compile(r"\b(" + "|".join(re.escape(w) for w in VAGUE_WORDS) + r")", re.IGNORECASE)


def vague_words(text: str) -> list[str]:
    """The vague words found in ``text`` (lower case, in order); empty when the text is specific."""
    return [m.group(1).lower() for m in _VAGUE.finditer(text)]


# --- shipped templates ----------------------------------------------------------


@dataclass(frozen=True)
class Csoc:
    """A control the company relies on a subservice organisation to run."""

    text: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Provider:
    """A cloud or SaaS provider with its complementary subservice organisation controls."""

    key: str
    name: str
    match: tuple[str, ...]  # lower-case names a scope item may carry
    kind: str  # "cloud" or "saas"
    review_control: str  # the vendor-review control that checks the CSOCs
    csocs: tuple[Csoc, ...]
    hosting: str | None = None  # the hosting answer that implies this provider

    def matches(self, name: str) -> bool:
        words = " " + re.sub(r"[^a-z0-9]+", " ", name.lower()) + " "
        return any(f" {m} " in words for m in self.match)


@dataclass(frozen=True)
class CuecTemplate:
    key: str
    text: str
    criteria: tuple[str, ...]
    controls: tuple[str, ...]
    applies_when: tuple[str, ...] = ()


@dataclass(frozen=True)
class RiskTemplate:
    key: str
    title: str
    description: str
    category: str
    likelihood: int
    impact: int
    treatment: str
    controls: tuple[str, ...]
    applies_when: tuple[str, ...] = ()


@dataclass(frozen=True)
class PolicyTemplate:
    key: str
    title: str
    owner_role: str
    controls: tuple[str, ...]
    purpose: str
    statements: tuple[str, ...]
    applies_when: tuple[str, ...] = ()


@dataclass(frozen=True)
class Library:
    """Every shipped template for the deliverables."""

    providers: tuple[Provider, ...]
    cuecs: tuple[CuecTemplate, ...]
    risks: tuple[RiskTemplate, ...]
    policies: tuple[PolicyTemplate, ...]


# --- what the user keeps --------------------------------------------------------

TREATMENTS: dict[str, str] = {
    "mitigate": "Mitigate",
    "accept": "Accept",
    "transfer": "Transfer",
    "avoid": "Avoid",
}
SCALE: dict[int, str] = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT: dict[int, str] = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
MAX_RISK_TEXT = 2_000
MAX_SECTION_TEXT = 50_000


@dataclass(frozen=True)
class Risk:
    """One risk in the register: seeded from the profile or added by the user."""

    key: str
    title: str
    description: str
    category: str
    likelihood: int
    impact: int
    treatment: str
    controls: tuple[str, ...]
    owner: str = ""
    seeded: bool = True
    edited: bool = False
    # The fields of a seeded risk the user set; the others follow the draft (the owner from the checklist).
    edited_fields: tuple[str, ...] = ()

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        return risk_level(self.score)


def risk_level(score: int) -> str:
    """High (15 and over), Medium (8–14) or Low, on the 1–25 likelihood × impact scale."""
    return "High" if score >= 15 else "Medium" if score >= 8 else "Low"


RISK_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "category",
    "likelihood",
    "impact",
    "treatment",
    "controls",
    "owner",
)


def check_risk_fields(changes: dict[str, object], known_controls: set[str] | None = None) -> dict[str, object]:
    """The one validator of a risk's fields (GUI, CLI and JSON alike): clean values, or FieldError naming the field."""
    out: dict[str, object] = {}
    for key, value in changes.items():
        if key not in RISK_FIELDS:
            raise FieldError(key, f"unknown risk field; expected one of: {', '.join(RISK_FIELDS)}")
        if key in ("likelihood", "impact"):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                raise FieldError(key, "must be a whole number from 1 to 5")
            out[key] = value
        elif key == "treatment":
            if value not in TREATMENTS:
                raise FieldError(key, f"{value!r} is not one of: {', '.join(TREATMENTS)}")
            out[key] = value
        elif key == "controls":
            if isinstance(value, str):
                value = [v for v in re.split(r"[,\s]+", value) if v]
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise FieldError(key, "must be a list of control ids")
            ids = tuple(dict.fromkeys(v.strip().upper() for v in value))
            if known_controls is not None:
                unknown = [v for v in ids if v not in known_controls]
                if unknown:
                    raise FieldError(key, f"unknown control id {unknown[0]!r}")
            out[key] = ids
        else:
            if not isinstance(value, str):
                raise FieldError(key, "must be text")
            text = " ".join(value.split())
            if key == "title" and not text:
                raise FieldError(key, "must not be empty")
            if len(text) > MAX_RISK_TEXT:
                raise FieldError(key, f"is {len(text):,} characters long; at most {MAX_RISK_TEXT:,} are allowed")
            out[key] = text
    return out


@dataclass(frozen=True)
class SectionEdit:
    """The user's text for one section of the system description, and the draft it replaced."""

    key: str
    text: str
    base: str  # the generated text when the user edited it
    updated_at: str = ""


@dataclass(frozen=True)
class Section:
    """One section of the system description as the app and the DOCX show it."""

    key: str
    title: str
    text: str
    generated: str
    edited: bool = False
    # An edited section whose generated draft has changed since the edit: the
    # user's text is kept, and the app offers the new draft beside it.
    draft_changed: bool = False


# The control whose evidence is signed policy acknowledgements: each one recorded in
# the Policies view counts as an evidence item and an occurrence of this control.
ACKNOWLEDGEMENT_CONTROL = "PPL-02"


@dataclass(frozen=True)
class PolicyVersion:
    policy_key: str
    version: int
    approver: str
    approved_on: dt.date
    next_review: dt.date
    note: str = ""
    text: str = ""  # the policy's wording when approved ("" for versions approved before it was kept)


@dataclass(frozen=True)
class Acknowledgement:
    policy_key: str
    version: int
    person: str
    acknowledged_on: dt.date


@dataclass(frozen=True)
class Policy:
    """A policy drawn from its template and the profile, with its approval history."""

    key: str
    title: str
    owner_role: str
    owner: str  # the person, from the checklist's owners, or the role
    controls: tuple[str, ...]
    purpose: str
    statements: tuple[str, ...]
    roles: tuple[tuple[str, str], ...]  # (role, person)
    versions: tuple[PolicyVersion, ...] = ()
    acknowledgements: tuple[Acknowledgement, ...] = field(default=())
    generated: str = ""  # the drafted wording (purpose and statements) the user's edit, if any, replaced
    edited: bool = False
    # An edited policy whose generated draft has changed since the edit: the
    # user's wording is kept, and the app offers the new draft beside it.
    draft_changed: bool = False

    @property
    def current(self) -> PolicyVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def wording(self) -> str:
        """The purpose and statements as the user edits them (``policy_wording``)."""
        return policy_wording(self.purpose, self.statements)

    @property
    def changed_since_approval(self) -> bool:
        """True when the wording differs from what the current version's approver approved."""
        v = self.current
        return bool(v and v.text and v.text != self.wording)

    @property
    def version_label(self) -> str:
        v = self.current
        if v is None:
            return "0.1 (draft, not approved)"
        if self.changed_since_approval:
            return f"{v.version + 1}.0 draft (changed since {v.version}.0 was approved)"
        return f"{v.version}.0"

    def text(self) -> str:
        """Every sentence of the policy, for checks and search."""
        return "\n".join((self.title, self.purpose, *self.statements))


MAX_POLICY_TEXT = 50_000
_NUMBERED = re.compile(r"^\s*(?:\d+[.)]|[-*\u2022])\s+")


def policy_wording(purpose: str, statements: tuple[str, ...] | list[str]) -> str:
    """A policy's editable text: the purpose, a blank line, then one statement per line."""
    return "\n".join([purpose, "", *statements])


def parse_policy_wording(text: str) -> tuple[str, tuple[str, ...]]:
    """Purpose (the first paragraph) and statements (each later non-empty line, list numbers dropped)."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    if "" in lines:
        cut = lines.index("")
        purpose, rest = " ".join(lines[:cut]), lines[cut + 1 :]
    else:
        purpose, rest = (lines[0] if lines else ""), lines[1:]
    statements = tuple(_NUMBERED.sub("", ln) for ln in rest if ln)
    return purpose, tuple(x for x in statements if x)


def check_policy_wording(text: object, field_name: str = "text") -> str:
    """The one validator of a policy's wording (app, CLI and JSON restore): clean text, or FieldError naming the field.

    A purpose and at least one statement are needed, and none of the vague words
    (``VAGUE_WORDS``) a testable policy never uses.
    """
    if not isinstance(text, str):
        raise FieldError(field_name, "must be text")
    if len(text) > MAX_POLICY_TEXT:
        raise FieldError(field_name, f"is {len(text):,} characters long; at most {MAX_POLICY_TEXT:,} are allowed")
    if any(ord(ch) < 32 and ch not in "\n\t\r" for ch in text):
        raise FieldError(field_name, "holds control characters; type or paste plain text")
    purpose, statements = parse_policy_wording(text)
    if not purpose:
        raise FieldError(field_name, "needs a purpose: the first paragraph says what the policy is for")
    if not statements:
        raise FieldError(
            field_name, "needs at least one statement after the purpose and a blank line, one statement per line"
        )
    vague = vague_words(text)
    if vague:
        raise FieldError(
            field_name,
            f"uses {vague[0]!r}, which an auditor cannot test; say who does what, how often and with what record",
        )
    return policy_wording(purpose, statements)


def check_record_day(value: object, field_name: str, today: dt.date) -> dt.date:
    """The one validator of an approval's or acknowledgement's date (app, CLI): a real day, not after ``today``.

    ``value`` is a date or text written YYYY-MM-DD; FieldError names ``field_name``.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        value = parse_date(value, field_name)
    if value > today:
        raise FieldError(
            field_name,
            f"{value.isoformat()} is after today ({today.isoformat()}); record an approval or acknowledgement "
            "on the day it happened",
        )
    return value


def check_in_order(day: dt.date, earliest: dt.date | None, field_name: str, what: str) -> dt.date:
    """A day that follows the record it rests on: an acknowledgement not before the version's approval, an
    approval not before the previous version's. ``what`` names that record ("Encryption 2.0 was approved")."""
    if earliest is not None and day < earliest:
        raise FieldError(field_name, f"{day.isoformat()} is before {what} ({earliest.isoformat()})")
    return day


def next_review(approved_on: dt.date) -> dt.date:
    """Twelve months after approval (28 February for a 29 February approval)."""
    try:
        return approved_on.replace(year=approved_on.year + 1)
    except ValueError:
        return approved_on.replace(year=approved_on.year + 1, day=28)


# --- gap narrative: sample sizes by frequency -----------------------------------


def sample_size(population: int) -> int:
    """How many occurrences an auditor tests from a population (figures.md sampling table).

    Five or fewer: all of them; 6–50: 5; 51–250: 10% (rounded up); more than 250: 25.
    """
    if population <= 5:
        return max(population, 0)
    if population <= 50:
        return 5
    if population <= 250:
        return -(-population // 10)
    return 25


POPULATION_PER_YEAR: dict[str, int] = {
    "daily": 365,
    "weekly": 52,
    "monthly": 12,
    "quarterly": 4,
    "semiannual": 2,
    "annual": 1,
}


def sampling_sentence(frequency: str, months: int) -> str:
    """What the auditor will test for a control of this frequency over an observation window of ``months``.

    ``months`` 0 means a Type I report: the design is inspected at one date.
    """
    if months <= 0:
        return "Type I: the auditor inspects the design and one instance at the report date."
    per_year = POPULATION_PER_YEAR.get(frequency)
    if per_year is not None:
        population = max(1, round(per_year * months / 12))
        n = sample_size(population)
        every = "all of them" if n >= population else f"a sample of {n}"
        return f"About {population} occurrence{'s' if population != 1 else ''} in a {months}-month window; the auditor tests {every}."
    if frequency == "per_event":
        return (
            "Tested per event: 5 or fewer events, all of them; 6–50, a sample of 5; 51–250, 10%; "
            "more than 250, 25. Keep a record of every event."
        )
    if frequency == "continuous":
        return "Always on: the auditor inspects the setting and samples dates across the window to see it held."
    return "Done once: the auditor inspects the record that it was done before or during the window."


# --- the deliverables' records in a workspace JSON export ---------------------------


def _iso_day(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise FieldError(path, "must be a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise FieldError(path, f"{value[:40]!r} is not a date written YYYY-MM-DD") from None


def _dump_record_day(value: object, path: str, today: dt.date) -> dt.date:
    """An approval's or acknowledgement's day in an export: YYYY-MM-DD, and not after ``today``."""
    return check_record_day(_iso_day(value, path), path, today)


def _dump_text(value: object, path: str, limit: int, empty: bool = True) -> str:
    if not isinstance(value, str) or len(value) > limit or (not empty and not value.strip()):
        raise FieldError(path, f"must be text of at most {limit:,} characters" + ("" if empty else ", not empty"))
    return value


def _dump_object(value: object, path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise FieldError(path, "must be an object")
    return value


def _dump_version(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FieldError(path, "must be a whole number of 1 or more")
    return value


def parse_deliverables_dump(
    raw: object, known_controls: set[str], sections: set[str], today: dt.date | None = None
) -> dict[str, list[dict[str, object]]]:
    """Check the ``deliverables`` part of a workspace export; FieldError names the JSON path of a bad value.

    Approval and acknowledgement days pass the app's and the command line's own check
    (``check_record_day``): a restored approval cannot be dated after today.
    """
    today = today or dt.date.today()
    if raw in (None, {}):
        return {}
    if not isinstance(raw, dict):
        raise FieldError("deliverables", "must be an object")
    allowed = ("description_edits", "risks", "policy_versions", "acknowledgements", "policy_edits")
    for key in raw:
        if key not in allowed:
            raise FieldError(f"deliverables.{key}", f"unknown field; expected one of: {', '.join(allowed)}")
    out: dict[str, list[dict[str, object]]] = {k: [] for k in allowed}
    for i, e in enumerate(raw.get("description_edits", [])):
        p = f"deliverables.description_edits[{i}]"
        if not isinstance(e, dict) or e.get("key") not in sections:
            raise FieldError(f"{p}.key", f"must be one of: {', '.join(sorted(sections))}")
        out["description_edits"].append(
            {
                "key": e["key"],
                "text": _dump_text(e.get("text"), f"{p}.text", MAX_SECTION_TEXT),
                "base": _dump_text(e.get("base", ""), f"{p}.base", MAX_SECTION_TEXT),
            }
        )
    for i, e in enumerate(raw.get("risks", [])):
        p = f"deliverables.risks[{i}]"
        if not isinstance(e, dict) or not isinstance(e.get("key"), str) or not e["key"]:
            raise FieldError(f"{p}.key", "must be non-empty text")
        body = e.get("body", {})
        if not isinstance(body, dict):
            raise FieldError(f"{p}.body", "must be an object")
        try:
            clean = check_risk_fields(dict(body), known_controls)
        except FieldError as exc:
            raise FieldError(f"{p}.body.{exc.path}", exc.message) from None
        out["risks"].append(
            {
                "key": e["key"],
                "body": {k: list(v) if isinstance(v, tuple) else v for k, v in clean.items()},
                "seeded": bool(e.get("seeded", False)),
                "removed": bool(e.get("removed", False)),
                "position": int(e.get("position", 0)) if isinstance(e.get("position", 0), int) else 0,
            }
        )
    for i, e in enumerate(raw.get("policy_versions", [])):
        p = f"deliverables.policy_versions[{i}]"
        e = _dump_object(e, p)
        out["policy_versions"].append(
            {
                "policy_key": _dump_text(e.get("policy_key"), f"{p}.policy_key", 100, empty=False),
                "version": _dump_version(e.get("version"), f"{p}.version"),
                "approver": _dump_text(e.get("approver"), f"{p}.approver", 200, empty=False),
                "approved_on": _dump_record_day(e.get("approved_on"), f"{p}.approved_on", today).isoformat(),
                "next_review": _iso_day(e.get("next_review"), f"{p}.next_review"),
                "note": _dump_text(e.get("note", ""), f"{p}.note", 500),
                "text": _dump_text(e.get("text", ""), f"{p}.text", MAX_POLICY_TEXT),
            }
        )
    for i, e in enumerate(raw.get("acknowledgements", [])):
        p = f"deliverables.acknowledgements[{i}]"
        e = _dump_object(e, p)
        out["acknowledgements"].append(
            {
                "policy_key": _dump_text(e.get("policy_key"), f"{p}.policy_key", 100, empty=False),
                "version": _dump_version(e.get("version"), f"{p}.version"),
                "person": _dump_text(e.get("person"), f"{p}.person", 200, empty=False),
                "acknowledged_on": _dump_record_day(
                    e.get("acknowledged_on"), f"{p}.acknowledged_on", today
                ).isoformat(),
            }
        )
    approved = {(v["policy_key"], v["version"]): v["approved_on"] for v in out["policy_versions"]}
    for i, a in enumerate(out["acknowledgements"]):
        on = approved.get((a["policy_key"], a["version"]))
        check_in_order(
            dt.date.fromisoformat(str(a["acknowledged_on"])),
            dt.date.fromisoformat(str(on)) if on else None,
            f"deliverables.acknowledgements[{i}].acknowledged_on",
            f"{a['policy_key']} {a['version']}.0 was approved",
        )
    for i, e in enumerate(raw.get("policy_edits", [])):
        p = f"deliverables.policy_edits[{i}]"
        e = _dump_object(e, p)
        out["policy_edits"].append(
            {
                "policy_key": _dump_text(e.get("policy_key"), f"{p}.policy_key", 100, empty=False),
                "text": check_policy_wording(e.get("text"), f"{p}.text"),
                "base": _dump_text(e.get("base", ""), f"{p}.base", MAX_POLICY_TEXT),
            }
        )
    return out
