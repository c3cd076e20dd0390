"""The checklist as a thin table model over ``services.checklist`` rows.

Edits to Status, Owner and Due go through ``ctx.perform`` (one services call,
one undo step). The page reloads rows when the context says controls changed;
``set_rows`` then updates only the rows that differ, so an edit never resets
the view, its selection or its scroll position.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QLocale, QModelIndex, Qt, Signal

from soc2wizard import services
from soc2wizard.domain import vocab
from soc2wizard.domain.catalog import PRIORITIES
from soc2wizard.domain.errors import Soc2Error
from soc2wizard.domain.records import ChecklistRow, ControlState
from soc2wizard.gui.qtypes import ModelIndex

# Status order used for sorting and for Space's cycle.
STATUS_ORDER: dict[str, int] = {"not_started": 0, "in_progress": 1, "implemented": 2, "not_applicable": 3}
CYCLE: dict[str, str] = {
    "not_started": "in_progress",
    "in_progress": "implemented",
    "implemented": "not_started",
    "not_applicable": "not_started",
}
FRAMEWORKS: dict[str, str] = vocab.CROSSWALK_TITLES
NO_DATE_KEY = 10**9  # sorts controls without a due date after every dated one


def category_title(category: str) -> str:
    return category.replace("_", " ").capitalize()


def format_date(day: dt.date | None) -> str:
    """A date the way people read it in their locale ("26 Nov 2026")."""
    if day is None:
        return ""
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")


def user_message(exc: BaseException) -> str:
    """The part of a services error a person acts on, as a sentence."""
    text = getattr(exc, "message", None) or str(exc)
    first = text.split(" ", 1)[0]
    if first.isalpha() and first.islower():  # "say why …", but never "backup.tar is …"
        text = text[:1].upper() + text[1:]
    return text


def merge_id(kind: str, control_id: str) -> int:
    """A stable undo merge id for typing into one field of one control."""
    return zlib.crc32(f"{kind}:{control_id}".encode()) & 0x3FFFFFFF


class ChecklistModel(QAbstractTableModel):
    # What a person works with first comes first; the rest scrolls into view.
    ID, TITLE, STATUS, OWNER, DUE, EVIDENCE, CRITERIA, PRIORITY, FREQUENCY = range(9)
    HEADERS = ("ID", "Control", "Status", "Owner", "Due", "Evidence", "Criteria", "Priority", "Frequency")
    EDITABLE = {STATUS: "status", OWNER: "owner", DUE: "due_date"}

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2  # the ChecklistRow
    ControlIdRole = Qt.ItemDataRole.UserRole + 3
    StatusRole = Qt.ItemDataRole.UserRole + 4  # the status id ("in_progress")
    _ROLES = frozenset(
        {
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.AccessibleTextRole,
            SortRole,
            RowRole,
            ControlIdRole,
            StatusRole,
        }
    )

    message = Signal(str)  # a refused edit, in words, for the page's message bar

    def __init__(self, ctx: Any = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._rows: list[ChecklistRow] = []
        self._haystacks: list[str] = []
        self._by_id: dict[str, int] = {}

    # --- rows ---------------------------------------------------------------------

    def set_rows(self, rows: Sequence[ChecklistRow]) -> None:
        """Show these rows; rows of the same controls in the same order update in place."""
        rows = list(rows)
        same = len(rows) == len(self._rows) and all(
            a.control.id == b.control.id for a, b in zip(rows, self._rows, strict=True)
        )
        if not same:
            self.beginResetModel()
            self._rows = rows
            self._haystacks = [self._haystack(r) for r in rows]
            self._by_id = {r.control.id: i for i, r in enumerate(rows)}
            self.endResetModel()
            return
        changed = [i for i, (new, old) in enumerate(zip(rows, self._rows, strict=True)) if new != old]
        for i in changed:
            self._rows[i] = rows[i]
            self._haystacks[i] = self._haystack(rows[i])
        if changed:
            # One signal spanning the edited rows: a bulk edit of 2,000 rows is one repaint.
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], self.columnCount() - 1))

    @staticmethod
    def _haystack(r: ChecklistRow) -> str:
        c, st = r.control, r.state
        return " ".join((c.id, c.title, st.owner, st.notes)).lower()

    def rows(self) -> list[ChecklistRow]:
        return list(self._rows)

    def row_at(self, row: int) -> ChecklistRow:
        return self._rows[row]

    def haystack(self, row: int) -> str:
        return self._haystacks[row]

    def row_of(self, control_id: str) -> int:
        """The row showing ``control_id``, or -1."""
        return self._by_id.get(control_id, -1)

    # --- Qt model interface -------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section in self.EDITABLE:
                return f"{self.HEADERS[section]} — press Enter or F2 to change"
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() in self.EDITABLE:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A view asks about ten roles per cell per paint; answer the ones we do not
        # provide (font, colours, decoration, size …) before any other work.
        if role not in self._ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.EditRole:
            if col == self.STATUS:
                return r.state.status
            if col == self.OWNER:
                return r.state.owner
            if col == self.DUE:
                return r.state.due_date.isoformat() if r.state.due_date else ""
            return self._display(r, col)
        if role == self.SortRole:
            return self._sort_key(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        if role == self.RowRole:
            return r
        if role == self.ControlIdRole:
            return r.control.id
        if role == self.StatusRole:
            return r.state.status
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.EVIDENCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(r, col) or "none"
        return None

    def _display(self, r: ChecklistRow, col: int) -> str:
        c, st = r.control, r.state
        if col == self.ID:
            return c.id
        if col == self.TITLE:
            return c.title
        if col == self.CRITERIA:
            shown = ", ".join(c.criteria[:2])
            return shown + (f" +{len(c.criteria) - 2}" if len(c.criteria) > 2 else "")
        if col == self.STATUS:
            return vocab.STATUSES.get(st.status, st.status)
        if col == self.OWNER:
            return st.owner
        if col == self.DUE:
            return format_date(st.due_date)
        if col == self.PRIORITY:
            return PRIORITIES.get(c.priority, str(c.priority))
        if col == self.EVIDENCE:
            return str(r.evidence_count) if r.evidence_count else ""
        if col == self.FREQUENCY:
            return vocab.FREQUENCIES.get(c.frequency, c.frequency)
        return ""

    def _sort_key(self, r: ChecklistRow, col: int) -> Any:
        c, st = r.control, r.state
        if col == self.STATUS:
            return STATUS_ORDER.get(st.status, 9)
        if col == self.DUE:
            return st.due_date.toordinal() if st.due_date else NO_DATE_KEY
        if col == self.PRIORITY:
            return c.priority
        if col == self.EVIDENCE:
            return r.evidence_count
        if col == self.FREQUENCY:
            return list(vocab.FREQUENCIES).index(c.frequency) if c.frequency in vocab.FREQUENCIES else 99
        if col == self.CRITERIA:
            return criterion_sort_key(c.criteria[0]) if c.criteria else ""
        if col == self.OWNER:
            return st.owner.casefold() or "\uffff"  # unassigned last
        if col == self.ID:
            return natural_key(c.id)
        return self._display(r, col).casefold()

    def _tooltip(self, r: ChecklistRow, col: int) -> str | None:
        c, st = r.control, r.state
        if col in (self.ID, self.TITLE):
            return c.description or c.title
        if col == self.CRITERIA:
            return ", ".join(c.criteria)
        if col == self.STATUS:
            word = vocab.STATUSES.get(st.status, st.status)
            return f"{word}: {st.na_reason}" if st.status == "not_applicable" and st.na_reason else word
        if col == self.EVIDENCE:
            n = r.evidence_count
            dated = len(r.occurrences)
            text = f"{n} evidence item{'s' if n != 1 else ''}"
            return text + (f", {dated} dated occurrence{'s' if dated != 1 else ''}" if dated else "")
        if col == self.DUE and st.due_date:
            return st.due_date.isoformat()
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE:
            return False
        r = self._rows[index.row()]
        field = self.EDITABLE[index.column()]
        if isinstance(value, QDate):
            value = value.toPython() if value.isValid() else None
        if field == "due_date":
            value = value or None
            current: Any = r.state.due_date
            if isinstance(value, str) and current is not None and value.strip() == current.isoformat():
                return True
        else:
            current = getattr(r.state, field)
        if value == current:
            return True
        label = {"status": "status", "owner": "owner", "due_date": "due date"}[field]
        return self.edit_controls([r.control.id], f"Change {label} of {r.control.id}", **{field: value})

    # --- edits through services ------------------------------------------------------

    def states(self, control_ids: Sequence[str]) -> list[ControlState]:
        return [self._rows[self._by_id[cid]].state for cid in control_ids if cid in self._by_id]

    def edit_controls(self, control_ids: Sequence[str], text: str, *, merge: int = -1, **changes: Any) -> bool:
        """Apply one change to these controls as one services call and one undo step.

        A refused value changes nothing and is reported through ``message``.
        """
        ctx = self._ctx
        if ctx is None or not control_ids:
            return False
        ids = list(control_ids)
        old = self.states(ids)

        # The table shows the new states at once, row by row (dataChanged on those
        # rows only); readiness, checks and the sidebar follow a frame later.
        def do() -> Any:
            new = services.update_controls(ctx.s, ids, **changes)
            self.apply_states(new)
            return new

        def undo() -> None:
            services.restore_control_states(ctx.s, old)
            self.apply_states(old)

        try:
            ctx.perform(text, do, undo, "states", merge_id=merge)
        except Soc2Error as exc:
            self.message.emit(user_message(exc))
            return False
        return True

    def apply_states(self, states: Sequence[ControlState]) -> None:
        """Show new states of some controls: each changed row repaints, nothing else is read or reset."""
        rows: list[int] = []
        for st in states:
            i = self._by_id.get(st.control_id, -1)
            if i < 0 or self._rows[i].state == st:
                continue
            self._rows[i] = replace(self._rows[i], state=st)
            self._haystacks[i] = self._haystack(self._rows[i])
            rows.append(i)
        if self._ctx is not None:
            self._ctx.patch_states(states)
        rows.sort()
        last = self.columnCount() - 1
        runs: list[list[int]] = []  # one dataChanged per run of adjacent rows
        for i in rows:
            if runs and i == runs[-1][1] + 1:
                runs[-1][1] = i
            else:
                runs.append([i, i])
        for first, final in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(final, last))


def natural_key(text: str) -> str:
    """``AC-2`` before ``AC-10``: digits compare as numbers (zero-padded)."""
    out: list[Any] = []
    num = ""
    word = ""
    for ch in text:
        if ch.isdigit():
            if word:
                out.append(word.casefold())
                word = ""
            num += ch
        else:
            if num:
                out.append(f"{int(num):08d}")
                num = ""
            word += ch
    if word:
        out.append(word.casefold())
    if num:
        out.append(f"{int(num):08d}")
    return "\x01".join(out)


_CATEGORY_ORDER = {prefix: i for i, prefix in enumerate(vocab.CRITERIA_PREFIX.values())}


def criterion_sort_key(criterion_id: str) -> str:
    """A string key putting TSC ids in criteria order (CC1.1 … CC9.2, A1.1, PI1.1 …)."""
    head, _, minor = criterion_id.partition(".")
    prefix = head.rstrip("0123456789")
    major = head[len(prefix) :]
    order = _CATEGORY_ORDER.get(prefix, 9)
    return f"{order}:{int(major or 0):03d}.{int(minor or 0) if minor.isdigit() else 0:03d}"
