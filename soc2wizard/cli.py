"""The command line: the same engine as the app, for scripts, automation and tests.

Exit codes: 0 success, 1 a user error (one line on stderr naming the field,
line or file), 2 a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from soc2wizard import __version__

PROG = "soc2wizard"

DESCRIPTION = """\
A SOC 2 readiness wizard for small companies. Without a command it opens the
desktop app (on FILE if given). Everything is kept in one workspace file
(.soc2, SQLite); nothing goes over the network unless the workspace is shared
with a team through the team's own PostgreSQL ('team', 'sync')."""


def _epilog() -> str:
    lines = [
        "commands:",
        f"  {'soc2wizard [FILE]':<24} open the app (on a workspace; asks before creating a missing one)",
    ]
    lines += [f"  {'soc2wizard ' + name:<24} {help_}" for name, (help_, _, _) in COMMANDS.items()]
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
    src.add_argument(
        "--from-json",
        metavar="D.json",
        dest="from_json",
        help="restore everything from a JSON export ('soc2wizard export FILE --json D.json')",
    )
    p.add_argument(
        "--encrypt",
        action="store_true",
        help=f"encrypt the whole file (SQLCipher); the passphrase is taken from {PASSPHRASE_ENV} "
        "if set, else asked for twice at the terminal",
    )
    p.add_argument(
        "--remember", action="store_true", help="with --encrypt: keep the passphrase in this machine's keychain"
    )


@command("new", "create a workspace (from answers, a name or a JSON export)", _new_arguments)
def run_new(args: argparse.Namespace) -> int:

    if args.remember and not args.encrypt:
        raise UserError("--remember only applies with --encrypt")
    passphrase = _new_passphrase(args.file) if args.encrypt else None
    protect = {"passphrase": passphrase, "remember": args.remember}
    existed = os.path.lexists(args.file)
    try:
        return _new(args, passphrase, protect)
    except BaseException:
        if not existed:  # a command that fails leaves no file behind
            for leftover in (args.file, f"{args.file}.lock"):
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
        raise


def _new(args: argparse.Namespace, passphrase: str | None, protect: dict[str, Any]) -> int:
    from soc2wizard import services

    if getattr(args, "from_json", None):
        doc = services.read_dump_file(args.from_json)
        with services.create_from_dump(Path(args.file), doc, **protect) as s:
            _notices(s)
            print(
                f"Restored {args.file} for {services.get_answers(s).company.name} from {args.from_json}: "
                f"{len(services.checklist(s))} controls, {len(services.list_evidence(s))} evidence items."
            )
        return 0
    answers = services.read_answers_file(args.answers) if args.answers else None
    with services.create_workspace(Path(args.file), answers, name=args.name, **protect) as s:
        rows = services.checklist(s)
        print(
            f"Created {args.file} for {services.get_answers(s).company.name}: "
            f"{len(rows)} controls apply{' (encrypted)' if passphrase else ''}."
        )
        _notices(s)
    return 0


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


def _new_passphrase(file: str, env: str = PASSPHRASE_ENV, what: str = "--encrypt") -> str:
    """For ``new --encrypt`` and ``protect``: the variable ``env``, else asked twice at the terminal."""
    import getpass

    if os.environ.get(env):
        return os.environ[env]
    if not _interactive():
        raise UserError(f"{what} needs a passphrase: set {env} or run in a terminal to be asked")
    first = getpass.getpass(f"New passphrase for {file}: " if env != PASSPHRASE_ENV else f"Passphrase for {file}: ")
    if getpass.getpass("Repeat the passphrase: ") != first:
        raise UserError("the two passphrases differ; nothing was created")
    return first


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
    print(
        f"{len(cat.criteria)} Trust Services Criteria (2017), {len(cat.controls)} controls "
        f"(catalog {cat.name} {cat.version})"
    )
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
        print(f"Created {args.file}: {services.get_answers(s).company.name}, {len(rows)} controls, {done} implemented.")
    return 0


# --- summary -------------------------------------------------------------------


def _summary_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace file")
    p.add_argument("--json", action="store_true", help="print the plan as JSON (the format in README.md)")


SEVERITY_WORDS = {"error": "Must fix", "warning": "Should fix", "advice": "Consider"}


