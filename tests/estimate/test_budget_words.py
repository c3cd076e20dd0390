"""How the budget explains itself: no range that reads as the same figure twice ("1.0–1.0 years")."""

from __future__ import annotations

import re

from soc2wizard import services
from soc2wizard.demo import build_demo


def test_no_explanation_repeats_a_figure_as_a_range(tmp_path):
    """Each cost line's basis, this year and year two, writes a range only when its ends differ as written."""
    with build_demo(tmp_path / "demo.soc2") as s:
        b = services.estimate(s).budget
        texts = [i.basis for i in (*b.items, *b.renewal_items)]
    assert texts
    same = re.compile(r"(?<![\d.])(\$?[\d.,]+k?)\u2013\1(?![\d.])")
    assert [t for t in texts if same.search(t)] == []
