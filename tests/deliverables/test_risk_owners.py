"""A seeded risk's owner is suggested from the checklist's owners, everywhere the register shows; a typed one is kept."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from soc2wizard import services
from tests.report.conftest import pdf_pages

TODAY = dt.date(2026, 11, 26)


def _owners(s) -> dict[str, str]:
    return {r.key: r.owner for r in services.risk_register(s)}


def test_seeded_owners_follow_the_checklist(workspace):
    """No owner named: each risk names the role owning most of its controls; named: that role's person."""
    s = workspace
    before = _owners(s)
    # fraud: RSK-03 and RSK-04 are Finance's, PPL-10 the CEO's; outage_sla: BC-04, OPS-07 the CTO's and
    # MON-04, OPS-06 the engineering lead's, a tie the earlier linked control (BC-04) settles.
    assert before["fraud"] == "Finance"
    assert before["outage_sla"] == "CTO"
    assert all(before.values()), [k for k, v in before.items() if not v]  # no blank owner in a seeded register

    services.update_control(s, "RSK-03", owner="Hannah Cho")
    services.update_control(s, "BC-04", owner="Dana Reyes")
    services.update_control(s, "OPS-07", owner="Dana Reyes")
    services.update_control(s, "BC-01", owner="Omar Haddad")  # another CTO control, named once: Dana has two
    after = _owners(s)
    assert after["fraud"] == "Hannah Cho" and after["outage_sla"] == "Dana Reyes"
    assert services.activity(s)[0].action == "update control"  # reading the register logged nothing


def test_seeded_owner_in_summary_json_and_the_pdf(workspace, tmp_path, capsys):
    """summary --json's risks and the PDF's risk register carry the suggested owner next to the linked controls."""
    from soc2wizard.cli import main

    s = workspace
    services.update_control(s, "RSK-03", owner="Hannah Cho")
    services.update_control(s, "RSK-04", owner="Hannah Cho")
    risks = {r["key"]: r for r in services.summary_json(s, today=TODAY)["risks"]}
    assert risks["fraud"]["owner"] == "Hannah Cho" and risks["outage_sla"]["owner"] == "CTO"

    pdf = services.export_pdf(s, tmp_path / "plan.pdf", today=TODAY)
    text = " ".join(" ".join(pdf_pages(pdf)).split())
    register = text[text.index("Risk register", text.index("rated likelihood") - 200) :]
    fraud = register[register.index("Fraud by an insider") :]
    # The row reads: risk, likelihood, impact, score, treatment, owner, controls.
    assert re.search(r"Mitigate Hannah Cho RSK-03, RSK-04", fraud[:600]), fraud[:600]

    path = s.path
    s.close()
    assert main(["summary", str(path), "--json"]) == 0
    out = {r["key"]: r for r in json.loads(capsys.readouterr().out)["risks"]}
    assert out["fraud"]["owner"] == "Hannah Cho" and out["fraud"]["edited"] is False


def test_typed_owner_survives_a_redraft(workspace):
    """An owner the user typed is kept through a profile change and new checklist owners; untyped ones move on."""
    s = workspace
    services.update_control(s, "RSK-03", owner="Hannah Cho")
    services.update_risk(s, "fraud", owner="Sam Rivera")
    services.update_risk(s, "outage_sla", likelihood=4)  # another field edited: the owner still follows the draft

    services.update_profile(s, data=["personal", "health", "payment_card"])  # re-drafts: card risks appear
    services.update_control(s, "RSK-03", owner="Lee Park")
    services.update_control(s, "RSK-04", owner="Lee Park")
    services.update_control(s, "BC-04", owner="Dana Reyes")
    risks = {r.key: r for r in services.risk_register(s)}
    assert "card_data_exposure" in risks
    assert risks["fraud"].owner == "Sam Rivera" and risks["fraud"].edited
    assert risks["outage_sla"].owner == "Dana Reyes" and risks["outage_sla"].likelihood == 4
    summary = {r["key"]: r for r in services.summary_json(s, today=TODAY)["risks"]}
    assert summary["fraud"]["owner"] == "Sam Rivera"


def test_an_editor_left_unchanged_writes_nothing(workspace):
    """Setting a risk's field to what it shows is no edit: no log entry, and the seeded owner keeps following."""
    s = workspace
    shown = _owners(s)["fraud"]
    logged = len(services.activity(s))
    r = services.update_risk(s, "fraud", owner=shown)
    assert r.owner == shown and not r.edited and len(services.activity(s)) == logged
    services.update_control(s, "RSK-03", owner="Hannah Cho")
    assert _owners(s)["fraud"] == "Hannah Cho"


def test_undoing_a_typed_owner_lets_the_suggestion_follow_again(workspace):
    """use_drafted_risk_fields drops the typed owner only: the likelihood edit stays, the owner follows the checklist."""
    s = workspace
    services.update_risk(s, "fraud", owner="Sam Rivera", likelihood=5)
    r = services.use_drafted_risk_fields(s, "fraud", "owner")
    assert (r.owner, r.likelihood, r.edited, r.edited_fields) == ("Finance", 5, True, ("likelihood",))
    assert services.activity(s)[0].action == "use drafted risk fields"
    services.update_control(s, "RSK-03", owner="Hannah Cho")
    assert _owners(s)["fraud"] == "Hannah Cho"
    r = services.use_drafted_risk_fields(s, "fraud", "likelihood")
    assert not r.edited and r.likelihood == 2
    with pytest.raises(services.FieldError, match="colour"):
        services.use_drafted_risk_fields(s, "fraud", "colour")
    own = services.add_risk(s, title="Office flood", owner="Ops")
    with pytest.raises(services.FieldError, match="risk"):
        services.use_drafted_risk_fields(s, own.key, "owner")