def summary_text(plan: object) -> str:
    """The plan as a few readable lines: what a founder would tell the board."""
    from soc2wizard.domain import format as fmt
    from soc2wizard.domain import vocab
    from soc2wizard.estimate import words

    p = plan  # soc2wizard.estimate.model.PlanEstimate
    t, b, r = p.timeline, p.budget, p.readiness  # type: ignore[attr-defined]
    lines = [f"SOC 2 plan for {p.company}", ""]  # type: ignore[attr-defined]
    chosen = [c.title for c in p.criteria if c.selected]  # type: ignore[attr-defined]
    lines.append(f"Criteria:   {', '.join(chosen)}")
    rep = p.report  # type: ignore[attr-defined]
    kind = vocab.REPORT_TYPES[rep.type]
    if rep.observation_months:
        kind += f" with a {rep.observation_months}-month observation window"
    if rep.recommended_type != rep.type:
        kind += f" (we advise {vocab.REPORT_TYPES[rep.recommended_type]})"
    lines.append(f"Report:     {kind}")
    lines.append(
        f"Timeline:   {words.duration(t.weeks_low, t.weeks_high)} from {words.day(t.start)}; "
        f"report {words.report_dates(t.report_date_earliest, t.report_date_latest)}; "
        f"{round(t.open_effort_hours):,} hours of open work"
    )
    if t.deadline is not None:
        lines.append(f"Deadline:   {words.deadline_sentence(t)}")
        for o in t.options:
            lines.append(f"            - {o.message}")
    lines.append(
        f"Budget:     {fmt.money_range(b.low, b.high, b.currency)} paid out in the first year; "
        f"then {fmt.money_range(b.renewal_low, b.renewal_high, b.currency)} in year two"
    )
    for item in b.items:
        extra = "" if item.in_total else "  (your own time, not in the total)"
        lines.append(f"            {item.title + ':':<38} {fmt.money_range(item.low, item.high, b.currency)}{extra}")
    if b.published is not None:
        pub = b.published
        lines.append(f"            at {b.rate_note};")
        lines.append(
            f"            published figures: {fmt.money_range(pub.low, pub.high, pub.currency)} the first year"
        )
    ready = f"{r.design_percent}% of controls in place ({r.implemented} of {r.applicable})"
    if r.operating_percent is not None:
        ready += f"; {r.operating_percent}% of recurring evidence recorded"
    lines.append(f"Readiness:  {ready}")
    for o in p.obligations:  # type: ignore[attr-defined]
        lines.append(f"Also:       {o.title} ({'required' if o.required else 'worth considering'}): {o.reason}")
    if p.checks:  # type: ignore[attr-defined]
        lines += ["", "Checks:"]
        for c in p.checks:  # type: ignore[attr-defined]
            lines.append(f"  {SEVERITY_WORDS.get(c.severity, c.severity)}: {c.message}")
    return "\n".join(lines)


@command("summary", "print the plan: criteria, report type, timeline, budget, checks", _summary_arguments)
def run_summary(args: argparse.Namespace) -> int:
    from soc2wizard import services

    path = Path(args.file)
    if not path.exists():
        raise UserError(f"{args.file}: no such file")
    with services.open_workspace(path, read_only=True, passphrase=_passphrase(args)) as s:
        plan = services.estimate(s)
        summary = services.summary_json(s) if args.json else None  # with the risk register
    if summary is not None:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(summary_text(plan))
    return 0


# --- screenshots ---------------------------------------------------------------


def _screenshots_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR", help="the folder to write the PNG files to")
    p.add_argument(
        "file", metavar="FILE", nargs="?", help="a workspace to render (a copy is used; default: the demo company)"
    )
    p.add_argument("--dark", action="store_true", help="render with a dark palette")
    p.add_argument("--size", default="1280x800", metavar="WxH", help="window size (default 1280x800)")


@command("screenshots", "render every step of the demo (or FILE) to PNG", _screenshots_arguments)
def run_screenshots(args: argparse.Namespace) -> int:
    if args.file and not Path(args.file).is_file():
        raise UserError(f"{args.file}: no such workspace file")
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise UserError(f"--size: {args.size!r} is not WIDTHxHEIGHT, e.g. 1280x800") from None
    try:
        from soc2wizard.gui.screenshots import render
    except ImportError as exc:
        raise UserError(f"screenshots need the desktop app's Qt libraries: {exc}") from None
    written = render(Path(args.dir), Path(args.file) if args.file else None, size=(width, height), dark=args.dark)
    for path in written:
        print(path)
    return 0


