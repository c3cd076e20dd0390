"""One sync, in three steps, so the app can run the network part off its main thread.

``prepare`` reads what to send from the workspace (fast, local);
``exchange`` talks to the server only — push in one transaction, then pull
in one snapshot — and touches no file; ``finish`` merges what came back and
forgets what the server now holds, in one local transaction. A failure in
``exchange`` changes nothing locally, and a push the server committed but
whose answer was lost is sent again next time and skipped there by its
change ids.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from soc2wizard.store.repo import Repo, now
from soc2wizard.team import AccessDenied, TeamError
from soc2wizard.team import replica as rp
from soc2wizard.team import server as sv


@dataclass
class Outgoing:
    url: str
    workspace_id: str
    replica_id: str
    replica_name: str
    changes: list[tuple[int, rp.Change]]
    activity: list[tuple[int, str, str, str, str, str | None, str | None]]
    blobs: dict[str, bytes]
    pulled_seq: int
    pulled_activity_seq: int
    local_shas: set[str]
    password: str | None = None  # typed for this sync only; never written anywhere


@dataclass
class Incoming:
    role: str
    pull: sv.Pull
    blobs: dict[str, bytes]
    pushed_upto: int | None  # the last pending seq the server now holds (None: nothing pushed)
    pushed_activity_upto: int | None
    new_on_server: int
    not_pushed: int  # a viewer's local changes, which the server does not take


@dataclass
class SyncResult:
    pushed: int = 0  # changes sent (new to the server)
    pulled: int = 0  # others' field changes that won here
    rows: int = 0  # rows they touched
    log_in: int = 0  # others' log entries received
    log_out: int = 0  # our log entries sent
    conflicts: list[rp.Conflict] = field(default_factory=list)
    role: str = ""
    not_pushed: int = 0
    pending: int = 0  # local changes still waiting after this sync
    refused: list[str] = field(default_factory=list)  # rows from the server this workspace's rules refuse
    # Rows (table, row key) the merge changed here: an undo recorded before the sync must not write over them.
    changed: frozenset[tuple[str, str]] = frozenset()


def collect(repo: Repo) -> None:
    """Record anything touched outside a transaction's end (the hook in Repo.transaction does the rest)."""
    with repo.transaction():
        pass


def require_replica(repo: Repo) -> rp.ReplicaState:
    st = rp.state(repo)
    if st is None:
        raise TeamError(
            "this workspace is not shared with a team: publish it ('soc2wizard team publish FILE --server URL') "
            "or clone one ('soc2wizard team clone URL OUT --workspace ID')"
        )
    return st


def prepare(repo: Repo) -> Outgoing:
    collect(repo)
    st = require_replica(repo)
    changes = rp.pending(repo)
    blobs: dict[str, bytes] = {}
    for _seq, c in changes:
        if c.tbl == "evidence" and c.field == "sha256" and c.value:
            sha = json.loads(c.value)
            if sha and sha not in blobs:
                content = rp.evidence_content_by_sha(repo, sha)
                if content is not None:
                    blobs[sha] = content
    have = {
        r[0]
        for r in repo.db.execute(
            "SELECT DISTINCT sha256 FROM evidence WHERE content IS NOT NULL AND sha256 IS NOT NULL"
        )
    }
    return Outgoing(
        url=st.server_url,
        workspace_id=st.workspace_id,
        replica_id=st.replica_id,
        replica_name=st.replica_name,
        changes=changes,
        activity=rp.local_activity(repo, st.pushed_activity_id),
        blobs=blobs,
        pulled_seq=st.pulled_seq,
        pulled_activity_seq=st.pulled_activity_seq,
        local_shas=have,
    )


def _needed_shas(changes: list[rp.Change], have: set[str]) -> list[str]:
    """Evidence files the pulled changes refer to that are neither here nor on a row deleted in the batch."""
    latest_deleted: dict[str, tuple[int, str, str | None]] = {}
    shas: dict[str, str] = {}
    for c in changes:
        if c.tbl != "evidence":
            continue
        if c.field == rp.DELETED:
            prev = latest_deleted.get(c.rowkey)
            if prev is None or (c.hlc, c.replica) > prev[:2]:
                latest_deleted[c.rowkey] = (c.hlc, c.replica, c.value)
        elif c.field == "sha256" and c.value:
            sha = json.loads(c.value)
            if sha:
                shas[c.rowkey] = sha
    return sorted(
        {
            sha
            for rowkey, sha in shas.items()
            if sha not in have and (latest_deleted.get(rowkey) or (0, "", rp.FALSE))[2] != rp.TRUE
        }
    )


