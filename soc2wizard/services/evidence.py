"""Evidence kept for a control: files (with their SHA-256) and links."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from soc2wizard.domain.answers import (
    parse_date,
)
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.records import (
    Evidence,
)
from soc2wizard.services._common import MAX_SHORT, MAX_TEXT, clean_text
from soc2wizard.services.session import Session
from soc2wizard.store.repo import now

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024


# --- evidence ----------------------------------------------------------------------


def list_evidence(s: Session, control_id: str | None = None) -> list[Evidence]:
    return s.repo.evidence(control_id)


def evidence_content(s: Session, evidence_id: int) -> bytes:
    content = s.repo.evidence_content(evidence_id)
    if content is None:
        raise FieldError("evidence", f"evidence {evidence_id} has no stored file")
    return content


def check_evidence_size(name: str, size: int, field: str = "evidence") -> None:
    """The one limit on a kept file, from any way in (the app, the CLI, a JSON restore)."""
    if size > MAX_EVIDENCE_BYTES:
        raise FieldError(
            field,
            f"{name} is {size / 1048576:,.1f} MB; files up to "
            f"{MAX_EVIDENCE_BYTES // 1048576} MB can be kept in the workspace (add a link instead)",
        )


EVIDENCE_COPIES_PREFIX = "soc2wizard-evidence-"


def evidence_copy(s: Session, evidence_id: int) -> Path:
    """A copy of a kept file to open with another application, in a private folder.

    The folder (owner-only, in the system's temporary folder) belongs to the
    session and is removed when it closes; a crash leaves it for
    ``remove_stale_evidence_copies`` at the next start. Decrypted evidence
    from an encrypted workspace therefore does not outlive the session.
    """
    import os
    import tempfile

    e = s.repo.evidence_item(evidence_id)
    if e is None:
        raise FieldError("evidence", f"no evidence with id {evidence_id}")
    content = evidence_content(s, evidence_id)
    if s._workdir is None:
        s._workdir = Path(tempfile.mkdtemp(prefix=f"{EVIDENCE_COPIES_PREFIX}{os.getpid()}-"))
    folder = s._workdir / str(e.id)
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / (Path(e.name).name or f"evidence-{e.id}")
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
    except OSError as exc:
        raise FieldError("evidence", f"{e.name} could not be copied out to open it ({exc.strerror or exc})") from None
    return target


def remove_stale_evidence_copies() -> int:
    """Remove evidence copies left by a soc2wizard that did not close (killed, crashed); returns how many."""
    import shutil
    import tempfile

    from soc2wizard.fileio import stale_dirs

    stale = stale_dirs(Path(tempfile.gettempdir()), EVIDENCE_COPIES_PREFIX)
    for d in stale:
        shutil.rmtree(d, ignore_errors=True)
    return len(stale)


def _occurred(value: dt.date | str | None) -> dt.date | None:
    if isinstance(value, str):
        return parse_date(value, "occurred_on") if value.strip() else None
    return value


def add_evidence_bytes(
    s: Session,
    control_id: str,
    *,
    name: str,
    content: bytes,
    occurred_on: dt.date | str | None = None,
    note: str = "",
) -> Evidence:
    """Keep a file's bytes in the workspace with its SHA-256 and size."""
    repo = s._writable()
    from soc2wizard.services.controls import known_control  # here: opening a workspace needs no catalog

    known_control(s, control_id)
    check_evidence_size(name, len(content))
    import hashlib  # here, not at the top: loading OpenSSL costs start-up ~2 ms

    e = Evidence(
        id=0,
        control_id=control_id,
        kind="file",
        name=clean_text(name, "name", MAX_SHORT),
        added_at=now(),
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        occurred_on=_occurred(occurred_on),
        note=clean_text(note, "note", MAX_TEXT, required=False),
    )
    with repo.transaction():
        e = replace(e, id=repo.write_evidence(e, content))
        repo.log(
            "add evidence file", control_id, None, {"id": e.id, "name": e.name, "sha256": e.sha256, "size": e.size}
        )
    return e


def add_evidence_file(
    s: Session, control_id: str, path: Path | str, *, occurred_on: dt.date | str | None = None, note: str = ""
) -> Evidence:
    import stat

    path = Path(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise FieldError("evidence", f"{path} is not a regular file (a folder, pipe or device); nothing was added")
        check_evidence_size(path.name, st.st_size)
        content = path.read_bytes()
    except OSError as exc:
        raise FieldError("evidence", f"{path} cannot be read ({exc.strerror})") from None
    return add_evidence_bytes(s, control_id, name=path.name, content=content, occurred_on=occurred_on, note=note)


def add_evidence_link(
    s: Session, control_id: str, url: str, *, name: str = "", occurred_on: dt.date | str | None = None, note: str = ""
) -> Evidence:
    repo = s._writable()
    from soc2wizard.services.controls import known_control  # here: opening a workspace needs no catalog

    known_control(s, control_id)
    url = clean_text(url, "url", 2_000)
    if "://" not in url and not url.startswith("mailto:"):
        raise FieldError("url", "must be a full address such as https://…")
    e = Evidence(
        id=0,
        control_id=control_id,
        kind="link",
        name=clean_text(name or url, "name", MAX_SHORT),
        added_at=now(),
        url=url,
        occurred_on=_occurred(occurred_on),
        note=clean_text(note, "note", MAX_TEXT, required=False),
    )
    with repo.transaction():
        e = replace(e, id=repo.write_evidence(e, None))
        repo.log("add evidence link", control_id, None, {"name": e.name, "url": url})
    return e


def remove_evidence(s: Session, evidence_id: int) -> tuple[Evidence, bytes | None]:
    """Remove an evidence item; returns it with its bytes so that undo can restore it."""
    repo = s._writable()
    e = repo.evidence_item(evidence_id)
    if e is None:
        raise FieldError("evidence", f"no evidence with id {evidence_id}")
    content = repo.evidence_content(evidence_id)
    with repo.transaction():
        repo.delete_evidence(evidence_id)
        repo.log("remove evidence", e.control_id, {"id": e.id, "name": e.name, "sha256": e.sha256}, None)
    return e, content


def restore_evidence(s: Session, evidence: Evidence, content: bytes | None) -> Evidence:
    repo = s._writable()
    with repo.transaction():
        repo.write_evidence(evidence, content)
        repo.log(
            "restore evidence",
            evidence.control_id,
            None,
            {"id": evidence.id, "name": evidence.name, "sha256": evidence.sha256},
        )
    return evidence