# --- export --------------------------------------------------------------------

PDF_PASSWORD_ENV = "SOC2WIZARD_PDF_PASSWORD"


def _export_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = (
        "At least one of --pdf, --csv, --xlsx, --json and the Word documents is needed; several may be given.\n"
        f"The PDF is protected with AES-256 when --password is given or {PDF_PASSWORD_ENV} is set\n"
        "(the environment variable keeps the password out of your shell history).\n"
        "Each file is written whole or not at all; an existing file of the same name is replaced.\n"
        "Restore a JSON export with: soc2wizard new NEW.soc2 --from-json D.json"
    )
    p.add_argument("file", metavar="FILE", help="the workspace file")
    p.add_argument("--pdf", metavar="OUT.pdf", help="the readiness plan as a PDF")
    p.add_argument("--csv", metavar="OUT.csv", help="the checklist as CSV (a plan of action and milestones)")
    p.add_argument("--xlsx", metavar="OUT.xlsx", help="the checklist as an Excel workbook")
    p.add_argument("--json", metavar="OUT.json", help="the whole workspace as JSON, evidence included")
    p.add_argument(
        "--password", metavar="PASSWORD", help=f"protect the PDF with this password (or set {PDF_PASSWORD_ENV})"
    )
    p.add_argument("--date", metavar="YYYY-MM-DD", help="date the plan as of this day (default: today)")
    p.add_argument(
        "--paper",
        choices=("a4", "letter"),
        type=str.lower,
        help="the PDF's paper (default: the workspace's, else this machine's locale: A4 unless US, Canada …)",
    )
    _deliverable_arguments(p)


# The auditor's and the prospect's Word documents (issue 14), a block of their own.
DELIVERABLE_OPTIONS = ("system_description", "assertion", "bridge_letter", "policies")


def _deliverable_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("Word documents for the auditor and prospects")
    g.add_argument("--system-description", metavar="OUT.docx", help="the draft system description (DC 200 sections)")
    g.add_argument("--assertion", metavar="OUT.docx", help="management's assertion, filled in")
    g.add_argument("--bridge-letter", metavar="OUT.docx", help="a bridge letter, filled in")
    g.add_argument("--policies", metavar="DIR", help="the policy set, one DOCX per policy, into this folder")


def _export_deliverables(s: Any, args: argparse.Namespace, today: Any) -> None:
    from soc2wizard import services as sv

    if args.system_description:
        print(f"Wrote {sv.export_system_description(s, args.system_description, today=today)}")
    if args.assertion:
        print(f"Wrote {sv.export_assertion(s, args.assertion, today=today)}")
    if args.bridge_letter:
        print(f"Wrote {sv.export_bridge_letter(s, args.bridge_letter, today=today)}")
    if args.policies:
        written = sv.export_policies(s, args.policies, today=today)
        print(f"Wrote {len(written)} policies to {args.policies}")


@command("export", "write the plan as PDF, the checklist as CSV/XLSX, or everything as JSON", _export_arguments)
def run_export(args: argparse.Namespace) -> int:
    import os

    from soc2wizard import services
    from soc2wizard.domain.answers import parse_date

    if not (args.pdf or args.csv or args.xlsx or args.json or any(getattr(args, k) for k in DELIVERABLE_OPTIONS)):
        print(
            f"{PROG} export: error: give at least one of --pdf, --csv, --xlsx, --json, --system-description, "
            "--assertion, --bridge-letter, --policies",
            file=sys.stderr,
        )
        return 2
    password = args.password or os.environ.get(PDF_PASSWORD_ENV) or None
    if password and not args.pdf:
        raise UserError("--password protects a PDF; add --pdf OUT.pdf")
    if args.paper and not args.pdf:
        raise UserError("--paper sets the PDF's paper; add --pdf OUT.pdf")
    today = parse_date(args.date, "--date") if args.date else None
    path = Path(args.file)
    if not path.exists():
        raise UserError(f"{args.file}: no such file")
    with services.open_workspace(path, read_only=True, passphrase=_passphrase(args)) as s:
        if args.pdf:
            out = services.export_pdf(s, args.pdf, today=today, password=password, paper=args.paper)
            print(f"Wrote {out}" + (" (password protected)" if password else ""))
        if args.csv:
            n = services.export_csv(s, args.csv)
            print(f"Wrote {args.csv}: {n} controls")
        if args.xlsx:
            n = services.export_xlsx(s, args.xlsx)
            print(f"Wrote {args.xlsx}: {n} controls")
        if args.json:
            services.export_json(s, args.json)
            print(f"Wrote {args.json}")
        _export_deliverables(s, args, today)
    return 0


