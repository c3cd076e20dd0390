"""The activity log's hash chain: each entry's hash covers the one before it.

An entry's hash is the SHA-256 of the previous entry's hash and of the entry
itself as stored (id, time, actor, action, target, before and after as their
JSON text, whether it was imported). Evidence entries record the file's
SHA-256 in their ``after``, so the chain covers the evidence hashes too.
Changing, inserting or removing an entry breaks the chain from there on;
rewriting the whole chain with this same recipe does not (see README).
"""

from __future__ import annotations

import json
from typing import Any

GENESIS = ""


def entry_hash(
    prev: str,
    id: int,
    at: str,
    actor: str,
    action: str,
    target: str,
    before: str | None,
    after: str | None,
    imported: int | bool,
) -> str:
    import hashlib  # here: loading OpenSSL costs start-up ~2 ms

    payload: list[Any] = [prev, int(id), at, actor, action, target, before, after, int(bool(imported))]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def problems(rows: Any, head: tuple[int, str] | None, noted: str | None = None) -> tuple[list[str], int, int]:
    """Walk the log's rows (``Repo.log_rows``) and say where the chain breaks.

    Returns (findings, number of entries, number of imported entries). Each
    finding is one sentence: an entry changed, an entry missing before
    another, entries missing at the end (the head noted in the file names a
    later entry), an entry without a hash. ``noted`` is a head hash the user
    noted earlier: since each hash covers everything before it, the history
    up to then is unchanged only if that hash is still in the chain.
    """
    found: list[str] = []
    prev = GENESIS
    prev_id = 0
    count = imported_count = 0
    last: tuple[int, str] | None = None
    prev_imported = False
    noted_found = False
    for entry_id, at, actor, action, target, before, after, imported, stored in rows:
        count += 1
        imported_count += bool(imported)
        # Ids restored from an export are as the export had them; gaps there are not this file's.
        if count > 1 and entry_id != prev_id + 1 and not (imported and prev_imported) and len(found) < 20:
            gap = f"{prev_id + 1}" if entry_id == prev_id + 2 else f"{prev_id + 1}–{entry_id - 1}"
            found.append(f"activity log: entry {gap} is missing (entry {entry_id} follows entry {prev_id})")
        expected = entry_hash(prev, entry_id, at, actor, action, target, before, after, imported)
        if stored is None:
            if len(found) < 20:
                found.append(f"activity log: entry {entry_id} ({action}) has no hash: it was added outside soc2wizard")
        elif stored != expected and len(found) < 20:
            found.append(
                f"activity log: entry {entry_id} ({action}) does not match its hash: it, or an entry before it, "
                "was changed or removed"
            )
        prev = stored if stored is not None else expected
        noted_found = noted_found or (noted is not None and stored == noted.strip().lower())
        prev_id = entry_id
        prev_imported = bool(imported)
        last = (entry_id, prev)
    if head is not None:
        if head[0] < 0:
            found.append("activity log: the record of its last entry is unreadable")
        elif last is None or head[0] > last[0]:
            after_id = last[0] if last else 0
            found.append(f"activity log: entries after {after_id} are missing (the log last reached entry {head[0]})")
        elif head[0] < last[0]:
            found.append(
                f"activity log: entries after {head[0]} were added outside soc2wizard (the log ends at {last[0]})"
            )
        elif head[1] != last[1]:
            found.append(f"activity log: the last entry ({last[0]}) is not the one soc2wizard wrote")
    elif count:
        found.append("activity log: the record of its last entry is missing")
    if noted is not None and not noted_found:
        found.append(
            f"activity log: no entry has the head you noted ({noted.strip()[:16]}…): "
            "the history up to then was rewritten, or the hash belongs to another workspace"
        )
    return found, count, imported_count
