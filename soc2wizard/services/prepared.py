"""Exports written from a snapshot: everything is read first, on the thread that owns the workspace.

``prepare_export(session, kind)`` reads what the export needs now, in one go,
and returns a writer that needs no session: the app calls the writer on a
worker thread, so an edit made while the file is being written can neither
half-appear in it nor race the worker for the database connection.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from soc2wizard.services.controls import checklist
from soc2wizard.services.exports import dump_workspace, prepare_report, render_pdf
from soc2wizard.services.profile import get_answers
from soc2wizard.services.session import Session

Progress = Callable[[int, str], None]
Writer = Callable[[Path, Progress], Any]
KINDS = ("pdf", "csv", "xlsx", "json")


def prepare_export(s: Session, kind: str, *, today: dt.date | None = None) -> Writer:
    """Read the workspace for one export now; the returned ``writer(out, progress)`` only writes."""
    if kind == "pdf":
        report = prepare_report(s, today=today)
        return lambda out, progress: render_pdf(report, out, progress=progress)
    if kind in ("csv", "xlsx"):
        from soc2wizard.report.model import control_rows
        from soc2wizard.report.tabular import write_csv, write_xlsx

        rows = control_rows(checklist(s), today or dt.date.today())
        company = get_answers(s).company.name

        def tabular(out: Path, progress: Progress) -> int:
            progress(10, "")
            if kind == "csv":
                write_csv(rows, out)
            else:
                write_xlsx(rows, out, company=company)
            return len(rows)

        return tabular
    if kind == "json":
        from soc2wizard.report import atomic_output

        doc = dump_workspace(s)

        def dump(out: Path, progress: Progress) -> Path:
            progress(10, "")
            text = json.dumps(doc, ensure_ascii=False, indent=1)
            with atomic_output(Path(out), "JSON export") as tmp:
                tmp.write_text(text + "\n", encoding="utf-8")
            return Path(out)

        return dump
    raise KeyError(f"no export {kind!r}; exports: {', '.join(KINDS)}")
