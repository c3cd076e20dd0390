"""One number everywhere: the PDF says what ``summary --json`` says, and never contradicts itself.

Renders the demo's PDF and a health profile's PDF, reads their text as a reader
would, and checks every open-hours figure, every labelled report date and every
total against the summary.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from soc2wizard import services
from soc2wizard.domain import format as fmt
from soc2wizard.domain.answers import parse_answers

from .conftest import TODAY, pdf_pages

pytest.importorskip("pypdf")

DATE = r"(\d{1,2} [A-Z][a-z]{2} \d{4})"

HEALTH = {
    "format": "soc2wizard-answers/1",
    "company": {"name": "Harbour Clinic Scheduling", "industry": "healthcare", "employees": 30, "engineers": 9},
    "data": ["personal", "health"],
    "hosting": ["aws"],
    "customers": {"enterprise": True, "uptime_commitment": True, "deadline": "2027-06-30"},
    "practices": {"mfa": True, "encryption_at_rest": True, "change_management": True},
    "plan": {"start": "2026-12-07", "report_type": "type1", "weekly_hours": 16},
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _render(s: services.Session, folder: Path) -> tuple[str, dict, object]:
    out = services.export_pdf(s, folder / "plan.pdf", today=TODAY)
    return (
        _flat(" ".join(pdf_pages(out))),
        services.summary_json(s, today=TODAY),
        services.prepare_report(s, today=TODAY),
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    """(name, PDF text, summary --json, report model) for the demo and for the health profile."""
    from soc2wizard.demo import build_demo

    folder = tmp_path_factory.mktemp("one_number")
    out = []
    with build_demo(folder / "demo.soc2", today=TODAY) as s:
        (folder / "demo").mkdir()
        out.append(("demo", *_render(s, folder / "demo")))
    with services.create_workspace(folder / "health.soc2", parse_answers(HEALTH)) as s:
        services.add_scope_item(s, "system", "Scheduler", customer_data=True)
        (folder / "health").mkdir()
        out.append(("health", *_render(s, folder / "health")))
    return out


def test_every_open_hours_figure_is_the_summarys(rendered):
    """Each "N hours of open work" in the PDF is the summary's one open-hours figure."""
    for name, text, summary, _ in rendered:
        found = re.findall(r"([\d,]+) hours of open work", text)
        assert len(found) >= 3, name  # summary, timeline, budget, remediation plan
        assert {int(x.replace(",", "")) for x in found} == {summary["timeline"]["open_hours"]}, name


def test_every_labelled_report_date_is_the_summarys(rendered):
    """Every "earliest …" and "latest …" date in the PDF is the summary's earliest and latest report date."""
    for name, text, summary, _ in rendered:
        t = summary["timeline"]
        first = dt.date.fromisoformat(t["report_date_earliest"])
        last = dt.date.fromisoformat(t["report_date_latest"])
        earliest = set(re.findall("earliest " + DATE, text))
        latest = set(re.findall("latest " + DATE, text))
        assert earliest == {fmt.day(first)}, name
        assert latest == {fmt.day(last)}, name


def test_every_total_is_the_summarys(rendered):
    """The first year, its items and year two: the summary's figures, written once, the same way."""
    for name, text, summary, report in rendered:
        c = summary["cost"]
        total = fmt.money_range(c["low"], c["high"])
        assert f"The first year costs {total}" in text, name
        assert f"Total, first year {total}" in text, name
        assert re.findall(r"The first year costs (\S+)", text) == [total + ";"], name
        renewal = fmt.money_range(c["renewal"]["low"], c["renewal"]["high"])
        assert f"{report.budget.renewal_title.lower()} about {renewal}" in text, name
        for item in c["renewal"]["items"]:
            assert fmt.money_range(item["low"], item["high"]) in text, (name, item["id"])
        for item in c["items"]:
            assert fmt.money_range(item["low"], item["high"]) in text, (name, item["id"])
        facts = {f.label: f.value for f in report.summary.facts}
        assert facts["Budget, first year"] == total


def test_deadline_statements_name_the_report_type_and_the_date(rendered):
    """Every statement about the customer's deadline names the report type and the deadline's date."""
    for name, text, summary, _ in rendered:
        deadline = fmt.day(dt.date.fromisoformat(summary["timeline"]["deadline"]))
        kind = "Type II" if summary["report"]["type"] == "type2" else "Type I"
        sentences = re.findall(r"deadline of " + DATE + r"[^.]*\.", text)
        assert sentences, name
        for m in re.finditer(r"Your customer's deadline of " + DATE + r"([^.]*)", text):
            assert m.group(1) == deadline and kind in m.group(2), (name, m.group(0))
        assert "cannot be met" not in text or "in time for your deadline" not in text.split("cannot be met")[1][:200]


def test_no_contradictions_or_doubled_bullets(rendered):
    """No duplicated next step, no "a hour", no AICPA window claim, no "most controls" below the threshold."""
    for name, text, _, report in rendered:
        steps = report.summary.next_steps
        assert len(steps) == len(set(steps)), name
        assert not any(a in b for a in steps for b in steps if a is not b), name
        assert " a hour" not in text and "AICPA suggests" not in text and "suggests 6" not in text, name
        assert "Most of your controls" not in text, name
        for hourly in re.findall(r"\$[\d,.k]+–\$[\d,.k]+ an hour", text):
            assert hourly == "$75–$120 an hour", name  # as the assumptions table writes staff.rate


def test_a_type1_plan_never_mentions_an_observation_window(rendered):
    """The health profile plans a Type I: its PDF says nothing of an observation window."""
    name, text, summary, _ = rendered[1]
    assert summary["report"]["type"] == "type1"
    assert "observation window" not in text.lower()
    assert "Trust Services Categories" in text
