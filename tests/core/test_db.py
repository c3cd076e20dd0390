"""The workspace handle: transactions roll back whole, and opening stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

from soc2wizard import services


def _owner(s, cid):
    row = s.repo.db.execute("SELECT owner FROM control_states WHERE control_id = ?", [cid]).fetchone()
    return row[0] if row else None


def test_failed_transaction_leaves_nothing(workspace):
    """An error inside a transaction undoes every write made in it."""
    ids = [r.control.id for r in services.checklist(workspace)[:2]]
    repo = workspace.repo
    with pytest.raises(RuntimeError):
        with repo.transaction():
            repo.write_control_state(services.control_state(workspace, ids[0]).__class__(ids[0], owner="A"))
            raise RuntimeError("boom")
    assert _owner(workspace, ids[0]) is None
    assert not repo.db.conn.in_transaction


def test_nested_failure_rolls_back_only_the_inner_part(workspace):
    """A failing inner block (savepoint) keeps the outer block's writes."""
    ids = [r.control.id for r in services.checklist(workspace)[:2]]
    repo = workspace.repo
    state = services.control_state(workspace, ids[0]).__class__
    with repo.transaction():
        repo.write_control_state(state(ids[0], owner="Outer"))
        with pytest.raises(ValueError):
            with repo.transaction():
                repo.write_control_state(state(ids[1], owner="Inner"))
                raise ValueError("inner")
    assert (_owner(workspace, ids[0]), _owner(workspace, ids[1])) == ("Outer", None)


def test_opening_an_up_to_date_workspace_does_not_load_sqlite_utils(workspace):
    """Start-up opens a current file without importing sqlite-utils (its import costs ~50 ms)."""
    path = workspace.path
    workspace.close()
    code = (
        "import sys\nfrom soc2wizard import services\n"
        f"s = services.open_workspace({str(path)!r})\nservices.checklist(s)\nservices.estimate(s)\n"
        "services.update_profile(s, employees=12)\ns.close()\n"
        "print('loaded' if 'sqlite_utils' in sys.modules else 'not loaded')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "not loaded"
    with services.open_workspace(path) as s:
        assert services.get_answers(s).company.employees == 12
