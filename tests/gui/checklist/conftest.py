"""Fixtures for the checklist page: an app context on the demo workspace, offscreen."""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# PySide6 6.12.0 on Python 3.11 returns None from every void method without taking a
# reference (Python 3.12+ makes None immortal, so it is harmless there). A few thousand
# calls drive None's count to zero and the interpreter aborts ("none_dealloc"). Give
# None the headroom 3.12 gives it, so the suite tests the page rather than that bug.
if sys.version_info < (3, 12):
    for _singleton in (None, True, False):  # bool results are short of a reference too
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40


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
