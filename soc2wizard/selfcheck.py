"""``soc2wizard --self-check``: a smoke test of an installed or frozen build.

It imports every module (the lazily imported ones too, which a bundler can
miss), creates and migrates a workspace in a temporary folder, renders the
readiness plan PDF with the shipped fonts, and reports the keychain backend
and whether encryption is available. Exit code 0 when all of that worked.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import soc2wizard


def _modules() -> list[str]:
    names = ["soc2wizard"]
    for info in pkgutil.walk_packages(soc2wizard.__path__, "soc2wizard."):
        if info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return sorted(names)


def _imports() -> str:
    names = _modules()
    for name in names:
        importlib.import_module(name)
    if len(names) < 20:  # a bundle that lost subpackages still "imports"
        raise RuntimeError(f"only {len(names)} modules found; the build is missing packages")
    return f"{len(names)} modules"


def _workspace_and_pdf() -> str:
    from soc2wizard import services
    from soc2wizard.store.schema import SCHEMA_VERSION

    with tempfile.TemporaryDirectory(prefix="soc2wizard-selfcheck-") as tmp:
        path = Path(tmp) / "check.soc2"
        with services.create_workspace(path, name="Self-check Ünïcödé 株式会社") as s:
            version = s.repo.db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                raise RuntimeError(f"schema version {version}, expected {SCHEMA_VERSION}")
            rows = len(services.checklist(s))
            pdf = services.export_pdf(s, Path(tmp) / "check.pdf")
            size = Path(pdf).stat().st_size
            head = Path(pdf).read_bytes()[:5]
        with services.open_workspace(path) as again:
            ok = again.repo.db.execute("PRAGMA integrity_check").fetchone()[0]
    if head != b"%PDF-" or size < 2_000:
        raise RuntimeError(f"the PDF looks wrong ({size} bytes, starts {head!r})")
    if ok != "ok":
        raise RuntimeError(f"integrity_check said {ok}")
    return f"workspace schema {version}, {rows} controls, PDF {size:,} bytes"


def _word() -> str:
    """A policy written as DOCX: python-docx and its default template are in the build (issue 14)."""
    from soc2wizard import services

    with tempfile.TemporaryDirectory(prefix="soc2wizard-selfcheck-") as tmp:
        with services.create_workspace(Path(tmp) / "w.soc2", name="Self-check") as s:
            written = services.export_policies(s, Path(tmp) / "policies")
        size = written[0].stat().st_size
        head = written[0].read_bytes()[:2]
    if head != b"PK" or size < 5_000:
        raise RuntimeError(f"the DOCX looks wrong ({size} bytes, starts {head!r})")
    return f"{len(written)} policies, first {size:,} bytes"


def _keychain() -> str:
    from soc2wizard import secrets

    return secrets.KeyringSecrets().describe()


def _encryption() -> str:
    from soc2wizard import services

    why = services.encryption_available()
    return "available (SQLCipher)" if not why else f"not available: {why}"


def _qt() -> str:
    from soc2wizard.gui.app import qt_versions  # importing the app's Qt code is the check

    return qt_versions()


CHECKS: list[tuple[str, Callable[[], str], bool]] = [
    # (what, check, required for exit code 0)
    ("modules", _imports, True),
    ("workspace + PDF", _workspace_and_pdf, True),
    ("Word documents", _word, True),
    ("Qt", _qt, True),
    ("keychain", _keychain, False),
    ("encryption", _encryption, False),
]


def run() -> int:
    print(
        f"soc2wizard {soc2wizard.__version__} self-check "
        f"({'frozen' if getattr(sys, 'frozen', False) else 'installed'}, Python {sys.version.split()[0]})"
    )
    failed = 0
    for what, check, required in CHECKS:
        started = time.perf_counter()
        try:
            detail = check()
            mark = "ok"
        except Exception as exc:  # report every failure, then the exit code says it
            detail = f"{type(exc).__name__}: {exc}"
            mark = "FAILED" if required else "note"
            failed += required
        print(f"  {what:<16} {mark:<7} {detail}  ({(time.perf_counter() - started) * 1000:.0f} ms)")
    print("self-check passed" if not failed else f"self-check FAILED ({failed} check(s))")
    return 1 if failed else 0
