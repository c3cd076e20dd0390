"""The main window: steps on the left, one page at a time, help on the right.

Every edit is saved at once through services, so closing never asks to save.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Slot
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import __version__, services
from soc2wizard.domain.errors import Soc2Error
from soc2wizard.domain.records import ControlState
from soc2wizard.domain.steps import STEP_IDS, STEPS, step, step_states
from soc2wizard.gui import deliverables_menu, dialogs, protect
from soc2wizard.gui.context import AppContext
from soc2wizard.gui.steps import Pages, make_page
from soc2wizard.gui.widgets import STATE_WORDS, state_icon

MAX_RECENT = 8
APP_NAME = "soc2wizard"

EXPORTS = {  # kind -> (menu text, file filter, suffix, services function name)
    "pdf": ("Readiness plan (&PDF)…", "PDF documents (*.pdf)", ".pdf", "export_pdf"),
    "csv": ("Checklist as &CSV…", "CSV files (*.csv)", ".csv", "export_csv"),
    "xlsx": ("Checklist as &Excel workbook…", "Excel workbooks (*.xlsx)", ".xlsx", "export_xlsx"),
    "json": ("Whole workspace as &JSON…", "JSON files (*.json)", ".json", "export_json"),
}


def _escape(text: str) -> str:
    """As ``html.escape``: the html package's entity table alone costs start-up ~1.5 ms."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def recent_files() -> list[str]:
    value = QSettings().value("recent_files", [])
    paths = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
    return [p for p in paths if isinstance(p, str) and Path(p).exists()]


