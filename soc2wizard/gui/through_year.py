"""Through the year in the app: the evidence calendar, the next cycle, progress over time, snapshots.

Four widgets and one action, each hooked into its step with a small edit:
the checklist step shows ``EvidenceAgenda`` in a tab, the timeline step
``NextCycleView``, the review step ``ProgressPanel`` (a QPainter chart of
readiness at each snapshot and now), and File ▸ Keep a Snapshot… calls
``keep_snapshot``. Everything they show comes from the plan estimate the
window already holds (``ctx.estimate()``); snapshots go through services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain import format as fmt
from soc2wizard.domain import vocab
from soc2wizard.domain.errors import Soc2Error
from soc2wizard.gui import dialogs
from soc2wizard.gui.pages.base import section
from soc2wizard.gui.qtypes import ModelIndex
from soc2wizard.gui.widgets import Card, Chip, clear_layout, help_for, show_date, tone, wrap_label

# Status of an occurrence: word with an icon, and its tone (never colour alone).
STATUS_LOOK: dict[str, tuple[str, str]] = {
    "overdue": ("⚠ Overdue", "error"),
    "due": ("● Due now", "warning"),
    "done": ("✓ Done", "ok"),
    "upcoming": ("Upcoming", "muted"),
}

# The agenda's views: (label, which occurrences).
SOON_DAYS = 30
VIEWS: dict[str, str] = {
    "attention": f"Overdue, due now and the next {SOON_DAYS} days",
    "overdue": "Overdue only",
    "window": "The observation window",
    "next": "The twelve months after it",
    "all": "Everything",
}


def _shown(view: str, o: Any, today: dt.date) -> bool:
    if view == "overdue":
        return o.status == "overdue"
    if view == "attention":
        return o.status in ("overdue", "due") or (o.status == "upcoming" and o.due <= today + dt.timedelta(SOON_DAYS))
    if view in ("window", "next"):
        return o.span == view
    return True


# --- dialogs (replaceable in tests, as gui.dialogs) ----------------------------------------


def ask_snapshot_name(parent: QWidget | None, suggested: str) -> str | None:
    """The name for a new snapshot, or None."""
    text, ok = QInputDialog.getText(
        parent,
        "Keep a snapshot",
        "Name this snapshot (a milestone or the date); it keeps today's statuses, owners, readiness and estimate:",
        QLineEdit.EchoMode.Normal,
        suggested,
    )
    return text if ok else None


def keep_snapshot(parent: QWidget | None, ctx: Any) -> Any:
    """Ask for a name and keep a snapshot of the open workspace; returns it, or None."""
    if ctx.session is None:
        return None
    taken = {s.name for s in services.list_snapshots(ctx.s)}
    suggested = show_date(ctx.today())
    n = 2
    while suggested in taken:
        suggested, n = f"{show_date(ctx.today())} ({n})", n + 1
    name = ask_snapshot_name(parent, suggested)
    if name is None:
        return None
    try:
        snap = services.take_snapshot(ctx.s, name, today=ctx.today())
    except Soc2Error as exc:
        dialogs.show_error(parent, "Snapshot not kept", f"The snapshot was not kept: {exc}")
        return None
    ctx.notify("snapshots")
    return snap


# --- the evidence calendar (checklist step) ------------------------------------------------


class AgendaModel(QAbstractTableModel):
    """Occurrences of recurring controls, one a row: a thin model over the plan's calendar."""

    DUE, CONTROL, TITLE, OWNER, PERIOD, STATUS = range(6)
    HEADERS = ("Due", "Control", "Title", "Owner", "Period", "Status")
    ControlIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        o, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.DUE:
                return show_date(o.due)
            if col == self.CONTROL:
                return o.control_id
            if col == self.TITLE:
                return f"{o.title} ({o.number} of {o.total})"
            if col == self.OWNER:
                if o.owner:
                    return o.owner
                return f"No owner ({o.owner_role})" if o.owner_role else "No owner"
            if col == self.PERIOD:
                return f"{show_date(o.period_start)} – {show_date(o.due)}"
            if col == self.STATUS:
                return STATUS_LOOK[o.status][0]
        if role == Qt.ItemDataRole.ForegroundRole and col in (self.STATUS, self.DUE) and o.status != "upcoming":
            return tone(STATUS_LOOK[o.status][1])
        if role == Qt.ItemDataRole.ToolTipRole:
            kept = "\n".join(f"• {e}" for e in o.evidence)
            return f"{vocab.FREQUENCIES.get(o.frequency, o.frequency)}. Evidence to keep:\n{kept}" if kept else None
        if role == self.ControlIdRole:
            return o.control_id
        return None


