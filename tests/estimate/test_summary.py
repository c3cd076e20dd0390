"""``soc2wizard summary``: the plan summary format and the readable text."""

from __future__ import annotations

import datetime as dt
import json

from soc2wizard import cli, services

KEYS = {"company", "criteria", "report", "obligations", "timeline", "cost", "readiness", "checks"}


def test_summary_json_has_the_keys_of_the_plan_summary_format(demo, capsys):
    """Every key PRODUCT.md documents is there, with ISO dates and whole-dollar money."""
    assert cli.main(["summary", str(demo.path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert KEYS <= set(out)
    assert set(out["criteria"][0]) >= {"id", "selected", "recommended", "reasons"}
    assert set(out["report"]) >= {"type", "observation_months", "reasons"}
    assert set(out["obligations"][0]) >= {"framework", "required", "basis", "reason"}
    assert set(out["timeline"]) >= {
        "phases",
        "weeks_low",
        "weeks_high",
        "report_date_earliest",
        "report_date_latest",
        "deadline_met",
    }
    assert set(out["timeline"]["phases"][0]) >= {"id", "weeks_low", "weeks_high", "start", "end"}
    assert set(out["cost"]) >= {"currency", "low", "high", "items"}
    assert set(out["cost"]["items"][0]) >= {"id", "low", "high"}
    assert set(out["readiness"]) >= {"percent", "by_criterion"}
    assert set(out["checks"][0]) >= {"id", "severity", "message"}
    dt.date.fromisoformat(out["timeline"]["report_date_latest"])
    assert isinstance(out["cost"]["low"], int) and out["cost"]["low"] % 100 == 0
    assert out["obligations"][0]["framework"] == "hipaa"


def test_summary_json_agrees_with_services_estimate(demo, capsys):
    """The CLI prints the same plan the app shows."""
    cli.main(["summary", str(demo.path), "--json"])
    out = json.loads(capsys.readouterr().out)
    plan = services.estimate(demo)
    assert out["company"] == plan.company == "Tidewater Health"
    assert out["report"]["type"] == plan.report.type
    assert out["timeline"]["report_date_latest"] == plan.timeline.report_date_latest.isoformat()
    assert out["cost"]["high"] == plan.budget.high
    assert out["readiness"]["percent"] == plan.readiness.design_percent
    assert [c["id"] for c in out["checks"]] == [c.id for c in plan.checks]
    assert out == services.summary_json(demo)


def test_summary_text_says_it_as_people_do(demo, capsys):
    """The text names the report, months, report dates, dollars and checks in words."""
    assert cli.main(["summary", str(demo.path)]) == 0
    text = capsys.readouterr().out
    assert "Tidewater Health" in text
    assert "Type II with a 3-month observation window" in text
    assert " months from " in text and "report earliest " in text and ", latest " in text
    assert "Budget:     $" in text and "k–$" in text
    assert "Should fix:" in text


def test_summary_of_a_missing_file_is_an_error(tmp_path, capsys):
    """A wrong path gives a one-line error and exit code 1."""
    assert cli.main(["summary", str(tmp_path / "none.soc2")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_summary_does_not_change_the_file(workspace, capsys):
    """Printing the plan opens the workspace read-only: the log does not grow."""
    before = len(services.activity(workspace))
    path = workspace.path
    workspace.close()
    assert cli.main(["summary", str(path), "--json"]) == 0
    with services.open_workspace(path) as s:
        assert len(services.activity(s)) == before


def test_overrides_in_the_workspace_reach_the_estimate(workspace):
    """A quote saved with set_override replaces the published figure in the estimate."""
    services.set_override(workspace, "pentest", low=8000, high=9000, note="Quote")
    item = next(i for i in services.estimate(workspace).budget.items if i.id == "pentest")
    assert (item.low, item.high, item.overridden) == (8000, 9000, True)
    assert services.summary_json(workspace)["overridden"] == ["pentest"]
