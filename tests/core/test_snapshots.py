"""Snapshots and compare through the command line: kept in the workspace, compared field by field."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from soc2wizard import services
from soc2wizard.cli import main
from soc2wizard.demo import build_demo

DAY1 = dt.date(2026, 11, 26)
DAY2 = dt.date(2026, 12, 10)


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.soc2"
    build_demo(path, today=DAY1).close()
    return path


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _snapshots(path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, taken_on FROM snapshots ORDER BY id").fetchall()
    finally:
        conn.close()


def test_snapshot_then_compare_round_trips_every_field(demo_file, capsys):
    """Two snapshots around a few edits: compare --json lists exactly those edits and both sets of figures."""
    code, out, _ = _run(capsys, "snapshot", str(demo_file), "--name", "baseline", "--date", DAY1.isoformat())
    assert code == 0 and "Kept snapshot 'baseline' of 2026-11-26" in out
    with services.open_workspace(demo_file) as s:
        before = services.summary_json(s, today=DAY1)
        rows = {r.control.id: r for r in services.checklist(s)}
        open_ids = [cid for cid, r in rows.items() if r.state.status == "not_started"][:2]
        a, b = open_ids
        old_a, old_b = rows[a].state, rows[b].state
        services.update_control(s, a, status="implemented")
        services.update_control(s, b, owner="Sam Okafor", due_date="2027-01-15")
        services.add_evidence_link(s, a, "https://wiki.example/proof", occurred_on="2026-12-01")
        after = services.summary_json(s, today=DAY2)
    code, out, _ = _run(capsys, "snapshot", str(demo_file), "--name", "week 2", "--date", DAY2.isoformat())
    assert code == 0
    assert _snapshots(demo_file) == [("baseline", "2026-11-26"), ("week 2", "2026-12-10")]

    code, out, err = _run(capsys, "compare", str(demo_file), "--from", "baseline", "--to", "week 2", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["from"] == {"name": "baseline", "date": "2026-11-26"}
    assert data["to"] == {"name": "week 2", "date": "2026-12-10"}
    changed = {c["id"]: c for c in data["controls_changed"]}
    assert set(changed) == {a, b}
    assert changed[a]["title"] == rows[a].control.title
    assert changed[a]["changed"] == ["status", "evidence"]
    assert changed[a]["before"] == {
        "status": "not_started",
        "owner": old_a.owner,
        "due_date": old_a.due_date.isoformat() if old_a.due_date else None,
        "evidence": rows[a].evidence_count,
    }
    assert changed[a]["after"]["status"] == "implemented"
    assert changed[a]["after"]["evidence"] == rows[a].evidence_count + 1
    assert changed[b]["changed"] == ["owner", "due_date"]
    assert changed[b]["before"]["owner"] == old_b.owner
    assert (changed[b]["after"]["owner"], changed[b]["after"]["due_date"]) == ("Sam Okafor", "2027-01-15")
    # Readiness then and now: the same numbers summary --json gave on each day.
    r = data["readiness"]
    assert r["before"]["design_percent"] == before["readiness"]["percent"]
    assert r["after"]["design_percent"] == after["readiness"]["percent"]
    assert r["after"]["implemented"] == r["before"]["implemented"] + 1
    by = {k["id"]: k for k in r["by_criterion"]}
    assert set(by) == set(after["readiness"]["by_criterion"])
    for cid, pct in before["readiness"]["by_criterion"].items():
        assert by[cid]["before"] == pct
    for cid, pct in after["readiness"]["by_criterion"].items():
        assert by[cid]["after"] == pct
    assert any(by[c]["after"] > by[c]["before"] for c in rows[a].control.criteria)
    # The estimate then and now.
    e = data["estimate"]
    for side, plan in (("before", before), ("after", after)):
        assert e[side]["cost_low"] == plan["cost"]["low"] and e[side]["cost_high"] == plan["cost"]["high"]
        assert e[side]["renewal_low"] == plan["cost"]["renewal"]["low"]
        assert e[side]["report_date_earliest"] == plan["timeline"]["report_date_earliest"]
        assert e[side]["report_date_latest"] == plan["timeline"]["report_date_latest"]
        assert e[side]["report_type"] == plan["report"]["type"]

    # By default: the last snapshot against the workspace now (nothing changed since "week 2").
    code, out, _ = _run(capsys, "compare", str(demo_file), "--json", "--date", DAY2.isoformat())
    now = json.loads(out)
    assert now["from"]["name"] == "week 2" and now["to"] == {"name": None, "date": "2026-12-10"}
    assert now["controls_changed"] == []
    assert now["estimate"]["before"] == now["estimate"]["after"] == e["after"]
    # --to alone compares with the snapshot kept just before it.
    code, out, _ = _run(capsys, "compare", str(demo_file), "--to", "week 2", "--json")
    assert json.loads(out)["from"]["name"] == "baseline"
    # The readable form names both ends and the changed controls.
    code, out, _ = _run(capsys, "compare", str(demo_file), "--from", "baseline", "--to", "week 2")
    assert code == 0 and "Progress from 'baseline' (2026-11-26) to 'week 2' (2026-12-10)" in out
    assert "Controls changed: 2" in out and a in out and b in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["compare", "{f}"], "snapshot: none kept in this workspace yet"),
        (["compare", "{f}", "--from", "baseline"], "snapshot: none kept in this workspace yet"),
    ],
)
def test_compare_without_any_snapshot_is_a_one_line_error(demo_file, capsys, args, message):
    """With no snapshot kept, compare exits 1 with one line saying to keep one first."""
    code, out, err = _run(capsys, *[a.format(f=demo_file) for a in args])
    assert code == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_unknown_and_duplicate_names_are_one_line_errors_that_change_nothing(demo_file, capsys):
    """An unknown --from/--to names the option and the snapshots kept; a duplicate name keeps nothing new."""
    assert _run(capsys, "snapshot", str(demo_file), "--name", "baseline", "--date", DAY1.isoformat())[0] == 0
    for option in ("--from", "--to"):
        code, out, err = _run(capsys, "compare", str(demo_file), option, "nope")
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
        assert f"{option[2:]}: no snapshot called 'nope'; this workspace has 'baseline'" in err
    code, _, err = _run(capsys, "compare", str(demo_file), "--to", "baseline")
    assert code == 1 and "no snapshot was kept before 'baseline'" in err
    code, _, err = _run(capsys, "snapshot", str(demo_file), "--name", "baseline")
    assert code == 1 and "name: a snapshot called 'baseline' already exists" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = _run(capsys, "snapshot", str(demo_file), "--name", "   ")
    assert code == 1 and "name: must not be empty" in err
    assert _snapshots(demo_file) == [("baseline", "2026-11-26")]


def test_a_snapshot_is_logged_and_compare_opens_read_only(demo_file, capsys):
    """Keeping a snapshot is in the activity log; compare adds neither a snapshot nor a log entry."""
    _run(capsys, "snapshot", str(demo_file), "--name", "baseline", "--date", DAY1.isoformat())
    conn = sqlite3.connect(demo_file)
    last = conn.execute("SELECT action, target FROM activity ORDER BY id DESC LIMIT 1").fetchone()
    count = conn.execute("SELECT COUNT(*) FROM activity").fetchone()[0]
    conn.close()
    assert last == ("take snapshot", "baseline")
    assert _run(capsys, "compare", str(demo_file), "--json")[0] == 0
    assert _snapshots(demo_file) == [("baseline", "2026-11-26")]
    conn = sqlite3.connect(demo_file)
    assert conn.execute("SELECT COUNT(*) FROM activity").fetchone()[0] == count
    conn.close()


def test_snapshots_travel_with_a_json_export_and_restore(demo_file, tmp_path, capsys):
    """export --json carries the snapshots; new --from-json brings them back, and compare reads them."""
    _run(capsys, "snapshot", str(demo_file), "--name", "baseline", "--date", DAY1.isoformat())
    dump = tmp_path / "d.json"
    assert _run(capsys, "export", str(demo_file), "--json", str(dump))[0] == 0
    doc = json.loads(dump.read_text())
    assert [s["name"] for s in doc["snapshots"]] == ["baseline"]
    restored = tmp_path / "restored.soc2"
    assert _run(capsys, "new", str(restored), "--from-json", str(dump))[0] == 0
    assert _snapshots(restored) == [("baseline", "2026-11-26")]
    a = json.loads(_run(capsys, "compare", str(demo_file), "--json", "--date", DAY1.isoformat())[1])
    b = json.loads(_run(capsys, "compare", str(restored), "--json", "--date", DAY1.isoformat())[1])
    assert a == b
    # A damaged snapshot in the dump names its path, and nothing is created.
    doc["snapshots"][0]["body"] = {"format": "something else"}
    dump.write_text(json.dumps(doc))
    code, _, err = _run(capsys, "new", str(tmp_path / "bad.soc2"), "--from-json", str(dump))
    assert code == 1 and "snapshots[0].body" in err
    assert not (tmp_path / "bad.soc2").exists()
