"""Per-user preferences (QSettings, never in a workspace): firm defaults, theme.

Firm defaults (the consultant's firm, logo, assessor name and readiness
fee) are written into each NEW workspace once, as its own settings, which
the workspace can then change (File ▸ Workspace Settings, the Budget step).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from soc2wizard import services
from soc2wizard.domain.errors import Soc2Error
from soc2wizard.gui.widgets import PREF_ASSESSOR

PREF_FIRM = "preferences/firm_name"
PREF_LOGO = "preferences/firm_logo"  # a path to the image
PREF_FEE_LOW = "preferences/readiness_fee_low"
PREF_FEE_HIGH = "preferences/readiness_fee_high"
PREF_THEME = "preferences/theme"
THEMES = {"system": "As the system", "light": "Light", "dark": "Dark"}
FEE_KEY = "readiness.consultant"


def pref(key: str) -> str:
    return str(QSettings().value(key, "") or "")


def theme() -> str:
    value = pref(PREF_THEME)
    return value if value in THEMES else "system"


_system_palette = None


def apply_theme(app: QApplication | None = None) -> None:
    """Use the chosen theme: the system's palette, or the app's own light or dark one."""
    global _system_palette
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return
    from soc2wizard.gui.app import dark_palette

    if _system_palette is None:
        _system_palette = app.palette()
    chosen = theme()
    if chosen == "dark":
        app.setPalette(dark_palette())
    elif chosen == "light":
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(_system_palette)
    from soc2wizard.gui import widgets

    widgets._STATE_ICONS.clear()  # drawn for the palette
    widgets._CALENDAR_ICONS.clear()
    widgets._CLEAR_ICONS.clear()


def apply_firm_defaults(session: services.Session) -> list[str]:
    """Write the firm defaults into a new workspace; returns what could not be applied, in words."""
    problems: list[str] = []
    assessor, firm = pref(PREF_ASSESSOR), pref(PREF_FIRM)
    changes = {k: v for k, v in (("assessor_name", assessor), ("prepared_by", assessor), ("firm_name", firm)) if v}
    if changes:
        services.update_settings(session, **changes)
    logo = pref(PREF_LOGO)
    if logo:
        try:
            services.set_firm_logo(session, Path(logo).read_bytes())
        except OSError as exc:
            problems.append(f"the firm logo {logo} cannot be read ({exc.strerror or exc})")
        except Soc2Error as exc:
            problems.append(f"the firm logo {exc}")
    low, high = pref(PREF_FEE_LOW), pref(PREF_FEE_HIGH)
    if low and high:
        try:
            services.set_override(session, FEE_KEY, low=float(low), high=float(high), note="Firm default (Preferences)")
        except (ValueError, Soc2Error) as exc:
            problems.append(f"the readiness fee ({exc})")
    return problems
