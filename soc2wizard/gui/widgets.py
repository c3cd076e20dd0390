"""Small shared widgets: fields with an inline error, severity chips, state icons.

Colours come from the palette (or are chosen for its lightness), so the system
light and dark themes both stay readable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from soc2wizard.domain import format as fmt

# --- preferences (per user, in QSettings) -------------------------------------------

PREF_DATE_STYLE = "preferences/date_style"
PREF_ASSESSOR = "preferences/assessor_name"
DATE_STYLES = {"medium": "3 Sep 2027", "long": "3 September 2027", "iso": "2027-09-03"}


def date_style() -> str:
    value = QSettings().value(PREF_DATE_STYLE, "medium")
    return value if value in DATE_STYLES else "medium"


def show_date(d: dt.date | None) -> str:
    """A date in the user's chosen style."""
    if d is None:
        return "—"
    style = date_style()
    if style == "iso":
        return d.isoformat()
    if style == "long":
        return f"{d.day} {d.strftime('%B')} {d.year}"
    return fmt.day(d)


def show_date_range(first: dt.date, last: dt.date) -> str:
    if date_style() == "medium":
        return fmt.date_range(first, last)
    if first == last:
        return f"on {show_date(first)}"
    return f"between {show_date(first)} and {show_date(last)}"


def help_for(widget: QWidget, title: str, text: str) -> QWidget:
    """Attach help (shown in the help panel when the widget has focus)."""
    widget.setProperty("help_title", title)
    widget.setProperty("help_text", text)
    return widget


# --- colours ---------------------------------------------------------------------------

def is_dark(widget: QWidget | None = None) -> bool:
    """Whether the application's theme is dark (judged from the app palette, not a widget's)."""
    pal = QApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


_TONES = {  # (light theme, dark theme)
    "error": ("#b3261e", "#f2b8b5"),
    "warning": ("#8a5300", "#ffcc80"),
    "advice": ("#0b57d0", "#a8c7fa"),
    "ok": ("#1b6e2e", "#a6e3a1"),
    "muted": ("#5f6368", "#aaaaaa"),
}


def tone(name: str, widget: QWidget | None = None) -> QColor:
    light, dark = _TONES.get(name, _TONES["muted"])
    return QColor(dark if is_dark(widget) else light)


def tone_background(name: str, widget: QWidget | None = None) -> QColor:
    c = tone(name, widget)
    c.setAlpha(40)
    return c


# --- icons drawn with QPainter (crisp at any scale) ------------------------------------

def _icon(draw: Callable[[QPainter, float], None]) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw(p, float(size))
        p.end()
        icon.addPixmap(pm)
        # The same pixmap when selected: Qt would otherwise tint it with the highlight
        # colour, and a thin grey or blue ring vanishes on the highlighted sidebar row.
        icon.addPixmap(pm, QIcon.Mode.Selected)
    return icon


def _check(p: QPainter, s: float, color: QColor) -> None:
    pen = QPen(color, max(1.5, s * 0.12))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    path = QPainterPath(QPointF(s * 0.28, s * 0.52))
    path.lineTo(s * 0.44, s * 0.68)
    path.lineTo(s * 0.73, s * 0.34)
    p.drawPath(path)


_STATE_ICONS: dict[tuple[str, bool], QIcon] = {}


def state_icon(state: str) -> QIcon:
    """Icon for a step state: not_started, in_progress, complete, attention.

    Drawn once per state and theme: the sidebar asks for all eight after every edit.
    """
    key = (state, is_dark())
    if key not in _STATE_ICONS:
        _STATE_ICONS[key] = _draw_state_icon(state)
    return _STATE_ICONS[key]


def _draw_state_icon(state: str) -> QIcon:
    def draw(p: QPainter, s: float) -> None:
        r = QRectF(s * 0.1, s * 0.1, s * 0.8, s * 0.8)
        if state == "complete":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(tone("ok"))
            p.drawEllipse(r)
            _check(p, s, QColor("white") if not is_dark() else QColor("#102010"))
        elif state == "in_progress":
            c = tone("advice")
            p.setPen(QPen(c, max(1.0, s * 0.08)))
            p.setBrush(_disc())  # an opaque disc: readable on the highlighted row too
            p.drawEllipse(r)
            p.setBrush(c)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawPie(r, 90 * 16, 180 * 16)
        elif state == "attention":
            _triangle(p, s, tone("error"))
        else:
            p.setPen(QPen(tone("muted"), max(1.5, s * 0.1)))
            p.setBrush(_disc())  # an opaque disc: readable on the highlighted row too
            p.drawEllipse(r)
    return _icon(draw)


