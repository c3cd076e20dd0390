"""The marks of a workspace file, readable without loading the migrations.

``PRAGMA application_id`` says "this is a soc2wizard workspace";
``PRAGMA user_version`` is the number of schema migrations the file has had.
Raise SCHEMA_VERSION with every migration added to ``schema.py`` (importing
``schema`` checks that the two agree).
"""

APPLICATION_ID = 0x534F4332  # "SOC2"
SCHEMA_VERSION = 9

# The tables and columns the app reads, checked when a file of the current
# format is opened: a file missing one is reported as damaged, by name,
# instead of failing later in the middle of a screen.
# (tests/core/test_store.py checks this against the migrated schema.)
REQUIRED_TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "profile": (
        "id",
        "name",
        "industry",
        "employees",
        "engineers",
        "offices",
        "data",
        "hosting",
        "enterprise",
        "government",
        "international",
        "uptime_commitment",
        "requested_report",
        "deadline",
        "practices",
        "consumers",
        "us_federal",
        "pci_level",
    ),
    "plan": ("id", "start", "report_type", "observation_months", "criteria", "auditor_tier", "weekly_hours"),
    "scope_items": (
        "id",
        "kind",
        "name",
        "description",
        "in_scope",
        "customer_data",
        "internal_only",
        "exclusion_reason",
        "method",
        "reviewed",
        "position",
    ),
    "assumption_overrides": ("key", "low", "high", "note", "updated_at", "currency", "rate"),
    "custom_controls": ("id", "body"),
    "control_states": ("control_id", "status", "owner", "due_date", "notes", "na_reason", "updated_at"),
    "evidence": (
        "id",
        "control_id",
        "kind",
        "name",
        "url",
        "sha256",
        "size",
        "content",
        "occurred_on",
        "note",
        "added_at",
    ),
    "settings": ("key", "value"),
    "activity": ("id", "at", "actor", "action", "target", "before", "after", "hash", "imported"),
    "snapshots": ("id", "name", "taken_on", "taken_at", "body"),
    "sync_dirty": ("tbl", "pk"),  # every write notes touched rows here while the file is a team replica
}
