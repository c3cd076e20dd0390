"""The app's frame budget, printed as a table (a script, not a test: nothing here is asserted).

    python tests/bench/bench_app.py [--runs 5]

Each measure is repeated (``--runs``) and shown with its goal, its median
and its worst figure (and p95 where a run has many samples):
- a checklist edit through the table at 2,000 rows (model, undo command, the
  row's repaint), and separately the derived figures that follow a frame later;
- cold start to the first painted window with the demo open, started as a user
  starts it (the console script's main() with the file), against a bare PySide6
  QMainWindow started the same way (goal <= 1.5x), and for reference a window
  of the same kinds of widgets with a SQLite read and nothing of the app;
- typing 5,000 characters into a text field (per key, goal <= 16 ms);
- a checklist filter keystroke on 2,000 rows (goal <= 16 ms);
- PDF export at 300 and 1,000 controls;
- peak memory (max RSS) of the app with the demo open, and of the bare window.
Qt runs offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = dt.date(2026, 11, 26)

# The child prints the time of its first paint, measured from its own start
# (perf_counter of the parent is not shared, so the parent times the spawn).
_BARE = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
    app = QApplication(sys.argv[:1])
    w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1280, 800)
    class F(QObject):
        def eventFilter(self, o, e):
            if e.type() == QEvent.Type.Paint:
                print("PAINTED", flush=True); QTimer.singleShot(0, app.quit)
            return False
    f = F(); w.installEventFilter(f); w.show(); app.exec()
    import resource; print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
""")

_APP = textwrap.dedent("""
    import sys
    # As the console script starts the app (`soc2wizard FILE`): the command line's module first,
    # then its main(), which reaches soc2wizard.gui.app.run(). The only addition is a probe on the
    # window start_window() returns, to see its first paint.
    import soc2wizard.cli as cli
    import soc2wizard.gui.app as gui_app
    from PySide6.QtCore import QEvent, QObject, QTimer
    class F(QObject):
        def eventFilter(self, o, e):
            if e.type() == QEvent.Type.Paint:
                print("PAINTED", flush=True); QTimer.singleShot(0, o.close)
            return False
    f = F()
    start_window = gui_app.start_window
    def probed(path):
        w = start_window(path)
        w.installEventFilter(f)
        return w
    gui_app.start_window = probed
    code = cli.main([sys.argv[1]])
    import resource; print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    sys.exit(code)
""")


# The same kinds of widgets as the app's first screen (a step list, a form of 26 fields in a scroll
# area, a help dock, a menu of 20 shortcuts) and a SQLite read of the demo, with nothing of the app:
# what any PySide6 window like it costs, to read the app's ratio against.
_LIKE = textwrap.dedent("""
    import sqlite3, sys
    from PySide6.QtCore import QEvent, QObject, QTimer, Qt
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDockWidget, QFormLayout, QHBoxLayout,
        QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QScrollArea, QStackedWidget, QTextBrowser, QWidget)
    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    rows = [con.execute("SELECT name FROM sqlite_master").fetchall() for _ in range(10)]
    central = QWidget(); row = QHBoxLayout(central)
    steps = QListWidget()
    for i in range(8):
        item = QListWidgetItem(f"{i + 1}. Step"); item.setData(Qt.ItemDataRole.UserRole, i); steps.addItem(item)
    row.addWidget(steps)
    stack = QStackedWidget(); page = QWidget(); form = QFormLayout(page)
    for i in range(12):
        form.addRow(f"Field {i}", QLineEdit(f"value {i}"))
    for i in range(4):
        c = QComboBox(); c.addItems(["a", "b", "c"]); form.addRow(f"Choice {i}", c)
    for i in range(10):
        form.addRow(QCheckBox(f"Practice {i}"))
    scroll = QScrollArea(); scroll.setWidget(page); scroll.setWidgetResizable(True)
    stack.addWidget(scroll); row.addWidget(stack, 1)
    w.setCentralWidget(central)
    dock = QDockWidget("Help", w); dock.setWidget(QTextBrowser()); w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    menu = w.menuBar().addMenu("&File")
    for i in range(20):
        a = QAction(f"Item {i}", w); a.setShortcut(QKeySequence(f"Ctrl+{chr(65 + i)}")); menu.addAction(a)
    w.resize(1280, 800)
    class F(QObject):
        def eventFilter(self, o, e):
            if e.type() == QEvent.Type.Paint:
                print("PAINTED", flush=True); QTimer.singleShot(0, app.quit)
            return False
    f = F(); w.installEventFilter(f); w.show(); app.exec()
    import resource; print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
""")


def _start_once(code: str, *args: str, home: str) -> tuple[float, int]:
    env = {**os.environ, "SOC2WIZARD_HOME": home, "XDG_CONFIG_HOME": home}
    # A user's Python writes and reuses bytecode caches; a shell with
    # PYTHONDONTWRITEBYTECODE set would time recompiling every module instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)
    painted = None
    rss = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("PAINTED") and painted is None:
            painted = time.perf_counter() - t0
        elif line.startswith("MAXRSS"):
            rss = int(line.split()[1])
    proc.wait(timeout=60)
    if painted is None:
        raise RuntimeError(f"the child never painted (exit {proc.returncode})")
    return painted, rss


