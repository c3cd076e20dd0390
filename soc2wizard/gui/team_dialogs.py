"""Dialogs of the Team menu: the server's address, joining, members, conflicts. They call services only."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services

URL_HINT = "postgresql://alice@db.example.com/soc2"
URL_HELP = (
    "Your team's PostgreSQL. Off this machine the connection must use TLS (added for you). "
    "Leave the password empty to use the keychain, PGPASSWORD or ~/.pgpass; a password typed here is kept "
    "in the keychain, never in the workspace."
)


class ServerDialog(QDialog):
    """The server's address and, if needed, a password."""

    def __init__(self, parent: QWidget | None, title: str, *, ok: str = "OK") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.url = QLineEdit()
        self.url.setPlaceholderText(URL_HINT)
        self.url.setAccessibleName("Server address")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("fieldError")
        note = QLabel(URL_HELP)
        note.setWordWrap(True)
        self.form.addRow("Server &address:", self.url)
        self.form.addRow("&Password:", self.password)
        self.form.addRow(note)
        self.form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.addRow(self.buttons)
        self.resize(520, self.sizeHint().height())

    def check(self) -> bool:
        try:
            services.check_team_url(self.url.text().strip())
        except services.TeamError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        return True

    def accept(self) -> None:
        if self.check():
            super().accept()

    def values(self) -> tuple[str, str]:
        return self.url.text().strip(), self.password.text()


