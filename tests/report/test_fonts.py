"""Font fallback and characters no shipped font has."""

from __future__ import annotations

from soc2wizard.report import fonts as F


def test_plain_text_is_one_run_in_the_main_font():
    """ASCII and accented Latin stay in the main font, untouched."""
    assert F.runs("Acme GmbH") == [(F.REGULAR, "Acme GmbH")]
    assert F.runs("Ünïcödé") == [(F.REGULAR, "Ünïcödé")]
    assert F.plain("Ünïcödé") and not F.plain("株式会社") and not F.plain("שלום")


def test_cjk_goes_to_the_fallback_font():
    """Japanese uses the fallback font, Korean Hangul its own font."""
    assert F.runs("データ")[0][0] == F.FALLBACK
    assert F.runs("김철수")[0][0] == F.HANGUL


def test_a_character_no_font_has_becomes_the_replacement_mark():
    """An emoji no shipped font draws comes out as U+FFFD, never as an empty glyph or NUL."""
    assert F.clean("Launch 🧪 day") == "Launch \ufffd day"
    assert "\ufffd" in F.markup("Done ✅") and "\x00" not in F.markup("Done ✅")
    assert not F.plain("Done ✅")


def test_an_emoji_sequence_gives_one_mark():
    """Joiners, variation selectors and skin tones are dropped: one emoji, one replacement mark."""
    assert F.clean("A 👍🏽 B") == "A \ufffd B"
    assert F.clean("🏳️\u200d🌈").count("\ufffd") == 2  # two pictographs joined: flag and rainbow
    assert "\u200d" not in F.clean("🏳️\u200d🌈") and "\ufe0f" not in F.clean("🏳️\u200d🌈")
