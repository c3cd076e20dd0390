"""When each wizard step counts as started, complete, or needing attention."""

from __future__ import annotations

from soc2wizard import services
from soc2wizard.domain.steps import STEP_IDS, step_states


def _states(s, **kw):
    return step_states(services.get_answers(s), services.list_scope(s), services.checklist(s), **kw)


def test_new_workspace_has_only_the_profile_under_way(tmp_path):
    """Right after creation the profile is in progress (the name is known) and nothing else is started."""
    with services.create_workspace(tmp_path / "n.soc2", name="Newco") as s:
        states = _states(s)
        assert states["profile"] == "in_progress"
        assert all(states[sid] == "not_started" for sid in STEP_IDS if sid not in ("profile", "review"))
        services.update_profile(s, hosting=["aws"])
        assert _states(s)["profile"] == "complete"


def test_scope_needs_a_customer_data_system_and_reasons_for_exclusions(tmp_path):
    """Scope is complete with an in-scope customer-data system and every exclusion explained."""
    with services.create_workspace(tmp_path / "n.soc2", name="Newco") as s:
        app = services.add_scope_item(s, "system", "App", customer_data=True)
        assert _states(s)["scope"] == "complete"
        wiki = services.add_scope_item(s, "system", "Wiki", in_scope=False)
        assert _states(s)["scope"] == "in_progress"
        services.update_scope_item(s, wiki.id, exclusion_reason="No customer data.")
        assert _states(s)["scope"] == "complete"
        services.update_scope_item(s, app.id, in_scope=False, exclusion_reason="Sold")
        assert _states(s)["scope"] == "in_progress"


def test_plan_steps_and_attention(workspace):
    """Chosen criteria, report type and start complete their steps; an error check marks its step."""
    states = _states(workspace)
    assert states["criteria"] == states["report"] == states["timeline"] == states["budget"] == "complete"
    assert _states(workspace, error_steps=["timeline"])["timeline"] == "attention"
    services.update_plan(workspace, criteria=None)
    assert _states(workspace)["criteria"] == "not_started"


def test_review_is_not_started_on_a_new_workspace(tmp_path):
    """A workspace with only a name has nothing to review yet; a plan with every step started has."""
    with services.create_workspace(tmp_path / "n.soc2", name="Newco") as s:
        assert _states(s)["review"] == "not_started"
        services.update_profile(s, hosting=["aws"])
        services.add_scope_item(s, "system", "App", customer_data=True)
        services.update_plan(
            s, criteria=["security"], report_type="type1", start=__import__("datetime").date(2027, 1, 4)
        )
        assert _states(s)["review"] == "not_started"  # the checklist is not started yet
        row = services.checklist(s)[0]
        services.update_controls(s, [row.control.id], status="in_progress")
        assert _states(s)["review"] == "in_progress"


def test_every_step_has_a_rule_and_a_page():
    """The registry names a completion rule for every step, and the app a page for each."""
    from soc2wizard.domain.steps import STEPS

    assert all(callable(st.rule) for st in STEPS)
    assert [st.number for st in STEPS] == list(range(1, len(STEPS) + 1))
