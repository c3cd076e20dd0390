"""Auditor and prospect documents: the system description section by section, the risk register
and the policies, each editable, with their Word exports.

A window of its own (File ▸ Auditor and Prospect Documents…), so the wizard's
steps stay as they are. Every edit is one services call; widgets never touch SQLite.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain import format as fmt
from soc2wizard.domain.errors import Soc2Error
from soc2wizard.gui import dialogs

TOPIC = "deliverables"  # the change topic these edits announce (undo and redo refresh the window)
# An acknowledgement is PPL-02's evidence: announced as an evidence change so the checklist recounts it.
ACK_TOPIC = "evidence"
EDITED = "Edited"
DRAFT_CHANGED = "Edited; the generated draft has changed since"


def side_list(name: str) -> QListWidget:
    """A list of long titles that wraps them instead of cutting them off behind a sideways scroll bar."""
    w = QListWidget()
    w.setAccessibleName(name)
    w.setWordWrap(True)
    w.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    w.setSpacing(2)
    return w


def policy_status(p: Any, today: Any) -> str:
    """The short state the policy list shows beside a title: 'draft', '1.0', '2.0 draft', with 'review due'."""
    v = p.current
    if v is None:
        text = "draft"
    elif p.changed_since_approval:
        text = f"{v.version + 1}.0 draft"
    else:
        text = f"{v.version}.0"
    if v is not None and v.next_review <= today:
        text += " \u2014 review due"
    return text


def shown_wording(p: Any) -> str:
    """The wording as the editor shows it: the purpose, then numbered statements a blank line apart."""
    return "\n\n".join([p.purpose, *(f"{i}. {x}" for i, x in enumerate(p.statements, 1))])


def ask_folder(parent: QWidget | None, title: str, start: str) -> Path | None:
    """Which folder to write the policies into, or None (replaceable in tests)."""
    from PySide6.QtWidgets import QFileDialog

    path = QFileDialog.getExistingDirectory(parent, title, start)
    return Path(path) if path else None


def tables_html(tables: list[Any]) -> str:
    """The section's tables as simple HTML for a read-only view."""
    parts = []
    for t in tables:
        if t.title:
            parts.append(f"<h4>{escape(t.title)}</h4>")
        if t.note:
            parts.append(f"<p>{escape(t.note)}</p>")
        if t.rows:
            head = "".join(f"<th align='left'>{escape(h)}</th>" for h in t.head)
            body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in t.rows)
            parts.append(f"<table border='1' cellspacing='0' cellpadding='3'><tr>{head}</tr>{body}</table>")
        elif t.empty:
            parts.append(f"<p><i>{escape(t.empty)}</i></p>")
    return "".join(parts)


