"""What keeping undo across a team sync costs, printed (a script, not a test: nothing here is asserted).

    python tests/bench/bench_team_undo.py [--edits N] [--steps S]

- an undoable edit (AppContext.perform of a control's owner) in a workspace not shared, and in a
  team replica, where each edit also notes the records it wrote (two indexed reads of the
  replica's pending changes) — median and p95 per edit, with N edits waiting to be sent; each
  also without the noting ("not noting"), as an edit cost before;
- after a sync that changed 1% of the records, dropping those steps from an undo stack of S
  steps and pushing the rest again (the UI thread's work, once per sync that brings changes).

No server is needed: the replica is made locally (publishing's local half) and never synced.
Qt runs offscreen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _edits(ctx, n: int) -> list[float]:  # noqa: ANN001
    from soc2wizard import services

    s = ctx.s
    ids = [r.control.id for r in services.checklist(s)]
    out = []
    for i in range(n):
        cid = ids[i % len(ids)]
        t0 = time.perf_counter()
        ctx.perform(
            "Set owner",
            lambda cid=cid, i=i: services.update_control(s, cid, owner=f"owner {i}"),
            lambda cid=cid: services.update_control(s, cid, owner=""),
            "controls",
        )
        out.append(time.perf_counter() - t0)
    return out


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=500, help="edits timed in each workspace")
    parser.add_argument("--steps", type=int, default=1000, help="undo steps on the stack when a sync comes")
    args = parser.parse_args()

    from soc2wizard import services
    from soc2wizard.gui.app import make_app
    from soc2wizard.gui.context import AppContext

    make_app()
    with tempfile.TemporaryDirectory(prefix="soc2wizard-bench-") as tmp:
        os.environ["SOC2WIZARD_HOME"] = tmp
        rows = []
        noting = services.team_edit_mark
        cases = (
            ("not shared, not noting", False, lambda _s: None),
            ("not shared", False, noting),
            ("team replica, not noting", True, lambda _s: None),  # each edit as it cost before
            ("team replica", True, noting),
        )
        for n, (label, shared, mark) in enumerate(cases):
            s = services.create_workspace(Path(tmp) / f"{n}.soc2", name="Bench")
            if shared:
                req = services.publish_prepare(s, "postgresql://bench@127.0.0.1/team", replica_name="bench")
                services.publish_adopt(s, req, "00000000-0000-4000-8000-000000000000")
            services.team_edit_mark = mark  # type: ignore[assignment]
            ctx = AppContext()
            ctx.open(s)
            times = _edits(ctx, args.edits)
            rows.append((label, statistics.median(times), _pct(times, 0.95)))
            if shared and mark is noting:
                ctx.undo_stack.clear()
                _edits(ctx, args.steps)
                stack = ctx.undo_stack
                records = set().union(*(stack.command(i).records for i in range(stack.count())))
                changed = set(sorted(records)[: max(1, len(records) // 100)])
                t0 = time.perf_counter()
                dropped = ctx.forget_undo_touching(changed)
                rebuild = time.perf_counter() - t0
                kept = stack.count()
            ctx.close()
        services.team_edit_mark = noting  # type: ignore[assignment]
        print(f"{'undoable edit':<28}{'median':>10}{'p95':>10}")
        for label, med, p95 in rows:
            print(f"{label:<28}{med * 1000:>8.2f}ms{p95 * 1000:>8.2f}ms")
        print(
            f"\nafter a sync changing {len(changed)} of {len(records)} records: {dropped} of {args.steps} steps dropped, "
            f"{kept} kept, in {rebuild * 1000:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
