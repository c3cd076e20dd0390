"""Through the year: calendar, snapshot, compare."""

from __future__ import annotations

import argparse
import json

from soc2wizard.cli._base import (
    _open_existing,
    command,
)


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
