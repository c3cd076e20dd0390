"""Creating workspaces (asked, validated, keeping what was typed), firm defaults, theme, the log."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from soc2wizard import services
from soc2wizard.gui import dialogs


def test_a_missing_path_on_the_command_line_is_asked_about(window, tmp_path, monkeypatch):
    """`soc2wizard northwnd.soc2` (a typo) asks first; Cancel creates nothing."""
    typo = tmp_path / "northwnd.soc2"
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, **k: asked.append(text) or False)
    assert not window.open_or_create(typo)
    assert asked and "northwnd.soc2" in asked[0]
    assert not typo.exists() and window.ctx.session is None


def test_a_missing_path_confirmed_creates_it_with_the_name_given(window, tmp_path, monkeypatch):
    """Confirmed, the name is asked (suggested from the file) and the workspace is made at that path."""
    target = tmp_path / "northwind.soc2"
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    suggested = []
    monkeypatch.setattr(dialogs, "ask_company_name", lambda parent, name="": suggested.append(name) or "Northwind")
    monkeypatch.setattr(dialogs, "ask_new_path", lambda parent, start="": Path(start))
    assert window.open_or_create(target)
    assert suggested == ["northwind"]
    assert target.exists() and services.get_answers(window.ctx.s).company.name == "Northwind"


def test_the_name_dialog_validates_inline(qtbot):
    """An empty or 300-character name disables OK and says why; a good one enables it."""
    d = dialogs.NameDialog(None)
    qtbot.addWidget(d)
    ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(d.name, "N" * 300)
    assert not ok.isEnabled() and "300" in d.problem.text()
    d.name.setText("  Northwind   Traders ")
    assert ok.isEnabled() and d.problem.text() == ""
    assert d.answer() == "Northwind Traders"


def test_a_refused_file_returns_to_the_name_as_typed(window, tmp_path, monkeypatch):
    """Cancelling the file dialog, or choosing an existing file, goes back to the name, kept."""
    existing = tmp_path / "taken.soc2"
    services.create_workspace(existing, name="Taken").close()
    long_name = "Very Long Company Name " * 8  # 183 characters: valid, but a long file name
    names = []
    paths = iter([None, existing, tmp_path / "new.soc2"])
    monkeypatch.setattr(dialogs, "ask_company_name", lambda parent, name="": names.append(name) or long_name.strip())
    monkeypatch.setattr(dialogs, "ask_new_path", lambda parent, start="": next(paths))
    monkeypatch.setattr(dialogs, "show_error", lambda *a: None)
    window.new_workspace()
    assert names == ["", long_name.strip(), long_name.strip()]
    assert services.get_answers(window.ctx.s).company.name == long_name.strip()


def test_firm_defaults_fill_new_workspaces_and_stay_overridable(window, tmp_path, monkeypatch):
    """Firm, logo, assessor and fee from Preferences land in a new workspace, which can change them."""
    from soc2wizard.gui.preferences import PREF_FEE_HIGH, PREF_FEE_LOW, PREF_FIRM, PREF_LOGO
    from soc2wizard.gui.widgets import PREF_ASSESSOR

    logo = tmp_path / "logo.png"
    from PySide6.QtGui import QImage

    img = QImage(8, 8, QImage.Format.Format_RGB32)
    img.fill(0x336699)
    img.save(str(logo))
    st = QSettings()
    st.setValue(PREF_ASSESSOR, "Dana Reyes")
    st.setValue(PREF_FIRM, "Reyes Advisory")
    st.setValue(PREF_LOGO, str(logo))
    st.setValue(PREF_FEE_LOW, "12000")
    st.setValue(PREF_FEE_HIGH, "18000")
    monkeypatch.setattr(dialogs, "ask_company_name", lambda *a, **k: "Client One")
    monkeypatch.setattr(dialogs, "ask_new_path", lambda *a, **k: tmp_path / "one.soc2")
    window.new_workspace()
    s = window.ctx.s
    settings = services.get_settings(s)
    assert (settings.firm_name, settings.assessor_name, settings.has_logo) == ("Reyes Advisory", "Dana Reyes", True)
    fee = services.list_overrides(s)["readiness.consultant"]
    assert (fee.low, fee.high) == (12000, 18000)
    services.update_settings(s, firm_name="Other Firm")  # this workspace's own choice
    assert services.get_settings(s).firm_name == "Other Firm"
    assert QSettings().value(PREF_FIRM) == "Reyes Advisory"


def test_theme_setting_switches_the_palette(qtbot):
    """Preferences' theme: dark gives a dark window colour, light a light one, system the original."""
    from soc2wizard.gui import preferences as prefs

    app = QApplication.instance()
    original = app.palette().color(QPalette.ColorRole.Window)
    try:
        QSettings().setValue(prefs.PREF_THEME, "dark")
        prefs.apply_theme()
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 100
        QSettings().setValue(prefs.PREF_THEME, "light")
        prefs.apply_theme()
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 150
    finally:
        QSettings().setValue(prefs.PREF_THEME, "system")
        prefs.apply_theme()
    assert app.palette().color(QPalette.ColorRole.Window) == original


def test_file_dialogs_start_in_documents_then_the_last_folder(tmp_path):
    """With nothing used yet dialogs start in Documents (or home); then where the last file was chosen."""
    first = dialogs.start_in("plan.pdf")
    assert Path(first).name == "plan.pdf" and Path(first).parent != Path("/")
    folder = tmp_path / "clients"
    folder.mkdir()
    dialogs.remember_folder(folder / "acme.soc2")
    assert dialogs.start_in("plan.pdf") == str(folder / "plan.pdf")


def test_an_uncaught_error_is_logged_and_shown_with_the_logs_path(tmp_path, monkeypatch):
    """sys.excepthook writes the traceback to the rotating log and shows a dialog naming that file."""
    from soc2wizard import logs
    from soc2wizard.gui.app import install_excepthook

    path = logs.setup(tmp_path / "logs")
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": shown.append((text, details)))
    old = sys.excepthook
    try:
        install_excepthook(None)
        try:
            raise ValueError("the estimate broke")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    assert shown and str(path) in shown[0][0] and "the estimate broke" in shown[0][0]
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "ValueError: the estimate broke" in text


def test_a_page_error_is_shown_in_the_message_bar_and_logged(demo_window, tmp_path, monkeypatch):
    """A step that cannot be shown says so above the page and in the log; nothing goes only to stderr."""
    from soc2wizard import logs

    path = logs.setup(tmp_path / "logs")
    w = demo_window
    page = w.page["timeline"]

    def broken() -> None:
        raise RuntimeError("timeline exploded")

    monkeypatch.setattr(page, "refresh", broken)
    w.go("timeline")
    page.refresh_now()
    assert w.message_bar.isVisible() and "timeline exploded" in w.message.text()
    assert "timeline exploded" in path.read_text(encoding="utf-8")
