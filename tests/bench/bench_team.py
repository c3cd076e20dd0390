"""Team sync throughput: push and pull of 10,000 field changes, and a fresh clone of the demo.

A script, not a test: run it from the repository's root with

    python tests/bench/bench_team.py [--changes N] [--repeat R]

It uses the PostgreSQL in SOC2WIZARD_TEST_PG (a superuser URL), else starts
a throwaway cluster as the team tests do (tests/team/pgcluster.py). The goal
is at least 2,000 changes a second each way.

- push: one replica's pending changes sent in one transaction (prepare,
  exchange; the local bookkeeping after it included);
- pull: another replica receiving them — download, merge per field, write
  its rows and log — in one local transaction;
- clone: a new replica of the published demo, from nothing to an open file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psycopg  # noqa: E402

from soc2wizard import services  # noqa: E402
from soc2wizard.demo import build_demo  # noqa: E402
from tests.team.pgcluster import Cluster, find_bindir  # noqa: E402


def admin_url() -> tuple[str, Cluster | None]:
    url = os.environ.get("SOC2WIZARD_TEST_PG")
    if url:
        return url, None
    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("needs PostgreSQL: set SOC2WIZARD_TEST_PG or install the server (apt-get install postgresql)")
    cluster = Cluster(bindir).start()
    return cluster.url, cluster


def with_db(url: str, dbname: str, user: str | None = None) -> str:
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["dbname"] = dbname
    if user:
        params["user"] = user
    return psycopg.conninfo.make_conninfo(**params)


def make_changes(s: services.Session, n: int) -> int:
    """Edit owners and notes across the checklist, in bulk, until ``n`` field changes wait to be pushed."""
    ids = [row.control.id for row in services.checklist(s)]
    round_ = 0
    while services.team_status(s).pending < n:
        services.update_controls(s, ids, owner=f"Owner {round_}", notes=f"Round {round_} of the benchmark")
        round_ += 1
    return services.team_status(s).pending


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    url, cluster = admin_url()
    dbname = f"soc2wizard_bench_{uuid.uuid4().hex[:8]}"
    role = f"bench_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {dbname}")
        conn.execute(f"CREATE ROLE {role} LOGIN")
        version = conn.execute("SHOW server_version").fetchone()[0]
    try:
        services.setup_team_server(with_db(url, dbname))
        me = with_db(url, dbname, role)
        push_rates, pull_rates, clone_times = [], [], []
        with tempfile.TemporaryDirectory() as tmp:
            for r in range(args.repeat):
                demo = build_demo(Path(tmp) / f"demo{r}.soc2")
                services.set_actor(demo, "Bench")
                workspace_id = services.publish_workspace(demo, me)
                t = time.perf_counter()
                clone = services.clone_workspace(me, Path(tmp) / f"clone{r}.soc2", workspace_id)
                clone_times.append(time.perf_counter() - t)

                n = make_changes(demo, args.changes)
                t = time.perf_counter()
                out = services.sync_prepare(demo)
                inc = services.sync_exchange(out)
                services.sync_finish(demo, out, inc)
                push_rates.append(n / (time.perf_counter() - t))

                t = time.perf_counter()
                services.sync_workspace(clone)
                pull_rates.append(n / (time.perf_counter() - t))
                assert services.control_states(clone) == services.control_states(demo), "replicas differ"
                demo.close()
                clone.close()
        print(f"PostgreSQL {version}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        print(f"{'measure':<44} {'median':>12} {'best':>12}")
        print(
            f"{'push, ' + format(args.changes, ',') + ' field changes (changes/s)':<44}"
            f" {statistics.median(push_rates):>12,.0f} {max(push_rates):>12,.0f}"
        )
        print(
            f"{'pull and merge, the same changes (changes/s)':<44}"
            f" {statistics.median(pull_rates):>12,.0f} {max(pull_rates):>12,.0f}"
        )
        print(f"{'fresh clone of the demo (s)':<44} {statistics.median(clone_times):>12.2f} {min(clone_times):>12.2f}")
        print("goal: at least 2,000 changes/s each way")
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
            conn.execute(f"DROP ROLE IF EXISTS {role}")
        if cluster is not None:
            cluster.destroy()


if __name__ == "__main__":
    main()
