"""Sharing a workspace with a team through the team's PostgreSQL database (soc2wizard/team)."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from soc2wizard.domain.errors import FieldError
from soc2wizard.services._common import MAX_SHORT, clean_text
from soc2wizard.services.session import Session
from soc2wizard.team import AccessDenied, ServerUnreachable, TeamError

# soc2wizard.team's modules are imported by the calls that use them: a workspace
# that is not shared never loads them (start-up stays as it was).
if TYPE_CHECKING:
    from soc2wizard.store.repo import Repo
    from soc2wizard.team.replica import Conflict
    from soc2wizard.team.server import Member, ServerWorkspace
    from soc2wizard.team.sync import Incoming, Outgoing, SyncResult

__all__ = ["AccessDenied", "PublishRequest", "ServerUnreachable", "TeamAddress", "TeamError", "TeamStatus"]


@dataclass(frozen=True)
class TeamStatus:
    workspace_id: str
    server: str  # the URL without any password
    replica_id: str
    replica_name: str
    pending: int  # local changes not on the server yet
    last_sync: str | None
    last_error: str | None
    open_conflicts: int


def default_replica_name() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name
        user = "someone"
    import platform

    return f"{user}@{platform.node() or 'this machine'}"


def team_status(s: Session) -> TeamStatus | None:
    """This workspace's team state (None: not shared with a team)."""
    # A workspace not shared (the usual case, and the app's start-up) is told without loading the replica code.
    if not s.repo.is_team_replica():
        return None
    from soc2wizard.team import replica as rp

    st = rp.state(s.repo)
    if st is None:
        return None
    pending = rp.pending_count(s.repo)
    return TeamStatus(
        workspace_id=st.workspace_id,
        server=st.server_url,
        replica_id=st.replica_id,
        replica_name=st.replica_name,
        pending=pending,
        last_sync=st.last_sync,
        last_error=st.last_error,
        open_conflicts=len(rp.conflicts(s.repo)),
    )


def setup_team_server(url: str) -> int:
    """Create or migrate the soc2wizard schema in the team's database (run once, by its administrator)."""
    from soc2wizard.team import server as sv

    with sv.connect(url) as conn:
        return sv.ensure_schema(conn)


def publish_workspace(
    s: Session,
    url: str,
    *,
    name: str | None = None,
    replica_name: str | None = None,
    password: str | None = None,
) -> str:
    """Share this workspace with a team: create it on the server, push everything; returns its id (a UUID).

    A password (typed, or in the URL) is kept in the keychain for later syncs, never in the workspace.
    """
    from soc2wizard.team import sync as team_sync

    repo = s._writable()
    label = clean_text(name, "name", MAX_SHORT) if name else repo.answers().company.name
    workspace_id = team_sync.publish(repo, url, name=label, replica_name=_replica_name(replica_name), password=password)
    _keep_password(s, url, password)
    return workspace_id


@dataclass(frozen=True)
class PublishRequest:
    """What publishing needs, read from the workspace on the thread that owns it (``publish_prepare``)."""

    url: str
    name: str
    preferred_id: str | None
    replica_name: str


def publish_prepare(
    s: Session, url: str, *, name: str | None = None, replica_name: str | None = None
) -> PublishRequest:
    """Publishing in three steps, so the app can run the network part off its UI thread: first, checks (local)."""
    from soc2wizard.team import server as sv
    from soc2wizard.team import sync as team_sync

    repo = s._writable()
    team_sync.refuse_if_shared(repo)
    sv.parse_url(url)  # an unusable URL (no TLS off this machine) is refused here, before any thread starts
    label = clean_text(name, "name", MAX_SHORT) if name else repo.answers().company.name
    return PublishRequest(url, label, repo.meta("workspace_id"), _replica_name(replica_name))


def publish_create(req: PublishRequest, *, password: str | None = None) -> str:
    """Second step: create the team workspace on the server (network only, no file touched); returns its id."""
    from soc2wizard.team import sync as team_sync

    return team_sync.create_on_server(req.url, preferred_id=req.preferred_id, name=req.name, password=password)


