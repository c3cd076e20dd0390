"""The checklist as CSV and XLSX, and CSV imports of checklist updates."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from soc2wizard import services
from soc2wizard.domain.errors import FieldError
from soc2wizard.report.tabular import COLUMNS, read_xlsx_rows

STATE = ("status", "owner", "due_date", "notes", "na_reason")


def _states(s) -> dict[str, tuple]:
    return {r.control.id: tuple(getattr(r.state, k) for k in STATE) for r in services.checklist(s)}


def _fresh_copy(demo, tmp_path, name="copy.soc2"):
    """A new workspace with the demo's answers and none of its checklist work."""
    return services.create_workspace(tmp_path / name, services.get_answers(demo))


def _csv_rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_has_one_row_per_control_with_the_plan_columns(demo, tmp_path):
    """The CSV is a plan of action: a header, then one row per control with its state."""
    n = services.export_csv(demo, tmp_path / "plan.csv")
    rows = _csv_rows(tmp_path / "plan.csv")
    assert rows[0] == list(COLUMNS)
    assert len(rows) - 1 == n == len(services.checklist(demo))
    first = dict(zip(rows[0], rows[1]))
    assert first["Control ID"] == "POL-01" and first["Priority"] == "1 Foundational"
    assert first["Status"] == "Implemented" and first["Owner"] == "Maya Okafor"
    assert first["Criteria"].startswith("CC")
    assert all(re.match(r"^\d{4}-\d{2}-\d{2}$", r[5]) for r in rows[1:] if r[5])


def test_csv_round_trip_gives_the_same_states(demo, tmp_path):
    """Exporting the CSV and importing it into a fresh copy reproduces every control's state."""
    services.update_control(demo, "POL-02", notes='Draft with legal; "v2", see wiki\nSecond line é 株')
    services.update_control(demo, "POL-03", owner='=HYPERLINK("x")')
    services.export_csv(demo, tmp_path / "plan.csv")
    with _fresh_copy(demo, tmp_path) as copy:
        changed = services.import_checklist_csv(copy, tmp_path / "plan.csv")
        assert changed > 0
        assert _states(copy) == _states(demo)
        assert services.activity(copy, 1)[0].action == "import checklist CSV"


def test_csv_defuses_formulas_but_imports_them_back_as_text(demo, tmp_path):
    """A value starting with = is written with an apostrophe and read back unchanged."""
    services.update_control(demo, "POL-02", owner="=cmd|' /C calc'!A0")
    services.export_csv(demo, tmp_path / "plan.csv")
    row = next(r for r in _csv_rows(tmp_path / "plan.csv") if r[0] == "POL-02")
    assert row[4] == "'=cmd|' /C calc'!A0"
    with _fresh_copy(demo, tmp_path) as copy:
        services.import_checklist_csv(copy, tmp_path / "plan.csv")
        assert services.control_state(copy, "POL-02").owner == "=cmd|' /C calc'!A0"


