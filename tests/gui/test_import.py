"""Importing checklist updates from a CSV in the app: all or nothing, one undo step."""

from __future__ import annotations

from soc2wizard import services
from soc2wizard.gui import dialogs


def _csv(tmp_path, lines):
    path = tmp_path / "updates.csv"
    path.write_text("control_id,status,owner,due_date,notes\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_applies_and_undo_restores(demo_window, tmp_path, monkeypatch):
    """File > Import changes the controls in the file; one undo puts every one back."""
    w = demo_window
    s = w.ctx.s
    rows = services.checklist(s)[:3]
    before = {r.control.id: services.control_state(s, r.control.id) for r in rows}
    path = _csv(tmp_path, [f"{r.control.id},in_progress,Imported Person,2027-03-01,from the CSV" for r in rows])
    monkeypatch.setattr(dialogs, "ask_import_path", lambda *a, **k: path)
    w.import_action.trigger()
    for r in rows:
        st = services.control_state(s, r.control.id)
        assert (st.owner, st.due_date.isoformat(), st.notes) == ("Imported Person", "2027-03-01", "from the CSV")
    assert "Imported updates.csv: 3 controls changed" in w.statusBar().currentMessage()
    w.ctx.undo_stack.undo()
    for cid, st in before.items():
        now = services.control_state(s, cid)
        assert (now.status, now.owner, now.notes) == (st.status, st.owner, st.notes)
    w.ctx.undo_stack.redo()
    assert services.control_state(s, rows[0].control.id).owner == "Imported Person"


def test_bad_line_imports_nothing_and_says_which(demo_window, tmp_path, monkeypatch):
    """A CSV with one bad line changes nothing and the message names the line."""
    w = demo_window
    s = w.ctx.s
    first = services.checklist(s)[0].control.id
    owner = services.control_state(s, first).owner
    path = _csv(tmp_path, [f"{first},in_progress,Someone Else,,", "NOPE-1,implemented,,,"])
    monkeypatch.setattr(dialogs, "ask_import_path", lambda *a, **k: path)
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, title, text, *a: shown.append((title, text)))
    w.import_action.trigger()
    assert services.control_state(s, first).owner == owner
    assert shown and shown[0][0] == "Nothing was imported" and "line 3" in shown[0][1]
    assert w.ctx.undo_stack.count() == 0
