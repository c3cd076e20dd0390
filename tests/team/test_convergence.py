"""Random interleavings of edits and syncs on three replicas always end in one state."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soc2wizard import services
from soc2wizard.domain.records import ControlState
from tests.team.helpers import Team, first_controls, visible_state

PEOPLE = ("alice", "bob", "carol")
FIELDS = {
    "owner": ["", "Ana", "Ben", "Cy"],
    "notes": ["", "first", "second"],
    "status": ["not_started", "in_progress", "implemented"],
}

edit = st.tuples(
    st.just("edit"),
    st.sampled_from(PEOPLE),
    st.integers(0, 2),
    st.sampled_from(sorted(FIELDS)),
    st.integers(0, 3),
)
scope = st.tuples(st.just("scope"), st.sampled_from(PEOPLE), st.sampled_from(["add", "remove", "rename"]))
# Undo of a control's first edit removes its state (a tombstone); evidence files travel by hash.
reset = st.tuples(st.just("reset"), st.sampled_from(PEOPLE), st.integers(0, 2))
evidence = st.tuples(st.just("evidence"), st.sampled_from(PEOPLE), st.sampled_from(["add", "remove"]))
# The deliverables' records (migration 007): policy approvals, description edits and resets, risks.
deliver = st.tuples(
    st.just("deliver"), st.sampled_from(PEOPLE), st.sampled_from(["approve", "describe", "generated", "risk"])
)
sync = st.tuples(st.just("sync"), st.sampled_from(PEOPLE))
steps = st.lists(st.one_of(edit, edit, scope, reset, evidence, deliver, sync, sync), min_size=1, max_size=14)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=steps)
def test_random_edits_and_syncs_converge(team_db, plan) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        team = Team(team_db, Path(tmp))
        try:
            controls = first_controls(team["alice"], 3)
            for n, step in enumerate(plan):
                s = team[step[1]]
                if step[0] == "edit":
                    _, _, c, field, v = step
                    values = FIELDS[field]
                    services.update_control(s, controls[c], **{field: values[v % len(values)]})
                elif step[0] == "scope":
                    items = services.list_scope(s)
                    if step[2] == "add" or not items:
                        services.add_scope_item(s, "vendor", f"Vendor {n}")
                    elif step[2] == "remove":
                        services.remove_scope_item(s, items[-1].id)
                    else:
                        services.update_scope_item(s, items[0].id, name=f"Renamed {n}")
                elif step[0] == "reset":
                    services.restore_control_states(s, [ControlState(controls[step[2]])])
                elif step[0] == "evidence":
                    files = [e for e in services.list_evidence(s) if e.kind == "file"]
                    if step[2] == "add" or not files:
                        services.add_evidence_bytes(s, controls[0], name=f"e{n}.txt", content=f"file {n}".encode())
                    else:
                        services.remove_evidence(s, files[0].id)
                elif step[0] == "deliver":
                    if step[2] == "approve":
                        key = services.policies(s)[0].key
                        services.approve_policy(s, key, approver=step[1].title(), approved_on=f"2026-11-{n + 1:02d}")
                    elif step[2] in ("describe", "generated"):
                        key = services.system_description(s)[0].key
                        if step[2] == "describe":
                            services.edit_description_section(s, key, f"Written by {step[1]} at step {n}.")
                        else:
                            services.use_generated_section(s, key)
                    else:
                        risk = services.risk_register(s)[0].key
                        services.update_risk(s, risk, title=f"Risk as {step[1]} saw it at step {n}")
                else:
                    services.sync_workspace(s)
            team.settle()
            first = visible_state(team["alice"])
            assert visible_state(team["bob"]) == first
            assert visible_state(team["carol"]) == first
            versions = {p: [v for x in services.policies(team[p]) for v in x.versions] for p in PEOPLE}
            assert versions["alice"] == versions["bob"] == versions["carol"]
            risks = {p: services.risks_json(team[p]) for p in PEOPLE}
            assert risks["alice"] == risks["bob"] == risks["carol"]
            for person in PEOPLE:
                assert services.team_status(team[person]).pending == 0
        finally:
            team.close()
