"""The start page: new workspace, open, recent files, or the demo company."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soc2wizard.gui.widgets import Card, heading, wrap_label


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    demoRequested = Signal()
    recentChosen = Signal(str)
    portfolioRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        col = QVBoxLayout()
        col.setSpacing(12)
        outer.addLayout(col, 4)
        outer.addStretch(1)
        col.addStretch(1)
        self.logo = QWidget()
        title = heading("Get ready for your SOC 2 audit", 2.0)
        col.addWidget(title)
        col.addWidget(
            wrap_label(
                "A prospect asked for your SOC 2 report? Answer a few questions about your company and "
                "get a dated, costed readiness plan, then work through it control by control. Everything "
                "stays in one file on this computer.",
                muted=True,
            )
        )

        buttons = QHBoxLayout()
        self.new_button = self._button(
            "&New workspace…", "document-new", "Create a workspace file for a company and answer the wizard's questions"
        )
        self.new_button.clicked.connect(self.newRequested)
        self.open_button = self._button("&Open…", "document-open", "Open an existing workspace file")
        self.open_button.clicked.connect(self.openRequested)
        self.demo_button = self._button(
            "Explore the &demo company",
            "help-about",
            "Open Tidewater Health, a fictional 38-person company part-way through its plan",
        )
        self.demo_button.clicked.connect(self.demoRequested)
        self.portfolio_button = self._button(
            "Client &portfolio…", "folder", "Every client workspace in a folder: readiness, deadlines, what is due"
        )
        self.portfolio_button.clicked.connect(self.portfolioRequested)
        for b in (self.new_button, self.open_button, self.demo_button, self.portfolio_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        col.addLayout(buttons)

        card = Card()
        card.body.addWidget(heading("Recent workspaces"))
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent workspaces")
        self.recent.setMinimumHeight(140)
        self.recent.itemActivated.connect(self._activated)
        card.body.addWidget(self.recent)
        self.empty = wrap_label(
            "No recent workspaces yet. Create one for your company, or explore the demo to see a plan part-way done.",
            muted=True,
        )
        card.body.addWidget(self.empty)
        col.addWidget(card)
        col.addStretch(2)

    def _button(self, text: str, icon: str, tip: str) -> QPushButton:
        b = QPushButton(QIcon.fromTheme(icon), text)
        b.setToolTip(tip)
        b.setAccessibleDescription(tip)
        b.setMinimumHeight(36)
        b.setIconSize(QSize(20, 20))
        return b

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(f"{Path(p).stem}\n{p}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.empty.setVisible(not paths)
        if paths:
            self.recent.setCurrentRow(0)

    def _activated(self, item: QListWidgetItem) -> None:
        self.recentChosen.emit(item.data(Qt.ItemDataRole.UserRole))
