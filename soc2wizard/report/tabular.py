"""The checklist as a plan of action and milestones: CSV and XLSX, one row per control.

The CSV is UTF-8 with a byte-order mark so spreadsheet programs read accents
and non-Latin names correctly; it is also the format ``importer`` reads back.
Text that a spreadsheet would run as a formula (starting with = + - @) is
written with a leading apostrophe, which the importer removes again.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from soc2wizard.report import atomic_output
from soc2wizard.report.model import ControlRow

COLUMNS: tuple[str, ...] = (
    "Control ID",
    "Title",
    "Criteria",
    "Status",
    "Owner",
    "Due date",
    "Priority",
    "Evidence items",
    "Notes",
    "Not applicable because",
    # The crosswalk (the importer ignores these columns).
    "ISO 27001:2022",
    "HIPAA",
    "PCI DSS v4.0",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """Keep a spreadsheet from running text as a formula (the importer undoes this).

    Text that already starts with an apostrophe gets one more, so that
    ``undefuse`` gives back exactly what was written ("'=x" stays "'=x").
    """
    return "'" + text if text and text.startswith((*_FORMULA_START, "'")) else text


def undefuse(text: str) -> str:
    """The inverse of ``defuse``: one apostrophe off text that starts with one before a formula sign or another."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1:].startswith((*_FORMULA_START, "'")) else text


def row_values(c: ControlRow) -> list[object]:
    """One control's cells, in ``COLUMNS`` order (dates as YYYY-MM-DD)."""
    return [
        c.control_id,
        c.title,
        ", ".join(c.criteria),
        c.status_label,
        c.owner,
        c.due_date.isoformat() if c.due_date else "",
        f"{c.priority} {c.priority_label}",
        c.evidence_count,
        c.notes,
        c.na_reason,
        "; ".join(c.iso27001),
        "; ".join(c.hipaa),
        "; ".join(c.pci_dss),
    ]


def write_csv(rows: Sequence[ControlRow], path: Path | str) -> Path:
    """Write the checklist as CSV, atomically."""
    path = Path(path)
    with atomic_output(path, "CSV file") as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for c in rows:
            w.writerow([defuse(v) if isinstance(v, str) else v for v in row_values(c)])
    return path


def write_xlsx(rows: Sequence[ControlRow], path: Path | str, *, company: str = "") -> Path:
    """Write the checklist as an Excel workbook with a frozen, filterable header, atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Plan of action"
    ws.append(list(COLUMNS))
    head_font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F3A5F")
    for cell in ws[1]:
        cell.font = head_font
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for c in rows:
        values = row_values(c)
        values[5] = c.due_date  # a real date cell
        ws.append(values)
        r = ws.max_row
        for i, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=i)
            if isinstance(v, str):
                cell.value = v
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = wrap
        if c.due_date:
            ws.cell(row=r, column=6).number_format = "yyyy-mm-dd"
    widths = (12, 44, 22, 15, 20, 12, 16, 10, 50, 40, 22, 26, 22)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    wb.properties.title = f"SOC 2 plan of action and milestones{': ' + company if company else ''}"
    wb.properties.creator = "soc2wizard"
    path = Path(path)
    with atomic_output(path, "XLSX file") as tmp:
        wb.save(tmp)
    return path


def read_xlsx_rows(path: Path | str) -> list[list[str]]:
    """The first sheet's cells as text, header first (for round-trip checks and imports)."""
    import datetime as dt

    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        out = []
        for row in wb.worksheets[0].iter_rows(values_only=True):
            cells = []
            for v in row:
                if isinstance(v, dt.datetime):
                    v = v.date().isoformat()
                elif isinstance(v, dt.date):
                    v = v.isoformat()
                cells.append("" if v is None else str(v))
            out.append(cells)
        return out
    finally:
        wb.close()
