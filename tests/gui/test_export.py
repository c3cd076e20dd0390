"""Exports run off the UI thread with progress, and a failure is shown clearly."""

from __future__ import annotations

import pytest

from soc2wizard import services
from soc2wizard.gui import dialogs


@pytest.mark.parametrize("kind", ["pdf", "csv", "xlsx", "json"])
def test_export_from_the_menu_writes_the_file(demo_window, qtbot, tmp_path, monkeypatch, kind):
    """File > Export asks where, writes in the background, and reports it in the status bar."""
    out = tmp_path / f"plan.{kind}"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: out)
    demo_window.export_actions[kind].trigger()
    qtbot.waitUntil(lambda: getattr(demo_window, "last_export", None) == out, timeout=20_000)
    assert out.exists() and out.stat().st_size > 100


def test_export_failure_is_shown_and_nothing_is_left(demo_window, qtbot, tmp_path, monkeypatch):
    """A failing export shows an error naming the file."""
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, *a: shown.append(text))

    def broken(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise OSError("disk full")

    monkeypatch.setattr(services, "export_csv", broken, raising=False)
    demo_window.run_export("csv", tmp_path / "x.csv")
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "x.csv" in shown[0] and "disk full" in shown[0]