class EvidenceAgenda(QWidget):
    """Every recurring control's occurrences with owner and due date; overdue ones flagged."""

    controlRequested = Signal(str)  # show this control in the checklist
    overdueChanged = Signal(int)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        # The checklist's filters, when set: the ids of the controls they let through (None: all).
        self.control_filter: Callable[[], set[str] | None] | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        self.summary = wrap_label(muted=True)
        self.summary.setAccessibleName("Evidence calendar")
        lay.addWidget(self.summary)
        tools = QHBoxLayout()
        self.overdue_chip = Chip("", "muted")
        tools.addWidget(self.overdue_chip)
        self.view = QComboBox()
        self.view.setAccessibleName("Show occurrences")
        for key, text in VIEWS.items():
            self.view.addItem(text, key)
        self.view.currentIndexChanged.connect(lambda _i: self.refresh())
        tools.addWidget(self.view)
        tools.addStretch(1)
        self.export_button = QPushButton("Export to Calendar (.ics)…")
        self.export_button.setAccessibleName("Export the evidence calendar as an iCalendar file")
        help_for(
            self.export_button,
            "Export to calendar",
            "Writes every occurrence as an all-day event for Google Calendar, Outlook or Apple Calendar. "
            "Importing a newer export updates the same events instead of adding copies.",
        )
        self.export_button.clicked.connect(self.export_ics)
        tools.addWidget(self.export_button)
        lay.addLayout(tools)
        self.model = AgendaModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Occurrences of recurring controls")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AgendaModel.TITLE, QHeaderView.ResizeMode.Stretch)
        fm = self.fontMetrics()
        widths = {
            AgendaModel.DUE: fm.horizontalAdvance("30 Sep 2027") + 16,
            AgendaModel.CONTROL: fm.horizontalAdvance("MON-03") + 16,
            AgendaModel.OWNER: 140,
            AgendaModel.PERIOD: fm.horizontalAdvance("30 Sep 2027 – 30 Sep 2027") + 16,
            AgendaModel.STATUS: fm.horizontalAdvance("⚠ Overdue") + 24,
        }
        for col, width in widths.items():
            header.resizeSection(col, width)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        lay.addWidget(self.table, 1)
        self.note = wrap_label(muted=True)
        lay.addWidget(self.note)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._update)
        ctx.changed.connect(lambda _t: self._timer.start())

    def schedule(self, *_args: Any) -> None:
        """Refresh soon (after an edit, or when the checklist's filters change)."""
        self._timer.start()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _update(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True
            self._count()

    def _count(self) -> None:
        if self.ctx.session is None:
            return
        cal = self.ctx.estimate().calendar
        self.overdueChanged.emit(len(cal.overdue) if cal is not None else 0)

    def refresh(self) -> None:
        self._stale = False
        if self.ctx.session is None:
            self.model.set_rows([])
            return
        est = self.ctx.estimate()
        cal = est.calendar
        if cal is None:
            self.model.set_rows([])
            return
        view = self.view.currentData() or "attention"
        allowed = self.control_filter() if self.control_filter is not None else None
        rows = [
            o for o in cal.occurrences if _shown(view, o, cal.today) and (allowed is None or o.control_id in allowed)
        ]
        self.model.set_rows(rows)
        late = cal.overdue
        if late:
            self.overdue_chip.set(f"⚠ {len(late):,} overdue", "error")
        else:
            self.overdue_chip.set("✓ Nothing overdue", "ok")
        controls = len({o.control_id for o in cal.occurrences})
        self.summary.setText(
            f"{len(cal.occurrences):,} occurrences of {controls} recurring controls: the observation window "
            f"({show_date(cal.window.start)} – {show_date(cal.window.end)}) and the twelve months after it "
            f"(to {show_date(cal.next_window.end)}). Showing {len(rows):,}"
            + (", for the controls the filters above let through." if allowed is not None else ".")
        )
        self.note.setText(
            "An occurrence is done when evidence dated inside its period is attached to the control. "
            "Double-click a row to open the control."
            if rows
            else "Nothing to show here: choose another view above."
        )
        self.overdueChanged.emit(len(late))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.controlRequested.emit(self.model.row_at(index.row()).control_id)

    def export_ics(self) -> None:
        if self.ctx.session is None:
            return
        path = dialogs.ask_save_path(self, "Export evidence calendar", "evidence-calendar.ics", "iCalendar (*.ics)")
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".ics")
        try:
            prepared = services.prepare_calendar(self.ctx.s, today=self.ctx.today())
        except Soc2Error as exc:
            dialogs.show_error(self, "Calendar not exported", str(exc))
            return
        from soc2wizard.gui.worker import run_in_background

        self.export_button.setEnabled(False)
        self.note.setText(f"Writing {path} …")

        def done(written: Any) -> None:
            self.export_button.setEnabled(True)
            self.note.setText(f"Wrote {written}. Import it into your calendar; a later export updates the same events.")

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.note.setText("")
            dialogs.show_error(self, "Calendar not exported", str(exc))

        # Writing thousands of events takes seconds in a large workspace: off the UI thread.
        run_in_background(lambda _progress: services.render_calendar(prepared, path), done, failed)


