"""The app's performance figures, printed as a table (a script, not a test).

    python tests/bench/bench_app.py [--runs 5]

Measures, on this machine:
- cold start to the first painted main window with the demo open, against a
  bare PySide6 QMainWindow started the same way, as a ratio (target <= 2x);
- PDF export of the demo and of a 300-control workspace (target <= 1 s);
- a checklist filter keystroke on 2,000 rows (target <= 16 ms);
- one checklist edit committed, p50 and p95 (target p95 <= 5 ms), both the
  services call alone and through the table model (undo command, refresh);
- peak memory (max RSS) of the app process with the demo open.
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
    from pathlib import Path
    from PySide6.QtCore import QEvent, QObject, QTimer
    from soc2wizard.gui.app import make_app
    app = make_app()
    from soc2wizard.gui.window import MainWindow
    w = MainWindow(); w.resize(1280, 800)
    class F(QObject):
        def eventFilter(self, o, e):
            if e.type() == QEvent.Type.Paint:
                print("PAINTED", flush=True); QTimer.singleShot(0, app.quit)
            return False
    f = F(); w.installEventFilter(f); w.show(); w.open_path(Path(sys.argv[1])); app.exec()
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
    bare = [_start_once(_BARE, home=home) for _ in range(runs)]
    app = [_start_once(_APP, str(demo), home=home) for _ in range(runs)]
    b = statistics.median(t for t, _ in bare)
    a = statistics.median(t for t, _ in app)
    return {
        "bare": b,
        "app": a,
        "ratio": a / b,
        "rss_mb": max(r for _, r in app) / 1024,
        "bare_rss_mb": max(r for _, r in bare) / 1024,
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


def bench_pdf(folder: Path, demo: Path) -> dict[str, float]:
    from soc2wizard import services

    out = {}
    with services.open_workspace(demo) as s:
        services.export_pdf(s, folder / "warm.pdf", today=TODAY)  # fonts registered once per process
        t = time.perf_counter()
        services.export_pdf(s, folder / "demo.pdf", today=TODAY)
        out["demo"] = time.perf_counter() - t
    big = folder / "big.soc2"
    with services.create_workspace(big, name="Big Co") as s:
        services.add_custom_controls(s, custom_bodies(300 - len(services.checklist(s))))
        n = len(services.checklist(s))
        t = time.perf_counter()
        services.export_pdf(s, folder / "big.pdf", today=TODAY)
        out["big"] = time.perf_counter() - t
        out["big_controls"] = n
    return out


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
    page = ChecklistPage(ctx)
    page.resize(1100, 760)
    page.show()
    ctx.open(services.open_workspace(path))
    app.processEvents()
    rows = page.proxy.sourceModel().rowCount()
    search = page.search

    keystrokes = []
    for text in ["c", "cu", "cus", "cust", "custom 1", "custom 12", "x-00", ""] * runs:
        t = time.perf_counter()
        search.setText(text)
        app.processEvents()
        keystrokes.append(time.perf_counter() - t)
    shown = page.proxy.rowCount()

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
    for i in range(100):
        index = model.index(i % model.rowCount(), owner_col)
        t = time.perf_counter()
        model.setData(index, f"Person {i}", Qt.ItemDataRole.EditRole)
        app.processEvents()
        model_times.append(time.perf_counter() - t)
    QTest.qWait(1)
    ctx.close()

    def pct(xs: list[float], q: float) -> float:
        return sorted(xs)[min(len(xs) - 1, int(q * len(xs)))]

    return {
        "rows": rows,
        "shown_after": shown,
        "key_p50": statistics.median(keystrokes),
        "key_max": max(keystrokes),
        "svc_p50": pct(service_times, 0.5),
        "svc_p95": pct(service_times, 0.95),
        "model_p50": pct(model_times, 0.5),
        "model_p95": pct(model_times, 0.95),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each start-up measure")
    args = parser.parse_args()

    from soc2wizard.demo import build_demo

    with tempfile.TemporaryDirectory(prefix="soc2wizard-bench-") as tmp:
        folder = Path(tmp)
        build_demo(folder / "demo.soc2", today=TODAY).close()
        start = bench_start(args.runs, folder / "demo.soc2", tmp)
        pdf = bench_pdf(folder, folder / "demo.soc2")
        chk = bench_checklist(folder, args.runs)

    def ms(x: float) -> str:
        return f"{x * 1000:,.1f} ms"

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    rows = [
        ("cold start to first paint, demo open", f"{start['app']:.2f} s", "", ""),
        ("  bare PySide6 QMainWindow", f"{start['bare']:.2f} s", "", ""),
        ("  ratio app / bare", f"{start['ratio']:.2f}x", "<= 2x", verdict(start["ratio"] <= 2)),
        ("PDF export, demo", f"{pdf['demo']:.2f} s", "<= 1 s", verdict(pdf["demo"] <= 1)),
        (f"PDF export, {int(pdf['big_controls'])} controls", f"{pdf['big']:.2f} s", "<= 1 s", verdict(pdf["big"] <= 1)),
        (
            f"filter keystroke, {int(chk['rows']):,} rows (median)",
            ms(chk["key_p50"]),
            "<= 16 ms",
            verdict(chk["key_p50"] <= 0.016),
        ),
        ("  slowest keystroke", ms(chk["key_max"]), "", ""),
        ("checklist edit committed, p50 (services)", ms(chk["svc_p50"]), "", ""),
        ("checklist edit committed, p95 (services)", ms(chk["svc_p95"]), "<= 5 ms", verdict(chk["svc_p95"] <= 0.005)),
        ("checklist edit in the table, p50 (model+undo)", ms(chk["model_p50"]), "", ""),
        ("checklist edit in the table, p95 (model+undo)", ms(chk["model_p95"]), "", ""),
        ("peak memory, app with the demo open", f"{start['rss_mb']:.0f} MB", "", ""),
        ("  bare PySide6 QMainWindow", f"{start['bare_rss_mb']:.0f} MB", "", ""),
    ]
    print(
        f"soc2wizard benchmarks on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {os.environ.get('QT_QPA_PLATFORM')} Qt platform"
    )
    print(f"| {'measure':<46} | {'result':>10} | {'target':>8} |    |")
    print(f"|{'-' * 48}|{'-' * 12}|{'-' * 10}|----|")
    for name, value, target, ok in rows:
        print(f"| {name:<46} | {value:>10} | {target:>8} | {ok:<2} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
