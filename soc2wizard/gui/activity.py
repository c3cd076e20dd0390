"""The activity log viewer: every change to the workspace, filtered, exported as CSV."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain.errors import Soc2Error
from soc2wizard.gui import dialogs
from soc2wizard.gui.qtypes import ModelIndex


class ActivityModel(QAbstractTableModel):
    COLUMNS = ("Time", "Who", "Action", "What", "Before", "After")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                e.at.replace("T", " ")[:19],
                e.actor,
                e.action,
                e.target,
                services.log_value(e.before),
                services.log_value(e.after),
            )
            text = values[index.column()]
            if role == Qt.ItemDataRole.DisplayRole and len(text) > 120:
                text = text[:119] + "…"
            return text
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


class ActivityDialog(QDialog):
    """Every change to the workspace, newest first; filter by text, person and action; export CSV."""

    def __init__(self, parent: QWidget | None, session: services.Session) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(f"Activity Log — {session.path.name}")
        self.resize(960, 560)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.text = QLineEdit()
        self.text.setPlaceholderText("Filter by any text")
        self.text.setAccessibleName("Filter the log by text")
        self.text.setClearButtonEnabled(True)
        self.actor = QComboBox()
        self.actor.setAccessibleName("Filter the log by person")
        self.action = QComboBox()
        self.action.setAccessibleName("Filter the log by action")
        everything = services.activity(session)
        self.actor.addItem("Everyone", "")
        for name in sorted({e.actor for e in everything}, key=str.casefold):
            self.actor.addItem(name, name)
        self.action.addItem("All actions", "")
        for name in sorted({e.action for e in everything}):
            self.action.addItem(name, name)
        bar.addWidget(self.text, 2)
        bar.addWidget(self.actor, 1)
        bar.addWidget(self.action, 1)
        layout.addLayout(bar)
        self.model = ActivityModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Activity log")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count = QLabel()
        bottom.addWidget(self.count, 1)
        self.export_button = QPushButton("&Export CSV…")
        self.export_button.clicked.connect(self.export_csv)
        bottom.addWidget(self.export_button)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.text.textChanged.connect(self.refresh)
        self.actor.currentIndexChanged.connect(self.refresh)
        self.action.currentIndexChanged.connect(self.refresh)
        self.refresh()
        for col, width in enumerate((150, 120, 150, 140, 160)):
            self.table.setColumnWidth(col, width)

    @Slot()
    def refresh(self) -> None:
        rows = services.activity_entries(
            self.session,
            text=self.text.text(),
            actor=self.actor.currentData() or "",
            action=self.action.currentData() or "",
        )
        self.model.set_rows(rows)
        self.count.setText(f"{len(rows):,} entr{'y' if len(rows) == 1 else 'ies'}")

    @Slot()
    def export_csv(self) -> None:
        suggested = str(self.session.path.with_name(self.session.path.stem + "-activity.csv"))
        out = dialogs.ask_save_path(self, "Export the activity log", suggested, "CSV files (*.csv)")
        if out is None:
            return
        if out.suffix.lower() != ".csv":
            out = out.with_suffix(".csv")
        try:
            n = services.activity_csv(self.session, out, self.model.rows)
        except (Soc2Error, OSError) as exc:
            dialogs.show_error(self, "Activity log not exported", str(exc))
            return
        dialogs.show_info(self, "Activity log exported", f"{n:,} entries written to {out.name}.")


def show_activity(parent: QWidget | None, session: services.Session) -> None:
    """The activity log dialog (replaceable in tests)."""
    ActivityDialog(parent, session).exec()