def publish_adopt(s: Session, req: PublishRequest, workspace_id: str, *, password: str | None = None) -> None:
    """Third step (local): the file becomes a replica of it, everything waiting for the first sync to push."""
    from soc2wizard.team import sync as team_sync

    team_sync.adopt(s._writable(), req.url, workspace_id=workspace_id, name=req.name, replica_name=req.replica_name)
    _keep_password(s, req.url, password)


def first_push_failed(workspace_id: str, exc: BaseException) -> str:
    """The message when a team workspace was created but its first push did not go through."""
    from soc2wizard.team import sync as team_sync

    return team_sync.first_push_failed(workspace_id, exc)


def _keep_password(s: Session, url: str, typed: str | None = None) -> None:
    """A password given in the URL or typed goes to the keychain for later syncs; never into the workspace."""
    from soc2wizard.team import server as sv

    password = typed or sv.parse_url(url).get("password")
    if not password:
        return
    from soc2wizard import secrets

    try:
        sv.remember_password(url, str(password))
    except secrets.KeychainUnavailable as exc:
        s.notices.append(f"the server password was not kept ({exc}); later syncs need PGPASSWORD or ~/.pgpass")


def _replica_name(name: str | None) -> str:
    return clean_text(name, "replica name", MAX_SHORT) if name else default_replica_name()


def list_team_workspaces(url: str, *, password: str | None = None) -> list[ServerWorkspace]:
    """The team workspaces this role belongs to on the server (row-level security hides the rest)."""
    from soc2wizard.team import server as sv

    with sv.connect(url, password) as conn:
        sv.require_schema(conn)
        return sv.list_workspaces(conn)


def clone_workspace(
    url: str,
    path: Path | str,
    workspace_id: str,
    *,
    replica_name: str | None = None,
    password: str | None = None,
    passphrase: str | None = None,
    remember: bool = False,
) -> Session:
    """A new local replica of a team workspace at ``path``; the file appears only when complete."""
    from soc2wizard.services.workspace import build_workspace
    from soc2wizard.team import sync as team_sync

    name = _replica_name(replica_name)

    def fill(repo: Repo) -> None:
        team_sync.clone_into(repo, url, workspace_id.strip(), replica_name=name, password=password)

    s = build_workspace(Path(path), fill, passphrase=passphrase, remember=remember)
    _keep_password(s, url, password)
    return s


def sync_workspace(s: Session) -> SyncResult:
    """Pull the team's changes, merge them, push ours. TeamError (one line) when it cannot; nothing is lost."""
    from soc2wizard.team import sync as team_sync

    return team_sync.sync(s._writable())


def sync_prepare(s: Session) -> Outgoing:
    """First step of a sync run in three (the app: this on its thread, ``sync_exchange`` off it, then ``sync_finish``)."""
    from soc2wizard.team import sync as team_sync

    return team_sync.prepare(s._writable())


def sync_exchange(out: Outgoing) -> Incoming:
    """The network part of a sync; touches no file, so it may run on any thread."""
    from soc2wizard.team import sync as team_sync

    return team_sync.exchange(out)


def sync_finish(s: Session, out: Outgoing, inc: Incoming) -> SyncResult:
    from soc2wizard.team import sync as team_sync

    return team_sync.finish(s._writable(), out, inc)


def note_sync_error(s: Session, message: str) -> None:
    from soc2wizard.team import sync as team_sync

    if not s.read_only:
        team_sync.note_error(s.repo, message)


def sync_file(path: Path | str) -> SyncResult:
    from soc2wizard.services.workspace import open_workspace

    with open_workspace(path) as s:
        if s.read_only:
            raise TeamError(f"{Path(path).name} is open in another window ({s.locked_by}); sync from there")
        return sync_workspace(s)


def team_conflicts(s: Session, *, include_resolved: bool = False) -> list[Conflict]:
    """Concurrent edits met while syncing, newest first: the value kept and the one that lost."""
    from soc2wizard.team import replica as rp

    return rp.conflicts(s.repo, open_only=not include_resolved)


