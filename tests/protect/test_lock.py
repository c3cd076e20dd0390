"""One writer at a time: a second opener gets the file read-only and is told who has it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from soc2wizard import services


def test_second_open_is_read_only_and_says_why(workspace):
    """Opening a workspace already open for writing gives a read-only session naming the holder."""
    with services.open_workspace(workspace.path) as second:
        assert second.read_only and second.locked_by
        try:
            services.update_profile(second, employees=99)
        except services.WorkspaceError as exc:
            assert "read-only" in str(exc) and "has it open" in str(exc)
        else:
            raise AssertionError("a read-only session accepted a write")
        assert services.get_answers(second).company.name == "Acme Health"  # reading works
    services.update_profile(workspace, employees=41)  # the first keeps writing


def test_lock_is_released_on_close_and_by_a_killed_process(workspace, tmp_path):
    """After close, or after the holder was killed, the next opener may write."""
    path = workspace.path
    workspace.close()
    assert not path.with_name(path.name + ".lock").exists()
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from soc2wizard import services
            s = services.open_workspace({str(path)!r})
            print("open", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "open"
        with services.open_workspace(path) as s:
            assert s.read_only and "process" in s.locked_by
    finally:
        child.kill()
        child.wait()
    with services.open_workspace(path) as s:  # the stale lock file is simply taken over
        assert not s.read_only
        services.update_profile(s, employees=50)
