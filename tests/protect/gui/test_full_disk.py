"""In the app on a full disk: a failed edit, undo and File ▸ New each say so instead of failing silently."""

from __future__ import annotations

import sqlite3

import pytest

from soc2wizard import services
from soc2wizard.gui import dialogs


def _open(window, tmp_path):
    path = tmp_path / "full.soc2"
    services.create_workspace(path, name="Full Disk Co").close()
    assert window.open_path(path)
    return window.ctx.session


def _fill_the_disk(s) -> None:
    """No page may be added to the file any more: SQLite answers 'database or disk is full', as on a full disk."""
    pages = s.repo.db.execute("PRAGMA page_count").fetchone()[0]
    s.repo.db.execute(f"PRAGMA max_page_count = {pages}")


def test_an_edit_on_a_full_disk_shows_a_message_and_changes_nothing(window, tmp_path):
    """An edit the disk cannot hold is said in the status bar; nothing is kept or pushed on the undo stack."""
    s = _open(window, tmp_path)
    cid = services.checklist(s)[0].control.id
    _fill_the_disk(s)
    with pytest.raises(services.StorageError):
        window.ctx.perform(
            "Add a file",
            lambda: services.add_evidence_bytes(s, cid, name="big.bin", content=bytes(range(256)) * 4000),
            lambda: None,
            "evidence",
        )
    assert "could not be saved (the disk is full)" in window.statusBar().currentMessage()
    assert services.list_evidence(s, cid) == []
    assert window.ctx.undo_stack.count() == 0


def test_undo_on_a_full_disk_shows_a_message(window, tmp_path):
    """An undo that has to write more than the disk holds says so in the status bar; the app carries on."""
    s = _open(window, tmp_path)
    cid = services.checklist(s)[0].control.id
    window.ctx.perform(
        "Set owner",
        lambda: services.update_control(s, cid, owner="Dana"),
        lambda: services.add_evidence_bytes(s, cid, name="back.bin", content=bytes(range(256)) * 4000),
        "controls",
    )
    _fill_the_disk(s)
    window.ctx.undo_stack.undo()
    assert "could not be saved (the disk is full)" in window.statusBar().currentMessage()
    assert services.list_evidence(s, cid) == []


def test_file_new_on_a_full_disk_says_why_and_leaves_no_file(window, tmp_path, monkeypatch):
    """File ▸ New on a full disk shows why and leaves no file."""
    from soc2wizard.store import workspace as store

    errors: list[str] = []
    monkeypatch.setattr(dialogs, "ask_company_name", lambda parent, suggested="": "Full Co")
    monkeypatch.setattr(dialogs, "ask_new_path", lambda parent, suggested: tmp_path / "new.soc2")
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(f"{title}: {text}"))

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "new_database", full)
    window.new_workspace()
    assert errors and "Workspace not created" in errors[0] and "database or disk is full" in errors[0]
    assert list(tmp_path.iterdir()) == [] or all(p.name == "qsettings" for p in tmp_path.iterdir())
    assert window.ctx.session is None
