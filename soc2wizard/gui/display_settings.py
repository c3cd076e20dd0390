"""How the plan is shown: the PDF's paper and the currency money is shown in, at the user's own rate.

Saved in the workspace through ``services.update_settings`` (undoable);
the rate is checked there, so the app, the command line and a restore agree.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain.display import CURRENCIES, PAPERS, rate_text
from soc2wizard.domain.errors import FieldError
from soc2wizard.gui.context import AppContext
from soc2wizard.gui.widgets import tone, wrap_label


class DisplaySettingsBox(QGroupBox):
    """Paper (saved when chosen) and display currency with its rate and source (saved with Apply)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Paper and currency", parent)
        self.ctx = ctx
        form = QFormLayout(self)
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper")
        self.paper.addItem("", "")  # "From your locale (…)": its text is set in refresh
        for key, label in PAPERS.items():
            self.paper.addItem(label, key)
        self.paper.activated.connect(self._paper_chosen)
        form.addRow("&Paper:", self.paper)

        self.currency = QComboBox()
        self.currency.setAccessibleName("Currency")
        for code, name in CURRENCIES.items():
            self.currency.addItem(f"{code} — {name}" + (" (published figures)" if code == "USD" else ""), code)
        self.currency.currentIndexChanged.connect(self._currency_changed)
        form.addRow("&Currency:", self.currency)
        self.rate = QLineEdit()
        self.rate.setAccessibleName("Exchange rate: units of the currency per US dollar")
        self.rate.setPlaceholderText("e.g. 0.92")
        form.addRow("&Rate (per US dollar):", self.rate)
        self.source = QLineEdit()
        self.source.setAccessibleName("Where the rate comes from")
        self.source.setPlaceholderText("e.g. ECB reference rate, 27 Nov 2026")
        form.addRow("Rate &source:", self.source)
        row = QHBoxLayout()
        self.message = wrap_label(muted=True)
        row.addWidget(self.message, 1)
        self.apply_button = QPushButton("&Apply currency")
        self.apply_button.clicked.connect(self.apply_currency)
        row.addWidget(self.apply_button)
        form.addRow(row)
        form.addRow(
            wrap_label(
                "The published figures behind the estimates are in US dollars. With another currency, "
                "every amount in the app, the summary and the PDF is converted at your own rate, and the "
                "published dollar figures stay shown beside it.",
                muted=True,
            )
        )
        self.refresh()

    def refresh(self) -> None:
        st = services.get_settings(self.ctx.s)
        locale_paper = services.system_paper()
        self.paper.setItemText(0, f"From this computer's locale ({PAPERS[locale_paper].split(' (')[0]})")
        self.paper.setCurrentIndex(max(0, self.paper.findData(st.paper)))
        i = self.currency.findData(st.currency)
        if i < 0:  # a code not in the list, set from the command line
            self.currency.addItem(st.currency, st.currency)
            i = self.currency.count() - 1
        self.currency.blockSignals(True)
        self.currency.setCurrentIndex(i)
        self.currency.blockSignals(False)
        self.rate.setText(rate_text(st.exchange_rate) if st.exchange_rate and st.currency != "USD" else "")
        self.source.setText(st.exchange_rate_source if st.currency != "USD" else "")
        self._currency_changed()
        c = st.display_currency
        self.message.setText(c.describe() if c.converted else "Money is shown in US dollars.")

    def _currency_changed(self, *_a: object) -> None:
        usd = self.currency.currentData() == "USD"
        self.rate.setEnabled(not usd)
        self.source.setEnabled(not usd)

    def _paper_chosen(self, _i: int) -> None:
        s = self.ctx.s
        before = services.get_settings(s).paper
        chosen = self.paper.currentData()
        if chosen == before:
            return
        self.ctx.perform(
            "Change paper",
            lambda: services.update_settings(s, paper=chosen),
            lambda: services.update_settings(s, paper=before),
            "settings",
        )

    def apply_currency(self) -> None:
        s = self.ctx.s
        b = services.get_settings(s)
        code = self.currency.currentData()
        rate = self.rate.text() if code != "USD" else None
        source = self.source.text() if code != "USD" else ""

        def do() -> None:
            services.update_settings(s, currency=code, exchange_rate=rate, exchange_rate_source=source)

        def undo() -> None:
            services.update_settings(
                s, currency=b.currency, exchange_rate=b.exchange_rate, exchange_rate_source=b.exchange_rate_source
            )

        try:
            self.ctx.perform(f"Show money in {code}", do, undo, "settings")
        except FieldError as exc:
            self.message.setText(f"⚠ {exc.path.replace('_', ' ').capitalize()} {exc.message}. Nothing was changed.")
            self.message.setStyleSheet(f"color: {tone('error', self).name()};")
            return
        self.message.setStyleSheet("")
        self.refresh()


class DisplaySettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paper and currency")
        lay = QVBoxLayout(self)
        self.box = DisplaySettingsBox(ctx)
        lay.addWidget(self.box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, self.sizeHint().height())


def edit_display_settings(parent: QWidget | None, ctx: AppContext) -> None:
    """Show the paper and currency dialog (modal; tests replace this function)."""
    DisplaySettingsDialog(ctx, parent).exec()


__all__ = ["DisplaySettingsBox", "DisplaySettingsDialog", "edit_display_settings"]
