"""The app's protection features, offscreen, with the GUI tests' throwaway settings and no modal dialogs."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from tests.gui.conftest import _no_modal, _settings, window  # noqa: E402, F401


@pytest.fixture
def answer(monkeypatch):
    """Answer the passphrase dialog with the given replies, in order; records each prompt."""
    from soc2wizard.gui import protect

    prompts: list[str] = []

    def use(*replies):
        queue = list(replies)

        def ask(parent, prompt, confirm=False, **kw):
            prompts.append(prompt)
            reply = queue.pop(0)
            if isinstance(reply, tuple):
                p = protect.Passphrase(reply[0])
                p.remember = reply[1]
                return p
            return reply

        monkeypatch.setattr(protect, "ask_passphrase", ask)
        return prompts

    return use
