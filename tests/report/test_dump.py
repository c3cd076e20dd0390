"""The whole workspace as JSON, and a new workspace restored from it."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from soc2wizard import services
from soc2wizard.domain.errors import FieldError

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)


def _content(doc: dict) -> dict:
    """A dump without its export stamp and without the log entry the restore adds."""
    doc = copy.deepcopy(doc)
    doc.pop("exported")
    if doc["activity"] and doc["activity"][-1]["action"] == "restore from JSON":
        doc["activity"].pop()
    return doc


@pytest.fixture
def full(demo):
    """The demo with everything a workspace can hold: logo, overrides, custom controls, N/A, links."""
    services.update_settings(demo, firm_name="Ωmega Advisory", consultant_role="vCISO")
    services.set_firm_logo(demo, PNG)
    key = next(a.key for a in services.estimate(demo).assumptions if a.unit == "USD")  # a quote, not 1,000 weeks
    services.set_override(demo, key, low=1000, high=2000, note="Quote from Acme CPA, 2026")
    services.add_custom_control(
        demo, id="CUST-1", title="Weekly coffee with the auditor", criteria=["CC2.3"], frequency="weekly", priority=3
    )
    services.update_control(demo, "CUST-1", status="in_progress", owner="株式会社", due_date="2027-02-01")
    return demo


def test_dump_restore_dump_is_equal(full, tmp_path):
    """Dump, restore into a new file, dump again: the same content, the log included."""
    first = services.dump_workspace(full)
    assert first["format"] == "soc2wizard-workspace/1"
    with services.create_from_dump(tmp_path / "restored.soc2", json.loads(json.dumps(first))) as r:
        second = services.dump_workspace(r)
        assert services.activity(r, 1)[0].action == "restore from JSON"
        assert services.firm_logo(r) == PNG
        assert services.get_settings(r).firm_name == "Ωmega Advisory"
        ev = services.list_evidence(r)
        files = [e for e in ev if e.kind == "file"]
        assert files and services.evidence_content(r, files[0].id) == services.evidence_content(full, files[0].id)
        assert services.estimate(r, today=dt.date(2026, 11, 26)) == services.estimate(full, today=dt.date(2026, 11, 26))
    assert _content(second) == _content(first)


def test_export_json_file_restores_from_the_command_line(full, tmp_path):
    """export_json writes a file that 'new --from-json' turns back into a workspace."""
    from soc2wizard.cli import main

    services.export_json(full, tmp_path / "dump.json")
    assert main(["new", str(tmp_path / "back.soc2"), "--from-json", str(tmp_path / "dump.json")]) == 0
    with services.open_workspace(tmp_path / "back.soc2") as r:
        assert _content(services.dump_workspace(r)) == _content(services.dump_workspace(full))


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(format="other/1"), "format"),
        (lambda d: d["answers"]["company"].update(employees=-1), "answers.company.employees"),
        (lambda d: d["scope"][0].update(kind="castle"), "scope[0].kind"),
        (lambda d: d["control_states"][0].update(status="done"), "control_states[0].status"),
        (lambda d: d["control_states"][0].update(due_date="2027-13-01"), "control_states[0].due_date"),
        (lambda d: d["evidence"][0].update(sha256="0" * 64), "evidence[0].sha256"),
        (lambda d: d["evidence"][0].update(content_base64="not base64!"), "evidence[0].content_base64"),
        (lambda d: d["custom_controls"][0].update(criteria=["ZZ9.9"]), "custom_controls[0].criteria[0]"),
        (lambda d: d["activity"][0].pop("action"), "activity[0].action"),
        (lambda d: d.update(surprise=1), "surprise"),
    ],
)
def test_a_bad_dump_names_the_json_path_and_leaves_no_file(full, tmp_path, change, path):
    """Each kind of bad value is refused with its JSON path, and no workspace file is left behind."""
    doc = services.dump_workspace(full)
    doc["evidence"] = sorted(doc["evidence"], key=lambda e: e["kind"] != "file")
    change(doc)
    target = tmp_path / "out" / "bad.soc2"
    target.parent.mkdir()
    with pytest.raises(FieldError) as err:
        services.create_from_dump(target, doc)
    assert err.value.path == path
    assert list(target.parent.iterdir()) == []


def test_read_dump_file_names_syntax_errors(tmp_path):
    """A broken JSON file is reported with its line and column."""
    f = tmp_path / "d.json"
    f.write_text('{"format": "soc2wizard-workspace/1",\n "answers": }', encoding="utf-8")
    with pytest.raises(FieldError, match="line 2, column"):
        services.read_dump_file(f)
