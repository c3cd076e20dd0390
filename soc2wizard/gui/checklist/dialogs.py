"""Every modal dialog and outside launch of the checklist, behind a replaceable function.

Tests monkeypatch these (``dialogs.ask_evidence_files = lambda parent: [...]``);
the page always calls them through this module.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget


def ask_evidence_files(parent: QWidget | None) -> list[Path]:
    """The files to keep as evidence, or an empty list when cancelled."""
    names, _ = QFileDialog.getOpenFileNames(parent, "Add evidence files")
    return [Path(n) for n in names]


def ask_link(parent: QWidget | None) -> tuple[str, str] | None:
    """(address, name) of a link kept as evidence, or None when cancelled."""
    url, ok = QInputDialog.getText(
        parent, "Add a link", "Address of the evidence (https://…):", QLineEdit.EchoMode.Normal, "https://"
    )
    if not ok or not url.strip() or url.strip() == "https://":
        return None
    name, ok = QInputDialog.getText(parent, "Add a link", "A short name for it (optional):")
    if not ok:
        return None
    return url.strip(), name.strip()


def open_external(url: QUrl) -> bool:
    """Open a file or web address with the system's default application."""
    return QDesktopServices.openUrl(url)
