"""The app's shared state for the open workspace: the session, the undo stack, and change signals.

Pages never talk to each other. They call ``perform`` (which commits through
services and pushes an undoable command) and listen to ``changed`` to
refresh. A topic names what changed: answers, scope, controls, states,
evidence, settings, overrides, workspace. ``states`` is a checklist edit
whose new control states the checklist has already shown: the rows are
patched in place rather than read again.

Figures derived from the whole workspace (step states, readiness, plan
checks, the estimate) are not worked out on the edit's path: ``derived``
fires once, a frame after a burst of changes, and whatever shows such
figures recomputes then.

Everything here belongs to one workspace: opening another clears the undo
stack and every cache (the window also builds its pages afresh).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence, Set as AbstractSet
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication

from soc2wizard import services
from soc2wizard.domain.errors import FieldError, Soc2Error

TOPICS = ("answers", "scope", "controls", "states", "evidence", "settings", "overrides", "workspace")
DERIVED_DELAY_MS = 16  # a frame: the edited cell paints first, then the figures follow

log = logging.getLogger("soc2wizard.gui")


class AppContext(QObject):
    changed = Signal(str)  # a topic from TOPICS
    derived = Signal()  # figures computed from the whole workspace may have changed (coalesced)
    problem = Signal(str)  # something went wrong that the user should read (the window's message bar)
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
        self._derived_timer = QTimer(self)
        self._derived_timer.setSingleShot(True)
        self._derived_timer.setInterval(DERIVED_DELAY_MS)
        self._derived_timer.timeout.connect(self._emit_derived)
        self.derived_held = False  # set while a freshly opened workspace waits for its first paint
        self._replaying = False  # undo steps pushed again after a team sync: nothing runs

    # --- the workspace ---------------------------------------------------------

    def open(self, session: services.Session) -> None:
        self.close()
        self._derived_timer.setInterval(DERIVED_DELAY_MS)
        self.session = session
        self.undo_stack.clear()
        self._forget("workspace")
        self.workspaceOpened.emit()
        self.changed.emit("workspace")

    def close(self) -> None:
        if self.session is not None:
            self.flush_edits()
            self.undo_stack.clear()
            self._derived_timer.stop()
            session, self.session = self.session, None
            session.close()
            self._forget("workspace")
            self.workspaceClosed.emit()

    @property
    def s(self) -> services.Session:
        if self.session is None:
            raise RuntimeError("no workspace is open")
        return self.session

    @property
    def read_only(self) -> bool:
        return self.session is not None and self.session.read_only

    # --- derived data, cached until something changes ---------------------------

    def _forget(self, topic: str) -> None:
        self._estimate = None
        if topic != "states":  # those rows were patched in place (patch_states)
            self._rows = None
        if self.session is not None and not self.derived_held:
            self._derived_timer.start()

    def hold_derived(self) -> None:
        """Work out nothing derived until ``release_derived`` (the window calls it after its first paint)."""
        self.derived_held = True
        self._derived_timer.stop()

    def release_derived(self) -> None:
        if self.derived_held:
            self.derived_held = False
            if self.session is not None:
                self._derived_timer.start(0)

    def _emit_derived(self) -> None:
        if self.session is not None:
            self.derived.emit()

    def settle(self) -> None:
        """Work out the derived figures now if a change is waiting for them (tests, exports)."""
        if self.derived_held:
            self.derived_held = False
            self._derived_timer.start()
        if self._derived_timer.isActive():
            self._derived_timer.stop()
            self._emit_derived()

    def rows(self) -> list[Any]:
        """The checklist rows of the open workspace (cached until the next change).

        The sidebar, the checklist page and the estimate all need them after
        each edit; reading them once keeps an edit on 2,000 rows quick.
        """
        if self._rows is None:
            self._rows = services.checklist(self.s)
        return list(self._rows)

    def patch_states(self, states: Sequence[Any]) -> None:
        """Put new control states into the cached rows (the checklist shows them already)."""
        if self._rows is None or not states:
            return
        by_id = {st.control_id: st for st in states}
        self._rows = [replace(r, state=by_id[r.control.id]) if r.control.id in by_id else r for r in self._rows]

    def estimate(self) -> Any:
        """The plan estimate for the open workspace (cached until the next change)."""
        if self._estimate is None:
            self._estimate = services.estimate(self.s, today=self.today(), rows=self.rows())
        return self._estimate

    def notify(self, topic: str) -> None:
        self.changed.emit(topic)

    def report(self, text: str, exc: BaseException | None = None) -> None:
        """Tell the user (message bar) and the log that something went wrong."""
        if exc is not None:
            log.error("%s", text, exc_info=(type(exc), exc, exc.__traceback__))
        else:
            log.error("%s", text)
        self.problem.emit(text)

    # --- edits -------------------------------------------------------------------

    def flush_edits(self) -> None:
        """Commit what is being typed in the focused field, if anything (before undo, close, export)."""
        from soc2wizard.gui.commit import committer_of

        c = committer_of(QApplication.focusWidget())
        if c is not None:
            c.finish()

    def undo(self) -> None:
        self.flush_edits()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.flush_edits()
        self.undo_stack.redo()

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
        again, so they change the file too. A read-only workspace refuses
        every edit with a WorkspaceError, said in the message bar too.
        """
        if self.read_only:
            s = self.s
            why = f" because {s.locked_by} has it open" if s.locked_by else ""
            message = f"{s.path.name} is open read-only{why}; nothing was changed."
            self.problem.emit(message)
            raise services.WorkspaceError(message)
        mark = services.team_edit_mark(self.s)
        try:
            result = do()
        except FieldError:
            raise
        except Soc2Error as exc:
            if isinstance(exc, services.StorageError):  # e.g. a full disk: the status bar says it too
                self.saveFailed.emit(str(exc))
            self.problem.emit(str(exc))
            raise
        records = services.team_rows_since(self.s, mark) if mark is not None else None
        self.undo_stack.push(ServiceCommand(self, text, do, undo, topic, merge_id, records))
        return result

    def forget_undo_touching(self, rows: AbstractSet[tuple[str, str]]) -> int:
        """Drop the undo (and redo) steps whose records a team sync just changed; returns how many.

        Undoing such a step would write its old value over a teammate's newer one. The other steps
        stay, in order; a step whose records are unknown (made before the file was shared) goes too.
        Qt cannot take a step out of a stack, so the kept steps are pushed again, without running them.
        """
        stack = self.undo_stack
        if not rows or not stack.count():
            return 0
        kept: list[tuple[str | None, list[ServiceCommand]]] = []  # (macro text or None, the steps)
        done = 0  # how many kept steps are done (the rest can be redone)
        for i in range(stack.count()):
            cmd = stack.command(i)
            macro = not isinstance(cmd, ServiceCommand)
            parts = [cmd.child(j) for j in range(cmd.childCount())] if macro else [cmd]
            steps = [p for p in parts if isinstance(p, ServiceCommand) and p.still_valid(rows)]
            if parts and len(steps) == len(parts):
                kept.append((cmd.text() if macro else None, [p.copy() for p in steps]))
                done += i < stack.index()
        dropped = stack.count() - len(kept)
        if dropped:
            self._replaying = True
            try:
                stack.clear()
                for text, steps in kept:
                    if text is not None:
                        stack.beginMacro(text)
                    for step in steps:
                        stack.push(step)
                    if text is not None:
                        stack.endMacro()
                stack.setIndex(done)  # the steps that were undone are undone again: redo still has them
            finally:
                self._replaying = False
        return dropped


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
        records: frozenset[tuple[str, str]] | None = frozenset(),
    ) -> None:
        super().__init__(text)
        self._ctx, self._do, self._undo, self._topic = ctx, do, undo, topic
        self._merge_id = merge_id
        self._applied = True
        # A team replica's records (table, row key) this step writes; None: not known (before sharing).
        self.records = records

    def copy(self) -> ServiceCommand:
        """The same step, to push again as done (see AppContext.forget_undo_touching)."""
        return ServiceCommand(self._ctx, self.text(), self._do, self._undo, self._topic, self._merge_id, self.records)

    def still_valid(self, changed: AbstractSet[tuple[str, str]]) -> bool:
        """Whether none of this step's records is among those a sync changed."""
        return self.records is not None and not (self.records & changed)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        # Commits during one stretch of typing make one undo step: keep our undo, take their do.
        if not isinstance(other, ServiceCommand) or other._merge_id != self._merge_id or self._ctx._replaying:
            return False
        self._do = other._do
        self.records = _union(self.records, other.records)
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False  # the first redo happens inside push(): already done
        elif not self._ctx._replaying:
            self._run(self._do)
        if not self._ctx._replaying:
            self._ctx.notify(self._topic)

    def undo(self) -> None:
        if not self._ctx._replaying:
            self._run(self._undo)
            self._ctx.notify(self._topic)

    def _run(self, fn: Callable[[], Any]) -> None:
        s = self._ctx.s
        mark = services.team_edit_mark(s)
        try:
            fn()
            if mark is not None:  # an undone row added again has a new key: keep track of it too
                self.records = _union(self.records, services.team_rows_since(s, mark))
        except Soc2Error as exc:  # a file that went read-only, or a full disk: said, never swallowed
            if isinstance(exc, services.StorageError):
                self._ctx.saveFailed.emit(str(exc))
            self._ctx.report(f"{self.text()} could not be applied: {exc}", exc)


def _union(
    a: frozenset[tuple[str, str]] | None, b: frozenset[tuple[str, str]] | None
) -> frozenset[tuple[str, str]] | None:
    return None if a is None or b is None else a | b
