"""The panel beside the checklist: one control explained and edited, or a bulk edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain import vocab
from soc2wizard.domain.catalog import PRIORITIES
from soc2wizard.domain.errors import FieldError, Soc2Error
from soc2wizard.domain.records import ChecklistRow, Evidence
from soc2wizard.gui.checklist import dialogs
from soc2wizard.gui.checklist.delegate import status_text
from soc2wizard.gui.checklist.model import (
    FRAMEWORKS,
    ChecklistModel,
    category_title,
    format_date,
    merge_id,
    user_message,
)
from soc2wizard.gui.commit import Committer, committer_of
from soc2wizard.gui.readonly import make_read_only, viewer
from soc2wizard.gui.widgets import DateField

EvidenceRole = Qt.ItemDataRole.UserRole + 1


def human_size(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size / 1048576:,.1f} MB"


def evidence_text(e: Evidence) -> str:
    """One line describing an evidence item as the list shows it."""
    added = format_date(dt.date.fromisoformat(e.added_at[:10])) if e.added_at else ""
    parts: list[str] = []
    if e.kind == "file":
        parts += [human_size(e.size), f"SHA-256 {e.sha256[:12]}…" if e.sha256 else ""]
    else:
        parts.append(e.url or "")
    if e.occurred_on:
        parts.append(f"happened {format_date(e.occurred_on)}")
    parts.append(f"added {added}")
    return f"{e.name}\n" + " · ".join(p for p in parts if p)


class EvidenceList(QListWidget):
    """The evidence of one control; files dropped on it are added as evidence."""

    filesDropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAccessibleName("Evidence")

    @staticmethod
    def _paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if self._paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = self._paths(event)
        if paths:
            event.acceptProposedAction()
            self.filesDropped.emit(paths)
        else:
            event.ignore()


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _body(accessible: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible)
    return label


class ControlDetail(QWidget):
    """Follows the table's selection: nothing, one control, or several (bulk edit)."""

    message = Signal(str)

    def __init__(self, ctx: Any, model: ChecklistModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._model = model
        self._ids: list[str] = []
        self._evidence: list[Evidence] = []

        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.empty = QLabel(
            "Select a control to see what it asks for and record its progress.\n\n"
            "Select several (Shift or Ctrl + click) to change their status or owner at once."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setContentsMargins(12, 12, 12, 12)
        self.stack.addWidget(self.empty)
        self._built = False
        self._owners: list[str] = []
        self.stack.currentChanged.connect(self._fit_page)
        self._fit_page(0)

    def _ensure_built(self) -> None:
        """Build the one-control and bulk views the first time a control is selected.

        They are most of the page's widgets; opening a workspace on the
        checklist (with nothing selected yet) no longer waits for them.
        """
        if self._built:
            return
        self._built = True
        self.stack.addWidget(self._build_single())
        self.stack.addWidget(self._build_bulk())
        self._apply_owners()
        viewer(self.open_button)
        if self._ctx is not None and self._ctx.read_only:
            make_read_only(self)

    # --- building -----------------------------------------------------------------------

    def _build_single(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(12, 8, 12, 12)
        lay.setSpacing(8)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Control")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.meta = _body("About this control")
        self.meta.setForegroundRole(self.meta.foregroundRole())
        self.meaning = _body("What it means")
        lay.addWidget(self.title)
        lay.addWidget(self.meta)
        lay.addWidget(self.meaning)

        progress = QGroupBox("Your progress")
        form = QFormLayout(progress)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for key in vocab.STATUSES:
            self.status.addItem(status_text(key), key)
        self.status.activated.connect(self._status_chosen)
        form.addRow("&Status", self.status)

        self.reason_box = QWidget()
        rl = QVBoxLayout(self.reason_box)
        rl.setContentsMargins(0, 0, 0, 0)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason it does not apply")
        self.reason.setPlaceholderText("Why this control does not apply to you (required)")
        self.reason.returnPressed.connect(self._mark_na)
        self.reason_button = QPushButton("Mark not applicable")
        self.reason_button.setAccessibleName("Mark not applicable")
        self.reason_button.clicked.connect(self._mark_na)
        rl.addWidget(self.reason)
        rl.addWidget(self.reason_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.reason_label = QLabel("&Reason")
        self.reason_label.setBuddy(self.reason)
        form.addRow(self.reason_label, self.reason_box)

        self.owner = QLineEdit()
        self.owner.setAccessibleName("Owner")
        self.owner.setPlaceholderText("Who makes sure it happens")
        Committer(self.owner, self._owner_commit, stored=lambda cid: self._stored(cid, "owner"), target=self._one_id)
        form.addRow("&Owner", self.owner)
        self.due = DateField("Due date")
        self.due.setPlaceholderText("No due date")
        self.due.committed.connect(self._due_done)
        form.addRow("&Due date", self.due)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("What was done, where things are, what is left")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 4 + 14)
        Committer(self.notes, self._notes_commit, stored=lambda cid: self._stored(cid, "notes"), target=self._one_id)
        form.addRow("&Notes", self.notes)
        lay.addWidget(progress)

        ev = QGroupBox("Evidence")
        el = QVBoxLayout(ev)
        self.evidence_hint = QLabel(
            "Files are kept inside the workspace with their SHA-256 fingerprint. Drop files on the list to add them."
        )
        self.evidence_hint.setWordWrap(True)
        el.addWidget(self.evidence_hint)
        self.evidence_list = EvidenceList()
        self.evidence_list.setMinimumHeight(self.evidence_list.fontMetrics().lineSpacing() * 5)
        self.evidence_list.filesDropped.connect(self.add_files)
        self.evidence_list.itemSelectionChanged.connect(self._evidence_buttons)
        self.evidence_list.itemActivated.connect(lambda _item: self.open_evidence())
        el.addWidget(self.evidence_list)
        self.occurred_row = QWidget()
        ol = QHBoxLayout(self.occurred_row)
        ol.setContentsMargins(0, 0, 0, 0)
        self.occurred = DateField("Date the activity happened")
        self.occurred.setPlaceholderText("Not dated")
        self.occurred.setToolTip(
            "For a recurring control in a Type II window: the day this review, "
            "test or check took place. Counts towards operating readiness. " + self.occurred.toolTip()
        )
        occ_label = QLabel("Happened &on")
        occ_label.setBuddy(self.occurred)
        ol.addWidget(occ_label)
        ol.addWidget(self.occurred, 1)
        el.addWidget(self.occurred_row)
        buttons = QGridLayout()  # two by two: fits the narrow panel beside the table
        self.add_file_button = QPushButton("Add &file…")
        self.add_link_button = QPushButton("Add &link…")
        self.open_button = QPushButton("O&pen")
        self.remove_button = QPushButton("Remo&ve")
        for i, (b, slot) in enumerate(
            (
                (self.add_file_button, self.ask_files),
                (self.add_link_button, self.ask_link),
                (self.open_button, self.open_evidence),
                (self.remove_button, self.remove_evidence),
            )
        ):
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
            b.clicked.connect(slot)
            buttons.addWidget(b, i // 2, i % 2)
        el.addLayout(buttons)
        lay.addWidget(ev)

        self.implementation = _body("How a small team does it")
        self.expected = _body("Evidence an auditor expects")
        self.criteria = _body("Criteria")
        self.frameworks = _body("Also counts for")
        for heading, label in (
            ("How a small team does it", self.implementation),
            ("Evidence an auditor expects", self.expected),
            ("Trust Services Criteria it serves", self.criteria),
            ("Also counts for", self.frameworks),
        ):
            lay.addWidget(_heading(heading))
            lay.addWidget(label)
        lay.addStretch(1)
        return w

    def _build_bulk(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(12, 8, 12, 12)
        self.bulk_title = QLabel()
        self.bulk_title.setWordWrap(True)
        font = self.bulk_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.bulk_title.setFont(font)
        lay.addWidget(self.bulk_title)
        hint = QLabel("Changes apply to every selected control and are undone in one step (Ctrl+Z).")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        form = QFormLayout()
        row = QHBoxLayout()
        self.bulk_status = QComboBox()
        self.bulk_status.setAccessibleName("Status for the selected controls")
        for key in ("not_started", "in_progress", "implemented"):
            self.bulk_status.addItem(status_text(key), key)
        self.bulk_status_button = QPushButton("Set status")
        self.bulk_status_button.setAccessibleName("Set status of the selected controls")
        self.bulk_status_button.clicked.connect(self._bulk_status)
        row.addWidget(self.bulk_status, 1)
        row.addWidget(self.bulk_status_button)
        form.addRow("Status", row)
        row2 = QHBoxLayout()
        self.bulk_owner = QLineEdit()
        self.bulk_owner.setAccessibleName("Owner for the selected controls")
        self.bulk_owner.setPlaceholderText("Name")
        self.bulk_owner.returnPressed.connect(self._bulk_owner)
        self.bulk_owner_button = QPushButton("Set owner")
        self.bulk_owner_button.setAccessibleName("Set owner of the selected controls")
        self.bulk_owner_button.clicked.connect(self._bulk_owner)
        row2.addWidget(self.bulk_owner, 1)
        row2.addWidget(self.bulk_owner_button)
        form.addRow("Owner", row2)
        lay.addLayout(form)
        note = QLabel("To mark controls not applicable, select them one at a time: each needs its own reason.")
        note.setWordWrap(True)
        lay.addWidget(note)
        lay.addStretch(1)
        return w

    def _fit_page(self, current: int) -> None:
        """Size the panel to the page shown, so a short page does not scroll like a long one."""
        for i in range(self.stack.count()):
            policy = QSizePolicy.Policy.Preferred if i == current else QSizePolicy.Policy.Ignored
            page = self.stack.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.stack.adjustSize()
        self.adjustSize()

    # --- showing --------------------------------------------------------------------------

    def set_owners(self, owners: Sequence[str]) -> None:
        self._owners = list(owners)
        if self._built:
            self._apply_owners()

    def _apply_owners(self) -> None:
        for edit in (self.owner, self.bulk_owner):
            completer = QCompleter(self._owners, edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            edit.setCompleter(completer)

    def control_ids(self) -> list[str]:
        return list(self._ids)

    def show_controls(self, control_ids: Sequence[str]) -> None:
        """Show the selected controls (commits notes still being typed first)."""
        ids = list(control_ids)
        if ids:
            self._ensure_built()
        if ids == self._ids:
            self.refresh()
            return
        self.commit_notes()
        self._ids = ids
        if not ids:
            self.stack.setCurrentIndex(0)
        elif len(ids) == 1:
            self.stack.setCurrentIndex(1)
            self.refresh(force=True)
        else:
            self.stack.setCurrentIndex(2)
            self.bulk_title.setText(f"{len(ids):,} controls selected")

    def _row(self) -> ChecklistRow | None:
        if len(self._ids) != 1:
            return None
        i = self._model.row_of(self._ids[0])
        return self._model.row_at(i) if i >= 0 else None

    def refresh(self, *, force: bool = False) -> None:
        """Re-read the shown control; fields being typed into keep their text."""
        if len(self._ids) > 1:
            self.bulk_title.setText(f"{len(self._ids):,} controls selected")
            return
        r = self._row()
        if r is None:
            self._ids = []
            self.stack.setCurrentIndex(0)
            return
        c, st = r.control, r.state
        self.title.setText(f"{c.id} · {c.title}")
        facts = [
            category_title(c.category),
            PRIORITIES.get(c.priority, ""),
            vocab.FREQUENCIES.get(c.frequency, c.frequency),
        ]
        if c.owner_role:
            facts.append(f"usually owned by the {c.owner_role}")
        facts.append(f"about {c.effort_hours:,} hour{'s' if c.effort_hours != 1 else ''} of work")
        self.meta.setText(" · ".join(f for f in facts if f))
        self.meaning.setText(c.description or "No description.")
        self.implementation.setText(c.implementation or "—")
        self.expected.setText("\n".join(f"• {e}" for e in c.evidence) or "—")
        cat = services.catalog()
        self.criteria.setText(
            "\n".join(f"{cid} — {cat.criteria[cid].title}" if cid in cat.criteria else cid for cid in c.criteria) or "—"
        )
        fw = [f"{FRAMEWORKS.get(k, k)}: {', '.join(v)}" for k, v in c.frameworks.items() if v]
        self.frameworks.setText("\n".join(fw) or "No mapping to ISO 27001, HIPAA or PCI DSS.")

        focus = self.focusWidget() if self.isAncestorOf(self.focusWidget() or self) else None
        i = self.status.findData(st.status)
        if force or focus is not self.status:
            self.status.setCurrentIndex(i)
        self._show_reason(st.status == "not_applicable")
        if force or focus is not self.reason:
            self.reason.setText(st.na_reason)
        if force or not self._typing(self.owner, st.owner):
            self.owner.setText(st.owner)
        self.due.setDate(st.due_date, keep_typing=not force)  # a date being typed stays; an undone one shows
        if (force or not self._typing(self.notes, st.notes)) and self.notes.toPlainText() != st.notes:
            self.notes.blockSignals(True)
            self.notes.setPlainText(st.notes)
            self.notes.blockSignals(False)
        self.occurred_row.setVisible(c.recurring)
        self._load_evidence(c.id)

    def _typing(self, edit: QLineEdit | QPlainTextEdit, stored: str) -> bool:
        """Whether the user is typing in ``edit`` what is stored (or not yet committed): leave it as it is.

        After an undo the field does show the stored value, even with the focus in it."""
        c = committer_of(edit)
        if c is not None and c.pending:
            return True
        shown = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
        return edit.hasFocus() and " ".join(shown.split()) == " ".join(stored.split())

    def _show_reason(self, visible: bool) -> None:
        self.reason_box.setVisible(visible)
        self.reason_label.setVisible(visible)

    def _load_evidence(self, control_id: str) -> None:
        keep = {e.id for e in self.selected_evidence()}
        self._evidence = services.list_evidence(self._ctx.s, control_id)
        self.evidence_list.clear()
        style = self.style()
        for e in self._evidence:
            icon = style.standardIcon(
                QStyle.StandardPixmap.SP_FileIcon if e.kind == "file" else QStyle.StandardPixmap.SP_DriveNetIcon
            )
            item = QListWidgetItem(icon, evidence_text(e))
            item.setData(EvidenceRole, e.id)
            item.setToolTip(e.sha256 and f"SHA-256 {e.sha256}" or (e.url or ""))
            self.evidence_list.addItem(item)
            if e.id in keep:
                item.setSelected(True)
        acks = self._acknowledgements(control_id)
        if acks:
            item = QListWidgetItem(acks)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.evidence_list.addItem(item)
        elif not self._evidence:
            item = QListWidgetItem("No evidence yet — add a file or a link, or drop files here.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.evidence_list.addItem(item)
        self._evidence_buttons()

    def _acknowledgements(self, control_id: str) -> str:
        """For PPL-02: the policy acknowledgements counted as its evidence, and where they are kept."""
        from soc2wizard.domain.deliverables import ACKNOWLEDGEMENT_CONTROL

        if control_id != ACKNOWLEDGEMENT_CONTROL:
            return ""
        n = len(services.acknowledgements_recorded(self._ctx.s))
        if not n:
            return ""
        return (
            f"{n} policy acknowledgement{'s' if n != 1 else ''} recorded in File ▸ Auditor and Prospect "
            "Documents ▸ Policies (counted as evidence)"
        )

    def _evidence_buttons(self) -> None:
        chosen = bool(self.selected_evidence())
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and not self._ctx.read_only)

    def selected_evidence(self) -> list[Evidence]:
        ids = {
            item.data(EvidenceRole)
            for item in self.evidence_list.selectedItems()
            if item.flags() & Qt.ItemFlag.ItemIsSelectable
        }
        return [e for e in self._evidence if e.id in ids]

    # --- editing one control ----------------------------------------------------------------

    def _edit(self, text: str, *, merge: int = -1, **changes: Any) -> bool:
        return self._model.edit_controls(self._ids[:1], text, merge=merge, **changes)

    def _status_chosen(self, _index: int) -> None:
        r = self._row()
        key = self.status.currentData()
        if r is None or key == r.state.status:
            self._show_reason(r is not None and r.state.status == "not_applicable")
            return
        if key == "not_applicable":
            self._show_reason(True)
            self.reason.setFocus()
            return
        self._show_reason(False)
        self._edit(f"Change status of {r.control.id}", status=key)

    def _mark_na(self) -> None:
        r = self._row()
        if r is None:
            return
        if r.state.status == "not_applicable":
            if self.reason.text().strip() != r.state.na_reason:
                self._edit(f"Change reason of {r.control.id}", na_reason=self.reason.text())
            return
        if not self._edit(f"Mark {r.control.id} not applicable", status="not_applicable", na_reason=self.reason.text()):
            self.reason.setFocus()

    def _one_id(self) -> str | None:
        return self._ids[0] if len(self._ids) == 1 else None

    def _row_of(self, cid: str | None) -> ChecklistRow | None:
        i = self._model.row_of(cid) if cid else -1
        return self._model.row_at(i) if i >= 0 else None

    def _stored(self, cid: str | None, field: str) -> str:
        r = self._row_of(cid)
        return str(getattr(r.state, field)) if r is not None and cid == self._one_id() else self._current(field)

    def _current(self, field: str) -> str:
        return self.owner.text() if field == "owner" else self.notes.toPlainText()

    def _owner_commit(self, text: str, _final: bool, cid: str | None) -> bool:
        r = self._row_of(cid)
        if r is None or self._ctx.session is None or text.strip() == r.state.owner:
            return True
        return self._model.edit_controls(
            [r.control.id], f"Change owner of {r.control.id}", merge=merge_id("owner", r.control.id), owner=text
        )

    def _notes_commit(self, text: str, _final: bool, cid: str | None) -> bool:
        r = self._row_of(cid)
        if r is None or self._ctx.session is None or text.strip() == r.state.notes.strip():
            return True
        return self._model.edit_controls(
            [r.control.id], f"Edit notes of {r.control.id}", merge=merge_id("notes", r.control.id), notes=text
        )

    def _due_done(self) -> None:
        r = self._row()
        if r is None:
            return
        problem = self.due.problem()
        if problem:
            self.message.emit(f"Due date: {problem}.")
            return
        if self.due.date() != r.state.due_date:
            self._edit(f"Change due date of {r.control.id}", due_date=self.due.date())

    def commit_notes(self) -> None:
        """Save the owner and notes being typed (before a change of selection)."""
        if not self._built:
            return
        for edit in (self.owner, self.notes):
            c = committer_of(edit)
            if c is not None:
                c.finish()

    # --- bulk ---------------------------------------------------------------------------------

    def _bulk_status(self) -> None:
        key = self.bulk_status.currentData()
        self._model.edit_controls(
            self._ids, f"Set {len(self._ids)} controls to {vocab.STATUSES[key].lower()}", status=key
        )

    def _bulk_owner(self) -> None:
        owner = self.bulk_owner.text().strip()
        self._model.edit_controls(self._ids, f"Set owner of {len(self._ids)} controls", owner=owner)

    # --- evidence -------------------------------------------------------------------------------

    def _occurred_on(self) -> dt.date | None:
        """The "happened on" date for new evidence; FieldError when its text is not a date."""
        r = self._row()
        if r is None or not r.control.recurring:
            return None
        problem = self.occurred.problem()
        if problem:
            raise FieldError("occurred_on", f"Happened on: {problem}.")
        return self.occurred.date()

    def _occurred_readable(self) -> bool:
        """Whether new evidence can be added: a "happened on" date that is not one is said first."""
        try:
            self._occurred_on()
        except FieldError as exc:
            self.message.emit(exc.message)
            self.occurred.setFocus()
            return False
        return True

    def ask_files(self) -> None:
        if self._row() is None or not self._occurred_readable():
            return
        paths = dialogs.ask_evidence_files(self)
        if paths:
            self.add_files(paths)

    def add_files(self, paths: Sequence[Path]) -> None:
        """Keep these files as evidence of the shown control: one undo step."""
        r = self._row()
        if r is None or not paths or not self._occurred_readable():
            return
        cid = r.control.id
        occurred = self._occurred_on()
        # One undo step per file: a refused file (too large, unreadable) leaves no empty step.
        for path in paths:
            try:
                self._add_one(cid, Path(path), occurred)
            except Soc2Error as exc:
                self.message.emit(user_message(exc))
                return

    def _add_one(self, cid: str, path: Path, occurred: dt.date | None) -> None:
        s = self._ctx.s
        kept: dict[str, Any] = {}

        def do() -> Evidence:
            if "evidence" in kept:  # redo: put back the very same record and bytes
                return services.restore_evidence(s, kept["evidence"], kept["content"])
            e = services.add_evidence_file(s, cid, path, occurred_on=occurred)
            kept["id"] = e.id
            return e

        def undo() -> None:
            kept["evidence"], kept["content"] = services.remove_evidence(s, kept["id"])

        self._ctx.perform(f"Add {path.name} to {cid}", do, undo, "evidence")

    def ask_link(self) -> None:
        r = self._row()
        if r is None or not self._occurred_readable():
            return
        answer = dialogs.ask_link(self)
        if not answer:
            return
        url, name = answer
        cid, s, occurred = r.control.id, self._ctx.s, self._occurred_on()
        kept: dict[str, Any] = {}

        def do() -> Evidence:
            if "evidence" in kept:
                return services.restore_evidence(s, kept["evidence"], None)
            e = services.add_evidence_link(s, cid, url, name=name, occurred_on=occurred)
            kept["id"] = e.id
            return e

        def undo() -> None:
            kept["evidence"], _ = services.remove_evidence(s, kept["id"])

        try:
            self._ctx.perform(f"Add link to {cid}", do, undo, "evidence")
        except Soc2Error as exc:
            self.message.emit(user_message(exc))

    def remove_evidence(self) -> None:
        chosen = self.selected_evidence()
        if not chosen:
            return
        s = self._ctx.s
        stack = self._ctx.undo_stack
        stack.beginMacro(f"Remove {len(chosen)} evidence item{'s' if len(chosen) != 1 else ''}")
        try:
            for e in chosen:
                kept: dict[str, Any] = {}

                def do(eid: int = e.id, kept: dict[str, Any] = kept) -> None:
                    kept["evidence"], kept["content"] = services.remove_evidence(s, eid)

                def undo(kept: dict[str, Any] = kept) -> None:
                    services.restore_evidence(s, kept["evidence"], kept["content"])

                self._ctx.perform(f"Remove {e.name}", do, undo, "evidence")
        except Soc2Error as exc:
            self.message.emit(user_message(exc))
        finally:
            stack.endMacro()

    def open_evidence(self) -> None:
        """Open the selected file (a temporary copy) or link with the system's application."""
        for e in self.selected_evidence()[:5]:
            if e.kind == "link" and e.url:
                dialogs.open_external(QUrl(e.url))
                continue
            try:  # a private copy, removed when the workspace closes
                target = services.evidence_copy(self._ctx.s, e.id)
            except Soc2Error as exc:
                self.message.emit(user_message(exc))
                continue
            dialogs.open_external(QUrl.fromLocalFile(str(target)))
