"""Writing files so that a failure never leaves half a file, nor a copy lying about.

Every file the app writes (a new workspace, an encrypted copy, an export)
is written under a temporary name in the same folder and renamed into place
only when complete; this is the one place that makes that temporary name.

Paths are resolved first (``real_path``): a symbolic link is followed to the
file it names, so that the real file is the one locked, encrypted or
replaced, never the link. Copies that hold a workspace's content before it
is complete (an encrypted or decrypted copy being checked) are written in a
private folder beside the file (``private_workdir``: readable by the owner
only), which a crash may leave behind and the next open of a workspace in
that folder removes (``remove_stale_workdirs``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

# SQLite may leave these beside a database it wrote.
_SIDECARS = ("-wal", "-shm", "-journal")
WORKDIR_PREFIX = ".soc2wizard-work-"


def real_path(path: Path | str) -> Path:
    """``path`` with every symbolic link followed and made absolute (the file that is really meant)."""
    return Path(os.path.realpath(os.fspath(path)))


def writable_target(path: Path | str, error: Callable[[str], Exception]) -> Path:
    """The real file a write to ``path`` should replace.

    A link is followed to its target; a target that exists and is not a
    regular file (a folder, a FIFO, a device, a socket) raises ``error``
    rather than being replaced.
    """
    real = real_path(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise error(f"{path}: cannot be checked ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{path} is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{path} exists and is not a regular file (a device, pipe or socket); it was left alone")
    return real


@contextlib.contextmanager
def temp_beside(path: Path, error: Callable[[str], Exception], *, folder: Path | None = None) -> Iterator[Path]:
    """A fresh, not yet existing file name in ``path``'s folder (or in ``folder``).

    The name, and any SQLite journal files beside it, are removed when the
    block ends, whatever happens: rename it into place inside the block to
    keep it. A missing or unwritable folder raises ``error(message)``.
    """
    if folder is None:
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


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but not ours (PermissionError), or not knowable
        return True
    return True


@contextlib.contextmanager
def private_workdir(folder: Path, error: Callable[[str], Exception]) -> Iterator[Path]:
    """A new folder inside ``folder`` that only this user can read, removed with all it holds afterwards.

    Its name carries this process's id, so that ``remove_stale_workdirs``
    knows a folder left by a process that died.
    """
    try:
        work = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-", dir=folder))
    except OSError as exc:
        raise error(f"cannot write in {folder} ({exc.strerror})") from None
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def stale_dirs(folder: Path, prefix: str) -> list[Path]:
    """Folders in ``folder`` named ``prefix`` + a process id of a process no longer running."""
    out: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        pid_text = entry.name[len(prefix) :].split("-", 1)[0]
        if not pid_text.isdigit() or _pid_alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            uid = getattr(os, "getuid", lambda: None)()
            if entry.is_dir(follow_symlinks=False) and (uid is None or entry.stat(follow_symlinks=False).st_uid == uid):
                out.append(Path(entry.path))
    return out


def remove_stale_workdirs(folder: Path) -> int:
    """Remove what an interrupted encryption change left in ``folder``; returns how many folders went."""
    stale = stale_dirs(folder, WORKDIR_PREFIX)
    for d in stale:
        shutil.rmtree(d, ignore_errors=True)
    return len(stale)
