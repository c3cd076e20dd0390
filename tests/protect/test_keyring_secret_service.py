"""The real keychain: a passphrase kept in and read back from a Secret Service (GNOME Keyring)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("keyring_child.py")


def _missing() -> str:
    tools = [t for t in ("dbus-run-session", "gnome-keyring-daemon") if shutil.which(t) is None]
    if tools:
        return f"{' and '.join(tools)} not installed (.ci/run installs dbus and gnome-keyring from Debian)"
    try:
        import secretstorage  # noqa: F401
    except ImportError:
        return "the secretstorage package (keyring's Secret Service backend) is not installed"
    return ""


@pytest.mark.skipif(bool(_missing()), reason=_missing() or "available")
def test_passphrase_round_trip_through_gnome_keyring(tmp_path):
    """Remembered in a running GNOME Keyring, the passphrase opens the file with no prompt, then is forgotten."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "HOME": str(tmp_path)}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("SOC2WIZARD_PASSPHRASE", None)
    script = (
        "echo test-login-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
        f"exec {shlex.quote(sys.executable)} {shlex.quote(str(CHILD))} {shlex.quote(str(tmp_path))}"
    )
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "keychain" in out and "not remembered" not in out, out
    assert "opened: Keychain Co True" in out
    assert "remembered: True" in out
    assert "forgotten: True" in out
