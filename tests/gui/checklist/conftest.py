"""Fixtures for the checklist page: an app context on the demo workspace, offscreen."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def ctx(qapp, tmp_path: Path):
    """An AppContext with the demo company's workspace open."""
    from soc2wizard.demo import build_demo
    from soc2wizard.gui.context import AppContext

    context = AppContext()
    context.today = lambda: dt.date(2026, 11, 26)
    context.open(build_demo(tmp_path / "demo.soc2", today=dt.date(2026, 11, 26)))
    yield context
    context.close()


@pytest.fixture
def page(qtbot, ctx):
    """The checklist page on the demo workspace, shown at 1280×800."""
    from soc2wizard.gui.checklist.page import ChecklistPage

    widget = ChecklistPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget
