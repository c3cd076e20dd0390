"""Undo after a team sync: the steps a teammate's change overtook go, the others stay (real server, two replicas)."""

from __future__ import annotations

import os
import time
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
    """Bob's replica open in the window; Alice's replica in a session of its own."""
    team = Team(team_db, tmp_path, people=("bob",))
    path = team["bob"].path
    team["bob"].close()
    assert window.open_path(path)
    # No background sync by itself: each test says when Bob syncs (one already under way would be
    # prepared before a teammate's change and miss it).
    window.team.timer.stop()
    window.team.soon.stop()
    yield window, team
    window.ctx.close()
    team["alice"].close()


def _sync(qtbot, win) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not win.team.busy, timeout=15000)
    assert win.team.sync_in_background() is not None  # this sync, prepared now
    qtbot.waitUntil(lambda: not win.team.busy, timeout=15000)


def _later() -> None:
    """Let the wall clock move on: a teammate's concurrent edit made now has the later clock and wins.

    (Two edits in the same millisecond are ordered by replica id, which would make the test a coin toss.)
    """
    time.sleep(0.01)


def _edit(win, text: str, cid: str, **values: str) -> None:  # noqa: ANN001
    """An undoable edit made in the app, as the checklist makes it: undo puts the previous values back."""
    s = win.ctx.s
    before = services.control_state(s, cid)
    old = {k: getattr(before, k) for k in values}
    win.ctx.perform(
        text,
        lambda: services.update_control(s, cid, **values),
        lambda: services.update_control(s, cid, **old),
        "controls",
    )


def _in_file(path: Path, cid: str) -> object:
    """The control's row as the file holds it, read by a second, read-only opening of the file."""
    other = services.open_workspace(path, read_only=True)
    try:
        return services.control_state(other, cid)
    finally:
        other.close()


def test_undo_after_a_sync_takes_back_only_the_edit_no_teammate_changed(bob_window, qtbot) -> None:  # noqa: ANN001
    win, team = bob_window
    s, alice = win.ctx.s, team["alice"]
    x, y = first_controls(s, 2)
    notes_before = services.control_state(s, y).notes
    # Bob edits two controls; Alice, meanwhile, changes one of them (her edit is the later one).
    _edit(win, "Set notes", y, notes="Bob's notes")
    _edit(win, "Set owner", x, owner="Bob")
    _later()
    services.update_control(alice, x, owner="Alice")
    services.sync_workspace(alice)
    _sync(qtbot, win)
    assert services.control_state(s, x).owner == "Alice"  # the later edit won
    assert (
        win.statusBar().currentMessage().endswith("1 edit can no longer be undone: a teammate changed what it edited")
    )
    # Bob's owner edit cannot be undone any more; the notes edit can, and it is next.
    assert win.ctx.undo_stack.count() == 1
    assert win.undo_action.text() == "&Undo Set notes"
    win.undo_action.trigger()
    assert services.control_state(s, y).notes == notes_before
    assert _in_file(s.path, y).notes == notes_before  # the file row, not just the screen
    assert _in_file(s.path, x).owner == "Alice"  # Bob's old owner ("") never came back over Alice's
    assert not win.ctx.undo_stack.canUndo()
    win.undo_action.trigger()  # nothing left to undo: nothing changes
    assert services.control_state(s, x).owner == "Alice"
    # The undo travels like any edit: Alice gets the notes back, and keeps her owner.
    _sync(qtbot, win)
    services.sync_workspace(alice)
    assert services.control_state(alice, y).notes == notes_before
    assert services.control_state(alice, x).owner == "Alice"


