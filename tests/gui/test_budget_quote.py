"""A quote typed on a budget page that shows euros: typed, kept and shown in euros, converted once."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt

from soc2wizard import services
from soc2wizard.cli import main
from soc2wizard.domain import format as fmt
from soc2wizard.gui import display_settings
from tests.gui.helpers import overrides_in_file

import pytest


@pytest.fixture
def euro_window(window, demo):  # noqa: ANN001, ANN201
    """The demo, its money shown in euros at 0.92, open in the main window."""
    services.update_settings(demo, currency="EUR", exchange_rate=0.92, exchange_rate_source="ECB")
    path = demo.path
    demo.close()
    assert window.open_path(path)
    return window


def _type_into(qtbot, page, row: int, col: int, text: str):  # noqa: ANN001, ANN202
    """F2 on a Low or High cell, type, Enter: as a user does. Returns the editor's accessible name and first text."""
    page.table.setFocus()
    page.table.setCurrentCell(row, col)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = page.table.focusWidget()
    seen = (editor.accessibleName(), editor.placeholderText(), editor.text())
    editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:  # QTest types Latin-1 only: "€" goes in as pasted text
        editor.insert(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    return seen


def test_a_euro_quote_on_the_budget_page(euro_window, qtbot, tmp_path, capsys, monkeypatch):
    """€18,000 typed for the auditor's fee: the page, summary --json and the PDF show €18,000; GBP converts it."""
    w = euro_window
    s = w.ctx.s
    path = s.path
    w.go("budget")
    page = w.page["budget"]
    est = w.ctx.estimate()
    key = f"audit_fee.{est.report.type}.{services.get_answers(s).plan.auditor_tier}"
    row = next(i for i, a in enumerate(page._assumptions) if a.key == key)
    assert page.table.item(row, 3).text() == "EUR"  # the Unit column names the currency of Low and High

    name, placeholder, first = _type_into(qtbot, page, row, 1, "18000")
    assert "in EUR" in name and placeholder == "in EUR"
    assert first.startswith("€")  # the editor opens on the figure in euros
    qtbot.waitUntil(lambda: key in overrides_in_file(path), timeout=2000)
    _type_into(qtbot, page, row, 2, "€18,000")
    qtbot.waitUntil(lambda: overrides_in_file(path)[key].high == 18000, timeout=2000)
    o = overrides_in_file(path)[key]
    assert (o.low, o.high, o.currency, o.rate) == (18000, 18000, "EUR", 0.92)

    page.refresh_now()
    assert page.table.item(row, 1).text() == page.table.item(row, 2).text() == "€18,000"
    used = fmt.money_exact(18000 / 0.92)  # $19,565
    tip = page.table.item(row, 1).toolTip()
    assert f"Your quote, typed in EUR: €18,000; the plan uses {used}" in tip
    page.table.setCurrentCell(row, 0)
    assert "typed in EUR: €18,000" in page.source.text()

    q = next(q for q in services.summary_json(s)["quotes"] if q["key"] == key)
    assert q["shown"] == {"currency": "EUR", "low": 18000, "high": 18000}
    assert abs(q["used"]["low"] - 18000 / 0.92) < 0.01

    out = tmp_path / "plan.pdf"
    assert main(["export", str(path), "--pdf", str(out)]) == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "€18,000" in text and f"the plan uses {used} (1 USD = 0.92 EUR)" in text
    capsys.readouterr()

    # Pounds at 0.8: the quote is converted, not read as £18,000.
    def answer(parent, ctx):  # noqa: ANN001, ANN202
        box = display_settings.DisplaySettingsBox(ctx)
        box.currency.setCurrentIndex(box.currency.findData("GBP"))
        box.rate.setText("0.8")
        box.apply_currency()

    monkeypatch.setattr(display_settings, "edit_display_settings", answer)
    page.currency_button.click()
    page.refresh_now()
    pounds = fmt.money_exact(18000 / 0.92 * 0.8, "GBP")
    assert pounds == "£15,652"
    assert page.table.item(row, 1).text() == pounds and page.table.item(row, 3).text() == "GBP"
    assert "typed in EUR: €18,000" in page.table.item(row, 1).toolTip()
    assert overrides_in_file(path)[key].currency == "EUR"  # the quote itself is untouched

    # Undo the change of currency, then the High edit: the quote comes back in euros, at its rate.
    w.ctx.undo_stack.undo()
    w.ctx.undo_stack.undo()
    o = overrides_in_file(path)[key]
    assert (o.low, o.currency, o.rate) == (18000, "EUR", 0.92) and o.high > 18000


def test_a_bad_quote_is_refused_in_the_cell(euro_window, qtbot):
    """Dollars on a euro page, or an absurd figure: a message naming the row and field; nothing stored."""
    w = euro_window
    path = w.ctx.s.path
    w.go("budget")
    page = w.page["budget"]
    row = next(i for i, a in enumerate(page._assumptions) if a.key == "pentest")
    title = page._assumptions[row].title

    _type_into(qtbot, page, row, 1, "$9,000")
    qtbot.waitUntil(lambda: bool(page.table_error.text()), timeout=2000)
    assert page.table_error.text().startswith(f"⚠ {title}, Low:")
    assert "type the figure in EUR" in page.table_error.text() and "Nothing was changed" in page.table_error.text()

    page.table_error.setText("")
    _type_into(qtbot, page, row, 2, "90000000")
    qtbot.waitUntil(lambda: bool(page.table_error.text()), timeout=2000)
    assert page.table_error.text().startswith(f"⚠ {title}, High:")
    assert "100 times the published high figure" in page.table_error.text()

    page.table_error.setText("")
    _type_into(qtbot, page, row, 1, "-5")
    qtbot.waitUntil(lambda: bool(page.table_error.text()), timeout=2000)
    assert "zero or more" in page.table_error.text()
    assert "pentest" not in overrides_in_file(path)
    assert page.table.item(row, 1).text() == fmt.money_exact(5000 * 0.92, "EUR")  # the cell shows the figure again
