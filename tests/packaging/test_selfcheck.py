"""The self-check of an installed build, and of the frozen bundle (slow)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_self_check_passes_on_this_install(tmp_path):
    """`--self-check` imports everything, writes a workspace and a PDF, and exits 0."""
    out = subprocess.run(
        [sys.executable, "-m", "soc2wizard", "--self-check"], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "self-check passed" in out.stdout
    assert "workspace + PDF  ok" in out.stdout
    assert "Word documents   ok" in out.stdout
    assert list(tmp_path.iterdir()) == []  # nothing left behind


@pytest.mark.slow
def test_frozen_bundle_passes_its_self_check(tmp_path):
    """The PyInstaller one-folder bundle runs its self-check offscreen, finding every resource."""
    if (
        shutil.which("pyinstaller") is None
        and subprocess.run([sys.executable, "-m", "PyInstaller", "--version"], capture_output=True).returncode != 0
    ):
        pytest.skip("PyInstaller is not installed (pip install '.[bundle]')")
    dist, work = tmp_path / "dist", tmp_path / "work"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "packaging" / "soc2wizard.spec"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1500,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    exe = dist / "soc2wizard" / ("soc2wizard.exe" if os.name == "nt" else "soc2wizard")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([str(exe), "--self-check"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    print(out.stdout)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "(frozen," in out.stdout and "self-check passed" in out.stdout
    assert "Word documents   ok" in out.stdout  # python-docx and its template made it into the bundle
    demo = subprocess.run(
        [str(exe), "demo", str(tmp_path / "d.soc2")], capture_output=True, text=True, env=env, timeout=120
    )
    assert demo.returncode == 0, demo.stderr