def take_conflict_value(s: Session, conflict_id: int) -> Conflict:
    """Put the losing value of a conflict back (a new edit, so it wins at the next sync)."""
    from soc2wizard.team import replica as rp

    repo = s._writable()
    with repo.transaction():
        try:
            c = rp.take_lost_value(repo, conflict_id)
        except LookupError as exc:
            raise FieldError("conflict", str(exc)) from None
        repo.log("take conflicting value", c.label, {"value": c.kept_value}, {"value": c.lost_value})
    s._custom = None
    return c


def dismiss_conflict(s: Session, conflict_id: int) -> None:
    """Keep the merged value and stop listing the conflict."""
    from soc2wizard.team import replica as rp

    repo = s._writable()
    with repo.transaction():
        rp.dismiss_conflict(repo, conflict_id)


@dataclass(frozen=True)
class TeamAddress:
    """Where this replica's team workspace lives, read on the thread that owns the workspace (``team_address``).

    The member calls that take it touch no file, so the app runs them off its UI thread.
    """

    url: str  # without any password (the keychain, PGPASSWORD or ~/.pgpass gives it)
    workspace_id: str
    server: str  # as messages name it: host and port, or the socket folder


def team_address(s: Session) -> TeamAddress:
    """The server and team workspace of this replica (local, quick); TeamError when it is not shared."""
    from soc2wizard.team import server as sv
    from soc2wizard.team import sync as team_sync

    st = team_sync.require_replica(s.repo)
    return TeamAddress(st.server_url, st.workspace_id, sv.where(st.server_url))


def team_members_at(address: TeamAddress, *, password: str | None = None) -> list[Member]:
    """Who belongs to the team workspace (network only: may run on any thread)."""
    from soc2wizard.team import server as sv

    with sv.connect(address.url, password) as conn:
        return sv.members(conn, address.workspace_id)


def set_team_member_at(
    address: TeamAddress, member: str, role: str | None, *, password: str | None = None
) -> list[Member]:
    """Add, change (owner, editor, viewer) or remove (None) a member; network only. Returns the members after."""
    from soc2wizard.team import server as sv

    who = clean_text(member, "member", 63)
    with sv.connect(address.url, password) as conn:
        sv.set_member(conn, address.workspace_id, who, role)
        return sv.members(conn, address.workspace_id)


def team_members(s: Session) -> list[Member]:
    return team_members_at(team_address(s))


def set_team_member(s: Session, member: str, role: str | None) -> list[Member]:
    """Add a database role to this team workspace, change its role (owner, editor, viewer), or remove it (None)."""
    who = clean_text(member, "member", 63)  # a bad name is refused before anything is asked of the server
    return set_team_member_at(team_address(s), who, role)


def team_edit_mark(s: Session) -> int | None:
    """Where this replica's record of local changes stands, before an edit (None: not a team replica).

    With ``team_rows_since`` after the edit, it tells which records the edit wrote, so that an undo
    can be dropped when a sync brings a teammate's change to one of them.
    """
    if not s.repo.is_team_replica():
        return None
    from soc2wizard.team import replica as rp

    return rp.last_pending_seq(s.repo)


def team_rows_since(s: Session, mark: int) -> frozenset[tuple[str, str]]:
    """The records (table, row key) whose changes this replica recorded since ``team_edit_mark`` gave ``mark``."""
    from soc2wizard.team import replica as rp

    return rp.rows_recorded_since(s.repo, mark)


def remember_team_password(url: str, password: str) -> None:
    """Keep the server password in the keychain (never in the workspace)."""
    from soc2wizard.team import server as sv

    sv.remember_password(url, password)


def check_team_url(url: str) -> str:
    """The URL as a workspace would keep it (no password); TeamError when it is unusable (e.g. no TLS)."""
    from soc2wizard.team import server as sv

    sv.parse_url(url)
    return sv.redact(url)
