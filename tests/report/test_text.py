"""The plan's sentences, read by value on the report model (``Report.text``), not through the PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from soc2wizard import services

from .conftest import TODAY


def test_cover_words_the_readiness_figure_and_says_how_the_plan_was_made(demo_report):
    """The cover's boxed figures and its closing note."""
    t = demo_report.text.cover
    assert t.kicker == "SOC 2 READINESS PLAN"
    figures = {f.label: f.value for f in t.figures}
    assert figures["Readiness today"] == "33% of controls in place"
    assert figures["Budget, first year"] == demo_report.budget.total
    assert t.note.startswith("This plan was made with soc2wizard from the answers and checklist")
    assert t.note.endswith("listed with their sources in the Budget section.")


def test_cover_shows_the_labelled_report_dates_each_on_one_line(demo_report):
    """The cover's first box is the summary's "<type> report expected" dates, breaking only between them."""
    t = demo_report.text.cover
    fact = next(f for f in demo_report.summary.facts if f.label.endswith("report expected"))
    assert [f.label for f in t.figures][0] == fact.label == "Type II report expected"
    value = t.figures[0].value
    assert value.replace("\u00a0", " ") == fact.value  # the same dates, word for word
    assert value.startswith("earliest\u00a0") and ", latest\u00a0" in value
    assert value.count(" ") == 1  # the one place a line may break: after "earliest …,"


def test_summary_counts_the_checks_to_fix(demo_report):
    """Five warnings read "5 warnings"; one error and one warning read in the singular; none says nothing."""
    assert demo_report.text.summary.checks_note == "The plan checks found 5 warnings to fix: see Plan checks."
    error, warning = demo_report.checks[0], demo_report.checks[1]
    one_each = replace(demo_report, checks=(replace(error, severity="error"), warning))
    assert one_each.text.summary.checks_note == "The plan checks found 1 error and 1 warning to fix: see Plan checks."
    assert replace(demo_report, checks=()).text.summary.checks_note == ""


def test_report_type_and_timeline_leads(demo_report):
    """The report type's lead names the window; the timeline's names the start and the report dates."""
    t = demo_report.text
    assert t.report_type.lead == "The plan uses a Type II report with a 3-month observation window."
    assert "observation window of several months" in t.report_type.explainer
    type_one = replace(demo_report, report_type=replace(demo_report.report_type, type_label="Type I", window=""))
    assert type_one.text.report_type.lead == "The plan uses a Type I report."
    assert type_one.text.report_type.explainer.startswith(
        "A Type I report checks that your controls are designed well on one date: the quicker"
    )
    assert t.timeline.lead == (
        "Starting on 1 Dec 2026, the Type II report can be in your hands: "
        "earliest 11 Sep 2027, latest 12 Dec 2027 (9\u201312 months)."
    )


def test_budget_lines_mark_staff_time_and_your_own_figures(demo_report):
    """The budget table's lines: totals last, staff time explained, a consultant's figure marked."""
    b = demo_report.text.budget
    assert (
        b.lead
        == f"The first year costs {demo_report.budget.total}; year two (renewal) about {demo_report.budget.renewal}."
    )
    assert b.staff_note == (
        "On top of that, your team's time comes to $51k\u2013$136k: time, not cash, so it is shown beside the "
        "total rather than in it."
    )
    assert [x.title for x in b.lines[-2:]] == ["Total, first year", "Year two (renewal)"]
    assert b.lines[-2].basis == "Money paid out in the first year."
    staff = next(x for x in b.lines if x.title == "Your team's time")
    assert staff.basis.endswith(
        " Shown beside the total, not in it: this is time your people spend, not money you pay out."
    )
    assert b.renewal_lines[-1].title == "Total, year two (renewal)"
    assert b.currency_note == ""  # US dollars
    rows = tuple(replace(c, overridden=True) if c.title == "Auditor's fee" else c for c in demo_report.budget.rows)
    quoted = replace(demo_report, budget=replace(demo_report.budget, rows=rows))
    assert quoted.text.budget.lines[0].title == "Auditor's fee (your figure)"


def test_budget_in_another_currency_gives_the_published_dollars(demo_report):
    bu = replace(
        demo_report.budget,
        currency="EUR",
        rate_note="1 USD = 0.92 EUR",
        published_total="$60k\u2013$224k",
        published_renewal="$40k\u2013$148k",
    )
    assert replace(demo_report, budget=bu).text.budget.currency_note == (
        "Money is shown in EUR at 1 USD = 0.92 EUR. The published figures behind it are in US dollars: "
        "$60k\u2013$224k for the first year, $40k\u2013$148k for year two; the assumptions below keep their "
        "published dollar figures, and a quote of yours the currency you typed it in, beside the dollars the plan "
        "uses."
    )


def test_open_work_checklist_and_evidence_sentences(demo_report):
    """Counts in the remediation, checklist and evidence sentences are the model's own."""
    t = demo_report.text
    assert t.remediation_intro.startswith(
        f"{len(demo_report.remediation)} controls are still open: {demo_report.timeline.open_hours:,} hours"
    )
    assert t.checklist_intro.startswith(f"All {demo_report.control_count} controls of the plan")
    files = sum(1 for e in demo_report.evidence if e.kind == "File")
    assert t.evidence_intro.startswith(
        f"{len(demo_report.evidence)} items of evidence: {files} files kept in the workspace"
    )
    assert f"and {len(demo_report.evidence) - files} links." in t.evidence_intro
    assert len(t.evidence) == len(demo_report.evidence)
    first = demo_report.evidence[0]
    assert t.evidence[0].kind == first.kind + (f", {first.size}" if first.size else "") + f"\n{first.occurred}"


