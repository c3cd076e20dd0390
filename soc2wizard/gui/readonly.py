"""A read-only workspace shows every editor disabled, not editors whose changes go nowhere.

Widgets that only look, search, filter or export carry the property
``viewer`` and stay usable.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

VIEWER = "viewer"
W = TypeVar("W", bound=QWidget)


def viewer(widget: W) -> W:
    """Mark a widget that only shows or finds things: it stays usable in a read-only workspace."""
    widget.setProperty(VIEWER, True)
    return widget


def _kept(w: QWidget) -> bool:
    return bool(w.property(VIEWER))


def make_read_only(root: QWidget) -> list[QWidget]:
    """Disable every editor under ``root`` (and ``root`` itself); returns the widgets changed."""
    changed: list[QWidget] = []
    for w in [root, *root.findChildren(QWidget)]:
        if _kept(w):
            continue
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            if isinstance(w, QTextEdit) and w.isReadOnly():
                continue  # a text browser: already only shows
            w.setReadOnly(True)
            for a in w.actions():  # a date field's calendar and clear icons
                a.setEnabled(False)
            changed.append(w)
        elif isinstance(w, QToolButton):
            continue  # dismiss a message, remove a filter chip, a line edit's icons
        elif isinstance(w, (QAbstractButton, QComboBox, QAbstractSpinBox)):
            if w.isEnabled():
                w.setEnabled(False)
                changed.append(w)
        elif isinstance(w, QAbstractItemView):
            w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            w.setProperty("read_only", True)
            changed.append(w)
    return changed


def is_editor_enabled(w: QWidget) -> bool:
    """Whether ``w`` would let the user change something (the tests walk every widget with it)."""
    if _kept(w) or not w.isEnabled():
        return False
    if isinstance(w, (QLineEdit, QPlainTextEdit)):
        return not w.isReadOnly()
    if isinstance(w, QTextEdit):
        return not w.isReadOnly()
    if isinstance(w, QToolButton):
        return False
    if isinstance(w, (QAbstractButton, QComboBox, QAbstractSpinBox)):
        return True
    if isinstance(w, QAbstractItemView):
        return w.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
    return False