def remember_recent(path: Path) -> None:
    p = str(Path(path).resolve())
    files = [f for f in recent_files() if f != p]
    QSettings().setValue("recent_files", [p, *files][:MAX_RECENT])


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext | None = None) -> None:
        super().__init__()
        self.ctx = ctx or AppContext(self)
        # An edit the workspace could not save (a full disk) is said in the status bar.
        self.ctx.saveFailed.connect(lambda message: self.statusBar().showMessage(message, 30_000))
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(QSize(960, 600))

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self._launching = False  # opening the command line's file before the first show
        self._start: Any = None  # the start page, built when first shown (not when a file opens at launch)
        self.portfolio: Any = None  # the portfolio window, made when first shown

        self.workspace = QWidget()
        wl = QHBoxLayout(self.workspace)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.setSpacing(0)
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Steps")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFixedWidth(214)
        self.sidebar.setSpacing(2)
        for st in STEPS:
            item = QListWidgetItem(f"{st.number}. {st.title}")
            item.setData(Qt.ItemDataRole.UserRole, st.id)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._row_changed)
        wl.addWidget(self.sidebar)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        self.message_bar = QWidget()
        self.message_bar.setObjectName("messageBar")
        self.message_bar.setStyleSheet("QWidget#messageBar { border-bottom: 1px solid #c0392b; }")
        ml = QHBoxLayout(self.message_bar)
        ml.setContentsMargins(24, 6, 12, 6)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dismiss = QToolButton()
        dismiss.setText("✕")
        dismiss.setAccessibleName("Dismiss message")
        dismiss.clicked.connect(self.message_bar.hide)
        ml.addWidget(QLabel("⚠"))
        ml.addWidget(self.message, 1)
        ml.addWidget(dismiss)
        self.message_bar.hide()
        right.addWidget(self.message_bar)
        self.pages = QStackedWidget()
        self.page = Pages(self._build_page)
        right.addWidget(self.pages, 1)
        bar = QHBoxLayout()
        bar.setContentsMargins(24, 8, 24, 10)
        self.back_button = QPushButton("Back")
        self.back_button.setAccessibleName("Back")
        self.back_button.clicked.connect(self.back)
        self.position = QLabel()
        self.next_button = QPushButton("Next")
        self.next_button.setAccessibleName("Next")
        self.next_button.setDefault(False)
        self.next_button.clicked.connect(self.next)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.position)
        bar.addStretch(1)
        bar.addWidget(self.next_button)
        right.addLayout(bar)
        wl.addLayout(right, 1)
        self.stack.addWidget(self.workspace)

        self.help_dock = QDockWidget("Help", self)
        self.help_dock.setObjectName("help")
        self.help_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.help_view = QTextBrowser()
        self.help_view.setAccessibleName("Help for the focused question")
        self.help_view.setOpenLinks(False)
        self.help_dock.setWidget(self.help_view)
        self.help_dock.setMinimumWidth(200)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.help_dock)
        self.resizeDocks([self.help_dock], [240], Qt.Orientation.Horizontal)

        self._build_menus()
        self._shown_states: dict[str, str] = {}
        self._after_paint: list[Callable[[], Any]] = []
        self.ctx.changed.connect(self._on_changed)
        self.ctx.derived.connect(self._update_states)
        self.ctx.problem.connect(self.show_problem)
        self._step_to_keep: tuple[str, str] | None = None
        self.ctx.workspaceClosed.connect(self._keep_step)  # closed before its first paint: kept all the same
        self.ctx.workspaceClosed.connect(self._show_start)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._restore_state()
        for a in self.workspace_actions:
            a.setEnabled(False)
        self.stack.setCurrentWidget(self.workspace)  # the start page replaces it in showEvent if nothing opens

    @property
    def start(self) -> Any:
        """The start page (new, open, demo, recent files, portfolio)."""
        if self._start is None:
            from soc2wizard.gui.pages.start import StartPage

            page = self._start = StartPage()
            page.newRequested.connect(self.new_workspace)
            page.openRequested.connect(self.open_dialog)
            page.demoRequested.connect(self.open_demo)
            page.recentChosen.connect(lambda p: self.open_path(Path(p)))
            page.portfolioRequested.connect(self.show_portfolio)
            self.stack.addWidget(page)
        return self._start

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        if self.ctx.session is None and self.stack.currentWidget() is not self._start:
            self._show_start()  # shown with no workspace open: the start page, built now
        super().showEvent(event)

    def _build_page(self, sid: str) -> QWidget:
        page = make_page(sid, self.ctx)
        if hasattr(page, "navigate"):
            page.navigate.connect(self.go)
        if hasattr(page, "exportRequested"):
            page.exportRequested.connect(self.export)
        if hasattr(page, "controlRequested"):
            page.controlRequested.connect(self.show_control)
        self.pages.addWidget(page)
        if self.ctx.read_only:
            from soc2wizard.gui.readonly import make_read_only

            make_read_only(page)
        return page

    # --- menus -----------------------------------------------------------------------

    def _action(self, menu: QMenu, text: str, slot, shortcut=None, tip: str = "") -> QAction:  # noqa: ANN001
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(slot)
        menu.addAction(a)
        return a

    def _build_menus(self) -> None:
        """File, Edit, Go and Help menus (other features add their items here)."""
        mb = self.menuBar()
        file = self.file_menu = mb.addMenu("&File")
        self._action(file, "&New Workspace…", self.new_workspace, QKeySequence.StandardKey.New)
        self._action(file, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file, "Explore the &Demo Company", self.open_demo)
        self.portfolio_action = self._action(
            file,
            "Client &Portfolio…",
            self.show_portfolio,
            "Ctrl+Shift+P",
            tip="Every client workspace in a folder: readiness, deadlines, what is due next",
        )
        file.addSeparator()
        self.export_menu = file.addMenu("&Export")
        self.export_actions: dict[str, QAction] = {}
        for kind, (text, *_rest) in EXPORTS.items():
            a = self._action(
                self.export_menu, text, lambda _=False, k=kind: self.export(k), "Ctrl+E" if kind == "pdf" else None
            )
            self.export_actions[kind] = a
        self.import_action = self._action(
            file,
            "&Import Checklist Updates (CSV)…",
            self.import_checklist,
            tip="Update status, owner, due date and notes from a CSV, by control id",
        )
        self.settings_action = self._action(file, "Workspace &Settings…", self.workspace_settings)
        self.snapshot_action = self._action(
            file,
            "Keep a S&napshot…",
            self.keep_snapshot,
            tip="Keep today's statuses, owners, readiness and estimate, to compare with later",
        )
        file.addSeparator()
        self.close_action = self._action(file, "&Close Workspace", self.close_workspace, QKeySequence.StandardKey.Close)
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit).setMenuRole(QAction.MenuRole.QuitRole)

        edit = self.edit_menu = mb.addMenu("&Edit")
        # Undo commits what is being typed first, so it takes back the whole stretch of typing.
        stack = self.ctx.undo_stack
        self.undo_action = self._action(edit, "&Undo", self.ctx.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit, "&Redo", self.ctx.redo, QKeySequence.StandardKey.Redo)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(lambda t: self.undo_action.setText(f"&Undo {t}" if t else "&Undo"))
        stack.redoTextChanged.connect(lambda t: self.redo_action.setText(f"&Redo {t}" if t else "&Redo"))
        edit.addSeparator()
        self.find_action = self._action(
            edit, "&Find in Checklist", self.find_in_checklist, QKeySequence.StandardKey.Find
        )
        edit.addSeparator()
        self._action(edit, "&Preferences…", self.preferences, QKeySequence.StandardKey.Preferences).setMenuRole(
            QAction.MenuRole.PreferencesRole
        )

        go = self.go_menu = mb.addMenu("&Go")
        self.back_action = self._action(go, "&Back", self.back, "Alt+Left")
        self.next_action = self._action(go, "&Next", self.next, "Alt+Right")
        go.addSeparator()
        for st in STEPS:
            self._action(go, f"&{st.number} {st.title}", lambda _=False, s=st.id: self.go(s), f"Ctrl+{st.number}")

        hm = self.help_menu = mb.addMenu("&Help")
        self._action(hm, "Help for This &Step", self.show_step_help, QKeySequence.StandardKey.HelpContents)
        toggle = self.help_dock.toggleViewAction()
        toggle.setText("Show Help &Panel")
        hm.addAction(toggle)
        hm.addSeparator()
        self._action(hm, f"&About {APP_NAME}", self.about).setMenuRole(QAction.MenuRole.AboutRole)
        self.workspace_actions = [
            *self.export_actions.values(),
            self.import_action,
            self.settings_action,
            self.snapshot_action,
            self.close_action,
            self.find_action,
            self.back_action,
            self.next_action,
        ]
        protect.install(self)  # Encrypt…, Verify…, Activity Log…, the read-only banner
        from soc2wizard.gui import team

        team.install(self)  # the Team menu, sync status and background sync
        deliverables_menu.install(self)  # Auditor and Prospect Documents… (issue 14)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = recent_files()
        for p in files:
            self._action(
                self.recent_menu, Path(p).name, lambda _=False, f=p: self.open_path(Path(f)), tip=p
            ).setToolTip(p)
        if not files:
            self.recent_menu.addAction("No recent workspaces").setEnabled(False)

    # --- workspaces ------------------------------------------------------------------

    def ask_name_and_path(
        self, suggested_name: str = "", suggested_path: Path | None = None
    ) -> tuple[str, Path] | None:
        """A new workspace's company name and file; a refused file returns to the name, as typed."""
        name = suggested_name
        while True:
            answer = dialogs.ask_company_name(self, name)
            if not answer:
                return None
            name = answer
            start = str(suggested_path) if suggested_path is not None else f"{dialogs.file_stem(name)}.soc2"
            path = dialogs.ask_new_path(self, start)
            if path is None:
                continue  # back to the name, which is kept
            if path.exists():
                dialogs.show_error(
                    self,
                    "Workspace not created",
                    f"{path.name} already exists. Choose another name, or open it instead.",
                )
                continue
            return name, path

    @Slot()
    def new_workspace(self) -> None:
        chosen = self.ask_name_and_path()
        if chosen is None:
            return
        name, path = chosen
        self.create_workspace(name, path)

    def create_workspace(self, name: str, path: Path) -> bool:
        self.ctx.flush_edits()
        try:
            session = services.create_workspace(path, name=name)
        except (Soc2Error, OSError) as exc:
            dialogs.show_error(self, "Workspace not created", str(exc))
            return False
        self.adopt_new(session)
        return True

    def adopt_new(self, session: services.Session) -> None:
        """Open a workspace just created, with the firm defaults from Preferences written into it."""
        from soc2wizard.gui.preferences import apply_firm_defaults

        try:
            problems = apply_firm_defaults(session)
        except (Soc2Error, OSError) as exc:
            problems = [str(exc)]
        self._opened(session, "profile")
        if problems:
            self.show_problem("Some firm defaults were not applied: " + "; ".join(problems) + ".")

    def launch(self, path: Path | None) -> None:
        """Show the window at start-up, on the command line's FILE if one is given.

        An existing file opens before the window first shows, so the first paint is its
        page (the start page is not built) and the derived figures wait for that paint.
        A missing one is asked about over the shown window.
        """
        if path is not None and path.exists():
            self._launching = True
            try:
                self.open_path(path)
            finally:
                self._launching = False
            self.show()
            return
        self.show()
        if path is not None:
            self.open_or_create(path)

    def open_or_create(self, path: Path) -> bool:
        """The command line's FILE: open it, or ask before creating a new workspace there."""
        if path.exists():
            return self.open_path(path)
        if not dialogs.confirm(
            self,
            "Create a new workspace?",
            f"There is no workspace at {path}. Create a new one there?\n\n"
            "If you meant an existing file, check its name (Cancel, then File ▸ Open).",
            ok="Create Workspace",
        ):
            return False
        chosen = self.ask_name_and_path(path.stem, path)
        if chosen is None:
            return False
        return self.create_workspace(*chosen)

    def apply_theme(self) -> None:
        from soc2wizard.gui.preferences import apply_theme

        apply_theme()

    @Slot()
    def open_dialog(self) -> None:
        path = dialogs.ask_open_path(self)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path, step_id: str | None = None) -> bool:
        if self.is_open(path):  # already this window's workspace: just show it
            self.stack.setCurrentWidget(self.workspace)
            if step_id is not None:
                self.go(step_id)
            self.raise_()
            self.activateWindow()
            return True
        self.ctx.flush_edits()
        try:
            session = protect.open_workspace(self, path)  # asks an encrypted file's passphrase
        except (Soc2Error, OSError) as exc:
            dialogs.show_error(self, "Cannot open workspace", str(exc))
            return False
        if session is None:
            return False
        self._opened(session, step_id)
        return True

    def is_open(self, path: Path) -> bool:
        """Whether ``path`` is the workspace this window has open."""
        s = self.ctx.session
        if s is None:
            return False
        try:
            return Path(path).resolve() == s.path.resolve()
        except OSError:
            return False

    @Slot()
    def show_portfolio(self) -> None:
        """The consultant's desk: every workspace in a folder (the last one chosen, else ask)."""
        from PySide6.QtCore import QSettings

        from soc2wizard.gui.portfolio import PREF_FOLDER, PortfolioWindow

        if self.portfolio is None:
            self.portfolio = PortfolioWindow(self)
            self.portfolio.openRequested.connect(self._open_from_portfolio)
        w = self.portfolio
        w.show()
        w.raise_()
        w.activateWindow()
        last = str(QSettings().value(PREF_FOLDER, "") or "")
        if w.folder is None:
            if last and Path(last).is_dir():
                w.load(Path(last))
            else:
                w.choose_folder()

    def _open_from_portfolio(self, path: str) -> None:
        if self.open_path(Path(path)):
            self.raise_()
            self.activateWindow()

    @Slot()
    def open_demo(self) -> None:
        from soc2wizard.demo import DEMO_NAME, build_demo
        from soc2wizard.gui.paths import app_home

        path = app_home() / f"{DEMO_NAME}.soc2"
        if path.exists():
            self.open_path(path)
            return
        try:
            self.ctx.flush_edits()
            session = build_demo(path, today=self.ctx.today())
        except (Soc2Error, OSError) as exc:
            dialogs.show_error(self, "Cannot create the demo", str(exc))
            return
        self._opened(session, "profile")

    def _opened(self, session: services.Session, step_id: str | None) -> None:
        self.ctx.hold_derived()  # checks, readiness and the estimate wait for the first paint
        self.ctx.open(session)  # closes the workspace shown before, and drops its pages
        self._drop_pages()
        self._clear_step_states()
        self.message_bar.hide()
        self.statusBar().clearMessage()
        if self._launching:  # File ▸ Open Recent is not on the first screen
            path = session.path
            self.after_first_paint(lambda: remember_recent(path))
        else:
            remember_recent(session.path)
        self.stack.setCurrentWidget(self.workspace)
        for a in self.workspace_actions:
            a.setEnabled(True)
        if session.read_only:
            self.import_action.setEnabled(False)
            self.settings_action.setEnabled(False)
        self.go(step_id or self._last_step(session))
        self._update_title()
        if not self.isVisible() and not self._launching:
            self.ctx.release_derived()  # nothing will paint: work them out as usual
        else:
            self.update()  # paintEvent releases them

    def after_first_paint(self, fn: Callable[[], Any]) -> None:
        """Run ``fn`` once the window has painted (start-up work the first screen does not need)."""
        self._after_paint.append(fn)

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().paintEvent(event)
        if self.ctx.derived_held or self._after_paint:
            from PySide6.QtCore import QTimer

            later, self._after_paint = self._after_paint, []
            for fn in later:
                QTimer.singleShot(0, fn)
            if self.ctx.derived_held:
                QTimer.singleShot(0, self.ctx.release_derived)  # the page has been painted: now the figures

    def _keep_step(self) -> None:
        """Remember the step shown, per workspace (it reopens there); at once, or when the first paint is done."""
        if self._step_to_keep is not None:
            key, sid = self._step_to_keep
            self._step_to_keep = None
            QSettings().setValue(key, sid)

    def _last_step(self, session: services.Session) -> str:
        """The step this user last had open in this workspace (per-user UI state), else the profile."""
        sid = QSettings().value(f"workspaces/{session.workspace_id}/step", "")
        return sid if sid in STEP_IDS else STEP_IDS[0]

    def _drop_pages(self) -> None:
        """Let go of every page built for the workspace shown before: nothing of it survives."""
        old = dict.items(self.page)
        self.page = Pages(self._build_page)
        for _sid, page in list(old):
            if hasattr(page, "detach"):
                page.detach()
            self.pages.removeWidget(page)
            page.hide()
            page.deleteLater()

    def _clear_step_states(self) -> None:
        self._shown_states = {}
        for row, st in enumerate(STEPS):
            item = self.sidebar.item(row)
            item.setIcon(QIcon())
            item.setText(f"{st.number}. {st.title}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Step {st.number}, {st.title}")
            item.setData(Qt.ItemDataRole.UserRole + 1, None)

    def show_problem(self, text: str) -> None:
        """Something went wrong that the user should know: the message bar above the page."""
        self.message.setText(text)
        self.message_bar.show()

    @Slot()
    def close_workspace(self) -> None:
        self.ctx.close()

    def _show_start(self) -> None:
        self._drop_pages()
        self._clear_step_states()
        self.message_bar.hide()
        self.statusBar().clearMessage()
        self.start.set_recent(recent_files())
        self.stack.setCurrentWidget(self.start)
        for a in self.workspace_actions:
            a.setEnabled(False)
        self.setWindowTitle(APP_NAME)
        self._show_help(None)
        self.start.new_button.setFocus()

    # --- navigation ------------------------------------------------------------------

    def current_step(self) -> str:
        item = self.sidebar.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else STEP_IDS[0]

    @Slot(str)
    def go(self, step_id: str) -> None:
        if self.ctx.session is None:
            return
        self.sidebar.setCurrentRow(STEP_IDS.index(step_id))

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        sid = STEP_IDS[row]
        self.pages.setCurrentWidget(self.page[sid])
        if self.ctx.session is not None and self.ctx.session.workspace_id:
            self._step_to_keep = (f"workspaces/{self.ctx.session.workspace_id}/step", sid)
            if self.ctx.derived_held:  # opening: writing the settings file (a synced rename) waits for the paint
                self.after_first_paint(self._keep_step)
            else:
                self._keep_step()
        self.back_button.setEnabled(row > 0)
        self.back_action.setEnabled(row > 0 and self.ctx.session is not None)
        last = row == len(STEP_IDS) - 1
        self.next_button.setEnabled(not last)
        self.next_action.setEnabled(not last and self.ctx.session is not None)
        self.next_button.setText("Next" if last else f"Next: {STEPS[row + 1].title}")
        self.back_button.setText("Back" if row == 0 else f"Back: {STEPS[row - 1].title}")
        self.position.setText(f"Step {row + 1} of {len(STEP_IDS)}")
        self._show_help(None)

    @Slot()
    def next(self) -> None:
        row = self.sidebar.currentRow()
        if row < len(STEP_IDS) - 1:
            self.sidebar.setCurrentRow(row + 1)

    @Slot()
    def back(self) -> None:
        row = self.sidebar.currentRow()
        if row > 0:
            self.sidebar.setCurrentRow(row - 1)

    @Slot()
    def keep_snapshot(self) -> None:
        from soc2wizard.gui.through_year import keep_snapshot

        if keep_snapshot(self, self.ctx) is not None:
            self.go("review")  # where progress over time is shown

    @Slot(str)
    def show_control(self, control_id: str) -> None:
        self.go("checklist")
        page = self.page["checklist"]
        if hasattr(page, "select_control"):
            page.select_control(control_id)

    @Slot()
    def find_in_checklist(self) -> None:
        if self.ctx.session is None:
            return
        self.go("checklist")
        page = self.page["checklist"]
        if hasattr(page, "focus_search"):
            page.focus_search()

    # --- state shown ------------------------------------------------------------------

    def _states(self) -> dict[str, str]:
        s = self.ctx.s
        try:
            errors = sorted({c.step for c in self.ctx.estimate().checks if c.severity == "error"})
        except Exception as exc:  # noqa: BLE001 - ticks must show even if the estimate fails: said, not swallowed
            self.ctx.report(
                f"The plan checks could not be worked out ({exc}); the steps' ticks may be incomplete.", exc
            )
            errors = []
        return step_states(services.get_answers(s), services.list_scope(s), self.ctx.rows(), error_steps=errors)

    def _on_changed(self, topic: str) -> None:
        if self.ctx.session is not None and topic in ("answers", "workspace", "settings"):
            self._update_title()

    def _update_states(self) -> None:
        """The sidebar's step states, a frame after a burst of edits (never on an edit's own path)."""
        if self.ctx.session is None:
            return
        states = self._shown_states = self._states()
        for row, st in enumerate(STEPS):
            state = states.get(st.id, "not_started")
            item = self.sidebar.item(row)
            item.setIcon(state_icon(state))
            item.setText(f"{st.number}. {st.title}\n{STATE_WORDS[state]}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Step {st.number}, {st.title}: {STATE_WORDS[state]}")
            item.setData(Qt.ItemDataRole.UserRole + 1, state)

    def _update_title(self) -> None:
        if self.ctx.session is None:
            self.setWindowTitle(APP_NAME)
            return
        name = services.get_answers(self.ctx.s).company.name or "Untitled company"
        ro = " (read-only)" if self.ctx.read_only else ""
        self.setWindowTitle(f"{name} — {self.ctx.s.path.name}{ro} — {APP_NAME}")
        self.setWindowFilePath(str(self.ctx.s.path))

    # --- help ----------------------------------------------------------------------

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        w = new
        while w is not None and w is not self:
            if w.property("help_text"):
                self._show_help(w)
                return
            w = w.parentWidget()

    def _show_help(self, widget: QWidget | None) -> None:
        if self.ctx.session is None:
            self.help_view.setHtml(
                "<h3>Welcome</h3><p>Start a new workspace for your company, open one you made before, "
                "or explore the demo company to see a plan part-way done.</p>"
                "<p>A workspace is one file that holds your answers, scope, plan and checklist. It is "
                "saved as you go: there is no Save button.</p>"
            )
            return
        sid = self.current_step()
        st = step(sid)
        parts = []
        if widget is not None:
            parts.append(
                f"<h3>{_escape(str(widget.property('help_title') or ''))}</h3>"
                f"<p>{_escape(str(widget.property('help_text')))}</p><hr>"
            )
        page_help = getattr(self.page.get(sid), "help_html", "") or f"<p>{_escape(st.why)}</p>"
        parts.append(f"<h3>{st.number}. {_escape(st.title)}</h3>{page_help}")
        self.help_view.setHtml("".join(parts))

    @Slot()
    def show_step_help(self) -> None:
        self.help_dock.show()
        self._show_help(None)
        self.help_view.setFocus()

    @Slot()
    def about(self) -> None:
        dialogs.show_about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>A SOC 2 readiness wizard for small companies: scope, "
            "criteria, timeline, budget, a control checklist and a PDF readiness plan.</p>"
            "<p>Everything stays in your workspace file; nothing goes over the network.</p>"
            "<p>Estimates are planning ranges, not quotes. SOC 2 and Trust Services Criteria are "
            "AICPA terms; criteria descriptions here are our own paraphrases.</p>",
        )

    @Slot()
    def preferences(self) -> None:
        dialogs.edit_preferences(self)
        self.ctx.settle()
        self._update_states()
        if self.ctx.session is not None:
            self.ctx.notify("workspace")  # dates may now be shown another way

    @Slot()
    def import_checklist(self) -> None:
        """Apply a CSV of checklist updates: all lines or none, one undo step."""
        if self.ctx.session is None:
            return
        path = dialogs.ask_import_path(self, "Import checklist updates", "CSV files (*.csv *.txt)")
        if path is None:
            return
        s = self.ctx.s
        before = services.control_states(s)
        try:
            count = services.import_checklist_csv(s, path)
        except (Soc2Error, OSError) as exc:
            dialogs.show_error(self, "Nothing was imported", str(exc))
            return
        after = services.control_states(s)
        changed = [cid for cid, state in after.items() if before.get(cid) != state]
        old = [before.get(cid, ControlState(cid)) for cid in changed]
        new = [after[cid] for cid in changed]
        first = [True]

        def do() -> None:  # the import itself ran above; redo puts its result back
            if first[0]:
                first[0] = False
            else:
                services.restore_control_states(s, new)

        self.ctx.perform(f"Import {path.name}", do, lambda: services.restore_control_states(s, old), "controls")
        self.statusBar().showMessage(
            f"Imported {path.name}: {count:,} control{'s' if count != 1 else ''} changed", 8000
        )

    @Slot()
    def workspace_settings(self) -> None:
        if self.ctx.session is not None:
            dialogs.edit_workspace_settings(self, self.ctx)

    # --- export ----------------------------------------------------------------------

    def export(self, kind: str) -> None:
        if self.ctx.session is None:
            return
        text, file_filter, suffix, _fn_name = EXPORTS[kind]
        name = services.get_answers(self.ctx.s).company.name or "workspace"
        stem = f"{name} SOC 2 plan" if kind == "pdf" else f"{name} checklist" if kind in ("csv", "xlsx") else name
        start = f"{dialogs.file_stem(stem)}{suffix}"  # in the folder used last, else Documents
        out = dialogs.ask_save_path(self, "Export " + text.replace("&", "").rstrip("…"), start, file_filter)
        if out is None:
            return
        if not out.suffix:
            out = out.with_suffix(suffix)
        self.run_export(kind, out)

    def run_export(self, kind: str, out: Path):  # noqa: ANN201
        """Write an export off the UI thread with a cancellable progress dialog."""
        from soc2wizard.gui.worker import run_in_background

        self.ctx.flush_edits()  # what is being typed goes in
        # Everything the export needs is read here, on the thread that owns the workspace, in
        # one go; the worker only writes it, so an edit made meanwhile cannot half-appear in it.
        try:
            writer = services.prepare_export(self.ctx.s, kind, today=self.ctx.today())
        except (Soc2Error, OSError) as exc:
            dialogs.show_error(self, "Export failed", f"{out.name} was not written: {exc}")
            return None
        from PySide6.QtWidgets import QProgressDialog

        dlg = QProgressDialog(f"Writing {out.name}…", "Cancel", 0, 100, self)
        dlg.setWindowTitle("Export")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)
        dlg.setValue(0)

        def work(progress):  # noqa: ANN001, ANN202
            return writer(out, progress)

        def done(_result) -> None:  # noqa: ANN001
            dlg.reset()
            self.statusBar().showMessage(f"Exported {out}", 8000)
            self.last_export = out

        def failed(exc: BaseException) -> None:
            dlg.reset()
            if isinstance(exc, InterruptedError):
                # The writer renames into place only when done: a cancelled export
                # leaves any earlier file at that path as it was.
                self.statusBar().showMessage("Export cancelled", 5000)
                return
            details = getattr(exc, "__traceback_text__", "")
            logging.getLogger("soc2wizard.gui").error("Export of %s failed: %s\n%s", out.name, exc, details)
            dialogs.show_error(self, "Export failed", f"{out.name} was not written: {exc}", details)

        def progress(percent: int, text: str) -> None:
            dlg.setValue(max(0, min(99, percent)))
            if text:
                dlg.setLabelText(text)

        task = run_in_background(work, done, failed, progress)
        dlg.canceled.connect(lambda: setattr(task, "cancelled", True))
        return task

    # --- window state ------------------------------------------------------------------

    def _restore_state(self) -> None:
        st = QSettings()
        geometry = st.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = st.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        st = QSettings()
        st.setValue("window/geometry", self.saveGeometry())
        st.setValue("window/state", self.saveState())
        self.ctx.close()  # every edit is already saved
        super().closeEvent(event)
