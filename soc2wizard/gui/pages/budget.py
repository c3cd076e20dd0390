"""Step 6: what it will cost: a breakdown with a chart, and the assumptions behind it."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain import format as fmt
from soc2wizard.domain import vocab
from soc2wizard.domain.display import CURRENCIES, rate_text
from soc2wizard.domain.records import Override
from soc2wizard.domain.errors import FieldError
from soc2wizard.estimate.model import Assumption, Budget
from soc2wizard.gui.pages.base import StepPage, section
from soc2wizard.gui.widgets import Chip, clear_layout, heading, help_for, tone, wrap_label

BAR_H = 30


class BudgetChart(QWidget):
    """Horizontal range bars: solid to the low figure, lighter to the high one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.budget: Budget | None = None
        self.setAccessibleName("Budget chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_budget(self, budget: Budget) -> None:
        self.budget = budget
        self.setAccessibleDescription(
            "; ".join(f"{i.title}: {fmt.money_range(i.low, i.high, budget.currency)}" for i in budget.items)
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        n = len(self.budget.items) if self.budget else 6
        return QSize(640, n * BAR_H + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, self.sizeHint().height())

    def paintEvent(self, _e) -> None:  # noqa: ANN001, N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        b = self.budget
        if not b or not b.items:
            p.end()
            return
        fm = QFontMetrics(self.font())
        label_w = min(max(fm.horizontalAdvance(i.title) for i in b.items) + 16, self.width() // 3)
        value_w = max(fm.horizontalAdvance(fmt.money_range(i.low, i.high, b.currency)) for i in b.items) + 16
        left, right = label_w, self.width() - value_w
        top = max(i.high for i in b.items) or 1
        for row, item in enumerate(b.items):
            y = 4 + row * BAR_H
            p.setPen(text)
            p.drawText(
                QRectF(0, y, label_w - 8, BAR_H),
                Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(item.title, Qt.TextElideMode.ElideRight, label_w - 8),
            )
            # The team's own time is not money paid out: drawn muted, outside the total.
            c = tone("warning" if item.overridden else ("advice" if item.in_total else "muted"), self)
            light = QColor(c)
            light.setAlpha(80)
            w_low = (right - left) * item.low / top
            w_high = (right - left) * item.high / top
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(light)
            p.drawRoundedRect(QRectF(left, y + 7, max(2.0, w_high), BAR_H - 14), 3, 3)
            p.setBrush(c)
            p.drawRoundedRect(QRectF(left, y + 7, max(2.0, w_low), BAR_H - 14), 3, 3)
            p.setPen(text)
            label = fmt.money_range(item.low, item.high, b.currency)
            p.drawText(QRectF(left + w_high + 8, y, value_w, BAR_H), Qt.AlignmentFlag.AlignVCenter, label)
        p.end()


def _show_value(value: float | None, unit: str, currency: str = "USD") -> str:
    if value is None:
        return ""
    if unit.startswith("USD"):
        return fmt.money_exact(value, currency or "USD")
    if unit == "share":
        return f"{value:g}×" if value >= 1 else f"{value * 100:g}%"
    return f"{value:,g}"


def _unit(asm: Assumption) -> str:
    """The row's unit with the currency its Low and High cells are in: "EUR", "EUR/month"."""
    if asm.currency and asm.unit.startswith("USD"):
        return asm.currency + asm.unit[3:]
    return asm.unit


def _shown(asm: Assumption) -> tuple[float, float]:
    """The Low and High cells: a money figure in the page's currency, anything else as it is."""
    if asm.shown_low is not None and asm.shown_high is not None:
        return asm.shown_low, asm.shown_high
    return asm.low, asm.high


# Symbols that say which currency a typed figure is in (domain.format writes these).
_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}


def _parse_value(text: str, unit: str, currency: str = "USD") -> float:
    """A typed figure; money must be in ``currency`` (the page's): "€18,000" or "18000" on a euro page, not "$18,000"."""
    t = text.strip().replace(",", "").replace("×", "").replace(" ", "").replace("\u00a0", "")
    if unit.startswith("USD"):
        code = currency or "USD"
        t = re.sub(rf"(?i){code}", "", t)
        t = t.replace(fmt.symbol(code).strip(), "")
        other = next((c for sign, c in _SIGNS.items() if sign in t), None) or (
            m.group(0).upper() if (m := re.search(r"[A-Za-z]{3}", t)) else None
        )
        if other is not None:
            raise FieldError(
                "value", f"{text.strip()[:20]!r} is in {other}; type the figure in {code}, the currency this page shows"
            )
    mult = 1.0
    if t.lower().endswith("k"):
        t, mult = t[:-1], 1000.0
    percent = t.endswith("%")
    if percent:
        t = t[:-1]
    try:
        value = float(t) * mult
    except ValueError:
        raise FieldError("value", f"{text.strip()[:20]!r} is not a number") from None
    return value / 100 if percent else value


class FigureDelegate(QStyledItemDelegate):
    """The Low and High cells' editor: it says which currency a money figure is typed in."""

    def __init__(self, page: BudgetPage) -> None:
        super().__init__(page.table)
        self.page = page

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:  # noqa: N802
        editor = super().createEditor(parent, option, index)
        asm = self.page.row_assumption(index.row())
        side = "Low" if index.column() == 1 else "High"
        if asm is not None:
            what = f"{side} figure for {asm.title}"
            if asm.currency and asm.unit.startswith("USD"):
                name = CURRENCIES.get(asm.currency, asm.currency)
                what += f", in {asm.currency} ({name})"
                if isinstance(editor, QLineEdit):
                    editor.setPlaceholderText(f"in {asm.currency}")
                editor.setToolTip(
                    f"Type your quote in {asm.currency}, the currency this page shows. "
                    "It is kept in that currency and converted once for the plan."
                )
            editor.setAccessibleName(what)
        return editor


COLS = ("Assumption", "Low", "High", "Unit", "Published figure", "Source")


class BudgetPage(StepPage):
    step_id = "budget"
    help_html = (
        "<p>The budget is a range: the low end if things go well and you choose a smaller firm, the "
        "high end with a larger firm and a slower run.</p>"
        "<p>Every figure comes from the assumptions table below, which names its source. If you have a "
        "real quote, type it into the Low and High cells, in the currency the page shows: the plan uses "
        "your figure, keeps it in that currency, and shows the published one beside it. "
        "<b>Reset</b> puts the published figure back.</p>"
        "<p>Year two: after a Type I, the first Type II; after a Type II, the renewal audit. Both with a "
        "year of the platform, a penetration test and training again, line by line.</p>"
    )

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, parent)
        form = QFormLayout()
        self.tier = QComboBox()
        self.tier.setAccessibleName("Auditor tier")
        self.tier.setMaximumWidth(320)
        for key, label in vocab.AUDITOR_TIERS.items():
            self.tier.addItem(label, key)
        help_for(
            self.tier,
            "Auditor tier",
            "Boutique CPA firms are the usual choice for a first report; "
            "Big Four firms cost several times more and are rarely needed by small companies.",
        )
        self.tier.activated.connect(
            lambda _i: self.edit_answers("Change auditor", "plan", auditor_tier=self.tier.currentData())
        )
        form.addRow("&Auditor:", self.tier)
        self.body.addLayout(form)
        self.total = heading("", 1.3)
        self.total.setAccessibleName("Total budget")
        self.body.addWidget(self.total)
        self.renewal = wrap_label(muted=True)
        self.body.addWidget(self.renewal)
        money_row = QHBoxLayout()
        self.currency_note = wrap_label(muted=True)
        self.currency_note.setAccessibleName("Currency and exchange rate")
        money_row.addWidget(self.currency_note, 1)
        self.currency_button = QPushButton("Paper and &currency…")
        self.currency_button.setAccessibleName("Choose the paper and the currency money is shown in")
        self.currency_button.clicked.connect(self._edit_currency)
        money_row.addWidget(self.currency_button)
        self.body.addLayout(money_row)
        self.chart = BudgetChart()
        self.body.addWidget(self.chart)
        self.body.addWidget(section("How each figure was made"))
        self.items = QVBoxLayout()
        self.body.addLayout(self.items)

        self.body.addWidget(section("Year two", "What the second year costs, line by line."))
        self.year_two = QVBoxLayout()
        self.body.addLayout(self.year_two)

        self.body.addWidget(
            section(
                "Assumptions",
                "Published figures and their sources. Double-click or "
                "press F2 on a Low or High cell to use your own quote.",
            )
        )
        self.table = QTableWidget(0, len(COLS))
        self.table.setHorizontalHeaderLabels(COLS)
        self.table.setAccessibleName("Assumptions")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        h = self.table.horizontalHeader()
        # Figures take the width they need; the two texts share the rest (cut text is read in
        # full below the table, for the selected row).
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 230)
        for col in (1, 2, 3, 4):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(300)
        help_for(
            self.table,
            "Assumptions",
            "Type a real quote into Low and High; the default stays "
            "visible beside it. Reset puts the published figure back.",
        )
        self.table.setItemDelegateForColumn(1, FigureDelegate(self))
        self.table.setItemDelegateForColumn(2, FigureDelegate(self))
        self.table.itemChanged.connect(self._cell_changed)
        self.body.addWidget(self.table)
        self.source = wrap_label(rich=True)
        self.source.setAccessibleName("Selected assumption and its source")
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.source)
        row = QHBoxLayout()
        self.table_error = wrap_label()
        row.addWidget(self.table_error, 1)
        self.reset_button = QPushButton("&Reset to published figure")
        self.reset_button.setAccessibleName("Reset selected assumption to the published figure")
        self.reset_button.clicked.connect(self.reset_selected)
        row.addWidget(self.reset_button)
        self.body.addLayout(row)
        self._assumptions: list[Assumption] = []
        self._currency = "USD"  # the page's display currency: money cells are shown and typed in it
        self._rate_note = ""
        self.table.itemSelectionChanged.connect(self._selection)
        self.table.currentCellChanged.connect(lambda *_a: self._selection())
        self.finish()

    def refresh(self) -> None:
        a = services.get_answers(self.ctx.s)
        est = self.ctx.estimate()
        b = est.budget
        self.tier.setCurrentIndex(max(0, self.tier.findData(a.plan.auditor_tier)))
        self.total.setText(f"Your first report: {fmt.money_range(b.low, b.high, b.currency)}")
        own = [i for i in b.items if not i.in_total]
        own_text = "".join(
            f" Not counted in that total: {i.title.lower()}, worth about {fmt.money_range(i.low, i.high, b.currency)}."
            for i in own
        )
        year_two = "the first Type II" if est.report.type == "type1" else "the renewal"
        self.renewal.setText(
            f"Money paid out in the first year.{own_text} Then about "
            f"{fmt.money_range(b.renewal_low, b.renewal_high, b.currency)} in year two ({year_two}). "
            "Figures are planning ranges, not quotes."
        )
        if b.published is not None:
            pub = b.published
            self.currency_note.setText(
                f"Shown in {b.currency} at {b.rate_note}. Published figures, in US dollars: "
                f"{fmt.money_range(pub.low, pub.high, pub.currency)} the first year, "
                f"{fmt.money_range(pub.renewal_low, pub.renewal_high, pub.currency)} a year to renew; "
                f"the assumptions below show each published dollar figure beside the {b.currency} one "
                "the plan uses, and take your quotes in "
                f"{b.currency}."
            )
        else:
            self.currency_note.setText("Shown in US dollars, the currency of the published figures.")
        self._currency, self._rate_note = b.currency, b.rate_note
        self.chart.set_budget(b)
        clear_layout(self.items)
        for item in b.items:
            line = QHBoxLayout()
            line.addWidget(
                wrap_label(
                    f"<b>{html.escape(item.title)}</b> "
                    f"{fmt.money_range(item.low, item.high, b.currency)} — "
                    f"{html.escape(item.basis)}",
                    rich=True,
                ),
                1,
            )
            if item.overridden:
                line.addWidget(Chip("Your figure", "warning"), 0, Qt.AlignmentFlag.AlignTop)
            if not item.in_total:
                line.addWidget(Chip("Not in the total", "muted"), 0, Qt.AlignmentFlag.AlignTop)
            self.items.addLayout(line)
        clear_layout(self.year_two)
        for item in b.renewal_items:
            self.year_two.addWidget(
                wrap_label(
                    f"<b>{html.escape(item.title)}</b> {fmt.money_range(item.low, item.high, b.currency)} — "
                    f"{html.escape(item.basis)}",
                    rich=True,
                )
            )
        self._fill_table(est.assumptions)

    def _edit_currency(self) -> None:
        from soc2wizard.gui import display_settings

        display_settings.edit_display_settings(self, self.ctx)

    def row_assumption(self, row: int) -> Assumption | None:
        return self._assumptions[row] if 0 <= row < len(self._assumptions) else None

    def _fill_table(self, assumptions) -> None:  # noqa: ANN001
        selected = self.table.currentRow()
        self._assumptions = list(assumptions)
        converted = self._currency != "USD"
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._assumptions))
        for r, asm in enumerate(self._assumptions):
            low, high = _shown(asm)
            money = bool(asm.currency) and asm.unit.startswith("USD")
            published = (
                f"{_show_value(asm.default_low, asm.unit)} – {_show_value(asm.default_high, asm.unit)}"
                if asm.overridden
                else (
                    f"{_show_value(asm.low, asm.unit)} – {_show_value(asm.high, asm.unit)}"
                    if money and converted
                    else "—"
                )
            )
            cells = [
                asm.title,
                _show_value(low, asm.unit, asm.currency),
                _show_value(high, asm.unit, asm.currency),
                _unit(asm),
                published,
                asm.source,
            ]
            tip = _tooltip(asm, published, self._rate_note)
            for c, value in enumerate(cells):
                it = QTableWidgetItem(value)
                flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                if c in (1, 2):
                    flags |= Qt.ItemFlag.ItemIsEditable
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                it.setFlags(flags)
                if asm.overridden and c in (0, 1, 2):
                    f = QFont(self.table.font())
                    f.setBold(True)
                    it.setFont(f)
                    it.setForeground(tone("warning", self))
                it.setToolTip(tip)
                self.table.setItem(r, c, it)
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)
        if 0 <= selected < len(self._assumptions):
            self.table.setCurrentCell(selected, max(0, self.table.currentColumn()))
        self._selection()

    def _selection(self) -> None:
        row = self.table.currentRow()
        chosen = self._assumptions[row] if 0 <= row < len(self._assumptions) else None
        self.reset_button.setEnabled(chosen is not None and chosen.overridden)
        self.source.setText(_describe(chosen))

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        row, col = item.row(), item.column()
        asm = self._assumptions[row]
        shown_low, shown_high = _shown(asm)
        side = "Low" if col == 1 else "High"
        try:
            value = _parse_value(item.text(), asm.unit, asm.currency or "USD")
            # Both ends in the page's currency: the quote is kept in it.
            low, high = (value, shown_high) if col == 1 else (shown_low, value)
            if col == 1 and high < low:
                high = low
            self.override(asm.key, low, high)
        except FieldError as exc:
            field = {"low": "Low", "high": "High"}.get(exc.path.rsplit(".", 1)[-1], side)
            self.table_error.setText(f"⚠ {asm.title}, {field}: {exc.message}. Nothing was changed.")
            self.table_error.setStyleSheet(f"color: {tone('error', self).name()};")
            self.refresh_now()
            return
        self.table_error.setText("")

    def override(self, key: str, low: float, high: float) -> None:
        s = self.ctx.s
        before = services.list_overrides(s).get(key)

        def undo() -> None:
            if before is None:
                services.clear_override(s, key)
            else:
                _put_back(s, before)

        self.ctx.perform(
            f"Override {key}", lambda: services.set_override(s, key, low=low, high=high), undo, "overrides"
        )

    def reset_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._assumptions):
            return
        key = self._assumptions[row].key
        s = self.ctx.s
        before = services.list_overrides(s).get(key)
        if before is None:
            return
        self.ctx.perform(
            f"Reset {key}",
            lambda: services.clear_override(s, key),
            lambda: _put_back(s, before),
            "overrides",
        )


