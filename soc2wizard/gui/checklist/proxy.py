"""Search, filters, sorting and grouping of the checklist, all in memory.

Filtering never calls services: a keystroke in the search field re-runs
``filterAcceptsRow`` over the rows the model already holds.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from soc2wizard.domain import vocab
from soc2wizard.domain.catalog import PRIORITIES
from soc2wizard.gui.checklist.model import ChecklistModel, category_title, criterion_sort_key

NO_OWNER = "\x00none"  # the owner filter value for "no owner yet"
GROUPS = {"criterion": "Criterion", "category": "Control category"}

_Index = QModelIndex | QPersistentModelIndex


class ChecklistFilter(QSortFilterProxyModel):
    """Filters: text, status, criterion (``CC6.1`` or a category id), control category, owner, priority."""

    FILTERS = ("text", "status", "criterion", "category", "owner", "priority")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._text = ""
        self._values: dict[str, Any] = dict.fromkeys(self.FILTERS[1:])
        self._group: str | None = None
        self.setSortRole(ChecklistModel.SortRole)
        self.setDynamicSortFilter(True)

    def setSourceModel(self, model: Any) -> None:  # noqa: N802 - Qt's name
        assert isinstance(model, ChecklistModel)
        self._model = model  # filterAcceptsRow runs once per row per keystroke: no lookups there
        super().setSourceModel(model)

    def source(self) -> ChecklistModel:
        return self._model

    # --- filter state ----------------------------------------------------------------

    def _refilter(self, change: Any) -> None:
        self.beginFilterChange()
        change()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        if text == self._text:
            return

        def change() -> None:
            self._text = text
            self._words = text.lower().split()

        self._refilter(change)

    def text(self) -> str:
        return self._text

    def set_filter(self, name: str, value: Any) -> None:
        """Set one of status, criterion, category, owner, priority; None clears it."""
        if name == "text":
            self.set_text(value or "")
            return
        if name not in self._values:
            raise KeyError(name)
        if self._values[name] == value:
            return
        self._refilter(lambda: self._values.__setitem__(name, value))

    def filter_value(self, name: str) -> Any:
        return self._text if name == "text" else self._values[name]

    def clear_filters(self) -> None:
        if not self.is_filtered():
            return

        def change() -> None:
            self._text, self._words = "", []
            self._values = dict.fromkeys(self._values)

        self._refilter(change)

    def is_filtered(self) -> bool:
        return bool(self._words) or any(v is not None for v in self._values.values())

    def active_filters(self) -> list[tuple[str, str]]:
        """(filter name, words shown on its chip) for every filter in use."""
        out: list[tuple[str, str]] = []
        if self._text.strip():
            out.append(("text", f"Text: “{self._text.strip()}”"))
        v = self._values
        if v["status"] is not None:
            out.append(("status", f"Status: {vocab.STATUSES.get(v['status'], v['status'])}"))
        if v["criterion"] is not None:
            crit = v["criterion"]
            out.append(
                ("criterion", f"Criteria: {vocab.CRITERIA[crit]}" if crit in vocab.CRITERIA else f"Criterion: {crit}")
            )
        if v["category"] is not None:
            out.append(("category", f"Category: {category_title(v['category'])}"))
        if v["owner"] is not None:
            out.append(("owner", "Owner: none yet" if v["owner"] == NO_OWNER else f"Owner: {v['owner']}"))
        if v["priority"] is not None:
            out.append(("priority", f"Priority: {PRIORITIES.get(v['priority'], v['priority'])}"))
        return out

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        model = self._model
        if self._words:
            hay = model.haystack(source_row)
            if not all(w in hay for w in self._words):
                return False
        v = self._values
        if not any(x is not None for x in v.values()):
            return True
        r = model.row_at(source_row)
        c, st = r.control, r.state
        if v["status"] is not None and st.status != v["status"]:
            return False
        if v["category"] is not None and c.category != v["category"]:
            return False
        if v["priority"] is not None and c.priority != v["priority"]:
            return False
        if v["owner"] is not None and st.owner != ("" if v["owner"] == NO_OWNER else v["owner"]):
            return False
        crit = v["criterion"]
        if crit is not None:
            if crit in vocab.CRITERIA:
                if crit not in c.categories:
                    return False
            elif crit not in c.criteria:
                return False
        return True

    # --- sorting and grouping ----------------------------------------------------------

    def set_group(self, group: str | None) -> None:
        """Group rows by ``"criterion"`` (first criterion), ``"category"``, or not at all."""
        if group == self._group:
            return
        self._group = group
        self.invalidate()
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, self.rowCount() - 1))

    def group(self) -> str | None:
        return self._group

    def group_key(self, source_row: int) -> str:
        r = self.source().row_at(source_row)
        if self._group == "criterion":
            return criterion_sort_key(r.control.criteria[0]) if r.control.criteria else "~"
        if self._group == "category":
            return r.control.category
        return ""

    def group_label(self, source_row: int) -> str:
        r = self.source().row_at(source_row)
        if self._group == "criterion":
            return r.control.criteria[0] if r.control.criteria else "—"
        if self._group == "category":
            return category_title(r.control.category)
        return ""

    def is_group_start(self, proxy_row: int) -> bool:
        """Whether this visible row begins a new group (draws a group header)."""
        if not self._group or proxy_row < 0:
            return False
        if proxy_row == 0:
            return True
        here = self.mapToSource(self.index(proxy_row, 0)).row()
        above = self.mapToSource(self.index(proxy_row - 1, 0)).row()
        return self.group_key(here) != self.group_key(above)

    def lessThan(self, left: _Index, right: _Index) -> bool:  # noqa: N802
        model = self.source()
        if self._group:
            gl, gr = self.group_key(left.row()), self.group_key(right.row())
            if gl != gr:
                # Groups stay in criteria order whichever way the column is sorted.
                return (gl < gr) != (self.sortOrder() == Qt.SortOrder.DescendingOrder)
        a = model.data(left, ChecklistModel.SortRole)
        b = model.data(right, ChecklistModel.SortRole)
        if a == b:
            return left.row() < right.row()  # stable: keep foundational-first order
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        # Answered in Python, not through the C++ base: PySide6 6.12 drops a reference to
        # None each time an empty QVariant comes back from C++, and headers are asked often.
        if orientation == Qt.Orientation.Horizontal:
            return self.source().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if self._group and 0 <= section < self.rowCount() and self.is_group_start(section):
                return self.group_label(self.mapToSource(self.index(section, 0)).row())
            return ""
        return None
