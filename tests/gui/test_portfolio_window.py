"""The portfolio window: every client of a folder, sortable and filterable; double-click opens one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from soc2wizard import secrets
from soc2wizard.gui import portfolio as portfolio_gui
from soc2wizard.gui.portfolio import PortfolioModel, PortfolioWindow
from tests.portfolio.conftest import build_folder, fingerprint


@pytest.fixture
def clients(tmp_path, answers_doc, monkeypatch):
    monkeypatch.delenv("SOC2WIZARD_PASSPHRASE", raising=False)
    old = secrets.use(secrets.MemorySecrets())
    yield build_folder(tmp_path, answers_doc)
    secrets.use(old)


def _column(w: PortfolioWindow, col: int) -> list[str]:
    m = w.table.model()
    return [m.index(r, col).data() for r in range(m.rowCount())]


def test_lists_sorts_and_filters_the_folder(qtbot, clients, qtmodeltester):
    """Every file is a row; sorting by a column and filtering by text or kind change what is shown."""
    w = PortfolioWindow()
    qtbot.addWidget(w)
    w.show()
    before = fingerprint(clients)
    with qtbot.waitSignal(w.loaded, timeout=20_000):
        w.load(clients)
    qtmodeltester.check(w.model)
    assert w.table.model().rowCount() == 9
    names = _column(w, PortfolioModel.CLIENT)
    # Readable clients first (by name), then the files that could not be read.
    assert names[:3] == ["Acme Health", "Beta Pay", "Gamma Cloud"]
    assert "delta.soc2 — locked" in names and "notes.soc2 — not a workspace" in names
    assert w.count.text() == "9 of 9 workspaces shown · 3 readable, 1 locked, 5 not read"

    w.table.sortByColumn(PortfolioModel.CLIENT, Qt.SortOrder.DescendingOrder)
    assert _column(w, PortfolioModel.CLIENT)[6:] == ["Gamma Cloud", "Beta Pay", "Acme Health"]
    w.table.sortByColumn(PortfolioModel.REPORT, Qt.SortOrder.AscendingOrder)
    assert _column(w, PortfolioModel.REPORT)[:3] == ["Type I", "Type II, 3 months", "Type II, 3 months"]

    qtbot.keyClicks(w.search, "beta")
    assert _column(w, PortfolioModel.CLIENT) == ["Beta Pay"]
    assert w.count.text().startswith("1 of 9 workspaces shown")
    w.search.clear()
    w.kind.setCurrentIndex(w.kind.findData("unreadable"))
    assert len(_column(w, PortfolioModel.CLIENT)) == 6
    w.kind.setCurrentIndex(w.kind.findData("attention"))
    assert _column(w, PortfolioModel.CLIENT) == ["Acme Health"]  # a control overdue
    assert fingerprint(clients) == before


def test_double_click_opens_the_client_in_the_main_window(qtbot, window, clients):
    """From the File menu: the portfolio of the last folder; double-clicking a client opens it."""
    from PySide6.QtCore import QSettings

    QSettings().setValue(portfolio_gui.PREF_FOLDER, str(clients))
    window.portfolio_action.trigger()
    w = window.portfolio
    qtbot.waitUntil(lambda: w.model.rowCount() == 9, timeout=20_000)
    qtbot.waitExposed(w)
    m = w.table.model()
    row = next(r for r in range(m.rowCount()) if m.index(r, 0).data() == "Beta Pay")
    rect = w.table.visualRect(m.index(row, 0))
    # A real double-click is a press, a release, then the double-click event.
    qtbot.mouseClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.ctx.session is not None and window.ctx.s.path.name == "beta.soc2"
    assert "Beta Pay" in window.windowTitle()


def test_start_page_button_asks_for_a_folder(qtbot, window, clients, monkeypatch):
    asked = []
    monkeypatch.setattr(portfolio_gui, "ask_folder", lambda parent, start="": asked.append(start) or clients)
    window.start.portfolio_button.click()
    w = window.portfolio
    qtbot.waitUntil(lambda: w.model.rowCount() == 9, timeout=20_000)
    assert asked == [""] and w.folder_label.text() == str(clients)


def test_selecting_an_unreadable_file_shows_why(qtbot, clients):
    w = PortfolioWindow()
    qtbot.addWidget(w)
    w.load(clients, background=False)
    m = w.table.model()
    row = next(r for r in range(m.rowCount()) if m.index(r, 0).data() == "delta.soc2 — locked")
    w.table.setCurrentIndex(m.index(row, 0))
    assert w.detail.text().startswith("Locked: delta.soc2 is encrypted and its passphrase is not remembered")
    row = next(r for r in range(m.rowCount()) if m.index(r, 0).data() == "Acme Health")
    w.table.setCurrentIndex(m.index(row, 0))
    assert "Next due:" in w.detail.text() and "2026-11-20, overdue" in w.detail.text()
