"""Step 5: when the report can be ready: a Gantt chart that follows every change."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from soc2wizard import services
from soc2wizard.domain import format as fmt
from soc2wizard.estimate import words
from soc2wizard.gui.pages.base import StepPage, section, set_line
from soc2wizard.gui.pages.gantt import GanttChart
from soc2wizard.gui.widgets import (
    Chip,
    DateField,
    FieldBox,
    clear_layout,
    heading,
    help_for,
    show_date,
    show_date_range,
    wrap_label,
)


class TimelinePage(StepPage):
    step_id = "timeline"
    help_html = (
        "<p><b>Readiness assessment:</b> comparing what you do with what SOC 2 expects.</p>"
        "<p><b>Remediation:</b> closing the gaps, from day one alongside the assessment; its length comes "
        "from your open checklist work, scaled to your company's size, and the hours a week your team can "
        "give. Nothing open, no remediation.</p>"
        "<p><b>Pre-audit preparation:</b> choosing the auditor, collecting evidence, a mock audit, during "
        "the last weeks of remediation.</p>"
        "<p><b>Observation window</b> (Type II): the period your controls must run and leave evidence.</p>"
        "<p><b>Fieldwork</b> and <b>report issuance:</b> the auditor's testing and writing.</p>"
        "<p>The solid part of each bar is the quickest run; the light tail is how long it may take.</p>"
    )

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, parent)
        form = QFormLayout()
        self.start = DateField("Start date")
        help_for(
            self.start,
            "Start date",
            "When work on SOC 2 begins: type it (1 Dec 2026, or 2026-12-01) "
            "or press Alt+Down to choose it from a calendar. Usually the first of next month. Leave it "
            "empty and the plan assumes a start for you.",
        )
        self.start.committed.connect(self._start_done)
        self.start_box = FieldBox(self.start)
        form.addRow("&Start date:", self.start_box)
        self.hours = QLineEdit()
        self.hours.setAccessibleName("Hours a week")
        self.hours.setMaximumWidth(120)
        help_for(
            self.hours,
            "Hours a week",
            "Hours your team can give to SOC 2 work each week, all people together. More hours shorten "
            "remediation; the options never ask more than a company your size can give (the capacity "
            "assumptions on the budget step).",
        )
        self.watch(
            self.hours,
            lambda t, _f, _t: self._hours_edited(t),
            "hours",
            stored=lambda _t: str(services.get_answers(self.ctx.s).plan.weekly_hours),
        )
        self.hours_box = FieldBox(self.hours)
        form.addRow("&Hours a week:", self.hours_box)
        self.body.addLayout(form)

        self.summary = heading("", 1.2)
        self.summary.setAccessibleName("Report date")
        self.body.addWidget(self.summary)
        row = QHBoxLayout()
        self.deadline_chip = Chip()
        row.addWidget(self.deadline_chip)
        self.deadline_text = wrap_label()
        row.addWidget(self.deadline_text, 1)
        self.body.addLayout(row)
        self.chart = GanttChart()
        self.body.addWidget(self.chart)
        self.options_section = section("What would meet the deadline")
        self.body.addWidget(self.options_section)
        self.options = QVBoxLayout()
        self.body.addLayout(self.options)
        self.body.addWidget(section("Phases"))
        self.phases = QVBoxLayout()
        self.body.addLayout(self.phases)
        from soc2wizard.gui.through_year import NextCycleView

        self.next_cycle = NextCycleView()
        self.body.addWidget(self.next_cycle)
        self.finish()

    def refresh(self) -> None:
        a = services.get_answers(self.ctx.s)
        est = self.ctx.estimate()
        t = est.timeline
        if not (self.start_box.has_error() and self.start.hasFocus()):
            self.start_box.clear_error()
            self.start.setDate(a.plan.start)
        self.start.setPlaceholderText(f"e.g. {show_date(t.start)}")
        self.start_box.set_hint(
            f"That is a {a.plan.start.strftime('%A')}."
            if a.plan.start
            else f"Not chosen yet: the plan assumes {show_date(t.start)}."
        )
        if not (self.hours_box.has_error() and self.hours.hasFocus()):
            self.hours_box.clear_error()
            set_line(self.hours, str(a.plan.weekly_hours), lambda x, y: x.strip() == y)
        kind = words.REPORT_WORDS.get(t.report_type, t.report_type)
        self.summary.setText(
            f"Your {kind} report can be ready: earliest {show_date(t.report_date_earliest)}, "
            f"latest {show_date(t.report_date_latest)}"
        )
        total = fmt.weeks_range(t.weeks_low, t.weeks_high)
        if t.deadline is None:
            self.deadline_chip.set("No deadline", "muted")
            self.deadline_text.setText(
                f"{total} from the start. Add a customer deadline on the profile step to check it against the plan."
            )
        else:
            state = words.deadline_state(t)
            chip = {
                "met": ("✓ Deadline met", "ok"),
                "at_risk": ("⚠ Deadline at risk", "warning"),
                "passed": ("✕ Deadline passed", "error"),
            }
            self.deadline_chip.set(*chip.get(state, ("✕ Deadline missed", "error")))
            self.deadline_text.setText(f"{total} from the start. {words.deadline_sentence(t)}")
        self.chart.set_timeline(t, est.today)
        self.next_cycle.set_year_two(est.year_two)
        clear_layout(self.options)
        self.options_section.setVisible(bool(t.options))
        for o in t.options:
            line = QHBoxLayout()
            line.addWidget(Chip("Meets it" if o.meets_deadline else "Closer", "ok" if o.meets_deadline else "advice"))
            line.addWidget(wrap_label(o.message), 1)
            self.options.addLayout(line)
        clear_layout(self.phases)
        for ph in t.phases:
            text = (
                f"<b>{html.escape(ph.title)}</b> — {fmt.weeks_range(ph.weeks_low, ph.weeks_high)}, "
                f"starting {show_date(ph.start)}, ending {show_date_range(ph.end_low, ph.end_high)}."
            )
            if ph.note:
                text += f" {html.escape(ph.note)}"
            self.phases.addWidget(wrap_label(text, rich=True))

    def _start_done(self) -> None:
        current = services.get_answers(self.ctx.s).plan.start
        problem = self.start.problem()
        if problem:
            self.start_box.show_error(problem)
            return
        value = self.start.date()
        if value == current:
            self.start_box.clear_error()
            return
        self.edit_answers("Change start date", "plan", self.start_box, start=value)

    def _hours_edited(self, text: str) -> bool:
        try:
            value = int(text.strip().replace(",", ""))
        except ValueError:
            self.hours_box.show_error("enter a whole number of hours")
            return False
        if value == services.get_answers(self.ctx.s).plan.weekly_hours:
            self.hours_box.clear_error()
            return True
        return self.edit_answers("Change hours a week", "plan", self.hours_box, "hours", weekly_hours=value)
