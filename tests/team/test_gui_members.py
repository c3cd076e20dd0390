"""Team ▸ Members talks to the server off the UI thread: it opens at once, the window stays live, Cancel works."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

import shiboken6  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402

from soc2wizard import services  # noqa: E402
from soc2wizard.gui import worker  # noqa: E402
from tests.gui.conftest import _no_modal, _settings, window  # noqa: E402,F401
from tests.team.helpers import Team  # noqa: E402


def _open_as(win, team: Team, person: str) -> None:  # noqa: ANN001
    path = team[person].path
    team[person].close()
    assert win.open_path(path)


@pytest.fixture
def team_window(window, team_db, tmp_path: Path):  # noqa: ANN001, F811
    """The window and a team of Alice (owner) and Bob (editor); the test opens one of their files."""
    team = Team(team_db, tmp_path, people=("bob",))
    yield window, team
    window.ctx.close()
    team.close()


def _rows(dlg) -> set[tuple[str, str]]:  # noqa: ANN001
    return {(dlg.table.item(r, 0).text(), dlg.table.item(r, 1).text()) for r in range(dlg.table.rowCount())}


def _point_at(s: services.Session, url: str) -> None:
    """This replica's server is now ``url`` (the test's stand-in for a server that moved or hangs)."""
    s.repo.db.execute("UPDATE sync_state SET server_url = ?", [url])
    s.repo.db.conn.commit()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers (a server hung, or a firewall that swallows)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)  # the kernel completes the handshake; nobody ever reads or replies
        yield sock.getsockname()[1]


def _wait_for_worker(qtbot, dlg) -> None:  # noqa: ANN001
    """Until the dialog's last request is over on its pool thread (it may outlive a cancelled dialog)."""
    qtbot.waitUntil(lambda: dlg.task not in worker._running, timeout=20000)


def test_members_open_at_once_then_list_the_team(team_window, qtbot) -> None:  # noqa: ANN001
    win, team = team_window
    _open_as(win, team, "bob")
    dlg = win.team.members()
    # Nothing waited for the server: the dialog is up, saying what it waits for.
    assert dlg.isVisible() and dlg.busy
    assert dlg.status.text().startswith("Loading the members from ")
    assert not dlg.add_button.isEnabled() and dlg.cancel_button.isVisible() and dlg.spinner.isVisible()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    assert _rows(dlg) == {(team.db.role("alice"), "owner"), (team.db.role("bob"), "editor")}
    assert dlg.status.text() == "2 members" and dlg.error.text() == ""
    assert dlg.add_button.isEnabled() and not dlg.cancel_button.isVisible() and not dlg.spinner.isVisible()
    dlg.close()


def test_a_refused_change_says_why_and_names_the_server(team_window, qtbot) -> None:  # noqa: ANN001
    win, team = team_window
    _open_as(win, team, "bob")
    dlg = win.team.members()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    dlg.who.setText(team.db.role("vera"))
    dlg.role.setCurrentText("viewer")
    dlg.add_button.click()  # Bob is an editor, not an owner
    assert dlg.busy and "vera" in dlg.status.text()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    assert "only an owner" in dlg.error.text()
    assert dlg.address.server in dlg.error.text()
    assert _rows(dlg) == {(team.db.role("alice"), "owner"), (team.db.role("bob"), "editor")}
    assert {m.member for m in services.team_members(team["alice"])} == {team.db.role("alice"), team.db.role("bob")}
    dlg.close()