def _put_back(s: services.Session, o: Override) -> None:
    """An override as it was: its figures in the currency and at the rate it was typed in."""
    services.set_override(s, o.key, low=o.low, high=o.high, note=o.note, currency=o.currency, rate=o.rate)


def _quote_words(asm: Assumption) -> str:
    """What the user typed and what the plan uses: "Your quote, typed in EUR: €18,000; the plan uses $19,565." """
    q = asm.quote
    if q is None:
        return ""
    typed = _show_value(q.low, asm.unit, q.currency)
    if q.high != q.low:
        typed += f" – {_show_value(q.high, asm.unit, q.currency)}"
    used = _show_value(asm.low, asm.unit)
    if round(asm.high) != round(asm.low):
        used += f" – {_show_value(asm.high, asm.unit)}"
    if q.currency == "USD":
        return f"Your quote, typed in US dollars: {typed}."
    text = (
        f"Your quote, typed in {q.currency}: {typed}; the plan uses {used} (1 USD = {rate_text(q.rate)} {q.currency})."
    )
    if asm.currency != q.currency:
        low, high = _shown(asm)
        shown = _show_value(low, asm.unit, asm.currency)
        if round(high) != round(low):
            shown += f" – {_show_value(high, asm.unit, asm.currency)}"
        text += f" Shown here in {asm.currency}: {shown}."
    return text


