"""The profile's new answers reach the file, and the budget and timeline show the figures they change."""

from __future__ import annotations

from soc2wizard import services
from soc2wizard.domain import format as fmt
from soc2wizard.gui.widgets import show_date

from .helpers import answers_in_file


def test_consumers_us_federal_and_pci_level_are_saved_from_the_profile(window, tmp_path):
    """Ticking the new customer answers and choosing a PCI DSS level lands in the workspace file."""
    s = services.create_workspace(tmp_path / "new.soc2", name="Acme")
    window._opened(s, "profile")
    page = window.page["profile"]
    page.flags["consumers"].click()
    page.flags["us_federal"].click()
    page.data["payment_card"].click()
    assert page.pci_level.isEnabled()
    page.pci_level.setCurrentIndex(page.pci_level.findData("merchant_1"))
    page.pci_level.activated.emit(page.pci_level.currentIndex())
    a = answers_in_file(tmp_path / "new.soc2")
    assert a.customers.consumers and a.customers.us_federal and a.company.pci_level == "merchant_1"
    titles = [o.title for o in window.ctx.estimate().obligations]
    assert "FedRAMP" in titles and "PCI DSS" in titles


def test_budget_shows_year_two_line_by_line(demo_window):
    """The budget step lists each of year two's lines with the amount summary --json gives it."""
    w = demo_window
    w.go("budget")
    page = w.page["budget"]
    summary = services.summary_json(w.ctx.s, today=w.ctx.today())
    shown = [page.year_two.itemAt(i).widget().text() for i in range(page.year_two.count())]
    assert len(shown) == len(summary["cost"]["renewal"]["items"]) >= 4
    for text, item in zip(shown, summary["cost"]["renewal"]["items"]):
        assert item["title"] in text and fmt.money_range(item["low"], item["high"]) in text
    total = fmt.money_range(summary["cost"]["renewal"]["low"], summary["cost"]["renewal"]["high"])
    assert f"{total} in year two" in page.renewal.text()


def test_timeline_labels_its_dates_and_names_the_report_type(demo_window):
    """ "earliest … latest …" with the report type, and the deadline sentence names both."""
    w = demo_window
    w.go("timeline")
    page = w.page["timeline"]
    t = services.estimate(w.ctx.s, today=w.ctx.today()).timeline
    kind = "Type II" if t.report_type == "type2" else "Type I"
    assert page.summary.text() == (
        f"Your {kind} report can be ready: earliest {show_date(t.report_date_earliest)}, "
        f"latest {show_date(t.report_date_latest)}"
    )
    assert kind in page.deadline_text.text() and fmt.day(t.deadline) in page.deadline_text.text()