def bench_start(runs: int, demo: Path, home: str) -> dict[str, float]:
    _start_once(_BARE, home=home)  # warm-up: bytecode caches written, files in the OS cache
    _start_once(_APP, str(demo), home=home)
    _start_once(_LIKE, str(demo), home=home)
    bare, app, like = [], [], []
    for _ in range(runs):  # interleaved, so a busy moment on the machine hits all alike
        bare.append(_start_once(_BARE, home=home))
        app.append(_start_once(_APP, str(demo), home=home))
        like.append(_start_once(_LIKE, str(demo), home=home))
    return {
        "bare": [t for t, _ in bare],
        "app": [t for t, _ in app],
        "like_ratio": [a / b for (a, _), (b, _) in zip(like, bare, strict=True)],
        "ratio": [a / b for (a, _), (b, _) in zip(app, bare, strict=True)],
        "rss": [r / 1024 for _, r in app],
        "bare_rss": [r / 1024 for _, r in bare],
    }


def custom_bodies(n: int) -> list[dict]:
    from soc2wizard import services

    ids = [c for c in services.catalog().criteria if c.startswith("CC")]
    return [
        {
            "id": f"X-{i:04d}",
            "title": f"Custom control {i}: review of something that matters",
            "category": "operations",
            "description": "A control of the consultant's own.",
            "implementation": "",
            "evidence": [],
            "frequency": "quarterly" if i % 3 else "once",
            "owner_role": "CTO",
            "effort_hours": 4,
            "priority": 1 + i % 3,
            "policy": False,
            "practice": None,
            "applies_when": [],
            "criteria": [ids[i % len(ids)]],
            "frameworks": {},
        }
        for i in range(n)
    ]


def _workspace_of(folder: Path, n: int) -> Path:
    from soc2wizard import services

    path = folder / f"{n}.soc2"
    if not path.exists():
        with services.create_workspace(path, name=f"{n:,} controls") as s:
            services.add_custom_controls(s, custom_bodies(max(0, n - len(services.checklist(s)))))
    return path


def bench_pdf(folder: Path, runs: int) -> dict[str, list[float]]:
    from soc2wizard import services

    out: dict[str, list[float]] = {}
    for n in (300, 1000):
        with services.open_workspace(_workspace_of(folder, n)) as s:
            services.export_pdf(s, folder / "warm.pdf", today=TODAY)  # fonts registered once per process
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                services.export_pdf(s, folder / f"{n}.pdf", today=TODAY)
                times.append(time.perf_counter() - t)
            out[f"pdf_{n}"] = times
    return out


