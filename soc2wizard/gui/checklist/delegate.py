"""Status chips (icon + word + colour) and the inline editors of the checklist table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from soc2wizard.domain import vocab
from soc2wizard.gui.checklist.model import ChecklistModel
from soc2wizard.gui.widgets import DateField

_Index = QModelIndex | QPersistentModelIndex

# A glyph per status so the chip never relies on colour alone.
STATUS_GLYPHS: dict[str, str] = {
    "not_started": "○",
    "in_progress": "◐",
    "implemented": "✔",
    "not_applicable": "⊘",
}
# Hues, not finished colours: chips mix them with the palette so dark mode stays readable.
STATUS_HUES: dict[str, QColor] = {
    "not_started": QColor(128, 128, 128),
    "in_progress": QColor(224, 150, 20),
    "implemented": QColor(40, 160, 80),
    "not_applicable": QColor(110, 120, 200),
}


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() * (1 - t) + b.red() * t),
        round(a.green() * (1 - t) + b.green() * t),
        round(a.blue() * (1 - t) + b.blue() * t),
    )


def chip_colours(status: str, palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """(background, border, glyph) for a status chip, derived from ``palette``."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    hue = STATUS_HUES.get(status, QColor(128, 128, 128))
    dark = base.lightness() < 128
    background = _mix(base, hue, 0.32 if dark else 0.18)
    border = _mix(base, hue, 0.65)
    glyph = _mix(hue, text, 0.25 if dark else 0.35)
    return background, border, glyph


def status_text(status: str) -> str:
    return f"{STATUS_GLYPHS.get(status, '•')} {vocab.STATUSES.get(status, status)}"


class StatusDelegate(QStyledItemDelegate):
    """Paints the Status column as a chip and edits it with a list of statuses.

    Only the Status column has a Python ``paint``: other columns keep Qt's own,
    which is faster with thousands of rows.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._plain = QStyledItemDelegate(self)  # fills style options without a Python round trip
        self._chips: dict[tuple[Any, ...], QPixmap] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self._plain.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        status = index.data(ChecklistModel.StatusRole) or "not_started"
        chip = self._chip(status, option)
        height = round(chip.height() / chip.devicePixelRatio())
        painter.drawPixmap(option.rect.x() + 4, option.rect.center().y() - height // 2 + 1, chip)

    def _chip(self, status: str, option: QStyleOptionViewItem) -> QPixmap:
        """The chip for a status, drawn once per size, palette and screen scale, then reused.

        Repainting thousands of rows while filtering then costs a pixmap copy
        per visible cell instead of a rounded rectangle and two texts.
        """
        dpr = option.widget.devicePixelRatioF() if option.widget is not None else 1.0
        key = (status, option.rect.width(), option.rect.height(), option.palette.cacheKey(), option.font.key(), dpr)
        cached = self._chips.get(key)
        if cached is not None:
            return cached
        background, border, glyph = chip_colours(status, option.palette)
        fm = option.fontMetrics
        word = vocab.STATUSES.get(status, status)
        glyph_text = STATUS_GLYPHS.get(status, "•")
        pad = 7
        height = min(option.rect.height() - 4, fm.height() + 6)
        width = min(option.rect.width() - 6, fm.horizontalAdvance(f"{glyph_text} {word}") + 2 * pad)
        pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setFont(option.font)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(border)
        painter.setBrush(background)
        chip = QRectF(0.5, 0.5, width - 1, height - 1)
        painter.drawRoundedRect(chip, height / 2, height / 2)
        inner = QRect(pad, 0, width - 2 * pad, height)
        painter.setPen(glyph)
        painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, glyph_text)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        rest = inner.adjusted(fm.horizontalAdvance(glyph_text + " "), 0, 0, 0)
        painter.drawText(
            rest,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(word, Qt.TextElideMode.ElideRight, rest.width()),
        )
        painter.end()
        if len(self._chips) > 256:  # column resizes make new sizes; keep the cache small
            self._chips.clear()
        self._chips[key] = pixmap
        return pixmap

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        fm = option.fontMetrics
        return QSize(fm.horizontalAdvance("⊘ Not applicable") + 26, fm.height() + 10)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.setAccessibleName("Status")
        current = index.data(ChecklistModel.StatusRole)
        for key in vocab.STATUSES:
            # Not applicable needs a reason: it is chosen in the detail panel.
            if key != "not_applicable" or current == key:
                combo.addItem(status_text(key), key)
        combo.activated.connect(lambda _i, c=combo: self._finish(c))
        return combo

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class TextDelegate(QStyledItemDelegate):
    """Owner (with completion of known names) and due date (a DateField; empty for none)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.owners: list[str] = []  # completion for the owner editor

    # --- editors ----------------------------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        if index.column() != ChecklistModel.OWNER:
            due = DateField("Due date", clear_icon=False, parent=parent)
            due.setPlaceholderText("No due date")
            # A day picked in the calendar is the whole edit, as a status chosen from the list is.
            due.picked.connect(lambda d=due: self._finish(d))
            return due
        editor = QLineEdit(parent)
        if index.column() == ChecklistModel.OWNER:
            editor.setAccessibleName("Owner")
            editor.setPlaceholderText("Name of the person responsible")
            if self.owners:
                completer = QCompleter(self.owners, editor)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                editor.setCompleter(completer)
        return editor

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: _Index) -> None:  # noqa: N802
        """The date editor is never narrower than a date and its icon, and stays inside the table."""
        super().updateEditorGeometry(editor, option, index)
        if isinstance(editor, DateField) and editor.width() < editor.sizeHint().width():
            rect = editor.geometry()
            rect.setWidth(editor.sizeHint().width())
            holder = editor.parentWidget()
            room = holder.width() if holder is not None else rect.right()
            if rect.right() > room:
                rect.moveRight(room)
            editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        if isinstance(editor, DateField):
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            editor.setDate(dt.date.fromisoformat(text) if text else None)
        else:
            assert isinstance(editor, QLineEdit)
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:  # noqa: N802
        if isinstance(editor, DateField):
            problem = editor.problem()
            if problem:  # said in the checklist's message bar; the saved date stays
                source = model.sourceModel() if hasattr(model, "sourceModel") else model
                if isinstance(source, ChecklistModel):
                    source.message.emit(f"Due date: {problem}.")
                return
            model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)
            return
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text().strip(), Qt.ItemDataRole.EditRole)


def edit_hint_view(view: QAbstractItemView) -> None:
    """Edit on F2, Enter (handled by the view), double-click and a click on a selected cell."""
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.SelectedClicked
    )
