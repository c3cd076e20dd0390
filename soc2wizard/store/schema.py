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


@migrations(name="003_tamper_evident_log")
def _tamper_evident_log(db: Database) -> None:
    """Each activity entry gets a hash chained to the one before it (store/chain.py).

    Entries already in the file are chained as they stand: the chain proves
    nothing about what happened before this migration, only that nothing
    changed since. ``imported`` marks entries put back from a JSON export.
    """
    import json

    from soc2wizard.store.chain import GENESIS, entry_hash

    db.execute("ALTER TABLE activity ADD COLUMN hash TEXT")
    db.execute("ALTER TABLE activity ADD COLUMN imported INTEGER NOT NULL DEFAULT 0")
    db.execute("DROP TRIGGER IF EXISTS activity_append_only_update")
    prev = GENESIS
    rows = db.execute(
        "SELECT id, at, actor, action, target, before, after, imported FROM activity ORDER BY id"
    ).fetchall()
    for r in rows:
        prev = entry_hash(prev, *r)
        db.execute("UPDATE activity SET hash = ? WHERE id = ?", [prev, r[0]])
    if rows:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('log_head', ?)", [json.dumps([rows[-1][0], prev])])
    db.execute(
        "CREATE TRIGGER activity_append_only_update BEFORE UPDATE ON activity "
        "BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END"
    )


@migrations(name="004_snapshots")
def _snapshots(db: Database) -> None:
    """Named, dated snapshots of the assessment (``soc2wizard snapshot``), kept to show progress."""
    db.execute(
        """
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            taken_on TEXT NOT NULL,
            taken_at TEXT NOT NULL,
            body TEXT NOT NULL
        )
        """
    )


@migrations(name="005_team_replica")
def _team_replica(db: Database) -> None:
    """Sync state for team replicas (soc2wizard/team): nothing is recorded until a workspace is published or cloned.

    Triggers note which rows every write touched (``sync_dirty``) while the
    file is a replica (``sync_state`` has its row); at the end of each
    transaction ``Repo`` hands them to soc2wizard.team, which turns them into
    per-field changes with a hybrid logical clock (``sync_pending``).
    """
    for statement in _TEAM_REPLICA.split(";\n"):
        if statement.strip():
            db.execute(statement)
    _note_touched_rows(db, _SYNCED_TABLES)


def _note_touched_rows(db: Database, tables: tuple[tuple[str, str], ...]) -> None:
    """Triggers that note each row a write touches in ``sync_dirty``, while the file is a team replica."""
    when = "WHEN EXISTS (SELECT 1 FROM sync_state)"
    # Not "INSERT OR IGNORE": an outer statement's conflict clause (an upsert's) would override it.
    note = (
        "INSERT INTO sync_dirty (tbl, pk) SELECT '{t}', {row}.{k} WHERE NOT EXISTS "
        "(SELECT 1 FROM sync_dirty WHERE tbl = '{t}' AND pk = {row}.{k})"
    )
    for table, key in tables:
        db.execute(
            f"CREATE TRIGGER sync_{table}_insert AFTER INSERT ON {table} {when} "
            f"BEGIN {note.format(t=table, row='NEW', k=key)}; END"
        )
        db.execute(
            f"CREATE TRIGGER sync_{table}_update AFTER UPDATE ON {table} {when} "
            f"BEGIN {note.format(t=table, row='NEW', k=key)}; {note.format(t=table, row='OLD', k=key)}; END"
        )
        db.execute(
            f"CREATE TRIGGER sync_{table}_delete AFTER DELETE ON {table} {when} "
            f"BEGIN {note.format(t=table, row='OLD', k=key)}; END"
        )


_SYNCED_TABLES = (
    ("profile", "id"),
    ("plan", "id"),
    ("scope_items", "id"),
    ("assumption_overrides", "key"),
    ("custom_controls", "id"),
    ("control_states", "control_id"),
    ("evidence", "id"),
    ("settings", "key"),
)

