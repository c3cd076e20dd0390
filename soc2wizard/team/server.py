"""The team's PostgreSQL database: connecting, its schema, and moving changes.

The app creates and migrates its own schema (``soc2wizard``) in a database
the team already runs. Access per workspace is PostgreSQL's own: every
person is a login role; ``members`` says which workspaces a role belongs to
and as what (owner, editor, viewer); row-level security lets a role read
only its workspaces' rows and write only where it is an owner or editor.
The change, activity and evidence tables are append-only (a trigger refuses
UPDATE and DELETE). Evidence files are stored once per workspace under their
SHA-256, which the server checks on upload and the app on download.

Passwords are never stored in a workspace: libpq reads ``PGPASSWORD`` and
``~/.pgpass`` itself; the keychain is asked when neither has one. TLS is
required (``sslmode=require`` unless a stronger mode is given) for any host
that is not this machine (loopback or a Unix socket).
"""

from __future__ import annotations

import ipaddress
import os
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from soc2wizard.team import AccessDenied, ServerUnreachable, TeamError
from soc2wizard.team.replica import Change

SCHEMA = "soc2wizard"
SCHEMA_VERSION = 1
ROLES = ("owner", "editor", "viewer")
STRONG_SSL = ("require", "verify-ca", "verify-full")
KEYCHAIN_PREFIX = "postgres:"
CONNECT_TIMEOUT = 5


# --- the address -------------------------------------------------------------------


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - a dependency
        raise TeamError("team sync needs the psycopg package (pip install 'psycopg[binary]')") from None
    return psycopg


def _is_local(host: str | None) -> bool:
    if not host:
        return True  # libpq's default: the Unix socket
    for h in host.split(","):
        h = h.strip()
        if not h or h.startswith("/") or h.startswith("@"):
            continue
        if h == "localhost":
            continue
        try:
            if ipaddress.ip_address(h).is_loopback:
                continue
        except ValueError:
            pass
        return False
    return True


def parse_url(url: str) -> dict[str, Any]:
    """The connection parameters of a ``postgresql://`` URL (or a libpq key=value string).

    TeamError when it cannot be read, or when it would send data to another
    machine without TLS.
    """
    psycopg = _psycopg()
    if not url or not url.strip():
        raise TeamError("the server address is empty; give a URL such as postgresql://alice@db.example.com/team")
    try:
        params: dict[str, Any] = dict(psycopg.conninfo.conninfo_to_dict(url.strip()))
    except psycopg.ProgrammingError as exc:
        raise TeamError(f"the server address {redact(url)!r} cannot be read: {exc}") from None
    host = params.get("host") or params.get("hostaddr")
    if not _is_local(str(host) if host else None):
        mode = params.get("sslmode")
        if mode is None:
            params["sslmode"] = "require"
        elif mode not in STRONG_SSL:
            raise TeamError(
                f"the team server {host} is not on this machine, so TLS is required: use sslmode=require "
                f"or sslmode=verify-full, not sslmode={mode}"
            )
    params.setdefault("connect_timeout", CONNECT_TIMEOUT)
    return params