class DescriptionTab(QWidget):
    """The draft system description: pick a section, read or edit it; edits are kept and marked."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sections: list[Any] = []
        self.list = side_list("Sections")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.state = QLabel()
        self.state.setAccessibleName("Section state")
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Section text")
        # The tables that go with the section (scope, CSOCs, CUECs …): drawn from the workspace, not edited here.
        self.tables = QTextBrowser()
        self.tables.setAccessibleName("Section tables")
        self.table_data: dict[str, list[Any]] = {}
        self.save_button = QPushButton("&Keep My Text")
        self.draft_button = QPushButton("&Use the Generated Draft")
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(self.title)
        rv.addWidget(self.state)
        rv.addWidget(self.editor, 2)
        rv.addWidget(self.tables, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        rv.addLayout(buttons)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([360, 740])
        v = QVBoxLayout(self)
        v.addWidget(split)
        self.list.currentRowChanged.connect(self._show)
        self.save_button.clicked.connect(self.save)
        self.draft_button.clicked.connect(self.use_draft)
        self.refresh()

    def refresh(self) -> None:
        row = max(self.list.currentRow(), 0)
        self.sections = services.system_description(self.ctx.s)
        self.table_data = services.description_tables(self.ctx.s)
        self.list.blockSignals(True)
        self.list.clear()
        for sec in self.sections:
            mark = " \u270e" if sec.edited else ""
            self.list.addItem(QListWidgetItem(sec.title + mark))
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, len(self.sections) - 1))
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.sections):
            return
        sec = self.sections[row]
        self.title.setText(sec.title)
        self.state.setText(
            DRAFT_CHANGED if sec.draft_changed else EDITED if sec.edited else "Generated from the workspace"
        )
        self.editor.setPlainText(sec.text)
        self.draft_button.setEnabled(sec.edited)
        tables = self.table_data.get(sec.key, [])
        self.tables.setHtml(tables_html(tables))
        self.tables.setVisible(bool(tables))

    def current(self) -> Any:
        return self.sections[self.list.currentRow()]

    def save(self) -> None:
        sec = self.current()
        text = self.editor.toPlainText()
        s = self.ctx.s

        def undo() -> None:
            if sec.edited:
                services.edit_description_section(s, sec.key, sec.text)
            else:
                services.use_generated_section(s, sec.key)

        try:
            self.ctx.perform(
                f"Edit “{sec.title}”",
                lambda: services.edit_description_section(s, sec.key, text),
                undo,
                TOPIC,
            )
        except Soc2Error as exc:
            dialogs.show_error(self, "Cannot keep this text", str(exc))
            return
        self.refresh()

    def use_draft(self) -> None:
        sec = self.current()
        if not dialogs.confirm(
            self,
            "Use the generated draft?",
            f"Your text for “{sec.title}” will be replaced by the draft.",
            ok="Use Draft",
        ):
            return
        s = self.ctx.s
        self.ctx.perform(
            f"Use the draft of “{sec.title}”",
            lambda: services.use_generated_section(s, sec.key),
            lambda: services.edit_description_section(s, sec.key, sec.text),
            TOPIC,
        )
        self.refresh()


class RisksTab(QWidget):
    """The risk register as an editable table: likelihood, impact, treatment, owner and controls."""

    COLUMNS = ("Risk", "Likelihood", "Impact", "Score", "Treatment", "Owner", "Controls")

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.risks: list[Any] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName("Risk register")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 320)
        self.add_button = QPushButton("&Add Risk")
        self.remove_button = QPushButton("&Remove Risk")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("A new risk, in a sentence")
        self.title_edit.setAccessibleName("New risk")
        row = QHBoxLayout()
        row.addWidget(self.title_edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        v = QVBoxLayout(self)
        v.addWidget(QLabel("Likelihood and impact from 1 to 5; the score is their product (15 and over is high)."))
        v.addWidget(self.table, 1)
        v.addLayout(row)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.refresh()

    def refresh(self) -> None:
        from soc2wizard.domain.deliverables import TREATMENTS  # here: the File menu loads before the first paint

        self.risks = services.risk_register(self.ctx.s)
        self.table.setRowCount(len(self.risks))
        for i, r in enumerate(self.risks):
            title = QTableWidgetItem(r.title + (" \u270e" if r.edited else ""))
            title.setFlags(title.flags() & ~Qt.ItemFlag.ItemIsEditable)
            title.setToolTip(r.description)
            self.table.setItem(i, 0, title)
            for col, field in ((1, "likelihood"), (2, "impact")):
                spin = QSpinBox()
                spin.setRange(1, 5)
                spin.setValue(getattr(r, field))
                spin.setAccessibleName(f"{field} of {r.title}")
                spin.valueChanged.connect(lambda v, k=r.key, f=field: self.change(k, **{f: v}))
                self.table.setCellWidget(i, col, spin)
            score = QTableWidgetItem(f"{r.score} {r.level}")
            score.setFlags(score.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(i, 3, score)
            combo = QComboBox()
            for key, label in TREATMENTS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(list(TREATMENTS).index(r.treatment))
            combo.currentIndexChanged.connect(lambda _i, k=r.key, c=combo: self.change(k, treatment=c.currentData()))
            self.table.setCellWidget(i, 4, combo)
            for col, field in ((5, "owner"), (6, "controls")):
                edit = QLineEdit(r.owner if field == "owner" else ", ".join(r.controls))
                edit.setAccessibleName(f"{field} of {r.title}")
                if field == "owner":
                    edit.setPlaceholderText("Who answers for this risk")
                    edit.setToolTip(
                        "Suggested from the checklist: the person who owns most of this risk's controls, "
                        "or their role. What you type here is kept."
                    )
                edit.editingFinished.connect(lambda k=r.key, f=field, e=edit: self.change(k, **{f: e.text()}))
                self.table.setCellWidget(i, col, edit)

    def change(self, key: str, **changes: Any) -> None:
        s = self.ctx.s
        before = {r.key: r for r in self.risks}[key]
        old = {k: (", ".join(before.controls) if k == "controls" else getattr(before, k)) for k in changes}
        if all(changes[k] == old[k] for k in changes):  # an editor left as it was: no edit, nothing to undo
            return
        # Undo puts back the user's earlier value, or, for a field the draft filled (a suggested owner),
        # lets the draft fill it again so it keeps following the checklist.
        drafted = [k for k in changes if before.seeded and k not in before.edited_fields]
        kept = {k: v for k, v in old.items() if k not in drafted}

        def undo() -> None:
            if kept:
                services.update_risk(s, key, **kept)
            if drafted:
                services.use_drafted_risk_fields(s, key, *drafted)

        try:
            self.ctx.perform(
                f"Edit risk “{before.title}”", lambda: services.update_risk(s, key, **changes), undo, TOPIC
            )
        except Soc2Error as exc:
            dialogs.show_error(self, "Cannot change this risk", str(exc))
        # The editor that sent this is replaced; Qt deletes replaced cell widgets later, so this is safe.
        self.refresh()

    def add(self) -> None:
        s = self.ctx.s
        title = self.title_edit.text()
        added: dict[str, str] = {}

        def do() -> None:  # redo brings the same risk back rather than adding another
            if "key" in added:
                services.restore_risk(s, added["key"])
            else:
                added["key"] = services.add_risk(s, title=title).key

        try:
            self.ctx.perform(f"Add risk “{title.strip()}”", do, lambda: services.remove_risk(s, added["key"]), TOPIC)
        except Soc2Error as exc:
            dialogs.show_error(self, "Cannot add this risk", str(exc))
            return
        self.title_edit.clear()
        self.refresh()

    def remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.risks):
            s, r = self.ctx.s, self.risks[row]
            self.ctx.perform(
                f"Remove risk “{r.title}”",
                lambda: services.remove_risk(s, r.key),
                lambda: services.restore_risk(s, r.key),
                TOPIC,
            )
            self.refresh()


class PoliciesTab(QWidget):
    """Policies: read and reword each, approve a new version, record who acknowledged it (all undoable)."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.policies: list[Any] = []
        self.list = side_list("Policies")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.state = QLabel()
        self.state.setAccessibleName("Policy state")
        self.state.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Policy text")
        self.text.setToolTip("The purpose first, then one statement per line; numbers and blank lines are optional")
        self.controls = QLabel()
        self.controls.setAccessibleName("Controls")
        self.controls.setWordWrap(True)
        self.save_button = QPushButton("&Keep My Wording")
        self.draft_button = QPushButton("&Use the Generated Draft")
        self.version = QLabel()
        self.version.setAccessibleName("Version")
        self.version.setWordWrap(True)
        self.approver = QLineEdit()
        self.approver.setAccessibleName("Approver")
        self.approver.setPlaceholderText("Who approves this version")
        self.approve_button = QPushButton("A&pprove New Version")
        self.person = QLineEdit()
        self.person.setAccessibleName("Acknowledged by")
        self.person.setPlaceholderText("Who read and accepted it")
        self.ack_button = QPushButton("Record &Acknowledgement")
        self.acks = QListWidget()
        self.acks.setAccessibleName("Acknowledgements")
        form = QFormLayout()
        form.addRow("Version", self.version)
        a = QHBoxLayout()
        a.addWidget(self.approver, 1)
        a.addWidget(self.approve_button)
        form.addRow("Approver", a)
        b = QHBoxLayout()
        b.addWidget(self.person, 1)
        b.addWidget(self.ack_button)
        form.addRow("Acknowledged by", b)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(self.title)
        rv.addWidget(self.state)
        rv.addWidget(self.text, 3)
        rv.addWidget(self.controls)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        rv.addLayout(buttons)
        rv.addLayout(form)
        rv.addWidget(QLabel("Acknowledgements (each one is evidence for PPL-02)"))
        rv.addWidget(self.acks, 1)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([360, 740])
        QVBoxLayout(self).addWidget(split)
        self.list.currentRowChanged.connect(self._show)
        self.save_button.clicked.connect(self.save)
        self.draft_button.clicked.connect(self.use_draft)
        self.approve_button.clicked.connect(self.approve)
        self.ack_button.clicked.connect(self.acknowledge)
        self.refresh()

    def refresh(self) -> None:
        row = max(self.list.currentRow(), 0)
        self.policies = services.policies(self.ctx.s)
        self.list.blockSignals(True)
        self.list.clear()
        today = self.ctx.today()
        for p in self.policies:
            mark = " \u270e" if p.edited else ""
            item = QListWidgetItem(f"{p.title}{mark} \u2014 {policy_status(p, today)}")
            item.setToolTip(p.version_label + ("; wording edited" if p.edited else ""))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, len(self.policies) - 1))
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.policies):
            return
        p = self.policies[row]
        v = p.current
        self.title.setText(p.title)
        self.state.setText(DRAFT_CHANGED if p.draft_changed else EDITED if p.edited else "Generated from the workspace")
        if v is None:
            self.version.setText(f"{p.version_label}. Approve it before recording acknowledgements.")
        else:
            approved = (
                f"{v.version}.0, approved by {v.approver} on {fmt.day(v.approved_on)}; "
                f"next review by {fmt.day(v.next_review)}"
            )
            if p.changed_since_approval:
                approved += f". The wording has changed since; approving issues {v.version + 1}.0."
            self.version.setText(approved)
        self.text.setPlainText(shown_wording(p))
        self.controls.setText("Controls this policy satisfies: " + ", ".join(p.controls))
        self.draft_button.setEnabled(p.edited)
        self.acks.clear()
        for a in p.acknowledgements:
            self.acks.addItem(f"{a.person}: version {a.version}.0 on {fmt.day(a.acknowledged_on)}")
        if not p.acknowledgements:
            self.acks.addItem("None recorded yet.")
        self.ack_button.setEnabled(v is not None)

    def current(self) -> Any:
        return self.policies[self.list.currentRow()]

    def save(self) -> None:
        p = self.current()
        text = self.text.toPlainText()
        s = self.ctx.s

        def undo() -> None:
            if p.edited:
                services.edit_policy_text(s, p.key, p.wording)
            else:
                services.use_generated_policy_text(s, p.key)

        try:
            self.ctx.perform(
                f"Edit the wording of “{p.title}”", lambda: services.edit_policy_text(s, p.key, text), undo, TOPIC
            )
        except Soc2Error as exc:
            dialogs.show_error(self, "Cannot keep this wording", str(exc))
            return
        self.refresh()

    def use_draft(self) -> None:
        p = self.current()
        if not dialogs.confirm(
            self,
            "Use the generated draft?",
            f"Your wording of “{p.title}” will be replaced by the draft.",
            ok="Use Draft",
        ):
            return
        s = self.ctx.s
        self.ctx.perform(
            f"Use the draft of “{p.title}”",
            lambda: services.use_generated_policy_text(s, p.key),
            lambda: services.edit_policy_text(s, p.key, p.wording),
            TOPIC,
        )
        self.refresh()

    def approve(self) -> None:
        p = self.current()
        s = self.ctx.s
        who = self.approver.text()
        day = self.ctx.today()
        version = (p.current.version + 1) if p.current else 1
        try:
            self.ctx.perform(
                f"Approve “{p.title}” {version}.0",
                lambda: services.approve_policy(s, p.key, approver=who, approved_on=day),
                lambda: services.withdraw_policy_approval(s, p.key, version),
                TOPIC,
            )
        except Soc2Error as exc:
            dialogs.show_error(self, "Cannot approve", str(exc))
            return
        self.refresh()

    def acknowledge(self) -> None:
        p = self.current()
        s = self.ctx.s
        who = " ".join(self.person.text().split())
        day = self.ctx.today()
        version = p.current.version if p.current else 0
        earlier = next((a for a in p.acknowledgements if a.person == who and a.version == version), None)

        def undo() -> None:
            if earlier is None:
                services.remove_acknowledgement(s, p.key, person=who, version=version)
            else:  # recorded again: Undo puts the first date back
                services.acknowledge_policy(s, p.key, person=who, acknowledged_on=earlier.acknowledged_on)

        try:
            self.ctx.perform(
                f"Record that {who} acknowledged “{p.title}”",
                lambda: services.acknowledge_policy(s, p.key, person=who, acknowledged_on=day),
                undo,
                ACK_TOPIC,
            )
        except Soc2Error as exc:
            dialogs.show_error(self, "Cannot record the acknowledgement", str(exc))
            return
        self.person.clear()
        self.refresh()


