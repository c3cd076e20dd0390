"""Fixtures for the report tests: the demo's report model, rendered PDFs, a 300-control workspace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.bodies import custom_bodies

TODAY = dt.date(2026, 11, 26)


def pdf_pages(path: Path, password: str | None = None) -> list[str]:
    """The text of each page, as pypdf extracts it."""
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(path))
    if password is not None:
        reader.decrypt(password)
    return [page.extract_text() or "" for page in reader.pages]


@pytest.fixture
def demo_report(demo):
    """The report model of the demo company on 26 Nov 2026."""
    from soc2wizard import services

    return services.prepare_report(demo, today=TODAY)


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory: pytest.TempPathFactory):
    """The demo company's PDF (rendered once per module) with its summary --json."""
    from soc2wizard import services
    from soc2wizard.demo import build_demo

    folder = tmp_path_factory.mktemp("demo_pdf")
    with build_demo(folder / "demo.soc2", today=TODAY) as s:
        out = services.export_pdf(s, folder / "plan.pdf", today=TODAY)
        summary = services.summary_json(s, today=TODAY)
    return out, summary


@pytest.fixture(scope="module")
def big_pdf(tmp_path_factory: pytest.TempPathFactory):
    """A workspace with 300 controls or more (the demo plus custom ones), rendered once."""
    from soc2wizard import services
    from soc2wizard.demo import build_demo

    folder = tmp_path_factory.mktemp("big_pdf")
    with build_demo(folder / "big.soc2", today=TODAY) as s:
        added = max(300 - len(services.checklist(s)), 0) + 10
        services.add_custom_controls(s, custom_bodies(added))
        rows = len(services.checklist(s))
        out = services.export_pdf(s, folder / "big.pdf", today=TODAY)
    return out, rows, added
