"""Writing files so that a failure never leaves half a file.

Every file the app writes (a new workspace, an encrypted copy, an export)
is written under a temporary name in the same folder and renamed into place
only when complete; this is the one place that makes that temporary name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

# SQLite may leave these beside a database it wrote.
_SIDECARS = ("-wal", "-shm", "-journal")


@contextlib.contextmanager
def temp_beside(path: Path, error: Callable[[str], Exception]) -> Iterator[Path]:
    """A fresh, not yet existing file name in ``path``'s folder.

    The name, and any SQLite journal files beside it, are removed when the
    block ends, whatever happens: rename it into place inside the block to
    keep it. A missing or unwritable folder raises ``error(message)``.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise error(f"{path}: the folder {folder} does not exist")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise error(f"{path}: cannot write in {folder} ({exc.strerror})") from None
    os.close(fd)
    os.unlink(name)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in _SIDECARS)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
