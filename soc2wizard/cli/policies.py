"""The policy set from a terminal: list the policies, approve one, record an acknowledgement.

The same service calls and validators as the app's Policies tab; a refused value
is one line naming the option, and nothing is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from soc2wizard.cli._base import UserError, _open_for_writing, _open_read_only, command

DASH = "-"


def _policies_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace file (opened read-only)")
    p.add_argument("--json", action="store_true", help="print the policies as JSON, acknowledgements listed")


def policies_text(rows: list[dict[str, Any]]) -> str:
    """The policy list as aligned columns: id, title, version, approver, dates and acknowledgements of that version."""
    head = ("ID", "Title", "Version", "Approver", "Approved on", "Next review", "Acknowledged")
    lines = [head]
    for p in rows:
        current = [a for a in p["acknowledgements"] if a["version"] == p["version"]]
        lines.append(
            (
                p["id"],
                p["title"],
                f"{p['version']}.0" + ("*" if p["changed_since_approval"] else "") if p["version"] else "draft",
                p["approver"] or DASH,
                p["approved_on"] or DASH,
                p["next_review"] or DASH,
                str(len(current)) if p["version"] else DASH,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in lines]
    approved = sum(1 for p in rows if p["version"])
    out.append("")
    out.append(f"{len(rows)} policies, {approved} approved. Acknowledged: people who acknowledged the current version.")
    if any(p["changed_since_approval"] for p in rows):
        out.append("* the wording has changed since that version was approved; approving issues the next version.")
    return "\n".join(out)


@command("policies", "list the policy set: version, approver, next review, acknowledgements", _policies_arguments)
def run_policies(args: argparse.Namespace) -> int:
    from soc2wizard import services

    with _open_read_only(args) as s:
        rows = services.policies_json(s)
    print(json.dumps(rows, ensure_ascii=False, indent=2) if args.json else policies_text(rows))
    return 0


# --- approve, acknowledge ---------------------------------------------------------

# The service's field names, as the options that carry them.
OPTION_OF = {
    "policy": "ID",
    "approver": "--approver",
    "approved_on": "--date",
    "person": "--acknowledge",
    "acknowledged_on": "--date",
    "note": "--note",
}


def _policy_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = (
        "Approving records a new version of the policy's current wording, with a next review twelve months on.\n"
        "An acknowledgement is recorded against the current approved version and counts as PPL-02 evidence.\n"
        "The date defaults to today and may not be later than today. List the ids with 'soc2wizard policies FILE'."
    )
    p.add_argument("file", metavar="FILE", help="the workspace file")
    p.add_argument("id", metavar="ID", help="the policy's id, e.g. access_control")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--approve", action="store_true", help="approve the policy's current wording as a new version")
    what.add_argument("--acknowledge", metavar="NAME", help="record that NAME acknowledged the current version")
    p.add_argument("--approver", metavar="NAME", help="with --approve: who approves this version")
    p.add_argument("--note", metavar="TEXT", help="with --approve: a note kept with the version")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day it happened (default: today)")
    p.add_argument("--actor", metavar="NAME", help="who the activity log names for this change")


@command(
    "policy",
    "approve a policy (--approve --approver N) or record an acknowledgement (--acknowledge N)",
    _policy_arguments,
)
def run_policy(args: argparse.Namespace) -> int:
    from soc2wizard import services
    from soc2wizard.domain.errors import FieldError

    if not args.approve and (args.approver is not None or args.note is not None):
        raise UserError(f"{'--approver' if args.approver is not None else '--note'} only applies with --approve")
    today = dt.date.today()
    day = args.date if args.date is not None else today
    try:
        with _open_for_writing(args) as s:
            if args.approve:
                p = services.approve_policy(
                    s, args.id, approver=args.approver or "", approved_on=day, note=args.note or "", today=today
                )
                v = p.current
                assert v is not None
                message = (
                    f"Approved {p.title} {v.version}.0 by {v.approver} on {v.approved_on.isoformat()}; "
                    f"next review by {v.next_review.isoformat()}."
                )
            else:
                p = services.acknowledge_policy(s, args.id, person=args.acknowledge, acknowledged_on=day, today=today)
                who, version = " ".join(args.acknowledge.split()), p.current.version if p.current else 0
                a = next(x for x in p.acknowledgements if x.person == who and x.version == version)
                message = (
                    f"Recorded that {a.person} acknowledged {p.title} {a.version}.0 on {a.acknowledged_on.isoformat()}."
                )
    except FieldError as exc:
        hint = (
            "; 'soc2wizard policies FILE' lists the ids" if exc.path == "policy" and "no policy" in exc.message else ""
        )
        raise UserError(f"{OPTION_OF.get(exc.path, exc.path)}: {exc.message}{hint}") from None
    print(message)
    return 0
