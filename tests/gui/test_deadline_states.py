"""The timeline step never calls a deadline met that has already passed, nor one a late plan misses."""

from __future__ import annotations

import datetime as dt

import pytest

from soc2wizard import services
from soc2wizard.domain.answers import parse_answers


def _open(window, tmp_path, *, deadline: dt.date, start: dt.date):  # noqa: ANN001, ANN202
    answers = parse_answers(
        {
            "format": "soc2wizard-answers/1",
            "company": {"name": "Dateco", "employees": 12, "engineers": 4},
            "customers": {"enterprise": True, "deadline": deadline.isoformat()},
            "plan": {"start": start.isoformat(), "report_type": "type1"},
        }
    )
    path = tmp_path / "dateco.soc2"
    services.create_workspace(path, answers).close()
    assert window.open_path(path)
    window.go("timeline")
    return window.page["timeline"]


@pytest.mark.parametrize(
    ("deadline", "start"),
    [
        (dt.date.today() - dt.timedelta(days=30), dt.date.today() - dt.timedelta(days=400)),  # passed last month
        (dt.date(2025, 6, 30), dt.date(2020, 1, 6)),  # a start in 2020 "meets" it on paper
    ],
)
def test_a_passed_deadline_is_shown_as_passed_with_no_options(window, tmp_path, deadline, start):
    """Chip, sentence, summary --json and the plan checks agree that the deadline has passed."""
    page = _open(window, tmp_path, deadline=deadline, start=start)
    assert page.deadline_chip.text() == "✕ Deadline passed"
    assert "has already passed" in page.deadline_text.text()
    assert "Deadline met" not in page.deadline_chip.text()
    summary = services.summary_json(window.ctx.s)
    assert summary["timeline"]["deadline_met"] is False
    assert summary["timeline"]["deadline_passed"] is True
    assert summary["timeline"]["options"] == []  # no "in time" option for a date already gone
    assert "deadline_passed" in {c["id"] for c in summary["checks"]}


def test_a_future_deadline_the_plan_meets_is_met(window, tmp_path):
    """The same profile with a deadline two years ahead reads as met."""
    page = _open(window, tmp_path, deadline=dt.date.today() + dt.timedelta(days=730), start=dt.date.today())
    assert page.deadline_chip.text() == "✓ Deadline met"
    assert services.summary_json(window.ctx.s)["timeline"]["deadline_passed"] is False