def test_an_owner_adds_changes_and_removes_a_member_from_the_dialog(team_window, qtbot) -> None:  # noqa: ANN001
    win, team = team_window
    _open_as(win, team, "alice")
    dlg = win.team.members()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    vera = team.db.role("vera")
    dlg.who.setText(vera)
    dlg.role.setCurrentText("viewer")
    dlg.add_button.click()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    assert (vera, "viewer") in _rows(dlg) and dlg.error.text() == "" and dlg.who.text() == ""
    s = services.open_workspace(team["bob"].path)  # what the server holds, asked by someone else
    try:
        assert {(m.member, m.role) for m in services.team_members(s)} == _rows(dlg)
    finally:
        s.close()
    dlg.who.setText(vera)
    dlg.role.setCurrentText("editor")
    dlg.add_button.click()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    assert (vera, "editor") in _rows(dlg)
    row = next(r for r in range(dlg.table.rowCount()) if dlg.table.item(r, 0).text() == vera)
    dlg.table.selectRow(row)
    dlg.remove_button.click()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    assert vera not in {m for m, _r in _rows(dlg)}
    assert vera not in {m.member for m in services.team_members(win.ctx.s)}
    # A role name left empty is refused in the dialog, before the server is asked.
    dlg.who.setText("  ")
    dlg.add_button.click()
    assert not dlg.busy and "member" in dlg.error.text()
    dlg.close()


def test_a_server_that_never_answers_leaves_the_window_live_and_the_error_names_it(
    team_window,
    silent_server: int,
    qtbot,  # noqa: ANN001
) -> None:
    win, team = team_window
    _open_as(win, team, "bob")
    _point_at(win.ctx.s, f"postgresql://bob@127.0.0.1:{silent_server}/team?connect_timeout=2")
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    dlg = win.team.members()
    assert dlg.isVisible() and dlg.busy and f"127.0.0.1:{silent_server}" in dlg.status.text()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=20000)
    timer.stop()
    # About two seconds of waiting for the server, and the event loop kept running all along.
    assert len(ticks) >= 10
    assert f"127.0.0.1:{silent_server}" in dlg.error.text()
    assert "cannot reach the team server" in dlg.error.text()
    assert dlg.table.rowCount() == 0 and dlg.reload_button.isEnabled()
    dlg.close()


def test_cancel_closes_the_dialog_at_once_and_the_late_failure_is_ignored(
    team_window,
    silent_server: int,
    qtbot,  # noqa: ANN001
) -> None:
    win, team = team_window
    _open_as(win, team, "bob")
    _point_at(win.ctx.s, f"postgresql://bob@127.0.0.1:{silent_server}/team?connect_timeout=2")
    dlg = win.team.members()
    assert dlg.busy and dlg.cancel_button.isVisible()
    dlg.cancel_button.click()
    assert not dlg.isVisible() and not dlg.busy
    qtbot.waitUntil(lambda: not shiboken6.isValid(dlg), timeout=5000)  # closed for good, deleted
    # The failure arrives later, for a dialog that is gone: it is ignored (pytest-qt fails the test on
    # an exception in a slot, and the _no_modal fixture on any error box).
    _wait_for_worker(qtbot, dlg)
    qtbot.wait(50)
    # The window goes on: the team menu works, and a new Members dialog asks again.
    again = win.team.members()
    assert again is not dlg and again.busy
    # This one is deleted under its request, without closing (as when its window goes): the late answer
    # finds no dialog and is dropped.
    shiboken6.delete(again)
    _wait_for_worker(qtbot, again)
    qtbot.wait(50)


def test_cancel_while_a_change_is_sent_keeps_the_dialog_and_says_what_may_have_happened(
    team_window,
    silent_server: int,
    qtbot,  # noqa: ANN001
) -> None:
    win, team = team_window
    _open_as(win, team, "alice")
    dlg = win.team.members()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    dlg.address = services.TeamAddress(  # the server stops answering after the list came
        f"postgresql://alice@127.0.0.1:{silent_server}/team?connect_timeout=2",
        dlg.address.workspace_id,
        f"127.0.0.1:{silent_server}",
    )
    dlg.who.setText(team.db.role("carol"))
    dlg.add_button.click()
    assert dlg.busy
    dlg.cancel_button.click()
    assert dlg.isVisible() and not dlg.busy and dlg.add_button.isEnabled()
    assert dlg.status.text().startswith(f"Stopped waiting for 127.0.0.1:{silent_server}")
    _wait_for_worker(qtbot, dlg)
    qtbot.wait(50)
    assert dlg.error.text() == ""  # the late failure was for a request nobody waits for
    assert len(_rows(dlg)) == 2
    dlg.close()
