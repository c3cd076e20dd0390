"""Protecting a workspace from the app: passphrases, encryption, verification, the activity log.

``install(window)`` adds the File menu items and the read-only banner to the
main window; ``open_workspace(window, path)`` opens a file, asking for the
passphrase of an encrypted one. Every modal dialog goes through a function of
this module (``ask_passphrase``) or of ``gui.dialogs``, so tests can answer it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain.errors import Soc2Error
from soc2wizard.gui import dialogs

MIN_LENGTH = 8


class Passphrase(str):
    """A passphrase typed in the dialog, with the user's choice to keep it in the keychain."""

    remember: bool = False


def _remember(answer: str) -> bool:
    return bool(getattr(answer, "remember", False))


# --- the passphrase dialog ----------------------------------------------------------


class PassphraseDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        prompt: str,
        *,
        confirm: bool = False,
        offer_remember: bool = False,
        remember: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Passphrase")
        self.confirm = confirm
        layout = QVBoxLayout(self)
        text = QLabel(prompt)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("Passphrase")
        form.addRow("&Passphrase:", self.first)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("Repeat the passphrase")
        if confirm:
            form.addRow("&Repeat:", self.second)
        layout.addLayout(form)
        self.remember = QCheckBox("&Remember it in this computer's keychain")
        self.remember.setChecked(remember)
        self.remember.setToolTip(
            "This computer then opens the workspace without asking; on another computer, enter the passphrase."
        )
        self.remember.setVisible(offer_remember)
        layout.addWidget(self.remember)
        self.problem = QLabel()
        self.problem.setAccessibleName("Passphrase problem")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        from PySide6.QtWidgets import QDialogButtonBox  # here: no passphrase is asked before most first paints

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        self.first.textChanged.connect(self._check)
        self.second.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        problem = ""
        a, b = self.first.text(), self.second.text()
        if self.confirm:
            if a and len(a) < MIN_LENGTH:
                problem = f"Use at least {MIN_LENGTH} characters."
            elif b and a != b:
                problem = "The two passphrases differ."
        ok = bool(a) and not problem and (not self.confirm or a == b)
        self.problem.setText(problem)
        self.ok_button.setEnabled(ok)

    def answer(self) -> Passphrase:
        p = Passphrase(self.first.text())
        p.remember = self.remember.isVisible() and self.remember.isChecked()
        return p


def ask_passphrase(
    parent: QWidget | None, prompt: str, confirm: bool = False, *, offer_remember: bool = False, remember: bool = False
) -> str | None:
    """Ask for a passphrase (twice with ``confirm``); None when cancelled.

    The answer's ``remember`` attribute (a ``Passphrase``) carries the
    keychain choice when ``offer_remember``; a plain str means "don't".
    """
    dialog = PassphraseDialog(parent, prompt, confirm=confirm, offer_remember=offer_remember, remember=remember)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()


# --- opening ------------------------------------------------------------------------


def open_workspace(parent: QWidget | None, path: Path) -> services.Session | None:
    """Open ``path``; for an encrypted file ask for the passphrase until it opens or the user cancels.

    Other errors propagate (the caller shows them). A file another window has
    open comes back read-only, with a warning.
    """
    passphrase: str | None = None
    while True:
        try:
            session = services.open_workspace(path, passphrase=passphrase)
            break
        except services.PassphraseRequired as exc:
            if passphrase is not None:
                prompt = f"That passphrase does not open {path.name}. Try again."
            else:
                prompt = f"{path.name} is encrypted. Enter its passphrase to open it."
                if exc.reason:
                    prompt += f"\n\n(Not opened automatically: {exc.reason}.)"
            passphrase = ask_passphrase(parent, prompt, offer_remember=True)
            if passphrase is None:
                return None
    if passphrase is not None and _remember(passphrase):
        note = services.remember_passphrase(session, passphrase)
        if "not remembered" in note:
            dialogs.show_error(parent, "Passphrase not remembered", note)
    if session.locked_by:
        dialogs.show_error(
            parent,
            "Opened read-only",
            f"{session.path.name} is already open in {session.locked_by}. It has been "
            "opened read-only here, so that the two do not overwrite each other's edits.",
        )
    return session


# --- the File menu and the banner ---------------------------------------------------


