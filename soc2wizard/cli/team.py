"""Team sharing through the team's PostgreSQL: team, sync."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from soc2wizard.cli._base import (
    PASSPHRASE_ENV,
    UserError,
    _new_passphrase,
    _notices,
    command,
    interactive,
)


# --- team: sharing a workspace through the team's PostgreSQL ---------------------

TEAM_URL_HELP = (
    "the team's PostgreSQL as a URL, e.g. postgresql://alice@db.example.com/soc2 (TLS is required off this "
    "machine; the password comes from the keychain, PGPASSWORD or ~/.pgpass)"
)


def _team_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    q = sub.add_parser(
        "setup", help="create or migrate the soc2wizard schema in the team's database (once, as its admin)"
    )
    q.add_argument("url", metavar="URL", help=TEAM_URL_HELP)
    q = sub.add_parser("publish", help="share a workspace with the team; prints the team workspace's id")
    q.add_argument("file", metavar="FILE", help="the workspace to share")
    q.add_argument("--server", metavar="URL", required=True, help=TEAM_URL_HELP)
    q.add_argument("--name", help="the team workspace's name (default: the company's name)")
    q = sub.add_parser("list", help="the team workspaces this database role belongs to")
    q.add_argument("url", metavar="URL", help=TEAM_URL_HELP)
    q = sub.add_parser("clone", help="a new local replica of a team workspace")
    q.add_argument("url", metavar="URL", help=TEAM_URL_HELP)
    q.add_argument("out", metavar="OUT", help="the workspace file to create (must not exist)")
    q.add_argument("--workspace", metavar="ID", required=True, help="the team workspace's id ('team list' shows it)")
    q.add_argument(
        "--encrypt",
        action="store_true",
        help=f"encrypt the replica (SQLCipher); the passphrase is taken from {PASSPHRASE_ENV} or asked twice",
    )
    q.add_argument("--remember", action="store_true", help="with --encrypt: keep the passphrase in the keychain")
    q = sub.add_parser("members", help="list a team workspace's members; an owner adds, changes or removes them")
    q.add_argument("file", metavar="FILE", help="a replica of the team workspace")
    q.add_argument("--add", metavar="ROLE", help="a database role to add (or whose role to change)")
    q.add_argument("--as", dest="as_role", choices=("owner", "editor", "viewer"), default="editor")
    q.add_argument("--remove", metavar="ROLE", help="a database role to remove")
    q = sub.add_parser("conflicts", help="concurrent edits met by sync: the value kept and the one that lost")
    q.add_argument("file", metavar="FILE", help="a replica of the team workspace")
    q.add_argument(
        "--take", metavar="N", type=int, help="put conflict N's losing value back (it wins at the next sync)"
    )
    q = sub.add_parser("password", help="keep the server password in this machine's keychain (asked at the terminal)")
    q.add_argument("url", metavar="URL", help=TEAM_URL_HELP)


def _conflict_line(c: Any) -> str:
    def who(actor: str, replica: str, here: bool) -> str:
        return f"{actor}, {'this replica' if here else 'replica ' + replica[:8]}"

    return (
        f"conflict {c.id}: {c.label}: kept {c.kept_value!r} ({who(c.kept_actor, c.kept_replica, not c.lost_here)})"
        f" over {c.lost_value!r} ({who(c.lost_actor, c.lost_replica, c.lost_here)})"
    )


@command(
    "team",
    "share a workspace through the team's PostgreSQL (setup, publish, list, clone, members, conflicts)",
    _team_arguments,
)
def run_team(args: argparse.Namespace) -> int:
    from soc2wizard import services

    action = args.team_command
    if action == "setup":
        version = services.setup_team_server(args.url)
        print(f"The soc2wizard schema is ready (version {version}) at {services.check_team_url(args.url)}.")
    elif action == "publish":
        with services.open_workspace(Path(args.file)) as s:
            workspace_id = services.publish_workspace(s, args.server, name=args.name)
            _notices(s)
        print(workspace_id)
        print(
            f"Published {args.file}; teammates join with: soc2wizard team clone URL OUT --workspace {workspace_id}",
            file=sys.stderr,
        )
    elif action == "list":
        rows = services.list_team_workspaces(args.url)
        if not rows:
            print("This role belongs to no team workspace on that server.", file=sys.stderr)
        for w in rows:
            print(f"{w.id}  {w.role:<6}  {w.name}  (by {w.created_by}, {w.created_at}, {w.changes:,} changes)")
    elif action == "clone":
        if args.remember and not args.encrypt:
            raise UserError("--remember only applies with --encrypt")
        passphrase = _new_passphrase(args.out) if args.encrypt else None
        with services.clone_workspace(
            args.url, Path(args.out), args.workspace, passphrase=passphrase, remember=args.remember
        ) as s:
            _notices(s)
            print(
                f"Cloned team workspace {args.workspace} into {args.out}: {services.get_answers(s).company.name}, "
                f"{len(services.checklist(s))} controls{' (encrypted)' if passphrase else ''}."
            )
    elif action == "members":
        with services.open_workspace(Path(args.file)) as s:
            if args.add:
                members = services.set_team_member(s, args.add, args.as_role)
            elif args.remove:
                members = services.set_team_member(s, args.remove, None)
            else:
                members = services.team_members(s)
        for m in members:
            print(f"{m.role:<6}  {m.member}  (added by {m.added_by})")
    elif action == "conflicts":
        with services.open_workspace(Path(args.file)) as s:
            if args.take is not None:
                c = services.take_conflict_value(s, args.take)
                print(f"{c.label} is {c.lost_value!r} again; it goes to the team at the next sync.")
            else:
                conflicts = services.team_conflicts(s)
                for c in conflicts:
                    print(_conflict_line(c))
                if not conflicts:
                    print("No open conflicts.")
    elif action == "password":
        if not interactive():
            raise UserError("'team password' asks for the password at a terminal")
        import getpass

        services.remember_team_password(
            args.url, getpass.getpass(f"Password for {services.check_team_url(args.url)}: ")
        )
        print("Kept in this machine's keychain.")
    return 0


def _sync_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a replica of a team workspace ('team publish' or 'team clone')")


@command("sync", "send this replica's edits to the team and bring theirs in", _sync_arguments)
def run_sync(args: argparse.Namespace) -> int:
    from soc2wizard import services

    r = services.sync_file(Path(args.file))
    line = (
        f"Synced {args.file}: sent {r.pushed:,} changes, received {r.pulled:,} ({r.rows:,} rows); "
        f"log entries {r.log_out:,} out, {r.log_in:,} in."
    )
    print(line)
    if r.not_pushed:
        print(
            f"note: {r.not_pushed:,} local changes were not sent: this role is a {r.role} of the team workspace",
            file=sys.stderr,
        )
    for what in r.refused:
        print(f"note: not applied, the values from the server break this workspace's rules: {what}", file=sys.stderr)
    for c in r.conflicts:
        print(_conflict_line(c))
    if r.conflicts:
        print(f"Take a losing value with: soc2wizard team conflicts {args.file} --take N")
    return 0
