"""Small shared widgets: fields with an inline error, severity chips, state icons.

Colours come from the palette (or are chosen for its lightness), so the system
light and dark themes both stay readable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QPoint, QPointF, QRectF, QSettings, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QFont,
    QIcon,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from soc2wizard.domain import format as fmt

if TYPE_CHECKING:  # the calendar's classes load when a calendar is first opened, QLocale when a date is read
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QCalendarWidget


def qdate(day: dt.date) -> QDate:
    """A Python date as Qt's (PySide6 converts one too, but its stubs do not say so)."""
    return QDate(day.year, day.month, day.day)


def pydate(q: QDate) -> dt.date:
    """Qt's date as Python's."""
    return dt.date(q.year(), q.month(), q.day())


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
    """An input with an error line under it; ``show_error`` keeps the message at the field.

    The hint and error lines are made when first needed: a page has many fields and few of them
    ever show either, and each line is a widget to build before the page first paints.
    """

    def __init__(self, widget: QWidget, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = widget
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.setSpacing(2)
        self._lay.addWidget(widget)
        self._hint: QLabel | None = None
        self._error: QLabel | None = None
        self._description = widget.accessibleDescription()  # what the field says of itself when it has no error
        if hint:
            self.set_hint(hint)

    @property
    def hint(self) -> QLabel:
        if self._hint is None:
            self._hint = QLabel()
            self._hint.setWordWrap(True)
            self._hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self._hint.setVisible(False)
            self._lay.insertWidget(1, self._hint)  # under the field, above any error
        return self._hint

    @property
    def error(self) -> QLabel:
        if self._error is None:
            self._error = QLabel()
            self._error.setWordWrap(True)
            self._error.setVisible(False)
            self._error.setObjectName("fieldError")
            self._lay.addWidget(self._error)
        return self._error

    def show_error(self, message: str) -> None:
        self.error.setText("⚠ " + message)
        self.error.setStyleSheet(f"color: {tone('error', self).name()};")
        self.error.setVisible(True)
        self.widget.setProperty("invalid", True)
        self.widget.setAccessibleDescription("Error: " + message)

    def clear_error(self) -> None:
        if self._error is not None and self._error.isVisible():
            self._error.setVisible(False)
            self._error.clear()
        self.widget.setProperty("invalid", False)
        self.widget.setAccessibleDescription(self._description)

    def has_error(self) -> bool:
        return self._error is not None and self._error.isVisible()

    def set_hint(self, text: str) -> None:
        if text or self._hint is not None:
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
            # Hidden and deleted later, never setParent(None): a parentless widget is a
            # top-level window, which the window system may activate (the app loses focus).
            w.hide()
            w.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


# --- dates -----------------------------------------------------------------------------

FIRST_DAY = dt.date(2000, 1, 1)  # the answers accept dates in these years only
LAST_DAY = dt.date(2100, 12, 31)


def _loose(pattern: str) -> str:
    """A Qt date format that also reads one-digit days and months ("1/3/2027" for dd/MM/yyyy)."""
    pattern = re.sub(r"(?<!d)dd(?!d)", "d", pattern)
    return re.sub(r"(?<!M)MM(?!M)", "M", pattern)


def locale_date_format(locale: QLocale | None = None) -> str:
    """The locale's short date format with a four-digit year ("dd/MM/yyyy", "M/d/yyyy")."""
    from PySide6.QtCore import QLocale

    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    return re.sub(r"(?<!y)yy(?!y)", "yyyy", pattern)


def read_date(text: str) -> dt.date | None:
    """A typed or pasted date, or None when it is not one.

    Read as: ISO (2027-09-30), the app's date styles (30 Sep 2027, 30 September 2027),
    the user's locale (short and long, two- or four-digit year), and "Sep 30, 2027".
    """
    t = " ".join(text.replace(",", " ").split())
    if not t:
        return None
    try:
        return dt.date.fromisoformat(t)
    except ValueError:
        pass
    from PySide6.QtCore import QLocale  # here: its type (with 300 languages and countries) costs start-up ~4 ms

    c, here = QLocale.c(), QLocale()
    tries: list[tuple[QLocale, str, int]] = [
        (c, "yyyy-M-d", 1900),
        (c, "d MMM yyyy", 1900),
        (c, "d MMMM yyyy", 1900),
        (c, "MMM d yyyy", 1900),
        (c, "MMMM d yyyy", 1900),
    ]
    for kind in (QLocale.FormatType.ShortFormat, QLocale.FormatType.LongFormat):
        native = _loose(" ".join(here.dateFormat(kind).replace(",", " ").split()))
        four = re.sub(r"(?<!y)yy(?!y)", "yyyy", native)
        tries.append((here, four, 1900))
        tries.append((here, four.replace("yyyy", "yy"), 2000))  # "1/3/27" is 2027, not 1927
    tries += [(here, "d MMM yyyy", 1900), (here, "d MMMM yyyy", 1900)]
    for locale, pattern, base in tries:
        q = locale.toDate(t, pattern, base)
        if q.isValid():
            return pydate(q)
    return None


_CALENDAR_ICONS: dict[bool, QIcon] = {}


def calendar_icon() -> QIcon:
    """A small calendar page in the theme's text colour."""
    key = is_dark()
    if key not in _CALENDAR_ICONS:
        colour = QApplication.palette().color(QPalette.ColorRole.Text)

        def draw(p: QPainter, s: float) -> None:
            w = max(1.0, s / 16)
            p.setPen(QPen(colour, w))
            p.setBrush(Qt.BrushStyle.NoBrush)
            page = QRectF(s * 0.1, s * 0.16, s * 0.8, s * 0.74)
            p.drawRoundedRect(page, s * 0.08, s * 0.08)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRect(QRectF(page.left(), page.top(), page.width(), s * 0.16))
            for x in (0.32, 0.68):  # the rings
                p.drawRoundedRect(QRectF(s * x - w, s * 0.06, 2 * w, s * 0.16), w, w)
            dot = s * 0.11
            for row in range(2):
                for col in range(3):
                    p.drawRect(QRectF(s * (0.22 + col * 0.2), s * (0.45 + row * 0.2), dot, dot))

        _CALENDAR_ICONS[key] = _icon(draw)
    return _CALENDAR_ICONS[key]


FIELD_ICON = 16  # the size Qt draws a line edit's action icons at (the styles' small icon size)
_CLEAR_ICONS: dict[bool, QIcon] = {}


def no_date_icon() -> QIcon:
    """A cross in a disc, in the theme's muted text colour: "no date" (drawn like the calendar icon)."""
    key = is_dark()
    if key not in _CLEAR_ICONS:
        colour = tone("muted")

        def draw(p: QPainter, s: float) -> None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawEllipse(QRectF(s * 0.12, s * 0.12, s * 0.76, s * 0.76))
            pen = QPen(_disc(), max(1.2, s * 0.1))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            a, b = s * 0.36, s * 0.64
            p.drawLine(QPointF(a, a), QPointF(b, b))
            p.drawLine(QPointF(a, b), QPointF(b, a))

        _CLEAR_ICONS[key] = _icon(draw)
    return _CLEAR_ICONS[key]


class _CalendarPopup(QFrame):
    """The month grid under a DateField; Enter or a click picks, Escape closes."""

    picked = Signal(QDate)

    def __init__(self, field: QWidget) -> None:
        super().__init__(field, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        from PySide6.QtCore import QLocale
        from PySide6.QtGui import QTextCharFormat  # here: the first screen opens no calendar
        from PySide6.QtWidgets import QCalendarWidget

        self.calendar = QCalendarWidget(self)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setDateRange(qdate(FIRST_DAY), qdate(LAST_DAY))
        self.calendar.setLocale(QLocale())
        self.calendar.setFirstDayOfWeek(QLocale().firstDayOfWeek())
        weekend = QTextCharFormat()  # Qt paints weekends pure red: unreadable on a dark theme,
        weekend.setForeground(QApplication.palette().color(QPalette.ColorRole.Text))  # grey is other months
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.calendar.setWeekdayTextFormat(day, weekend)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(1, 1, 1, 1)
        lay.addWidget(self.calendar)

    def _pick(self, day: QDate) -> None:
        self.close()
        self.picked.emit(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class DateField(QLineEdit):
    """A date typed in any usual way, or picked from a calendar (Alt+Down, F4 or the icon).

    Shows dates in the user's date style (Preferences); reads ISO, that style and
    the locale's own formats. An optional field may be empty ("no date"): the
    clear icon, or selecting the text and pressing Delete, empties it.
    ``committed`` is emitted when the user finishes: Enter, leaving a changed
    field, a day picked in the calendar, or the clear icon. ``date()`` is then
    the new value, or ``problem()`` says why the text is not a date.
    """

    committed = Signal()
    picked = Signal()  # a day was chosen in the calendar (committed is emitted too)

    def __init__(
        self, name: str, *, optional: bool = True, clear_icon: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self._clear_icon = optional and clear_icon  # a table cell has no room for it: Delete clears
        self._popup: _CalendarPopup | None = None
        self._committed_text = ""
        self.setAccessibleName(name)
        self.setPlaceholderText("No date" if optional else f"e.g. {show_date(dt.date.today())}")
        self.calendar_action = QAction(calendar_icon(), "Choose from a calendar", self)
        self.calendar_action.setToolTip("Choose from a calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.clear_action = QAction(no_date_icon(), "No date", self)
        self.clear_action.setToolTip("Clear the date")
        self.clear_action.triggered.connect(self._clear_clicked)
        if self._clear_icon:
            self.addAction(self.clear_action, QLineEdit.ActionPosition.TrailingPosition)
            self.textChanged.connect(lambda t: self.clear_action.setVisible(bool(t)))
        self.clear_action.setVisible(False)  # after addAction, so its button starts hidden too
        for button in self.findChildren(QToolButton):  # the icons Qt made for the actions
            if button.defaultAction() is not None:
                button.setAccessibleName(button.defaultAction().text())
        self.setAccessibleDescription(
            "Type a date or press Alt+Down to choose from a calendar." + (" Leave empty for none." if optional else "")
        )
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def hint(self) -> str:
        """The tooltip: the ways a date may be typed, with the locale's own among them."""
        from PySide6.QtCore import QLocale

        sample = dt.date(2027, 9, 30)
        ways = [show_date(sample), sample.isoformat()]
        if QLocale().name() != "C":
            ways.append(QLocale().toString(qdate(sample), locale_date_format()))
        return f"Type a date ({', '.join(dict.fromkeys(ways))}) or press Alt+Down to choose from a calendar." + (
            " Leave empty for none." if self.optional else ""
        )

    # --- value -------------------------------------------------------------------------

    def date(self) -> dt.date | None:
        """The date shown, or None (empty, or text that is not a date: see ``problem``)."""
        return read_date(self.text())

    def problem(self) -> str:
        """Why the text is not an acceptable date, or "" when it is (or is empty and optional)."""
        text = self.text().strip()
        if not text:
            return "" if self.optional else "enter a date"
        if read_date(text) is None:
            return (
                f"{text[:30]!r} is not a date: write it like {show_date(dt.date(2027, 9, 30))} "
                "or 2027-09-30, or press Alt+Down to choose from a calendar"
            )
        return ""

    def setDate(self, day: dt.date | None, *, keep_typing: bool = True) -> None:  # noqa: N802 - like QDateEdit
        """Show a saved date, unless the user is typing in the field (their text and caret stay)."""
        shown = show_date(day) if day is not None else ""
        if keep_typing and self.hasFocus() and self.text() != self._committed_text:
            return  # committed (or refused) when they press Enter or leave
        self._committed_text = shown
        if self.text() != shown:
            self.blockSignals(True)
            self.setText(shown)
            self.blockSignals(False)
            self.clear_action.setVisible(bool(shown))

    # --- sizing ----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Room for the longest date of the chosen style, plus the icons."""
        hint = super().sizeHint()
        fm = self.fontMetrics()
        text = max(
            fm.horizontalAdvance(show_date(dt.date(2027, 9, 30))),
            fm.horizontalAdvance(self.placeholderText()),
            fm.horizontalAdvance("2027-09-30"),
        )
        icons = 2 if self._clear_icon else 1
        return QSize(max(hint.width(), text + icons * (FIELD_ICON + 10) + 20), hint.height())

    # --- calendar ------------------------------------------------------------------------

    def open_calendar(self) -> None:
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.calendar.setAccessibleName(f"{self.accessibleName()}: calendar")
            self._popup.picked.connect(self._picked)
        cal = self._popup.calendar
        day = self.date() or dt.date.today()
        day = min(max(day, FIRST_DAY), LAST_DAY)
        cal.setSelectedDate(qdate(day))
        self._popup.adjustSize()
        size = self._popup.sizeHint()
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        x = min(max(below.x(), screen.left()), screen.right() - size.width())
        y = (
            below.y()
            if below.y() + size.height() <= screen.bottom()
            else self.mapToGlobal(QPoint(0, 0)).y() - size.height()
        )
        self._popup.move(x, max(screen.top(), y))
        self._popup.show()
        cal.setFocus(Qt.FocusReason.PopupFocusReason)

    def calendar(self) -> QCalendarWidget | None:
        """The calendar of the popup, once it has been opened."""
        return self._popup.calendar if self._popup is not None else None

    def _picked(self, day: QDate) -> None:
        self.setText(show_date(pydate(day)))
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self._finish()
        self.picked.emit()

    def _clear_clicked(self) -> None:
        self.clear()
        self._finish()

    # --- finishing ------------------------------------------------------------------------

    def _finish(self) -> None:
        """Show a readable date in the app's style, and tell the page the user is done."""
        day = self.date()
        if day is not None:
            shown = show_date(day)
            if self.text() != shown:
                self.setText(shown)
        self._committed_text = self.text()
        self.committed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and not mods:
            self._step(key)
            return
        super().keyPressEvent(event)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish()

    def _step(self, key: int) -> None:
        """Up/Down: a day later/earlier; Page Up/Down: a month (like Qt's own date fields)."""
        q = qdate(self.date() or dt.date.today())
        steps: dict[int, QDate] = {
            Qt.Key.Key_Up: q.addDays(1),
            Qt.Key.Key_Down: q.addDays(-1),
            Qt.Key.Key_PageUp: q.addMonths(1),
            Qt.Key.Key_PageDown: q.addMonths(-1),
        }
        day = min(max(pydate(steps[key]), FIRST_DAY), LAST_DAY)
        self.setText(show_date(day))

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        if self._popup is not None and self._popup.isVisible():
            return  # moving into the calendar is not leaving the field
        if self.text() != self._committed_text:
            self._finish()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and not self.toolTip():
            self.setToolTip(self.hint())  # worked out when first wanted: reading the locale costs start-up
        # Alt+Down would otherwise be taken as a window shortcut before it reaches the field.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
                event.accept()
                return True
        return super().event(event)
