"""Evidence in the detail panel: files with their SHA-256, links, removal and undo."""

from __future__ import annotations

import hashlib
import sqlite3

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from soc2wizard import services
from soc2wizard.gui.checklist import dialogs


def stored(path, control_id: str) -> list[tuple[str, str | None]]:
    """(name, sha256) of the evidence the file holds for a control."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT name, sha256 FROM evidence WHERE control_id = ? ORDER BY id", [control_id]).fetchall()


def first_without_evidence(page) -> str:
    return next(r.control.id for r in page.model.rows() if not r.evidence_count)


def test_add_file_stores_sha256_and_lists_it(qtbot, page, ctx, tmp_path, monkeypatch):
    """A file chosen with Add file… is kept with its SHA-256 and shown in the list and the count."""
    cid = first_without_evidence(page)
    report = tmp_path / "access-review-q1.pdf"
    report.write_bytes(b"%PDF-1.4 quarterly access review")
    monkeypatch.setattr(dialogs, "ask_evidence_files", lambda parent: [report])
    page.select_control(cid)
    qtbot.mouseClick(page.detail.add_file_button, Qt.MouseButton.LeftButton)
    digest = hashlib.sha256(report.read_bytes()).hexdigest()
    assert stored(ctx.s.path, cid) == [("access-review-q1.pdf", digest)]
    texts = [page.detail.evidence_list.item(i).text() for i in range(page.detail.evidence_list.count())]
    assert any("access-review-q1.pdf" in t and digest[:12] in t for t in texts)
    assert page.model.row_at(page.model.row_of(cid)).evidence_count == 1


def test_remove_evidence_and_undo_restores_it(qtbot, page, ctx, tmp_path, monkeypatch):
    """Remove deletes the evidence from the file; undo puts back the same bytes."""
    cid = first_without_evidence(page)
    f = tmp_path / "dr-test.txt"
    f.write_text("restore test passed")
    page.select_control(cid)
    page.detail.add_files([f])
    lst = page.detail.evidence_list
    lst.item(0).setSelected(True)
    assert page.detail.remove_button.isEnabled()
    qtbot.mouseClick(page.detail.remove_button, Qt.MouseButton.LeftButton)
    assert stored(ctx.s.path, cid) == []
    assert "No evidence yet" in lst.item(0).text()
    ctx.undo_stack.undo()
    assert [name for name, _ in stored(ctx.s.path, cid)] == ["dr-test.txt"]
    e = services.list_evidence(ctx.s, cid)[0]
    assert services.evidence_content(ctx.s, e.id) == b"restore test passed"
    ctx.undo_stack.undo()  # the add itself
    assert stored(ctx.s.path, cid) == []
    ctx.undo_stack.redo()
    assert [name for name, _ in stored(ctx.s.path, cid)] == ["dr-test.txt"]


def test_link_and_open_use_replaceable_functions(qtbot, page, ctx, tmp_path, monkeypatch):
    """Add link… and Open go through dialogs.ask_link and dialogs.open_external."""
    cid = first_without_evidence(page)
    opened: list[QUrl] = []
    monkeypatch.setattr(dialogs, "ask_link", lambda parent: ("https://wiki.example/dr", "DR runbook"))
    monkeypatch.setattr(dialogs, "open_external", lambda url: opened.append(url) or True)
    page.select_control(cid)
    qtbot.mouseClick(page.detail.add_link_button, Qt.MouseButton.LeftButton)
    f = tmp_path / "notes.txt"
    f.write_text("hello")
    page.detail.add_files([f])
    lst = page.detail.evidence_list
    for i in range(lst.count()):
        lst.item(i).setSelected(True)
    qtbot.mouseClick(page.detail.open_button, Qt.MouseButton.LeftButton)
    assert opened[0].toString() == "https://wiki.example/dr"
    assert opened[1].isLocalFile() and open(opened[1].toLocalFile()).read() == "hello"


def test_dropped_files_become_evidence(page, ctx, tmp_path):
    """Files dropped on the evidence list are added to the shown control."""
    cid = first_without_evidence(page)
    page.select_control(cid)
    f = tmp_path / "screenshot.png"
    f.write_bytes(b"\x89PNG fake")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    event = QDropEvent(
        QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    page.detail.evidence_list.dropEvent(event)
    assert [name for name, _ in stored(ctx.s.path, cid)] == ["screenshot.png"]


def test_occurrence_date_is_kept_for_recurring_controls(qtbot, page, ctx, tmp_path):
    """For a recurring control the "happened on" date is stored with the evidence."""
    row = next(r for r in page.model.rows() if r.control.recurring and not r.evidence_count)
    page.select_control(row.control.id)
    assert page.detail.occurred_row.isVisibleTo(page.detail)
    qtbot.keyClicks(page.detail.occurred, "2 Nov 2026")
    f = tmp_path / "review.csv"
    f.write_text("user,ok\n")
    page.detail.add_files([f])
    assert services.list_evidence(ctx.s, row.control.id)[0].occurred_on.isoformat() == "2026-11-02"


def test_file_over_50_mb_shows_services_message(page, ctx, tmp_path):
    """A file over 50 MB is refused with the services message and nothing is stored."""
    cid = first_without_evidence(page)
    page.select_control(cid)
    big = tmp_path / "backup.tar"
    with big.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)  # sparse: quick to make
    page.detail.add_files([big])
    assert stored(ctx.s.path, cid) == []
    assert page.message_bar.isVisibleTo(page)
    assert "50 MB" in page.message.text() and "backup.tar" in page.message.text()
