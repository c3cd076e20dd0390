"""Creating, opening and restoring workspace files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from soc2wizard.domain.answers import (
    Answers,
    answers_to_json,
    loads_answers,
    parse_answers,
)
from soc2wizard.domain.errors import FieldError
from soc2wizard.services._common import read_text_file
from soc2wizard.services.profile import mark_practices
from soc2wizard.services.protection import keep_in_keychain, unlock
from soc2wizard.services.session import Session
from soc2wizard.store import workspace as store
from soc2wizard.store.repo import Repo
from soc2wizard.store.workspace import WorkspaceError

# --- files -----------------------------------------------------------------------


def create_workspace(
    path: Path | str,
    answers: Answers | None = None,
    *,
    name: str | None = None,
    passphrase: str | None = None,
    remember: bool = False,
) -> Session:
    """Create a new workspace file for a company and open it.

    The file appears only when complete: a failure leaves nothing behind.
    With ``passphrase`` the whole file is encrypted (SQLCipher); ``remember``
    keeps the passphrase in the keychain (if that fails, ``session.notices``
    says why and the workspace is still created).
    """
    path = Path(path)
    if answers is None:
        answers = parse_answers(
            {"format": "soc2wizard-answers/1", "company": {"name": name if name is not None else ""}}
        )

    def fill(repo: Repo) -> None:
        repo.write_answers(answers)
        repo.log("create workspace", answers.company.name, after=answers_to_json(answers))
        mark_practices(repo, answers, frozenset())

    return build_workspace(path, fill, passphrase=passphrase, remember=remember)


def build_workspace(path: Path, fill: Callable[[Repo], None], *, passphrase: str | None, remember: bool) -> Session:
    """Write a new workspace with ``fill`` in one transaction, then open it.

    The file appears only when complete (store.building), encrypted when a
    passphrase is given; ``remember`` keeps that passphrase in the keychain.
    """
    connect: store.Connect = store.plain_connect
    if passphrase is not None:
        from soc2wizard.store import crypto

        connect = crypto.encrypted_connect(crypto.check_passphrase(passphrase))
    with store.building(path) as tmp:
        db = store.new_database(tmp, connect)
        try:
            repo = Repo(db)
            with repo.transaction():
                fill(repo)
        finally:
            store.checkpoint_and_close(db)
    s = open_workspace(path, passphrase=passphrase)
    if passphrase is not None and remember:
        s.notices.append(keep_in_keychain(s, passphrase))
    return s


def open_workspace(path: Path | str, *, read_only: bool = False, passphrase: str | None = None) -> Session:
    """Open a workspace, applying migrations; WorkspaceError if it cannot be.

    The path is resolved first (links followed): the lock, and everything
    later done to the file, is the real file's. An encrypted file is opened
    with ``passphrase``, else with the one in SOC2WIZARD_PASSPHRASE, else
    with the one remembered in the keychain; with none of them
    PassphraseRequired (whose ``reason`` says why the keychain did not help)
    asks the caller to ask the user, and a passphrase that does not open it
    raises WrongPassphrase (a PassphraseRequired too).

    ``read_only`` opens the file ``mode=ro``: nothing is migrated,
    checkpointed or written, on read-only media too. If another soc2wizard
    has the file open for writing, the session opens read-only instead of
    failing: ``read_only`` is True and ``locked_by`` says who (the app shows
    it in a banner).
    """
    from soc2wizard import fileio

    path = fileio.real_path(path)
    encrypted, connect, source = unlock(path, passphrase)
    lock = None
    locked_by = None
    if not read_only:
        from soc2wizard.store.lock import WorkspaceLock

        lock = WorkspaceLock(path)
        if not lock.acquire():
            locked_by = lock.holder()
            read_only, lock = True, None
        else:
            fileio.remove_stale_workdirs(path.parent)
    notices = []
    try:
        try:
            db = store.open_database(path, connect, read_only=read_only, check=False)
        except store.ReadOnlyMedium:
            if lock is not None:
                lock.release()
                lock = None
            read_only = True
            notices.append(
                f"{path.name} is on a read-only medium or in a folder you cannot write to: opened read-only."
            )
            db = store.open_database(path, connect, read_only=True, check=False)
    except Exception as exc:
        if lock is not None:
            lock.release()
        if isinstance(exc, store.database_errors()):
            raise WorkspaceError(f"{path.name} cannot be opened: {exc}") from None
        raise
    s = Session(path, Repo(db), read_only=read_only)
    s._lock, s.locked_by, s.encrypted = lock, locked_by, encrypted
    s.notices.extend(notices)
    if encrypted and source != "keychain":
        from soc2wizard import secrets

        try:
            secrets.note_path(path, s.workspace_id)
        except secrets.KeychainUnavailable:
            pass
    return s


def read_answers_file(path: Path | str) -> Answers:
    """Parse an answers file; AnswersError names the field, FieldError the file."""
    text = read_text_file(Path(path), "answers file")
    try:
        return loads_answers(text)
    except RecursionError:
        raise FieldError(str(path), "is nested too deeply to be an answers file") from None


def read_dump_file(path: Path | str) -> dict[str, Any]:
    """Read a JSON export; FieldError names the file, or the line and column of a syntax error."""
    path = Path(path)
    text = read_text_file(path, "JSON export")
    try:
        doc = json.loads(text)
    except RecursionError:
        raise FieldError(str(path), "is nested too deeply to be a soc2wizard JSON export") from None
    except json.JSONDecodeError as exc:
        raise FieldError(str(path), f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(doc, dict):
        raise FieldError(str(path), "must hold a JSON object (a soc2wizard workspace export)")
    return doc


def _under(prefix: str, exc: FieldError) -> FieldError:
    return FieldError(f"{prefix}.{exc.path}" if exc.path else prefix, exc.message)


def _checked(d: Any) -> Any:
    """A parsed dump run through the same validators as the app's own edits (one per record type)."""
    from dataclasses import replace

    from soc2wizard.services._common import MAX_SHORT, clean_text
    from soc2wizard.services.controls import check_custom_control, check_state
    from soc2wizard.services.evidence import check_evidence_size
    from soc2wizard.services.planning import check_override
    from soc2wizard.services.profile import check_logo
    from soc2wizard.services.scope import check_scope_item

    logo = check_logo(d.logo, "firm_logo") if d.logo is not None else None
    settings = {k: clean_text(v, f"settings.{k}", MAX_SHORT, required=False) for k, v in d.settings.items()}
    scope = []
    for i, item in enumerate(d.scope):
        try:
            scope.append(check_scope_item(item))
        except FieldError as exc:
            raise _under(f"scope[{i}]", exc) from None
    overrides = tuple(
        check_override(o.key, o.low, o.high, o.note, o.updated_at, f"overrides[{i}]", currency=o.currency, rate=o.rate)
        for i, o in enumerate(d.overrides)
    )
    taken: set[str] = set()
    customs = []
    for i, body in enumerate(d.custom_controls):
        clean = check_custom_control(body, taken, path=f"custom_controls[{i}]")
        taken.add(clean["id"])
        customs.append(clean)
    states = tuple(check_state(st, f"control_states[{i}]") for i, st in enumerate(d.states))
    evidence = []
    for i, (e, content) in enumerate(d.evidence):
        if e.kind == "file" and content is None:
            raise FieldError(f"evidence[{i}].content_base64", "is missing: a kept file needs its bytes")
        if content is not None:
            check_evidence_size(e.name, len(content), f"evidence[{i}].content_base64")
        evidence.append((replace(e, name=clean_text(e.name, f"evidence[{i}].name", MAX_SHORT)), content))
    return replace(
        d,
        logo=logo,
        settings=settings,
        scope=tuple(scope),
        overrides=overrides,
        custom_controls=tuple(customs),
        states=states,
        evidence=tuple(evidence),
    )