def _tooltip(asm: Assumption, published: str, rate_note: str) -> str:
    tip = f"{asm.title}\n{asm.note}\nSource: {asm.source} {asm.as_of}".strip()
    money = bool(asm.currency) and asm.unit.startswith("USD")
    if money and asm.currency != "USD":
        tip += f"\nLow and High in {asm.currency}, at {rate_note}; the published figure is in US dollars."
    elif money:
        tip += "\nLow and High in US dollars."
    if asm.overridden:
        tip += "\n" + (_quote_words(asm) or "Your figure.") + " Published: " + published
    return tip


def _describe(asm: Assumption | None) -> str:
    """The selected assumption in full: what it is, the figure, its note and its whole source."""
    if asm is None:
        return "Select a row to read its assumption and source in full."
    e = html.escape
    unit = "" if asm.unit in ("USD", "share") else " " + asm.unit.replace("USD/", "a ")
    low, high = _shown(asm)
    figure = f"{_show_value(low, asm.unit, asm.currency)} – {_show_value(high, asm.unit, asm.currency)}{e(unit)}"
    parts = [f"<b>{e(asm.title)}</b>: {figure}."]
    if asm.overridden:
        if asm.quote is not None:
            parts.append(e(_quote_words(asm)))
        parts.append(
            f"{'The' if asm.quote is not None else 'Your figure; the'} published one is "
            f"{_show_value(asm.default_low, asm.unit)} – {_show_value(asm.default_high, asm.unit)}."
        )
    elif asm.currency and asm.currency != "USD" and asm.unit.startswith("USD"):
        parts.append(f"Published in US dollars: {_show_value(asm.low, asm.unit)} – {_show_value(asm.high, asm.unit)}.")
    if asm.note:
        parts.append(e(asm.note))
    source = e(asm.source) + (f" ({e(asm.as_of)})" if asm.as_of else "")
    parts.append(f"<br><b>Source:</b> {source}")
    return " ".join(parts)
