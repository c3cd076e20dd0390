"""Step 2: systems, vendors, subservice organisations and locations, in or out of scope."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain import vocab
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.records import ScopeItem
from soc2wizard.gui.commit import committer_of
from soc2wizard.gui.pages.base import StepPage, set_checked, set_line
from soc2wizard.gui.widgets import (
    Card,
    FieldBox,
    SeverityChip,
    clear_layout,
    help_for,
    wrap_label,
)

NEW_NAMES = {
    "system": "New system",
    "vendor": "New vendor",
    "subservice": "New subservice organisation",
    "location": "New location",
}


GROUP_TITLES = {
    "system": "Systems and services",
    "vendor": "Vendors",
    "subservice": "Subservice organisations",
    "location": "Locations",
}


class ScopePage(StepPage):
    step_id = "scope"
    help_html = (
        "<p><b>System:</b> a product, service or piece of infrastructure your customers rely on.</p>"
        "<p><b>Subservice organisation:</b> a company that runs part of your system for you, such as "
        "your cloud provider. <b>Carve-out</b> means your report leaves its controls out and relies on "
        "its own SOC 2 report (the usual choice); <b>inclusive</b> means the auditor tests them too.</p>"
        "<p><b>Vendor:</b> any other supplier that touches your data. Review its SOC 2 report or a "
        "security questionnaire once a year.</p>"
        "<p>Keep internal-only tools out (scope creep costs audit time) but never leave out a system "
        "that holds customer data.</p>"
    )

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, parent)
        self._items: list[ScopeItem] = []
        self.checks = QVBoxLayout()
        self.body.addLayout(self.checks)

        row = QHBoxLayout()
        left = QVBoxLayout()
        tools = QHBoxLayout()
        self.add_button = QPushButton("Add &other…")
        self.add_button.setAccessibleName("Add to scope")
        menu = QMenu(self.add_button)
        for kind, label in vocab.SCOPE_KINDS.items():
            a = menu.addAction(label)
            a.triggered.connect(lambda _=False, k=kind: self.add(k))
        self.add_button.setMenu(menu)
        self.add_system_button = QPushButton("Add &system")
        self.add_system_button.setAccessibleName("Add system")
        self.add_system_button.clicked.connect(lambda: self.add("system"))
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setAccessibleName("Remove selected item")
        self.remove_button.clicked.connect(self.remove_selected)
        tools.addWidget(self.add_system_button)
        tools.addWidget(self.add_button)
        tools.addWidget(self.remove_button)
        tools.addStretch(1)
        left.addLayout(tools)
        self.list = QTreeWidget()
        self.list.setAccessibleName("Scope items")
        self.list.setHeaderLabels(["Name", "Notes"])
        self.list.setRootIsDecorated(False)
        self.list.setMinimumWidth(300)
        self.list.setMinimumHeight(340)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.header().setStretchLastSection(False)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(lambda *_: self._show_detail())
        left.addWidget(self.list)
        self.empty = wrap_label(
            "No systems yet — add the services that store customer data, then your cloud provider and other vendors.",
            muted=True,
        )
        left.addWidget(self.empty)
        row.addLayout(left, 2)

        self.detail = Card()
        form = QFormLayout()
        self.kind_label = wrap_label()
        form.addRow("Kind:", self.kind_label)
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        help_for(self.name, "Name", 'What people call it: "Customer portal", "Production database", "AWS".')
        self.watch(
            self.name,
            lambda t, _f, item_id: self._edit("name", t, self.name_box, "name", item_id),
            "scope-name",
            stored=lambda item_id: self._stored(item_id, "name"),
            target=self._selected_id,
        )
        self.name_box = FieldBox(self.name)
        form.addRow("&Name:", self.name_box)
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(70)
        help_for(self.description, "Description", "One line on what it does and what data it holds.")
        self.watch(
            self.description,
            lambda t, _f, item_id: self._edit("description", t, self.description_box, "description", item_id),
            "scope-description",
            stored=lambda item_id: self._stored(item_id, "description"),
            target=self._selected_id,
        )
        self.description_box = FieldBox(self.description)
        form.addRow("&Description:", self.description_box)
        self.in_scope = QCheckBox("In scope of the audit")
        self.customer_data = QCheckBox("Stores or processes customer data")
        self.internal_only = QCheckBox("Used only internally")
        self.reviewed = QCheckBox("SOC 2 report or security assessment reviewed")
        for box, key, text in (
            (self.in_scope, "in_scope", "Whether the auditor tests it. Exclude something only with a reason."),
            (self.customer_data, "customer_data", "Systems with customer data must be in scope."),
            (self.internal_only, "internal_only", "Internal tools (wiki, HR) usually stay out of scope."),
            (
                self.reviewed,
                "reviewed",
                "Read the vendor's SOC 2 report, or its answers to a security questionnaire, at least once a year.",
            ),
        ):
            box.setAccessibleName(box.text())
            help_for(box, box.text(), text)
            box.toggled.connect(lambda on, k=key: self._edit(k, on))
            form.addRow("", box)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Why it is excluded")
        help_for(
            self.reason,
            "Why it is excluded",
            'The auditor will ask. "Internal documentation only; no customer data" is a good reason.',
        )
        self.watch(
            self.reason,
            lambda t, _f, item_id: self._edit("exclusion_reason", t, self.reason_box, "reason", item_id),
            "scope-reason",
            stored=lambda item_id: self._stored(item_id, "exclusion_reason"),
            target=self._selected_id,
        )
        self.reason_box = FieldBox(self.reason)
        form.addRow("Why &excluded:", self.reason_box)
        self.method = QComboBox()
        self.method.setAccessibleName("Subservice method")
        for key, label in vocab.SUBSERVICE_METHODS.items():
            self.method.addItem(label, key)
        help_for(
            self.method,
            "Carve-out or inclusive",
            "Carve-out: your report relies on the provider's "
            "own SOC 2 report (usual for cloud providers). Inclusive: the auditor tests its controls too.",
        )
        self.method.activated.connect(lambda _i: self._edit("method", self.method.currentData()))
        form.addRow("&Method:", self.method)
        self.detail.body.addLayout(form)
        self.detail.body.addStretch(1)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form = form
        row.addWidget(self.detail, 3)
        self.body.addLayout(row)
        self.finish()

    # --- data --------------------------------------------------------------------------

    def selected(self) -> ScopeItem | None:
        current = self.list.currentItem()
        item_id = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        return next((i for i in self._items if i.id == item_id), None)

    def refresh(self) -> None:
        current = self.selected()
        self._items = services.list_scope(self.ctx.s)
        order = list(vocab.SCOPE_KINDS)
        self._items.sort(key=lambda i: (order.index(i.kind), i.position))
        self.list.blockSignals(True)
        self.list.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        chosen = None
        for item in self._items:
            if item.kind not in groups:
                g = QTreeWidgetItem([GROUP_TITLES.get(item.kind, vocab.SCOPE_KINDS[item.kind]), ""])
                g.setFlags(Qt.ItemFlag.ItemIsEnabled)
                f = g.font(0)
                f.setBold(True)
                g.setFont(0, f)
                g.setFirstColumnSpanned(True)
                self.list.addTopLevelItem(g)
                g.setExpanded(True)
                groups[item.kind] = g
            flags = []
            if not item.in_scope:
                flags.append("excluded")
            if item.customer_data:
                flags.append("customer data")
            if item.internal_only:
                flags.append("internal")
            if item.kind in ("vendor", "subservice"):
                flags.append("reviewed" if item.reviewed else "not reviewed")
            w = QTreeWidgetItem([item.name, ", ".join(flags)])
            w.setData(0, Qt.ItemDataRole.UserRole, item.id)
            w.setToolTip(0, f"{item.name}\n{item.description}" if item.description else item.name)
            groups[item.kind].addChild(w)
            if chosen is None or (current is not None and item.id == current.id):
                chosen = w
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        self.list.blockSignals(False)
        self.empty.setVisible(not self._items)
        self.remove_button.setEnabled(bool(self._items))
        self._show_detail()

    def refresh_derived(self) -> None:
        self._show_checks()

    def _show_checks(self) -> None:
        clear_layout(self.checks)
        checks = [c for c in self.ctx.estimate().checks if c.step == "scope"]  # a failure is shown by refresh_now
        for c in checks:
            line = QHBoxLayout()
            line.addWidget(SeverityChip(c.severity))
            line.addWidget(wrap_label(c.message), 1)
            self.checks.addLayout(line)

    def _show_detail(self) -> None:
        item = self.selected()
        self.detail.setEnabled(item is not None)
        if item is None:
            self.kind_label.setText("Select or add an item to edit it here.")
            return
        self.kind_label.setText(vocab.SCOPE_KINDS[item.kind])
        self.name_box.clear_error()
        set_line(self.name, item.name)
        if (
            self.description.toPlainText() != item.description
            and not self.description.hasFocus()
            and not getattr(committer_of(self.description), "pending", False)
        ):
            self.description.blockSignals(True)
            self.description.setPlainText(item.description)
            self.description.blockSignals(False)
        set_checked(self.in_scope, item.in_scope)
        set_checked(self.customer_data, item.customer_data)
        set_checked(self.internal_only, item.internal_only)
        set_checked(self.reviewed, item.reviewed)
        set_line(self.reason, item.exclusion_reason)
        is_org = item.kind in ("vendor", "subservice")
        self.reviewed.setVisible(is_org)
        self.form.setRowVisible(self.reason_box, not item.in_scope)
        self.form.setRowVisible(self.method, item.kind == "subservice")
        self.method.setCurrentIndex(max(0, self.method.findData(item.method)))

    # --- edits -------------------------------------------------------------------------

    def add(self, kind: str) -> ScopeItem:
        s = self.ctx.s
        held: dict[str, ScopeItem] = {}

        def do() -> ScopeItem:
            if "item" in held:
                return services.restore_scope_item(s, held["item"])
            held["item"] = services.add_scope_item(s, kind, NEW_NAMES[kind])
            return held["item"]

        item = self.ctx.perform(
            f"Add {vocab.SCOPE_KINDS[kind].lower()}",
            do,
            lambda: services.remove_scope_item(s, held["item"].id),
            "scope",
        )
        self._select(item.id)
        self.name.setFocus()
        self.name.selectAll()
        return item

    def _select(self, item_id: int) -> None:
        if not self.isVisible():
            self.refresh_now()
        for i in range(self.list.topLevelItemCount()):
            g = self.list.topLevelItem(i)
            children = [g.child(j) for j in range(g.childCount())] if g is not None else []
            for child in children:
                if child is not None and child.data(0, Qt.ItemDataRole.UserRole) == item_id:
                    self.list.setCurrentItem(child)

    def remove_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        s = self.ctx.s
        self.ctx.perform(
            f"Remove {item.name}",
            lambda: services.remove_scope_item(s, item.id),
            lambda: services.restore_scope_item(s, item),
            "scope",
        )

    def _selected_id(self) -> int | None:
        item = self.selected()
        return item.id if item is not None else None

    def _stored(self, item_id: int | None, field: str) -> str:
        item = next((i for i in services.list_scope(self.ctx.s) if i.id == item_id), None)
        return str(getattr(item, field)) if item is not None else ""

    def _edit(  # noqa: ANN001
        self, field: str, value, box: FieldBox | None = None, merge: str | None = None, item_id: int | None = None
    ) -> bool:
        """Store one field of a scope item (the selected one unless ``item_id`` names it); False when refused."""
        if item_id is None:
            item_id = self._selected_id()
        if item_id is None:
            return True
        s = self.ctx.s
        current = next((i for i in services.list_scope(s) if i.id == item_id), None)
        if current is None:
            return True
        item = current
        if getattr(current, field) == value:
            if box is not None:
                box.clear_error()
            return True
        before = {field: getattr(current, field)}
        try:
            self.ctx.perform(
                f"Change {current.name}",
                lambda: services.update_scope_item(s, item.id, **{field: value}),
                lambda: services.update_scope_item(s, item.id, **before),
                "scope",
                merge_id=self.merge_id(f"scope-{merge}-{item.id}") if merge else -1,
            )
        except FieldError as exc:
            if box is not None:
                box.show_error(exc.message)
            return False
        if box is not None:
            box.clear_error()
        self._items = [replace(i, **{field: value}) if i.id == item.id else i for i in self._items]
        return True