def create_from_dump(
    path: Path | str, doc: dict[str, Any], *, passphrase: str | None = None, remember: bool = False
) -> Session:
    """Restore a JSON export into a new workspace file: everything, including evidence and the log.

    The dump is checked in full first (FieldError names the JSON path of a bad
    value); the file appears only when complete.
    """
    from soc2wizard.report.dump import parse_dump
    from soc2wizard.store.deliverables import import_all as import_deliverables

    from soc2wizard.catalog import load_catalog  # here: opening a workspace needs no catalog

    path = Path(path)
    try:
        d = _checked(parse_dump(doc, load_catalog()))
    except RecursionError:
        raise FieldError("", "the JSON export is nested too deeply") from None
    evidence_hashes = {str(e.id): e.sha256 for e, content in d.evidence if e.kind == "file"}

    def fill(repo: Repo) -> None:
        repo.write_answers(d.answers)
        for key, value in d.settings.items():
            repo.set_setting(key, value)
        if d.logo is not None:
            repo.set_setting("firm_logo", d.logo)
        for item in d.scope:
            repo.write_scope_item(item)
        for o in d.overrides:
            repo.write_override(o)
        for body in d.custom_controls:
            repo.write_custom_control(body)
        for state in d.states:
            repo.write_control_state(state)
        for e, content in d.evidence:
            repo.write_evidence(e, content)
        for entry in d.activity:
            repo.insert_activity(entry)  # marked imported: what the export says, not this file's history
        from soc2wizard.store.snapshots import insert_snapshot

        for name, taken_on, taken_at, body in d.snapshots:
            insert_snapshot(repo, name, taken_on, taken_at or taken_on.isoformat(), body)
        import_deliverables(repo.db, d.deliverables)  # issue 14's records
        exported = doc.get("exported")
        repo.log(
            "restore from JSON",
            d.answers.company.name,
            None,
            {
                "from": (exported or {}).get("workspace_id", "") if isinstance(exported, dict) else "",
                "controls": len(d.states),
                "evidence": len(d.evidence),
                "log_entries": len(d.activity),
                "evidence_sha256": evidence_hashes,
            },
        )

    return build_workspace(path, fill, passphrase=passphrase, remember=remember)
