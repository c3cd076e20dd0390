"""The command line: the same engine as the app, for scripts, automation and tests.

Exit codes: 0 success, 1 a user error (one line on stderr naming the field,
line or file), 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from soc2wizard import __version__

PROG = "soc2wizard"

DESCRIPTION = """\
A SOC 2 readiness wizard for small companies. Without a command it opens the
desktop app (on FILE if given). Everything is kept in one workspace file
(.soc2, SQLite); nothing goes over the network."""



def _epilog() -> str:
    lines = ["commands:", f"  {'soc2wizard [FILE]':<22} open the app (on a workspace)"]
    lines += [f"  {'soc2wizard ' + name:<22} {help_}" for name, (help_, _, _) in COMMANDS.items()]
    lines += [
        "",
        "Run 'soc2wizard COMMAND --help' for a command's options.",
        "exit codes: 0 success, 1 user error (message on stderr), 2 usage error",
    ]
    return "\n".join(lines)


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


# --- new -----------------------------------------------------------------------


def _new_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace file to create (must not exist)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--answers", metavar="A.json", help="a soc2wizard-answers/1 file with the company's answers")
    src.add_argument("--name", metavar="NAME", help="start from just the company's name")


@command("new", "create a workspace from an answers file", _new_arguments)
def run_new(args: argparse.Namespace) -> int:
    from soc2wizard import services

    answers = services.read_answers_file(args.answers) if args.answers else None
    with services.create_workspace(Path(args.file), answers, name=args.name) as s:
        rows = services.checklist(s)
        print(f"Created {args.file} for {services.get_answers(s).company.name}: "
              f"{len(rows)} controls apply.")
    return 0


# --- catalog -------------------------------------------------------------------


def _catalog_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the whole catalog as JSON")


@command("catalog", "print the criteria and controls", _catalog_arguments)
def run_catalog(args: argparse.Namespace) -> int:
    from soc2wizard.catalog import load_catalog
    from soc2wizard.catalog.export import catalog_to_json

    cat = load_catalog()
    if args.json:
        print(json.dumps(catalog_to_json(cat), ensure_ascii=False, indent=2))
        return 0
    print(f"{len(cat.criteria)} criteria ({cat.name}), {len(cat.controls)} controls ({cat.version})")
    for criterion in cat.criteria.values():
        n = sum(criterion.id in c.criteria for c in cat.controls.values())
        print(f"  {criterion.id:<6} {criterion.title}  [{n} controls]")
    return 0


# --- demo ----------------------------------------------------------------------


def _demo_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace file to create (must not exist)")


@command("demo", "create the demo company's workspace", _demo_arguments)
def run_demo(args: argparse.Namespace) -> int:
    from soc2wizard import services
    from soc2wizard.demo import build_demo

    with build_demo(Path(args.file)) as s:
        rows = services.checklist(s)
        done = sum(r.state.status == "implemented" for r in rows)
        print(f"Created {args.file}: {services.get_answers(s).company.name}, "
              f"{len(rows)} controls, {done} implemented.")
    return 0


# --- the app -------------------------------------------------------------------


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG, description=DESCRIPTION, epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", nargs="?", help="a workspace file to open in the app")
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return p


def run_gui(args: argparse.Namespace) -> int:
    try:
        from soc2wizard.gui.app import run
    except ImportError as exc:  # Qt missing or its system libraries absent
        raise UserError(
            f"the desktop app cannot start: {exc}. On Linux, install the Qt system libraries "
            "listed in README.md."
        ) from None
    return run(Path(args.file) if args.file else None)


# --- main ----------------------------------------------------------------------


def _error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from soc2wizard.domain.errors import Soc2Error

    if argv and argv[0] in COMMANDS:
        name = argv[0]
        help_, add_arguments, run = COMMANDS[name]
        parser = argparse.ArgumentParser(prog=f"{PROG} {name}", description=help_[0].upper() + help_[1:] + ".")
        add_arguments(parser)
        args = parser.parse_args(argv[1:])
    else:
        parser = _gui_parser()
        args = parser.parse_args(argv)
        run = run_gui
        if args.file and not Path(args.file).exists() and not args.file.endswith(".soc2"):
            parser.error(f"unknown command or file {args.file!r}; commands: {', '.join(COMMANDS)}")
    try:
        return run(args)
    except (Soc2Error, UserError) as exc:
        return _error(str(exc))
    except KeyboardInterrupt:
        return _error("interrupted")
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