def test_a_sync_bringing_changes_to_other_records_keeps_the_whole_history(bob_window, qtbot) -> None:  # noqa: ANN001
    win, team = bob_window
    s, alice = win.ctx.s, team["alice"]
    x, y, z = first_controls(s, 3)
    _edit(win, "Set owner", x, owner="Bob")
    _edit(win, "Set notes", y, notes="Bob's notes")
    services.update_control(alice, z, owner="Alice")  # a control Bob did not touch
    services.sync_workspace(alice)
    _sync(qtbot, win)
    assert services.control_state(s, z).owner == "Alice"  # it came in
    assert win.ctx.undo_stack.count() == 2
    assert "undone" not in win.statusBar().currentMessage()
    win.undo_action.trigger()
    win.undo_action.trigger()
    assert services.control_state(s, x).owner == "" and services.control_state(s, y).notes == ""
    assert services.control_state(s, z).owner == "Alice"


def test_an_undone_step_stays_redoable_unless_a_teammate_changed_its_record(bob_window, qtbot) -> None:  # noqa: ANN001
    win, team = bob_window
    s, alice = win.ctx.s, team["alice"]
    x, y, z = first_controls(s, 3)
    _edit(win, "Set owner", x, owner="Bob")
    _edit(win, "Set notes", y, notes="Bob's notes")
    _edit(win, "Set owner", z, owner="Bob too")
    win.undo_action.trigger()  # z's owner back to ""; redoable
    win.undo_action.trigger()  # y's notes back to ""; redoable
    assert win.ctx.undo_stack.index() == 1 and win.ctx.undo_stack.count() == 3
    _sync(qtbot, win)  # Bob's edits and undos go out
    services.sync_workspace(alice)
    services.update_control(alice, z, status="in_progress")  # Alice changes z's row (another field)
    services.sync_workspace(alice)
    logged_y = len([e for e in services.activity(s) if e.target == y])
    _sync(qtbot, win)
    # z's step went (a redo would write its row over Alice's); x stays undoable, y redoable.
    assert win.ctx.undo_stack.count() == 2 and win.ctx.undo_stack.index() == 1
    # Nothing ran while the history was rebuilt: y is as it was, and the log has no new edit of it.
    assert services.control_state(s, y).notes == ""
    assert len([e for e in services.activity(s) if e.target == y]) == logged_y
    assert win.redo_action.text() == "&Redo Set notes"
    win.redo_action.trigger()
    assert _in_file(s.path, y).notes == "Bob's notes"
    assert not win.ctx.undo_stack.canRedo()
    assert services.control_state(s, z).status == "in_progress" and services.control_state(s, z).owner == ""
    win.undo_action.trigger()
    win.undo_action.trigger()
    assert services.control_state(s, y).notes == "" and services.control_state(s, x).owner == ""


def test_a_stretch_of_typing_is_one_step_that_goes_if_a_teammate_changed_any_of_its_records(
    bob_window,
    qtbot,  # noqa: ANN001
) -> None:
    win, team = bob_window
    s, alice = win.ctx.s, team["alice"]
    x, y = first_controls(s, 2)
    stack = win.ctx.undo_stack
    # Two commits merged into one step (merge id), then a macro of two edits (as removing evidence makes).
    for text in ("B", "Bo", "Bob"):
        win.ctx.perform(
            "Type owner",
            lambda t=text: services.update_control(s, x, owner=t),
            lambda: services.update_control(s, x, owner=""),
            "controls",
            merge_id=7,
        )
    stack.beginMacro("Set both notes")
    _edit(win, "Set notes", x, notes="x notes")
    _edit(win, "Set notes", y, notes="y notes")
    stack.endMacro()
    assert stack.count() == 2
    _later()
    services.update_control(alice, y, notes="Alice's y")
    services.sync_workspace(alice)
    _sync(qtbot, win)
    # The macro touched y: it goes as a whole; the typing step (x only) stays.
    assert stack.count() == 1 and win.undo_action.text() == "&Undo Type owner"
    win.undo_action.trigger()
    assert services.control_state(s, x).owner == ""
    assert services.control_state(s, x).notes == "x notes"  # part of the dropped macro: stays as it is
    assert services.control_state(s, y).notes == "Alice's y"