def exchange(out: Outgoing, *, push: bool = True) -> Incoming:
    """Push then pull over one connection. Touches no local file."""
    with sv.connect(out.url, out.password) as conn:
        sv.require_schema(conn)
        role = sv.workspace_role(conn, out.workspace_id)
        if role is None:
            raise AccessDenied(
                f"role {sv.current_role(conn)!r} is not a member of team workspace {out.workspace_id} "
                "(or the workspace does not exist): ask its owner to add you"
            )
        pushed_upto = pushed_act = None
        new = 0
        not_pushed = 0
        if push and role in ("owner", "editor"):
            if out.changes or out.activity or out.blobs:
                new = sv.push(
                    conn,
                    sv.Push(
                        workspace_id=out.workspace_id,
                        replica=out.replica_id,
                        replica_name=out.replica_name,
                        changes=[c for _s, c in out.changes],
                        activity=out.activity,
                        blobs=out.blobs,
                    ),
                )
            pushed_upto = out.changes[-1][0] if out.changes else None
            pushed_act = out.activity[-1][0] if out.activity else None
        else:
            not_pushed = len(out.changes)
        pulled = sv.pull(conn, out.workspace_id, out.pulled_seq, out.pulled_activity_seq)
        blobs = sv.fetch_evidence(conn, out.workspace_id, _needed_shas(pulled.changes, out.local_shas | set(out.blobs)))
    return Incoming(
        role=role,
        pull=pulled,
        blobs=blobs,
        pushed_upto=pushed_upto,
        pushed_activity_upto=pushed_act,
        new_on_server=new,
        not_pushed=not_pushed,
    )


def finish(repo: Repo, out: Outgoing, inc: Incoming) -> SyncResult:
    """Merge what was pulled and forget what was pushed, in one local transaction."""
    with repo.transaction():
        if inc.pushed_upto is not None:
            rp.forget_pushed(repo, inc.pushed_upto)
        progress: dict[str, Any] = {
            "pulled_seq": inc.pull.last_seq,
            "pulled_activity_seq": inc.pull.last_activity_seq,
            "last_sync": now(),
            "last_error": None,
        }
        if inc.pushed_activity_upto is not None:
            progress["pushed_activity_id"] = inc.pushed_activity_upto
        applied = rp.apply_changes(repo, inc.pull.changes, inc.blobs)
        log_in = rp.add_remote_activity(repo, inc.pull.activity, inc.pull.names)
        rp.set_progress(repo, **progress)
    return SyncResult(
        pushed=inc.new_on_server,
        pulled=applied.applied,
        rows=applied.rows,
        log_in=log_in,
        log_out=len(out.activity) if inc.pushed_activity_upto is not None else 0,
        conflicts=applied.conflicts,
        role=inc.role,
        not_pushed=inc.not_pushed,
        pending=rp.pending_count(repo),
        refused=applied.refused,
        changed=applied.changed,
    )


def note_error(repo: Repo, message: str) -> None:
    """Remember why the last sync failed (the app's status shows it); never raises."""
    try:
        with repo.db.atomic():
            rp.set_progress(repo, last_error=message)
    except Exception:  # noqa: BLE001 - a status line only
        pass


def sync(repo: Repo, *, url: str | None = None, password: str | None = None) -> SyncResult:
    """A whole sync; ``url`` (the same server, perhaps with its password) overrides the kept address once."""
    out = prepare(repo)
    if url:
        out.url = url
    out.password = password
    try:
        inc = exchange(out)
    except TeamError as exc:
        note_error(repo, str(exc))
        raise
    result = finish(repo, out, inc)
    if result.conflicts and inc.role in ("owner", "editor"):
        # The merge logged the values that lost here: send those entries now, not at the next sync.
        try:
            again = prepare(repo)
            again.url, again.password = out.url, out.password
            if again.activity or again.changes:
                more = finish(repo, again, exchange(again))
                result.pushed += more.pushed
                result.pulled += more.pulled
                result.log_out += more.log_out
                result.log_in += more.log_in
                result.conflicts += more.conflicts
                result.refused += more.refused
                result.changed |= more.changed
                result.pending = more.pending
        except TeamError as exc:
            note_error(repo, str(exc))
    return result


