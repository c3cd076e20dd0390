"""Step 1: the company profile, and the obligations that follow from it."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain import vocab
from soc2wizard.domain.errors import FieldError
from soc2wizard.gui.commit import committer_of
from soc2wizard.gui.pages.base import StepPage, section, set_checked, set_line
from soc2wizard.gui.widgets import Card, Chip, DateField, FieldBox, clear_layout, help_for, wrap_label

NUMBER_FIELDS = {
    "employees": (
        "Employees",
        "company.employees",
        "Everyone on the payroll, including founders and contractors who work like staff. "
        "Headcount drives the auditor's fee and how many people need training and background checks.",
    ),
    "engineers": (
        "Engineers",
        "company.engineers",
        "People who write code or run your infrastructure. They do most of the remediation work, "
        "so this drives how fast the gaps close.",
    ),
    "offices": (
        "Offices",
        "company.offices",
        "Physical offices your staff work from. Zero means fully remote, which removes the "
        "physical-security controls from your checklist.",
    ),
}


def _whole_number(text: str) -> int:
    t = text.strip().replace(",", "").replace("\u202f", "").replace(" ", "")
    if not t:
        raise FieldError("", "enter a whole number")
    try:
        return int(t)
    except ValueError:
        raise FieldError("", f"{text.strip()[:20]!r} is not a whole number") from None


def _align_labels(*forms: QFormLayout) -> list[QLabel]:
    """Give the labels of several forms one width, so their fields start in one column."""
    labels = [
        lab
        for f in forms
        for row in range(f.rowCount())
        if (item := f.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
        and isinstance(lab := item.widget(), QLabel)
    ]
    width = max((lab.sizeHint().width() for lab in labels), default=0)
    for lab in labels:
        lab.setMinimumWidth(width)
    return labels


class ProfilePage(StepPage):
    step_id = "profile"
    help_html = (
        "<p>Answer what you know today; every answer can be changed later and the plan follows.</p>"
        "<p><b>Why we ask:</b> the profile decides which Trust Services Criteria we recommend, which "
        "controls apply to you, which other frameworks (HIPAA, PCI DSS…) you may owe, and every "
        "time and cost estimate.</p><p>Nothing here leaves your computer.</p>"
    )

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, parent)
        self.boxes: dict[str, FieldBox] = {}

        self.body.addWidget(section("Company"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name = QLineEdit()
        self.name.setAccessibleName("Company name")
        help_for(
            self.name,
            "Company name",
            "The legal or trading name that appears on the plan and the "
            "report. A consultant usually enters the client's name.",
        )
        self.watch(
            self.name, self._name_commit, "name", stored=lambda _t: services.get_answers(self.ctx.s).company.name
        )
        self.boxes["company.name"] = FieldBox(self.name)
        form.addRow("Company &name:", self.boxes["company.name"])

        self.industry = QComboBox()
        self.industry.setAccessibleName("Industry")
        self.industry.setMaximumWidth(320)
        for key, label in vocab.INDUSTRIES.items():
            self.industry.addItem(label, key)
        help_for(
            self.industry,
            "Industry",
            "The closest match is enough. Infrastructure and data-centre "
            "providers are usually asked for Availability; healthcare and fintech carry extra "
            "obligations.",
        )
        self.industry.activated.connect(
            lambda _i: self.edit_answers("Change industry", "profile", industry=self.industry.currentData())
        )
        form.addRow("&Industry:", self.industry)

        self.numbers: dict[str, QLineEdit] = {}
        for key, (label, path, text) in NUMBER_FIELDS.items():
            edit = QLineEdit()
            edit.setAccessibleName(label)
            edit.setMaximumWidth(160)
            help_for(edit, label, text)
            self.watch(edit, partial(self._number_typed, key), key, stored=partial(self._number_stored, key))
            self.numbers[key] = edit
            box = FieldBox(edit)
            box.setProperty("cross", key in ("employees", "engineers"))
            self.boxes[path] = box
            form.addRow(f"{label}:", box)
        self.body.addLayout(form)

        self.body.addWidget(section("Hosting", "Where your product runs. Pick every one that applies."))
        self.hosting = self._checks(
            vocab.HOSTING,
            "hosting",
            "Hosting",
            "A cloud provider becomes a subservice organisation in your report: "
            "the auditor relies on its own SOC 2 report.",
        )

        self.body.addWidget(section("Customers", "Who buys from you, and what they have asked for."))
        self.flags: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        flag_help = {
            "enterprise": "Large companies send security questionnaires and usually want a SOC 2 Type II report.",
            "consumers": "Tick this when people sign up and give you their personal data themselves: you decide "
            "how it is used (a controller), and the Privacy category is then recommended. Leave it unticked when "
            "you process your business customers' users' data for them.",
            "government": "State and local agencies: many ask for StateRAMP or a similar authorisation, or accept "
            "SOC 2 with a questionnaire.",
            "us_federal": "US federal agencies buy cloud services only from FedRAMP-authorised providers: a separate "
            "programme of its own, outside this plan.",
            "international": "Customers abroad often know ISO 27001 better than SOC 2.",
            "uptime_commitment": "A promised uptime (a service level agreement) is what the Availability "
            "criterion tests.",
        }
        for i, (key, label) in enumerate(vocab.CUSTOMER_FLAGS.items()):
            flag = QCheckBox(label)
            flag.setAccessibleName(label)
            help_for(flag, label, flag_help[key])
            flag.toggled.connect(lambda on, k=key: self._flag_changed(k, on))
            self.flags[key] = flag
            grid.addWidget(flag, i // 2, i % 2)
        self.body.addLayout(grid)
        cform = QFormLayout()
        self.requested = QComboBox()
        self.requested.setAccessibleName("Report customers ask for")
        self.requested.setMaximumWidth(320)
        self.requested.addItem("Nobody has asked yet", None)
        self.requested.addItem("Type I (design on one day)", "type1")
        self.requested.addItem("Type II (operation over a period)", "type2")
        help_for(
            self.requested,
            "Report customers ask for",
            "What the prospect or customer wrote in the questionnaire or contract. If unsure, "
            "ask them: many accept a Type I first and a Type II a year later.",
        )
        self.requested.activated.connect(
            lambda _i: self.edit_answers(
                "Change requested report", "profile", requested_report=self.requested.currentData()
            )
        )
        cform.addRow("Customers ask for:", self.requested)
        self.deadline = DateField("Customer deadline")
        self.deadline.setPlaceholderText("No deadline")
        help_for(
            self.deadline,
            "Customer deadline",
            "The date a customer needs your report by. Type it "
            "(30 Sep 2027, or 2027-09-30) or press Alt+Down to choose it from a calendar. Leave it "
            "empty if there is none; the timeline then shows when the report can be ready.",
        )
        self.deadline.committed.connect(self._deadline_done)
        self.boxes["customers.deadline"] = FieldBox(self.deadline)
        cform.addRow("Report &needed by:", self.boxes["customers.deadline"])
        self.body.addLayout(cform)
        self.form_labels = _align_labels(form, cform)

        self.body.addWidget(section("Data you handle", "The kinds of data your systems store or process."))
        self.data = self._checks(
            vocab.DATA_KINDS,
            "data",
            "Data",
            "Health information brings HIPAA (or, for a consumer app, the FTC's breach rule) and the "
            "Confidentiality category; a system of record for patients' records brings all five categories; card "
            "data brings PCI DSS; personal data you collect from individuals yourself brings Privacy.",
        )
        pform = QFormLayout()
        self.pci_level = QComboBox()
        self.pci_level.setAccessibleName("PCI DSS level")
        self.pci_level.setMaximumWidth(420)
        default = vocab.PCI_LEVELS[vocab.DEFAULT_PCI_LEVEL].split(" (")[0].lower()
        self.pci_level.addItem(f"Not stated (assume {default})", None)
        for key, label in vocab.PCI_LEVELS.items():
            self.pci_level.addItem(label, key)
        help_for(
            self.pci_level,
            "PCI DSS level",
            "With card data: your merchant level (by card transactions a year) or, if you handle card data for "
            "other businesses, your service-provider level. It decides how PCI DSS is validated (a QSA's report "
            "or a self-assessment) and what the budget counts for it.",
        )
        self.pci_level.activated.connect(
            lambda _i: self.edit_answers("Change PCI DSS level", "profile", pci_level=self.pci_level.currentData())
        )
        pform.addRow("Card payments, PCI DSS level:", self.pci_level)
        self.body.addLayout(pform)

        self.body.addWidget(
            section("What you already do", "Tick practices already in place: their controls start as implemented.")
        )
        self.practices = self._checks(
            vocab.PRACTICES,
            "practices",
            "Practice",
            "Only tick what you could show an auditor today (a setting, a "
            "document, a record). Half-done practices stay unticked.",
            columns=2,
        )

        self.body.addWidget(
            section("Obligations that follow", "Other frameworks your answers bring with them, and why.")
        )
        self.obligations = QVBoxLayout()
        self.body.addLayout(self.obligations)
        self.finish()

    def _checks(
        self, options: dict[str, str], field: str, what: str, text: str, columns: int = 2
    ) -> dict[str, QCheckBox]:
        grid = QGridLayout()
        boxes: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(options.items()):
            box = QCheckBox(label)
            box.setAccessibleName(f"{what}: {label}")
            help_for(box, label, text)
            box.toggled.connect(lambda _on, f=field: self._list_changed(f))
            boxes[key] = box
            grid.addWidget(box, i // columns, i % columns)
        self.body.addLayout(grid)
        return boxes

    # --- edits ----------------------------------------------------------------------

    def _name_commit(self, text: str, _final: bool = True, _target: object = None) -> bool:
        if text == services.get_answers(self.ctx.s).company.name:
            self.boxes["company.name"].clear_error()
            return True
        return self.edit_answers("Change company name", "profile", self.boxes["company.name"], "name", name=text)

    def _number_typed(self, key: str, text: str, _final: bool, _target: object) -> bool:
        return self._number_commit(key, text)

    def _number_stored(self, key: str, _target: object) -> str:
        return str(getattr(services.get_answers(self.ctx.s).company, key))

    def _number_commit(self, key: str, text: str) -> bool:
        path = NUMBER_FIELDS[key][1]
        try:
            value = _whole_number(text)
        except FieldError as exc:
            self.boxes[path].show_error(exc.message)
            return False
        if value == getattr(services.get_answers(self.ctx.s).company, key):
            self.boxes[path].clear_error()
            return True
        return self.edit_answers(
            f"Change {NUMBER_FIELDS[key][0].lower()}",
            "profile",
            self.boxes[path],
            key,
            boxes=self.boxes,
            **{key: value},
        )

    def _deadline_done(self) -> None:
        box = self.boxes["customers.deadline"]
        current = services.get_answers(self.ctx.s).customers.deadline
        problem = self.deadline.problem()
        if problem:
            box.show_error(problem)
            return
        value = self.deadline.date()
        if value == current:
            box.clear_error()
            return
        self.edit_answers("Change deadline", "profile", box, deadline=value)

    def _flag_changed(self, key: str, on: bool) -> None:
        changes: dict[str, Any] = {key: on}
        self.edit_answers("Change customers", "profile", **changes)

    def _list_changed(self, field: str) -> None:
        group = {"hosting": self.hosting, "data": self.data, "practices": self.practices}[field]
        changes: dict[str, Any] = {field: [k for k, b in group.items() if b.isChecked()]}
        words = {"hosting": "hosting", "data": "data handled", "practices": "practices"}[field]
        self.edit_answers(f"Change {words}", "profile", **changes)

    # --- refresh --------------------------------------------------------------------

    def refresh(self) -> None:
        a = services.get_answers(self.ctx.s)
        c = a.company
        if not self.boxes["company.name"].has_error():
            set_line(self.name, c.name)
        self.industry.setCurrentIndex(max(0, self.industry.findData(c.industry)))
        for key, edit in self.numbers.items():
            box = self.boxes[NUMBER_FIELDS[key][1]]
            if box.has_error() and (edit.hasFocus() or getattr(committer_of(edit), "pending", False)):
                continue
            box.clear_error()
            set_line(edit, f"{getattr(c, key)}", lambda shown, saved: shown.strip() == saved)
        for key, check in self.hosting.items():
            set_checked(check, key in a.hosting)
        for key, check in self.data.items():
            set_checked(check, key in a.data)
        for key, check in self.practices.items():
            set_checked(check, key in a.practices)
        for key, check in self.flags.items():
            set_checked(check, bool(getattr(a.customers, key)))
        self.requested.setCurrentIndex(max(0, self.requested.findData(a.customers.requested_report)))
        self.pci_level.setCurrentIndex(max(0, self.pci_level.findData(c.pci_level)) if c.pci_level else 0)
        self.pci_level.setEnabled("payment_card" in a.data)
        dbox = self.boxes["customers.deadline"]
        if not (dbox.has_error() and self.deadline.hasFocus()):
            dbox.clear_error()
            self.deadline.setDate(a.customers.deadline)
        dl = a.customers.deadline
        dbox.set_hint(f"That is a {dl.strftime('%A')}." if isinstance(dl, dt.date) else "")

    def refresh_derived(self) -> None:
        self._show_obligations()

    def _show_obligations(self) -> None:
        clear_layout(self.obligations)
        try:
            obligations = self.ctx.estimate().obligations
        except Exception as exc:  # noqa: BLE001 - the estimate must never break the form
            self.obligations.addWidget(wrap_label(f"The plan cannot be estimated yet: {exc}", muted=True))
            return
        if not obligations:
            self.obligations.addWidget(
                wrap_label(
                    "None from your answers so far. Health data brings HIPAA, card data PCI DSS, US federal "
                    "agencies FedRAMP, personal data from abroad the GDPR.",
                    muted=True,
                )
            )
            return
        for o in obligations:
            card = Card()
            row = QGridLayout()
            title = wrap_label(o.title)
            f = title.font()
            f.setBold(True)
            title.setFont(f)
            row.addWidget(title, 0, 0)
            word = {"law": "Required by law", "contract": "Required by contract"}.get(o.basis, "Worth considering")
            row.addWidget(Chip(word, "warning" if o.required else "advice"), 0, 1)
            row.setColumnStretch(0, 1)
            card.body.addLayout(row)
            card.body.addWidget(wrap_label(o.reason))
            self.obligations.addWidget(card)
