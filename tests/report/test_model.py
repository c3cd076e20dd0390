"""The report model, checked by value on the demo company."""

from __future__ import annotations

import datetime as dt
import re

from soc2wizard import services
from soc2wizard.domain import format as fmt
from soc2wizard.report.model import SECTIONS, value_text

from .conftest import TODAY


def test_cover_names_the_company_the_reader_and_the_date(demo_report):
    """The cover says whose plan it is, who it is for and by, and when it was made."""
    c = demo_report.cover
    assert c.company == "Tidewater Health"
    assert c.date_text == "26 Nov 2026"
    lines = {f.label: f.value for f in c.lines}
    assert lines["Prepared for"] == "Tidewater Health leadership team"
    assert lines["Prepared by"] == "Priya Natarajan"
    assert "Consultant firm" not in lines  # no firm set: the line is left out
    assert demo_report.title == "SOC 2 readiness plan: Tidewater Health"
    assert demo_report.author == "Priya Natarajan"


def test_summary_gives_the_same_totals_and_dates_as_summary_json(demo, demo_report):
    """The executive summary's money and dates are the summary --json figures, formatted."""
    summary = services.summary_json(demo, today=TODAY)
    facts = {f.label: f.value for f in demo_report.summary.facts}
    assert facts["Budget, first year"] == fmt.money_range(summary["cost"]["low"], summary["cost"]["high"])
    first = dt.date.fromisoformat(summary["timeline"]["report_date_earliest"])
    last = dt.date.fromisoformat(summary["timeline"]["report_date_latest"])
    assert facts["Type II report expected"] == f"earliest {fmt.day(first)}, latest {fmt.day(last)}"
    assert demo_report.timeline.report_dates == f"earliest {fmt.day(first)}, latest {fmt.day(last)}"
    assert facts["Open work"] == f"{summary['timeline']['open_hours']:,} hours of open work"
    assert demo_report.budget.total == fmt.money_range(summary["cost"]["low"], summary["cost"]["high"])
    assert facts["Report"] == "SOC 2 Type II, 3-month window"
    assert demo_report.summary.recommendation.startswith("Get a SOC 2 Type II report covering Security")


def test_next_steps_start_with_the_open_foundational_controls(demo_report):
    """What to do next names the open foundational controls to finish first."""
    steps = demo_report.summary.next_steps
    assert any(s.startswith("Finish the ") and "open foundational controls first" in s for s in steps)


def test_scope_separates_systems_exclusions_subservice_and_vendors(demo_report):
    """Scope lists what is in, what is out and why, the carve-out provider and vendor reviews."""
    sc = demo_report.scope
    assert sc.systems[0].name == "Tidewater Scheduler (web app and API)"
    assert sc.systems[0].detail == "Holds customer data"
    assert [(x.name, x.detail) for x in sc.excluded] == [
        ("Company wiki", "Holds internal documentation only; no customer or patient data.")
    ]
    assert [(x.name, x.detail) for x in sc.subservice] == [("Amazon Web Services", "Carve-out; SOC 2 report reviewed")]
    assert {x.name: x.detail for x in sc.vendors} == {
        "Twilio": "Reviewed",
        "Google Workspace": "Not yet reviewed",
        "Zendesk": "Not yet reviewed",
    }
    assert [x.name for x in sc.locations] == ["Portland office"]


def test_criteria_rows_carry_reasons_and_what_each_adds(demo_report):
    """Every criterion shows whether it is in, whether we recommend it, why, and its cost."""
    rows = {c.title: c for c in demo_report.criteria}
    assert list(rows) == ["Security", "Availability", "Processing Integrity", "Confidentiality", "Privacy"]
    assert rows["Security"].included == "Included" and rows["Security"].adds == ""
    assert rows["Availability"].reasons and rows["Availability"].advice == "Recommended"
    assert re.search(r"\d+ more controls?, .*weeks, \$", rows["Privacy"].adds)


def test_obligations_say_hipaa_is_required_by_law(demo_report):
    """Health data brings HIPAA, shown as required by law."""
    assert (demo_report.obligations[0].title, demo_report.obligations[0].status) == ("HIPAA", "Required by law")


def test_timeline_phases_are_in_order_with_ranges(demo_report):
    """The timeline lists the six Type II phases, each with a duration and dates."""
    tl = demo_report.timeline
    assert [p.id for p in tl.phases] == ["readiness", "remediation", "pre_audit", "observation", "fieldwork", "report"]
    assert tl.start == dt.date(2026, 12, 1)
    for p in tl.phases:
        assert p.end_low <= p.end_high and p.duration and p.dates.startswith("starts ")
    assert "30 Nov 2027" in tl.deadline