_TEAM_REPLICA = """
CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    replica_id TEXT NOT NULL,
    replica_name TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    server_url TEXT NOT NULL,
    clock INTEGER NOT NULL DEFAULT 0,
    pulled_seq INTEGER NOT NULL DEFAULT 0,
    pulled_activity_seq INTEGER NOT NULL DEFAULT 0,
    pushed_activity_id INTEGER NOT NULL DEFAULT 0,
    last_sync TEXT,
    last_error TEXT
);
CREATE TABLE sync_dirty (
    tbl TEXT NOT NULL,
    pk NOT NULL,
    PRIMARY KEY (tbl, pk)
) WITHOUT ROWID;
CREATE TABLE sync_rowkeys (
    tbl TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    uid TEXT NOT NULL,
    PRIMARY KEY (tbl, local_id),
    UNIQUE (tbl, uid)
);
CREATE TABLE sync_fields (
    tbl TEXT NOT NULL,
    rowkey TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    hlc INTEGER NOT NULL,
    replica TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tbl, rowkey, field)
) WITHOUT ROWID;
CREATE TABLE sync_pending (
    seq INTEGER PRIMARY KEY,
    change_id TEXT NOT NULL UNIQUE,
    tbl TEXT NOT NULL,
    rowkey TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    hlc INTEGER NOT NULL,
    replica TEXT NOT NULL,
    base_hlc INTEGER NOT NULL,
    base_replica TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    tbl TEXT NOT NULL,
    rowkey TEXT NOT NULL,
    field TEXT NOT NULL,
    label TEXT NOT NULL,
    kept_value TEXT,
    kept_actor TEXT NOT NULL,
    kept_replica TEXT NOT NULL,
    lost_value TEXT,
    lost_actor TEXT NOT NULL,
    lost_replica TEXT NOT NULL,
    lost_here INTEGER NOT NULL,
    resolved TEXT
);
CREATE TABLE sync_activity (
    activity_id INTEGER PRIMARY KEY,
    replica TEXT NOT NULL,
    remote_id INTEGER NOT NULL,
    UNIQUE (replica, remote_id)
)
"""


@migrations(name="006_deliverables")
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


@migrations(name="007_policy_text")
def _policy_text(db: Database) -> None:
    """The user's wording of a policy (kept over the generated draft) and the text each approved version had."""
    db.execute(
        """CREATE TABLE policy_edits (
    policy_key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    base TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
)"""
    )
    db.execute("ALTER TABLE policy_versions ADD COLUMN text TEXT NOT NULL DEFAULT ''")


@migrations(name="008_team_sync_more")
def _team_sync_more(db: Database) -> None:
    """Team replicas also sync the snapshots and the deliverables' records (tables added after 005).

    The same triggers as 005's. Tables whose key is not one text or integer
    column (a policy version, an acknowledgement, a snapshot) note their
    rowid; soc2wizard.team keys such rows by their natural key (policy and
    version; policy, version and person; the snapshot's name), so the same
    record made on two replicas merges into one row instead of colliding.
    """
    _note_touched_rows(db, _SYNCED_TABLES_008)
    # A replica made before this version already holds these rows: publish them at its next sync.
    if db.execute("SELECT 1 FROM sync_state").fetchone():
        for table, key in _SYNCED_TABLES_008:
            db.execute(f"INSERT OR IGNORE INTO sync_dirty (tbl, pk) SELECT '{table}', {key} FROM {table}")


_SYNCED_TABLES_008 = (
    ("snapshots", "id"),
    ("description_edits", "key"),
    ("policy_edits", "policy_key"),
    ("risk_entries", "key"),
    ("policy_versions", "rowid"),
    ("policy_acknowledgements", "id"),
)


@migrations(name="009_quote_currency")
def _quote_currency(db: Database) -> None:
    """A quote keeps the currency it was typed in, and the rate from US dollars in force then.

    Quotes already in a file were typed as US dollars: they take "USD" at 1,
    so they read exactly as before.
    """
    db.execute("ALTER TABLE assumption_overrides ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD'")
    db.execute("ALTER TABLE assumption_overrides ADD COLUMN rate REAL NOT NULL DEFAULT 1.0 CHECK (rate > 0)")


if len(migrations._migrations) != SCHEMA_VERSION:
    raise RuntimeError("fileformat.SCHEMA_VERSION must equal the number of migrations")
