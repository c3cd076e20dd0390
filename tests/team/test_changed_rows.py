"""Which records an edit wrote and which a sync changed: what undo after a sync is decided on (real server)."""

from __future__ import annotations

from pathlib import Path

from soc2wizard import services
from tests.team.helpers import Team, first_controls


def test_an_edit_names_the_records_it_wrote_and_a_sync_the_records_it_changed(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path, people=("bob",))
    try:
        alice, bob = team["alice"], team["bob"]
        x, y = first_controls(bob, 2)
        mark = services.team_edit_mark(bob)
        assert mark is not None
        services.update_control(bob, x, owner="Bob")
        assert services.team_rows_since(bob, mark) == {("control_states", x)}
        mark = services.team_edit_mark(bob)
        services.update_controls(bob, [x, y], notes="both")
        assert services.team_rows_since(bob, mark) == {("control_states", x), ("control_states", y)}
        team.sync("bob")
        # Alice's sync brings Bob's two rows; Bob's next sync brings Alice's one.
        assert team.sync("alice")["alice"].changed == {("control_states", x), ("control_states", y)}
        services.update_control(alice, y, owner="Alice")
        team.sync("alice")
        result = team.sync("bob")["bob"]
        assert result.changed == {("control_states", y)} and result.rows == 1
        assert team.sync("bob")["bob"].changed == frozenset()  # nothing new: nothing changed
    finally:
        team.close()


def test_a_workspace_not_shared_has_no_record_of_edits(tmp_path: Path) -> None:
    s = services.create_workspace(tmp_path / "solo.soc2", name="Solo")
    try:
        assert services.team_edit_mark(s) is None
    finally:
        s.close()
