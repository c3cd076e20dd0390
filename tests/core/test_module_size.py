"""No module of the app grows past 900 lines (issue 13): past that, split it by what it does."""

from __future__ import annotations

from pathlib import Path

import soc2wizard

LIMIT = 900


def test_no_module_under_soc2wizard_exceeds_900_lines():
    root = Path(soc2wizard.__file__).parent
    sizes = {
        p.relative_to(root.parent).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in root.rglob("*.py")
    }
    assert len(sizes) > 50  # the whole package was read, not an empty folder
    too_long = {name: n for name, n in sorted(sizes.items()) if n > LIMIT}
    assert too_long == {}, f"split these modules (limit {LIMIT} lines): {too_long}"
