"""Workspace settings (File ▸ Workspace Settings) and app preferences (Edit ▸ Preferences)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.records import SETTINGS_FIELDS
from soc2wizard.gui import dialogs
from soc2wizard.gui.context import AppContext
from soc2wizard.gui.widgets import DATE_STYLES, PREF_ASSESSOR, PREF_DATE_STYLE, FieldBox, date_style, wrap_label

SETTING_HELP = {
    "prepared_for": 'Who the plan is for, e.g. "Acme Health leadership team". Shown on the PDF cover.',
    "prepared_by": "Your name, or your firm's, as the author of the plan.",
    "firm_name": "A consultant's firm name, shown on the cover and in the page footer.",
    "assessor_name": "The person who assessed the controls (often you).",
    "consultant_role": 'How you help the client, e.g. "vCISO" or "readiness consultant".',
}


class WorkspaceSettingsDialog(QDialog):
    """Who the plan is prepared for and by; each field saves (undoably) as you type."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Workspace settings")
        lay = QVBoxLayout(self)
        lay.addWidget(
            wrap_label("These appear on the exported plan. They are saved in this workspace as you type.", muted=True)
        )
        form = QFormLayout()
        current = services.get_settings(ctx.s)
        self.edits: dict[str, QLineEdit] = {}
        self.boxes: dict[str, FieldBox] = {}
        merge_ids = {key: 900 + i for i, key in enumerate(SETTINGS_FIELDS)}
        for key, label in SETTINGS_FIELDS.items():
            edit = QLineEdit(getattr(current, key))
            edit.setAccessibleName(label)
            edit.setToolTip(SETTING_HELP.get(key, ""))
            if key == "assessor_name" and not edit.text():
                edit.setPlaceholderText(str(QSettings().value(PREF_ASSESSOR, "") or ""))
            box = FieldBox(edit)
            self.edits[key], self.boxes[key] = edit, box
            edit.textEdited.connect(lambda text, k=key: self._edit(k, text, merge_ids[k]))
            form.addRow(f"{label}:", box)
        logo_row = QHBoxLayout()
        self.logo = QLabel()
        self.logo.setAccessibleName("Firm logo")
        self.logo.setMinimumHeight(48)
        logo_row.addWidget(self.logo, 1)
        self.choose = QPushButton("Choose &logo…")
        self.choose.clicked.connect(self._choose_logo)
        self.remove = QPushButton("Re&move logo")
        self.remove.clicked.connect(self._remove_logo)
        logo_row.addWidget(self.choose)
        logo_row.addWidget(self.remove)
        form.addRow("Firm logo:", logo_row)
        self.logo_error = wrap_label()
        form.addRow("", self.logo_error)
        lay.addLayout(form)
        from soc2wizard.gui.display_settings import DisplaySettingsBox

        self.display = DisplaySettingsBox(ctx)  # paper and currency (#16)
        lay.addWidget(self.display)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self._show_logo()
        self.resize(520, self.sizeHint().height())

    def _edit(self, key: str, text: str, merge_id: int) -> None:
        s = self.ctx.s
        before = getattr(services.get_settings(s), key)
        try:
            self.ctx.perform(
                f"Change {SETTINGS_FIELDS[key].lower()}",
                lambda: services.update_settings(s, **{key: text}),
                lambda: services.update_settings(s, **{key: before}),
                "settings",
                merge_id=merge_id,
            )
        except FieldError as exc:
            self.boxes[key].show_error(exc.message)
            return
        self.boxes[key].clear_error()

    def _show_logo(self) -> None:
        data = services.firm_logo(self.ctx.s)
        if data:
            pm = QPixmap()
            pm.loadFromData(data)
            self.logo.setPixmap(pm.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo.setText("No logo")
        self.remove.setEnabled(bool(data))

    def _choose_logo(self) -> None:
        path = dialogs.ask_image_path(self)
        if path is None:
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.logo_error.setText(f"⚠ {path.name} cannot be read ({exc.strerror})")
            return
        self._set_logo(data)

    def _remove_logo(self) -> None:
        self._set_logo(None)

    def _set_logo(self, data: bytes | None) -> None:
        s = self.ctx.s
        before = services.firm_logo(s)
        try:
            self.ctx.perform(
                "Change firm logo" if data else "Remove firm logo",
                lambda: services.set_firm_logo(s, data),
                lambda: services.set_firm_logo(s, before),
                "settings",
            )
        except FieldError as exc:
            self.logo_error.setText(f"⚠ The logo {exc.message}; nothing was changed.")
            return
        self.logo_error.setText("")
        self._show_logo()


class PreferencesDialog(QDialog):
    """Per-user preferences kept in QSettings (not in any workspace)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        lay = QVBoxLayout(self)
        form = QFormLayout()
        st = QSettings()
        self.assessor = QLineEdit(str(st.value(PREF_ASSESSOR, "") or ""))
        self.assessor.setAccessibleName("Your name as assessor")
        self.assessor.setToolTip("Suggested as the assessor in new workspaces.")
        form.addRow("Your &name as assessor:", self.assessor)
        self.dates = QComboBox()
        self.dates.setAccessibleName("Date display")
        for key, sample in DATE_STYLES.items():
            self.dates.addItem(sample, key)
        self.dates.setCurrentIndex(max(0, self.dates.findData(date_style())))
        form.addRow("Show &dates as:", self.dates)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def accept(self) -> None:
        st = QSettings()
        st.setValue(PREF_ASSESSOR, " ".join(self.assessor.text().split()))
        st.setValue(PREF_DATE_STYLE, self.dates.currentData())
        super().accept()
