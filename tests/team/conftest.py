"""A real PostgreSQL for the team tests: nothing is mocked.

``SOC2WIZARD_TEST_PG`` (set by .ci/run) is a superuser URL of a throwaway
cluster. Without it the tests start their own when PostgreSQL's server
programs are installed (initdb and pg_ctl on PATH or under
/usr/lib/postgresql/*/bin), and skip saying so when they are not.

Each test gets a fresh database with the soc2wizard schema set up by the
administrator, and login roles alice, bob and carol (editors once added),
vera (a viewer) and olga (in another workspace only), each named with a
per-run prefix since roles belong to the whole cluster.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

psycopg = pytest.importorskip("psycopg")

from tests.team.pgcluster import Cluster, find_bindir  # noqa: E402

ENV = "SOC2WIZARD_TEST_PG"
PEOPLE = ("alice", "bob", "carol", "vera", "olga")


@dataclass
class Server:
    admin_url: str  # a superuser, cluster-wide
    cluster: Cluster | None  # when the tests started it (then it can be stopped and started)

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.admin_url, autocommit=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    url = os.environ.get(ENV)
    if url:
        yield Server(url, None)
        return
    bindir = find_bindir()
    if bindir is None:
        pytest.skip(
            f"team tests need PostgreSQL: set {ENV} to a superuser URL, or install the server "
            "(Debian: apt-get install postgresql) so the tests can start a throwaway cluster"
        )
    cluster = Cluster(bindir)
    try:
        cluster.start()
    except Exception as exc:  # noqa: BLE001 - say why and skip
        cluster.destroy()
        pytest.skip(f"could not start a throwaway PostgreSQL cluster with {bindir}: {exc}")
    try:
        yield Server(cluster.url, cluster)
    finally:
        cluster.destroy()


@dataclass
class TeamDb:
    server: Server
    dbname: str
    prefix: str

    def role(self, person: str) -> str:
        return f"{self.prefix}_{person}"

    def password(self, person: str) -> str:
        return f"pw-{self.prefix}-{person}"

    def url(self, person: str | None = None) -> str:
        """A Unix-socket address (trusted: no password) as ``person``, or as the superuser."""
        params = psycopg.conninfo.conninfo_to_dict(self.server.admin_url)
        params["dbname"] = self.dbname
        if person:
            params["user"] = self.role(person)
        return psycopg.conninfo.make_conninfo(**params)

    def tcp_url(self, person: str) -> str:
        """A loopback TCP address as ``person``: the server asks for the password."""
        params = psycopg.conninfo.conninfo_to_dict(self.server.admin_url)
        return f"postgresql://{self.role(person)}@127.0.0.1:{params.get('port', 5432)}/{self.dbname}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.url(), autocommit=True)


@pytest.fixture(scope="session")
def pg_roles(pg_server: Server) -> Iterator[str]:
    prefix = "t" + secrets.token_hex(3)
    with pg_server.admin() as conn:
        for person in PEOPLE:
            conn.execute(f"CREATE ROLE {prefix}_{person} LOGIN PASSWORD 'pw-{prefix}-{person}'")
    yield prefix
    try:
        with pg_server.admin() as conn:
            for person in PEOPLE:
                conn.execute(f"DROP ROLE IF EXISTS {prefix}_{person}")
    except psycopg.Error as exc:  # tidying a throwaway cluster: say so, fail nothing
        import warnings

        warnings.warn(f"test roles {prefix}_* were left in the cluster: {exc}", stacklevel=1)


@pytest.fixture()
def team_db(pg_server: Server, pg_roles: str) -> Iterator[TeamDb]:
    from soc2wizard import services

    dbname = f"soc2wizard_test_{uuid.uuid4().hex[:10]}"
    with pg_server.admin() as conn:
        conn.execute(f"CREATE DATABASE {dbname}")
    db = TeamDb(pg_server, dbname, pg_roles)
    services.setup_team_server(db.url())
    try:
        yield db
    finally:
        with pg_server.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