# --- display: paper and currency of a workspace -----------------------------------


def _display_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = (
        "Without options, prints the workspace's paper and currency.\n"
        "The published figures are in US dollars; with --currency, every amount in the app,\n"
        "the summary and the PDF is converted at your --rate (units of that currency per dollar),\n"
        "and the published dollar figures stay shown beside it. --currency USD goes back to dollars."
    )
    p.add_argument("file", metavar="FILE", help="the workspace file")
    p.add_argument(
        "--paper", choices=("a4", "letter", "locale"), type=str.lower, help="the PDF's paper ('locale': this machine's)"
    )
    p.add_argument("--currency", metavar="CODE", help="show money in this ISO 4217 currency (EUR, GBP, …)")
    p.add_argument("--rate", metavar="N", help="how many units of the currency one US dollar buys, e.g. 0.92")
    p.add_argument("--rate-source", metavar="TEXT", dest="rate_source", help="where the rate comes from")


@command("display", "set or show a workspace's paper (A4/Letter) and display currency", _display_arguments)
def run_display(args: argparse.Namespace) -> int:
    from soc2wizard import services

    path = Path(args.file)
    if not path.exists():
        raise UserError(f"{args.file}: no such file")
    changes: dict[str, object] = {}
    if args.paper:
        changes["paper"] = "" if args.paper == "locale" else args.paper
    if args.currency is not None:
        changes["currency"] = args.currency
    if args.rate is not None:
        changes["exchange_rate"] = args.rate
    if args.rate_source is not None:
        changes["exchange_rate_source"] = args.rate_source
    with services.open_workspace(path, read_only=not changes) as s:
        if changes:
            services.update_settings(s, **changes)
        st = services.get_settings(s)
        paper = services.paper(s)
        c = st.display_currency
    print(f"Paper:    {paper}{'' if st.paper else ' (from this machine’s locale)'}")
    print(f"Currency: {c.code}" + (f" at {c.describe()}" if c.converted else " (the published figures)"))
    return 0


# --- portfolio (the consultant's desk) ---------------------------------------------


