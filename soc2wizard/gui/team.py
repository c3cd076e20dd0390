"""The Team menu, the sync status in the status bar, and background sync.

Publish, join, sync now, members and conflicts; while a shared workspace is
open it syncs by itself every minute (and soon after an edit). The network
part runs off the UI thread (gui/worker.py); reading what to send and
merging what came back run here, on the thread that owns the workspace.
Widgets call services only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QProgressDialog

from soc2wizard import services
from soc2wizard.gui import dialogs

AUTO_SYNC_MS = 60_000  # while a shared workspace is open
AFTER_EDIT_MS = 5_000  # an edit is sent this long after it was made (edits in a row wait for the last)

TOPIC_OF_TABLE = {
    "profile": "answers",
    "plan": "answers",
    "scope_items": "scope",
    "control_states": "controls",
    "custom_controls": "controls",
    "evidence": "evidence",
    "settings": "settings",
    "assumption_overrides": "overrides",
    "snapshots": "snapshots",
    "description_edits": "deliverables",
    "risk_entries": "deliverables",
    "policy_versions": "deliverables",
    "policy_acknowledgements": "deliverables",
}


def undo_dropped(n: int) -> str:
    """What the status bar adds when a sync took undo steps away."""
    if n == 1:
        return "1 edit can no longer be undone: a teammate changed what it edited"
    return f"{n} edits can no longer be undone: a teammate changed what they edited"


class TeamSync(QObject):
    """The Team menu and the sync of one main window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.busy = False
        self.last_message = ""
        help_menu = window.help_menu.menuAction()
        menu = self.menu = QMenu("&Team", window)
        window.menuBar().insertMenu(help_menu, menu)
        self.publish_action = self._add("&Publish to a Team Server…", self.publish, tip="Share this workspace")
        self.join_action = self._add("&Join a Team Workspace…", self.join, tip="Clone a team workspace to this machine")
        menu.addSeparator()
        self.sync_action = self._add("&Sync Now", self.sync_now, "Ctrl+Shift+S", "Send your edits, bring the team's in")
        self.members_action = self._add("&Members…", self.members, tip="Who belongs to this team workspace")
        self.conflicts_action = self._add(
            "&Conflicts…", self.conflicts, tip="Concurrent edits: the value kept and the one that lost"
        )
        menu.aboutToShow.connect(self.update_actions)

        self.indicator = QLabel()
        self.indicator.setObjectName("teamStatus")
        self.indicator.setAccessibleName("Team sync status")
        window.statusBar().addPermanentWidget(self.indicator)

        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_SYNC_MS)
        self.timer.timeout.connect(self.sync_in_background)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(AFTER_EDIT_MS)
        self.soon.timeout.connect(self.sync_in_background)
        self.ctx.workspaceOpened.connect(self._opened)
        self.ctx.workspaceClosed.connect(self._closed)
        self.ctx.changed.connect(self._edited)
        self.ctx.derived.connect(self._painted)
        self._opening = False  # a workspace opened whose team state waits for the first paint
        self._merging = False
        self.progress: QProgressDialog | None = None  # publish or join under way
        self.update_actions()
        self.show_status()

    def _add(self, text: str, slot: Any, shortcut: str | None = None, tip: str = "") -> QAction:
        a = QAction(text, self.window)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        a.setStatusTip(tip)
        a.triggered.connect(lambda _=False: slot())
        self.menu.addAction(a)
        return a

    # --- state ---------------------------------------------------------------------------

    def status(self) -> services.TeamStatus | None:
        s = self.ctx.session
        return services.team_status(s) if s is not None else None

    def update_actions(self) -> None:
        s = self.ctx.session
        st = self.status()
        writable = s is not None and not s.read_only
        self.publish_action.setEnabled(writable and st is None)
        for a in (self.sync_action, self.members_action, self.conflicts_action):
            a.setEnabled(writable and st is not None)
        self.join_action.setEnabled(True)

    def show_status(self) -> None:
        st = self.status()
        if st is None:
            self.indicator.setText("")
            self.indicator.setToolTip("")
            self.indicator.hide()
            return
        if self.busy:
            text = "Team: syncing…"
        elif st.last_error:
            text = (
                "Team: offline — edits kept" if "reach" in st.last_error or "lost" in st.last_error else "Team: error"
            )
        elif st.open_conflicts:
            text = f"Team: {st.open_conflicts} conflict{'s' if st.open_conflicts != 1 else ''}"
        elif st.pending:
            text = f"Team: {st.pending:,} change{'s' if st.pending != 1 else ''} to send"
        else:
            text = f"Team: synced {_clock(st.last_sync)}" if st.last_sync else "Team: not synced yet"
        self.indicator.setText(text)
        tip = [f"Team workspace {st.workspace_id}", f"Server: {st.server}", f"This replica: {st.replica_name}"]
        if st.last_error:
            tip.append(f"Last sync failed: {st.last_error}")
        self.indicator.setToolTip("\n".join(tip))
        self.indicator.show()

    def _opened(self) -> None:
        if self.ctx.derived_held:  # the page is not painted yet: the team state (not on it) comes after
            self._opening = True
            return
        self._opening = False
        self.update_actions()
        self.show_status()
        if self.status() is not None and not self.ctx.s.read_only:
            self.timer.start()
            self.soon.start(500)
        else:
            self.timer.stop()

    def _closed(self) -> None:
        self._opening = False
        self.timer.stop()
        self.soon.stop()
        self.update_actions()
        self.show_status()

    def _painted(self) -> None:
        if self._opening:
            self._opened()

    def _edited(self, _topic: str) -> None:
        if self._merging or self.ctx.session is None or self._opening:
            return
        if self.timer.isActive():
            self.soon.start()
        self.show_status()

    # --- syncing -------------------------------------------------------------------------

    def sync_in_background(
        self,
        *,
        password: str | None = None,
        report: bool = False,
        then: Callable[[BaseException | None], None] | None = None,
    ) -> Any:
        """Prepare here, exchange on a pool thread, merge here; the status bar says how it went.

        ``then`` is called on the UI thread when the sync is over (with the error, if it failed).
        """
        from soc2wizard.gui.worker import run_in_background

        s = self.ctx.session
        if s is None or s.read_only or self.busy or services.team_status(s) is None:
            return None
        try:
            out = services.sync_prepare(s)
        except services.TeamError as exc:
            self._failed(s, exc, report)
            if then is not None:
                then(exc)
            return None
        out.password = password
        self.busy = True
        self.show_status()

        def work(_progress: Any) -> Any:
            return services.sync_exchange(out)

        def done(inc: Any) -> None:
            self.busy = False
            if self.ctx.session is not s:  # the workspace was closed meanwhile: the next sync redoes it
                return
            result = services.sync_finish(s, out, inc)
            self._merged(inc, result)
            if report:
                self._report(result)
            if then is not None:
                then(None)

        def failed(exc: BaseException) -> None:
            self.busy = False
            if self.ctx.session is s:
                self._failed(s, exc, report)
            if then is not None:
                then(exc)

        return run_in_background(work, done, failed)

    def _merged(self, inc: Any, result: Any) -> None:
        topics = {TOPIC_OF_TABLE[c.tbl] for c in inc.pull.changes if c.tbl in TOPIC_OF_TABLE}
        self._merging = True
        try:
            for topic in sorted(topics):
                self.ctx.notify(topic)
        finally:
            self._merging = False
        self.last_message = f"Synced: sent {result.pushed:,} changes, received {result.pulled:,}" + (
            f"; {len(result.conflicts)} conflicts" if result.conflicts else ""
        )
        # Undoing an edit of a record the merge changed would write its old value over a teammate's newer
        # one: those steps go; the others stay undoable.
        dropped = self.ctx.forget_undo_touching(result.changed)
        if dropped:
            self.last_message += f"; {undo_dropped(dropped)}"
        self.window.statusBar().showMessage(self.last_message, 8000)
        self.show_status()

    def _failed(self, s: services.Session, exc: BaseException, report: bool) -> None:
        message = str(exc) if isinstance(exc, services.TeamError) else f"sync failed: {exc}"
        services.note_sync_error(s, message)
        self.last_message = message
        self.show_status()
        if report:
            st = services.team_status(s)
            if isinstance(exc, services.AccessDenied) and "password" in message and st is not None:
                password = _ask_password(self.window, st.server)
                if password:
                    self._remember(st.server, password)
                    self.sync_in_background(password=password, report=True)
                    return
            dialogs.show_error(self.window, "Sync failed", message)

    def _remember(self, url: str, password: str) -> None:
        try:
            services.remember_team_password(url, password)
        except Exception as exc:  # noqa: BLE001 - no keychain: say so, the sync still ran
            self.window.statusBar().showMessage(f"The password was not kept: {exc}", 8000)

    def _report(self, result: Any) -> None:
        if result.not_pushed:
            dialogs.show_info(
                self.window,
                "Sync",
                f"Your {result.not_pushed:,} local changes were not sent: you are a {result.role} of this workspace.",
            )
        if result.conflicts:
            self.conflicts()

    def sync_now(self) -> None:
        self.sync_in_background(report=True)

    # --- publish, join, members, conflicts ------------------------------------------------

    def _show_progress(self, text: str) -> QProgressDialog:
        """A busy dialog while publish or join runs off the UI thread (the network can take a while)."""
        dlg = QProgressDialog(text, "", 0, 0, self.window)
        dlg.setWindowTitle("Team")
        dlg.setCancelButton(None)  # a push is one transaction: it completes or changes nothing
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(0)
        dlg.setAutoClose(False)
        dlg.show()
        self.progress = dlg
        return dlg

    def _hide_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def publish(self) -> Any:
        """Create the team workspace on a pool thread, adopt it here, then push it like any sync."""
        from soc2wizard.gui.team_dialogs import ServerDialog
        from soc2wizard.gui.worker import run_in_background

        s = self.ctx.session
        if s is None or self.progress is not None:
            return None
        dlg = ServerDialog(self.window, "Publish to a Team Server", ok="Publish")
        if not dlg.exec():
            return None
        url, typed = dlg.values()
        password = typed or None
        try:
            req = services.publish_prepare(s, url)
        except (services.TeamError, services.FieldError) as exc:
            dialogs.show_error(self.window, "Not published", str(exc))
            return None
        progress = self._show_progress("Creating the team workspace on the server…")

        def work(_progress: Any) -> str:
            return services.publish_create(req, password=password)

        def created(workspace_id: str) -> None:
            if self.ctx.session is not s:
                self._hide_progress()
                return
            try:
                services.publish_adopt(s, req, workspace_id, password=password)
            except (services.TeamError, services.FieldError) as exc:
                self._hide_progress()
                dialogs.show_error(self.window, "Not published", str(exc))
                return
            progress.setLabelText("Sending the workspace to the team…")
            task = self.sync_in_background(password=password, then=lambda exc: pushed(workspace_id, exc))
            if task is None and self.progress is progress:  # not started: the timers send it later
                pushed(workspace_id, None)

        def pushed(workspace_id: str, exc: BaseException | None) -> None:
            self._hide_progress()
            self._opened()  # the menu, the indicator and the timers of a shared workspace
            if exc is not None:
                dialogs.show_error(
                    self.window, "Published, not yet sent", services.first_push_failed(workspace_id, exc)
                )
                return
            for notice in s.notices:
                self.window.statusBar().showMessage(notice, 10000)
            dialogs.show_info(
                self.window,
                "Published",
                f"This workspace is shared as team workspace {workspace_id}.\n\n"
                "Add teammates with Team ▸ Members; they join with Team ▸ Join a Team Workspace.",
            )

        def failed(exc: BaseException) -> None:
            self._hide_progress()
            dialogs.show_error(self.window, "Not published", _message(exc))

        return run_in_background(work, created, failed)

    def join(self) -> Any:
        """Clone the team workspace into a new file on a pool thread; open it here when it is complete."""
        from soc2wizard.gui.team_dialogs import JoinDialog
        from soc2wizard.gui.worker import run_in_background

        if self.progress is not None:
            return None
        dlg = JoinDialog(self.window)
        if not dlg.exec():
            return None
        url, password, workspace_id = dlg.values()
        path = dialogs.ask_new_path(self.window, dlg.suggested_name())
        if path is None:
            return None
        self._show_progress("Copying the team workspace to this machine…")

        def work(_progress: Any) -> Any:
            # A new file and its own session: nothing the UI thread holds is touched.
            return services.clone_workspace(url, path, workspace_id, password=password or None)

        def done(session: Any) -> None:
            self._hide_progress()
            self.window._opened(session, None)

        def failed(exc: BaseException) -> None:
            self._hide_progress()
            dialogs.show_error(self.window, "Not joined", _message(exc))

        return run_in_background(work, done, failed)

    def members(self) -> Any:
        """The Members dialog; it opens at once and asks the server off the UI thread."""
        from soc2wizard.gui.team_dialogs import MembersDialog

        if self.ctx.session is None:
            return None
        try:
            address = services.team_address(self.ctx.s)
        except services.TeamError as exc:
            dialogs.show_error(self.window, "Members", str(exc))
            return None
        dlg = MembersDialog(self.window, address)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.members_dialog = dlg
        return dlg

    def conflicts(self) -> Any:
        from soc2wizard.gui.team_dialogs import ConflictsDialog

        if self.ctx.session is None:
            return None
        dlg = ConflictsDialog(self.window, self.ctx)
        dlg.taken.connect(self.show_status)
        dlg.open()
        self.conflicts_dialog = dlg
        return dlg


def _message(exc: BaseException) -> str:
    if isinstance(exc, (services.TeamError, services.WorkspaceError, services.FieldError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _clock(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%H:%M")
    except ValueError:
        return iso


def _ask_password(parent: Any, server: str) -> str | None:
    from soc2wizard.gui.team_dialogs import ask_password

    return ask_password(parent, server)


def install(window: Any) -> TeamSync:
    """Add the Team menu and the sync status to ``window``."""
    window.team = TeamSync(window)
    return window.team
