"""The PDF's fonts, from package resources, and per-character fallback for user text.

DejaVu Sans covers Latin, Greek, Cyrillic, Arabic and Hebrew; Droid Sans
Fallback covers Chinese and Japanese; Baekmuk Dotum covers Korean Hangul.
Text is escaped first, then runs of characters DejaVu lacks are wrapped in a
``<font>`` tag naming the first fallback that has them, so a mixed name such
as "株式会社テスト GmbH" renders in full. The fallbacks load only when needed.
Right-to-left runs (Hebrew, Arabic) are put in visual order on each line so
a name reads correctly; Arabic letters are drawn in their isolated forms
(no shaping), which is legible but not typographically joined.

A character that no shipped font has (an emoji, a rare script) is drawn as
U+FFFD, the replacement mark, so the reader sees that something was there
instead of an empty box and the text layer carries no NUL; the invisible
parts of emoji sequences (joiners, variation selectors, skin tones) are
dropped, so one emoji gives one mark. Results are cached: a report repeats
the same owners, statuses and dates hundreds of times.
"""

from __future__ import annotations

import functools
import io
import threading
import unicodedata
from xml.sax.saxutils import escape

from soc2wizard import assets

REGULAR = "S2W-Sans"
BOLD = "S2W-Sans-Bold"
FALLBACK = "S2W-Fallback"  # Chinese, Japanese
HANGUL = "S2W-Hangul"  # Korean
FALLBACKS = (FALLBACK, HANGUL)
MISSING = "\ufffd"  # drawn for a character no shipped font has

_FILES = {
    REGULAR: "fonts/DejaVuSans.ttf",
    BOLD: "fonts/DejaVuSans-Bold.ttf",
    FALLBACK: "fonts/DroidSansFallbackFull.ttf",
    HANGUL: "fonts/BaekmukDotum.ttf",
}

_lock = threading.Lock()
_main_chars: frozenset[int] | None = None
_fallback_chars: dict[str, frozenset[int]] = {}


def _register(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(name, io.BytesIO(assets.read_bytes(_FILES[name])))
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


def register() -> None:
    """Register the regular and bold fonts (once per process); the fallback loads on demand."""
    global _main_chars
    with _lock:
        if _main_chars is not None:
            return
        from reportlab.lib.fonts import addMapping

        chars = _register(REGULAR)
        _register(BOLD)
        for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
            addMapping(REGULAR, bold, italic, face)
        _main_chars = chars


def _fallback(name: str = FALLBACK) -> frozenset[int]:
    with _lock:
        if name not in _fallback_chars:
            _fallback_chars[name] = _register(name)
        return _fallback_chars[name]


def _font_for(ch: str) -> str:
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        order = (HANGUL, FALLBACK)  # Korean: the font drawn for it, not Droid's few syllables
    else:
        order = FALLBACKS
    for name in order:
        if code in _fallback(name):
            return name
    return REGULAR


def _needs_fallback(ch: str) -> bool:
    assert _main_chars is not None, "call fonts.register() first"
    code = ord(ch)
    return code not in _main_chars and code > 0x7F and not ch.isspace()


def _invisible(ch: str) -> bool:
    """Joiners, variation selectors, skin tones and tags: parts of an emoji sequence that draw nothing."""
    code = ord(ch)
    return (
        code == 0x200D
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0000 <= code <= 0xE007F
        or 0xE0100 <= code <= 0xE01EF
    )


@functools.lru_cache(maxsize=8192)
def _runs(text: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for ch in text:
        if _invisible(ch):
            continue
        if _needs_fallback(ch):
            font = _font_for(ch)
            if font == REGULAR:  # no shipped font has it
                ch = MISSING
        else:
            font = REGULAR
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return tuple(out)


def runs(text: str) -> list[tuple[str, str]]:
    """Split text into (font name, text) runs: the main font, or the fallback where needed.

    Characters no font has come back as ``MISSING`` (and emoji joiners not at all).
    """
    register()
    if not text:
        return []
    if text.isascii():
        return [(REGULAR, text)]
    return list(_runs(text))


def clean(text: str) -> str:
    """``text`` as it will be drawn: characters no font has replaced by ``MISSING``."""
    return text if not text or text.isascii() else "".join(chunk for _, chunk in runs(text))


def plain(text: str) -> bool:
    """True when ``text`` draws as it is in the main font: no fallback, no replaced or right-to-left character."""
    register()
    if text.isascii():
        return True
    runs_ = _runs(text)
    return (
        len(runs_) == 1 and runs_[0] == (REGULAR, text) and not any(unicodedata.bidirectional(c) in _RTL for c in text)
    )


_RTL = frozenset({"R", "AL"})
_WEAK = frozenset({"WS", "ON", "CS", "ES", "ET", "EN", "AN", "NSM", "BN", "S"})


def visual(text: str) -> str:
    """Reverse each right-to-left run (with the spaces and digits inside it) for left-to-right drawing."""
    if text.isascii() or not any(unicodedata.bidirectional(c) in _RTL for c in text):
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if unicodedata.bidirectional(text[i]) not in _RTL:
            out.append(text[i])
            i += 1
            continue
        j = i + 1
        last_strong = i
        while j < n:
            kind = unicodedata.bidirectional(text[j])
            if kind in _RTL:
                last_strong = j
            elif kind not in _WEAK:
                break
            j += 1
        run = text[i : last_strong + 1]
        # Numbers keep their own left-to-right order inside a right-to-left run.
        pieces, k = [], 0
        while k < len(run):
            if run[k].isdigit():
                m = k
                while m < len(run) and (run[m].isdigit() or run[m] in ".,"):
                    m += 1
                pieces.append(run[k:m])
                k = m
            else:
                pieces.append(run[k])
                k += 1
        out.append("".join(reversed(pieces)))
        i = last_strong + 1
    return "".join(out)


def markup(text: str, *, newlines: bool = True) -> str:
    """User text made safe for Paragraph markup, with the fallback font where needed."""
    if text is None:
        return ""
    return _markup(str(text), newlines)


@functools.lru_cache(maxsize=8192)
def _markup(text: str, newlines: bool) -> str:
    if text.isascii():
        out = escape(text)
    else:
        parts = []
        text = "\n".join(visual(line) for line in text.split("\n"))
        for font, chunk in runs(text):
            safe = escape(chunk)
            parts.append(safe if font == REGULAR else f'<font name="{font}">{safe}</font>')
        out = "".join(parts)
    return out.replace("\n", "<br/>") if newlines else out.replace("\n", " ")


def string_width(text: str, font: str, size: float) -> float:
    """Width of text drawn with ``draw_string`` (main font ``font``, fallback where needed)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(chunk, font if f == REGULAR else f, size) for f, chunk in runs(text))


def draw_string(canvas, x: float, y: float, text: str, font: str, size: float, *, align: str = "left") -> None:
    """Draw text on a canvas run by run, so that non-Latin names render."""
    text = visual(text)
    width = string_width(text, font, size)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for f, chunk in runs(text):
        face = font if f == REGULAR else f
        canvas.setFont(face, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, face, size)


def fit(text: str, font: str, size: float, width: float) -> str:
    """Text shortened with an ellipsis to fit ``width`` points."""
    if string_width(text, font, size) <= width:
        return text
    while text and string_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
