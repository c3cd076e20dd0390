"""How long the portfolio takes: 40 client workspaces against one `summary --json`.

A script, not a test (pytest collects only test_*.py): run it with

    python tests/bench/bench_portfolio.py [--clients 40] [--runs 5] [--keep DIR]

It builds a folder of demo-sized workspaces (127 controls, evidence files
kept in each, a few encrypted ones locked, one damaged) and prints, each as
the median of several runs:

- the command line as a user runs it: `soc2wizard summary FILE --json`
  against `soc2wizard portfolio DIR --json`, in fresh processes (the target:
  the portfolio of 40 in at most 6× the time of one summary);
- the same work in one process (services.summary_json against
  services.portfolio), which shows the cost per workspace without start-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from soc2wizard import secrets, services
from soc2wizard.demo import build_demo

TODAY = dt.date(2026, 11, 30)


def make_folder(folder: Path, clients: int) -> Path:
    """``clients`` workspaces: copies of the demo under other names, 3 of them encrypted (locked), 1 damaged."""
    template = folder / "template.soc2"
    with build_demo(template, today=TODAY) as s:
        for i in range(3):  # some evidence files, so a reader that touched blobs would pay for them
            services.add_evidence_bytes(
                s, services.checklist(s)[i].control.id, name=f"e{i}.bin", content=os.urandom(200_000)
            )
    plain = clients - 4
    for i in range(plain):
        target = folder / f"client-{i:02d}.soc2"
        shutil.copyfile(template, target)
        with services.open_workspace(target) as s:
            services.update_profile(s, name=f"Client {i:02d}")
    secrets.use(secrets.MemorySecrets())  # a keychain that remembers nothing: the encrypted ones are locked
    for i in range(3):
        with services.create_workspace(folder / f"locked-{i}.soc2", name=f"Locked {i}", passphrase="bench passphrase"):
            pass
    (folder / "damaged.soc2").write_bytes(template.read_bytes()[:8192])
    first = folder / "client-00.soc2"
    template.unlink()
    return first


def median_run(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "soc2wizard", *args], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"soc2wizard {' '.join(args)} failed: {done.stderr}")
    return statistics.median(times)


def median_call(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=40)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--keep", metavar="DIR")
    args = p.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-portfolio-"))
    base.mkdir(parents=True, exist_ok=True)
    folder = base / "clients"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    one = make_folder(folder, args.clients)
    n = len(list(folder.glob("*.soc2")))

    env_note = os.environ.get("SOC2WIZARD_PASSPHRASE")
    if env_note:
        raise SystemExit("unset SOC2WIZARD_PASSPHRASE first: it would unlock the locked clients")
    summary_cli = median_run(["summary", str(one), "--json"], args.runs)
    portfolio_cli = median_run(["portfolio", str(folder), "--json"], args.runs)

    def summary_once() -> None:
        with services.open_workspace(one, read_only=True) as s:
            services.summary_json(s, today=TODAY)

    summary_once()  # warm: the catalog and assumptions are loaded once per process
    summary_in = median_call(summary_once, args.runs)
    portfolio_in = median_call(lambda: services.portfolio(folder, today=TODAY), args.runs)
    entries = services.portfolio(folder, today=TODAY)
    states = {k: sum(1 for e in entries if e.status == k) for k in ("ok", "locked", "damaged")}

    print(f"Folder: {n} workspaces ({states['ok']} readable, {states['locked']} locked, {states['damaged']} damaged)")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; median of {args.runs} runs")
    print()
    print(f"{'measure':<52} {'time':>9}")
    print(f"{'soc2wizard summary FILE --json (one workspace)':<52} {summary_cli:>8.3f}s")
    print(f"{f'soc2wizard portfolio DIR --json ({n} workspaces)':<52} {portfolio_cli:>8.3f}s")
    print(f"{'  ratio (target: at most 6x)':<52} {portfolio_cli / summary_cli:>8.2f}x")
    print(f"{'services.summary_json, in process':<52} {summary_in:>8.3f}s")
    print(f"{f'services.portfolio, in process ({n} workspaces)':<52} {portfolio_in:>8.3f}s")
    print(f"{'  per workspace':<52} {portfolio_in / n:>8.3f}s")
    print(f"{'  ratio, in process':<52} {portfolio_in / summary_in:>8.2f}x")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
