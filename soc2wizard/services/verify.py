"""Checking a workspace file's integrity: SQLite's own check, every kept file's SHA-256, the activity log's chain."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soc2wizard.services.protection import unlock
from soc2wizard.services.session import Session
from soc2wizard.store import workspace as store
from soc2wizard.store.repo import Repo
from soc2wizard.store.workspace import WorkspaceError


@dataclass(frozen=True)
class EvidenceProblem:
    """A kept file whose bytes no longer match the SHA-256 (or size) recorded when added."""

    evidence_id: int
    control_id: str
    name: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"evidence {self.evidence_id} ({self.control_id}, {self.name}): {self.actual}, expected {self.expected}"


@dataclass(frozen=True)
class VerifyResult:
    path: Path
    integrity: tuple[str, ...]  # ("ok",) when SQLite's integrity check finds nothing
    files_checked: int
    problems: tuple[EvidenceProblem, ...]
    log_problems: tuple[str, ...] = ()  # the activity log's chain, triggers, evidence against the log
    log_entries: int = 0
    imported_entries: int = 0
    log_head: str = ""  # the last entry's hash: note it to compare later

    @property
    def ok(self) -> bool:
        return self.integrity == ("ok",) and not self.problems and not self.log_problems

    def lines(self) -> list[str]:
        """What to show: one line per finding, or a few lines saying all is well."""
        if self.ok:
            out = [
                f"{self.path.name}: file integrity ok; {self.files_checked} evidence "
                f"file{'s' if self.files_checked != 1 else ''} match their SHA-256 and the activity log; "
                f"the log's {self.log_entries:,} entr{'ies' if self.log_entries != 1 else 'y'} form an unbroken chain"
            ]
            if self.imported_entries:
                out.append(
                    f"{self.path.name}: {self.imported_entries:,} of them were restored from a JSON export "
                    "(marked imported: they show what the export said, not history this file recorded)"
                )
            if self.log_head:
                out.append(f"{self.path.name}: log head {self.log_head} (note it to compare later)")
            return out
        out = [f"{self.path.name}: integrity check: {m}" for m in self.integrity if m != "ok"]
        out += [f"{self.path.name}: {p}" for p in self.problems]
        out += [f"{self.path.name}: {p}" for p in self.log_problems]
        return out


def verify_workspace(
    target: Session | Path | str, *, passphrase: str | None = None, noted_head: str | None = None
) -> VerifyResult:
    """Check the whole file, every kept file's SHA-256 and size, and the activity log's chain.

    Takes an open session or a path (opened read-only, without the opening
    checks so that damage is reported rather than refused; an encrypted one
    with ``passphrase`` or as open_workspace finds it). ``noted_head`` is a
    log head printed by an earlier verify: reported if the log no longer
    holds it. Reports, never repairs.
    """
    if isinstance(target, Session):
        return _verify(target.path, target.repo, noted_head)
    path = Path(target)
    store.require_regular_file(path)
    try:
        plain = store.is_plain_sqlite(path)
    except OSError as exc:
        raise WorkspaceError(f"{path}: cannot be read ({exc.strerror})") from None
    if plain:
        connect: Any = store.plain_connect
    else:
        _, connect, _ = unlock(path, passphrase)
    errors = store.database_errors()
    try:
        conn = connect(str(path), read_only=True)
    except errors as exc:
        raise WorkspaceError(f"{path.name} cannot be read ({exc})") from None
    from soc2wizard.store.db import Db

    repo = Repo(Db(conn))
    try:
        try:
            store.check_connection(conn, path.name, quick_check=False)
        except WorkspaceError as exc:
            integrity = repo.integrity_check() if "damaged" in str(exc) else ()
            if not integrity or integrity == ("ok",):
                raise
            return VerifyResult(path, integrity, 0, ())
        return _verify(path, repo, noted_head)
    except errors as exc:
        raise WorkspaceError(f"{path.name} is damaged and cannot be checked ({exc})") from None
    finally:
        conn.close()


def _verify(path: Path, repo: Repo, noted_head: str | None = None) -> VerifyResult:
    import hashlib

    from soc2wizard.store import chain

    integrity = repo.integrity_check()
    if integrity != ("ok",):
        return VerifyResult(path, integrity, 0, ())
    problems: list[EvidenceProblem] = []
    log_problems: list[str] = []
    checked = 0
    recorded, unkeyed = _logged_evidence(repo)
    for eid, cid, name, sha, size, content in repo.evidence_files():
        checked += 1
        if content is None:
            problems.append(EvidenceProblem(eid, cid, name, f"SHA-256 {sha}", "the file's content is missing"))
        else:
            actual = hashlib.sha256(content).hexdigest()
            if actual != sha:
                problems.append(EvidenceProblem(eid, cid, name, f"SHA-256 {sha}", f"SHA-256 is {actual}"))
            elif size is not None and len(content) != size:
                problems.append(EvidenceProblem(eid, cid, name, f"{size:,} bytes", f"{len(content):,} bytes"))
        logged = recorded.get(eid)
        if logged is not None:
            if logged != sha:
                log_problems.append(
                    f"evidence {eid} ({cid}, {name}): the activity log recorded SHA-256 {logged}, "
                    f"the file now holds {sha}: the evidence was replaced outside soc2wizard"
                )
        elif (cid, sha) not in unkeyed:
            log_problems.append(
                f"evidence {eid} ({cid}, {name}): not recorded in the activity log: it was added outside soc2wizard"
            )
    found, entries, imported = chain.problems(repo.log_rows(), repo.log_head(), noted_head)
    missing = repo.missing_triggers()
    if missing:
        log_problems.insert(
            0, f"activity log: its append-only protection was removed (trigger {', '.join(missing)} missing)"
        )
    log_problems[0:0] = found
    head = repo.log_head()
    return VerifyResult(
        path,
        integrity,
        checked,
        tuple(problems),
        tuple(log_problems),
        entries,
        imported,
        head[1] if head and head[1] and not log_problems else "",
    )


def _logged_evidence(repo: Repo) -> tuple[dict[int, str | None], set[tuple[str, str]]]:
    """What the log says each kept file's SHA-256 is: by evidence id, and (control, hash) for old entries."""
    by_id: dict[int, str | None] = {}
    unkeyed: set[tuple[str, str]] = set()
    for e in reversed(repo.activity()):
        if e.imported:
            continue
        after = e.after if isinstance(e.after, dict) else {}
        before = e.before if isinstance(e.before, dict) else {}
        if e.action in ("add evidence file", "restore evidence") and after.get("sha256"):
            if isinstance(after.get("id"), int):
                by_id[after["id"]] = after["sha256"]
            else:
                unkeyed.add((e.target, after["sha256"]))
        elif e.action == "remove evidence" and isinstance(before.get("id"), int):
            by_id.pop(before["id"], None)
        elif e.action == "restore from JSON" and isinstance(after.get("evidence_sha256"), dict):
            for key, sha in after["evidence_sha256"].items():
                if str(key).isdigit():
                    by_id[int(key)] = sha
    return by_id, unkeyed
