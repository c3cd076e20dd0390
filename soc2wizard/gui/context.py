"""The app's shared state: the open workspace, the undo stack, and change signals.

Pages never talk to each other. They call ``perform`` (which commits through
services and pushes an undoable command) and listen to ``changed`` to
refresh. A topic names what changed: answers, scope, controls, evidence,
settings, overrides, workspace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from soc2wizard import services

TOPICS = ("answers", "scope", "controls", "evidence", "settings", "overrides", "workspace")


class AppContext(QObject):
    changed = Signal(str)  # a topic from TOPICS
    workspaceOpened = Signal()
    workspaceClosed = Signal()
    saveFailed = Signal(str)  # an edit the workspace could not save (full disk): the window shows it

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: services.Session | None = None
        self.undo_stack = QUndoStack(self)
        self._estimate: Any = None
        self._rows: list[Any] | None = None
        self.today: Callable[[], dt.date] = dt.date.today
        self.changed.connect(self._forget)

    # --- the workspace ---------------------------------------------------------

    def open(self, session: services.Session) -> None:
        self.close()
        self.session = session
        self.undo_stack.clear()
        self._forget("workspace")
        self.workspaceOpened.emit()
        self.changed.emit("workspace")

    def close(self) -> None:
        if self.session is not None:
            self.undo_stack.clear()
            session, self.session = self.session, None
            session.close()
            self._forget("workspace")
            self.workspaceClosed.emit()

    @property
    def s(self) -> services.Session:
        if self.session is None:
            raise RuntimeError("no workspace is open")
        return self.session

    # --- derived data, cached until something changes ---------------------------

    def _forget(self, _topic: str) -> None:
        self._estimate = None
        self._rows = None

    def rows(self) -> list[Any]:
        """The checklist rows of the open workspace (cached until the next change).

        The sidebar, the checklist page and the estimate all need them after
        each edit; reading them once keeps an edit on 2,000 rows quick.
        """
        if self._rows is None:
            self._rows = services.checklist(self.s)
        return list(self._rows)

    def estimate(self) -> Any:
        """The plan estimate for the open workspace (cached until the next change)."""
        if self._estimate is None:
            self._estimate = services.estimate(self.s, today=self.today(), rows=self.rows())
        return self._estimate

    def notify(self, topic: str) -> None:
        self.changed.emit(topic)

    # --- edits -------------------------------------------------------------------

    def perform(
        self,
        text: str,
        do: Callable[[], Any],
        undo: Callable[[], Any],
        topic: str,
        *,
        merge_id: int = -1,
    ) -> Any:
        """Commit an edit now through services and make it undoable.

        ``do`` runs at once; if it raises (a FieldError for a bad value),
        nothing is pushed and nothing changed. Undo and redo call services
        again, so they change the file too.
        """
        try:
            result = do()
        except services.StorageError as exc:
            self.saveFailed.emit(str(exc))
            raise
        self.undo_stack.push(ServiceCommand(self, text, do, undo, topic, merge_id))
        return result


class ServiceCommand(QUndoCommand):
    """An edit already committed once; redo/undo re-run services calls."""

    def __init__(
        self,
        ctx: AppContext,
        text: str,
        do: Callable[[], Any],
        undo: Callable[[], Any],
        topic: str,
        merge_id: int = -1,
    ) -> None:
        super().__init__(text)
        self._ctx, self._do, self._undo, self._topic = ctx, do, undo, topic
        self._merge_id = merge_id
        self._applied = True

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        # Typing into one field makes one undo step: keep our undo, take their do.
        if not isinstance(other, ServiceCommand) or other._merge_id != self._merge_id:
            return False
        self._do = other._do
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False  # the first redo happens inside push(): already done
        else:
            self._run(self._do)
        self._ctx.notify(self._topic)

    def undo(self) -> None:
        self._run(self._undo)
        self._ctx.notify(self._topic)

    def _run(self, call: Callable[[], Any]) -> None:
        try:
            call()
        except services.StorageError as exc:  # e.g. a full disk: say so rather than fail silently
            self._ctx.saveFailed.emit(str(exc))
