"""Money in the user's currency: the budget page, `summary --json` and the PDF show the same converted figures."""

from __future__ import annotations

import json

from pypdf import PdfReader
from PySide6.QtWidgets import QLabel

from soc2wizard import services
from soc2wizard.cli import main
from soc2wizard.domain import format as fmt
from soc2wizard.gui import display_settings


def test_budget_page_summary_and_pdf_agree_in_pounds(demo_window, tmp_path, capsys, monkeypatch):
    """Choosing pounds at a rate of 0.8 on the budget page: the page, the summary and the PDF say the same."""
    w = demo_window
    w.go("budget")
    page = w.page["budget"]
    usd_total = page.total.text()
    assert usd_total.startswith("Your first report: $")

    # The user chooses the currency in the dialog the budget page opens.
    def answer(parent, ctx):  # noqa: ANN001, ANN202
        box = display_settings.DisplaySettingsBox(ctx)
        box.currency.setCurrentIndex(box.currency.findData("GBP"))
        box.rate.setText("0.8")
        box.source.setText("Bank of England, 27 Nov 2026")
        box.apply_currency()
        assert box.message.text() == "1 USD = 0.8 GBP, your own rate (Bank of England, 27 Nov 2026)"

    monkeypatch.setattr(display_settings, "edit_display_settings", answer)
    page.currency_button.click()
    page.refresh_now()

    est = w.ctx.estimate()
    b = est.budget
    assert b.currency == "GBP" and b.published is not None
    gbp_total = fmt.money_range(b.low, b.high, "GBP")
    assert page.total.text() == f"Your first report: {gbp_total}"
    assert gbp_total.startswith("£")
    note = page.currency_note.text()
    assert "1 USD = 0.8 GBP, your own rate (Bank of England, 27 Nov 2026)" in note
    assert fmt.money_range(b.published.low, b.published.high) in note  # the published dollars
    assert usd_total.endswith(fmt.money_range(b.published.low, b.published.high))

    path = w.ctx.s.path
    assert main(["summary", str(path), "--json"]) == 0
    cost = json.loads(capsys.readouterr().out)["cost"]
    assert cost["currency"] == "GBP"
    assert fmt.money_range(cost["low"], cost["high"], "GBP") == gbp_total
    assert [(i["id"], i["low"], i["high"]) for i in cost["items"]] == [(i.id, i.low, i.high) for i in b.items]

    out = tmp_path / "plan.pdf"
    assert main(["export", str(path), "--pdf", str(out)]) == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert f"The first year costs {gbp_total}" in text
    for item in b.items:
        assert fmt.money_range(item.low, item.high, "GBP") in text

    # The criteria step says what each extra criterion adds in pounds too.
    w.go("criteria")
    crit = w.page["criteria"]
    crit.refresh_now()
    avail = next(c for c in est.criteria if c.id == "availability")
    adds = fmt.money_range(avail.adds_cost_low, avail.adds_cost_high, "GBP")
    assert adds.startswith("£")
    assert any(adds in label.text() for label in crit.findChildren(QLabel))

    # Undo puts dollars back everywhere.
    w.ctx.undo_stack.undo()
    page.refresh_now()
    assert page.total.text() == usd_total
    assert services.summary_json(w.ctx.s)["cost"]["currency"] == "USD"


def test_a_bad_rate_is_refused_at_the_field(demo_window):
    box = display_settings.DisplaySettingsBox(demo_window.ctx)
    box.currency.setCurrentIndex(box.currency.findData("EUR"))
    box.rate.setText("zero point nine")
    box.apply_currency()
    assert box.message.text().startswith("⚠ Exchange rate") and "Nothing was changed" in box.message.text()
    assert services.get_settings(demo_window.ctx.s).currency == "USD"
