"""Slow work off the UI thread, with success and failure callbacks on the UI thread.

The work function touches services or files, never widgets.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, str)


class Task(QRunnable):
    """Run ``work(progress)`` in the thread pool; ``progress(percent, text)`` may be called."""

    def __init__(self, work: Callable[[Callable[[int, str], None]], Any]) -> None:
        super().__init__()
        self.signals = _Signals()
        self._work = work
        self.cancelled = False

    def run(self) -> None:
        # Qt's pool threads are not started by the threading module, so a tracer
        # installed with threading.settrace (coverage, debuggers) never sees them.
        hook = threading.gettrace()
        if hook is not None:
            sys.settrace(hook)
        try:
            result = self._work(self._progress)
        except BaseException as exc:  # reported on the UI thread, never lost
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)

    def _progress(self, percent: int, text: str = "") -> None:
        if self.cancelled:
            raise InterruptedError("cancelled")
        self.signals.progress.emit(percent, text)


_running: set[Task] = set()


def run_in_background(
    work: Callable[[Callable[[int, str], None]], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException], None],
    on_progress: Callable[[int, str], None] | None = None,
) -> Task:
    task = Task(work)
    _running.add(task)

    def finish(cb: Callable[[Any], None]) -> Callable[[Any], None]:
        def handler(value: Any) -> None:
            _running.discard(task)
            cb(value)

        return handler

    task.signals.done.connect(finish(on_done))
    task.signals.failed.connect(finish(on_failed))
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    QThreadPool.globalInstance().start(task)
    return task