class JoinDialog(ServerDialog):
    """The server, then one of the team workspaces this role belongs to."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, "Join a Team Workspace", ok="Join…")
        self.find_button = QPushButton("&Find Workspaces")
        self.find_button.clicked.connect(lambda _=False: self.find_workspaces())
        self.choice = QComboBox()
        self.choice.setAccessibleName("Team workspace")
        row = QHBoxLayout()
        row.addWidget(self.choice, 1)
        row.addWidget(self.find_button)
        self.form.insertRow(2, "&Workspace:", row)
        self.found: list[Any] = []
        self.finding = False

    def find_workspaces(self, *, then_accept: bool = False) -> None:
        """Ask the server which team workspaces this role belongs to, on a pool thread (the dialog stays live)."""
        from soc2wizard.gui.worker import run_in_background

        if self.finding or not self.check():
            return
        url, password = self.values()[:2]
        self.finding = True
        self.find_button.setEnabled(False)
        self.error.setText("Looking for team workspaces…")

        def work(_progress: Any) -> list[Any]:
            return services.list_team_workspaces(url, password=password or None)

        def done(found: list[Any]) -> None:
            self.finding = False
            self.find_button.setEnabled(True)
            self.found = found
            self.choice.clear()
            for w in self.found:
                self.choice.addItem(f"{w.name} — {w.role} ({w.id[:8]})", w.id)
            self.error.setText("" if self.found else "This role belongs to no team workspace on that server.")
            if then_accept and self.choice.currentData() is not None:
                QDialog.accept(self)

        def failed(exc: BaseException) -> None:
            self.finding = False
            self.find_button.setEnabled(True)
            self.error.setText(str(exc) if isinstance(exc, services.TeamError) else f"{type(exc).__name__}: {exc}")

        run_in_background(work, done, failed)

    def accept(self) -> None:
        if self.choice.currentData() is None:
            self.find_workspaces(then_accept=True)  # accepted when the list arrives
        elif self.check():
            QDialog.accept(self)

    def values(self) -> tuple[str, str, str]:  # type: ignore[override]
        return self.url.text().strip(), self.password.text(), str(self.choice.currentData() or "")

    def suggested_name(self) -> str:
        chosen = next((w for w in self.found if w.id == self.choice.currentData()), None)
        return f"{chosen.name}.soc2" if chosen else ""


class MembersDialog(QDialog):
    """Who belongs to the team workspace; an owner adds, changes and removes members.

    Every exchange with the server runs on a pool thread (gui/worker.py): the dialog opens at once,
    says what it is waiting for, and Cancel stops waiting. An answer that comes after Cancel, or after
    another request, is ignored.
    """

    def __init__(self, parent: QWidget | None, address: services.TeamAddress) -> None:
        super().__init__(parent)
        self.address = address
        self.setWindowTitle("Team Members")
        layout = QVBoxLayout(self)
        where = QLabel(f"Team workspace {address.workspace_id} on {address.server}")
        where.setWordWrap(True)
        layout.addWidget(where)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Database role", "Role", "Added by"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Members")
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.who = QLineEdit()
        self.who.setPlaceholderText("database role, e.g. bob")
        self.who.setAccessibleName("Database role to add")
        self.role = QComboBox()
        self.role.addItems(["editor", "viewer", "owner"])
        self.role.setAccessibleName("Role")
        self.add_button = QPushButton("&Add or Change")
        self.add_button.clicked.connect(lambda _=False: self.add())
        self.remove_button = QPushButton("&Remove Selected")
        self.remove_button.clicked.connect(lambda _=False: self.remove())
        row.addWidget(self.who, 1)
        row.addWidget(self.role)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Members status")
        layout.addWidget(self.status)
        self.spinner = QProgressBar()  # no end known: it moves while the server is asked
        self.spinner.setRange(0, 0)
        self.spinner.setTextVisible(False)
        self.spinner.setAccessibleName("Waiting for the server")
        layout.addWidget(self.spinner)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("fieldError")
        layout.addWidget(self.error)
        note = QLabel(
            "Members are PostgreSQL login roles; the database's administrator creates them "
            "(see README). Viewers read the workspace; editors and owners change it; owners manage members."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox()
        self.reload_button = buttons.addButton("Re&load", QDialogButtonBox.ButtonRole.ActionRole)
        self.reload_button.clicked.connect(lambda _=False: self.load())
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.clicked.connect(lambda _=False: self.cancel())
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(lambda _=False: self.reject())
        layout.addWidget(buttons)
        self.busy = False
        self.loaded = False
        self._request = 0  # the answer awaited; an older one is ignored
        self.finished.connect(lambda _result: self._stop_waiting())
        self.resize(560, 400)
        self.load()

    # --- requests off the UI thread -----------------------------------------------------

    def _ask(self, waiting: str, work: Any, after: Any) -> None:
        from soc2wizard.gui.worker import run_in_background

        self._request += 1
        request = self._request
        self._set_busy(True, waiting)

        def done(members: list[Any]) -> None:
            if not self._awaits(request):
                return
            self._set_busy(False)
            self.show_members(members)
            self.loaded = True
            after()

        def failed(exc: BaseException) -> None:
            if not self._awaits(request):
                return
            self._set_busy(False)
            self.error.setText(self._failure(exc))

        self.task = run_in_background(lambda _progress: work(), done, failed)

    def _awaits(self, request: int) -> bool:
        """Whether this answer is the one the dialog waits for (not cancelled, superseded, or the dialog gone)."""
        # A dialog deleted with its window never said "finished": Qt's side is checked too.
        return request == self._request and shiboken6.isValid(self)

    def _failure(self, exc: BaseException) -> str:
        if isinstance(exc, services.FieldError):
            return str(exc)
        text = str(exc) if isinstance(exc, services.TeamError) else f"{type(exc).__name__}: {exc}"
        return text if self.address.server in text else f"{self.address.server}: {text}"

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.status.setText(text)
        if busy:
            self.error.setText("")
        for w in (self.add_button, self.remove_button, self.reload_button, self.who, self.role):
            w.setEnabled(not busy)
        self.table.setEnabled(not busy and self.loaded)
        self.cancel_button.setVisible(busy)
        self.spinner.setVisible(busy)
        self.close_button.setVisible(not busy)

    def _stop_waiting(self) -> None:
        self._request += 1
        self.busy = False

    def load(self) -> None:
        address = self.address
        self._ask(
            f"Loading the members from {address.server}…", lambda: services.team_members_at(address), lambda: None
        )

    def cancel(self) -> None:
        """Stop waiting for the server. Before the list came, that closes the dialog."""
        if not self.busy:
            return
        self._stop_waiting()
        if not self.loaded:
            self.reject()
            return
        self._set_busy(False)
        self.status.setText(
            f"Stopped waiting for {self.address.server}: the change may still have been made there. "
            "Reload shows the members as they are."
        )

    def show_members(self, members: list[Any]) -> None:
        self.table.setRowCount(len(members))
        for r, m in enumerate(members):
            for c, text in enumerate((m.member, m.role, m.added_by)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.status.setText(f"{len(members)} member{'s' if len(members) != 1 else ''}")

    def _change(self, who: str, role: str | None) -> None:
        if not who:
            self.error.setText("member: give a database role to add or change")
            return
        address = self.address
        what = (
            f"Making {who} {'an' if role == 'owner' or role == 'editor' else 'a'} {role}" if role else f"Removing {who}"
        )
        self._ask(
            f"{what} on {address.server}…",
            lambda: services.set_team_member_at(address, who, role),
            lambda: self.who.clear() if role else None,
        )

    def add(self) -> None:
        self._change(self.who.text().strip(), self.role.currentText())

    def remove(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            self._change(item.text(), None)


class ConflictsDialog(QDialog):
    """Concurrent edits met while syncing: the value kept, the one that lost, and one click to take it."""

    taken = Signal()

    def __init__(self, parent: QWidget | None, ctx: Any) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Team Conflicts")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Two people changed the same field before syncing. The later edit was kept everywhere; "
            "the other is below, and in the activity log. Take it to make it the value again."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["What", "Kept", "Lost", "", ""])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Conflicts")
        header = self.table.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.empty = QLabel("No conflicts.")
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()
        self.resize(820, 360)

    def refresh(self) -> None:
        conflicts = services.team_conflicts(self.ctx.s)
        self.conflicts = conflicts
        self.table.setRowCount(len(conflicts))
        for r, c in enumerate(conflicts):
            kept = f"{_shown(c.kept_value)} — {c.kept_actor}{' (you)' if not c.lost_here else ''}"
            lost = f"{_shown(c.lost_value)} — {c.lost_actor}{' (you)' if c.lost_here else ''}"
            for col, text in enumerate((c.label, kept, lost)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, col, item)
            take = QPushButton("Take Lost Value")
            take.setAccessibleName(f"Take {_shown(c.lost_value)} for {c.label}")
            take.clicked.connect(lambda _=False, cid=c.id: self.take(cid))
            keep = QPushButton("Keep")
            keep.setAccessibleName(f"Keep {_shown(c.kept_value)} for {c.label}")
            keep.clicked.connect(lambda _=False, cid=c.id: self.keep(cid))
            self.table.setCellWidget(r, 3, take)
            self.table.setCellWidget(r, 4, keep)
        self.table.setVisible(bool(conflicts))
        self.empty.setVisible(not conflicts)

    def take(self, conflict_id: int) -> None:
        c = services.take_conflict_value(self.ctx.s, conflict_id)
        self.ctx.notify(_topic(c.tbl))
        self.refresh()
        self.taken.emit()

    def keep(self, conflict_id: int) -> None:
        services.dismiss_conflict(self.ctx.s, conflict_id)
        self.refresh()
        self.taken.emit()


def _topic(tbl: str) -> str:
    from soc2wizard.gui.team import TOPIC_OF_TABLE

    return TOPIC_OF_TABLE.get(tbl, "workspace")


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    return str(value)


def ask_password(parent: QWidget | None, server: str) -> str | None:
    text, ok = QInputDialog.getText(
        parent,
        "Team Server Password",
        f"Password for {server}\n(kept in this machine's keychain):",
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None