# --- publishing and cloning --------------------------------------------------------


def publish(repo: Repo, url: str, *, name: str, replica_name: str, password: str | None = None) -> str:
    """Create a team workspace from this file on the server and push all of it; returns its id (a UUID)."""
    refuse_if_shared(repo)
    workspace_id = create_on_server(url, preferred_id=repo.meta("workspace_id"), name=name, password=password)
    adopt(repo, url, workspace_id=workspace_id, name=name, replica_name=replica_name)
    try:
        sync(repo, url=url, password=password)
    except TeamError as exc:
        raise TeamError(first_push_failed(workspace_id, exc)) from None
    return workspace_id


def refuse_if_shared(repo: Repo) -> None:
    st = rp.state(repo)
    if st is not None:
        raise TeamError(f"this workspace is already shared as team workspace {st.workspace_id} on {st.server_url}")


def first_push_failed(workspace_id: str, exc: BaseException) -> str:
    return (
        f"team workspace {workspace_id} was created, but the first push failed ({exc}); "
        "run 'soc2wizard sync FILE' to finish"
    )


def create_on_server(url: str, *, preferred_id: str | None, name: str, password: str | None = None) -> str:
    """The network half of publishing (touches no file, so it can run off the UI thread); returns the id."""
    import psycopg

    with sv.connect(url, password) as conn:
        sv.ensure_schema(conn)
        workspace_id = preferred_id or str(uuid.uuid4())
        try:
            sv.create_workspace(conn, workspace_id, name)
        except psycopg.errors.UniqueViolation:
            # This file's id is taken (a copy published before): the team workspace gets its own.
            workspace_id = str(uuid.uuid4())
            sv.create_workspace(conn, workspace_id, name)
    return workspace_id


def adopt(repo: Repo, url: str, *, workspace_id: str, name: str, replica_name: str) -> None:
    """The local half: this file becomes a replica with everything in it waiting to be pushed."""
    refuse_if_shared(repo)
    clean = sv.redact(url)
    with repo.transaction():
        rp.become_replica(repo, workspace_id=workspace_id, server_url=clean, replica_name=replica_name)
        rp.mark_everything_changed(repo)
        repo.log("publish to team", name, None, {"workspace": workspace_id, "server": clean})


def clone_into(
    repo: Repo, url: str, workspace_id: str, *, replica_name: str, password: str | None = None
) -> sv.ServerWorkspace:
    """Fill a new, empty workspace file with a team workspace (inside the file's building transaction)."""
    clean = sv.redact(url)
    try:
        uuid.UUID(workspace_id)
    except ValueError:
        raise TeamError(
            f"--workspace: {workspace_id!r} is not a workspace id (a UUID, as 'team list' prints)"
        ) from None
    with sv.connect(url, password) as conn:
        sv.require_schema(conn)
        mine = [w for w in sv.list_workspaces(conn) if w.id == workspace_id]
        if not mine:
            raise AccessDenied(
                f"role {sv.current_role(conn)!r} sees no team workspace {workspace_id} on this server "
                "(not a member, or no such workspace)"
            )
    rp.become_replica(repo, workspace_id=workspace_id, server_url=clean, replica_name=replica_name)
    repo.set_meta("workspace_id", workspace_id)
    out = prepare(repo)
    out.url, out.password = url, password
    inc = exchange(out, push=False)
    finish(repo, out, inc)
    if repo.db.execute("SELECT 1 FROM profile").fetchone() is None:
        raise TeamError(f"team workspace {workspace_id} holds no company profile yet; nothing to clone")
    repo.log("join team", mine[0].name, None, {"workspace": workspace_id, "server": clean, "role": mine[0].role})
    return mine[0]
