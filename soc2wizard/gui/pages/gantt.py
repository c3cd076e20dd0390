"""A Gantt chart of the plan's phases, drawn with QPainter.

Each phase is a solid bar for its shortest run and a lighter tail to its
latest end; a line marks today and a dashed marker the customer's deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from soc2wizard.domain import format as fmt
from soc2wizard.estimate.model import Timeline
from soc2wizard.gui.widgets import show_date, tone

ROW_H = 34
HEADER_H = 28
FOOTER_H = 26


class GanttChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline: Timeline | None = None
        self.today: dt.date | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Timeline chart")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumWidth(480)

    def set_timeline(self, timeline: Timeline, today: dt.date) -> None:
        self.timeline, self.today = timeline, today
        parts = [
            f"{p.title}: {fmt.weeks_range(p.weeks_low, p.weeks_high)}, from {show_date(p.start)} "
            f"to between {show_date(p.end_low)} and {show_date(p.end_high)}"
            for p in timeline.phases
        ]
        parts.append(f"Report {fmt.date_range(timeline.report_date_earliest, timeline.report_date_latest)}")
        if timeline.deadline:
            parts.append(f"Deadline {show_date(timeline.deadline)}")
        self.setAccessibleDescription(". ".join(parts))
        self.setToolTip(self.accessibleDescription().replace(". ", "\n"))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        n = len(self.timeline.phases) if self.timeline else 6
        return QSize(720, HEADER_H + n * ROW_H + FOOTER_H)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, self.sizeHint().height())

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        t = self.timeline
        if t is None or not t.phases:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No timeline yet")
            return
        fm = QFontMetrics(self.font())
        label_w = min(max(fm.horizontalAdvance(ph.title) for ph in t.phases) + 24, self.width() // 3)
        left, right = label_w, self.width() - 16
        first = min(t.start, self.today or t.start)
        last = max([t.report_date_latest, *([t.deadline] if t.deadline else [])])
        first = first.replace(day=1)
        span = max(1, (last - first).days + 14)

        def x(d: dt.date) -> float:
            return left + (right - left) * ((d - first).days / span)

        text = pal.color(QPalette.ColorRole.Text)
        grid = QColor(text)
        grid.setAlpha(40)
        # month grid and labels
        bottom = HEADER_H + len(t.phases) * ROW_H
        p.setPen(QPen(grid, 1))
        d = first
        while d <= last:
            p.drawLine(QPointF(x(d), HEADER_H - 4), QPointF(x(d), bottom))
            d = _next_month(d)
        p.setPen(text)
        for lx, width, label in month_labels(first, last, x, fm, self.width()):
            p.drawText(QRectF(lx, 4, width, HEADER_H - 8), Qt.AlignmentFlag.AlignVCenter, label)

        base = tone("advice", self)
        bar_labels: list[tuple[QRectF, str, bool]] = []
        for row, ph in enumerate(t.phases):
            y = HEADER_H + row * ROW_H
            if row % 2:
                band = QColor(text)
                band.setAlpha(12)
                p.fillRect(QRectF(0, y, self.width(), ROW_H), band)
            p.setPen(text)
            p.drawText(
                QRectF(8, y, label_w - 12, ROW_H),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                fm.elidedText(ph.title, Qt.TextElideMode.ElideRight, label_w - 12),
            )
            bar = QRectF(x(ph.start), y + 8, max(3.0, x(ph.end_low) - x(ph.start)), ROW_H - 16)
            tail = QRectF(bar.right(), y + 11, max(0.0, x(ph.end_high) - bar.right()), ROW_H - 22)
            light = QColor(base)
            light.setAlpha(70)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(light)
            p.drawRoundedRect(tail, 3, 3)
            p.setBrush(base)
            p.drawRoundedRect(bar, 3, 3)
            label = fmt.weeks_range(ph.weeks_low, ph.weeks_high)
            lx = max(bar.right(), tail.right()) + 6
            if lx + fm.horizontalAdvance(label) > right:
                lx = bar.left() - fm.horizontalAdvance(label) - 6
            bar_labels.append((QRectF(lx, y, fm.horizontalAdvance(label) + 4, ROW_H), label, row % 2 == 1))

        # today and deadline
        if self.today and first <= self.today <= last + dt.timedelta(days=14):
            pen = QPen(tone("muted", self), 2)
            p.setPen(pen)
            xx = x(self.today)
            p.drawLine(QPointF(xx, HEADER_H - 4), QPointF(xx, bottom))
            p.drawText(QRectF(xx - 40, bottom + 2, 80, FOOTER_H - 4), Qt.AlignmentFlag.AlignCenter, "Today")
        if t.deadline:
            kind = "ok" if t.deadline_met else "error"
            pen = QPen(tone(kind, self), 2, Qt.PenStyle.DashLine)
            p.setPen(pen)
            xx = x(t.deadline)
            p.drawLine(QPointF(xx, HEADER_H - 4), QPointF(xx, bottom))
            label = f"Deadline {show_date(t.deadline)}"
            w = fm.horizontalAdvance(label) + 8
            lx = min(max(left, xx - w / 2), right - w)
            p.drawText(QRectF(lx, bottom + 2, w, FOOTER_H - 4), Qt.AlignmentFlag.AlignCenter, label)
        # Durations last, each on a patch of the chart's background, so the today and
        # deadline lines never run through their text.
        base_bg = pal.color(QPalette.ColorRole.Base)
        band_bg = QColor(  # the banded rows' colour: text at alpha 12 over the base
            *(
                round(b + (t_ - b) * 12 / 255)
                for b, t_ in zip(
                    (base_bg.red(), base_bg.green(), base_bg.blue()), (text.red(), text.green(), text.blue())
                )
            )
        )
        for rect, label, banded in bar_labels:
            patch = QRectF(rect.left() - 2, rect.center().y() - fm.height() / 2 - 1, rect.width() + 2, fm.height() + 2)
            p.fillRect(patch, band_bg if banded else base_bg)
            p.setPen(text)
            p.drawText(rect, Qt.AlignmentFlag.AlignVCenter, label)
        p.end()


def _next_month(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_labels(
    first: dt.date, last: dt.date, x: Callable[[dt.date], float], fm: QFontMetrics, limit: float
) -> list[tuple[float, float, str]]:
    """The month axis labels as (left, width, text): every month, or every 2nd, 3rd… so that
    labels never touch at any width or scale; a label names the year when it changes."""
    month_px = (x(_next_month(first)) - x(first)) or 1.0
    widest = fm.horizontalAdvance("Sep 2027") + 12
    step = next((n for n in (1, 2, 3, 4, 6, 12) if n * month_px >= widest), 12)
    labels: list[tuple[float, float, str]] = []
    shown_year = None
    free_from = float("-inf")  # where the previous label ends
    d, i = first, 0
    while d <= last:
        if i % step == 0:
            label = d.strftime("%b") + (f" {d.year}" if d.year != shown_year else "")
            lx, width = x(d) + 3, fm.horizontalAdvance(label) + 6
            if lx >= free_from and lx + width <= limit:
                labels.append((lx, width, label))
                shown_year, free_from = d.year, lx + width
        d, i = _next_month(d), i + 1
    return labels
