"""The core runs without Qt: nothing outside soc2wizard.gui imports PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import soc2wizard

CORE = [
    p
    for p in Path(soc2wizard.__file__).parent.rglob("*.py")
    if "gui" not in p.relative_to(Path(soc2wizard.__file__).parent).parts
]


def test_core_modules_import_without_pyside6(tmp_path):
    """Importing every core module and running a command loads no PySide6 module."""
    modules = sorted(
        "soc2wizard." + ".".join(p.relative_to(Path(soc2wizard.__file__).parent).with_suffix("").parts)
        for p in CORE
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m.removesuffix('.__init__'))\n"
        "from soc2wizard.cli import main\n"
        f"main(['demo', {str(tmp_path / 'd.soc2')!r}])\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print('QT:' + ','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "QT:"
    assert len(modules) >= 10
