"""Policy acknowledgements count as PPL-02's evidence in the checklist, the plan checks, summary --json and the PDF."""

from __future__ import annotations

import datetime as dt
import json
import re

from soc2wizard import services
from tests.report.conftest import pdf_pages

TODAY = dt.date(2026, 11, 26)


def _row(s, cid="PPL-02"):
    return next(r for r in services.checklist(s) if r.control.id == cid)


def _evidence_check(doc: dict) -> str:
    return next((c["message"] for c in doc["checks"] if c["id"] == "evidence_missing"), "")


def test_acknowledgements_are_ppl02_evidence_everywhere(workspace, tmp_path, capsys):
    """Two acknowledgements: PPL-02 shows 2 evidence items, leaves the no-evidence check and adds an occurrence."""
    s = workspace
    services.update_control(s, "PPL-02", status="implemented")
    before = services.summary_json(s, today=TODAY)
    assert "PPL-02" in _evidence_check(before)
    recorded = services.estimate(s, today=TODAY).readiness.recorded_occurrences
    assert _row(s).evidence_count == 0

    services.approve_policy(s, "information_security", approver="Maya Okafor", approved_on="2026-11-02")
    services.acknowledge_policy(s, "information_security", person="Ana Silva", acknowledged_on="2026-11-03")
    services.acknowledge_policy(s, "information_security", person="Ben Ode", acknowledged_on="2026-11-04")

    row = _row(s)
    assert row.evidence_count == 2  # the checklist's Evidence column
    assert dt.date(2026, 11, 3) in row.occurrences
    after = services.summary_json(s, today=TODAY)
    assert "PPL-02" not in _evidence_check(after)
    plan = services.estimate(s, today=TODAY)
    assert plan.readiness.recorded_occurrences == recorded + 1  # an annual control: one run in the window
    assert after["readiness"]["operating_percent"] == plan.readiness.operating_percent

    # summary --json on the command line says the same.
    from soc2wizard.cli import main

    path = s.path
    out_pdf = services.export_pdf(s, tmp_path / "plan.pdf", today=TODAY)
    s.close()
    capsys.readouterr()
    assert main(["summary", str(path), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert "PPL-02" not in _evidence_check(cli)

    # The PDF's checklist row for PPL-02 ends with its evidence count.
    text = "\n".join(pdf_pages(out_pdf))
    cells = re.search(r"\nPPL-02\nPolicies acknowledged at hire and every year\nAlso:.*?\n(PPL-03|RSK-)", text, re.S)
    assert cells is not None
    lines = cells.group(0).splitlines()
    assert "Implemented" in lines and lines[-2] == "2", lines  # Control, Title, Status, Owner, Due, Evidence
