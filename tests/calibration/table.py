"""Print every reference profile's estimate beside its published range (a script, nothing asserted here).

    .venv/bin/python -m tests.calibration.table

One line per row of reference_profiles.ROWS: the profile, the figure, the
estimate's low–high (and its midpoint), the published range, how it must land
(``within``: both ends; ``midpoint``: the middle) and whether it does. The
suite's test_reference_profiles fails on any row marked OUT.
"""

from __future__ import annotations

from .conftest import profile, summarise
from .reference_profiles import ROWS
from .test_reference_profiles import lands, measure


def _fmt(x: float, unit: str) -> str:
    if unit == "USD":
        return f"${x / 1000:,.1f}k" if x >= 1000 else f"${x:,.0f}"
    if unit.startswith("share"):
        return f"{x:.2f}"
    return f"{x:,.1f}"


def main() -> int:
    lines = [("profile", "figure", "estimate", "mid", "published", "mode", "lands")]  # USD, months, weeks or a share
    out = 0
    for row in ROWS:
        low, high = measure(summarise(profile(row.profile)), row.figure)
        ok = lands(row, low, high)
        out += not ok
        unit = "USD" if row.unit.startswith("USD") else row.unit if row.unit in ("months", "weeks") else "share"
        lines.append(
            (
                row.profile,
                row.figure,
                f"{_fmt(low, unit)}–{_fmt(high, unit)}",
                _fmt((low + high) / 2, unit),
                f"{_fmt(row.low, unit)}–{_fmt(row.high, unit)}",
                row.mode,
                "in" if ok else "OUT",
            )
        )
    widths = [max(len(r[i]) for r in lines) for i in range(len(lines[0]))]
    for n, r in enumerate(lines):
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths)))
        if n == 0:
            print("-+-".join("-" * w for w in widths))
    print(f"\n{len(ROWS)} rows, {len(ROWS) - out} in, {out} out")
    return 1 if out else 0


if __name__ == "__main__":
    raise SystemExit(main())
