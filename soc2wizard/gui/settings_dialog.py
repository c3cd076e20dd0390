"""Workspace settings (File ▸ Workspace Settings) and app preferences (Edit ▸ Preferences)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

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
from soc2wizard.gui.commit import Committer, committer_of
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
            wrap_label(
                "These appear on the exported plan. Each is saved in this workspace when you finish typing it.",
                muted=True,
            )
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
            Committer(edit, partial(self._typed, key, merge_ids[key]), stored=partial(self._stored, key))
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

    def _typed(self, key: str, merge_id: int, text: str, _final: bool, _target: object) -> bool:
        return self._edit(key, text, merge_id)

    def _stored(self, key: str, _target: object) -> str:
        return str(getattr(services.get_settings(self.ctx.s), key))

    def done(self, result: int) -> None:
        for edit in self.edits.values():  # what is still being typed is kept
            c = committer_of(edit)
            if c is not None:
                c.finish()
        super().done(result)

    def _edit(self, key: str, text: str, merge_id: int) -> bool:
        s = self.ctx.s
        before = getattr(services.get_settings(s), key)
        if text == before:
            self.boxes[key].clear_error()
            return True
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
            return False
        self.boxes[key].clear_error()
        return True

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
    """Per-user preferences kept in QSettings (not in any workspace): firm defaults, dates, theme."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from soc2wizard.gui import preferences as prefs

        super().__init__(parent)
        self.setWindowTitle("Preferences")
        lay = QVBoxLayout(self)
        lay.addWidget(
            wrap_label(
                "Firm defaults fill in each new workspace; a workspace can then change its own "
                "(File ▸ Workspace Settings, and the Budget step for the fee).",
                muted=True,
            )
        )
        form = QFormLayout()
        st = QSettings()
        self.assessor = QLineEdit(str(st.value(PREF_ASSESSOR, "") or ""))
        self.assessor.setAccessibleName("Your name as assessor")
        self.assessor.setToolTip("Suggested as the assessor in new workspaces.")
        form.addRow("Your &name as assessor:", self.assessor)
        self.firm = QLineEdit(prefs.pref(prefs.PREF_FIRM))
        self.firm.setAccessibleName("Firm name")
        form.addRow("&Firm name:", self.firm)
        logo_row = QHBoxLayout()
        self.logo = QLineEdit(prefs.pref(prefs.PREF_LOGO))
        self.logo.setAccessibleName("Firm logo file")
        self.logo.setPlaceholderText("No logo")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose the firm logo")
        choose.clicked.connect(self._choose_logo)
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(choose)
        form.addRow("Firm &logo:", logo_row)
        fee_row = QHBoxLayout()
        self.fee_low = QLineEdit(prefs.pref(prefs.PREF_FEE_LOW))
        self.fee_low.setAccessibleName("Your readiness fee, low")
        self.fee_high = QLineEdit(prefs.pref(prefs.PREF_FEE_HIGH))
        self.fee_high.setAccessibleName("Your readiness fee, high")
        for e in (self.fee_low, self.fee_high):
            e.setPlaceholderText("published figure")
            e.setMaximumWidth(140)
        fee_row.addWidget(self.fee_low)
        fee_row.addWidget(QLabel("to"))
        fee_row.addWidget(self.fee_high)
        fee_row.addWidget(QLabel("USD"))
        fee_row.addStretch(1)
        form.addRow("Your readiness &fee:", fee_row)
        self.problem = wrap_label()
        form.addRow("", self.problem)
        self.dates = QComboBox()
        self.dates.setAccessibleName("Date display")
        for key, sample in DATE_STYLES.items():
            self.dates.addItem(sample, key)
        self.dates.setCurrentIndex(max(0, self.dates.findData(date_style())))
        form.addRow("Show &dates as:", self.dates)
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for key, text in prefs.THEMES.items():
            self.theme.addItem(text, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(prefs.theme())))
        form.addRow("&Theme:", self.theme)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _choose_logo(self) -> None:
        path = dialogs.ask_image_path(self)
        if path is not None:
            self.logo.setText(str(path))

    def _fee(self) -> tuple[str, str] | None:
        """The fee range typed, as numbers' text ("" for none); None (and a message) when not numbers."""
        low, high = self.fee_low.text().replace(",", "").strip(), self.fee_high.text().replace(",", "").strip()
        if not low and not high:
            return "", ""
        try:
            lo, hi = float(low), float(high)
        except ValueError:
            self.problem.setText("⚠ Give the fee as two numbers (low and high), or leave both empty.")
            return None
        if lo < 0 or hi < lo:
            self.problem.setText("⚠ The fee's high figure must not be below the low one, and neither below zero.")
            return None
        return f"{lo:g}", f"{hi:g}"

    def accept(self) -> None:
        from soc2wizard.gui import preferences as prefs

        fee = self._fee()
        if fee is None:
            return
        logo = self.logo.text().strip()
        if logo and not Path(logo).is_file():
            self.problem.setText(f"⚠ The logo file {logo} does not exist.")
            return
        st = QSettings()
        st.setValue(PREF_ASSESSOR, " ".join(self.assessor.text().split()))
        st.setValue(prefs.PREF_FIRM, " ".join(self.firm.text().split()))
        st.setValue(prefs.PREF_LOGO, logo)
        st.setValue(prefs.PREF_FEE_LOW, fee[0])
        st.setValue(prefs.PREF_FEE_HIGH, fee[1])
        st.setValue(PREF_DATE_STYLE, self.dates.currentData())
        st.setValue(prefs.PREF_THEME, self.theme.currentData())
        prefs.apply_theme()
        super().accept()
