"""The consultant's desk: every client workspace in a folder, in one sortable, filterable table.

Reading the folder runs off the UI thread through ``services.portfolio``,
which opens each file read-only; double-clicking a row (or Enter) asks the
main window to open that client. Locked and unreadable files are rows too,
with the reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain import format as fmt
from soc2wizard.domain.portfolio import STATUSES, PortfolioEntry, due_text
from soc2wizard.gui import dialogs
from soc2wizard.gui.qtypes import ModelIndex
from soc2wizard.gui.widgets import heading, show_date, tone, wrap_label
from soc2wizard.gui.worker import run_in_background

PREF_FOLDER = "portfolio/folder"


# Filters: id -> (label, test)
FILTERS: dict[str, str] = {
    "all": "All workspaces",
    "attention": "Needs attention (deadline at risk, overdue)",
    "unreadable": "Locked or unreadable",
}


def ask_folder(parent: QWidget | None, start: str = "") -> Path | None:
    """The folder of client workspaces to list, or None (tests replace this)."""
    path = QFileDialog.getExistingDirectory(parent, "Choose the folder of client workspaces", start)
    return Path(path) if path else None


def _needs_attention(e: PortfolioEntry) -> bool:
    return e.status == "ok" and (e.deadline_status in ("at risk", "missed", "passed") or e.overdue > 0)


class PortfolioModel(QAbstractTableModel):
    """One row per file; display text, a sort key per column, the reason or the due items as tooltip."""

    COLUMNS = ("Client", "Design", "Operating", "Report", "Deadline", "Next due", "Open", "Last change", "File")
    CLIENT, DESIGN, OPERATING, REPORT, DEADLINE, NEXT_DUE, OPEN, LAST_CHANGE, FILE = range(9)
    SortRole = Qt.ItemDataRole.UserRole + 1
    EntryRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[PortfolioEntry] = []

    def set_rows(self, entries: list[PortfolioEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        e, col = self.entries[index.row()], index.column()
        if role == self.EntryRole:
            return e
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(e, col)
        if role == self.SortRole:
            return self._key(e, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if e.status != "ok":
                return e.reason
            if col == self.NEXT_DUE and e.next_due:
                return "\n".join(due_text(d) for d in e.next_due)
            return str(e.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.DESIGN, self.OPERATING, self.OPEN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if e.status != "ok" and col in (self.CLIENT, self.FILE):
                return tone("error" if e.status == "damaged" else "muted")
            if col == self.DEADLINE and e.deadline_status in ("at risk", "missed", "passed"):
                return tone("warning")
            if col == self.NEXT_DUE and e.overdue:
                return tone("warning")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(e, col) or "none"
        return None

    def _text(self, e: PortfolioEntry, col: int) -> str:
        if col == self.CLIENT:
            if e.status != "ok":
                return f"{e.name} — {STATUSES[e.status].lower()}"
            return e.client
        if col == self.FILE:
            return e.name if e.status == "ok" else e.reason
        if e.status != "ok":
            return ""
        if col == self.DESIGN:
            return fmt.percent(e.design_percent)
        if col == self.OPERATING:
            return fmt.percent(e.operating_percent) if e.operating_percent is not None else "—"
        if col == self.REPORT:
            return e.report_text
        if col == self.DEADLINE:
            return f"{show_date(e.deadline)}, {e.deadline_status}" if e.deadline else "No deadline"
        if col == self.NEXT_DUE:
            if not e.next_due:
                return "Nothing dated"
            d = e.next_due[0]
            more = f" (+{len(e.next_due) - 1})" if len(e.next_due) > 1 else ""
            late = f"; {e.overdue} overdue" if e.overdue else ""
            return f"{show_date(d.due)} {d.control_id}{more}{late}"
        if col == self.OPEN:
            return f"{e.open_controls:,}"
        if col == self.LAST_CHANGE:
            return show_date(_when(e.last_change))
        return ""

    def _key(self, e: PortfolioEntry, col: int) -> Any:
        """Sort keys: unreadable files after the clients in every column."""
        bad = e.status != "ok"
        if col == self.CLIENT:
            return (bad, (e.client or e.name).casefold())
        values = {
            self.DESIGN: e.design_percent,
            self.OPERATING: e.operating_percent,
            self.REPORT: e.report_text,
            self.DEADLINE: e.deadline.isoformat() if e.deadline else "",
            self.NEXT_DUE: e.next_due[0].due.isoformat() if e.next_due else "",
            self.OPEN: e.open_controls,
            self.LAST_CHANGE: e.last_change,
            self.FILE: e.name.casefold(),
        }
        v = values.get(col)
        return (bad, v is None or v == "", v if v is not None else 0)


def _when(stamp: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(stamp).date() if stamp else None
    except ValueError:
        return None


class PortfolioFilter(QSortFilterProxyModel):
    """Type-to-filter on client and file name, plus a status filter."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.kind = "all"
        self.setSortRole(PortfolioModel.SortRole)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_kind(self, kind: str) -> None:
        self.beginFilterChange()
        self.kind = kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:  # noqa: N802
        a, b = left.data(PortfolioModel.SortRole), right.data(PortfolioModel.SortRole)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)

    def filterAcceptsRow(self, row: int, parent: ModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        e: PortfolioEntry = model.data(model.index(row, 0, parent), PortfolioModel.EntryRole)
        if self.kind == "attention" and not _needs_attention(e):
            return False
        if self.kind == "unreadable" and e.status == "ok":
            return False
        if self.text and self.text not in f"{e.client} {e.name}".casefold():
            return False
        return True


class PortfolioWindow(QMainWindow):
    """A window listing every workspace in a folder; emits ``openRequested(path)`` on double-click."""

    openRequested = Signal(str)
    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Client portfolio")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.resize(1100, 560)
        self.folder: Path | None = None
        self._task: Any = None
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(heading("Every client at a glance", 1.3))
        lay.addWidget(
            wrap_label(
                "Each workspace in the folder, read without changing it: readiness, the report, the deadline "
                "and what is due next. Double-click a client to open it. Encrypted clients whose passphrase "
                "this computer does not remember are shown as locked.",
                muted=True,
            )
        )
        row = QHBoxLayout()
        self.folder_label = QLabel("No folder chosen")
        self.folder_label.setAccessibleName("Folder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.folder_label, 1)
        self.choose_button = QPushButton("Choose &folder…")
        self.choose_button.clicked.connect(self.choose_folder)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton("Export &CSV…")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button = QPushButton("Export &PDF…")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        for b in (self.choose_button, self.refresh_button, self.csv_button, self.pdf_button):
            row.addWidget(b)
        lay.addLayout(row)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by client or file name")
        self.search.setAccessibleName("Filter clients")
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.search, 2)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Show")
        for key, label in FILTERS.items():
            self.kind.addItem(label, key)
        filters.addWidget(self.kind, 1)
        lay.addLayout(filters)

        self.model = PortfolioModel(self)
        self.proxy = PortfolioFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setAccessibleName("Client workspaces")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PortfolioModel.CLIENT, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(PortfolioModel.CLIENT, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(PortfolioModel.CLIENT, 220)
        # The file name, or why the file was not read: takes the room left, read in full in its tooltip.
        h.setSectionResizeMode(PortfolioModel.FILE, QHeaderView.ResizeMode.Stretch)
        # Activation is a double-click (or the platform's single click) and Enter on a row.
        self.table.activated.connect(self._activated)
        lay.addWidget(self.table, 1)
        self.detail = wrap_label()
        self.detail.setAccessibleName("Selected workspace")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.count = QLabel()
        self.count.setAccessibleName("Count")
        lay.addWidget(self.count)
        self.setCentralWidget(body)

        self.search.textChanged.connect(self._filter)
        self.kind.currentIndexChanged.connect(self._filter)
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.Find), self.search.setFocus),
            (QKeySequence(QKeySequence.StandardKey.Refresh), self.refresh),
            (QKeySequence("Ctrl+W"), self.close),
        ):
            QShortcut(keys, self).activated.connect(slot)
        self._update_buttons()
        self._show_count()

    # --- loading -----------------------------------------------------------------

    def choose_folder(self) -> None:
        start = str(self.folder or QSettings().value(PREF_FOLDER, "") or "")
        folder = ask_folder(self, start)
        if folder is not None:
            self.load(folder)

    def load(self, folder: Path, *, background: bool = True) -> None:
        """List ``folder``; off the UI thread unless ``background`` is False."""
        self.folder = Path(folder)
        QSettings().setValue(PREF_FOLDER, str(self.folder))
        self.folder_label.setText(str(self.folder))
        self.count.setText("Reading the workspaces…")
        self._update_buttons(busy=True)
        folder_now = self.folder

        def work(progress: Any) -> list[PortfolioEntry]:
            return services.portfolio(folder_now, progress=lambda i, n, name: progress(int(100 * i / n), name))

        if not background:
            try:
                self._done(work(lambda *_a: None))
            except Exception as exc:  # noqa: BLE001 - shown, never raised into Qt
                self._failed(exc)
            return
        self._task = run_in_background(work, self._done, self._failed, self._progress)

    def refresh(self) -> None:
        if self.folder is not None:
            self.load(self.folder)

    def _progress(self, percent: int, name: str) -> None:
        self.count.setText(f"Reading the workspaces… {percent}% ({name})")

    def _done(self, entries: list[PortfolioEntry]) -> None:
        self._task = None
        self.model.set_rows(entries)
        self._update_buttons()
        self._show_count()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.model.set_rows([])
        self._update_buttons()
        self.count.setText(f"⚠ {exc}")
        self.loaded.emit()

    def _update_buttons(self, busy: bool = False) -> None:
        has = self.folder is not None and not busy
        self.refresh_button.setEnabled(has)
        self.csv_button.setEnabled(has and bool(self.model.entries))
        self.pdf_button.setEnabled(has and bool(self.model.entries))

    # --- filtering and counting --------------------------------------------------

    def _filter(self) -> None:
        self.proxy.set_text(self.search.text())
        self.proxy.set_kind(self.kind.currentData())
        self._show_count()

    def _show_count(self) -> None:
        entries = self.model.entries
        if self.folder is None:
            self.count.setText("Choose the folder where you keep your clients' workspaces.")
            return
        if not entries:
            self.count.setText(f"No workspace files (*.soc2) in {self.folder.name or self.folder}.")
            return
        readable = sum(1 for e in entries if e.status == "ok")
        locked = sum(1 for e in entries if e.status == "locked")
        other = len(entries) - readable - locked
        parts = [f"{readable} readable"] + ([f"{locked} locked"] if locked else [])
        parts += [f"{other} not read"] if other else []
        shown = self.proxy.rowCount()
        self.count.setText(f"{shown} of {len(entries)} workspaces shown · {', '.join(parts)}")

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The selected file in full: why it was not read, or where it is and everything due next."""
        e = current.data(PortfolioModel.EntryRole) if current.isValid() else None
        if e is None:
            self.detail.setText("")
        elif e.status != "ok":
            self.detail.setText(f"{STATUSES[e.status]}: {e.reason}")
        else:
            due = "; ".join(due_text(d) for d in e.next_due) or "no open control has a due date"
            self.detail.setText(f"{e.client} ({e.path}). Next due: {due}.")

    # --- actions -----------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        e = index.data(PortfolioModel.EntryRole)
        if e is None:
            return
        if e.status in ("ok", "locked"):  # a locked client asks for its passphrase as it opens
            self.openRequested.emit(str(e.path))
        else:
            dialogs.show_error(self, "Cannot open this file", e.reason)

    def export(self, kind: str) -> None:
        if self.folder is None or not self.model.entries:
            return
        name = f"portfolio-{dt.date.today().isoformat()}.{kind}"
        file_filter = "PDF (*.pdf)" if kind == "pdf" else "CSV (*.csv)"
        out = dialogs.ask_save_path(self, "Export the portfolio", str(self.folder / name), file_filter)
        if out is None:
            return
        try:
            if kind == "pdf":
                services.write_portfolio_pdf(self.model.entries, out, folder=str(self.folder))
            else:
                services.write_portfolio_csv(self.model.entries, out)
        except Exception as exc:  # noqa: BLE001 - a failed export is reported, never lost
            dialogs.show_error(self, "Export failed", str(exc))
            return
        self.count.setText(f"Wrote {out}")


__all__ = ["PortfolioFilter", "PortfolioModel", "PortfolioWindow", "ask_folder"]
