"""Protection tests: an in-memory keychain and no passphrase in the environment."""

from __future__ import annotations

import pytest

PASS = "correct horse battery staple"


@pytest.fixture(autouse=True)
def keychain(monkeypatch: pytest.MonkeyPatch):
    """Each test gets an empty in-memory keychain instead of the real one."""
    from soc2wizard import secrets

    monkeypatch.delenv("SOC2WIZARD_PASSPHRASE", raising=False)
    memory = secrets.MemorySecrets()
    old = secrets.use(memory)
    yield memory
    secrets.use(old)


@pytest.fixture
def encrypted(tmp_path, answers_doc):
    """An open encrypted workspace created from ``answers_doc`` with PASS."""
    from soc2wizard import services
    from soc2wizard.domain.answers import parse_answers

    s = services.create_workspace(tmp_path / "secret.soc2", parse_answers(answers_doc), passphrase=PASS)
    yield s
    s.close()