def bench_typing(folder: Path, chars: int = 5000) -> dict[str, list[float]]:
    """Type ``chars`` characters into the scope description (a text field that holds 5,000)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from soc2wizard import services
    from soc2wizard.gui.commit import committer_of
    from soc2wizard.gui.window import MainWindow

    app = QApplication.instance()
    path = folder / "typing.soc2"
    with services.create_workspace(path, name="Typing Co") as s:
        services.add_scope_item(s, "system", "Portal", customer_data=True)
    w = MainWindow()
    w.resize(1280, 800)
    w.show()
    w.open_path(path, "scope")
    page = w.page["scope"]
    field = page.description
    field.setFocus()
    app.processEvents()
    text = ("The portal keeps patient records and appointment notes; " * 100)[:chars]
    keys = []
    for ch in text:
        t = time.perf_counter()
        QTest.keyClick(field, ch if ch != " " else Qt.Key.Key_Space)
        app.processEvents()
        keys.append(time.perf_counter() - t)
    t = time.perf_counter()
    committer_of(field).finish()  # leaving the field: the one write
    app.processEvents()
    commit = time.perf_counter() - t
    stored = next(i for i in services.list_scope(w.ctx.s)).description
    w.ctx.close()
    w.close()
    return {"keys": keys, "commit": [commit], "stored_ok": [float(stored == text)]}


def bench_checklist(folder: Path, runs: int) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from soc2wizard import services
    from soc2wizard.gui.checklist.page import ChecklistPage
    from soc2wizard.gui.context import AppContext

    app = QApplication.instance() or QApplication([])
    path = folder / "2000.soc2"
    with services.create_workspace(path, name="Two Thousand") as s:
        services.add_custom_controls(s, custom_bodies(2000))
    ctx = AppContext()
    ctx.today = lambda: TODAY
    ctx.open(services.open_workspace(path))
    page = ChecklistPage(ctx)
    page.resize(1100, 760)
    page.show()
    app.processEvents()
    rows = page.proxy.sourceModel().rowCount()
    search = page.search

    keystrokes = []
    for text in ["c", "cu", "cus", "cust", "custom 1", "custom 12", "x-00", ""] * runs:
        t = time.perf_counter()
        search.setText(text)
        app.processEvents()
        keystrokes.append(time.perf_counter() - t)

    s = ctx.s
    ids = [r.control.id for r in services.checklist(s)]
    service_times = []
    for i in range(200):
        t = time.perf_counter()
        services.update_control(s, ids[i % len(ids)], owner=f"Owner {i}")
        service_times.append(time.perf_counter() - t)

    model = page.proxy.sourceModel()
    owner_col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Owner")
    model_times = []
    derived_times = []
    for i in range(100 * runs):
        index = model.index(i % model.rowCount(), owner_col)
        t = time.perf_counter()
        model.setData(index, f"Person {i}", Qt.ItemDataRole.EditRole)
        app.processEvents()  # the edited row repaints
        model_times.append(time.perf_counter() - t)
        if i % 10 == 9:  # a burst of edits, then the figures that follow a frame later, once
            t = time.perf_counter()
            ctx.settle()
            app.processEvents()
            derived_times.append(time.perf_counter() - t)
    QTest.qWait(1)
    ctx.close()

    def pct(xs: list[float], q: float) -> float:
        return sorted(xs)[min(len(xs) - 1, int(q * len(xs)))]

    return {
        "rows": [float(rows)],
        "filter": keystrokes,
        "service": service_times,
        "edit": model_times,
        "derived": derived_times,
    }


def _pct(xs: list[float], q: float) -> float:
    return sorted(xs)[min(len(xs) - 1, int(q * len(xs)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measure")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from soc2wizard.demo import build_demo
    from soc2wizard.gui.app import make_app

    with tempfile.TemporaryDirectory(prefix="soc2wizard-bench-") as tmp:
        folder = Path(tmp)
        os.environ["SOC2WIZARD_HOME"] = tmp
        build_demo(folder / "demo.soc2", today=TODAY).close()
        start = bench_start(args.runs, folder / "demo.soc2", tmp)
        make_app()
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        chk = bench_checklist(folder, args.runs)
        typing = bench_typing(folder)
        pdf = bench_pdf(folder, args.runs)
        assert QApplication.instance() is not None

    def ms(x: float) -> str:
        return f"{x * 1000:,.1f} ms"

    def sec(x: float) -> str:
        return f"{x:.2f} s"

    def mb(x: float) -> str:
        return f"{x:.0f} MB"

    def times(x: float) -> str:
        return f"{x:.2f}x"

    rows = [  # measure, goal text, goal (or None), samples, unit, show p95
        ("checklist edit in the table, 2,000 rows", "p95 <= 16 ms", 0.016, chk["edit"], ms, True),
        ("  figures that follow, once per burst", "off the edit", None, chk["derived"], ms, True),
        ("  the services call alone", "", None, chk["service"], ms, True),
        ("cold start to first paint, demo open", "", None, start["app"], sec, False),
        ("  bare PySide6 QMainWindow", "", None, start["bare"], sec, False),
        ("  ratio app / bare", "<= 1.5x", 1.5, start["ratio"], times, False),
        ("  ratio, a window of the same widgets / bare", "", None, start["like_ratio"], times, False),
        ("typing 5,000 characters, per key", "p95 <= 16 ms", 0.016, typing["keys"], ms, True),
        ("  the one commit when the field is left", "", None, typing["commit"], ms, False),
        ("filter keystroke, 2,000 rows", "median <= 16 ms", 0.016, chk["filter"], ms, "median"),
        ("PDF export, 300 controls", "<= 1 s", 1.0, pdf["pdf_300"], sec, False),
        ("PDF export, 1,000 controls", "<= 3 s", 3.0, pdf["pdf_1000"], sec, False),
        ("peak memory, app with the demo open", "", None, start["rss"], mb, False),
        ("  bare PySide6 QMainWindow", "", None, start["bare_rss"], mb, False),
    ]
    print(
        f"soc2wizard frame budget on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {os.environ.get('QT_QPA_PLATFORM')} Qt platform, {args.runs} runs"
    )
    print(f"| {'measure':<42} | {'goal':>15} | {'median':>10} | {'p95':>10} | {'worst':>10} | {'':<6} |")
    print(f"|{'-' * 44}|{'-' * 17}|{'-' * 12}|{'-' * 12}|{'-' * 12}|{'-' * 8}|")
    for name, goal_text, goal, xs, unit, p95 in rows:
        med, worst = statistics.median(xs), max(xs)
        judged = _pct(xs, 0.95) if p95 is True else med
        verdict = "" if goal is None else ("met" if judged <= goal else "MISSED")
        p95_text = unit(_pct(xs, 0.95)) if p95 else ""
        print(f"| {name:<42} | {goal_text:>15} | {unit(med):>10} | {p95_text:>10} | {unit(worst):>10} | {verdict:<6} |")
    if not typing["stored_ok"][0]:
        print("warning: the typed text was not stored as typed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
