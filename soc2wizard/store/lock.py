"""One writer per workspace: an OS lock on a small file beside the workspace.

``acme.soc2.lock`` holds only the process id and host name of the holder
(nothing from the workspace). The lock is the operating system's own
(``flock`` / ``msvcrt.locking``), so a process that dies, even by SIGKILL,
releases it at once: a stale lock file is simply locked again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path


def _host() -> str:
    """This computer's name, as ``platform.node()`` gives it.

    Read from ``os.uname()`` where there is one: importing ``platform`` costs
    start-up ~1.5 ms, and the lock is taken as a workspace opens.
    """
    if hasattr(os, "uname"):
        return os.uname().nodename
    import platform

    return platform.node()


def lock_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".lock")


class WorkspaceLock:
    """Held while a workspace is open for writing; ``release()`` on close."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock; False when another process (or another open here) holds it.

        A folder where no lock file can be written (read-only medium) gives
        True without a lock: there is nobody to protect the file from there.
        """
        for _ in range(5):
            try:
                # O_NOFOLLOW: a link planted as the lock file must not make us write through it.
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            except OSError as exc:
                # A link where the lock file belongs: someone else's doing; do not write, open read-only.
                return exc.errno != errno.ELOOP
            if not _try_lock(fd):
                os.close(fd)
                return False
            # The holder before us may have removed the file between our open
            # and our lock: then we hold a lock on nothing; try again.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except OSError:
                same = False
            if not same:
                _unlock(fd)
                os.close(fd)
                continue
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()} {_host()}\n".encode())
            self._fd = fd
            return True
        return False

    def holder(self) -> str:
        """Who holds the lock, as a phrase ("process 123 on laptop"), if the file says."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace").split()
        except OSError:
            return "another program"
        if len(text) >= 2 and text[0].isdigit():
            host = text[1]
            here = host == _host()
            if here and int(text[0]) == os.getpid():
                return "another window of this soc2wizard"
            return f"soc2wizard (process {text[0]}{'' if here else ' on ' + host})"
        return "another soc2wizard"

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            self.path.unlink()  # while still locked, so nobody else's file goes
        _unlock(fd)
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
