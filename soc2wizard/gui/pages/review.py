"""Step 8: the plan checks with a link to the step that fixes each, readiness, exports."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soc2wizard.domain import format as fmt
from soc2wizard.domain.steps import step
from soc2wizard.gui.pages.base import StepPage, section
from soc2wizard.gui.readonly import viewer
from soc2wizard.gui.widgets import Card, SeverityChip, clear_layout, heading, help_for, wrap_label

ORDER = {"error": 0, "warning": 1, "advice": 2}


class ReviewPage(StepPage):
    step_id = "review"
    exportRequested = Signal(str)  # pdf, csv, xlsx, json
    controlRequested = Signal(str)  # a control id to show in the checklist
    help_html = (
        "<p><b>Plan checks</b> catch the common mistakes: controls nobody owns, implemented controls "
        "without evidence, scope that is too wide or too narrow, the wrong report type, vendors nobody "
        "reviewed, a deadline the timeline cannot meet. Each has a button to the step that fixes it.</p>"
        "<p><b>Design readiness</b> is the share of controls in place (what a Type I tests). "
        "<b>Operating readiness</b> is the share of expected recurring occurrences recorded in the "
        "window (what a Type II tests).</p>"
    )

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, parent)
        self.body.addWidget(section("Plan checks"))
        # The checks live in their own widget, made before the table and the export buttons, so
        # that the buttons rebuilt on each refresh keep their place in the tab order (see _tab_order).
        self.checks_box = QWidget()
        self.checks = QVBoxLayout(self.checks_box)
        self.checks.setContentsMargins(0, 0, 0, 0)
        self.checks.setSpacing(self.body.spacing())
        self.body.addWidget(self.checks_box)

        self.body.addWidget(section("Readiness"))
        nums = QHBoxLayout()
        self.design = heading("", 1.4)
        self.operating = heading("", 1.4)
        for w, text in ((self.design, "Design readiness (Type I)"), (self.operating, "Operating readiness (Type II)")):
            card = Card()
            card.body.addWidget(w)
            card.body.addWidget(wrap_label(text, muted=True))
            nums.addWidget(card)
        self.body.addLayout(nums)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Criterion", "Controls", "Design", "Operating"])
        self.table.setAccessibleName("Readiness by criterion")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # arrows move in the table; Tab goes on to the exports
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(260)
        help_for(
            self.table,
            "Readiness by criterion",
            "Each Trust Services Criterion with the share of its "
            "controls in place (design) and of expected occurrences recorded (operating).",
        )
        self.body.addWidget(self.table)
        from soc2wizard.gui.through_year import ProgressPanel

        self.progress = ProgressPanel(ctx)
        self.body.addWidget(self.progress)

        self.body.addWidget(
            section("Export", "Share the plan. Files are written where you choose; nothing is sent anywhere.")
        )
        row = QGridLayout()
        self.export_buttons: dict[str, QPushButton] = {}
        for i, (kind, text, tip) in enumerate(
            (
                ("pdf", "Export &PDF plan…", "The readiness plan as a PDF for the board or a prospect"),
                ("csv", "Checklist as &CSV…", "The checklist as a plan of action and milestones"),
                ("xlsx", "Checklist as E&xcel…", "The checklist as an Excel workbook"),
                ("json", "Everything as &JSON…", "A full dump of the workspace"),
            )
        ):
            b = viewer(QPushButton(text))
            b.setToolTip(tip)
            b.setAccessibleName(text.replace("&", "").rstrip("…"))
            b.clicked.connect(lambda _=False, k=kind: self.exportRequested.emit(k))
            self.export_buttons[kind] = b
            row.addWidget(b, 0, i)
        self.body.addLayout(row)
        self.finish()

    def refresh(self) -> None:
        est = self.ctx.estimate()
        clear_layout(self.checks)
        checks = sorted(est.checks, key=lambda c: ORDER.get(c.severity, 3))
        if not checks:
            self.checks.addWidget(wrap_label("✓ No problems found. Export the plan when you are ready."))
        self.check_buttons: list[QPushButton] = []
        for c in checks:
            card = Card()
            line = QHBoxLayout()
            line.addWidget(SeverityChip(c.severity), 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(wrap_label(c.message), 1)
            target = step(c.step)
            b = viewer(QPushButton(f"Go to {target.title}"))
            b.setAccessibleName(f"Fix: go to {target.title}")
            b.setProperty("step", c.step)
            b.clicked.connect(lambda _=False, chk=c: self._go(chk))
            line.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
            self.check_buttons.append(b)
            card.body.addLayout(line)
            self.checks.addWidget(card)
        self._tab_order()
        r = est.readiness
        self.design.setText(f"{fmt.percent(r.design_percent)}  ({r.implemented:,} of {r.applicable:,} controls)")
        if r.operating_percent is None:
            self.operating.setText("—")
        else:
            self.operating.setText(
                f"{fmt.percent(r.operating_percent)}  ({r.recorded_occurrences:,} of "
                f"{r.expected_occurrences:,} occurrences)"
            )
        from soc2wizard import services

        titles = {k: v.title for k, v in services.catalog().criteria.items()}  # shipped: a failure is a bug, shown
        self.table.setRowCount(len(r.by_criterion))
        for i, cr in enumerate(r.by_criterion):
            values = [
                f"{cr.id}  {titles.get(cr.id, '')}",
                f"{cr.controls:,}",
                fmt.percent(cr.design),
                fmt.percent(cr.operating),
            ]
            for col, v in enumerate(values):
                it = QTableWidgetItem(v)
                if col:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, col, it)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.progress.refresh()

    def _tab_order(self) -> None:
        """Tab reaches the checks' buttons first, top to bottom, then the table and the exports.

        Buttons made after the page was built would otherwise join the end of the tab chain."""
        chain = [*self.check_buttons, self.table, self.progress.keep_button, *self.export_buttons.values()]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _go(self, check) -> None:  # noqa: ANN001
        if check.step == "checklist" and check.subjects:
            self.controlRequested.emit(check.subjects[0])
        else:
            self.navigate.emit(check.step)
