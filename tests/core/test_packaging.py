"""The wheel carries every package and resource: nothing works only in a checkout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="not run from a source checkout")
def test_every_package_is_listed_in_pyproject():
    """Each folder with an __init__.py is in pyproject's package list, so the wheel has it."""
    text = (ROOT / "pyproject.toml").read_text()
    listed = set(re.findall(r'^\s*"(soc2wizard(?:\.\w+)*)",\s*$', text, re.M))
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "soc2wizard").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found - listed == set()


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="not run from a source checkout")
def test_every_resource_suffix_is_packaged():
    """Every kind of file under resources/ matches a package-data pattern."""
    text = (ROOT / "pyproject.toml").read_text()
    patterns = set(re.findall(r'"\*\*/\*(\.\w+)"', text)) | set(re.findall(r'"\*(\.\w+)"', text))
    suffixes = {
        p.suffix
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and p.name != "__init__.py" and "__pycache__" not in p.parts
    }
    assert suffixes - patterns == set()