class Protection(QObject):
    """The protection actions of one main window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.busy = False  # a long operation is running on the workspace
        menu = window.file_menu
        w = window
        self.new_encrypted_action = self._make(
            "New &Encrypted Workspace…", self.new_encrypted, "Create a workspace whose whole file is encrypted"
        )
        opener = next((a for a in menu.actions() if a.text().startswith("&Open")), None)
        menu.insertAction(opener, self.new_encrypted_action)
        self.encrypt_action = self._make(
            "&Encrypt…", self.encrypt, "Encrypt the whole workspace file with a passphrase"
        )
        self.change_action = self._make(
            "Change &Passphrase…", self.change_passphrase, "Re-encrypt the workspace with a new passphrase"
        )
        self.remove_action = self._make(
            "Remove Encr&yption…", self.remove_encryption, "Write the workspace back as a plain SQLite file"
        )
        self.verify_action = self._make(
            "&Verify Workspace…", self.verify, "Check every evidence file's SHA-256 and the file's integrity"
        )
        self.activity_action = self._make("Activity &Log…", self.activity, "Who changed what, and when")
        before = getattr(w, "settings_action", None)
        self.workspace_actions = [
            self.encrypt_action,
            self.change_action,
            self.remove_action,
            self.verify_action,
            self.activity_action,
        ]
        for a in self.workspace_actions:
            menu.insertAction(before, a)
            a.setEnabled(False)
        menu.insertSeparator(before)
        if isinstance(getattr(w, "workspace_actions", None), list):
            # Enabled with any open workspace; the encryption ones follow its state (update_actions).
            w.workspace_actions.extend([self.verify_action, self.activity_action])
        menu.aboutToShow.connect(self.update_actions)

        self.banner = QLabel()
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setAccessibleName("Read-only notice")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel#readOnlyBanner { background: palette(highlight); "
            "color: palette(highlighted-text); padding: 6px 12px; }"
        )
        self.banner.hide()
        self._place_banner()
        window.ctx.workspaceOpened.connect(self.update_banner)
        window.ctx.workspaceClosed.connect(self.update_banner)
        window.ctx.workspaceOpened.connect(self.update_actor)
        window.ctx.changed.connect(self.update_actor)  # Preferences may have changed the name

    def _make(self, text: str, slot: Any, tip: str) -> QAction:
        a = QAction(text, self.window)
        a.setStatusTip(tip)
        a.triggered.connect(slot)
        return a

    def _place_banner(self) -> None:
        """Above the step pages, in the column that holds them."""
        pages = getattr(self.window, "pages", None)
        outer = self.window.workspace.layout() if hasattr(self.window, "workspace") else None
        if pages is not None and outer is not None:
            for i in range(outer.count()):
                inner = outer.itemAt(i).layout()
                if inner is not None and inner.indexOf(pages) >= 0:
                    inner.insertWidget(0, self.banner)
                    return
        self.window.statusBar().addPermanentWidget(self.banner)

    @property
    def session(self) -> services.Session | None:
        return self.window.ctx.session

    @Slot()
    def update_banner(self) -> None:
        s = self.session
        if s is not None and s.read_only:
            if s.locked_by:
                self.banner.setText(
                    f"Read-only: {s.path.name} is open in {s.locked_by}, so changes "
                    "cannot be saved here. Close it there, then reopen it here to edit."
                )
            else:
                self.banner.setText(f"Read-only: {s.path.name} is open for reading only; changes cannot be saved.")
            self.banner.show()
        else:
            self.banner.hide()
        self.update_actions()

    @Slot()
    def update_actor(self, _topic: str = "") -> None:
        """The activity log names the app's user, from Preferences, else the workspace's assessor or OS user."""
        from PySide6.QtCore import QSettings

        from soc2wizard.gui.widgets import PREF_ASSESSOR

        if self.session is not None:
            services.set_actor(self.session, str(QSettings().value(PREF_ASSESSOR, "") or ""))

    @Slot()
    def update_actions(self) -> None:
        s = self.session
        writable = s is not None and not s.read_only and not self.busy
        encrypted = s is not None and services.is_encrypted(s)
        self.encrypt_action.setEnabled(writable and not encrypted)
        self.change_action.setEnabled(writable and encrypted)
        self.remove_action.setEnabled(writable and encrypted)
        self.verify_action.setEnabled(s is not None)
        self.activity_action.setEnabled(s is not None)

    def _run(self, title: str, label: str, work: Any, done: Any) -> Any:
        """Run ``work()`` off the UI thread under a window-modal progress dialog; ``done(result)`` after.

        What is being typed is committed first, and the dialog keeps the user from
        editing while the file is rewritten or read. A failure is said in a dialog.
        """
        from PySide6.QtWidgets import QProgressDialog

        from soc2wizard.gui.worker import run_in_background

        ctx = self.window.ctx
        ctx.flush_edits()
        ctx.settle()
        dlg = QProgressDialog(label, "", 0, 0, self.window)
        dlg.setCancelButton(None)
        dlg.setWindowTitle(title.split(" not ")[0] if " not " in title else title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(200)
        dlg.setValue(0)
        self.busy = True

        def finish() -> None:
            dlg.reset()
            self.busy = False
            self.update_actions()
            if hasattr(self.window, "_update_title") and self.session is not None:
                self.window._update_title()

        def ok(result: Any) -> None:
            finish()
            done(result)

        def failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, (Soc2Error, OSError)):
                dialogs.show_error(self.window, title, str(exc))
            else:
                ctx.report(f"{title}: {exc}", exc)

        return run_in_background(lambda _progress: work(), ok, failed)

    def _can_encrypt(self) -> bool:
        why = services.encryption_available()
        if why:
            dialogs.show_error(self.window, "Encryption not available", why[:1].upper() + why[1:] + ".")
        return not why

    @Slot()
    def new_encrypted(self) -> None:
        if not self._can_encrypt():
            return
        chosen = self.window.ask_name_and_path()
        if chosen is None:
            return
        name, path = chosen
        answer = ask_passphrase(
            self.window,
            f"Choose a passphrase for {path.name}. Without it the workspace cannot be opened: keep it somewhere safe.",
            confirm=True,
            offer_remember=True,
            remember=True,
        )
        if answer is None:
            return
        if path.exists():
            dialogs.show_error(
                self.window,
                "Workspace not created",
                f"{path.name} already exists. Choose another name, or open it instead.",
            )
            return

        def create() -> Any:
            return services.create_workspace(path, name=name, passphrase=str(answer), remember=_remember(answer))

        def created(session: Any) -> None:
            for note in session.notices:
                if "not remembered" in note:
                    dialogs.show_error(self.window, "Passphrase not remembered", note)
            self.window.adopt_new(session)

        return self._run("Workspace not created", f"Creating {path.name}…", create, created)

    @Slot()
    def encrypt(self) -> None:
        s = self.session
        if s is None or not self._can_encrypt():
            return
        answer = ask_passphrase(
            self.window,
            f"Choose a passphrase for {s.path.name}. The whole file "
            "will be encrypted; without the passphrase it cannot be opened, so keep "
            "it somewhere safe.",
            confirm=True,
            offer_remember=True,
            remember=True,
        )
        if answer is None:
            return
        return self._run(
            "Workspace not encrypted",
            f"Encrypting {s.path.name}…",
            lambda: services.encrypt_workspace(s, str(answer), remember=_remember(answer)),
            lambda message: dialogs.show_info(self.window, "Workspace encrypted", message),
        )

    @Slot()
    def change_passphrase(self) -> None:
        s = self.session
        if s is None:
            return
        answer = ask_passphrase(
            self.window,
            f"Choose a new passphrase for {s.path.name}.",
            confirm=True,
            offer_remember=True,
            remember=services.passphrase_remembered(s),
        )
        if answer is None:
            return
        return self._run(
            "Passphrase not changed",
            f"Re-encrypting {s.path.name} with the new passphrase…",
            lambda: services.change_passphrase(s, str(answer), remember=_remember(answer)),
            lambda message: dialogs.show_info(self.window, "Passphrase changed", message),
        )

    @Slot()
    def remove_encryption(self) -> None:
        s = self.session
        if s is None:
            return
        if not dialogs.confirm(
            self.window,
            "Remove encryption",
            f"Write {s.path.name} back as a plain SQLite file? Anyone who can read the "
            "file will then be able to read the assessment.",
            ok="Remove Encryption",
        ):
            return
        return self._run(
            "Encryption not removed",
            f"Writing {s.path.name} back as a plain file…",
            lambda: services.remove_encryption(s),
            lambda message: dialogs.show_info(self.window, "Encryption removed", message),
        )

    @Slot()
    def verify(self) -> None:
        s = self.session
        if s is None:
            return

        def verified(result: Any) -> None:
            if result.ok:
                dialogs.show_info(self.window, "Workspace verified", result.lines()[0])
                return
            lines = result.lines()
            dialogs.show_error(
                self.window,
                "Verification found problems",
                f"{len(lines)} problem{'s' if len(lines) != 1 else ''} found in {s.path.name}. The first: {lines[0]}",
                "\n".join(lines),
            )

        return self._run(
            "Workspace not verified",
            f"Checking {s.path.name} and every evidence file…",
            lambda: services.verify_workspace(s),
            verified,
        )

    @Slot()
    def activity(self) -> None:
        if self.session is not None:
            from soc2wizard.gui.activity import show_activity

            show_activity(self.window, self.session)


def install(window: Any) -> Protection:
    """Add the protection items to ``window``'s File menu, and its read-only banner."""
    window.protection = Protection(window)
    return window.protection