def test_checklist_lines_name_the_other_criteria_and_why_not_applicable(demo_report):
    g = demo_report.checklist[0]
    row = next(c for c in g.rows if len(c.criteria) > 1)
    line = demo_report.text.checklist[0][g.rows.index(row)]
    assert line.also == "Also: " + ", ".join(x for x in row.criteria if x != g.criterion)
    na = replace(row, notes="", na_reason="No cardholder data")
    changed = replace(demo_report, checklist=(replace(g, rows=(na,)),))
    assert changed.text.checklist[0][0].note == "Not applicable: No cardholder data"


def test_remediation_due_dates_say_overdue(demo_report):
    first = demo_report.remediation[0]
    late = replace(demo_report, remediation=(replace(first, due="1 Oct 2026", overdue=True),))
    assert late.text.remediation_due == ("1 Oct 2026 (overdue)",)
    assert demo_report.text.remediation_due[0] == first.due


def test_checks_carry_what_they_concern(demo_report):
    check = replace(demo_report.checks[0], subjects="CC6.1, CC6.2")
    line = replace(demo_report, checks=(check,)).text.checks[0]
    assert (line.word, line.concerns) == ("Warning", "Concerns: CC6.1, CC6.2")


def test_readiness_note_only_with_operating_readiness(demo_report):
    assert demo_report.text.readiness_note.startswith("Each bar shows the share of a criterion's controls in place")
    design_only = replace(demo_report, readiness=replace(demo_report.readiness, operating_percent=None))
    assert design_only.text.readiness_note == ""


def test_deliverables_sentences_count_the_risks_and_name_the_providers(demo_report):
    x = demo_report.text.extras
    high = sum(1 for k in demo_report.extras.risks if k.level == "High")
    assert x.risks_intro.startswith(
        f"{len(demo_report.extras.risks)} risks, rated likelihood \u00d7 impact on a 1\u20135 scale each ({high} high)."
    )
    assert "over a 3-month observation window (5 or fewer occurrences: all;" in x.gaps_intro
    assert x.org_titles[0] == "Amazon Web Services (subservice organisation, carve-out)"
    assert x.org_empty[0] == (
        "No CSOCs in the shipped library for Amazon Web Services; list them from its SOC 2 report."
    )
    type_one = replace(demo_report, extras=replace(demo_report.extras, months=0))
    assert "over a Type I report (one date) (5 or fewer" in type_one.text.extras.gaps_intro
    assert replace(demo_report, extras=None).text.extras is None


def test_progress_sentences_name_the_snapshot(demo, tmp_path):
    """After a snapshot, the then-and-now table's header names it and its date."""
    services.take_snapshot(demo, "Kick-off", today=dt.date(2026, 10, 1))
    r = services.prepare_report(demo, today=TODAY)
    t = r.text.progress
    assert t.then_header == "At \u201cKick-off\u201d (1 Oct 2026)"
    assert t.controls_empty == "No control has changed since the snapshot."
    assert t.chart_note.startswith("The solid line is the share of controls in place at each snapshot and now")


def test_no_progress_text_without_a_snapshot(demo_report):
    assert demo_report.progress is None and demo_report.text.progress is None


def test_page_furniture_names_the_firm_or_says_confidential(demo_report):
    """The cover band, the running head and the footer's page number."""
    page = demo_report.text.page
    assert page.cover_band == "Confidential"  # the demo sets no consultant firm
    assert page.running_head == "SOC 2 readiness plan \u00b7 26 Nov 2026"
    assert page.page_of.format(page=3, total=40) == "Page 3 of 40"
    firm = replace(demo_report, cover=replace(demo_report.cover, firm_name="Harbour Assurance"))
    assert firm.text.page.cover_band == "Harbour Assurance"


def test_gantt_labels_name_the_customer_deadline(demo_report):
    charts = demo_report.text.charts
    assert (charts.earliest, charts.latest, charts.deadline_legend) == (
        "Earliest dates",
        "How late it can run",
        "Customer deadline",
    )
    assert charts.deadline == "Deadline 30 Nov 2027"
    no_deadline = replace(demo_report, timeline=replace(demo_report.timeline, deadline_date=None))
    assert no_deadline.text.charts.deadline == ""


def test_every_table_has_its_column_headings(demo_report):
    columns = demo_report.text.columns
    assert columns["costs"] == ("Cost", "Estimate", "How it was worked out")
    assert columns["evidence"][-1] == "SHA-256 fingerprint or address"
    assert columns["crosswalk"] == ("Control", "Title", "ISO 27001:2022", "HIPAA", "PCI DSS v4.0")
    assert all(columns.values())


def test_risk_lines_come_highest_score_first_with_their_scale_words(demo_report):
    x = demo_report.text.extras
    risks = sorted(demo_report.extras.risks, key=lambda k: (-k.score, k.title))
    top, line = risks[0], x.risks[0]
    assert line.title == top.title
    assert line.score == f"{top.score} {top.level}"
    assert line.likelihood.startswith(f"{top.likelihood} ") and line.impact.startswith(f"{top.impact} ")
    assert [k.title for k in x.risks] == [k.title for k in risks]
    assert x.impact_labels == ("1 Negligible", "2 Minor", "3 Moderate", "4 Major", "5 Severe")
    assert x.risk_levels[0] == ("High", "High (15\u201325)")
    assert x.gap_labels == ("Gap:", "What to do:", "Evidence:", "Sample:")