def redact(url: str) -> str:
    """The URL without any password in it: what a workspace keeps and what messages show."""
    if "://" not in url:
        return " ".join(p for p in url.split() if not p.lower().startswith("password="))
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, hostpart = netloc.rsplit("@", 1)
        netloc = userinfo.split(":", 1)[0] + "@" + hostpart
    query = urllib.parse.urlencode(
        [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "password"],
        safe="/",  # a socket folder stays readable: host=/var/run/postgresql
    )
    # Built by hand: urlunsplit drops the "//" of a URL with no host (postgresql:///db?host=/socket).
    out = f"{parts.scheme}://{netloc}{parts.path}"
    return out + (f"?{query}" if query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def keychain_key(params: dict[str, Any]) -> str:
    user = params.get("user") or _os_user()
    host = params.get("host") or params.get("hostaddr") or "local"
    return f"{KEYCHAIN_PREFIX}{user}@{host}:{params.get('port') or 5432}/{params.get('dbname') or user}"


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return ""


def where(url: str) -> str:
    """The server as messages name it: host and port, or the socket folder."""
    return _where(parse_url(url))


def _where(params: dict[str, Any]) -> str:
    host = params.get("host") or params.get("hostaddr") or "the local socket"
    port = params.get("port")
    return f"{host}:{port}" if port and not str(host).startswith("/") else str(host)


def remember_password(url: str, password: str) -> None:
    """Keep a server password in the keychain (KeychainUnavailable if there is none)."""
    from soc2wizard import secrets

    secrets.store().set(keychain_key(parse_url(url)), password)


def _keychain_password(params: dict[str, Any]) -> str | None:
    from soc2wizard import secrets

    try:
        return secrets.store().get(keychain_key(params))
    except secrets.KeychainUnavailable:
        return None


# --- connecting --------------------------------------------------------------------


@contextmanager
def connect(url: str, password: str | None = None) -> Iterator[Any]:
    """A connection to the team server; TeamError subclasses say in one line what went wrong.

    ``password`` (typed in the app) is used for this connection only.
    """
    psycopg = _psycopg()
    params = parse_url(url)
    if password:
        params["password"] = password
    try:
        try:
            conn = psycopg.connect(**params, autocommit=True)
        except psycopg.OperationalError as exc:
            # Asked for a password that neither the URL, PGPASSWORD nor ~/.pgpass gave: try the keychain.
            if params.get("password") or os.environ.get("PGPASSWORD") or "no password supplied" not in str(exc):
                raise
            remembered = _keychain_password(params)
            if not remembered:
                raise
            conn = psycopg.connect(**params, password=remembered, autocommit=True)
    except psycopg.OperationalError as exc:
        raise _connect_error(exc, params) from None
    try:
        yield conn
    except psycopg.Error as exc:
        _safe_rollback(conn)
        raise translate(exc, params) from None
    finally:
        conn.close()


def _safe_rollback(conn: Any) -> None:
    try:
        conn.rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone
        pass


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _connect_error(exc: BaseException, params: dict[str, Any]) -> TeamError:
    text = str(exc)
    low = text.lower()
    user = params.get("user") or _os_user()
    if "password authentication failed" in low or "no password supplied" in low or "authentication failed" in low:
        return AccessDenied(
            f"the team server {_where(params)} refused role {user!r}: wrong password, or none at hand "
            "(keychain, PGPASSWORD or ~/.pgpass)"
        )
    if "does not exist" in low and ("role" in low or "database" in low):
        return AccessDenied(f"the team server {_where(params)} says: {_first_line(exc).split('FATAL:')[-1].strip()}")
    if "permission denied" in low or "not permitted" in low or "no pg_hba.conf entry" in low:
        return AccessDenied(f"the team server {_where(params)} refused the connection: {_first_line(exc)}")
    return ServerUnreachable(
        f"cannot reach the team server {_where(params)} ({_short_reason(text)}); local edits are kept "
        "and will be sent at the next sync"
    )


def _short_reason(text: str) -> str:
    low = text.lower()
    if "connection refused" in low or "no such file or directory" in low:
        return "connection refused: is the server running?"
    if "timeout" in low or "timed out" in low:
        return "timed out"
    if "could not translate host name" in low or "name or service not known" in low:
        return "unknown host"
    if "server closed the connection" in low or "terminating connection" in low:
        return "the connection was cut"
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no answer"


def translate(exc: BaseException, params: dict[str, Any] | None = None) -> TeamError:
    """A psycopg error met after connecting, as a one-line TeamError."""
    psycopg = _psycopg()
    where = _where(params or {})
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return AccessDenied(f"no permission on the team server: {_first_line(exc)}")
    if isinstance(exc, psycopg.errors.UndefinedTable):
        return TeamError(
            f"the database at {where} has no soc2wizard schema yet: ask its administrator to run "
            "'soc2wizard team setup URL' (or publish a workspace as a role that may create schemas)"
        )
    if isinstance(exc, psycopg.OperationalError):
        return ServerUnreachable(
            f"the connection to the team server {where} was lost ({_short_reason(str(exc))}); nothing was "
            "changed on either side, and local edits are kept for the next sync"
        )
    return TeamError(f"the team server {where} refused: {_first_line(exc)}")


# --- the schema --------------------------------------------------------------------

_MIGRATIONS: tuple[str, ...] = (
    # 1: workspaces, members, the append-only change, activity and evidence tables, row-level security.
    """
CREATE SCHEMA IF NOT EXISTS soc2wizard;
CREATE TABLE soc2wizard.workspaces (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    created_by name NOT NULL DEFAULT session_user,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE soc2wizard.members (
    workspace uuid NOT NULL REFERENCES soc2wizard.workspaces (id),
    member name NOT NULL,
    role text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    added_by name NOT NULL DEFAULT session_user,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace, member)
);
CREATE TABLE soc2wizard.changes (
    seq bigserial PRIMARY KEY,
    workspace uuid NOT NULL REFERENCES soc2wizard.workspaces (id),
    change_id uuid NOT NULL UNIQUE,
    tbl text NOT NULL,
    rowkey text NOT NULL,
    field text NOT NULL,
    value text,
    hlc bigint NOT NULL,
    replica text NOT NULL,
    base_hlc bigint NOT NULL,
    base_replica text NOT NULL,
    actor text NOT NULL,
    pushed_by name NOT NULL DEFAULT session_user,
    pushed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_by_workspace ON soc2wizard.changes (workspace, seq);
CREATE TABLE soc2wizard.activity (
    seq bigserial PRIMARY KEY,
    workspace uuid NOT NULL REFERENCES soc2wizard.workspaces (id),
    replica text NOT NULL,
    replica_name text NOT NULL,
    local_id bigint NOT NULL,
    at text NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    before text,
    after text,
    pushed_by name NOT NULL DEFAULT session_user,
    UNIQUE (workspace, replica, local_id)
);
CREATE INDEX activity_by_workspace ON soc2wizard.activity (workspace, seq);
CREATE TABLE soc2wizard.evidence (
    workspace uuid NOT NULL REFERENCES soc2wizard.workspaces (id),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content bytea NOT NULL,
    pushed_by name NOT NULL DEFAULT session_user,
    PRIMARY KEY (workspace, sha256),
    CHECK (encode(sha256(content), 'hex') = sha256)
);
CREATE TABLE soc2wizard.replicas (
    workspace uuid NOT NULL REFERENCES soc2wizard.workspaces (id),
    replica text NOT NULL,
    name text NOT NULL,
    member name NOT NULL DEFAULT session_user,
    PRIMARY KEY (workspace, replica)
);
CREATE FUNCTION soc2wizard.append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'soc2wizard.% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE ON soc2wizard.changes
    FOR EACH ROW EXECUTE FUNCTION soc2wizard.append_only();
CREATE TRIGGER activity_append_only BEFORE UPDATE OR DELETE ON soc2wizard.activity
    FOR EACH ROW EXECUTE FUNCTION soc2wizard.append_only();
CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON soc2wizard.evidence
    FOR EACH ROW EXECUTE FUNCTION soc2wizard.append_only();
-- The caller's role in a workspace (NULL: not a member). SECURITY DEFINER so the
-- policies can read members without recursing; session_user is the login role.
CREATE FUNCTION soc2wizard.my_role(ws uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT role FROM soc2wizard.members WHERE workspace = ws AND member = session_user
$$;
CREATE FUNCTION soc2wizard.create_workspace(ws uuid, ws_name text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    INSERT INTO soc2wizard.workspaces (id, name, created_by) VALUES (ws, ws_name, session_user);
    INSERT INTO soc2wizard.members (workspace, member, role, added_by) VALUES (ws, session_user, 'owner', session_user);
END $$;
CREATE FUNCTION soc2wizard.set_member(ws uuid, who name, new_role text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF soc2wizard.my_role(ws) IS DISTINCT FROM 'owner' THEN
        RAISE EXCEPTION 'only an owner of the workspace can change its members'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF new_role IS NULL THEN
        IF who = session_user THEN
            RAISE EXCEPTION 'an owner cannot remove themselves' USING ERRCODE = 'insufficient_privilege';
        END IF;
        DELETE FROM soc2wizard.members WHERE workspace = ws AND member = who;
    ELSE
        INSERT INTO soc2wizard.members (workspace, member, role, added_by) VALUES (ws, who, new_role, session_user)
        ON CONFLICT (workspace, member) DO UPDATE SET role = excluded.role, added_by = excluded.added_by;
    END IF;
END $$;
ALTER TABLE soc2wizard.workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE soc2wizard.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE soc2wizard.changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE soc2wizard.activity ENABLE ROW LEVEL SECURITY;
ALTER TABLE soc2wizard.evidence ENABLE ROW LEVEL SECURITY;
ALTER TABLE soc2wizard.replicas ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_reads ON soc2wizard.workspaces FOR SELECT USING (soc2wizard.my_role(id) IS NOT NULL);
CREATE POLICY member_reads ON soc2wizard.members FOR SELECT USING (soc2wizard.my_role(workspace) IS NOT NULL);
CREATE POLICY member_reads ON soc2wizard.changes FOR SELECT USING (soc2wizard.my_role(workspace) IS NOT NULL);
CREATE POLICY editor_writes ON soc2wizard.changes FOR INSERT
    WITH CHECK (soc2wizard.my_role(workspace) IN ('owner', 'editor') AND pushed_by = session_user);
CREATE POLICY member_reads ON soc2wizard.activity FOR SELECT USING (soc2wizard.my_role(workspace) IS NOT NULL);
CREATE POLICY editor_writes ON soc2wizard.activity FOR INSERT
    WITH CHECK (soc2wizard.my_role(workspace) IN ('owner', 'editor') AND pushed_by = session_user);
CREATE POLICY member_reads ON soc2wizard.evidence FOR SELECT USING (soc2wizard.my_role(workspace) IS NOT NULL);
CREATE POLICY editor_writes ON soc2wizard.evidence FOR INSERT
    WITH CHECK (soc2wizard.my_role(workspace) IN ('owner', 'editor') AND pushed_by = session_user);
CREATE POLICY member_reads ON soc2wizard.replicas FOR SELECT USING (soc2wizard.my_role(workspace) IS NOT NULL);
CREATE POLICY member_writes ON soc2wizard.replicas FOR INSERT
    WITH CHECK (soc2wizard.my_role(workspace) IS NOT NULL AND member = session_user);
REVOKE ALL ON ALL TABLES IN SCHEMA soc2wizard FROM PUBLIC;
GRANT USAGE ON SCHEMA soc2wizard TO PUBLIC;
GRANT SELECT ON soc2wizard.workspaces, soc2wizard.members TO PUBLIC;
GRANT SELECT, INSERT ON soc2wizard.changes, soc2wizard.activity, soc2wizard.evidence, soc2wizard.replicas TO PUBLIC;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA soc2wizard TO PUBLIC;
REVOKE ALL ON FUNCTION soc2wizard.set_member(uuid, name, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION soc2wizard.set_member(uuid, name, text) TO PUBLIC;
CREATE TABLE soc2wizard.schema_version (version integer NOT NULL);
GRANT SELECT ON soc2wizard.schema_version TO PUBLIC;
INSERT INTO soc2wizard.schema_version VALUES (0)
""",
)

assert len(_MIGRATIONS) == SCHEMA_VERSION


def schema_version(conn: Any) -> int | None:
    """The soc2wizard schema's version in this database (None: not set up)."""
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('soc2wizard.schema_version') IS NOT NULL")
        if not cur.fetchone()[0]:
            conn.rollback()
            return None
        cur.execute("SELECT version FROM soc2wizard.schema_version")
        row = cur.fetchone()
    conn.rollback()
    return int(row[0]) if row else 0


def ensure_schema(conn: Any) -> int:
    """Create or migrate the soc2wizard schema (one transaction per step); returns the version.

    Needs a role that may create schemas in the database (its owner, or one
    granted CREATE); other roles get a TeamError saying whom to ask.
    """
    psycopg = _psycopg()
    version = schema_version(conn)
    if version is not None and version > SCHEMA_VERSION:
        raise TeamError(
            f"the team database's soc2wizard schema is version {version}, newer than this app "
            f"knows ({SCHEMA_VERSION}): update soc2wizard"
        )
    current = version or 0
    while current < SCHEMA_VERSION:
        step = _MIGRATIONS[current]
        try:
            with conn.transaction():
                # Two first users at once: the advisory lock lets one set the schema up, the other then sees it.
                conn.execute("SELECT pg_advisory_xact_lock(hashtext('soc2wizard schema'))")
                again = conn.execute("SELECT to_regclass('soc2wizard.schema_version') IS NOT NULL").fetchone()[0]
                now_version = (
                    conn.execute("SELECT version FROM soc2wizard.schema_version").fetchone()[0] if again else 0
                )
                if now_version == current:
                    conn.execute(step)
                    conn.execute("UPDATE soc2wizard.schema_version SET version = %s", [current + 1])
        except psycopg.errors.InsufficientPrivilege:
            raise AccessDenied(
                "this role may not create the soc2wizard schema in the team database: ask the database's "
                "administrator to run 'soc2wizard team setup URL' once"
            ) from None
        current = schema_version(conn) or 0
    return current


def require_schema(conn: Any) -> None:
    version = schema_version(conn)
    if version is None:
        raise TeamError(
            "the team database has no soc2wizard schema yet: ask its administrator to run 'soc2wizard team setup URL'"
        )
    if version != SCHEMA_VERSION:
        raise TeamError(
            f"the team database's soc2wizard schema is version {version}; this app needs {SCHEMA_VERSION}: "
            + ("update soc2wizard" if version > SCHEMA_VERSION else "run 'soc2wizard team setup URL' to migrate it")
        )


# --- workspaces and members --------------------------------------------------------


@dataclass(frozen=True)
class ServerWorkspace:
    id: str
    name: str
    role: str
    created_by: str
    created_at: str
    changes: int


@dataclass(frozen=True)
class Member:
    member: str
    role: str
    added_by: str


def current_role(conn: Any) -> str:
    return str(conn.execute("SELECT session_user").fetchone()[0])


def create_workspace(conn: Any, workspace_id: str, name: str) -> None:
    with conn.transaction():
        conn.execute("SELECT soc2wizard.create_workspace(%s, %s)", [workspace_id, name])


def list_workspaces(conn: Any) -> list[ServerWorkspace]:
    with conn.transaction():
        rows = conn.execute(
            "SELECT w.id::text, w.name, soc2wizard.my_role(w.id), w.created_by, to_char(w.created_at, 'YYYY-MM-DD'),"
            " (SELECT count(*) FROM soc2wizard.changes c WHERE c.workspace = w.id)"
            " FROM soc2wizard.workspaces w ORDER BY w.created_at, w.name"
        ).fetchall()
    return [ServerWorkspace(*r) for r in rows]


def workspace_role(conn: Any, workspace_id: str) -> str | None:
    with conn.transaction():
        row = conn.execute("SELECT soc2wizard.my_role(%s)", [workspace_id]).fetchone()
    return row[0] if row else None


def members(conn: Any, workspace_id: str) -> list[Member]:
    with conn.transaction():
        rows = conn.execute(
            "SELECT member, role, added_by FROM soc2wizard.members WHERE workspace = %s ORDER BY role, member",
            [workspace_id],
        ).fetchall()
    return [Member(*r) for r in rows]


def set_member(conn: Any, workspace_id: str, member: str, role: str | None) -> None:
    if role is not None and role not in ROLES:
        raise TeamError(f"role: {role!r} is not one of: {', '.join(ROLES)}")
    with conn.transaction():
        conn.execute("SELECT soc2wizard.set_member(%s, %s, %s)", [workspace_id, member, role])


# --- moving changes ----------------------------------------------------------------


@dataclass
class Push:
    workspace_id: str
    replica: str
    replica_name: str
    changes: Sequence[Change]
    activity: Sequence[tuple[int, str, str, str, str, str | None, str | None]]
    blobs: dict[str, bytes]


def push(conn: Any, p: Push) -> int:
    """Send changes, log entries and evidence files in one transaction; returns how many changes were new.

    Change ids (and (replica, entry id) for the log) make a retry after a
    lost answer harmless: what the server already has is skipped.
    """
    new = 0
    with conn.transaction():
        # One pusher per workspace at a time, so sequence numbers become visible in order
        # (a puller never skips a change committed late with a lower number).
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('soc2wizard:' || %s))", [p.workspace_id])
        conn.execute(
            "INSERT INTO soc2wizard.replicas (workspace, replica, name) VALUES (%s, %s, %s)"
            " ON CONFLICT (workspace, replica) DO NOTHING",
            [p.workspace_id, p.replica, p.replica_name],
        )
        for sha, content in p.blobs.items():
            conn.execute(
                "INSERT INTO soc2wizard.evidence (workspace, sha256, content) VALUES (%s, %s, %s)"
                " ON CONFLICT (workspace, sha256) DO NOTHING",
                [p.workspace_id, sha, content],
            )
        if p.changes:
            conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS soc2wizard_incoming (change_id uuid, tbl text, rowkey text,"
                " field text, value text, hlc bigint, replica text, base_hlc bigint, base_replica text,"
                " actor text) ON COMMIT DELETE ROWS"
            )
            with conn.cursor() as cur:
                with cur.copy(
                    "COPY soc2wizard_incoming (change_id, tbl, rowkey, field, value, hlc, replica, base_hlc,"
                    " base_replica, actor) FROM STDIN"
                ) as copy:
                    for c in p.changes:
                        copy.write_row(
                            (
                                c.change_id,
                                c.tbl,
                                c.rowkey,
                                c.field,
                                c.value,
                                c.hlc,
                                c.replica,
                                c.base_hlc,
                                c.base_replica,
                                c.actor,
                            )
                        )
                cur.execute(
                    "INSERT INTO soc2wizard.changes (workspace, change_id, tbl, rowkey, field, value, hlc, replica,"
                    " base_hlc, base_replica, actor)"
                    " SELECT %s, change_id, tbl, rowkey, field, value, hlc, replica, base_hlc, base_replica, actor"
                    " FROM soc2wizard_incoming ORDER BY hlc ON CONFLICT (change_id) DO NOTHING",
                    [p.workspace_id],
                )
                new = cur.rowcount
        if p.activity:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO soc2wizard.activity (workspace, replica, replica_name, local_id, at, actor,"
                    " action, target, before, after) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (workspace, replica, local_id) DO NOTHING",
                    [(p.workspace_id, p.replica, p.replica_name, *a) for a in p.activity],
                )
    return new


