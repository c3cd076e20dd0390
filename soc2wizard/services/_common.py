"""Limits and small helpers shared by the service modules."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from soc2wizard.domain.errors import FieldError
from soc2wizard.store.workspace import WorkspaceError

MAX_TEXT = 5_000  # notes, descriptions, reasons
MAX_SHORT = 200  # names, owners, titles


# --- helpers -----------------------------------------------------------------------


def clean_text(value: Any, field: str, limit: int, *, required: bool = True, multiline: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FieldError(field, "must be text")
    if multiline:
        text = "\n".join(line.rstrip() for line in value.strip().replace("\r\n", "\n").split("\n"))
    else:
        text = " ".join(value.split())
    if required and not text:
        raise FieldError(field, "must not be empty")
    if len(text) > limit:
        raise FieldError(field, f"is {len(text):,} characters long; at most {limit:,} are allowed")
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise FieldError(field, "must not contain control characters")
    return text


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False)


def read_text_file(path: Path, what: str) -> str:
    """A UTF-8 file's text; FieldError naming the file when it is missing or unreadable."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FieldError(str(path), f"no such {what}") from None
    except IsADirectoryError:
        raise FieldError(str(path), f"is a folder, not a {what}") from None
    except UnicodeDecodeError:
        raise FieldError(str(path), "is not UTF-8 text") from None
    except OSError as exc:
        raise FieldError(str(path), f"cannot be read ({exc.strerror})") from None


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: all or nothing.

    A full disk or a read-only folder raises WorkspaceError naming the cause;
    an existing file at ``path`` is then left as it was. A link is followed to
    the file it names; a target that is not a regular file is refused.
    """
    from soc2wizard.fileio import temp_beside, writable_target

    path = writable_target(path, WorkspaceError)
    try:
        with temp_beside(path, WorkspaceError) as tmp:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
    except OSError as exc:
        raise WorkspaceError(f"{path} could not be written ({exc.strerror or exc}); nothing was changed") from None
