"""In the app: opening encrypted files, Encrypt…/Change/Remove, Verify, the activity log, read-only banner."""

from __future__ import annotations

import csv

from soc2wizard import services
from soc2wizard.gui import dialogs

PASS = "correct horse battery staple"


def _encrypted(tmp_path, name="enc.soc2"):
    path = tmp_path / name
    services.create_workspace(path, name="Cipher Co", passphrase=PASS).close()
    return path


def test_encrypted_file_asks_until_the_right_passphrase(window, tmp_path, answer):
    """Opening an encrypted file asks; a wrong answer asks again saying so; the right one opens it."""
    path = _encrypted(tmp_path)
    prompts = answer("wrong passphrase!", PASS)
    assert window.open_path(path)
    assert "is encrypted" in prompts[0] and "does not open" in prompts[1]
    assert services.get_answers(window.ctx.session).company.name == "Cipher Co"


def test_cancelled_passphrase_opens_nothing(window, tmp_path, answer):
    """Cancelling the passphrase dialog leaves the start page showing and no error."""
    path = _encrypted(tmp_path)
    answer(None)
    assert not window.open_path(path)
    assert window.ctx.session is None


def test_remember_choice_opens_next_time_without_asking(window, tmp_path, answer, keychain):
    """Ticking 'remember' keeps the passphrase, so the next open does not ask."""
    path = _encrypted(tmp_path)
    answer((PASS, True))
    assert window.open_path(path)
    window.ctx.close()
    answer()  # no replies: asking again would fail
    assert window.open_path(path)


def test_encrypt_change_remove_from_the_file_menu(window, qtbot, tmp_path, answer, monkeypatch, keychain):
    """Encrypt…, Change Passphrase… and Remove Encryption… rewrite the file and say what happened."""
    path = tmp_path / "plain.soc2"
    services.create_workspace(path, name="Menu Co").close()
    assert window.open_path(path)
    p = window.protection
    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: infos.append(text))
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    p.update_actions()
    assert p.encrypt_action.isEnabled() and not p.remove_action.isEnabled()
    answer((PASS, True))
    p.encrypt_action.trigger()  # runs off the UI thread, under a progress dialog
    qtbot.waitUntil(lambda: bool(infos), timeout=20_000)
    assert "now encrypted" in infos[-1]
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert p.change_action.isEnabled() and not p.encrypt_action.isEnabled()
    answer(("another good passphrase", False))
    p.change_action.trigger()
    qtbot.waitUntil(lambda: len(infos) == 2, timeout=20_000)
    assert "changed" in infos[-1]
    assert keychain.get(window.ctx.session.workspace_id) is None
    p.remove_action.trigger()
    qtbot.waitUntil(lambda: len(infos) == 3, timeout=20_000)
    assert "no longer encrypted" in infos[-1]
    assert path.read_bytes().startswith(b"SQLite format 3")


def test_verify_reports_ok(window, qtbot, tmp_path, monkeypatch):
    """Verify Workspace… says the file and its evidence check out."""
    path = tmp_path / "v.soc2"
    s = services.create_workspace(path, name="V")
    services.add_evidence_bytes(s, services.checklist(s)[0].control.id, name="a.txt", content=b"a")
    s.close()
    assert window.open_path(path)
    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: infos.append(text))
    window.protection.verify_action.trigger()
    qtbot.waitUntil(lambda: bool(infos), timeout=20_000)
    assert "integrity ok" in infos[0] and "1 evidence file" in infos[0]


def test_activity_log_filters_and_exports(window, tmp_path, qtbot, monkeypatch):
    """The log lists every change, filters by text and person, and exports what it shows."""
    path = tmp_path / "a.soc2"
    s = services.create_workspace(path, name="Log Co")
    cid = services.checklist(s)[0].control.id
    services.update_control(s, cid, owner="Ravi")
    services.update_settings(s, assessor_name="Mia")
    services.update_control(s, cid, notes="Ключ rotation")
    s.close()
    assert window.open_path(path)
    from soc2wizard.gui.activity import ActivityDialog

    dialog = ActivityDialog(window, window.ctx.session)
    qtbot.addWidget(dialog)
    total = dialog.model.rowCount()
    assert total == len(services.activity(window.ctx.session))
    dialog.text.setText("ключ")
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 5).data() == '{"notes": "Ключ rotation"}'
    dialog.text.clear()
    dialog.actor.setCurrentIndex(dialog.actor.findData("Mia"))
    assert dialog.model.rowCount() == 2
    out = tmp_path / "log.csv"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: out)
    monkeypatch.setattr(dialogs, "show_info", lambda *a: None)
    dialog.export_button.click()
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {"Mia"}


def test_second_window_opens_read_only_with_banner(window, tmp_path, monkeypatch):
    """A workspace open elsewhere opens read-only, with a warning and a banner naming why."""
    path = tmp_path / "busy.soc2"
    other = services.create_workspace(path, name="Busy")
    warnings = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": warnings.append(text))
    try:
        assert window.open_path(path)
        assert window.ctx.session.read_only
        assert "read-only" in warnings[0]
        banner = window.protection.banner
        assert not banner.isHidden() and "Read-only" in banner.text()
        assert not window.protection.encrypt_action.isEnabled()
    finally:
        window.ctx.close()
        other.close()
    assert window.protection.banner.isHidden()


def test_preferences_name_is_the_actor_in_the_log(window, tmp_path):
    """Edits made in the app are logged under the assessor name set in Preferences."""
    from PySide6.QtCore import QSettings

    from soc2wizard.gui.widgets import PREF_ASSESSOR

    QSettings().setValue(PREF_ASSESSOR, "Priya Consultant")
    path = tmp_path / "p.soc2"
    services.create_workspace(path, name="Pref Co").close()
    assert window.open_path(path)
    s = window.ctx.session
    services.update_profile(s, employees=12)
    assert services.activity(s, limit=1)[0].actor == "Priya Consultant"


def test_new_encrypted_workspace_from_the_file_menu(window, qtbot, tmp_path, answer, monkeypatch):
    """File > New Encrypted Workspace… creates an encrypted file and opens it on the profile step."""
    path = tmp_path / "new.soc2"
    monkeypatch.setattr(dialogs, "ask_company_name", lambda *a, **k: "Fresh Co")
    monkeypatch.setattr(dialogs, "ask_new_path", lambda *a, **k: path)
    prompts = answer((PASS, False))
    window.protection.new_encrypted_action.trigger()
    qtbot.waitUntil(lambda: window.ctx.session is not None, timeout=20_000)
    assert "keep it somewhere safe" in prompts[0]
    assert window.ctx.session is not None and services.is_encrypted(window.ctx.session)
    assert window.current_step() == "profile"
    assert not path.read_bytes().startswith(b"SQLite format 3")


def test_launching_on_an_encrypted_file_asks_then_shows_it_or_the_start_page(qtbot, tmp_path, answer):
    """`soc2wizard enc.soc2`: the passphrase is asked as the app starts; Cancel leaves the start page."""
    from soc2wizard.gui.window import MainWindow

    path = _encrypted(tmp_path)
    for reply, shown in ((PASS, "workspace"), (None, "start")):
        w = MainWindow()
        qtbot.addWidget(w)
        prompts = answer(reply)
        w.launch(path)
        qtbot.waitExposed(w)
        assert "is encrypted" in prompts[0]
        assert w.stack.currentWidget() is getattr(w, shown)
        if reply is not None:
            assert w.windowTitle().startswith("Cipher Co — enc.soc2")
        else:
            assert w.ctx.session is None and w.start.new_button.isVisible()
        w.ctx.close()