@dataclass
class Pull:
    changes: list[Change]
    last_seq: int
    activity: list[tuple[str, int, str, str, str, str, str | None, str | None]]
    last_activity_seq: int
    names: dict[str, str]


def pull(conn: Any, workspace_id: str, after_seq: int, after_activity_seq: int) -> Pull:
    """Everything newer than what this replica has, read in one consistent snapshot."""
    psycopg = _psycopg()
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with conn.cursor(row_factory=psycopg.rows.tuple_row) as cur:
            cur.execute(
                "SELECT seq, change_id::text, tbl, rowkey, field, value, hlc, replica, base_hlc, base_replica, actor"
                " FROM soc2wizard.changes WHERE workspace = %s AND seq > %s ORDER BY seq",
                [workspace_id, after_seq],
            )
            rows = cur.fetchall()
            cur.execute(
                "SELECT seq, replica, local_id, at, actor, action, target, before, after"
                " FROM soc2wizard.activity WHERE workspace = %s AND seq > %s ORDER BY seq",
                [workspace_id, after_activity_seq],
            )
            acts = cur.fetchall()
            cur.execute(
                "SELECT replica, name || ' (' || member || ')' FROM soc2wizard.replicas WHERE workspace = %s",
                [workspace_id],
            )
            names = dict(cur.fetchall())
    return Pull(
        changes=[Change(*r[1:]) for r in rows],
        last_seq=rows[-1][0] if rows else after_seq,
        activity=[tuple(a[1:]) for a in acts],  # type: ignore[misc]
        last_activity_seq=acts[-1][0] if acts else after_activity_seq,
        names=names,
    )


def fetch_evidence(conn: Any, workspace_id: str, shas: Sequence[str]) -> dict[str, bytes]:
    """Evidence files by SHA-256, each checked against its hash; TeamError naming one that does not match."""
    if not shas:
        return {}
    with conn.transaction():
        rows = conn.execute(
            "SELECT sha256, content FROM soc2wizard.evidence WHERE workspace = %s AND sha256 = ANY(%s)",
            [workspace_id, list(shas)],
        ).fetchall()
    import hashlib  # here, not at the top: loading OpenSSL costs start-up ~2 ms

    out: dict[str, bytes] = {}
    for sha, content in rows:
        content = bytes(content)
        if hashlib.sha256(content).hexdigest() != sha:
            raise TeamError(f"an evidence file from the server does not match its SHA-256 {sha[:12]}…; not applied")
        out[sha] = content
    missing = set(shas) - set(out)
    if missing:
        raise TeamError(
            f"{len(missing)} evidence file(s) are not on the server yet (SHA-256 {sorted(missing)[0][:12]}…); "
            "sync again once their author has synced"
        )
    return out
