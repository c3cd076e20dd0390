"""The portfolio: every client file of a folder listed read-only, unreadable ones with the reason."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pypdf import PdfReader

from soc2wizard import services
from soc2wizard.cli import main
from soc2wizard.domain.errors import FieldError

from .conftest import PASS, TODAY, fingerprint


def _by_file(entries):
    return {e.name: e for e in entries}


def test_lists_every_file_with_its_standing_or_reason(folder):
    """Readable clients show their figures; locked, damaged, foreign and newer files say why."""
    entries = services.portfolio(folder, today=TODAY)
    assert [e.name for e in entries] == [
        "acme.soc2",
        "beta.soc2",
        "cut.soc2",
        "delta.soc2",
        "empty.soc2",
        "future.soc2",
        "gamma.soc2",
        "notes.soc2",
        "other.soc2",
    ]
    e = _by_file(entries)
    assert {k: v.status for k, v in e.items()} == {
        "acme.soc2": "ok",
        "beta.soc2": "ok",
        "cut.soc2": "damaged",
        "delta.soc2": "locked",
        "empty.soc2": "damaged",
        "future.soc2": "newer",
        "gamma.soc2": "ok",
        "notes.soc2": "foreign",
        "other.soc2": "foreign",
    }
    assert "passphrase is not remembered" in e["delta.soc2"].reason and e["delta.soc2"].encrypted
    assert e["gamma.soc2"].client == "Gamma Cloud" and e["gamma.soc2"].encrypted
    assert "not a soc2wizard workspace" in e["other.soc2"].reason
    assert "newer soc2wizard" in e["future.soc2"].reason
    assert "empty" in e["empty.soc2"].reason
    assert e["beta.soc2"].report_type == "type1" and e["acme.soc2"].report_type == "type2"


def test_figures_are_the_summary_s(folder):
    """Readiness, report type, deadline and open controls agree with `summary --json` of the same file."""
    entry = _by_file(services.portfolio(folder, today=TODAY))["acme.soc2"]
    with services.open_workspace(folder / "acme.soc2", read_only=True) as s:
        summary = services.summary_json(s, today=TODAY)
        rows = services.checklist(s)
    assert entry.client == summary["company"] == "Acme Health"
    assert entry.design_percent == summary["readiness"]["percent"]
    assert entry.operating_percent == summary["readiness"]["operating_percent"]
    assert entry.report_type == summary["report"]["type"]
    assert entry.deadline.isoformat() == summary["timeline"]["deadline"] == "2027-09-30"
    assert (entry.deadline_status == "met") == bool(summary["timeline"]["deadline_met"])
    assert entry.open_controls == sum(r.state.status in ("not_started", "in_progress") for r in rows)
    # Next due: open controls only, soonest first; the overdue one flagged.
    assert [(d.due.isoformat(), d.overdue) for d in entry.next_due] == [("2026-11-20", True), ("2026-12-15", False)]
    assert entry.overdue == 1
    assert entry.last_change.startswith("20")


def test_listing_changes_no_byte_no_mtime_and_adds_no_file(folder):
    """Reading every file leaves each byte, size and mtime as it was, and creates nothing beside them."""
    before = fingerprint(folder)
    services.portfolio(folder, today=TODAY)
    main(["portfolio", str(folder), "--json"])
    assert fingerprint(folder) == before


def test_an_older_file_is_not_migrated(folder):
    """A file is read as it is: its schema version is not raised (no migration)."""
    raw = (folder / "beta.soc2").read_bytes()
    assert services.read_entry(folder / "beta.soc2", today=TODAY).status == "ok"
    assert (folder / "beta.soc2").read_bytes() == raw


def test_a_file_open_in_the_app_is_listed_with_its_latest_edits(folder):
    """A workspace another window has open (WAL beside it) is read with its committed edits, and no lock is taken."""
    with services.open_workspace(folder / "beta.soc2") as s:
        services.update_profile(s, name="Beta Payments Ltd")
        entry = services.read_entry(folder / "beta.soc2", today=TODAY)
        assert entry.status == "ok" and entry.client == "Beta Payments Ltd"
        # The window still holds its lock and can keep writing.
        services.update_profile(s, name="Beta Payments")
    assert not (folder / "beta.soc2.lock").exists()


def test_unlocking_in_the_keychain_makes_a_locked_file_readable(folder):
    """Once its passphrase is remembered, a locked client shows its figures."""
    with services.open_workspace(folder / "delta.soc2", passphrase=PASS) as s:
        services.remember_passphrase(s, PASS)
    entry = services.read_entry(folder / "delta.soc2", today=TODAY)
    assert entry.status == "ok" and entry.client == "Delta Secret"


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FieldError) as info:
        services.portfolio(tmp_path / "nowhere")
    assert "no such folder" in str(info.value)
    assert main(["portfolio", str(tmp_path / "nowhere")]) == 1


def test_cli_json_is_a_list_of_entries(folder, capsys):
    """`portfolio DIR --json` prints one object per file, locked and damaged ones included."""
    assert main(["portfolio", str(folder), "--json", "--date", TODAY.isoformat()]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert isinstance(doc, list) and len(doc) == 9
    acme = next(d for d in doc if d["file"] == "acme.soc2")
    assert acme["client"] == "Acme Health" and acme["status"] == "ok"
    assert acme["next_due"][0] == {
        "control": acme["next_due"][0]["control"],
        "title": acme["next_due"][0]["title"],
        "due": "2026-11-20",
        "overdue": True,
    }
    delta = next(d for d in doc if d["file"] == "delta.soc2")
    assert delta["status"] == "locked" and delta["client"] == "" and delta["design_readiness"] is None


def test_cli_csv_has_a_row_per_file(folder, tmp_path):
    """The CSV holds the same figures, one row per file, with the reason for unreadable ones."""
    out = tmp_path / "portfolio.csv"
    assert main(["portfolio", str(folder), "--csv", str(out), "--date", TODAY.isoformat()]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 9
    acme = next(r for r in rows if r["File"] == "acme.soc2")
    entry = _by_file(services.portfolio(folder, today=TODAY))["acme.soc2"]
    assert acme["Client"] == "Acme Health" and acme["Status"] == "Readable"
    assert acme["Design readiness %"] == str(entry.design_percent)
    assert acme["Open controls"] == str(entry.open_controls)
    assert acme["Deadline"] == "2027-09-30"
    assert "2026-11-20, overdue" in acme["Next due"]
    locked = next(r for r in rows if r["File"] == "delta.soc2")
    assert locked["Status"] == "Locked" and "passphrase" in locked["Reason"]


def test_cli_pdf_names_the_firm_and_every_client(folder, tmp_path):
    """The PDF is branded with the firm the clients name and lists readable and unreadable files."""
    out = tmp_path / "portfolio.pdf"
    assert main(["portfolio", str(folder), "--pdf", str(out), "--paper", "a4", "--date", TODAY.isoformat()]) == 0
    reader = PdfReader(out)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Harbour Assurance LLP" in text and "Client portfolio" in text
    for name in ("Acme Health", "Beta Pay", "Gamma Cloud", "delta.soc2", "cut.soc2", "notes.soc2"):
        assert name in text
    assert "9 workspaces: 3 readable" in " ".join(text.split())
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4, landscape
    assert len(reader.pages) == 1


def test_cli_pdf_firm_option_wins(folder, tmp_path):
    out = tmp_path / "p.pdf"
    assert main(["portfolio", str(folder), "--pdf", str(out), "--firm", "Northwind Advisory"]) == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "Northwind Advisory" in text and "Harbour" not in text


def test_pdf_options_need_pdf(folder, capsys):
    assert main(["portfolio", str(folder), "--firm", "X"]) == 1
    assert "--pdf" in capsys.readouterr().err


def test_a_log_left_by_a_crash_does_not_stop_the_listing(folder):
    """A stale write-ahead log beside a file (its writer gone) is left alone; the file is still listed."""
    wal = folder / "beta.soc2-wal"
    wal.write_bytes(b"\0" * 32)  # not a valid log: what a crash mid-write may leave
    before = fingerprint(folder)
    entry = services.read_entry(folder / "beta.soc2", today=TODAY)
    assert entry.status == "ok" and entry.client == "Beta Pay"
    assert fingerprint(folder) == before
