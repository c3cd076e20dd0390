"""Shared fixtures: a temporary app home and ready-made workspaces."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow (bundle builds); .ci/run does")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow (as .ci/run does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own app folders (settings, recent files, keychain stand-in)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SOC2WIZARD_HOME", str(home))
    return home


@pytest.fixture
def answers_doc() -> dict:
    """A complete answers document for a small healthcare SaaS company."""
    return {
        "format": "soc2wizard-answers/1",
        "company": {"name": "Acme Health", "industry": "healthcare", "employees": 40, "engineers": 12, "offices": 0},
        "data": ["personal", "health"],
        "hosting": ["aws"],
        "customers": {
            "enterprise": True,
            "government": False,
            "international": False,
            "requested_report": "type2",
            "deadline": "2027-09-30",
            "uptime_commitment": True,
        },
        "practices": {
            "mfa": True,
            "sso": False,
            "central_logging": False,
            "written_policies": False,
            "incident_response_plan": False,
            "background_checks": False,
            "security_training": False,
            "vendor_reviews": False,
            "encryption_at_rest": True,
            "tested_backups": False,
            "change_management": True,
            "vulnerability_scanning": False,
        },
        "plan": {
            "start": "2026-12-01",
            "report_type": "type2",
            "observation_months": 3,
            "criteria": ["security", "availability"],
            "auditor_tier": "boutique",
            "weekly_hours": 20,
        },
    }


@pytest.fixture
def workspace(tmp_path: Path, answers_doc: dict):
    """An open workspace created from ``answers_doc``."""
    from soc2wizard import services
    from soc2wizard.domain.answers import parse_answers

    s = services.create_workspace(tmp_path / "acme.soc2", parse_answers(answers_doc))
    yield s
    s.close()


@pytest.fixture
def demo(tmp_path: Path):
    """The demo company's workspace, open."""
    from soc2wizard.demo import build_demo

    s = build_demo(tmp_path / "demo.soc2", today=dt.date(2026, 11, 26))
    yield s
    s.close()
