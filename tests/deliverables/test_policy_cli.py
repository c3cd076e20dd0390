"""Policies from a terminal: 'policies' lists them read-only, 'policy' approves and records acknowledgements."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from soc2wizard import services
from soc2wizard.cli import COMMANDS, main

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def demo_file(demo) -> Path:
    """The demo workspace with one approved, acknowledged policy, closed so the CLI can open it."""
    services.approve_policy(demo, "access_control", approver="Maya Okafor", approved_on="2026-11-20")
    services.acknowledge_policy(demo, "access_control", person="Jonas Lindqvist", acknowledged_on="2026-11-24")
    path = demo.path
    demo.close()
    return path


def _state(path: Path) -> tuple[list[dict], int]:
    with services.open_workspace(path, read_only=True) as s:
        return services.policies_json(s), len(services.activity(s))


def test_policies_lists_each_policy_with_its_version_and_acknowledgements(demo_file, capsys):
    """The listing shows the id, title, version, approver, dates and acknowledgements; --json the same records."""
    assert main(["policies", str(demo_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "ID",
        "Title",
        "Version",
        "Approver",
        "Approved",
        "on",
        "Next",
        "review",
        "Acknowledged",
    ]
    access = next(ln for ln in lines if ln.startswith("access_control "))
    assert re.search(r"Access control policy\s+1\.0\s+Maya Okafor\s+2026-11-20\s+2027-11-20\s+1$", access), access
    encryption = next(ln for ln in lines if ln.startswith("encryption "))
    assert re.search(r"Encryption policy\s+draft\s+-\s+-\s+-\s+-$", encryption), encryption
    assert any(ln.startswith("18 policies, 1 approved.") for ln in lines)

    assert main(["policies", str(demo_file), "--json"]) == 0
    rows = {p["id"]: p for p in json.loads(capsys.readouterr().out)}
    assert rows["access_control"]["version"] == 1 and rows["access_control"]["next_review"] == "2027-11-20"
    assert rows["access_control"]["acknowledgements"] == [
        {"person": "Jonas Lindqvist", "version": 1, "acknowledged_on": "2026-11-24"}
    ]
    assert rows["encryption"]["approver"] is None and rows["encryption"]["acknowledgements"] == []
    assert list(rows.values()) == _state(demo_file)[0]  # the service's own records, computed once


def test_policies_marks_wording_changed_since_approval(demo_file, capsys):
    """A policy reworded after its approval lists as that version with a star and a line saying what it means."""
    with services.open_workspace(demo_file) as s:
        p = next(p for p in services.policies(s) if p.key == "access_control")
        services.edit_policy_text(s, "access_control", p.wording + "\nEngineers review admin roles every quarter.")
    assert main(["policies", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^access_control\s+Access control policy\s+1\.0\*\s+Maya Okafor", out, re.M), out
    assert "* the wording has changed since that version was approved" in out


def test_policies_never_writes(demo_file, capsys):
    """Listing leaves the file's bytes and time stamp as they were, and leaves no file beside it."""
    old = os.stat(demo_file).st_mtime_ns - 5_000_000_000
    os.utime(demo_file, ns=(old, old))
    before = demo_file.read_bytes()
    beside = sorted(p.name for p in demo_file.parent.iterdir())
    assert main(["policies", str(demo_file)]) == 0
    assert main(["policies", str(demo_file), "--json"]) == 0
    assert demo_file.read_bytes() == before and os.stat(demo_file).st_mtime_ns == old
    assert sorted(p.name for p in demo_file.parent.iterdir()) == beside


