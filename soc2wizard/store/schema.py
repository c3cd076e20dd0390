"""The workspace file's schema, as numbered migrations applied on open.

``PRAGMA user_version`` holds the number of migrations a file has had, and
``PRAGMA application_id`` marks the file as a soc2wizard workspace.
Never edit a released migration: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from soc2wizard.store.fileformat import APPLICATION_ID, SCHEMA_VERSION

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "migrations"]

migrations = Migrations("soc2wizard")


@migrations(name="001_initial")
def _initial(db: Database) -> None:
    for statement in _INITIAL.split(";\n"):
        if statement.strip():
            db.execute(statement)


_INITIAL = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    industry TEXT NOT NULL,
    employees INTEGER NOT NULL CHECK (employees >= 1),
    engineers INTEGER NOT NULL CHECK (engineers >= 0),
    offices INTEGER NOT NULL CHECK (offices >= 0),
    data TEXT NOT NULL DEFAULT '[]',
    hosting TEXT NOT NULL DEFAULT '[]',
    enterprise INTEGER NOT NULL DEFAULT 0,
    government INTEGER NOT NULL DEFAULT 0,
    international INTEGER NOT NULL DEFAULT 0,
    uptime_commitment INTEGER NOT NULL DEFAULT 0,
    requested_report TEXT,
    deadline TEXT,
    practices TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE plan (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    start TEXT,
    report_type TEXT,
    observation_months INTEGER,
    criteria TEXT,
    auditor_tier TEXT NOT NULL DEFAULT 'boutique',
    weekly_hours INTEGER NOT NULL DEFAULT 20
);
CREATE TABLE scope_items (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('system', 'vendor', 'subservice', 'location')),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    in_scope INTEGER NOT NULL DEFAULT 1,
    customer_data INTEGER NOT NULL DEFAULT 0,
    internal_only INTEGER NOT NULL DEFAULT 0,
    exclusion_reason TEXT NOT NULL DEFAULT '',
    method TEXT CHECK (method IS NULL OR method IN ('carve_out', 'inclusive')),
    reviewed INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE assumption_overrides (
    key TEXT PRIMARY KEY,
    low REAL NOT NULL,
    high REAL NOT NULL CHECK (high >= low),
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE custom_controls (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE control_states (
    control_id TEXT PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'not_started'
        CHECK (status IN ('not_started', 'in_progress', 'implemented', 'not_applicable')),
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    notes TEXT NOT NULL DEFAULT '',
    na_reason TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    control_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('file', 'link')),
    name TEXT NOT NULL,
    url TEXT,
    sha256 TEXT,
    size INTEGER,
    content BLOB,
    occurred_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL
);
CREATE INDEX evidence_control ON evidence (control_id);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value BLOB
);
CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    before TEXT,
    after TEXT
);
CREATE TRIGGER activity_append_only_update BEFORE UPDATE ON activity
BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
CREATE TRIGGER activity_append_only_delete BEFORE DELETE ON activity
BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END
"""


@migrations(name="002_answers_customers_pci")
def _answers_customers_pci(db: Database) -> None:
    """Who the customers are (consumers, US federal) and how card payments are validated.

    ``government`` keeps its column; from this version on it means state or
    local government (US federal agencies have their own answer).
    """
    db.execute("ALTER TABLE profile ADD COLUMN consumers INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE profile ADD COLUMN us_federal INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE profile ADD COLUMN pci_level TEXT")


@migrations(name="005_deliverables")
def _deliverables(db: Database) -> None:
    """The user's records about the deliverables: section edits, risks, policy approvals, acknowledgements."""
    for statement in _DELIVERABLES.split(";\n"):
        if statement.strip():
            db.execute(statement)


_DELIVERABLES = """
CREATE TABLE description_edits (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    base TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE risk_entries (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    seeded INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE TABLE policy_versions (
    policy_key TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    approver TEXT NOT NULL,
    approved_on TEXT NOT NULL,
    next_review TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (policy_key, version)
);
CREATE TABLE policy_acknowledgements (
    id INTEGER PRIMARY KEY,
    policy_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    person TEXT NOT NULL,
    acknowledged_on TEXT NOT NULL,
    UNIQUE (policy_key, version, person)
)
"""

if len(migrations._migrations) != SCHEMA_VERSION:
    raise RuntimeError("fileformat.SCHEMA_VERSION must equal the number of migrations")