def test_xlsx_holds_the_same_rows_and_round_trips(demo, tmp_path):
    """The workbook has the same cells as the CSV, real dates, and imports back to the same states."""
    services.update_control(demo, "POL-03", owner="=1+1")
    services.export_xlsx(demo, tmp_path / "plan.xlsx")
    services.export_csv(demo, tmp_path / "plan.csv")
    cells = read_xlsx_rows(tmp_path / "plan.xlsx")
    text = _csv_rows(tmp_path / "plan.csv")
    assert cells[0] == list(COLUMNS)
    assert [r[:6] for r in cells[1:]] == [[c.lstrip("'") if c.startswith("'=") else c for c in r[:6]] for r in text[1:]]
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "plan.xlsx").active
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    owner = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "POL-03")[4]
    assert owner.value == "=1+1" and owner.data_type == "s"  # text, never a formula
    with open(tmp_path / "from-xlsx.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(cells)
    with _fresh_copy(demo, tmp_path) as copy:
        services.import_checklist_csv(copy, tmp_path / "from-xlsx.csv")
        assert _states(copy) == _states(demo)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("NOPE-1,Not started,,,", "no control with id 'NOPE-1'"),
        ("POL-04,Finished,,,", "status 'Finished' is not one of"),
        ("POL-04,In progress,,2027-02-30,", "is not a date written YYYY-MM-DD"),
        ("POL-04,Not applicable,,,", "say why the control does not apply"),
    ],
)
def test_a_bad_line_imports_nothing_and_is_named(workspace, tmp_path, bad_line, message):
    """Any bad line (unknown id, bad status, bad date, N/A without reason) changes nothing and names line N."""
    before = _states(workspace)
    log = len(services.activity(workspace))
    path = tmp_path / "updates.csv"
    path.write_text(
        "Control ID,Status,Owner,Due date,Notes\n"
        "POL-01,Implemented,Ann,2027-01-15,ok\n"
        "POL-02,In progress,Bo,,\n"
        f"{bad_line}\n",
        encoding="utf-8",
    )
    with pytest.raises(FieldError) as err:
        services.import_checklist_csv(workspace, path)
    assert err.value.path == "line 4"
    assert message in str(err.value) and "Nothing was imported" in str(err.value)
    assert _states(workspace) == before
    assert len(services.activity(workspace)) == log


def test_import_lists_several_bad_lines(workspace, tmp_path):
    """The error names the first bad line and mentions the others ("Done" is a fine status)."""
    path = tmp_path / "updates.csv"
    path.write_text("Control ID,Status\nPOL-01,Done\nZZ,Implemented\nPOL-02,Maybe\n", encoding="utf-8")
    with pytest.raises(FieldError) as err:
        services.import_checklist_csv(workspace, path)
    text = str(err.value)
    assert text.startswith("line 3: no control with id 'ZZ'")
    assert "line 4: status 'Maybe'" in text


def test_import_accepts_a_partial_semicolon_file(workspace, tmp_path):
    """A spreadsheet's own CSV (semicolons, only some columns, labels or ids) updates just those fields."""
    services.update_control(workspace, "POL-01", owner="Ann", notes="keep me")
    path = tmp_path / "updates.csv"
    path.write_text(
        "control_id;status;due date\nPOL-01;implemented;2027-03-01\n\nPOL-02;In Progress;\n", encoding="utf-8"
    )
    assert services.import_checklist_csv(workspace, path) == 2
    pol1 = services.control_state(workspace, "POL-01")
    assert (pol1.status, pol1.owner, pol1.notes, pol1.due_date) == (
        "implemented",
        "Ann",
        "keep me",
        dt.date(2027, 3, 1),
    )
    assert services.control_state(workspace, "POL-02").status == "in_progress"


@pytest.mark.parametrize(
    ("content", "path", "message"),
    [
        (b"", "line 1", "the file is empty"),
        (b"Title,Status\nx,Done\n", "line 1", 'no "Control ID" column'),
        (b"Control ID,Status\nPOL-01,Implemented\n\xff\xfe,x\n", "line 3", "is not UTF-8"),
        (b"Control ID,Status\nPOL-01,Implemented\nPOL-01,In progress\n", "line 3", "already updated on line 2"),
    ],
)
def test_unreadable_files_are_refused_with_the_line(workspace, tmp_path, content, path, message):
    """Empty files, missing id columns, non-UTF-8 bytes and repeated ids are named by line."""
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    with pytest.raises(FieldError) as err:
        services.import_checklist_csv(workspace, f)
    assert err.value.path == path and message in str(err.value)


def test_exports_are_written_atomically(workspace, tmp_path):
    """A CSV or XLSX export to a missing folder fails with the path and leaves nothing."""
    from soc2wizard.report import ExportError

    for fn, name in ((services.export_csv, "p.csv"), (services.export_xlsx, "p.xlsx")):
        with pytest.raises(ExportError, match="does not exist"):
            fn(workspace, tmp_path / "nope" / name)
    assert not (tmp_path / "nope").exists()