def test_policy_approve_and_acknowledge_record_what_the_app_records(demo_file, capsys):
    """Approving issues the next version (with the actor in the log); an acknowledgement is PPL-02 evidence."""
    assert main(["policy", str(demo_file), "access_control", "--approve", "--approver", "Daniel Reyes",
                 "--date", "2026-11-25", "--note", "annual review", "--actor", "Consultant"]) == 0  # fmt: skip
    assert capsys.readouterr().out.strip() == (
        "Approved Access control policy 2.0 by Daniel Reyes on 2026-11-25; next review by 2027-11-25."
    )
    assert (
        main(["policy", str(demo_file), "access_control", "--acknowledge", " Ana  Silva ", "--date", "2026-11-26"]) == 0
    )
    assert (
        capsys.readouterr().out.strip()
        == "Recorded that Ana Silva acknowledged Access control policy 2.0 on 2026-11-26."
    )
    with services.open_workspace(demo_file, read_only=True) as s:
        p = next(p for p in services.policies(s) if p.key == "access_control")
        assert (p.current.version, p.current.approver, p.current.note) == (2, "Daniel Reyes", "annual review")
        assert [(a.person, a.version) for a in p.acknowledgements] == [("Jonas Lindqvist", 1), ("Ana Silva", 2)]
        ppl02 = next(r for r in services.checklist(s) if r.control.id == "PPL-02")
        assert dt.date(2026, 11, 26) in ppl02.occurrences
        log = services.activity(s)
        assert [(e.action, e.actor) for e in log[1:2]] == [("approve policy", "Consultant")]
        assert log[0].action == "acknowledge policy"


def test_policy_date_defaults_to_today(demo_file, capsys):
    """Without --date the approval is dated today, and its review a year on."""
    today = dt.date.today()
    assert main(["policy", str(demo_file), "encryption", "--approve", "--approver", "Maya Okafor"]) == 0
    assert f"on {today.isoformat()};" in capsys.readouterr().out
    rows = {p["id"]: p for p in _state(demo_file)[0]}
    assert rows["encryption"]["approved_on"] == today.isoformat()


TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "args, message",
    [
        (["nope", "--approve", "--approver", "X"], "ID: no policy 'nope' applies to this company"),
        (["encryption", "--approve"], "--approver: must not be empty"),
        (["encryption", "--approve", "--approver", "   "], "--approver: must not be empty"),
        (["encryption", "--approve", "--approver", "X", "--date", "30/11/2026"], "--date: '30/11/2026' is not a date"),
        (["encryption", "--approve", "--approver", "X", "--date", TOMORROW], f"--date: {TOMORROW} is after today"),
        (["access_control", "--acknowledge", "Ana", "--date", TOMORROW], f"--date: {TOMORROW} is after today"),
        (["access_control", "--acknowledge", " "], "--acknowledge: must not be empty"),
        (["encryption", "--acknowledge", "Ana"], "ID: Encryption policy has no approved version yet"),
        (["encryption", "--acknowledge", "Ana", "--approver", "X"], "--approver only applies with --approve"),
    ],
)
def test_policy_refuses_bad_input_naming_the_option_and_writes_nothing(demo_file, capsys, args, message):
    """Each bad value is one line on stderr naming the option, exit 1, and the workspace is unchanged."""
    before = _state(demo_file)
    assert main(["policy", str(demo_file), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"soc2wizard: error: {message}") and err.count("\n") == 1, err
    assert _state(demo_file) == before


def test_policy_usage_errors_exit_2(demo_file, capsys):
    """--approve and --acknowledge together, or neither, is a usage error."""
    for args in (["encryption"], ["encryption", "--approve", "--acknowledge", "Ana"]):
        with pytest.raises(SystemExit) as exc:
            main(["policy", str(demo_file), *args])
        assert exc.value.code == 2
    assert "--approve" in capsys.readouterr().err


def test_every_command_is_in_help_and_readme():
    """README's command list and 'soc2wizard --help' name the same commands, the policy ones included."""
    out = subprocess.run([sys.executable, "-m", "soc2wizard", "--help"], capture_output=True, text=True, check=True)
    readme = README.read_text(encoding="utf-8")
    block = readme[readme.index("## Command line") :]
    block = block[: block.index("\n## ", 1)]
    for name in COMMANDS:
        assert f"soc2wizard {name} " in out.stdout, name
        assert f"soc2wizard {name} " in block, name
    assert {"policies", "policy"} <= set(COMMANDS)
