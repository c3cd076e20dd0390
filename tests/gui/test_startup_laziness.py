"""Start-up loads only what the first screen shows (issue 18): what is imported by the first paint.

The app is started in a fresh interpreter, as the console script starts it (``soc2wizard FILE``), with the demo
workspace; at the window's first paint the child lists the modules loaded so far, then lets the
figures that wait for the paint be worked out, and lists them again. Nothing here is timed
(tests/bench/bench_app.py measures the start-up).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap

import pytest

# Libraries and modules of features the first screen does not show; each must load on first use.
HEAVY = [
    "reportlab",
    "docx",
    "icalendar",
    "psycopg",
    "openpyxl",
    "keyring",
    "sqlite_utils",
    "soc2wizard.report",
    "soc2wizard.estimate.plan",  # checks, readiness and the estimate come after the paint
    "soc2wizard.domain.deliverables",
    "soc2wizard.services.deliverables",
    "soc2wizard.services.exports",
    "soc2wizard.services.portfolio",
    "soc2wizard.services.calendar",
    "soc2wizard.catalog",  # the control catalog: the profile step shows none of it
    "soc2wizard.domain.catalog",
    "soc2wizard.services.controls",
    "soc2wizard.gui.checklist",
    "soc2wizard.gui.portfolio",
    "soc2wizard.gui.through_year",
    "soc2wizard.gui.settings_dialog",
    "soc2wizard.gui.pages.start",  # a file named at launch opens without building the start page
    "soc2wizard.gui.deliverables",  # the documents window: File ▸ Auditor and Prospect Documents… loads it
    "soc2wizard.services.team",  # the Team menu's state and the status bar's sync status come after the paint
    "soc2wizard.team.replica",  # a workspace not shared with a team never loads team sync
    "soc2wizard.team.sync",
    "soc2wizard.team.server",
]

_CHILD = textwrap.dedent("""
    import json, sys
    import soc2wizard.cli as cli  # as the console script starts the app: `soc2wizard FILE`
    import soc2wizard.gui.app as gui_app
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication
    seen = {}
    class F(QObject):
        def eventFilter(self, o, e):
            if e.type() == QEvent.Type.Paint and "painted" not in seen:
                seen["painted"] = sorted(sys.modules)
                seen["painted_step"] = o.current_step()
                seen["painted_states"] = [o.sidebar.item(i).text() for i in range(o.sidebar.count())]
                QTimer.singleShot(50, lambda: later(o))
            return False
    def later(w):
        w.ctx.settle()
        QApplication.processEvents()
        seen["after"] = sorted(sys.modules)
        seen["title"] = w.windowTitle()
        seen["step"] = w.current_step()
        seen["states"] = [w.sidebar.item(i).text() for i in range(w.sidebar.count())]
        print(json.dumps(seen), flush=True)
        w.close()
    f = F()
    start_window = gui_app.start_window
    def probed(path):
        w = start_window(path)
        w.installEventFilter(f)
        return w
    gui_app.start_window = probed
    sys.exit(cli.main([sys.argv[1]]))
""")


def _loaded(names: list[str], prefix: str) -> bool:
    return any(n == prefix or n.startswith(prefix + ".") for n in names)


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from soc2wizard.demo import build_demo

    home = tmp_path_factory.mktemp("home")
    demo = home / "demo.soc2"
    build_demo(demo, today=dt.date(2026, 11, 26)).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SOC2WIZARD_HOME": str(home), "XDG_CONFIG_HOME": str(home)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(demo)], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("{"))
    return json.loads(line)


def test_the_first_paint_shows_the_demo_on_its_first_step(started: dict) -> None:
    assert started["painted_step"] == "profile"  # a workspace never opened before opens on its first step
    from soc2wizard.demo import DEMO_NAME

    assert started["title"].startswith(f"{DEMO_NAME} — demo.soc2")


@pytest.mark.parametrize("module", HEAVY)
def test_nothing_the_first_screen_does_not_show_is_loaded_before_it(started: dict, module: str) -> None:
    assert not _loaded(started["painted"], module), f"{module} was imported before the first paint"


def test_the_step_states_are_worked_out_after_the_paint(started: dict) -> None:
    # Before the paint the steps show their titles alone; a moment later, with the estimate
    # loaded, each shows its state under it.
    assert all("\n" not in text for text in started["painted_states"])
    assert all("\n" in text for text in started["states"])
    assert _loaded(started["after"], "soc2wizard.estimate.plan")
