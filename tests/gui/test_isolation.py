"""One client's data never shows in another's workspace, and the window's edits respect the file's lock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain.steps import STEP_IDS
from soc2wizard.gui.readonly import is_editor_enabled

MARK = "Zqxj"  # in every text of client A, and in nothing else


def _client_a(path: Path) -> None:
    """A client whose every kind of text carries MARK."""
    s = services.create_workspace(path, name=f"{MARK} Aardvark Labs")
    try:
        services.update_profile(s, hosting=["azure"], data=["personal"], employees=30, engineers=9)
        services.update_settings(s, firm_name=f"{MARK} Advisory", prepared_for=f"{MARK} board")
        services.add_scope_item(s, "system", f"{MARK} portal", description=f"{MARK} holds records", customer_data=True)
        services.add_scope_item(s, "subservice", f"{MARK} Azure App Service", description=f"{MARK} hosting")
        services.add_scope_item(s, "vendor", f"{MARK} Payroll", in_scope=False, exclusion_reason=f"{MARK} no data")
        rows = services.checklist(s)
        ids = [r.control.id for r in rows]
        services.update_controls(s, ids[:5], owner=f"{MARK} Owner", notes=f"{MARK} notes")
        services.update_controls(s, ids[5:8], status="not_applicable", na_reason=f"{MARK} reason")
        services.add_evidence_link(s, ids[0], "https://example.invalid/zqxj", name=f"{MARK} policy")
        services.update_plan(s, start=dt.date(2027, 1, 4))
    finally:
        s.close()


def _texts_of_model(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    out: list[str] = []
    try:
        columns = max(1, model.columnCount(parent))
    except TypeError:  # a list model keeps columnCount private
        columns = 1
    for row in range(model.rowCount(parent)):
        for col in range(columns):
            idx = model.index(row, col, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
                value = model.data(idx, role)
                if value is not None:
                    out.append(str(value))
            if col == 0 and columns > 1 and model.rowCount(idx):
                out += _texts_of_model(model, idx)
    return out


def _all_texts(window: QWidget) -> list[tuple[str, str]]:
    """Every text the window holds: widgets (shown or not), their models, completers, tooltips."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    found: list[tuple[str, str]] = [("title", window.windowTitle()), ("status", window.statusBar().currentMessage())]
    for w in [window, *window.findChildren(QWidget)]:
        name = f"{type(w).__name__} {w.objectName() or w.accessibleName()}"
        texts = [w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.windowTitle()]
        if isinstance(w, QLabel):
            texts.append(w.text())
        if isinstance(w, QLineEdit):
            texts += [w.text(), w.placeholderText()]
            if w.completer() is not None:
                texts += _texts_of_model(w.completer().model())
        if isinstance(w, (QPlainTextEdit, QTextEdit)):
            texts.append(w.toPlainText())
        if isinstance(w, QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())] + [str(w.itemData(i)) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            texts += _texts_of_model(w.model())
        found += [(name, t) for t in texts if t]
    for model in window.findChildren(QAbstractItemModel):
        found += [(type(model).__name__, t) for t in _texts_of_model(model)]
    return found


def _visit_every_step(window, qtbot) -> None:  # noqa: ANN001
    """Show each step with a row chosen in every list, as a consultant working on the client would."""
    for sid in STEP_IDS:
        window.go(sid)
        page = window.page[sid]
        qtbot.wait(1)
        if sid == "scope":
            tree = page.list
            for i in range(tree.topLevelItemCount()):
                g = tree.topLevelItem(i)
                for j in range(g.childCount()):
                    tree.setCurrentItem(g.child(j))
        if sid == "checklist":
            page.table.selectRow(0)
            page.table.selectRow(1)
            page.table.selectAll()  # the bulk panel
            page.detail.bulk_owner.setText(page.model.row_at(0).state.owner)
            page.table.selectRow(0)
            page.search.setText(MARK)
            page.owner_combo.setCurrentIndex(page.owner_combo.count() - 1)
        if sid == "budget":
            page.table.setCurrentCell(0, 0)
        if sid == "review":
            page.table.setCurrentCell(0, 0) if page.table.rowCount() else None
    window.ctx.settle()


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_nothing_of_client_a_remains_after_opening_client_b(window, qtbot, tmp_path, monkeypatch, encrypted):
    """Open A, visit every step with a row selected in every list, open B: no text of A anywhere."""
    a, b = tmp_path / "first.soc2", tmp_path / "second.soc2"
    _client_a(a)
    if encrypted:
        if services.encryption_available():
            pytest.skip(services.encryption_available())
        passphrase = "a long enough passphrase"
        monkeypatch.setenv("SOC2WIZARD_PASSPHRASE", passphrase)
        services.create_workspace(b, name="Bluebird Bakery", passphrase=passphrase).close()
        assert not b.read_bytes().startswith(b"SQLite format 3")
    else:
        services.create_workspace(b, name="Bluebird Bakery").close()

    assert window.open_path(a)
    window.ctx.today = lambda: dt.date(2026, 11, 26)
    _visit_every_step(window, qtbot)
    window.statusBar().showMessage(f"Exported {MARK} Aardvark Labs SOC 2 plan.pdf")
    assert any(MARK in t for _, t in _all_texts(window)), "the walk must see client A's texts while A is open"
    window.ctx.estimate()

    assert window.open_path(b)
    assert window.ctx.undo_stack.count() == 0
    assert all(MARK not in r.state.owner + r.state.notes for r in window.ctx.rows())
    _visit_every_step(window, qtbot)
    window.page["checklist"].search.clear()
    left = [(where, t) for where, t in _all_texts(window) if MARK in t]
    assert left == []
    assert all(MARK not in r.state.owner for r in window.ctx.rows())


def test_reopening_the_open_workspace_just_shows_it(demo_window):
    """File ▸ Open of the file this window has open keeps it writable and its lock in place."""
    w = demo_window
    path = w.ctx.s.path
    session = w.ctx.s
    w.go("budget")
    assert w.open_path(path, "scope")
    assert w.ctx.s is session and not session.read_only
    assert Path(str(path) + ".lock").exists()
    assert w.current_step() == "scope"


def test_a_second_window_opens_read_only_with_every_editor_disabled(demo_window, qtbot, monkeypatch):
    """Another window on the same file: a banner says why, no editor is enabled, the lock stays the owner's."""
    from soc2wizard.gui import dialogs
    from soc2wizard.gui.window import MainWindow

    path = demo_window.ctx.s.path
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, *a: shown.append(title))
    other = MainWindow()
    qtbot.addWidget(other)
    other.resize(1280, 800)
    other.show()
    assert other.open_path(path)
    assert other.ctx.s.read_only
    banner = other.protection.banner
    assert banner.isVisible() and "read-only" in banner.text().lower() and "open in" in banner.text()
    for sid in STEP_IDS:
        other.go(sid)
        page = other.page[sid]
        if sid == "checklist":
            page.table.selectRow(0)  # the detail panel: its editors too
        if sid == "scope" and page.list.topLevelItemCount():
            page.list.setCurrentItem(page.list.topLevelItem(0).child(0))
        enabled = [
            f"{type(x).__name__} {x.accessibleName() or x.text() if hasattr(x, 'text') else ''}"
            for x in page.findChildren(QWidget)
            if x.isVisibleTo(page) and is_editor_enabled(x)
        ]
        assert enabled == [], f"step {sid}: editors enabled in a read-only workspace: {enabled}"
    assert not other.import_action.isEnabled() and not other.settings_action.isEnabled()
    assert "(read-only)" in other.windowTitle()
    # Closing the read-only window leaves the owner's lock alone.
    other.ctx.close()
    assert Path(str(path) + ".lock").exists()
    assert not demo_window.ctx.s.read_only


def test_an_edit_refused_in_read_only_is_said_in_the_message_bar(demo_window, qtbot, monkeypatch):
    """If an edit reaches a read-only workspace anyway, the window says so; nothing reaches only stderr."""
    from soc2wizard.gui import dialogs
    from soc2wizard.gui.window import MainWindow

    path = demo_window.ctx.s.path
    monkeypatch.setattr(dialogs, "show_error", lambda *a: None)
    other = MainWindow()
    qtbot.addWidget(other)
    other.show()
    assert other.open_path(path, "checklist")
    page = other.page["checklist"]
    page.table.selectRow(0)
    page.cycle_status()  # Space in the table
    assert other.message_bar.isVisible() and "read-only" in other.message.text()
    other.ctx.close()


def test_focus_leaving_a_window_is_not_needed_for_typing_to_land(window, qtbot, tmp_path):
    """Sanity: typing keeps the window active (no stray top-level widget steals it)."""
    s = services.create_workspace(tmp_path / "a.soc2", name="Acme")
    window._opened(s, "profile")
    qtbot.wait(50)
    assert QApplication.activeWindow() is window
