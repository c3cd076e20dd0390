"""The consultant's desk: every client workspace in a folder, at a glance.

Each file is read read-only (soc2wizard.store.peek): nothing is written to
it or beside it, no migration runs and no lock is taken, so a client's file
that is open in another window is listed too. Only what the list shows is
read — the answers, control states, evidence dates (never the files kept as
evidence), scope, overrides and the last log entry — and the plan is worked
out by the same estimate the app, the summary and the PDF use. A file that
cannot be read is listed with the reason (locked, damaged, not a workspace);
it never stops the list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.portfolio import STATUSES, DueItem, PortfolioEntry, due_text
from soc2wizard.estimate.words import deadline_state
from soc2wizard.domain.records import ChecklistRow
from soc2wizard.store.workspace import EXTENSION

NEXT_DUE = 3  # due items listed per client
OPEN_STATUSES = ("not_started", "in_progress")


def workspace_files(folder: Path | str) -> list[Path]:
    """The workspace files (``*.soc2``) directly in ``folder``, by name; FieldError if it is not a folder."""
    folder = Path(folder)
    if not folder.exists():
        raise FieldError(str(folder), "no such folder")
    if not folder.is_dir():
        raise FieldError(str(folder), "is a file, not a folder of workspaces")
    try:
        found = [
            p for p in folder.iterdir() if p.suffix.lower() == EXTENSION and not p.name.startswith(".") and p.is_file()
        ]
    except OSError as exc:
        raise FieldError(str(folder), f"cannot be read ({exc.strerror})") from None
    return sorted(found, key=lambda p: p.name.lower())


def portfolio(
    folder: Path | str,
    *,
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[PortfolioEntry]:
    """Every workspace in ``folder`` with its standing; unreadable files listed with the reason.

    ``progress(done, total, name)`` is called after each file.
    """
    files = workspace_files(folder)
    today = today or dt.date.today()
    out = []
    for i, path in enumerate(files):
        out.append(read_entry(path, today=today))
        if progress is not None:
            progress(i + 1, len(files), path.name)
    return out


def read_entry(path: Path | str, *, today: dt.date | None = None) -> PortfolioEntry:
    """One workspace's standing, read read-only; never raises for a bad file."""
    from soc2wizard.store import peek

    path = Path(path)
    today = today or dt.date.today()
    encrypted = False
    try:
        kind = peek.sniff(path)
        encrypted = kind == "encrypted"
        db = peek.open_encrypted(path, _remembered(path)) if encrypted else peek.open_plain(path)
        try:
            return _entry(path, db, today, encrypted)
        finally:
            db.close()
    except peek.Unreadable as exc:
        return PortfolioEntry(path, exc.kind, f"{path.name} {exc}", encrypted=encrypted)
    except LookupError as exc:  # no company profile
        return PortfolioEntry(path, "damaged", f"{path.name} is incomplete ({exc})", encrypted=encrypted)
    except Exception as exc:  # noqa: BLE001 - any fault in one file is that file's, never the list's
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return PortfolioEntry(path, "damaged", f"{path.name} cannot be read ({detail})", encrypted=encrypted)


def _remembered(path: Path) -> str:
    """The passphrase this machine's keychain holds for ``path``; Unreadable("locked") without one."""
    from soc2wizard import secrets
    from soc2wizard.store import crypto
    from soc2wizard.store.peek import Unreadable

    if not crypto.available():
        raise Unreadable("locked", "is encrypted (or not a workspace); reading it needs the sqlcipher3 package")
    try:
        passphrase = secrets.remembered(path)
    except secrets.KeychainUnavailable as why:
        raise Unreadable("locked", f"is encrypted and the keychain cannot be asked: {why}") from None
    if not passphrase:
        raise Unreadable(
            "locked", "is encrypted and its passphrase is not remembered on this machine; open it to unlock"
        )
    return passphrase


def _entry(path: Path, db: Any, today: dt.date, encrypted: bool) -> PortfolioEntry:
    from soc2wizard.services.controls import checklist
    from soc2wizard.services.planning import estimate
    from soc2wizard.services.session import Session
    from soc2wizard.store.repo import Repo

    repo = Repo(db)
    s = Session(path, repo, read_only=True)  # never closed through Session: that would checkpoint
    answers = repo.answers()
    rows = checklist(s, answers)
    plan = estimate(s, today=today, rows=rows)
    t, r = plan.timeline, plan.readiness
    deadline_status = {"": "", "met": "met", "at_risk": "at risk", "missed": "missed", "passed": "passed"}[
        deadline_state(t)
    ]
    due = _due(rows, today)
    last = repo.last_activity_at()
    firm = repo.setting("firm_name")
    return PortfolioEntry(
        path=path,
        status="ok",
        encrypted=encrypted,
        client=answers.company.name,
        firm_name=firm if isinstance(firm, str) else "",
        report_type=plan.report.type,
        observation_months=plan.report.observation_months,
        design_percent=r.design_percent,
        operating_percent=r.operating_percent,
        deadline=t.deadline,
        deadline_status=deadline_status,
        report_date_latest=t.report_date_latest,
        open_controls=sum(1 for row in rows if row.state.status in OPEN_STATUSES),
        overdue=sum(1 for d in due if d.overdue),
        next_due=tuple(due[:NEXT_DUE]),
        last_change=last or "",
    )


