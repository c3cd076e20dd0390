"""Crash safety: a process killed (SIGKILL) in the middle of edits loses no committed edit."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from soc2wizard import services

CHILD = Path(__file__).with_name("crash_child.py")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL exists on POSIX only")
def test_sigkill_mid_edits_keeps_every_committed_edit(workspace):
    """Kill a writer after ~1500 edits: every edit it reported is in the file, which passes integrity_check."""
    path = workspace.path
    workspace.close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, str(CHILD), str(path)], stdout=subprocess.PIPE, text=True, env=env)
    last = -1
    try:
        for line in child.stdout:
            last = int(line.split()[1])
            if last >= 1500:
                break
        os.kill(child.pid, signal.SIGKILL)
        # Edits may have been committed after the last line we read; none before it may be lost.
        for line in child.stdout:
            last = int(line.split()[1])
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert last >= 1500
    print(f"killed after {last + 1} reported edits")

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with services.open_workspace(path) as s:
        assert not s.read_only  # the dead writer's lock is gone
        notes = {st.notes for st in s.repo.control_states().values()}
        missing = [n for n in range(last + 1) if n > last - 98 and f"edit {n}" not in notes]
        assert missing == []  # the newest edit of every control is there
        log = {
            e.after.get("notes")
            for e in services.activity_entries(s, action="update control")
            if isinstance(e.after, dict)
        }
        assert all(f"edit {n}" in log for n in range(last + 1))
        names = {e.name for e in services.list_evidence(s)}
        assert all(f"e{n}.txt" in names for n in range(0, last + 1, 7))
        assert services.verify_workspace(s).ok
