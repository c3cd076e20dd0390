"""Typed text is stored when the user has finished with it, and only when it is valid.

A ``Committer`` watches one text field (QLineEdit or QPlainTextEdit). It
commits when the user presses Enter (Ctrl+Enter in a multi-line field),
leaves the field, or pauses typing for ``PAUSE_MS``; never on each
keystroke, so typing costs no write and a half-typed value is never saved.
``commit(text, final)`` validates and stores, showing its own error and
returning False when the text is refused (then nothing is stored). After a
final commit the field shows exactly what was stored.

Ctrl+Z and Ctrl+Shift+Z in a watched field go to the app's undo stack (the
field's own undo would show text that is not stored); the pending text is
committed first, so undo takes back the whole stretch of typing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

PAUSE_MS = 700  # a pause in typing this long commits what is there

_ATTR = "_soc2wizard_committer"


def committer_of(widget: QWidget | None) -> Committer | None:
    """The committer watching ``widget`` (or None)."""
    return getattr(widget, _ATTR, None) if widget is not None else None


class Committer(QObject):
    def __init__(
        self,
        edit: QLineEdit | QPlainTextEdit,
        commit: Callable[[str, bool, Any], bool],
        *,
        stored: Callable[[Any], str] | None = None,
        target: Callable[[], Any] | None = None,
        finished: Callable[[], None] | None = None,
        pause_ms: int = PAUSE_MS,
    ) -> None:
        """``commit(text, final, target)`` stores; ``stored(target)`` is the text as kept;
        ``target()`` names what is being edited (read at the first keystroke, so a
        change of selection before the commit cannot redirect it); ``finished()``
        runs after a final commit (the page ends its undo merge there)."""
        super().__init__(edit)
        self.edit = edit
        self._commit = commit
        self._stored = stored
        self._target = target
        self._finished = finished
        self.pending = False
        self._for: Any = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(pause_ms)
        self.timer.timeout.connect(self._pause)
        setattr(edit, _ATTR, self)
        if isinstance(edit, QLineEdit):
            edit.textEdited.connect(self._typed)
            edit.returnPressed.connect(self.finish)
        else:
            edit.textChanged.connect(self._typed)  # refreshes set text with signals blocked
        edit.installEventFilter(self)

    def text(self) -> str:
        e = self.edit
        return e.text() if isinstance(e, QLineEdit) else e.toPlainText()

    def _set_text(self, text: str) -> None:
        e = self.edit
        if self.text() == text:
            return
        e.blockSignals(True)
        if isinstance(e, QLineEdit):
            e.setText(text)
        else:
            e.setPlainText(text)
        e.blockSignals(False)

    def _typed(self, *_args: Any) -> None:
        if not self.pending:
            self.pending = True
            self._for = self._target() if self._target is not None else None
        self.timer.start()

    def _pause(self) -> None:
        if self.pending:
            self._run(final=False)

    def finish(self) -> None:
        """Commit now what is typed (Enter, leaving the field, undo, closing)."""
        self.timer.stop()
        if self.pending:
            self._run(final=True)

    def _run(self, *, final: bool) -> None:
        target = self._for
        self.pending = False
        ok = self._commit(self.text(), final, target)
        if not ok:
            # Refused: nothing stored, the message is at the field. Leaving the
            # field or pressing Enter again tries once more.
            self.pending = True
            return
        if final:
            self._for = None
            if self._stored is not None:
                self._set_text(self._stored(target))
            if self._finished is not None:
                self._finished()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.edit:
            t = event.type()
            if t == QEvent.Type.FocusOut:
                self.finish()
            elif t == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
                # Not accepted: the window's Undo/Redo actions take the key, not the field.
                if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
                    return True
            elif (
                t == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and isinstance(self.edit, QPlainTextEdit)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                self.finish()
                return True
        return super().eventFilter(watched, event)
