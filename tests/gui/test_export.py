"""Exports run off the UI thread with progress, and a failure is shown clearly."""

from __future__ import annotations

import pytest

from soc2wizard import services
from soc2wizard.gui import dialogs


@pytest.mark.parametrize("kind", ["pdf", "csv", "xlsx", "json"])
def test_export_from_the_menu_writes_the_file(demo_window, qtbot, tmp_path, monkeypatch, kind):
    """File > Export asks where, writes in the background, and reports it in the status bar."""
    out = tmp_path / f"plan.{kind}"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: out)
    demo_window.export_actions[kind].trigger()
    qtbot.waitUntil(lambda: getattr(demo_window, "last_export", None) == out, timeout=20_000)
    company = services.get_answers(demo_window.ctx.s).company.name
    ids = [r.control.id for r in services.checklist(demo_window.ctx.s)]
    if kind == "pdf":
        import pypdf

        text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages)
        assert company in text and ids[0] in text
    elif kind == "csv":
        import csv

        with out.open(encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        assert [r[0] for r in rows[1:]] == ids  # one row per control, in checklist order
    elif kind == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(out, read_only=True).worksheets[0]
        cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        assert all(cid in cells for cid in ids)
    else:
        import json

        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["answers"]["company"]["name"] == company


def test_export_failure_is_shown_and_nothing_is_left(demo_window, qtbot, tmp_path, monkeypatch):
    """A failing export shows an error naming the file, and leaves no file (nor a temporary one) behind."""
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, *a: shown.append(text))

    def broken(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise OSError("disk full")

    import soc2wizard.report.tabular as tabular

    monkeypatch.setattr(tabular, "write_csv", broken)
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    demo_window.run_export("csv", out_dir / "x.csv")
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "x.csv" in shown[0] and "disk full" in shown[0]
    assert list(out_dir.iterdir()) == []


def test_an_export_is_a_snapshot_of_the_moment_it_was_asked_for(demo_window, qtbot, tmp_path):
    """Edits made while an export is being written are not in it, not even half (CSV, JSON)."""
    import csv
    import json

    w = demo_window
    page = w.page["checklist"]
    model = page.model
    ids = [model.row_at(i).control.id for i in range(40)]
    before = {cid: model.row_at(model.row_of(cid)).state.owner for cid in ids}
    csv_out, json_out = tmp_path / "snap.csv", tmp_path / "snap.json"
    tasks = [w.run_export("csv", csv_out), w.run_export("json", json_out)]
    # A bulk edit right after asking, while the worker may still be writing.
    model.edit_controls(ids, "Set owner of 40 controls", owner="Changed Meanwhile")
    qtbot.waitUntil(lambda: csv_out.exists() and json_out.exists(), timeout=20_000)
    assert all(t is not None for t in tasks)
    with csv_out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    owner_col = next(k for k in rows[0] if k.lower().startswith("owner"))
    id_col = next(k for k in rows[0] if "id" in k.lower())
    owners = {r[id_col]: r[owner_col] for r in rows if r[id_col] in before}
    assert owners and all(owners[cid] == before[cid] for cid in owners)
    doc = json.loads(json_out.read_text(encoding="utf-8"))
    assert "Changed Meanwhile" not in json.dumps(doc)


def test_verify_runs_off_the_ui_thread(demo_window, qtbot, monkeypatch):
    """Verify Workspace… does its reading on a worker thread; the window keeps painting."""
    import threading

    seen = []
    real = services.verify_workspace

    def spy(*a, **k):  # noqa: ANN002, ANN003, ANN202
        seen.append(threading.current_thread() is threading.main_thread())
        return real(*a, **k)

    monkeypatch.setattr(services, "verify_workspace", spy)
    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: infos.append(text))
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, *a: infos.append(text))
    demo_window.protection.verify_action.trigger()
    qtbot.waitUntil(lambda: bool(infos), timeout=20_000)
    assert seen == [False]
