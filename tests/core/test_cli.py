"""The command line: exit codes, messages on stderr, and no file left by a failure."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soc2wizard.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "soc2wizard", *args], capture_output=True, text=True)


def test_new_from_answers_creates_the_workspace(tmp_path, answers_doc, capsys):
    """`new FILE --answers` writes a workspace holding the answers."""
    a = tmp_path / "a.json"
    a.write_text(json.dumps(answers_doc))
    assert main(["new", str(tmp_path / "w.soc2"), "--answers", str(a)]) == 0
    assert "Acme Health" in capsys.readouterr().out
    conn = sqlite3.connect(tmp_path / "w.soc2")
    assert conn.execute("SELECT name, employees FROM profile").fetchone() == ("Acme Health", 40)


def test_bad_answers_exit_1_naming_the_field_and_leave_no_file(tmp_path, answers_doc, capsys):
    """A bad value exits 1 with the field path on stderr and creates nothing."""
    answers_doc["company"]["employees"] = 0
    a = tmp_path / "a.json"
    a.write_text(json.dumps(answers_doc))
    assert main(["new", str(tmp_path / "w.soc2"), "--answers", str(a)]) == 1
    err = capsys.readouterr().err
    assert "company.employees" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_missing_answers_file_and_usage_errors(tmp_path, capsys):
    """A missing file is a user error (1); a missing argument is a usage error (2)."""
    assert main(["new", str(tmp_path / "w.soc2"), "--answers", str(tmp_path / "none.json")]) == 1
    assert "no such answers file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["new"])
    assert info.value.code == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
        st.dictionaries(st.text(max_size=10), st.integers(), max_size=3).map(json.dumps),
    )
)
def test_garbage_answers_never_leave_a_file(tmp_path_factory, text):
    """Whatever the answers file holds, `new` either succeeds or exits 1 with no file left."""
    d = tmp_path_factory.mktemp("fuzz")
    a = d / "a.json"
    a.write_bytes(text.encode("utf-8", "surrogatepass"))
    code = main(["new", str(d / "w.soc2"), "--answers", str(a)])
    assert code == 1
    assert sorted(p.name for p in d.iterdir()) == ["a.json"]


def test_catalog_json_lists_every_criterion_covered(capsys):
    """`catalog --json` lists the 61 criteria and 100+ controls, each criterion covered."""
    assert main(["catalog", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["criteria"]) == 61
    assert len(doc["controls"]) >= 100
    assert all(c["controls"] for c in doc["criteria"])


def test_demo_command_makes_a_sound_file(tmp_path):
    """`demo FILE` writes a workspace that passes integrity_check, from a real process."""
    out = run("demo", str(tmp_path / "d.soc2"))
    assert out.returncode == 0, out.stderr
    conn = sqlite3.connect(tmp_path / "d.soc2")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT name FROM profile").fetchone()[0] == "Tidewater Health"


def test_version_and_help():
    """--version prints the version; --help lists the commands."""
    v = run("--version")
    assert v.returncode == 0 and v.stdout.startswith("soc2wizard ")
    h = run("--help")
    assert h.returncode == 0
    for cmd in ("new", "catalog", "demo"):
        assert f"soc2wizard {cmd}" in h.stdout


def test_demo_never_overwrites_a_file(tmp_path):
    """`demo` onto an existing file exits 1 and leaves that file as it was."""
    f = tmp_path / "notes.soc2"
    f.write_text("hello")
    out = run("demo", str(f))
    assert out.returncode == 1 and "already exists" in out.stderr
    assert f.read_text() == "hello"
