"""The activity log: who changed what and when, filterable, exportable to CSV."""

from __future__ import annotations

import csv
import errno
import os

import pytest

from soc2wizard import services


def test_every_change_has_actor_time_before_and_after(workspace):
    """An edit is logged with the assessor's name once set, the time, and old and new values."""
    cid = services.checklist(workspace)[0].control.id
    services.update_settings(workspace, assessor_name="Riya Patel")
    services.update_control(workspace, cid, owner="Dana")
    entry = services.activity(workspace, limit=1)[0]
    assert entry.actor == "Riya Patel"
    assert entry.action == "update control" and entry.target == cid
    assert entry.before == {"owner": ""} and entry.after == {"owner": "Dana"}
    assert entry.at[:4].isdigit() and "T" in entry.at


def test_log_filters_by_text_actor_and_action(workspace):
    """Filtering finds entries by any text, by actor and by action."""
    cid = services.checklist(workspace)[0].control.id
    services.update_control(workspace, cid, notes="rotate the Ключ quarterly")
    services.update_settings(workspace, assessor_name="Zoë")
    services.update_control(workspace, cid, owner="Sam")
    assert [e.after for e in services.activity_entries(workspace, text="ключ")] == [
        {"notes": "rotate the Ключ quarterly"}
    ]
    assert all(e.actor == "Zoë" for e in services.activity_entries(workspace, actor="Zoë"))
    assert len(services.activity_entries(workspace, actor="Zoë")) == 2  # the setting and the edit
    assert {e.action for e in services.activity_entries(workspace, action="update control")} == {"update control"}


def test_csv_export_has_every_entry_and_defuses_formulas(workspace, tmp_path):
    """The CSV has a header and one row per entry, oldest first; formula-like cells are quoted."""
    cid = services.checklist(workspace)[0].control.id
    services.update_control(workspace, cid, owner='=HYPERLINK("http://evil")')
    out = tmp_path / "log.csv"
    n = services.activity_csv(workspace, out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["time", "actor", "action", "target", "before", "after"]
    assert len(rows) == n + 1 == len(services.activity(workspace)) + 1
    assert rows[1][2] == "create workspace"
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_csv_export_on_full_disk_keeps_old_file(workspace, tmp_path, monkeypatch):
    """A full disk during export leaves an earlier export untouched and says why."""
    out = tmp_path / "log.csv"
    out.write_text("earlier export")

    def full(_fd):  # the disk fills while the file is flushed to it
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(services.WorkspaceError, match="No space left on device"):
        services.activity_csv(workspace, out)
    monkeypatch.undo()
    assert out.read_text() == "earlier export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".log")) == []


def test_app_user_is_the_actor_over_the_workspace_assessor(workspace):
    """The name from the app's preferences is logged as the actor, else the assessor, else the OS user."""
    import getpass

    cid = services.checklist(workspace)[0].control.id
    services.update_control(workspace, cid, owner="A")
    os_user = services.activity(workspace, limit=1)[0].actor
    try:
        assert os_user == getpass.getuser()
    except Exception:  # no login name here
        pass
    services.update_settings(workspace, assessor_name="Workspace Assessor")
    services.set_actor(workspace, "Consultant  From   Preferences")
    services.update_control(workspace, cid, owner="B")
    assert services.activity(workspace, limit=1)[0].actor == "Consultant From Preferences"
    services.set_actor(workspace, "")
    services.update_control(workspace, cid, owner="C")
    assert services.activity(workspace, limit=1)[0].actor == "Workspace Assessor"
