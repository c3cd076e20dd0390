"""The crosswalk: each control's ISO 27001:2022, HIPAA and PCI DSS v4.0 references in CSV and XLSX."""

from __future__ import annotations

import csv

from soc2wizard import services
from soc2wizard.report.tabular import read_xlsx_rows


def _by_id(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    head = rows[0]
    return {r[0]: dict(zip(head, r)) for r in rows[1:]}


def test_csv_and_xlsx_carry_the_three_framework_columns(demo, tmp_path):
    """A spreadsheet row shows the control's ISO, HIPAA and PCI references, as the catalog lists them."""
    services.export_csv(demo, tmp_path / "plan.csv")
    services.export_xlsx(demo, tmp_path / "plan.xlsx")
    with open(tmp_path / "plan.csv", encoding="utf-8-sig", newline="") as fh:
        from_csv = _by_id(list(csv.reader(fh)))
    from_xlsx = _by_id(read_xlsx_rows(tmp_path / "plan.xlsx"))
    for table in (from_csv, from_xlsx):
        ac01 = table["AC-01"]
        assert ac01["ISO 27001:2022"] == "A.8.5"
        assert ac01["HIPAA"] == "164.312(d)"
        assert ac01["PCI DSS v4.0"] == "8.4.2; 8.4.3"
        assert table["MON-06"]["ISO 27001:2022"] == "A.8.15; A.8.16"  # a health-data control of the demo
        assert table["GOV-05"]["ISO 27001:2022"] == ""  # no reference: an empty cell, not a dash


def test_import_still_reads_a_csv_with_crosswalk_columns(demo, tmp_path):
    """The added columns do not stop the exported CSV being imported back."""
    services.export_csv(demo, tmp_path / "plan.csv")
    assert services.import_checklist_csv(demo, tmp_path / "plan.csv") == 0
