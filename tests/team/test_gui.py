"""The Team menu, the status indicator, background sync and the Conflicts view, offscreen, on a real server."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from soc2wizard import services  # noqa: E402
from tests.gui.conftest import _no_modal, _settings, window  # noqa: E402,F401
from tests.team.helpers import Team, first_controls  # noqa: E402


@pytest.fixture
def bob_window(window, team_db, tmp_path: Path):  # noqa: ANN001, F811
    win = window
    team = Team(team_db, tmp_path, people=("bob",))
    path = team["bob"].path
    team["bob"].close()
    assert win.open_path(path)
    assert win.team.indicator.text() == ""  # a shared workspace's status waits for the first paint
    win.ctx.settle()  # as the first paint does
    yield win, team
    win.ctx.close()
    team["alice"].close()


def _sync(qtbot, win, **kwargs) -> None:  # noqa: ANN001
    # A background sync already under way was prepared before the test's own change: let it end first.
    qtbot.waitUntil(lambda: not win.team.busy, timeout=15000)
    win.team.sync_in_background(**kwargs)
    qtbot.waitUntil(lambda: not win.team.busy, timeout=15000)


def test_the_team_menu_and_status_follow_the_open_workspace(bob_window, qtbot) -> None:  # noqa: ANN001
    win, _team = bob_window
    t = win.team
    t.update_actions()
    assert [a.text() for a in t.menu.actions() if a.text()] == [
        "&Publish to a Team Server…",
        "&Join a Team Workspace…",
        "&Sync Now",
        "&Members…",
        "&Conflicts…",
    ]
    assert not t.publish_action.isEnabled() and t.sync_action.isEnabled() and t.conflicts_action.isEnabled()
    assert t.timer.isActive()  # background sync while a shared workspace is open
    _sync(qtbot, win)
    assert t.indicator.text().startswith("Team: synced ")
    assert "Server: " in t.indicator.toolTip()
    win.ctx.close()
    t.update_actions()
    assert not t.sync_action.isEnabled() and not t.timer.isActive() and not t.indicator.isVisible()


def test_background_sync_brings_a_teammates_edit_into_the_open_window(bob_window, qtbot) -> None:  # noqa: ANN001
    win, team = bob_window
    (x,) = first_controls(team["alice"], 1)
    services.update_control(team["alice"], x, owner="Alice from afar")
    services.sync_workspace(team["alice"])
    seen: list[str] = []
    win.ctx.changed.connect(seen.append)
    _sync(qtbot, win)
    assert services.control_state(win.ctx.s, x).owner == "Alice from afar"
    assert "controls" in seen  # the pages refresh
    assert win.statusBar().currentMessage().startswith("Synced: sent ")


def test_a_conflict_shows_both_values_and_one_click_takes_the_lost_one(bob_window, qtbot) -> None:  # noqa: ANN001
    win, team = bob_window
    (x,) = first_controls(team["alice"], 1)
    services.update_control(team["alice"], x, owner="Alice")
    services.sync_workspace(team["alice"])
    services.update_control(win.ctx.s, x, owner="Bob")
    _sync(qtbot, win, report=True)  # Sync Now: the Conflicts view opens by itself
    dlg = win.team.conflicts_dialog
    assert dlg.isVisible() and dlg.table.rowCount() == 1
    texts = [dlg.table.item(0, c).text() for c in range(3)]
    assert texts[0] == f"control {x} · owner"
    kept = services.control_state(win.ctx.s, x).owner
    lost = ({"Alice", "Bob"} - {kept}).pop()
    assert texts[1].startswith(f"{kept} — ") and texts[2].startswith(f"{lost} — ")
    assert win.team.indicator.text() == "Team: 1 conflict"
    dlg.table.cellWidget(0, 3).click()  # Take Lost Value
    assert services.control_state(win.ctx.s, x).owner == lost
    assert dlg.table.isHidden() and dlg.empty.isVisible()
    dlg.close()
    _sync(qtbot, win)
    services.sync_workspace(team["alice"])
    assert services.control_state(team["alice"], x).owner == lost


def test_offline_the_status_says_so_and_the_edit_waits(bob_window, qtbot) -> None:  # noqa: ANN001
    win, _team = bob_window
    s = win.ctx.s
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s.repo.db.execute("UPDATE sync_state SET server_url = ?", [f"postgresql://bob@127.0.0.1:{port}/team"])
    s.repo.db.conn.commit()
    x = first_controls(s, 1)[0]
    services.update_control(s, x, notes="written on the train")
    _sync(qtbot, win)  # in the background: no dialog, a status
    assert win.team.indicator.text() == "Team: offline — edits kept"
    assert "cannot reach the team server" in win.team.indicator.toolTip()
    assert services.team_status(s).pending > 0
    assert services.control_state(s, x).notes == "written on the train"


def test_publish_and_join_from_the_team_menu(window, team_db, tmp_path: Path, monkeypatch, qtbot) -> None:  # noqa: ANN001, F811
    from soc2wizard.gui import dialogs, team_dialogs

    win = window
    path = tmp_path / "acme.soc2"
    services.create_workspace(path, name="Acme").close()
    assert win.open_path(path)
    win.team.update_actions()
    assert win.team.publish_action.isEnabled() and not win.team.sync_action.isEnabled()

    def fill(url: str, password: str = "") -> object:
        def exec_(dlg) -> bool:  # noqa: ANN001
            dlg.url.setText(url)
            dlg.password.setText(password)
            if isinstance(dlg, team_dialogs.JoinDialog):
                dlg.find_workspaces()  # on a pool thread: the dialog stays responsive
                assert dlg.finding and not dlg.find_button.isEnabled()
                qtbot.waitUntil(lambda: dlg.choice.count() > 0, timeout=15000)
            dlg.accept()
            return dlg.result() == 1

        return exec_

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(team_dialogs.ServerDialog, "exec", fill(team_db.url("alice")))
    assert win.team.publish() is not None
    # Off the UI thread: the call returns at once, a progress dialog shows, nothing is shared yet.
    assert win.team.progress is not None and win.team.progress.isVisible()
    assert services.team_status(win.ctx.s) is None
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert win.team.progress is None
    status = services.team_status(win.ctx.s)
    assert status is not None and status.workspace_id in shown[0] and status.pending == 0
    assert win.team.indicator.isVisible() and win.team.timer.isActive()
    services.set_team_member(win.ctx.s, team_db.role("bob"), "editor")
    win.ctx.close()

    monkeypatch.setattr(team_dialogs.JoinDialog, "exec", fill(team_db.url("bob")))
    monkeypatch.setattr(dialogs, "ask_new_path", lambda _p, suggested: tmp_path / "joined" / suggested)
    (tmp_path / "joined").mkdir()
    assert win.team.join() is not None
    assert win.team.progress is not None and win.team.progress.isVisible()
    assert win.ctx.session is None  # still copying, on a pool thread
    qtbot.waitUntil(lambda: win.ctx.session is not None, timeout=15000)
    assert win.team.progress is None
    assert win.ctx.s.path == tmp_path / "joined" / "Acme.soc2"
    assert services.team_status(win.ctx.s).workspace_id == status.workspace_id
    assert services.get_answers(win.ctx.s).company.name == "Acme"
    assert "Acme" in win.windowTitle()


def test_join_from_an_unreachable_server_says_so_and_opens_nothing(window, tmp_path: Path, monkeypatch, qtbot) -> None:  # noqa: ANN001, F811
    from soc2wizard.gui import dialogs, team_dialogs

    win = window
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    # The server went away between choosing the workspace and joining it.
    url, workspace = f"postgresql://bob@127.0.0.1:{port}/team", "6f1c3f0e-0000-4000-8000-000000000000"
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(team_dialogs.JoinDialog, "exec", lambda _dlg: True)
    monkeypatch.setattr(team_dialogs.JoinDialog, "values", lambda _dlg: (url, "", workspace))
    monkeypatch.setattr(dialogs, "ask_new_path", lambda _p, _suggested: tmp_path / "joined.soc2")
    monkeypatch.setattr(dialogs, "show_error", lambda _p, title, text: errors.append((title, text)))
    win.team.join()
    qtbot.waitUntil(lambda: bool(errors), timeout=15000)
    assert errors[0][0] == "Not joined" and "cannot reach the team server" in errors[0][1]
    assert win.team.progress is None and win.ctx.session is None
    assert not (tmp_path / "joined.soc2").exists()


def test_a_row_deleted_while_edited_shows_in_the_conflicts_view_and_one_click_brings_it_back(
    bob_window,
    qtbot,  # noqa: ANN001
) -> None:
    win, team = bob_window
    a = team["alice"]
    services.remove_scope_item(a, next(i for i in services.list_scope(a) if i.name == "Payroll vendor").id)
    services.sync_workspace(a)
    s = win.ctx.s
    vendor = next(i for i in services.list_scope(s) if i.name == "Payroll vendor")
    services.update_scope_item(s, vendor.id, description="Runs payroll")
    _sync(qtbot, win, report=True)
    assert [i.name for i in services.list_scope(s)] == ["Production AWS"]
    dlg = win.team.conflicts_dialog
    assert dlg.isVisible() and dlg.table.rowCount() == 1
    texts = [dlg.table.item(0, c).text() for c in range(3)]
    assert texts[0] == "scope item Payroll vendor · deleted while edited"
    assert texts[1].startswith("deleted — Alice")
    assert texts[2].startswith("kept, edited: description = 'Runs payroll' — ") and texts[2].endswith(" (you)")
    dlg.table.cellWidget(0, 3).click()  # Take Lost Value
    back = next(i for i in services.list_scope(s) if i.name == "Payroll vendor")
    assert back.description == "Runs payroll"
    dlg.close()
    _sync(qtbot, win)
    services.sync_workspace(a)
    assert [i.description for i in services.list_scope(a) if i.name == "Payroll vendor"] == ["Runs payroll"]