def _disc() -> QColor:
    """The fill behind an outline icon: the theme's base colour, so the ring shows on any row."""
    return QApplication.palette().color(QPalette.ColorRole.Base)


def _triangle(p: QPainter, s: float, color: QColor) -> None:
    path = QPainterPath(QPointF(s * 0.5, s * 0.08))
    path.lineTo(s * 0.95, s * 0.9)
    path.lineTo(s * 0.05, s * 0.9)
    path.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawPath(path)
    _mark(p, s, "!", QColor("white") if not is_dark() else QColor("#201000"), 0.1)


def _mark(p: QPainter, s: float, text: str, color: QColor, dy: float = 0.0) -> None:
    f = QFont()
    f.setBold(True)
    f.setPixelSize(max(8, int(s * 0.6)))
    p.setFont(f)
    p.setPen(color)
    p.drawText(QRectF(0, s * dy, s, s), Qt.AlignmentFlag.AlignCenter, text)


def severity_icon(severity: str) -> QIcon:
    def draw(p: QPainter, s: float) -> None:
        inner = QColor("white") if not is_dark() else QColor("#111111")
        if severity == "warning":
            _triangle(p, s, tone("warning"))
            return
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(tone("error" if severity == "error" else "advice"))
        p.drawEllipse(QRectF(s * 0.06, s * 0.06, s * 0.88, s * 0.88))
        _mark(p, s, "!" if severity == "error" else "i", inner)
    return _icon(draw)


STATE_WORDS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "complete": "Complete",
    "attention": "Needs attention",
}
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "advice": "Advice"}


# --- widgets ---------------------------------------------------------------------------

class Chip(QLabel):
    """A small rounded label: icon + word + colour (never colour alone)."""

    def __init__(self, text: str = "", kind: str = "muted", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.set(text, kind)

    def set(self, text: str, kind: str) -> None:
        c, bg = tone(kind, self), tone_background(kind, self)
        self.setText(text)
        self.setStyleSheet(
            f"QLabel {{ color: {c.name()}; background: rgba({bg.red()},{bg.green()},{bg.blue()},{bg.alpha()});"
            f" border: 1px solid {c.name()}; border-radius: 8px; padding: 1px 8px; font-weight: 600; }}"
        )
        self.setAccessibleName(text)


class SeverityChip(QWidget):
    """Severity shown with an icon, a word and a colour."""

    def __init__(self, severity: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        icon = QLabel()
        icon.setPixmap(severity_icon(severity).pixmap(QSize(16, 16)))
        lay.addWidget(icon)
        lay.addWidget(Chip(SEVERITY_WORDS.get(severity, severity.title()), severity))
        self.setAccessibleName(SEVERITY_WORDS.get(severity, severity))


class FieldBox(QWidget):
    """An input with an error line under it; ``show_error`` keeps the message at the field."""

    def __init__(self, widget: QWidget, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = widget
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint.setVisible(bool(hint))
        lay.addWidget(self.hint)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.error.setObjectName("fieldError")
        lay.addWidget(self.error)

    def show_error(self, message: str) -> None:
        self.error.setText("⚠ " + message)
        self.error.setStyleSheet(f"color: {tone('error', self).name()};")
        self.error.setVisible(True)
        self.widget.setProperty("invalid", True)
        self.widget.setAccessibleDescription("Error: " + message)

    def clear_error(self) -> None:
        if self.error.isVisible():
            self.error.setVisible(False)
            self.error.clear()
        self.widget.setProperty("invalid", False)
        self.widget.setAccessibleDescription("")

    def has_error(self) -> bool:
        return self.error.isVisible()

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))


def wrap_label(text: str = "", *, muted: bool = False, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def heading(text: str, size: float = 1.15) -> QLabel:
    label = QLabel(text)
    f = label.font()
    f.setBold(True)
    f.setPointSizeF(f.pointSizeF() * size)
    label.setFont(f)
    label.setWordWrap(True)
    return label


class Card(QFrame):
    """A framed group using the palette (works in light and dark themes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(12, 10, 12, 10)
        self.body.setSpacing(6)


def clear_layout(layout) -> None:  # noqa: ANN001
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.setParent(None)
            w.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())