def _portfolio_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = (
        "Each *.soc2 file in DIR is read read-only: nothing is written to it or beside it.\n"
        "Encrypted workspaces whose passphrase this machine's keychain does not hold are listed\n"
        "as locked; damaged files and files that are not workspaces are listed with the reason.\n"
        "Without --json, --csv or --pdf a table is printed."
    )
    p.add_argument("dir", metavar="DIR", help="the folder holding the client workspaces")
    p.add_argument("--json", action="store_true", help="print the list as JSON (a list of entries)")
    p.add_argument("--csv", metavar="OUT.csv", help="write the list as CSV")
    p.add_argument("--pdf", metavar="OUT.pdf", help="write a summary of every client as a PDF, firm-branded")
    p.add_argument("--firm", metavar="NAME", help="the firm named on the PDF (default: the one most clients name)")
    p.add_argument("--logo", metavar="PNG", help="the logo on the PDF, PNG or JPEG (default: that firm's logo)")
    p.add_argument("--paper", choices=("a4", "letter"), type=str.lower, help="the PDF's paper (default: the locale's)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="work the plans out as of this day (default: today)")


@command("portfolio", "every client workspace in a folder: readiness, deadline, what is due", _portfolio_arguments)
def run_portfolio(args: argparse.Namespace) -> int:
    from soc2wizard import services
    from soc2wizard.domain import format as fmt
    from soc2wizard.domain.answers import parse_date

    if (args.firm or args.logo or args.paper) and not args.pdf:
        raise UserError("--firm, --logo and --paper are for the PDF; add --pdf OUT.pdf")
    logo = None
    if args.logo:
        try:
            logo = Path(args.logo).read_bytes()
        except OSError as exc:
            raise UserError(f"--logo: {args.logo}: cannot be read ({exc.strerror})") from None
        if not logo.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
            raise UserError(f"--logo: {args.logo} is not a PNG or JPEG image")
    today = parse_date(args.date, "--date") if args.date else None
    entries = services.portfolio(Path(args.dir), today=today)
    if args.json:
        print(json.dumps([services.entry_json(e) for e in entries], ensure_ascii=False, indent=2))
    if args.csv:
        services.write_portfolio_csv(entries, args.csv)
        print(f"Wrote {args.csv}: {len(entries)} workspaces", file=sys.stderr if args.json else sys.stdout)
    if args.pdf:
        services.write_portfolio_pdf(
            entries,
            args.pdf,
            folder=str(Path(args.dir).resolve()),
            firm=args.firm,
            logo=logo,
            paper=args.paper,
            today=today,
        )
        print(f"Wrote {args.pdf}: {len(entries)} workspaces", file=sys.stderr if args.json else sys.stdout)
    if not (args.json or args.csv or args.pdf):
        if not entries:
            print(f"No workspace files (*.soc2) in {args.dir}.")
        for e in entries:
            if e.status != "ok":
                print(e.reason)
                continue
            ready = fmt.percent(e.design_percent) + (
                f" / {fmt.percent(e.operating_percent)}" if e.operating_percent is not None else ""
            )
            deadline = f"deadline {fmt.day(e.deadline)} {e.deadline_status}" if e.deadline else "no deadline"
            print(f"{e.name}: {e.client} — {ready} ready, {e.report_text}, {deadline}, {e.open_controls} open")
    return 0


# --- verify --------------------------------------------------------------------


def _verify_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        metavar="FILE",
        help=f"the workspace to check (encrypted: passphrase from {PASSPHRASE_ENV}, the keychain or a prompt)",
    )
    p.add_argument(
        "--head",
        metavar="HASH",
        help="a log head an earlier verify printed: fail unless the log still holds it (history not rewritten)",
    )


@command("verify", "check file integrity, evidence hashes and the activity log's chain", _verify_arguments)
def run_verify(args: argparse.Namespace) -> int:
    from soc2wizard import services

    result = services.verify_workspace(Path(args.file), passphrase=_passphrase(args), noted_head=args.head)
    stream = sys.stdout if result.ok else sys.stderr
    for line in result.lines():
        print(line, file=stream)
    return 0 if result.ok else 1


# --- import, protect, settings (for scripts: what the app's menus do) ----------

NEW_PASSPHRASE_ENV = "SOC2WIZARD_NEW_PASSPHRASE"


def _import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace to update")
    p.add_argument(
        "--csv",
        metavar="IN.csv",
        required=True,
        help="checklist updates by control id (the columns of 'export --csv'): all lines or none",
    )


@command("import", "update the checklist from a CSV file (all lines or none)", _import_arguments)
def run_import(args: argparse.Namespace) -> int:
    from soc2wizard import services

    with _open_for_writing(args) as s:
        changed = services.import_checklist_csv(s, args.csv)
    print(f"Imported {args.csv} into {args.file}: {changed} control{'s' if changed != 1 else ''} changed.")
    return 0


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


def _protect_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = (
        f"The current passphrase comes from {PASSPHRASE_ENV}, the keychain or a prompt; a new one\n"
        f"(--encrypt, --change-passphrase) from {NEW_PASSPHRASE_ENV} (for --encrypt also\n"
        f"{PASSPHRASE_ENV}), else it is asked twice at the terminal. A complete copy is written\n"
        "and checked before it replaces the file, so a failure leaves the file as it was."
    )
    p.add_argument("file", metavar="FILE", help="the workspace")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--encrypt", action="store_true", help="encrypt the whole file (SQLCipher)")
    what.add_argument("--decrypt", action="store_true", help="write it back as a plain SQLite file")
    what.add_argument(
        "--change-passphrase", action="store_true", dest="change", help="re-encrypt with a new passphrase"
    )
    p.add_argument("--remember", action="store_true", help="keep the new passphrase in this machine's keychain")


