"""Step 8: the control checklist — filter, edit, and keep evidence for every control."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain import vocab
from soc2wizard.domain.catalog import PRIORITIES
from soc2wizard.domain.records import ChecklistRow
from soc2wizard.gui.checklist.delegate import StatusDelegate, TextDelegate, edit_hint_view, status_text
from soc2wizard.gui.checklist.detail import ControlDetail
from soc2wizard.gui.checklist.model import CYCLE, ChecklistModel, category_title, criterion_sort_key
from soc2wizard.gui.checklist.proxy import GROUPS, NO_OWNER, ChecklistFilter
from soc2wizard.gui.readonly import viewer

# The data of a filter's "any" choice. Not None: PySide6 6.12 loses a reference to None
# each time an empty QVariant is returned to Python (currentData() of a None item).
ANY = ""
MIN_TITLE = 200  # the Control column's width before columns after Due scroll out of view
EMPTY_DETAIL = 240  # the detail panel's width while it only says "select a control"
RELOAD_TOPICS = frozenset({"workspace", "controls", "evidence", "answers"})
NARROW = 1000  # below this page width the detail panel goes under the table (a 1280×800 window with help)
COLUMN_WIDTHS = {
    ChecklistModel.ID: 72,
    ChecklistModel.TITLE: 240,
    ChecklistModel.CRITERIA: 120,
    ChecklistModel.STATUS: 140,
    ChecklistModel.OWNER: 130,
    ChecklistModel.DUE: 104,
    ChecklistModel.PRIORITY: 105,
    ChecklistModel.EVIDENCE: 72,
    ChecklistModel.FREQUENCY: 110,
}


class ChecklistTable(QTableView):
    """The table, keyboard first: Enter edits, Space cycles status, typing filters."""

    cycleRequested = Signal()
    escapePressed = Signal()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        """Qt's rows, then a frame round the current cell: where arrows, Enter and Space act."""
        super().paintEvent(event)
        current = self.currentIndex()
        if not current.isValid():
            return
        rect = self.visualRect(current)
        if rect.isEmpty() or not rect.intersects(event.rect()):
            return
        from PySide6.QtGui import QColor, QPainter, QPalette, QPen

        painter = QPainter(self.viewport())
        selected = self.selectionModel().isSelected(current)
        colour = self.palette().color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
        if not self.hasFocus():
            colour = QColor(colour)
            colour.setAlpha(140)
        pen = QPen(colour, 2)
        pen.setStyle(Qt.PenStyle.SolidLine if self.hasFocus() else Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.end()

    def currentChanged(self, current: Any, previous: Any) -> None:  # noqa: N802 - Qt's name
        super().currentChanged(current, previous)
        # The frame moves with the current cell, also within a selected row.
        for index in (current, previous):
            if index.isValid():
                self.viewport().update(self.visualRect(index))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_title()

    def fit_title(self) -> None:
        """Size the Control column so every column up to Due is in view without scrolling.

        The title takes the room the other columns leave (eliding its text); when the view is too
        narrow for all of them, the columns after Due (evidence, criteria…) scroll into view instead.
        """
        header = self.horizontalHeader()
        if header.count() <= ChecklistModel.OWNER:
            return
        cols = [c for c in range(header.count()) if c != ChecklistModel.TITLE and not header.isSectionHidden(c)]
        due_at = header.visualIndex(ChecklistModel.DUE)
        first = [c for c in cols if header.visualIndex(c) <= due_at]
        room = self.viewport().width()
        every = room - sum(header.sectionSize(c) for c in cols)
        width = every if every >= MIN_TITLE else room - sum(header.sectionSize(c) for c in first)
        width = max(MIN_TITLE // 2, width)
        if header.sectionSize(ChecklistModel.TITLE) != width:
            header.resizeSection(ChecklistModel.TITLE, width)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key, mods = event.key(), event.modifiers()
        plain = not (
            mods
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier)
        )
        if key == Qt.Key.Key_Space and plain:
            self.cycleRequested.emit()
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            current = self.currentIndex()
            if current.isValid() and not self.property("read_only"):
                if not current.flags() & Qt.ItemFlag.ItemIsEditable:
                    current = current.siblingAtColumn(ChecklistModel.STATUS)
                    self.setCurrentIndex(current)
                self.edit(current)
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.escapePressed.emit()
            event.accept()
            return
        # Other keys stay in the table (letters jump to a matching row): keys go where the focus is.
        super().keyPressEvent(event)


class Chip(QToolButton):
    """An active filter; clicking it removes the filter."""

    def __init__(self, name: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.label = ""
        self.set_label(text)
        self.setToolTip("Remove this filter")
        self.setAutoRaise(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "QToolButton { border: 1px solid palette(mid); border-radius: 10px; padding: 2px 8px;"
            " background: palette(alternate-base); }"
            "QToolButton:hover, QToolButton:focus { border-color: palette(highlight); }"
        )

    def set_label(self, text: str) -> None:
        if text != self.label:
            self.label = text
            self.setText(f"{text}  ✕")
            self.setAccessibleName(f"Remove filter {text}")


class ChecklistPage(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = ChecklistModel(ctx, self)
        self.proxy = ChecklistFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.model.message.connect(self.show_message)
        self.detail.message.connect(self.show_message)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        ctx.changed.connect(self._on_changed)
        ctx.derived.connect(self._on_derived)
        ctx.workspaceOpened.connect(self._on_opened)
        ctx.workspaceClosed.connect(self._on_closed)
        if ctx.session is not None:
            self.reload()
            from PySide6.QtCore import QTimer

            from soc2wizard.gui.context import DERIVED_DELAY_MS

            if not getattr(ctx, "derived_held", False):  # else ctx.derived comes after the first paint
                QTimer.singleShot(DERIVED_DELAY_MS, self, self._on_derived)  # readiness, after the table paints
        else:
            self._update_count()

    def detach(self) -> None:
        """Stop following the workspace (the window drops this page when another one opens)."""
        for signal, slot in (
            (self.ctx.changed, self._on_changed),
            (self.ctx.derived, self._on_derived),
            (self.ctx.workspaceOpened, self._on_opened),
            (self.ctx.workspaceClosed, self._on_closed),
        ):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self.model.set_rows([])

    # --- layout ---------------------------------------------------------------------------

    def _section_resized(self, col: int, _old: int, _new: int) -> None:
        """A column other than Title was resized: Title takes up the rest of the width."""
        if col != ChecklistModel.TITLE:
            self.table.fit_title()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 12)  # as the other step pages
        outer.setSpacing(8)

        title = QLabel("Work through your controls")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        title.setAccessibleName("Work through your controls")
        why = QLabel(
            "Each control is something your auditor will test. Give each one an owner and a due "
            "date, mark progress as you go, and keep the evidence that shows it works."
        )
        why.setWordWrap(True)
        outer.addWidget(title)
        outer.addWidget(why)

        self.summary = QLabel()
        self.summary.setAccessibleName("Readiness")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.summary)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search controls")
        self.search.setPlaceholderText("Search id, title, owner or notes (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        viewer(self.search)
        self.search.textChanged.connect(self._search_changed)
        self.search.installEventFilter(self)
        self.search.setMinimumWidth(
            self.search.fontMetrics().horizontalAdvance("Search id, title, owner or notes") + 40
        )
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.search, 1)
        self.status_combo = self._combo("Filter by status", "Any status", [(status_text(k), k) for k in vocab.STATUSES])
        self.criterion_combo = self._combo("Filter by criterion", "Any criterion", [])
        self.category_combo = self._combo("Filter by control category", "Any category", [])
        self.owner_combo = self._combo("Filter by owner", "Any owner", [])
        self.priority_combo = self._combo("Filter by priority", "Any priority", [(w, k) for k, w in PRIORITIES.items()])
        self.group_combo = viewer(QComboBox())
        self.group_combo.setAccessibleName("Group rows")
        self.group_combo.addItem("No grouping", ANY)
        for key, word in GROUPS.items():
            self.group_combo.addItem(f"Group by {word.lower()}", key)
        self.group_combo.currentIndexChanged.connect(self._group_changed)
        self._filter_combos = {
            "status": self.status_combo,
            "criterion": self.criterion_combo,
            "category": self.category_combo,
            "owner": self.owner_combo,
            "priority": self.priority_combo,
        }
        for name, combo in self._filter_combos.items():
            combo.currentIndexChanged.connect(lambda _i, n=name: self._combo_changed(n))
            bar.addWidget(combo, 1)
        top.addWidget(self.group_combo)
        # Search and grouping on one line, the filters on the next: nothing is crushed at 1280×800.
        outer.addLayout(top)
        outer.addLayout(bar)

        chips_row = QHBoxLayout()
        chips_row.setSpacing(6)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        chips_row.addLayout(self.chips)
        self.clear_link = QLabel('<a href="clear">Clear filters</a>')
        self.clear_link.setAccessibleName("Clear filters")
        self.clear_link.linkActivated.connect(lambda _l: self.clear_filters())
        chips_row.addWidget(self.clear_link)
        chips_row.addStretch(1)
        self.count = QLabel()
        self.count.setAccessibleName("Controls shown")
        chips_row.addWidget(self.count)
        outer.addLayout(chips_row)

        self.message_bar = QFrame()
        self.message_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.message_bar.setStyleSheet(
            "QFrame { border: 1px solid #c0392b; border-radius: 4px; } QLabel, QToolButton { border: none; }"
        )
        ml = QHBoxLayout(self.message_bar)
        ml.setContentsMargins(8, 4, 4, 4)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.message_bar.hide)
        ml.addWidget(QLabel("⚠ Not saved:"))
        ml.addWidget(self.message, 1)
        ml.addWidget(close)
        self.message_bar.hide()
        outer.addWidget(self.message_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.table_stack = QStackedWidget()
        self.table = ChecklistTable()
        self.table.setAccessibleName("Controls")
        self.table.setModel(self.proxy)
        self.status_delegate = StatusDelegate(self.table)
        self.text_delegate = TextDelegate(self.table)
        self.table.setItemDelegateForColumn(ChecklistModel.STATUS, self.status_delegate)
        self.table.setItemDelegateForColumn(ChecklistModel.OWNER, self.text_delegate)
        self.table.setItemDelegateForColumn(ChecklistModel.DUE, self.text_delegate)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab goes on to the detail
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        edit_hint_view(self.table)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        for col, width in COLUMN_WIDTHS.items():
            header.resizeSection(col, width)
        fm = self.table.fontMetrics()
        header.resizeSection(
            ChecklistModel.STATUS, max(fm.horizontalAdvance(status_text(k)) + 30 for k in vocab.STATUSES)
        )
        header.setMinimumSectionSize(50)
        header.sectionResized.connect(self._section_resized)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 12)
        vh.setVisible(False)
        self.table.cycleRequested.connect(self.cycle_status)
        self.status_delegate.closeEditor.connect(lambda *_: self._after_edit())
        self.text_delegate.closeEditor.connect(lambda *_: self._after_edit())
        self.table.escapePressed.connect(self._escape)
        self.table_stack.addWidget(self.table)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("No controls")
        self.empty.linkActivated.connect(lambda _l: self.clear_filters())
        self.table_stack.addWidget(self.empty)
        self.splitter.addWidget(self.table_stack)

        self.detail = ControlDetail(self.ctx, self.model)
        scroll = QScrollArea()
        scroll.setWidget(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(EMPTY_DETAIL)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps instead
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_scroll = scroll
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([820, 400])
        self._detail_width = 320  # the width the detail panel takes when a control is selected
        self._detail_fitted: bool | None = None  # whether that width (True) or the narrow one is set
        self.splitter.splitterMoved.connect(self._splitter_moved)
        self._add_calendar_tab(outer)

    def _add_calendar_tab(self, outer: QVBoxLayout) -> None:
        """The controls and the evidence calendar (soc2wizard.gui.through_year) as two tabs."""
        from PySide6.QtWidgets import QTabWidget

        from soc2wizard.gui.through_year import EvidenceAgenda

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, "Controls")
        self.agenda = EvidenceAgenda(self.ctx)
        self.tabs.addTab(self.agenda, "Evidence calendar")
        self.agenda.overdueChanged.connect(
            lambda n: self.tabs.setTabText(1, f"Evidence calendar (⚠ {n:,} overdue)" if n else "Evidence calendar")
        )
        self.agenda.controlRequested.connect(self.select_control)  # it shows the Controls tab
        self.agenda.control_filter = self._filtered_ids  # the filters above apply to both tabs
        for signal in (
            self.proxy.layoutChanged,
            self.proxy.modelReset,
            self.proxy.rowsRemoved,
            self.proxy.rowsInserted,
        ):
            signal.connect(self.agenda.schedule)
        outer.addWidget(self.tabs, 1)

    def _combo(self, accessible: str, any_text: str, items: list[tuple[str, Any]]) -> QComboBox:
        combo = viewer(QComboBox())
        combo.setAccessibleName(accessible)
        combo.setToolTip(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(9)
        combo.addItem(any_text, ANY)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    # --- loading ---------------------------------------------------------------------------

    def _on_changed(self, topic: str) -> None:
        if topic in RELOAD_TOPICS:
            self.reload()
        elif topic == "states":  # the model shows the edited rows already
            self.message_bar.hide()
            self.detail.show_controls(self.selected_ids())
            self._guard_read_only()

    def _on_derived(self) -> None:
        """Owners, readiness and counts over every row: a frame after the edits, once for a burst."""
        if self.ctx.session is None:
            return
        rows = self.ctx.rows()
        self._refresh_options(rows)
        self._update_summary(rows)
        self._update_count()
        self._update_operating()

    def _guard_read_only(self) -> None:
        if self.ctx.read_only:
            from soc2wizard.gui.readonly import make_read_only

            make_read_only(self)

    def _on_opened(self) -> None:
        self.message_bar.hide()
        self.clear_filters()
        self.detail.show_controls([])

    def _on_closed(self) -> None:
        self.detail.show_controls([])
        self.model.set_rows([])
        self._update_summary([])

    def reload(self) -> None:
        """Read the checklist from the workspace; the selection and scroll position stay."""
        if self.ctx.session is None:
            self.model.set_rows([])
            return
        self.message_bar.hide()
        selected = self.selected_ids()
        current = self.current_id()
        before = self.model.rowCount()
        rows = self.ctx.rows()
        reset = len(rows) != before or any(r.control.id != self.model.row_at(i).control.id for i, r in enumerate(rows))
        self.model.set_rows(rows)
        self._refresh_options(rows)
        if reset and (selected or current):
            self._select_ids(selected, current)
        self.detail.show_controls(self.selected_ids())
        self._update_count()  # readiness follows with the other derived figures (_on_derived)
        self._guard_read_only()

    def _refresh_options(self, rows: list[ChecklistRow]) -> None:
        owners = sorted({r.state.owner for r in rows if r.state.owner}, key=str.casefold)
        self._fill(self.owner_combo, [("No owner yet", NO_OWNER)] + [(o, o) for o in owners])
        criteria = sorted({c for r in rows for c in r.control.criteria}, key=criterion_sort_key)
        cat = services.catalog()
        categories = [k for k in vocab.CRITERIA if any(k in r.control.categories for r in rows)]
        items = [(f"All {vocab.CRITERIA[k]} criteria", k) for k in categories]
        items += [(f"{c} {cat.criteria[c].title}" if c in cat.criteria else c, c) for c in criteria]
        self._fill(self.criterion_combo, items)
        kinds = sorted({r.control.category for r in rows})
        self._fill(self.category_combo, [(category_title(k), k) for k in kinds])
        self.text_delegate.owners = owners
        self.detail.set_owners(owners)

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        """Replace a filter combo's choices, keeping the one chosen (and its filter)."""
        wanted = [(combo.itemText(i), combo.itemData(i)) for i in range(1, combo.count())]
        if wanted == items:
            return
        chosen = combo.currentData()
        combo.blockSignals(True)
        any_text = combo.itemText(0)
        combo.clear()
        combo.addItem(any_text, ANY)
        for text, data in items:
            combo.addItem(text, data)
        i = combo.findData(chosen) if chosen != ANY else 0
        if chosen != ANY and i < 0:  # keep the filter visible even if nothing matches now
            combo.addItem(str(chosen), chosen)
            i = combo.count() - 1
        combo.setCurrentIndex(max(0, i))
        combo.blockSignals(False)

    # --- readiness -----------------------------------------------------------------------------

    def _update_summary(self, rows: list[ChecklistRow]) -> None:
        total = len(rows)
        if not total:
            self.summary.setText("")
            return
        # As the estimate engine counts it: not-applicable controls leave the denominator.
        applicable = sum(r.state.status != "not_applicable" for r in rows)
        done = sum(r.state.status == "implemented" for r in rows)
        started = sum(r.state.status == "in_progress" for r in rows)
        no_owner = sum(not r.state.owner and r.state.status != "not_applicable" for r in rows)
        pct = 100 * done // applicable if applicable else 100
        self._design_text = (
            f"<b>Design readiness {pct}%</b> — {done:,} of {applicable:,} applicable controls "
            f"implemented, {started:,} in progress" + (f", {no_owner:,} without an owner" if no_owner else "")
        )
        self.summary.setText(self._design_text)

    def _update_operating(self) -> None:
        """Add operating readiness (Type II) from the plan estimate, a moment after the table shows."""
        if self.ctx.session is None:
            return
        readiness = self.ctx.estimate().readiness
        if readiness.operating_percent is None:
            return
        self.summary.setText(
            f"{self._design_text}<br><b>Operating readiness {readiness.operating_percent}%</b> — "
            f"{readiness.recorded_occurrences:,} of {readiness.expected_occurrences:,} expected occurrences "
            "recorded for the observation window (evidence with a “happened on” date)"
        )

    # --- filters ---------------------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._filters_changed()

    def _combo_changed(self, name: str) -> None:
        self.proxy.set_filter(name, self._filter_combos[name].currentData() or None)
        self._filters_changed()

    def _group_changed(self) -> None:
        group = self.group_combo.currentData() or None
        self.proxy.set_group(group)
        self.table.verticalHeader().setVisible(group is not None)
        if group is not None and self.table.horizontalHeader().sortIndicatorSection() < 0:
            self.proxy.sort(-1)
            self.proxy.sort(0)  # sorting by ID within groups so the groups appear
            self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)

    def _filters_changed(self) -> None:
        # Chips are kept and relabelled, not rebuilt: typing in the search field
        # changes one chip's text, and making widgets on every keystroke is slow.
        active = dict(self.proxy.active_filters())
        kept: dict[str, Chip] = {}
        while self.chips.count():
            item = self.chips.takeAt(0)
            chip = item.widget() if item is not None else None
            if isinstance(chip, Chip) and chip.name in active and chip.name not in kept:
                kept[chip.name] = chip
            elif chip is not None:
                chip.hide()
                chip.deleteLater()
        for name, text in active.items():
            chip = kept.get(name)
            if chip is None:
                chip = Chip(name, text, self)
                chip.clicked.connect(lambda _c=False, n=name: self.remove_filter(n))
            chip.set_label(text)
            self.chips.addWidget(chip)
        self.clear_link.setVisible(self.proxy.is_filtered())
        self._update_count()

    def remove_filter(self, name: str) -> None:
        if name == "text":
            self.search.clear()
        else:
            self._filter_combos[name].setCurrentIndex(0)

    def clear_filters(self) -> None:
        for combo in self._filter_combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.proxy.clear_filters()
        self._filters_changed()

    def _update_count(self, *_args: Any) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown:,} of {total:,} controls")
        if shown:
            self.table_stack.setCurrentIndex(0)
        else:
            if total:
                self.empty.setText('No controls match these filters — <a href="clear">clear filters</a>')
            elif self.ctx.session is None:
                self.empty.setText("Open or create a workspace to see its controls.")
            else:
                self.empty.setText(
                    "No controls apply yet — choose what the audit covers in the Trust Services Criteria step."
                )
            self.table_stack.setCurrentIndex(1)

    # --- selection --------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(ChecklistModel.ControlIdRole) for i in rows]

    def current_id(self) -> str | None:
        current = self.table.currentIndex()
        return current.data(ChecklistModel.ControlIdRole) if current.isValid() else None

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        ids = self.selected_ids()
        self.detail.show_controls(ids)
        self._fit_detail(bool(ids))

    def _fit_detail(self, selected: bool) -> None:
        """Keep the detail panel narrow while it only says "select a control", and give it its
        working width (the one the user last dragged it to) once something is selected."""
        if self.splitter.orientation() == Qt.Orientation.Vertical:
            return
        total = sum(self.splitter.sizes())
        if selected == self._detail_fitted or total <= 0 or not self.isVisible():
            return
        width = min(self._detail_width if selected else EMPTY_DETAIL, total - MIN_TITLE)
        self.splitter.setSizes([total - width, width])
        self._detail_fitted = selected

    def _splitter_moved(self, _pos: int, _index: int) -> None:
        if self._detail_fitted:
            self._detail_width = self.splitter.sizes()[1]

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._arrange()
        self._fit_detail(bool(self.selected_ids()))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Beside the table when there is room; under it when narrow, so ID to Due stay in view."""
        narrow = self.width() < NARROW
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.splitter.orientation() == wanted:
            return
        self.splitter.setOrientation(wanted)
        if narrow:
            self.detail_scroll.setMinimumWidth(0)
            self.detail_scroll.setMinimumHeight(150)
            total = max(1, sum(self.splitter.sizes()))
            self.splitter.setSizes([total * 3 // 5, total - total * 3 // 5])
        else:
            self.detail_scroll.setMinimumHeight(0)
            self.detail_scroll.setMinimumWidth(EMPTY_DETAIL)
            self._detail_fitted = None
            self._fit_detail(bool(self.selected_ids()))
        self.table.fit_title()

    def _after_edit(self) -> None:
        """After an edit in a cell, bring the key columns (ID to Due) back into view if they fit."""
        header = self.table.horizontalHeader()
        due_end = header.sectionPosition(ChecklistModel.DUE) + header.sectionSize(ChecklistModel.DUE)
        if due_end <= self.table.viewport().width():
            self.table.horizontalScrollBar().setValue(0)

    def _select_ids(self, ids: list[str], current: str | None) -> None:
        sm = self.table.selectionModel()
        selection = QItemSelection()
        for cid in ids:
            row = self.model.row_of(cid)
            if row < 0:
                continue
            idx = self.proxy.mapFromSource(self.model.index(row, 0))
            if idx.isValid():
                selection.select(idx, idx)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        sm.select(selection, flags)
        if current is not None:
            row = self.model.row_of(current)
            if row >= 0:
                idx = self.proxy.mapFromSource(self.model.index(row, 0))
                if idx.isValid():
                    sm.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _filtered_ids(self) -> set[str] | None:
        """The ids of the controls the filters let through, or None when nothing is filtered."""
        shown = self.proxy.rowCount()
        if shown == self.model.rowCount():
            return None
        return {self.proxy.index(r, 0).data(ChecklistModel.ControlIdRole) for r in range(shown)}

    def select_control(self, control_id: str) -> None:
        """Show and select one control, clearing filters that hide it."""
        self.tabs.setCurrentIndex(0)
        row = self.model.row_of(control_id)
        if row < 0:
            return
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if not idx.isValid():
            self.clear_filters()
            idx = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table.setFocus()

    # --- keyboard ----------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _escape(self) -> None:
        if self.search.text():
            self.search.clear()
        else:
            self.message_bar.hide()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                if self.search.text():
                    self.search.clear()
                else:
                    self.table.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.proxy.rowCount():
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # Reached only when no window action owns Ctrl+F (the main window's Edit > Find does).
        if event.matches(QKeySequence.StandardKey.Find):
            self.focus_search()
            event.accept()
            return
        super().keyPressEvent(event)

    def cycle_status(self) -> None:
        """Space: move the selected controls one status on (not applicable needs the detail panel)."""
        ids = self.selected_ids()
        if not ids:
            return
        current = self.current_id()
        lead = current if current in ids else ids[0]
        state = self.model.states([lead])[0]
        target = CYCLE[state.status]
        text = (
            f"Set {lead} to {vocab.STATUSES[target].lower()}"
            if len(ids) == 1
            else f"Set {len(ids)} controls to {vocab.STATUSES[target].lower()}"
        )
        self.model.edit_controls(ids, text, status=target)

    # --- messages ------------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message_bar.show()
