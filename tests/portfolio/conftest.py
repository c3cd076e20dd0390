"""Portfolio tests: an in-memory keychain, and a folder of client files of every kind."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

PASS = "correct horse battery staple"
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def keychain(monkeypatch: pytest.MonkeyPatch):
    from soc2wizard import secrets

    monkeypatch.delenv("SOC2WIZARD_PASSPHRASE", raising=False)
    memory = secrets.MemorySecrets()
    old = secrets.use(memory)
    yield memory
    secrets.use(old)


def _answers(doc: dict, name: str, deadline: str = "2027-09-30", **plan) -> object:
    from soc2wizard.domain.answers import parse_answers

    d = {
        **doc,
        "company": {**doc["company"], "name": name},
        "customers": {**doc["customers"], "deadline": deadline},
        "plan": {**doc["plan"], **plan},
    }
    return parse_answers(d)


@pytest.fixture
def folder(tmp_path: Path, answers_doc: dict) -> Path:
    """Plain, encrypted (remembered and not), damaged, foreign and newer files, all closed."""
    return build_folder(tmp_path, answers_doc)


def build_folder(tmp_path: Path, answers_doc: dict) -> Path:
    """The folder of the ``folder`` fixture (the keychain in use must be a stand-in)."""
    from soc2wizard import services

    d = tmp_path / "clients"
    d.mkdir()
    with services.create_workspace(d / "acme.soc2", _answers(answers_doc, "Acme Health")) as s:
        services.update_settings(s, firm_name="Harbour Assurance LLP")
        rows = services.checklist(s)
        services.update_control(s, rows[0].control.id, status="in_progress", due_date="2026-11-20")
        services.update_control(s, rows[1].control.id, due_date="2026-12-15")
        services.update_control(s, rows[2].control.id, status="implemented", due_date="2026-12-01")
    with services.create_workspace(
        d / "beta.soc2", _answers(answers_doc, "Beta Pay", "2029-06-30", report_type="type1")
    ) as s:
        pass
    with services.create_workspace(
        d / "gamma.soc2", _answers(answers_doc, "Gamma Cloud", "2029-06-30"), passphrase=PASS, remember=True
    ):
        pass
    with services.create_workspace(d / "delta.soc2", _answers(answers_doc, "Delta Secret"), passphrase=PASS):
        pass
    (d / "cut.soc2").write_bytes((d / "beta.soc2").read_bytes()[:4096])
    (d / "notes.soc2").write_text("a note someone saved with the wrong name\n")
    (d / "empty.soc2").write_bytes(b"")
    conn = sqlite3.connect(d / "other.soc2")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    newer = bytearray((d / "beta.soc2").read_bytes())
    newer[60:64] = (99).to_bytes(4, "big")
    (d / "future.soc2").write_bytes(bytes(newer))
    (d / "readme.txt").write_text("not a workspace name: not listed\n")
    return d


def fingerprint(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file's SHA-256, size and modification time (ns): what a read-only listing must not change."""
    out = {}
    for p in sorted(folder.iterdir()):
        st = p.stat()
        out[p.name] = (hashlib.sha256(p.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns)
    return out


__all__ = ["PASS", "TODAY", "build_folder", "fingerprint", "os"]
