"""kill -9 in a loop, plain and encrypted, through the app and the command line: every reported edit is found.

Slow (run with --run-slow). Each variant kills its writer at random moments
several times over, reopens the file after each kill and checks that every
edit the writer reported is there, the file passes integrity_check, the log's
chain is unbroken and the dead writer's lock is gone. It prints edits made
against edits found.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from soc2wizard import services

from .conftest import PASS

APP_CHILD = Path(__file__).with_name("app_child.py")
ROUNDS = 6

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL exists on POSIX only"),
]


def _env(tmp_path: Path, encrypted: bool) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "SOC2WIZARD_HOME": str(tmp_path / "home"),
    }
    env.pop("SOC2WIZARD_PASSPHRASE", None)
    if encrypted:
        env["SOC2WIZARD_PASSPHRASE"] = PASS
    return env


def _create(tmp_path: Path, encrypted: bool) -> Path:
    path = tmp_path / ("enc.soc2" if encrypted else "plain.soc2")
    services.create_workspace(path, name="Kill Co", passphrase=PASS if encrypted else None).close()
    return path


def _check(path: Path, encrypted: bool) -> services.Session:
    s = services.open_workspace(path, passphrase=PASS if encrypted else None)
    assert not s.read_only, "the killed writer's lock should be gone"
    result = services.verify_workspace(s)
    assert result.ok, result.lines()
    return s


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_kill_the_app_in_a_loop(tmp_path, encrypted, capsys):
    path = _create(tmp_path, encrypted)
    rng = random.Random(12)
    made = 0
    kills = 0
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, str(APP_CHILD), str(path), str(made)],
            stdout=subprocess.PIPE,
            text=True,
            env=_env(tmp_path, encrypted),
        )
        last = made - 1
        deadline = time.monotonic() + rng.uniform(0.3, 1.5)
        try:
            for line in child.stdout:
                last = int(line.split()[1])
                if time.monotonic() > deadline and last > made:
                    break
            os.kill(child.pid, signal.SIGKILL)
            for line in child.stdout:
                last = int(line.split()[1])
        finally:
            child.kill()
            child.wait()
        assert child.returncode == -signal.SIGKILL
        kills += 1
        made = last + 1
        with _check(path, encrypted) as s:
            notes = {e.after.get("notes") for e in services.activity_entries(s, action="update control")}
            found = sum(f"edit {n}" in notes for n in range(made))
            assert found == made, f"{made - found} reported edits lost"
            files = {e.name for e in services.list_evidence(s)}
            assert all(f"e{n}.txt" in files for n in range(0, made, 5))
    with capsys.disabled():
        print(f"\n  app, {'encrypted' if encrypted else 'plain'}: {kills} kills, {made} edits made, {found} found")


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_kill_the_command_line_in_a_loop(tmp_path, encrypted, capsys):
    """`soc2wizard import` killed at random moments: each import is all there (if it said so) or not at all."""
    path = _create(tmp_path, encrypted)
    with services.open_workspace(path, passphrase=PASS if encrypted else None) as s:
        ids = [r.control.id for r in services.checklist(s)][:60]
    rng = random.Random(7)
    reported = 0
    found_imports = 0
    attempts = ROUNDS * 3
    for n in range(attempts):
        csv = tmp_path / f"round{n}.csv"
        csv.write_text("Control ID,Notes\n" + "".join(f"{cid},round {n}\n" for cid in ids), encoding="utf-8")
        child = subprocess.Popen(
            [sys.executable, "-m", "soc2wizard", "import", str(path), "--csv", str(csv)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(tmp_path, encrypted),
        )
        time.sleep(rng.uniform(0.05, 2.0 if encrypted else 0.9))  # an encrypted open takes longer (key derivation)
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        said_done = "Imported" in out
        reported += said_done
        with _check(path, encrypted) as s:
            notes = {services.control_state(s, cid).notes for cid in ids}
        assert len(notes) == 1, f"import {n} was applied in part: {sorted(notes)[:3]}"
        applied = notes == {f"round {n}"}
        found_imports += applied
        if said_done:
            assert applied, f"import {n} reported success but is not in the file"
    with capsys.disabled():
        print(
            f"\n  command line, {'encrypted' if encrypted else 'plain'}: {attempts} kills, "
            f"{reported} imports reported done, {found_imports} found whole, none in part"
        )
