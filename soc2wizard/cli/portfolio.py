"""Display settings and the consultant's portfolio: display, portfolio."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from soc2wizard.cli._base import (
    UserError,
    command,
)


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
