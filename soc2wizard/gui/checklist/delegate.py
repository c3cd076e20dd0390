"""Status chips (icon + word + colour) and the inline editors of the checklist table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
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


class ChecklistDelegate(QStyledItemDelegate):
    """Paints the Status column as a chip; edits status with a list, owner and due date with a field."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.owners: list[str] = []  # completion for the owner editor

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        if index.column() != ChecklistModel.STATUS:
            super().paint(painter, option, index)
            self._group_line(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        status = index.data(ChecklistModel.StatusRole) or "not_started"
        background, border, glyph = chip_colours(status, option.palette)
        fm = option.fontMetrics
        word = vocab.STATUSES.get(status, status)
        glyph_text = STATUS_GLYPHS.get(status, "•")
        pad = 7
        height = min(option.rect.height() - 4, fm.height() + 6)
        width = min(option.rect.width() - 6, fm.horizontalAdvance(f"{glyph_text} {word}") + 2 * pad)
        chip = QRect(option.rect.x() + 4, option.rect.center().y() - height // 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(border)
        painter.setBrush(background)
        painter.drawRoundedRect(chip, height / 2, height / 2)
        inner = chip.adjusted(pad, 0, -pad, 0)
        painter.setPen(glyph)
        painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, glyph_text)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        rest = inner.adjusted(fm.horizontalAdvance(glyph_text + " "), 0, 0, 0)
        painter.drawText(rest, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(word, Qt.TextElideMode.ElideRight, rest.width()))
        painter.restore()
        self._group_line(painter, option, index)

    def _group_line(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """A rule above the first row of each group when the table is grouped."""
        proxy = index.model()
        starts = getattr(proxy, "is_group_start", None)
        if starts is None or index.row() == 0 or not starts(index.row()):
            return
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.topLeft(), option.rect.topRight())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        if index.column() == ChecklistModel.STATUS:
            fm = option.fontMetrics
            size.setWidth(fm.horizontalAdvance("⊘ Not applicable") + 26)
            size.setHeight(max(size.height(), fm.height() + 10))
        return size

    # --- editors ----------------------------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        col = index.column()
        if col == ChecklistModel.STATUS:
            combo = QComboBox(parent)
            combo.setAccessibleName("Status")
            current = index.data(ChecklistModel.StatusRole)
            for key, word in vocab.STATUSES.items():
                # Not applicable needs a reason: it is chosen in the detail panel.
                if key != "not_applicable" or current == key:
                    combo.addItem(status_text(key), key)
            combo.activated.connect(lambda _i, c=combo: self._finish(c))
            return combo
        editor = QLineEdit(parent)
        if col == ChecklistModel.OWNER:
            editor.setAccessibleName("Owner")
            editor.setPlaceholderText("Name of the person responsible")
            if self.owners:
                completer = QCompleter(self.owners, editor)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                editor.setCompleter(completer)
        elif col == ChecklistModel.DUE:
            editor.setAccessibleName("Due date")
            editor.setPlaceholderText("YYYY-MM-DD")
            editor.setToolTip("A date written YYYY-MM-DD; leave empty for no due date")
        return editor

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            i = editor.findData(value)
            editor.setCurrentIndex(max(0, i))
        elif isinstance(editor, QLineEdit):
            editor.setText(value or "")
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text().strip(), Qt.ItemDataRole.EditRole)


def edit_hint_view(view: QAbstractItemView) -> None:
    """Edit on F2, Enter (handled by the view), double-click and a click on a selected cell."""
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.SelectedClicked
    )
