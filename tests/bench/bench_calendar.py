"""How long the year-round work takes: the evidence calendar in the estimate, the .ics, snapshots.

A script, not a test: run it with

    python tests/bench/bench_calendar.py

and it prints median timings for the demo company and a workspace with
2,000 controls (most of them quarterly custom controls).
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from soc2wizard import services
from soc2wizard.demo import build_demo
from soc2wizard.estimate.cycle import evidence_calendar

TODAY = dt.date(2027, 8, 15)  # inside the demo's observation window


def _bodies(n: int) -> list[dict]:
    ids = [c for c in services.catalog().criteria if c.startswith("CC")]
    return [
        {
            "id": f"Y-{i:04d}",
            "title": f"Custom recurring control {i}",
            "category": "operations",
            "description": "A control of the consultant's own.",
            "implementation": "",
            "evidence": ["A record of each run"],
            "frequency": ("quarterly", "monthly", "annual")[i % 3],
            "owner_role": "Ops lead",
            "effort_hours": 2,
            "priority": 2,
            "policy": False,
            "practice": None,
            "applies_when": [],
            "criteria": [ids[i % len(ids)]],
            "frameworks": {},
        }
        for i in range(n)
    ]


def _median_ms(fn, runs: int = 20) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def bench(label: str, s: services.Session) -> None:
    rows = services.checklist(s)
    plan = services.estimate(s, today=TODAY, rows=rows)
    assert plan.year_two is not None and plan.calendar is not None
    n = len(plan.calendar.occurrences)
    cal_ms = _median_ms(lambda: evidence_calendar(rows, plan.year_two, TODAY).occurrences)
    late_ms = _median_ms(lambda: evidence_calendar(rows, plan.year_two, TODAY).overdue)
    est_ms = _median_ms(lambda: services.estimate(s, today=TODAY, rows=rows))
    ics_ms = _median_ms(lambda: services.calendar_ics(s, today=TODAY), runs=5)
    cmp_ms = _median_ms(lambda: services.compare_snapshots(s, today=TODAY), runs=5)
    size = len(services.calendar_ics(s, today=TODAY))
    print(
        f"{label:<24} {len(rows):>6,} controls {n:>7,} occurrences | all listed {cal_ms:6.1f} ms | "
        f"overdue only {late_ms:5.1f} ms | whole estimate {est_ms:6.1f} ms | .ics {ics_ms:7.1f} ms ({size / 1024:,.0f} KiB) | compare {cmp_ms:6.1f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with build_demo(Path(tmp) / "demo.soc2", today=dt.date(2026, 11, 26)) as s:
            services.take_snapshot(s, "baseline", today=dt.date(2026, 11, 26))
            bench("demo", s)
            services.add_custom_controls(s, _bodies(2000 - len(services.checklist(s))))
            bench("demo + custom controls", s)


if __name__ == "__main__":
    main()
