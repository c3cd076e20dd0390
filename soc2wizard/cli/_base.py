"""What every command shares: the command registry, the one-line user error, and opening a
workspace with its passphrase.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

PROG = "soc2wizard"

DESCRIPTION = """\
A SOC 2 readiness wizard for small companies. Without a command it opens the
desktop app (on FILE if given). Everything is kept in one workspace file
(.soc2, SQLite); nothing goes over the network unless the workspace is shared
with a team through the team's own PostgreSQL ('team', 'sync')."""


class UserError(Exception):
    """A one-line message for stderr, exit code 1."""


# name -> (one-line help, add_arguments, run)
Command = tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
COMMANDS: dict[str, Command] = {}


def command(
    name: str, help: str, add_arguments: Callable[[argparse.ArgumentParser], None]
) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    """Register the decorated function as sub-command ``name``."""

    def attach(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = (help, add_arguments, run)
        return run

    return attach


PASSPHRASE_ENV = "SOC2WIZARD_PASSPHRASE"


def _passphrase(args: argparse.Namespace) -> str | None:
    """A passphrase typed at the prompt for this command (kept in memory only, never in the environment)."""
    return getattr(args, "passphrase", None)


def _notices(s: object) -> None:
    for notice in getattr(s, "notices", []):
        print(f"note: {notice}", file=sys.stderr)


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def interactive() -> bool:
    """Whether a terminal can be asked, read through the package so a test can answer for it (cli._interactive)."""
    from soc2wizard import cli

    return bool(cli._interactive())


def _new_passphrase(file: str, env: str = PASSPHRASE_ENV, what: str = "--encrypt") -> str:
    """For ``new --encrypt`` and ``protect``: the variable ``env``, else asked twice at the terminal."""
    import getpass

    if os.environ.get(env):
        return os.environ[env]
    if not interactive():
        raise UserError(f"{what} needs a passphrase: set {env} or run in a terminal to be asked")
    first = getpass.getpass(f"New passphrase for {file}: " if env != PASSPHRASE_ENV else f"Passphrase for {file}: ")
    if getpass.getpass("Repeat the passphrase: ") != first:
        raise UserError("the two passphrases differ; nothing was created")
    return first


PDF_PASSWORD_ENV = "SOC2WIZARD_PDF_PASSWORD"
NEW_PASSPHRASE_ENV = "SOC2WIZARD_NEW_PASSPHRASE"


def _open_for_writing(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The workspace open for writing; an error if another soc2wizard has it open."""
    from soc2wizard import services

    path = Path(args.file)
    if not path.exists():
        raise UserError(f"{args.file}: no such file")
    s = services.open_workspace(path, passphrase=_passphrase(args))
    if s.read_only:
        s.close()
        raise UserError(f"{args.file} is open in {s.locked_by or 'another program'}; close it there and try again")
    if getattr(args, "actor", None):
        services.set_actor(s, args.actor)
    return s


def _open_read_only(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The workspace ``args.file`` opened read-only (``mode=ro``: nothing migrated, checkpointed or written)."""
    from soc2wizard import services

    path = Path(args.file)
    if not path.exists():
        raise UserError(f"{args.file}: no such file")
    return services.open_workspace(path, read_only=True, passphrase=_passphrase(args))


def _open_existing(file: str, *, read_only: bool) -> object:
    from soc2wizard import services

    path = Path(file)
    if not path.exists():
        raise UserError(f"{file}: no such file")
    return services.open_workspace(path, read_only=read_only)
