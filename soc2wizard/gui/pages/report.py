"""Step 4: Type I or Type II, and the observation window, with advice and caveats."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain import vocab
from soc2wizard.gui.pages.base import StepPage, section
from soc2wizard.gui.widgets import Card, Chip, clear_layout, help_for, wrap_label

TYPE_TEXT = {
    "type1": (
        "Type I — design on one day",
        "The auditor checks that your controls are designed well on a single date. Faster and "
        "cheaper; a common first report while a Type II window runs.",
    ),
    "type2": (
        "Type II — operation over a period",
        "The auditor checks that your controls worked throughout an observation window. What most "
        "enterprise buyers ask for.",
    ),
}


class ReportPage(StepPage):
    step_id = "report"
    help_html = (
        "<p><b>Type I</b> tests the design of your controls at a point in time. <b>Type II</b> tests "
        "that they operated over an <b>observation window</b>, the period the auditor samples.</p>"
        "<p>A first Type II often uses 3 months: many auditors accept it. The AICPA sets no minimum "
        "window for SOC 2, though some buyers expect 6.</p>"
        "<p>A <b>bridge letter</b> is your own signed statement covering the gap between the end of "
        "one report's period and today, so customers are not left without assurance.</p>"
    )

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, parent)
        top = QHBoxLayout()
        self.advice = wrap_label()
        top.addWidget(self.advice, 1)
        self.reset = QPushButton("Accept the &recommendation")
        self.reset.setAccessibleName("Accept the recommended report type and window")
        self.reset.clicked.connect(self.accept_recommendation)
        top.addWidget(self.reset)
        self.body.addLayout(top)
        self.reasons = QVBoxLayout()
        self.body.addLayout(self.reasons)

        self.types = QButtonGroup(self)
        self.type_chips: dict[str, Chip] = {}
        for key, (title, text) in TYPE_TEXT.items():
            card = Card()
            head = QHBoxLayout()
            radio = QRadioButton(title)
            f = radio.font()
            f.setBold(True)
            radio.setFont(f)
            radio.setAccessibleName(vocab.REPORT_TYPES[key])
            help_for(radio, vocab.REPORT_TYPES[key], text)
            radio.setProperty("key", key)
            self.types.addButton(radio)
            head.addWidget(radio, 1)
            chip = Chip()
            self.type_chips[key] = chip
            head.addWidget(chip)
            card.body.addLayout(head)
            card.body.addWidget(wrap_label(text, muted=True))
            self.body.addWidget(card)
        self.types.buttonClicked.connect(self._type_clicked)

        self.window_section = section(
            "Observation window", "How long the auditor watches your controls operate (Type II only)."
        )
        self.body.addWidget(self.window_section)
        row = QHBoxLayout()
        self.windows = QButtonGroup(self)
        self.window_buttons: dict[int, QRadioButton] = {}
        for months in vocab.OBSERVATION_MONTHS:
            radio = QRadioButton(f"{months} months")
            radio.setAccessibleName(f"Observation window of {months} months")
            help_for(
                radio,
                "Observation window",
                "A first Type II often uses 3 months; a longer window "
                "gives buyers more assurance but delays the report by the same time.",
            )
            radio.setProperty("months", months)
            self.windows.addButton(radio)
            self.window_buttons[months] = radio
            row.addWidget(radio)
        row.addStretch(1)
        self.windows.buttonClicked.connect(self._window_clicked)
        self.body.addLayout(row)

        self.body.addWidget(section("Things to know"))
        self.caveats = QVBoxLayout()
        self.body.addLayout(self.caveats)
        self.finish()

    def refresh(self) -> None:
        a = services.get_answers(self.ctx.s)
        r = self.ctx.estimate().report
        following = a.plan.report_type is None
        rec = vocab.REPORT_TYPES[r.recommended_type]
        rec_text = f"We recommend a {rec} report"
        if r.recommended_type == "type2":
            rec_text += f" with a {r.recommended_months}-month window"
        same = r.type == r.recommended_type and (r.type == "type1" or r.observation_months == r.recommended_months)
        if following:
            rec_text += ". Until you accept it or choose, the plan assumes it."
        elif same:
            rec_text += ", which is what you chose."
        else:
            rec_text += ". You chose otherwise; the plan uses your choice."
        self.advice.setText(rec_text)
        self.reset.setEnabled(following or not same)
        clear_layout(self.reasons)
        for reason in r.reasons:
            self.reasons.addWidget(wrap_label("• " + reason))
        for b in self.types.buttons():
            b.setChecked(b.property("key") == r.type)
        for key, chip in self.type_chips.items():
            chip.set("Recommended" if key == r.recommended_type else "", "ok")
            chip.setVisible(key == r.recommended_type)
        type2 = r.type == "type2"
        for months, b in self.window_buttons.items():
            b.setEnabled(type2)
            b.setChecked(type2 and months == r.observation_months)
            b.setText(f"{months} months" + (" (recommended)" if months == r.recommended_months else ""))
        self.window_section.setEnabled(type2)
        clear_layout(self.caveats)
        if not r.caveats:
            self.caveats.addWidget(wrap_label("Nothing special for this choice.", muted=True))
        for c in r.caveats:
            self.caveats.addWidget(wrap_label("• " + c))

    def accept_recommendation(self) -> None:
        """Store the advice as the user's choice: the step is then decided (complete)."""
        r = self.ctx.estimate().report
        months = r.recommended_months if r.recommended_type == "type2" else None
        self.edit_answers(
            "Accept recommended report", "plan", report_type=r.recommended_type, observation_months=months
        )

    def _type_clicked(self, button: QRadioButton) -> None:
        key = button.property("key")
        changes: dict = {"report_type": key}
        if key == "type2" and services.get_answers(self.ctx.s).plan.observation_months is None:
            changes["observation_months"] = self.ctx.estimate().report.recommended_months
        self.edit_answers(f"Choose {vocab.REPORT_TYPES[key]}", "plan", **changes)

    def _window_clicked(self, button: QRadioButton) -> None:
        months = int(button.property("months"))
        changes: dict = {"observation_months": months}
        if services.get_answers(self.ctx.s).plan.report_type is None:
            changes["report_type"] = "type2"
        self.edit_answers(f"Choose a {months}-month window", "plan", **changes)
