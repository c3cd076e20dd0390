"""The plan and the workspace leaving the app (PDF, CSV, XLSX, JSON) and checklist CSV imports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from soc2wizard.catalog import load_catalog
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.records import (
    SETTINGS_FIELDS,
    ControlState,
)
from soc2wizard.services.controls import STATE_FIELDS, checklist, next_state
from soc2wizard.services.evidence import list_evidence
from soc2wizard.services.planning import estimate
from soc2wizard.services.profile import firm_logo, get_answers, get_settings
from soc2wizard.services.scope import list_scope
from soc2wizard.services.session import Session, catalog
from soc2wizard.services.snapshots import snapshot_sides
from soc2wizard.store.repo import now

if TYPE_CHECKING:
    from soc2wizard.report.model import Report, ReportInput

# --- exports -----------------------------------------------------------------------


def prepare_report(s: Session, *, today: dt.date | None = None, paper: str | None = None) -> Report:
    """The PDF's report model (``soc2wizard.report.model.Report``), read from the workspace now.

    Call it on the thread that owns the session; ``render_pdf`` then needs
    nothing but the model, so it can run on a worker thread. ``paper`` ("a4"
    or "letter") overrides the workspace's paper for this report.
    """
    from dataclasses import replace

    from soc2wizard.domain.display import check_paper
    from soc2wizard.report.extras import add_deliverables
    from soc2wizard.report.model import build_report
    from soc2wizard.services.deliverables import gather
    from soc2wizard.services.display import paper as workspace_paper

    chosen = check_paper(paper) or workspace_paper(s)
    today = today or dt.date.today()
    est = estimate(s, today=today)
    report = replace(build_report(gather_report_input(s), est, today), paper=chosen)
    return add_deliverables(report, gather(s), est.report.observation_months or 0, today)


def gather_report_input(s: Session) -> ReportInput:
    """Read what the report needs, once, on the thread that owns the session."""
    from soc2wizard.report.model import ReportInput

    return ReportInput(
        answers=get_answers(s),
        settings=get_settings(s),
        logo=firm_logo(s),
        scope=tuple(list_scope(s)),
        rows=tuple(checklist(s)),
        evidence=tuple(list_evidence(s)),
        criteria=dict(catalog().criteria),
        snapshots=snapshot_sides(s),
    )


def render_pdf(report: Report, out_path: Path | str, *, progress: Any = None, password: str | None = None) -> Path:
    """Write a prepared report as a PDF, atomically; ``progress(percent, text)`` is called on the way."""
    from soc2wizard.report.pdf import write_pdf

    return write_pdf(report, out_path, progress=progress, password=password)


def export_pdf(
    s: Session,
    out_path: Path | str,
    *,
    today: dt.date | None = None,
    progress: Any = None,
    password: str | None = None,
    paper: str | None = None,
) -> Path:
    """The readiness plan as a PDF (AES-256 protected when ``password`` is given).

    On the workspace's paper, unless ``paper`` ("a4" or "letter") says otherwise.
    """
    if progress is not None:
        progress(1, "Reading the workspace")
    report = prepare_report(s, today=today, paper=paper)
    return render_pdf(report, out_path, progress=progress, password=password)


def _plan_rows(s: Session) -> list[Any]:
    from soc2wizard.report.model import control_rows

    return control_rows(checklist(s), dt.date.today())


def export_csv(s: Session, path: Path | str) -> int:
    """The checklist as a CSV plan of action and milestones; returns the number of controls."""
    from soc2wizard.report.tabular import write_csv

    rows = _plan_rows(s)
    write_csv(rows, path)
    return len(rows)


def export_xlsx(s: Session, path: Path | str) -> int:
    """The checklist as an Excel workbook; returns the number of controls."""
    from soc2wizard.report.tabular import write_xlsx

    rows = _plan_rows(s)
    write_xlsx(rows, path, company=s.repo.answers().company.name)
    return len(rows)


def dump_workspace(s: Session) -> dict[str, Any]:
    """Everything in the workspace as a ``soc2wizard-workspace/1`` document (evidence bytes in base64)."""
    from soc2wizard.report.dump import WorkspaceDump, to_json
    from soc2wizard.store.snapshots import list_snapshots
    from soc2wizard.store.deliverables import export_all as export_deliverables

    repo = s.repo
    st = repo.settings()
    states = repo.control_states()
    w = WorkspaceDump(
        answers=repo.answers(),
        settings={
            **{k: getattr(st, k) for k in SETTINGS_FIELDS if getattr(st, k)},
            **_display_settings(st),
        },
        logo=firm_logo(s),
        scope=tuple(repo.scope()),
        overrides=tuple(o for _, o in sorted(repo.overrides().items())),
        custom_controls=tuple(repo.custom_controls()),
        states=tuple(states[k] for k in sorted(states)),
        evidence=tuple((e, repo.evidence_content(e.id)) for e in repo.evidence()),
        activity=tuple(reversed(repo.activity())),
        snapshots=tuple((x.name, x.taken_on, x.taken_at, x.body) for x in list_snapshots(repo)),
        deliverables=export_deliverables(repo.db),
    )
    return to_json(w, workspace_id=s.workspace_id, exported_at=now())


def _display_settings(st: Any) -> dict[str, str]:
    """Paper and currency as the dump keeps them (text; nothing for the defaults)."""
    from soc2wizard.domain.display import rate_text

    out = {"paper": st.paper} if st.paper else {}
    c = st.display_currency
    if c.converted:
        out.update(currency=c.code, exchange_rate=rate_text(c.rate), exchange_rate_source=c.source)
    return out


def export_json(s: Session, path: Path | str) -> Path:
    """The whole workspace as JSON, importable with ``create_from_dump`` (``new --from-json``)."""
    from soc2wizard.report import atomic_output

    path = Path(path)
    text = json.dumps(dump_workspace(s), ensure_ascii=False, indent=1)
    with atomic_output(path, "JSON export") as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")
    return path


def import_checklist_csv(s: Session, path: Path | str) -> int:
    """Update status, owner, due date and notes from a CSV, by control id: all lines or none.

    A bad line raises FieldError("line N", …) listing the first problems, and
    nothing changes. Returns the number of controls changed.
    """
    from soc2wizard.report.importer import parse_rows, read_csv

    repo = s._writable()
    known = set(load_catalog().controls) | {b["id"] for b in repo.custom_controls()}
    updates = parse_rows(read_csv(path), known)
    changed: list[tuple[ControlState, ControlState]] = []
    errors: list[str] = []
    for u in updates:
        before = repo.control_state(u.control_id)
        try:
            after = next_state(before, u.changes)
        except FieldError as exc:
            errors.append(f"line {u.line}: {exc.path.replace('_', ' ')} {exc.message}")
            continue
        if any(getattr(before, k) != getattr(after, k) for k in STATE_FIELDS):
            changed.append((before, after))
    if errors:
        head, _, first = errors[0].partition(": ")
        more = "; also " + "; ".join(errors[1:5]) if len(errors) > 1 else ""
        raise FieldError(head, f"{first}{more}. Nothing was imported.")
    with repo.transaction():
        for before, after in changed:
            repo.write_control_state(after)
            repo.log(
                "import control",
                after.control_id,
                {k: getattr(before, k) for k in STATE_FIELDS if getattr(before, k) != getattr(after, k)},
                {k: getattr(after, k) for k in STATE_FIELDS if getattr(before, k) != getattr(after, k)},
            )
        repo.log("import checklist CSV", Path(path).name, None, {"changed": len(changed), "lines": len(updates)})
    return len(changed)
