"""The plan that leaves the machine: a pure report model, then PDF, CSV/XLSX and JSON.

``model`` builds plain data from the workspace and the estimate; ``pdf`` renders
it with reportlab (imported lazily, only there); ``tabular`` writes the
checklist as CSV and XLSX; ``dump`` writes and restores the whole workspace
as JSON; ``importer`` reads checklist updates from CSV.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from soc2wizard.domain.errors import Soc2Error
from soc2wizard.fileio import temp_beside, writable_target


class ExportError(Soc2Error):
    """An export that could not be written; the message names the file and the cause."""


@contextlib.contextmanager
def atomic_output(path: Path | str, what: str = "file") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only on success.

    A failure removes the temporary file, so no partial export is ever left,
    and the error says which file and why. A link is followed: the file it
    names is replaced, not the link. A target that exists and is not a
    regular file (a folder, a FIFO, a device) is refused and left alone.
    """
    given = Path(path)
    if given.is_dir():
        raise ExportError(f"{given} is a folder; give a file name for the {what}")
    path = writable_target(given, ExportError)
    with temp_beside(path, ExportError) as tmp:
        try:
            yield tmp
            os.replace(tmp, path)
        except (Soc2Error, InterruptedError):  # InterruptedError: the user cancelled (before OSError, its base)
            raise
        except OSError as exc:
            raise ExportError(f"{path}: the {what} could not be written ({exc.strerror or exc})") from None
        except Exception as exc:  # a renderer bug or bad data: name it, leave nothing behind
            raise ExportError(f"{path}: the {what} could not be made ({type(exc).__name__}: {exc})") from exc


Progress = Callable[[int, str], None]


def no_progress(percent: int, text: str = "") -> None:
    """The default progress callback: says nothing."""


def open_text(path: Path) -> IO[str]:
    return open(path, "w", encoding="utf-8", newline="")
