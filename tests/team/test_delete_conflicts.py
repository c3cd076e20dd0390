"""A row deleted on one replica while another edits it: a conflict on both sides, and one click to take the edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from soc2wizard import services
from tests.team.helpers import Team, visible_state


def _vendor(s: services.Session) -> services.ScopeItem | None:
    return next((i for i in services.list_scope(s) if i.name == "Payroll vendor"), None)


@pytest.mark.parametrize("first", ["bob", "carol"])
def test_delete_meeting_a_concurrent_edit_is_a_conflict_and_the_edit_can_be_taken_back(
    team_db, tmp_path: Path, first: str
) -> None:
    team = Team(team_db, tmp_path)
    try:
        vendor = _vendor(team["bob"])
        assert vendor is not None
        services.update_scope_item(team["bob"], vendor.id, description="Runs payroll for 40 people")
        gone = _vendor(team["carol"])
        assert gone is not None
        services.remove_scope_item(team["carol"], gone.id)
        second = "carol" if first == "bob" else "bob"
        results = team.sync(first, second)
        team.settle()

        # The deletion stands everywhere...
        assert all(_vendor(team[p]) is None for p in ("alice", "bob", "carol"))
        # ...and both sides are told, with both values shown; the bystander sees nothing.
        edited = "kept, edited: description = 'Runs payroll for 40 people'"
        [b] = services.team_conflicts(team["bob"])
        assert (b.label, b.kept_value, b.lost_value) == (
            "scope item Payroll vendor · deleted while edited",
            "deleted",
            edited,
        )
        assert (b.kept_actor, b.lost_actor, b.lost_here) == ("Carol", "Bob", True)
        [c] = services.team_conflicts(team["carol"])
        assert (c.kept_value, c.lost_value, c.lost_here) == ("deleted", edited, False)
        assert services.team_conflicts(team["alice"]) == []
        # The conflict is reported by the sync that met it.
        assert len(results[second].conflicts) == 1
        # Bob's lost edit is in the log, seen everywhere.
        logged = [e for e in services.activity(team["alice"]) if e.action == "sync conflict"]
        assert [(e.target, e.before) for e in logged] == [
            ("scope item Payroll vendor · deleted while edited", {"value": edited, "by": "Bob"})
        ]

        # One click (on either side) brings the row back with the edit, on every replica.
        services.take_conflict_value(team["bob"], b.id)
        team.settle()
        for person in ("alice", "bob", "carol"):
            back = _vendor(team[person])
            assert back is not None and back.description == "Runs payroll for 40 people", person
        states = [visible_state(team[p]) for p in ("alice", "bob", "carol")]
        assert states[0] == states[1] == states[2]
    finally:
        team.close()


def test_deleting_a_row_after_seeing_its_edit_is_no_conflict(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path)
    try:
        vendor = _vendor(team["bob"])
        assert vendor is not None
        services.update_scope_item(team["bob"], vendor.id, description="Runs payroll")
        team.sync("bob", "carol")
        seen = _vendor(team["carol"])
        assert seen is not None and seen.description == "Runs payroll"
        services.remove_scope_item(team["carol"], seen.id)
        team.settle()
        assert all(services.team_conflicts(team[p]) == [] for p in ("alice", "bob", "carol"))
        assert all(_vendor(team[p]) is None for p in ("alice", "bob", "carol"))
    finally:
        team.close()


def test_a_description_section_reset_while_a_teammate_edits_it_is_a_conflict(team_db, tmp_path: Path) -> None:
    team = Team(team_db, tmp_path)
    try:
        key = services.system_description(team["alice"])[0].key
        services.edit_description_section(team["alice"], key, "First words.")
        team.settle()
        services.edit_description_section(team["bob"], key, "Bob's better words.")
        services.use_generated_section(team["alice"], key)  # deletes the edit row
        team.sync("alice", "bob")
        team.settle()
        [c] = services.team_conflicts(team["bob"])
        assert (c.kept_value, c.lost_here) == ("deleted", True)
        assert "Bob's better words." in c.lost_value
        services.take_conflict_value(team["bob"], c.id)
        team.settle()
        for person in ("alice", "bob", "carol"):
            text = {x.key: x.text for x in services.system_description(team[person])}[key]
            assert text == "Bob's better words.", person
    finally:
        team.close()
