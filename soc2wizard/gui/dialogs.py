"""Every modal dialog the app shows, behind a module-level function.

Tests replace these functions (``monkeypatch.setattr(dialogs, "confirm", ...)``)
so no test ever waits on a modal loop. Callers always go through the module
(``dialogs.ask_open_path(...)``), never ``from dialogs import ...``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

WORKSPACE_FILTER = "SOC 2 workspaces (*.soc2);;All files (*)"
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg)"


def ask_open_path(parent: QWidget | None, start: str = "") -> Path | None:
    """A workspace file to open, or None."""
    path, _ = QFileDialog.getOpenFileName(parent, "Open workspace", start, WORKSPACE_FILTER)
    return Path(path) if path else None


def ask_import_path(parent: QWidget | None, title: str, file_filter: str, start: str = "") -> Path | None:
    """A file to import (a checklist CSV), or None."""
    path, _ = QFileDialog.getOpenFileName(parent, title, start, file_filter)
    return Path(path) if path else None


def ask_new_path(parent: QWidget | None, suggested: str = "") -> Path | None:
    """Where to create a new workspace (``.soc2`` added when missing), or None."""
    path, _ = QFileDialog.getSaveFileName(parent, "Create workspace", suggested, WORKSPACE_FILTER)
    if not path:
        return None
    p = Path(path)
    return p if p.suffix else p.with_suffix(".soc2")


def ask_company_name(parent: QWidget | None, suggested: str = "") -> str | None:
    """The company's name for a new workspace, or None."""
    text, ok = QInputDialog.getText(
        parent,
        "New workspace",
        "Company name (you can change it later):",
        QLineEdit.EchoMode.Normal,
        suggested,
    )
    text = " ".join(text.split())
    return text if ok and text else None


def ask_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> Path | None:
    """Where to write an export, or None."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return Path(path) if path else None


def ask_image_path(parent: QWidget | None) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Choose a logo", "", IMAGE_FILTER)
    return Path(path) if path else None


def confirm(parent: QWidget | None, title: str, text: str, *, ok: str = "OK") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(ok, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def show_about(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.about(parent, title, text)


def edit_workspace_settings(parent: QWidget | None, ctx) -> None:  # noqa: ANN001
    from soc2wizard.gui.settings_dialog import WorkspaceSettingsDialog

    WorkspaceSettingsDialog(ctx, parent).exec()


def edit_preferences(parent: QWidget | None) -> None:
    from soc2wizard.gui.settings_dialog import PreferencesDialog

    PreferencesDialog(parent).exec()