@command("protect", "encrypt a workspace, remove its encryption, or change its passphrase", _protect_arguments)
def run_protect(args: argparse.Namespace) -> int:
    from soc2wizard import services

    with _open_for_writing(args) as s:
        if args.encrypt:
            new = os.environ.get(NEW_PASSPHRASE_ENV) or _new_passphrase(args.file)
            message = services.encrypt_workspace(s, new, remember=args.remember)
        elif args.decrypt:
            message = services.remove_encryption(s)
        else:
            new = _new_passphrase(args.file, NEW_PASSPHRASE_ENV, "--change-passphrase")
            message = services.change_passphrase(s, new, remember=args.remember or None)
    print(message)
    return 0


def _settings_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace")
    p.add_argument("--firm", metavar="NAME", help="the consultant firm's name (on the PDF's cover)")
    p.add_argument("--assessor", metavar="NAME", help="the assessor's name (on the cover; names edits in the log)")
    logo = p.add_mutually_exclusive_group()
    logo.add_argument("--logo", metavar="PNG", help="the firm's logo: PNG or JPEG, at most 4,000x4,000 px and 5 MB")
    logo.add_argument("--no-logo", action="store_true", dest="no_logo", help="remove the firm's logo")
    p.add_argument("--actor", metavar="NAME", help="who the activity log names for this command's changes")


@command("settings", "set the consultant firm, assessor and logo; print the settings", _settings_arguments)
def run_settings(args: argparse.Namespace) -> int:
    from soc2wizard import services
    from soc2wizard.domain.records import SETTINGS_FIELDS

    changes = {k: v for k, v in (("firm_name", args.firm), ("assessor_name", args.assessor)) if v is not None}
    logo: bytes | None = None
    if args.logo:
        if not Path(args.logo).is_file():
            raise UserError(f"--logo: {args.logo} is not an image file")
        try:
            logo = Path(args.logo).read_bytes()
        except OSError as exc:
            raise UserError(f"{args.logo}: cannot be read ({exc.strerror})") from None
        services.check_logo(logo, "--logo")  # before opening: a bad image changes nothing
    with _open_for_writing(args) as s:
        if changes:
            services.update_settings(s, **changes)
        if logo is not None:
            services.set_firm_logo(s, logo)
        elif args.no_logo:
            services.set_firm_logo(s, None)
        st = services.get_settings(s)
    for key, label in SETTINGS_FIELDS.items():
        print(f"{label + ':':<20} {getattr(st, key) or '-'}")
    print(f"{'Logo:':<20} {'yes' if st.has_logo else '-'}")
    return 0


# --- through the year: calendar, snapshot, compare ------------------------------


def _open_existing(file: str, *, read_only: bool) -> object:
    from soc2wizard import services

    path = Path(file)
    if not path.exists():
        raise UserError(f"{file}: no such file")
    return services.open_workspace(path, read_only=read_only)


def _calendar_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace file")
    p.add_argument("--ics", metavar="OUT.ics", required=True, help="write the calendar as an iCalendar file")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="work out what is overdue as of this day (default: today)")


@command(
    "calendar", "recurring-control dates over the window and the next year, as .ics (RFC 5545)", _calendar_arguments
)
def run_calendar(args: argparse.Namespace) -> int:
    from soc2wizard import services
    from soc2wizard.domain.answers import parse_date

    today = parse_date(args.date, "--date") if args.date else None
    with _open_existing(args.file, read_only=True) as s:  # type: ignore[attr-defined]
        cal = services.evidence_calendar(s, today=today)
        out = services.export_calendar(s, args.ics, today=today)
    controls = len({o.control_id for o in cal.occurrences})
    print(
        f"Wrote {out}: {len(cal.occurrences)} occurrences of {controls} recurring controls from "
        f"{cal.window.text} and {cal.next_window.text}; {len(cal.overdue)} overdue."
    )
    return 0