def _due(rows: Sequence[ChecklistRow], today: dt.date) -> list[DueItem]:
    """Open controls with a due date, soonest (most overdue) first."""
    items = [
        DueItem(row.control.id, row.control.title, row.state.due_date, row.state.due_date < today)
        for row in rows
        if row.state.status in OPEN_STATUSES and row.state.due_date is not None
    ]
    return sorted(items, key=lambda d: (d.due, d.control_id))


# --- outputs -------------------------------------------------------------------------


def entry_json(e: PortfolioEntry) -> dict[str, Any]:
    """One entry of ``portfolio DIR --json``."""
    return {
        "file": e.name,
        "path": str(e.path),
        "status": e.status,
        "reason": e.reason,
        "encrypted": e.encrypted,
        "client": e.client,
        "report_type": e.report_type or None,
        "observation_months": e.observation_months,
        "design_readiness": e.design_percent,
        "operating_readiness": e.operating_percent,
        "deadline": e.deadline.isoformat() if e.deadline else None,
        "deadline_status": e.deadline_status or None,
        "report_date_latest": e.report_date_latest.isoformat() if e.report_date_latest else None,
        "open_controls": e.open_controls if e.status == "ok" else None,
        "overdue": e.overdue if e.status == "ok" else None,
        "next_due": [
            {"control": d.control_id, "title": d.title, "due": d.due.isoformat(), "overdue": d.overdue}
            for d in e.next_due
        ],
        "last_change": e.last_change or None,
        "firm": e.firm_name or None,
    }


CSV_COLUMNS = (
    "File",
    "Status",
    "Client",
    "Design readiness %",
    "Operating readiness %",
    "Report type",
    "Deadline",
    "Deadline status",
    "Report by (latest)",
    "Open controls",
    "Overdue",
    "Next due",
    "Last change",
    "Reason",
)


def portfolio_csv(entries: Sequence[PortfolioEntry]) -> str:
    """The list as CSV text (UTF-8, one row per file; Excel opens it with a BOM)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for e in entries:
        ok = e.status == "ok"
        w.writerow(
            [
                e.name,
                STATUSES[e.status],
                e.client,
                _csv_num(e.design_percent),
                _csv_num(e.operating_percent),
                e.report_text,
                e.deadline.isoformat() if e.deadline else "",
                e.deadline_status,
                e.report_date_latest.isoformat() if e.report_date_latest else "",
                e.open_controls if ok else "",
                e.overdue if ok else "",
                "; ".join(due_text(d) for d in e.next_due),
                e.last_change,
                e.reason,
            ]
        )
    return buf.getvalue()


def _csv_num(v: int | None) -> str:
    return "" if v is None else str(v)


def write_portfolio_csv(entries: Sequence[PortfolioEntry], out: Path | str) -> Path:
    """Write the list as CSV, whole or not at all."""
    from soc2wizard.services._common import write_file_atomic

    out = Path(out)
    write_file_atomic(out, ("\ufeff" + portfolio_csv(entries)).encode("utf-8"))
    return out


def firm_brand(entries: Sequence[PortfolioEntry]) -> tuple[str, bytes | None]:
    """The firm most of the readable clients name, and its logo from one of them (read-only)."""
    from soc2wizard.store import peek

    names = Counter(e.firm_name for e in entries if e.status == "ok" and e.firm_name)
    if not names:
        return "", None
    firm = names.most_common(1)[0][0]
    for e in entries:
        if e.status != "ok" or e.firm_name != firm:
            continue
        try:
            db = peek.open_encrypted(e.path, _remembered(e.path)) if e.encrypted else peek.open_plain(e.path)
        except peek.Unreadable:
            continue
        try:
            from soc2wizard.store.repo import Repo

            logo = Repo(db).setting("firm_logo")
        except Exception:  # noqa: BLE001 - a logo is a nicety
            logo = None
        finally:
            db.close()
        if logo is not None:
            return firm, bytes(logo)
    return firm, None


def write_portfolio_pdf(
    entries: Sequence[PortfolioEntry],
    out: Path | str,
    *,
    folder: str = "",
    firm: str | None = None,
    logo: bytes | None = None,
    paper: str | None = None,
    today: dt.date | None = None,
) -> Path:
    """A summary of every client, branded with the firm (given, else the one most clients name)."""
    from soc2wizard.domain.display import check_paper
    from soc2wizard.report.portfolio_pdf import PortfolioReport, write_portfolio
    from soc2wizard.services.display import system_paper

    if firm is None:
        firm, found_logo = firm_brand(entries)
        logo = logo if logo is not None else found_logo
    report = PortfolioReport(
        entries=tuple(entries),
        folder=folder,
        firm=firm,
        logo=logo,
        today=today or dt.date.today(),
        paper=check_paper(paper) or system_paper(),
    )
    return write_portfolio(report, Path(out))