def test_budget_rows_add_up_to_the_total(demo_report):
    """The cash items sum to the budget total, and every assumption cites a source."""
    bu = demo_report.budget
    assert round(sum(r.low for r in bu.rows if r.in_total)) == round(bu.low)
    assert round(sum(r.high for r in bu.rows if r.in_total)) == round(bu.high)
    assert [r.title for r in bu.rows if not r.in_total] == ["Your team's time"]
    assert all(r.amount.startswith("$") for r in bu.rows)
    assert bu.assumptions and all(a.source for a in bu.assumptions)


def test_readiness_groups_follow_the_criteria_categories(demo_report):
    """Readiness is grouped Security first, with a bar per TSC criterion."""
    groups = demo_report.readiness.groups
    assert groups[0].title == "Security"
    assert groups[0].bars[0].criterion == "CC1.1"
    assert all(0 <= b.design <= 100 for g in groups for b in g.bars)
    assert "% of the plan's controls are in place" in demo_report.readiness.text


def test_remediation_lists_open_controls_foundational_first(demo, demo_report):
    """The remediation plan holds every open control, foundational ones first, with owners."""
    rows = services.checklist(demo)
    open_ids = {r.control.id for r in rows if r.state.status in ("not_started", "in_progress")}
    plan = demo_report.remediation
    assert {c.control_id for c in plan} == open_ids
    priorities = [c.priority for c in plan]
    assert priorities == sorted(priorities)
    assert plan[0].priority_label == "Foundational"
    assert any(c.owner for c in plan) and any(c.due for c in plan)


def test_checklist_appendix_holds_every_control_once_grouped_by_criterion(demo, demo_report):
    """Appendix A lists each applicable control exactly once, under a criterion it serves."""
    ids = [c.control_id for g in demo_report.checklist for c in g.rows]
    assert sorted(ids) == sorted(r.control.id for r in services.checklist(demo))
    for g in demo_report.checklist:
        assert all(g.criterion in c.criteria for c in g.rows)
    na = [c for g in demo_report.checklist for c in g.rows if c.status == "not_applicable"]
    assert na and na[0].na_reason.startswith("Tidewater runs no on-site servers")


def test_evidence_index_has_a_sha256_for_every_file(demo_report):
    """Appendix B gives each file its 64-hex SHA-256 and each link its address."""
    ev = demo_report.evidence
    assert ev
    for e in ev:
        if e.kind == "File":
            assert re.fullmatch(r"[0-9a-f]{64}", e.fingerprint)
        else:
            assert e.fingerprint.startswith("https://wiki.tidewater.example/")


def test_sections_are_in_reading_order():
    """The section titles the PDF and its contents use."""
    assert list(SECTIONS.values())[:3] == ["Executive summary", "Scope", "Trust Services Categories"]
    assert list(SECTIONS.values())[-2:] == ["Appendix A: Control checklist", "Appendix B: Evidence index"]


def test_assumption_values_are_written_in_their_units():
    """Assumptions read as people say them: money ranges, rates, weeks and shares."""
    assert value_text(25000, 75000, "USD") == "$25k\u2013$75k"
    assert value_text(7000, 28000, "USD/year") == "$7k\u2013$28k a year"
    assert value_text(80, 120, "USD/hour") == "$80\u2013$120 an hour"
    assert value_text(4, 8, "weeks") == "4\u20138 weeks"
    assert value_text(1.0, 1.5, "share") == "100%\u2013150%"


def test_a_bare_workspace_gives_a_type_i_plan_with_empty_states(tmp_path):
    """A workspace with only a name still makes a report: Type I, no deadline, nothing in scope yet."""
    with services.create_workspace(tmp_path / "bare.soc2", name="Bare Co") as s:
        r = services.prepare_report(s, today=TODAY)
    assert r.report_type.type_label == "Type I" and r.report_type.window == ""
    assert "observation" not in [p.id for p in r.timeline.phases]
    assert r.timeline.deadline == "" and r.timeline.deadline_date is None
    assert "Customer deadline" not in [f.label for f in r.summary.facts]
    assert r.scope.systems == () and r.evidence == ()
    assert r.cover.lines[-1].label == "Date" and len(r.cover.lines) == 1