def _snapshot_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace file")
    p.add_argument("--name", metavar="N", required=True, help="the snapshot's name (unique in the workspace)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="read the assessment as of this day (default: today)")


@command("snapshot", "keep a dated, named snapshot of the assessment in the workspace", _snapshot_arguments)
def run_snapshot(args: argparse.Namespace) -> int:
    from soc2wizard import services
    from soc2wizard.domain.answers import parse_date

    today = parse_date(args.date, "--date") if args.date else None
    with _open_existing(args.file, read_only=False) as s:  # type: ignore[attr-defined]
        snap = services.take_snapshot(s, args.name, today=today)
    r = snap.body["readiness"]
    print(
        f"Kept snapshot {snap.name!r} of {snap.taken_on.isoformat()}: {r['design_percent']}% of controls in place, "
        f"{len(snap.body['controls'])} controls."
    )
    return 0


def _compare_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace file")
    p.add_argument("--from", dest="from_name", metavar="N", help="the earlier snapshot (default: the last one kept)")
    p.add_argument("--to", dest="to_name", metavar="N", help="the later snapshot (default: the workspace now)")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="read 'now' as of this day (default: today)")


def compare_text(data: dict) -> str:
    """A comparison as readable lines: controls changed, readiness then and now, the estimate."""
    from soc2wizard.domain import format as fmt

    a, b = data["from"], data["to"]
    label_b = f"{b['name']!r} ({b['date']})" if b["name"] is not None else f"now ({b['date']})"
    lines = [f"Progress from {a['name']!r} ({a['date']}) to {label_b}", ""]
    changed = data["controls_changed"]
    lines.append(f"Controls changed: {len(changed)}")

    def show(v: dict | None, fields: list[str]) -> str:
        if v is None:
            return "not in the plan"
        return ", ".join(f"{k} {v[k] if v[k] not in (None, '') else '-'}" for k in fields)

    for c in changed:
        before, after = show(c["before"], c["changed"]), show(c["after"], c["changed"])
        lines.append(f"  {c['id']:<8} {c['title'][:50]:<50} {before}  ->  {after}")
    rb, ra = data["readiness"]["before"], data["readiness"]["after"]
    lines += ["", f"Readiness: {rb['design_percent']}% -> {ra['design_percent']}% of controls in place"]
    for k in data["readiness"]["by_criterion"]:
        if k["before"] != k["after"]:
            lines.append(
                f"  {k['id']:<8} {k['before'] if k['before'] is not None else '-'}% -> {k['after'] if k['after'] is not None else '-'}%"
            )
    eb, ea = data["estimate"]["before"], data["estimate"]["after"]
    lines += [
        "",
        f"Report:     {eb['report_date_earliest']} to {eb['report_date_latest']}  ->  "
        f"{ea['report_date_earliest']} to {ea['report_date_latest']}",
        f"Budget:     {fmt.money_range(eb['cost_low'], eb['cost_high'], eb.get('currency', 'USD'))}  ->  {fmt.money_range(ea['cost_low'], ea['cost_high'], ea.get('currency', 'USD'))}",
        f"Renewal:    {fmt.money_range(eb['renewal_low'], eb['renewal_high'], eb.get('currency', 'USD'))}  ->  "
        f"{fmt.money_range(ea['renewal_low'], ea['renewal_high'], ea.get('currency', 'USD'))} in year two",
    ]
    return "\n".join(lines)


@command("compare", "progress between two snapshots (default: the last one and now)", _compare_arguments)
def run_compare(args: argparse.Namespace) -> int:
    from soc2wizard import services
    from soc2wizard.domain.answers import parse_date

    today = parse_date(args.date, "--date") if args.date else None
    with _open_existing(args.file, read_only=True) as s:  # type: ignore[attr-defined]
        data = services.comparison_json(
            services.compare_snapshots(s, from_name=args.from_name, to_name=args.to_name, today=today)
        )
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else compare_text(data))
    return 0


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
        if not _interactive():
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


# --- the app -------------------------------------------------------------------


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
    from soc2wizard import services

    services.remove_stale_evidence_copies()  # left by an app that was killed: removed at the next start
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

    if argv and argv[0] in COMMANDS:
        name = argv[0]
        help_, add_arguments, run = COMMANDS[name]
        parser = argparse.ArgumentParser(prog=f"{PROG} {name}", description=help_[0].upper() + help_[1:] + ".")
        add_arguments(parser)
        args = parser.parse_args(argv[1:])
    else:
        parser = _gui_parser()
        args = parser.parse_args(argv)
        run = run_self_check if args.self_check else run_gui
        if args.file and not Path(args.file).exists() and not args.file.endswith(".soc2"):
            parser.error(f"unknown command or file {args.file!r}; commands: {', '.join(COMMANDS)}")
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
