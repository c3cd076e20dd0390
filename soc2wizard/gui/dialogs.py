"""Every modal dialog the app shows, behind a module-level function.

Tests replace these functions (``monkeypatch.setattr(dialogs, "confirm", ...)``)
so no test ever waits on a modal loop. Callers always go through the module
(``dialogs.ask_open_path(...)``), never ``from dialogs import ...``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

# The file dialog, the message box and the button box are imported where they are used: PySide6
# builds a class's Python enums the first time the class is touched, and start-up shows none of them.

WORKSPACE_FILTER = "SOC 2 workspaces (*.soc2);;All files (*)"
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg)"


def ask_open_path(parent: QWidget | None, start: str = "") -> Path | None:
    """A workspace file to open, or None."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, "Open workspace", start_in(start), WORKSPACE_FILTER)
    return remember_folder(Path(path)) if path else None


def ask_import_path(parent: QWidget | None, title: str, file_filter: str, start: str = "") -> Path | None:
    """A file to import (a checklist CSV), or None."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, start_in(start), file_filter)
    return remember_folder(Path(path)) if path else None


def ask_new_path(parent: QWidget | None, suggested: str = "") -> Path | None:
    """Where to create a new workspace (``.soc2`` added when missing), or None."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, "Create workspace", start_in(suggested), WORKSPACE_FILTER)
    if not path:
        return None
    p = Path(path)
    return remember_folder(p if p.suffix else p.with_suffix(".soc2"))


def company_name_problem(text: str) -> str:
    """Why ``text`` cannot be a company's name ("" when it can): the answers' own validator says."""
    from soc2wizard.domain.answers import AnswersError, parse_answers

    try:
        parse_answers({"format": "soc2wizard-answers/1", "company": {"name": text}})
    except AnswersError as exc:
        return f"The name {exc.message}." if exc.path == "company.name" else str(exc)
    return ""


class NameDialog(QDialog):
    """The company's name for a new workspace, checked as it is typed; OK only when it is valid."""

    def __init__(self, parent: QWidget | None, suggested: str = "") -> None:
        from PySide6.QtWidgets import QDialogButtonBox

        super().__init__(parent)
        self.setWindowTitle("New workspace")
        lay = QVBoxLayout(self)
        label = QLabel("Company &name (you can change it later):")
        self.name = QLineEdit(suggested)
        self.name.setAccessibleName("Company name")
        label.setBuddy(self.name)
        self.problem = QLabel()
        self.problem.setAccessibleName("Name problem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for w in (label, self.name, self.problem, self.buttons):
            lay.addWidget(w)
        self.name.textChanged.connect(self._check)
        self._check()
        self.resize(460, self.sizeHint().height())

    def _check(self) -> None:
        from PySide6.QtWidgets import QDialogButtonBox

        text = self.name.text()
        problem = company_name_problem(text) if text.strip() else ""
        self.problem.setText(("⚠ " + problem) if problem else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()) and not problem)

    def answer(self) -> str:
        return " ".join(self.name.text().split())


def ask_company_name(parent: QWidget | None, suggested: str = "") -> str | None:
    """The company's name for a new workspace (valid, tidied), or None when cancelled."""
    dialog = NameDialog(parent, suggested)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer() or None


def file_stem(name: str, limit: int = 60) -> str:
    """A file name from a company's name: no characters file systems refuse, not too long."""
    stem = "".join("-" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name).strip(" .")
    return stem[:limit].rstrip(" .") or "workspace"


def documents_folder() -> str:
    """Where file dialogs start: the folder used last, else the user's documents folder."""
    from PySide6.QtCore import QSettings, QStandardPaths

    last = str(QSettings().value("dialogs/last_folder", "") or "")
    if last and Path(last).is_dir():
        return last
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def remember_folder(path: Path | None) -> Path | None:
    """Keep the folder of a chosen file as the next dialog's start."""
    if path is not None:
        from PySide6.QtCore import QSettings

        QSettings().setValue("dialogs/last_folder", str(Path(path).parent))
    return path


def start_in(suggested: str) -> str:
    """A suggested path or file name, placed in the start folder when it names no folder."""
    if not suggested:
        return documents_folder()
    p = Path(suggested)
    return suggested if p.is_absolute() else str(Path(documents_folder()) / p)


def ask_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> Path | None:
    """Where to write an export, or None."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, start_in(suggested), file_filter)
    return remember_folder(Path(path)) if path else None


def ask_image_path(parent: QWidget | None) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, "Choose a logo", documents_folder(), IMAGE_FILTER)
    return remember_folder(Path(path)) if path else None


def confirm(parent: QWidget | None, title: str, text: str, *, ok: str = "OK") -> bool:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(ok, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def show_about(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(parent, title, text)


def edit_workspace_settings(parent: QWidget | None, ctx) -> None:  # noqa: ANN001
    from soc2wizard.gui.settings_dialog import WorkspaceSettingsDialog

    WorkspaceSettingsDialog(ctx, parent).exec()


def edit_preferences(parent: QWidget | None) -> None:
    from soc2wizard.gui.settings_dialog import PreferencesDialog

    PreferencesDialog(parent).exec()