# --- the next cycle (timeline step) ----------------------------------------------------------


class NextCycleView(QWidget):
    """The report after this one: windows, report dates, bridge letters and the yearly renewal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(
            section(
                "The next cycle",
                "SOC 2 is renewed every year: the next report's window starts where this one ends.",
            )
        )
        self.summary = wrap_label()
        self.summary.setAccessibleName("The next cycle")
        lay.addWidget(self.summary)
        self.cycles = QVBoxLayout()
        lay.addLayout(self.cycles)
        self.bridges = QVBoxLayout()
        lay.addLayout(self.bridges)

    def set_year_two(self, y: Any) -> None:
        """Show the cycles once a report is planned (a report type or a start date chosen)."""
        self.setVisible(bool(y is not None and y.planned))
        if y is None or not y.planned:
            return
        self.summary.setText(y.summary)
        clear_layout(self.cycles)
        for c in y.cycles:
            card = Card()
            line = QHBoxLayout()
            line.addWidget(Chip("This plan" if c.current else "Next", "advice" if c.current else "muted"))
            if c.window is not None:
                period = f"window {show_date(c.window.start)} – {show_date(c.window.end)}"
            else:
                period = f"design on {show_date(c.covered_until)}"
            cost = "in the first-year budget" if c.current else f"about {y.renewal}"
            text = wrap_label(
                f"<b>{c.title}</b>: {period}; report {fmt.date_range(c.report_earliest, c.report_latest)}; "
                f"{cost}.<br>{c.note}",
                rich=True,
            )
            text.setAccessibleName(c.title)
            line.addWidget(text, 1)
            card.body.addLayout(line)
            self.cycles.addWidget(card)
        clear_layout(self.bridges)
        for b in y.bridges:
            line = QHBoxLayout()
            line.addWidget(Chip("Bridge letter", "advice"), 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(wrap_label(b.message), 1)
            self.bridges.addLayout(line)


# --- progress over time (review step) ---------------------------------------------------------


class ProgressChart(QWidget):
    """Controls in place (solid) and recurring activity recorded (dashed) at each snapshot and now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[str, dt.date, int, int | None]] = []
        self.setMinimumHeight(190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Progress over time")

    def set_points(self, points: Sequence[tuple[str, dt.date, int, int | None]]) -> None:
        self.points = list(points)
        self.setAccessibleDescription(
            "; ".join(f"{label}, {show_date(day)}: {design}% of controls in place" for label, day, design, _ in points)
        )
        self.update()

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        grid = pal.color(QPalette.ColorRole.Mid)
        fm = self.fontMetrics()
        left, right, top = fm.horizontalAdvance("100%") + 10, 20, 12
        bottom = 2 * fm.height() + 8
        w, h = self.width(), self.height()
        plot = QRectF(left, top, max(w - left - right, 10), max(h - top - bottom, 10))
        for v in (0, 25, 50, 75, 100):
            gy = plot.bottom() - plot.height() * v / 100
            p.setPen(QPen(grid, 0.6))
            p.drawLine(QPointF(plot.left(), gy), QPointF(plot.right(), gy))
            p.setPen(text)
            p.drawText(QRectF(0, gy - fm.height() / 2, left - 6, fm.height()), Qt.AlignmentFlag.AlignRight, f"{v}%")
        if not self.points:
            p.end()
            return
        first, last = self.points[0][1], self.points[-1][1]
        span = max((last - first).days, 1)
        inset = 30.0

        def x(i: int, day: dt.date) -> float:
            if len(self.points) == 1:
                return plot.center().x()
            share = (day - first).days / span if last > first else i / (len(self.points) - 1)
            return plot.left() + inset + (plot.width() - 2 * inset) * share

        def y(v: float) -> float:
            return plot.bottom() - plot.height() * v / 100

        def value(pt: tuple[str, dt.date, int, int | None], column: int) -> int | None:
            return pt[2] if column == 2 else pt[3]

        for column, colour, style in (
            (2, tone("ok", self), Qt.PenStyle.SolidLine),
            (3, tone("advice", self), Qt.PenStyle.DashLine),
        ):
            pts = [
                QPointF(x(i, pt[1]), y(val))
                for i, pt in enumerate(self.points)
                if (val := value(pt, column)) is not None
            ]
            if not pts:
                continue
            path = QPainterPath(pts[0])
            for q in pts[1:]:
                path.lineTo(q)
            p.setPen(QPen(colour, 2, style))
            p.drawPath(path)
            p.setBrush(colour)
            for q in pts:
                p.drawEllipse(q, 3.5, 3.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(text)
        for i, (label, day, design, _op) in enumerate(self.points):
            px = x(i, day)
            p.drawText(
                QRectF(px - 40, y(design) - fm.height() - 6, 80, fm.height()),
                Qt.AlignmentFlag.AlignCenter,
                f"{design}%",
            )
            name = fm.elidedText(label, Qt.TextElideMode.ElideRight, 110)
            p.drawText(QRectF(px - 60, plot.bottom() + 4, 120, fm.height()), Qt.AlignmentFlag.AlignCenter, name)
            muted = QColor(text)
            muted.setAlpha(150)
            p.setPen(muted)
            p.drawText(
                QRectF(px - 60, plot.bottom() + 4 + fm.height(), 120, fm.height()),
                Qt.AlignmentFlag.AlignCenter,
                show_date(day),
            )
            p.setPen(text)
        p.end()


class ProgressPanel(QWidget):
    """Progress since the last snapshot, a chart over every snapshot, and a button to keep one."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(
            section(
                "Progress over time",
                "A snapshot keeps today's statuses, owners, readiness and estimate, to compare with later.",
            )
        )
        row = QHBoxLayout()
        self.text = wrap_label()
        self.text.setAccessibleName("Progress since the last snapshot")
        row.addWidget(self.text, 1)
        self.keep_button = QPushButton("Keep a &Snapshot…")
        self.keep_button.setAccessibleName("Keep a snapshot")
        self.keep_button.clicked.connect(lambda: keep_snapshot(self, self.ctx))
        row.addWidget(self.keep_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(row)
        self.chart = ProgressChart()
        lay.addWidget(self.chart)
        self.legend = wrap_label(
            "Solid line: the share of controls in place at each snapshot and now. Dashed line: the share of "
            "recurring activity recorded in the observation window.",
            muted=True,
        )
        lay.addWidget(self.legend)
        self.changes = wrap_label(muted=True)
        lay.addWidget(self.changes)

    def refresh(self) -> None:
        from soc2wizard.estimate.progress import Side, compare, snapshot_body

        if self.ctx.session is None:
            return
        kept = services.snapshot_sides(self.ctx.s)
        est = self.ctx.estimate()
        now = Side(None, est.today.isoformat(), snapshot_body(est, self.ctx.rows()))
        points = [
            (
                s.name or "Now",
                dt.date.fromisoformat(s.date),
                s.body["readiness"]["design_percent"],
                s.body["readiness"]["operating_percent"],
            )
            for s in (*kept, now)
        ]
        self.chart.set_points(points)
        self.chart.setVisible(bool(kept))
        self.legend.setVisible(bool(kept))
        if not kept:
            self.text.setText(
                "No snapshot yet. Keep one now, and again at each milestone, to see your progress here and in the PDF."
            )
            self.changes.setText("")
            return
        last = kept[-1]
        c = compare(last, now)
        rb, ra = c.readiness_before, c.readiness_after
        n = len(c.controls)
        self.text.setText(
            f"Since “{last.name}” ({show_date(dt.date.fromisoformat(last.date))}): {n} control"
            f"{'s' if n != 1 else ''} changed; controls in place {rb['design_percent']}% → {ra['design_percent']}%; "
            f"first-year budget {fmt.money_range(c.estimate_before['cost_low'], c.estimate_before['cost_high'])} → "
            f"{fmt.money_range(c.estimate_after['cost_low'], c.estimate_after['cost_high'])}."
        )
        shown = ", ".join(x.control_id for x in c.controls[:12]) + (" …" if n > 12 else "")
        self.changes.setText(f"Changed: {shown}" if n else "")
