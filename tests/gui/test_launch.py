"""Start-up as ``soc2wizard [FILE]`` does it (``MainWindow.launch``): what the first screen is."""

from __future__ import annotations

from pathlib import Path

from soc2wizard import services
from soc2wizard.gui import dialogs


def _window(qtbot):  # noqa: ANN001, ANN202
    from soc2wizard.gui.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    return w


def test_launch_without_a_file_shows_the_start_page(qtbot):  # noqa: ANN001
    w = _window(qtbot)
    w.launch(None)
    qtbot.waitExposed(w)
    assert w.stack.currentWidget() is w.start
    assert w.start.new_button.isVisible()
    assert w.windowTitle() == "soc2wizard"
    assert not w.close_action.isEnabled()  # nothing open to close
    w.ctx.close()


def test_launch_with_a_file_opens_it_first_and_works_out_the_figures_after_the_paint(qtbot, tmp_path):  # noqa: ANN001
    path = tmp_path / "acme.soc2"
    with services.create_workspace(path, name="Acme Health") as s:
        services.update_profile(s, employees=40)
    w = _window(qtbot)
    w.launch(path)
    assert w.ctx.derived_held  # opened before the first show: nothing derived yet
    qtbot.waitExposed(w)
    assert w.stack.currentWidget() is w.workspace
    assert w._start is None  # the start page was never built
    assert w.windowTitle().startswith("Acme Health — acme.soc2")
    assert w.current_step() == "profile"
    assert w.page["profile"].name.text() == "Acme Health"
    # After the paint the figures come: each step shows its state under its title.
    qtbot.waitUntil(lambda: all("\n" in w.sidebar.item(i).text() for i in range(w.sidebar.count())), timeout=5000)
    assert not w.ctx.derived_held
    w.ctx.close()  # closing the workspace shows the start page, built now
    assert w.stack.currentWidget() is w.start


def test_launch_with_a_missing_file_shows_the_window_then_asks(qtbot, tmp_path, monkeypatch):  # noqa: ANN001
    typo = tmp_path / "acm.soc2"
    asked: list[bool] = []

    def confirm(parent, title, text, **k):  # noqa: ANN001, ANN003, ANN202
        asked.append(parent.isVisible())
        return False

    monkeypatch.setattr(dialogs, "confirm", confirm)
    w = _window(qtbot)
    w.launch(Path(typo))
    assert asked == [True]  # asked over the window, not before it
    assert not typo.exists() and w.ctx.session is None
    assert w.stack.currentWidget() is w.start


def test_evidence_copies_a_killed_app_left_are_removed_once_the_window_has_painted(qtbot, tmp_path):  # noqa: ANN001
    import subprocess
    import sys
    import tempfile

    from soc2wizard.gui.app import start_window
    from soc2wizard.services.evidence import EVIDENCE_COPIES_PREFIX

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = Path(tempfile.gettempdir()) / f"{EVIDENCE_COPIES_PREFIX}{int(dead.stdout)}-x1"
    left.mkdir()
    (left / "contract.pdf").write_bytes(b"%PDF decrypted copy")
    path = tmp_path / "acme.soc2"
    services.create_workspace(path, name="Acme").close()
    w = start_window(path)
    qtbot.addWidget(w)
    assert left.exists()  # not before the first paint: start-up shows the page first
    qtbot.waitUntil(lambda: not left.exists(), timeout=5000)
    w.ctx.close()
