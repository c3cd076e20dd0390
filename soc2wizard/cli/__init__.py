"""The command line: the same engine as the app, for scripts, automation and tests.

Exit codes: 0 success, 1 a user error (one line on stderr naming the field,
line or file), 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from soc2wizard import __version__
from soc2wizard.cli._base import (  # noqa: F401 - the names scripts and tests reach as soc2wizard.cli.NAME
    COMMANDS,
    DESCRIPTION,
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    PDF_PASSWORD_ENV,
    PROG,
    Command,
    UserError,
    _interactive,
    command,
)

# The modules that register the commands, in the order 'soc2wizard --help' lists them, and the
# command each registers. Starting the app (`soc2wizard [FILE]`) loads none of them; a command loads
# its own; --help loads all. tests/core/test_cli_lazy.py checks this table against the registry.
COMMAND_MODULES = {
    "workspace": ("new", "catalog", "demo", "summary", "screenshots", "export"),
    "portfolio": ("display", "portfolio"),
    "protection": ("verify", "import", "protect", "settings"),
    "policies": ("policies", "policy"),
    "year": ("calendar", "snapshot", "compare"),
    "team": ("team", "sync"),
}
_MODULE_OF = {name: module for module, names in COMMAND_MODULES.items() for name in names}


def load_commands(names: Sequence[str] | None = None) -> dict[str, Command]:
    """Import the modules registering ``names`` (default: every command); returns the registry."""
    import importlib

    modules = COMMAND_MODULES if names is None else dict.fromkeys(_MODULE_OF[n] for n in names if n in _MODULE_OF)
    for module in modules:
        importlib.import_module(f"soc2wizard.cli.{module}")
    return COMMANDS


def _epilog() -> str:
    load_commands()
    lines = [
        "commands:",
        f"  {'soc2wizard [FILE]':<24} open the app (on a workspace; asks before creating a missing one)",
    ]
    lines += [f"  {'soc2wizard ' + name:<24} {COMMANDS[name][0]}" for name in _MODULE_OF]
    lines += [
        "",
        "Run 'soc2wizard COMMAND --help' for a command's options.",
        "",
        "environment:",
        f"  {PASSPHRASE_ENV}  passphrase of encrypted workspaces, for scripts; without it",
        "                         the keychain is tried, then a prompt at the terminal",
        "  SOC2WIZARD_NEW_PASSPHRASE  the new passphrase for 'protect' (else asked twice)",
        "  PGPASSWORD             the team server's password (else ~/.pgpass, else the keychain)",
        "exit codes: 0 success, 1 user error (message on stderr), 2 usage error",
    ]
    return "\n".join(lines)


# --- the app -------------------------------------------------------------------


class _GuiParser(argparse.ArgumentParser):
    """`soc2wizard [FILE]`'s parser: the list of commands in its help is written only when help is shown."""

    def format_help(self) -> str:
        self.epilog = _epilog()
        return super().format_help()


def _gui_parser() -> argparse.ArgumentParser:
    p = _GuiParser(prog=PROG, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", nargs="?", help="a workspace file to open in the app")
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    p.add_argument(
        "--self-check",
        action="store_true",
        help="smoke-test this installation or bundle (imports, a workspace, a PDF, the keychain) and exit",
    )
    return p


def run_self_check(_args: argparse.Namespace) -> int:
    from soc2wizard import selfcheck

    return selfcheck.run()


def run_gui(args: argparse.Namespace) -> int:
    try:
        from soc2wizard.gui.app import run
    except ImportError as exc:  # Qt missing or its system libraries absent
        raise UserError(
            f"the desktop app cannot start: {exc}. On Linux, install the Qt system libraries listed in README.md."
        ) from None
    return run(Path(args.file) if args.file else None)


# --- main ----------------------------------------------------------------------


def _error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 1


def _run_asking(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; an encrypted workspace with no passphrase at hand is asked for at a terminal."""
    import getpass

    from soc2wizard.store.workspace import PassphraseRequired

    for attempt in range(3):
        try:
            return run(args)
        except PassphraseRequired as exc:
            if run is run_gui:
                raise
            if not _interactive():
                reason = f" ({exc.reason})" if exc.reason else ""
                raise UserError(f"{exc}{reason}; set {PASSPHRASE_ENV} or run in a terminal to be asked") from None
            if attempt:
                print(f"{PROG}: {exc}", file=sys.stderr)
            elif exc.reason:
                print(f"{PROG}: {exc.reason}", file=sys.stderr)
            # Kept on the parsed arguments only: never in the environment, which
            # child processes (the keychain's helpers) would inherit.
            args.passphrase = getpass.getpass(f"Passphrase for {getattr(args, 'file', 'the workspace')}: ")
    return run(args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from soc2wizard.domain.errors import Soc2Error

    if argv and argv[0] in _MODULE_OF:
        from soc2wizard import services

        services.remove_stale_evidence_copies()  # left by a soc2wizard that was killed (the app does it after its first paint)
        name = argv[0]
        help_, add_arguments, run = load_commands([name])[name]
        parser = argparse.ArgumentParser(prog=f"{PROG} {name}", description=help_[0].upper() + help_[1:] + ".")
        add_arguments(parser)
        args = parser.parse_args(argv[1:])
    else:
        parser = _gui_parser()
        args = parser.parse_args(argv)
        run = run_self_check if args.self_check else run_gui
        if args.file and not Path(args.file).exists() and not args.file.endswith(".soc2"):
            parser.error(f"unknown command or file {args.file!r}; commands: {', '.join(_MODULE_OF)}")
    try:
        return _run_asking(run, args)
    except (Soc2Error, UserError) as exc:
        return _error(str(exc))
    except KeyboardInterrupt:
        return _error("interrupted")
    except BrokenPipeError:
        return 0
    except RecursionError:
        return _error("the input is nested too deeply to be read")
    except MemoryError:
        return _error("not enough memory to finish; nothing was changed")
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return _error(f"{where}{exc.strerror or exc}; nothing was changed")
    except Exception as exc:  # noqa: BLE001 - a database fault or a bug: one line, never a traceback
        from soc2wizard.store.workspace import database_errors

        file = getattr(args, "file", None)
        if isinstance(exc, database_errors()):
            return _error(f"{file or 'the workspace'} is damaged or unreadable ({exc})")
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return _error(f"unexpected {type(exc).__name__}{': ' + detail[:200] if detail else ''} (please report it)")


if __name__ == "__main__":
    raise SystemExit(main())