class DeliverablesWindow(QDialog):
    """System description, risk register and policies for the open workspace, with their Word exports."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Auditor and Prospect Documents")
        self.resize(1100, 720)
        self.tabs = QTabWidget()
        self.description = DescriptionTab(ctx)
        self.risks = RisksTab(ctx)
        self.policies = PoliciesTab(ctx)
        self.tabs.addTab(self.description, "System Description")
        self.tabs.addTab(self.risks, "Risk Register")
        self.tabs.addTab(self.policies, "Policies")
        exports = QHBoxLayout()
        for text, kind in (
            ("Export System Description…", "system_description"),
            ("Export Assertion…", "assertion"),
            ("Export Bridge Letter…", "bridge_letter"),
            ("Export Policies…", "policies"),
        ):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, k=kind: self.export(k))
            exports.addWidget(b)
        exports.addStretch(1)
        v = QVBoxLayout(self)
        v.addWidget(self.tabs, 1)
        v.addLayout(exports)
        ctx.changed.connect(self._changed)

    def _changed(self, _topic: str) -> None:
        if self.ctx.session is not None and self.isVisible():
            self.description.refresh()
            self.risks.refresh()
            self.policies.refresh()

    def export(self, kind: str) -> None:
        s = self.ctx.s
        name = services.get_answers(s).company.name or "workspace"
        today = self.ctx.today()
        try:
            if kind == "policies":
                folder = ask_folder(self, "Write the policies into", str(s.path.parent))
                if folder is None:
                    return
                written = services.export_policies(s, folder, today=today)
                dialogs.show_info(self, "Policies written", f"{len(written)} policies written to {folder}.")
                return
            titles = {
                "system_description": "system description",
                "assertion": "management assertion",
                "bridge_letter": "bridge letter",
            }
            path = dialogs.ask_save_path(
                self, f"Export the {titles[kind]}", str(s.path.parent / f"{name} {titles[kind]}.docx"), "Word (*.docx)"
            )
            if path is None:
                return
            getattr(services, f"export_{kind}")(s, path, today=today)
        except (Soc2Error, OSError) as exc:
            dialogs.show_error(self, "Export failed", str(exc))
