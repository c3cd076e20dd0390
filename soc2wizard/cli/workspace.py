"""The workspace commands: new, catalog, demo, summary, screenshots and export."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from soc2wizard.cli._base import (
    PASSPHRASE_ENV,
    PDF_PASSWORD_ENV,
    PROG,
    UserError,
    _new_passphrase,
    _notices,
    _open_read_only,
    command,
)


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

    with _open_read_only(args) as s:
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


@command(
    "export",
    "write the plan as PDF, the checklist as CSV/XLSX, everything as JSON, or the auditor's documents as DOCX",
    _export_arguments,
)
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
    with _open_read_only(args) as s:
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
