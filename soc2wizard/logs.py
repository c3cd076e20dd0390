"""The app's log: a rotating file in the user's data folder (no Qt here).

Errors the app shows are written here too, with their traceback, so a user
can send the file along with a report. Nothing from a workspace is logged
beyond what an error message itself says.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

LOG_NAME = "soc2wizard.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

_handler: logging.Handler | None = None


def setup(folder: Path) -> Path:
    """Log the app's messages (INFO and up) to ``folder/soc2wizard.log``, rotated at 1 MB; returns its path."""
    global _handler
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    logger = logging.getLogger("soc2wizard")
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
    handler = _LogFile(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _handler = handler
    return path


def log_path() -> Path | None:
    """Where the log is written, once ``setup`` has run."""
    if isinstance(_handler, _LogFile):
        return _handler.path
    return None


class _LogFile(logging.Handler):
    """The rotating log file, opened at the first message (start-up need not load logging.handlers)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: Any = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            import logging.handlers

            self._file = logging.handlers.RotatingFileHandler(
                self.path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        super().close()
