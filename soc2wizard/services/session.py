"""An open workspace: the handle every service call takes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from soc2wizard.store import workspace as store
from soc2wizard.store.repo import Repo
from soc2wizard.store.workspace import StorageError, WorkspaceError

if TYPE_CHECKING:  # the catalog loads when first asked for: opening a workspace on its profile needs none of it
    from soc2wizard.domain.catalog import Catalog, Control

__all__ = ["Session", "StorageError", "catalog"]


class Session:
    """An open workspace file. Close it when done (or use it as a context manager)."""

    def __init__(self, path: Path, repo: Repo, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.repo = repo
        self.read_only = read_only
        # Set by open_workspace: who else has the file open (then read_only is
        # True and the app shows a banner), whether it is encrypted, and the
        # lock held while this session may write.
        self.locked_by: str | None = None
        self.encrypted = False
        self._lock: Any = None
        self.closed = False
        self.notices: list[str] = []  # things the user should be told (keychain not used, ...)
        self._custom: list[Control] | None = None  # parsed custom controls, reset when they change
        self._workdir: Path | None = None  # private folder of evidence copies opened from this session

    @property
    def workspace_id(self) -> str:
        return self.repo.meta("workspace_id") or ""

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.read_only:
            self.repo.db.close()  # a read-only session never writes, not even a checkpoint
        else:
            store.checkpoint_and_close(self.repo.db)
        if self._workdir is not None:
            import shutil

            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _writable(self) -> Repo:
        if self.read_only:
            why = f" because {self.locked_by} has it open" if self.locked_by else ""
            raise WorkspaceError(f"{self.path.name} is open read-only{why}; nothing was changed")
        return self.repo


def catalog() -> Catalog:
    from soc2wizard.catalog import load_catalog

    return load_catalog()
