"""How long exports take: the demo company and a 300-control workspace.

A script, not a test (pytest collects only test_*.py): run it with

    python tests/bench/bench_export.py [--keep DIR]

and it prints a table of timings. ``--keep DIR`` leaves the workspaces and
exports in DIR to look at (for example with pdftoppm).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for tests.bodies

from soc2wizard import services  # noqa: E402
from soc2wizard.demo import build_demo  # noqa: E402
from tests.bodies import custom_bodies  # noqa: E402

TODAY = dt.date(2026, 11, 26)


def timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def bench(name: str, s: services.Session, out: Path) -> list[tuple[str, str, float, str]]:
    rows = len(services.checklist(s))
    results = []
    results.append((name, "report model", timed(services.prepare_report, s, today=TODAY), f"{rows} controls"))
    pdf = out / f"{name}.pdf"
    results.append(
        (name, "PDF", timed(services.export_pdf, s, pdf, today=TODAY), f"{pdf.stat().st_size / 1024:,.0f} KB")
    )
    results.append(
        (
            name,
            "PDF with password",
            timed(services.export_pdf, s, out / f"{name}-pw.pdf", today=TODAY, password="bench"),
            "",
        )
    )
    results.append((name, "CSV", timed(services.export_csv, s, out / f"{name}.csv"), ""))
    results.append((name, "XLSX", timed(services.export_xlsx, s, out / f"{name}.xlsx"), ""))
    results.append((name, "JSON", timed(services.export_json, s, out / f"{name}.json"), ""))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", metavar="DIR", help="keep the workspaces and exports in DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.keep) if args.keep else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        results = []
        for name, extra in (("demo", 0), ("300-controls", None)):
            path = out / f"{name}.soc2"
            path.unlink(missing_ok=True)
            with build_demo(path, today=TODAY) as s:
                if extra is None:
                    have = len(services.checklist(s))
                    services.add_custom_controls(s, custom_bodies(max(300 - have, 0)))
                results += bench(name, s, out)
        print(f"{'workspace':<14} {'export':<18} {'seconds':>8}  note")
        for name, what, secs, note in results:
            print(f"{name:<14} {what:<18} {secs:>8.2f}  {note}")


if __name__ == "__main__":
    main()
