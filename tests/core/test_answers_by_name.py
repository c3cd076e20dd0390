"""The new answers in the workspace file: read by column name, and added to older files by migration 002."""

from __future__ import annotations

import sqlite3

import pytest

from soc2wizard import services
from soc2wizard.domain.answers import AnswersError, parse_answers
from soc2wizard.store.fileformat import SCHEMA_VERSION

DOC = {
    "format": "soc2wizard-answers/1",
    "company": {"name": "Acme", "employees": 30, "engineers": 8, "pci_level": "merchant_2"},
    "data": ["personal", "payment_card"],
    "customers": {"consumers": True, "us_federal": True, "government": True, "deadline": "2027-09-30"},
    "plan": {"start": "2026-12-07", "weekly_hours": 15},
}


def test_new_answers_round_trip_through_the_file(tmp_path):
    """consumers, us_federal and pci_level are kept in the file and read back."""
    path = tmp_path / "a.soc2"
    services.create_workspace(path, parse_answers(DOC)).close()
    with services.open_workspace(path, read_only=True) as s:
        a = services.get_answers(s)
    assert (a.customers.consumers, a.customers.us_federal, a.customers.government) == (True, True, True)
    assert a.company.pci_level == "merchant_2" and a.plan.weekly_hours == 15


def test_answers_are_read_by_column_name_not_position(tmp_path):
    """A profile table whose columns sit in another order still reads every answer right."""
    path = tmp_path / "a.soc2"
    services.create_workspace(path, parse_answers(DOC)).close()
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(profile)")]
    shuffled = list(reversed(cols))
    with conn:
        conn.execute(f"CREATE TABLE p2 AS SELECT {', '.join(shuffled)} FROM profile")
        conn.execute("DROP TABLE profile")
        conn.execute("ALTER TABLE p2 RENAME TO profile")
    conn.close()
    with services.open_workspace(path, read_only=True) as s:
        a = services.get_answers(s)
    assert a.company.name == "Acme" and a.company.employees == 30 and a.company.engineers == 8
    assert a.customers.consumers and a.customers.us_federal and a.company.pci_level == "merchant_2"
    assert a.data == ("personal", "payment_card")


def test_a_file_from_before_the_new_answers_opens_with_their_defaults(tmp_path):
    """A schema-1 file (no consumers, us_federal, pci_level) is migrated on open; the answers take defaults."""
    path = tmp_path / "old.soc2"
    services.create_workspace(
        path, parse_answers({"format": "soc2wizard-answers/1", "company": {"name": "Old"}})
    ).close()
    conn = sqlite3.connect(path)
    with conn:
        for col in ("consumers", "us_federal", "pci_level"):
            conn.execute(f"ALTER TABLE profile DROP COLUMN {col}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '002_answers_customers_pci'")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with services.open_workspace(path) as s:
        a = services.get_answers(s)
        assert (a.customers.consumers, a.customers.us_federal, a.company.pci_level) == (False, False, None)
        services.update_profile(s, consumers=True)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT consumers FROM profile").fetchone()[0] == 1
    conn.close()


def test_a_deadline_before_the_start_is_refused_naming_the_deadline(tmp_path):
    """customers.deadline before plan.start: refused at the door, from a file or from the app, nothing changed."""
    bad = {**DOC, "customers": {"deadline": "2026-11-01"}}
    with pytest.raises(AnswersError) as e:
        parse_answers(bad)
    assert e.value.path == "customers.deadline" and "before the plan starts" in str(e.value)
    path = tmp_path / "a.soc2"
    with services.create_workspace(path, parse_answers(DOC)) as s:
        with pytest.raises(AnswersError) as e:
            services.update_plan(s, start="2027-12-01")
        assert e.value.path == "customers.deadline"
        assert services.get_answers(s).plan.start.isoformat() == "2026-12-07"
