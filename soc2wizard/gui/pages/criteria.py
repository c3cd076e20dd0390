"""Step 3: the Trust Services Criteria, each recommended or not with its reasons."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from soc2wizard import services
from soc2wizard.domain import format as fmt
from soc2wizard.domain import vocab
from soc2wizard.gui.pages.base import StepPage, set_checked
from soc2wizard.gui.widgets import Card, Chip, help_for, wrap_label

WHAT = {
    "security": "Protection against unauthorised access: the common criteria every report covers.",
    "availability": "Whether the system is up and recoverable as promised: capacity, backups, disaster recovery.",
    "processing_integrity": "Whether processing is complete, valid, accurate and on time.",
    "confidentiality": "How information marked confidential is protected, kept and disposed of.",
    "privacy": "How personal information is collected, used, kept, disclosed and deleted, as your notice says.",
}


def _weeks(low: float, high: float) -> str:
    """Extra time, said plainly: "a few days", "1–2 weeks"."""
    if high < 1:
        return "a few days"
    return fmt.number_range(max(1, round(low)), max(1, round(high)), "weeks")


class CriteriaPage(StepPage):
    step_id = "criteria"
    help_html = (
        "<p>The AICPA groups the <b>Trust Services Criteria</b> into five <b>Trust Services Categories</b>: "
        "what a SOC 2 report can cover. Security (the common criteria) is always in; the other four "
        "categories are optional.</p>"
        "<p>Add a category when a customer needs that assurance. Each one adds controls, weeks of "
        "work and audit fees, shown on each card.</p>"
        "<p>Until you accept the recommendation or tick your own, the plan assumes the recommendation.</p>"
    )

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, parent)
        top = QHBoxLayout()
        self.mode = wrap_label()
        top.addWidget(self.mode, 1)
        self.reset = QPushButton("Accept the &recommendation")
        self.reset.setAccessibleName("Accept the recommended criteria")
        self.reset.clicked.connect(self.use_recommendation)
        top.addWidget(self.reset)
        self.body.addLayout(top)
        self.cards: dict[str, tuple[QCheckBox, Chip, QVBoxLayout, QLabel]] = {}
        for key, title in vocab.CRITERIA.items():
            card = Card()
            head = QGridLayout()
            box = QCheckBox(title)
            f = box.font()
            f.setBold(True)
            f.setPointSizeF(f.pointSizeF() * 1.1)
            box.setFont(f)
            box.setAccessibleName(f"Include {title}")
            help_for(box, title, WHAT[key])
            if key == "security":
                box.setEnabled(False)
                box.setToolTip("Every SOC 2 report covers Security")
            box.toggled.connect(lambda on, k=key: self.toggle(k, on))
            head.addWidget(box, 0, 0)
            chip = Chip()
            head.addWidget(chip, 0, 1)
            head.setColumnStretch(0, 1)
            card.body.addLayout(head)
            card.body.addWidget(wrap_label(WHAT[key], muted=True))
            reasons = QVBoxLayout()
            card.body.addLayout(reasons)
            adds = wrap_label()
            card.body.addWidget(adds)
            self.cards[key] = (box, chip, reasons, adds)
            self.body.addWidget(card)
        self.finish()

    def refresh(self) -> None:
        a = services.get_answers(self.ctx.s)
        est = self.ctx.estimate()
        following = a.plan.criteria is None
        same = {c.id for c in est.criteria if c.selected} == {c.id for c in est.criteria if c.recommended}
        self.mode.setText(
            "Not decided yet: until you accept the recommendation or tick your own, the plan assumes it."
            if following
            else "You accepted the recommendation."
            if same
            else "You chose the criteria yourself; the recommendation is shown on each card."
        )
        self.reset.setEnabled(following or not same)
        for c in est.criteria:
            box, chip, reasons, adds = self.cards[c.id]
            set_checked(box, c.selected)
            chip.set("Recommended" if c.recommended else "Not recommended", "ok" if c.recommended else "muted")
            while reasons.count():
                item = reasons.takeAt(0)
                w = item.widget() if item is not None else None
                if w is not None:
                    w.deleteLater()
            for r in c.reasons:
                reasons.addWidget(wrap_label("• " + r))
            if c.id == "security":
                adds.setText("Always included.")
            else:
                verb = "Adds" if c.selected else "Would add"
                adds.setText(
                    f"{verb} {c.adds_controls:,} control{'' if c.adds_controls == 1 else 's'}, "
                    f"{_weeks(c.adds_weeks_low, c.adds_weeks_high)} and "
                    f"{fmt.money_range(c.adds_cost_low, c.adds_cost_high, est.budget.currency)} to the plan."
                )

    def toggle(self, key: str, on: bool) -> None:
        current = [c.id for c in self.ctx.estimate().criteria if c.selected]
        chosen = [k for k in vocab.CRITERIA if (k in current and k != key) or (k == key and on) or k == "security"]
        title = vocab.CRITERIA[key]
        self.edit_answers(f"{'Add' if on else 'Remove'} {title}", "plan", criteria=chosen)

    def use_recommendation(self) -> None:
        """Store the recommended criteria as the user's choice: the step is then decided (complete)."""
        chosen = [c.id for c in self.ctx.estimate().criteria if c.recommended]
        self.edit_answers("Accept recommended criteria", "plan", criteria=chosen)
