"""The PDF's layout primitives: page, colours, paragraph styles, the document with its
page decoration and contents, and ``Story``, which turns strings and rows into flowables.

Nothing here words anything: the text comes from the report model (``Report.text``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from soc2wizard.report import Progress
from soc2wizard.report import fonts as F
from soc2wizard.report.model import Report

# Binary (Flate-only) streams: a quarter smaller than ASCII85, and strict readers
# decrypt them cleanly where an encrypted ASCII85 stream trips them up.
rl_config.useA85 = 0

PAGE = LETTER
PAPERS = {"letter": LETTER, "a4": A4}  # 612 × 792 pt and 595 × 842 pt
MARGIN = 0.75 * inch
# The text block is as wide on both papers (A4's side margins are 0.63 in), so
# tables and charts lay out alike; A4's extra height gives more rows a page.
WIDTH = PAGE[0] - 2 * MARGIN  # 504 pt

NAVY = colors.HexColor("#1F3A5F")
TEAL = colors.HexColor("#2A7F8E")
TEAL_LIGHT = colors.HexColor("#A9D3DA")
INK = colors.HexColor("#1D2939")
GREY = colors.HexColor("#667085")
LINE = colors.HexColor("#D0D5DD")
ZEBRA = colors.HexColor("#F5F7FA")
SEVERITY = {
    "error": (colors.HexColor("#B42318"), "\u2716"),
    "warning": (colors.HexColor("#B54708"), "\u26a0"),
    "advice": (colors.HexColor("#175CD3"), "\u2139"),
}

MAX_CELL = 700  # characters of free text in one table cell; the CSV/XLSX carry it all


# --- styles --------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=F.REGULAR, fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=6)
    s = {
        "body": base,
        "lead": ParagraphStyle("lead", base, fontSize=11, leading=15.5, spaceAfter=8),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=GREY),
        "bullet": ParagraphStyle("bullet", base, leftIndent=14, bulletIndent=2, spaceAfter=3),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=F.BOLD,
            fontSize=17,
            leading=21,
            textColor=NAVY,
            spaceBefore=4,
            spaceAfter=10,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=F.BOLD,
            fontSize=12,
            leading=15,
            textColor=NAVY,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            base,
            fontName=F.BOLD,
            fontSize=10,
            leading=13,
            textColor=INK,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10.2, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=F.BOLD, fontSize=8, leading=10.2, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "cell_head", base, fontName=F.BOLD, fontSize=8, leading=10, textColor=colors.white, spaceAfter=0
        ),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=8, leading=10.2, spaceAfter=0, alignment=TA_RIGHT),
        "hash": ParagraphStyle("hash", base, fontSize=6.2, leading=8.5, spaceAfter=0, textColor=INK),
        "cover_kicker": ParagraphStyle(
            "cover_kicker", base, fontName=F.BOLD, fontSize=11, leading=14, textColor=TEAL, spaceAfter=6
        ),
        "cover_company": ParagraphStyle(
            "cover_company", base, fontName=F.BOLD, fontSize=30, leading=36, textColor=NAVY, spaceAfter=10
        ),
        "cover_sub": ParagraphStyle("cover_sub", base, fontSize=12, leading=17, textColor=INK, spaceAfter=18),
        "figure_label": ParagraphStyle("figure_label", base, fontSize=8, leading=10, textColor=GREY, spaceAfter=2),
        "figure_value": ParagraphStyle(
            "figure_value", base, fontName=F.BOLD, fontSize=13, leading=16, textColor=NAVY, spaceAfter=0
        ),
        "contents_head": ParagraphStyle(
            "contents_head", base, fontName=F.BOLD, fontSize=12, leading=15, textColor=NAVY, spaceAfter=6
        ),
    }
    s["left"] = ParagraphStyle("left", base, alignment=TA_LEFT)
    return s


def u(text: Any) -> str:
    """User (or any data) text, escaped and with font fallback: safe inside Paragraph markup."""
    return F.markup("" if text is None else str(text))


def clip(text: str, limit: int = MAX_CELL) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- the document ----------------------------------------------------------------


class _HeldCanvas(Canvas):
    """Holds every page until the end, so each footer can say "Page X of Y" after one layout pass.

    The standard NumberedCanvas pattern: ``showPage`` keeps the page's state,
    ``save`` replays the pages, letting the document draw what needs the page
    count (footers, the contents' page numbers), then writes them. Bookmarks
    are replayed with their page, because a PDF page object is numbered only
    when it is written.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self._marks: list[tuple[str, dict[str, Any]]] = []
        self.finish_page: Any = None  # set by the document: draws what needs the page count

    def bookmarkPage(self, key: str, **kw: Any) -> None:
        self._marks.append((key, kw))

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._marks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        finish = self.finish_page
        for state in self._held:
            self.__dict__.update(state)
            for key, kw in self._marks:
                Canvas.bookmarkPage(self, key, **kw)
            if finish is not None:
                finish(self, total)
            Canvas.showPage(self)
        self._held = []
        Canvas.save(self)


class _Contents(Flowable):
    """Room for the list of sections; the document fills it in once the page numbers are known."""

    COLUMNS = 2
    LEADING = 15.5

    def __init__(self, count: int) -> None:
        super().__init__()
        self.rows = -(-count // self.COLUMNS)
        self.at: tuple[int, int, float, float, float] | None = None  # page, code index, x, top, width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.rows * self.LEADING + 4

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        # Where the page's drawing stands now: the list goes in there, so it reads in order.
        self.at = (canvas.getPageNumber(), len(canvas._code), x, y + self.rows * self.LEADING + 4, self.width)

    def draw(self) -> None:
        pass


class _Doc(BaseDocTemplate):
    def __init__(
        self, target: Any, report: Report, progress: Progress, count: int, contents: _Contents | None = None, **kw: Any
    ) -> None:
        page = PAPERS.get(report.paper, LETTER)
        side = (page[0] - WIDTH) / 2
        super().__init__(
            target,
            pagesize=page,
            leftMargin=side,
            rightMargin=side,
            topMargin=MARGIN + 0.15 * inch,
            bottomMargin=MARGIN,
            **kw,
        )
        self.report = report
        self.contents = contents
        self.sections: list[tuple[str, str, int]] = []  # title, bookmark key, page
        self._progress = progress
        self._count = max(count, 1)
        self._done = 0
        self._reported = 0
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._cover_page),
                PageTemplate("body", [frame], onPage=self._body_page),
            ]
        )

    def _makeCanvas(self, filename: Any = None, canvasmaker: Any = Canvas) -> Any:
        canv = super()._makeCanvas(filename=filename, canvasmaker=canvasmaker)
        if isinstance(canv, _HeldCanvas):
            canv.finish_page = self.finish_page
        return canv

    # page decoration ------------------------------------------------------------

    def finish_page(self, canv: Any, total: int) -> None:
        """Called for each page at save time, when the page count is known."""
        page = canv.getPageNumber()
        canv.saveState()
        canv.setFillColor(GREY)
        y = MARGIN - 0.42 * inch
        canv.setStrokeColor(LINE)
        canv.setLineWidth(0.5)
        canv.line(self.leftMargin, y + 11, self.pagesize[0] - self.leftMargin, y + 11)
        F.draw_string(canv, self.leftMargin, y, F.fit(self.report.footer, F.REGULAR, 7.5, WIDTH - 90), F.REGULAR, 7.5)
        canv.setFont(F.REGULAR, 7.5)
        canv.drawRightString(
            self.pagesize[0] - self.leftMargin, y, self.report.text.page.page_of.format(page=page, total=total)
        )
        canv.restoreState()
        at = self.contents.at if self.contents else None
        if at and at[0] == page:
            code = canv._code
            mark = len(code)
            self._draw_contents(canv, *at[2:])
            drawn = code[mark:]
            del code[mark:]
            code[at[1] : at[1]] = drawn  # where the placeholder stood, so the page reads in order

    def _draw_contents(self, canv: Any, x: float, top: float, width: float) -> None:
        """Each section with dot leaders and its page number, in columns, each entry a link."""
        c = self.contents
        assert c is not None
        gap = 24
        col_w = (width - gap * (c.COLUMNS - 1)) / c.COLUMNS
        size, dot_w = 9.5, stringWidth(" .", F.REGULAR, 9.5)
        canv.saveState()
        for i, (title, key, page) in enumerate(self.sections):
            col, row = divmod(i, c.rows)
            left = x + col * (col_w + gap)
            right = left + col_w
            base = top - (row + 1) * c.LEADING + 4
            number = str(page)
            num_w = stringWidth(number, F.BOLD, size)
            label = F.fit(title, F.REGULAR, size, col_w - num_w - 24)
            label_w = F.string_width(label, F.REGULAR, size)
            canv.setFillColor(INK)
            F.draw_string(canv, left, base, label, F.REGULAR, size)
            dots = int((col_w - label_w - num_w - 12) / dot_w)
            if dots > 0:  # drawn before the number, so the text reads "Scope . . . 3"
                canv.setFillColor(LINE)
                canv.setFont(F.REGULAR, size)
                canv.drawRightString(right - num_w - 6, base, " ." * dots)
            canv.setFillColor(NAVY)
            canv.setFont(F.BOLD, size)
            canv.drawRightString(right, base, number)
            canv.linkRect("", key, (left, base - 3, right, base + size), relative=0, thickness=0)
        canv.restoreState()

    def _cover_page(self, canv: Any, doc: Any) -> None:
        canv.saveState()
        canv.setFillColor(NAVY)
        canv.rect(0, self.pagesize[1] - 0.55 * inch, self.pagesize[0], 0.55 * inch, stroke=0, fill=1)
        canv.setFillColor(TEAL)
        canv.rect(0, self.pagesize[1] - 0.62 * inch, self.pagesize[0], 0.07 * inch, stroke=0, fill=1)
        canv.rect(0, 0, 0.18 * inch, self.pagesize[1] - 0.62 * inch, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        cover = self.report.cover
        left = self.report.text.page.cover_band
        F.draw_string(
            canv, self.leftMargin, self.pagesize[1] - 0.36 * inch, F.fit(left, F.BOLD, 10, WIDTH * 0.6), F.BOLD, 10
        )
        F.draw_string(
            canv,
            self.pagesize[0] - self.leftMargin,
            self.pagesize[1] - 0.36 * inch,
            cover.date_text,
            F.REGULAR,
            10,
            align="right",
        )
        canv.restoreState()

    def _body_page(self, canv: Any, doc: Any) -> None:
        canv.saveState()
        top = self.pagesize[1] - MARGIN + 0.12 * inch
        canv.setFillColor(GREY)
        F.draw_string(canv, self.leftMargin, top, F.fit(self.report.cover.company, F.BOLD, 8, WIDTH * 0.6), F.BOLD, 8)
        canv.setFont(F.REGULAR, 8)
        canv.drawRightString(self.pagesize[0] - self.leftMargin, top, self.report.text.page.running_head)
        canv.setStrokeColor(LINE)
        canv.setLineWidth(0.5)
        canv.line(self.leftMargin, top - 5, self.pagesize[0] - self.leftMargin, top - 5)
        canv.restoreState()

    # outline, contents and progress ---------------------------------------------------

    def afterFlowable(self, flowable: Flowable) -> None:
        self._done += 1
        if self._done % 25 == 0:
            percent = min(10 + 80 * self._done // self._count, 90)
            if percent > self._reported:
                self._reported = percent
                self._progress(percent, "Laying out pages")
        key = getattr(flowable, "_bookmark", None)
        if key is None:
            return
        level, title = flowable._outline  # type: ignore[attr-defined]
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        if level == 0:
            self.sections.append((title, key, self.page))


# --- building blocks ---------------------------------------------------------------


class _Cell(Paragraph):
    """A Paragraph that remembers its last layout: a table measures each cell, then draws it."""

    _laid_out: tuple[float, float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        done = self._laid_out
        if done is not None and done[0] == availWidth:
            self.width, self.height = done[1], done[2]
            return self.width, self.height
        w, h = super().wrap(availWidth, availHeight)
        self._laid_out = (availWidth, w, h)
        return w, h


class _RoomFor(CondPageBreak):
    """Starts a new page unless the heading and the first rows of its table fit on this one.

    The heading then flows straight into its table, which splits over pages as
    it needs: no big white gap when a long table follows a heading near the
    bottom of a page, and no heading left alone at the foot of one.
    """

    def __init__(self, heading: Flowable, start: Flowable) -> None:
        super().__init__(0)
        self._parts = (heading, start)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        heading, start = self._parts
        self.height = (
            heading.wrap(availWidth, availHeight)[1]
            + heading.getSpaceBefore()
            + heading.getSpaceAfter()
            + start.wrap(availWidth, availHeight)[1]
        )
        return super().wrap(availWidth, availHeight)


CELL_FONT, CELL_SIZE, CELL_LEADING = F.REGULAR, 8, 10.2
PAD_X = 4


class Story:
    def __init__(self, styles: dict[str, ParagraphStyle]) -> None:
        self.s = styles
        self.items: list[Flowable] = []
        self._n = 0
        self._head_free = {name: ParagraphStyle(f"{name}_free", styles[name], keepWithNext=0) for name in ("h2", "h3")}

    def add(self, *flowables: Flowable) -> None:
        self.items.extend(flowables)

    def _marked(self, title: str, level: int, style: ParagraphStyle) -> Paragraph:
        self._n += 1
        p = Paragraph(u(title), style)
        p._bookmark = f"s{self._n}"  # type: ignore[attr-defined]
        p._outline = (level, title)  # type: ignore[attr-defined]
        return p

    def heading(self, title: str, level: int = 0, *, new_page: bool = False, keep: float = 2.6) -> None:
        p = self._marked(title, level, self.s["h1" if level == 0 else "h2"])
        if new_page:
            self.add(PageBreak())
        else:
            self.add(CondPageBreak(keep * inch))
        self.add(p)

    def sub(self, text: str) -> None:
        self.add(Paragraph(u(text), self.s["h3"]))

    def para(self, text: str, style: str = "body") -> None:
        if text:
            self.add(Paragraph(u(text), self.s[style]))

    def markup(self, markup: str, style: str = "body") -> None:
        self.add(Paragraph(markup, self.s[style]))

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.add(Paragraph(u(item), self.s["bullet"], bulletText="\u2022"))

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        *,
        styles: Sequence[tuple] = (),
        zebra: bool = True,
        bold: Sequence[int] = (),
        right: Sequence[int] = (),
        title: str | None = None,
        level: int | None = None,
        empty: str | None = None,
    ) -> None:
        """A table that wraps text in its cells and repeats its header on each page.

        Text that fits its column on one line in the main font is a plain cell
        string (drawn in the table's cell font; ``bold`` and ``right`` name
        columns drawn bold or right-aligned); anything longer, or in another
        script, is a wrapping Paragraph. With ``title``, a heading goes before
        the table and stays with its first rows (``level`` bookmarks it).
        With no rows and an ``empty`` sentence, the title and that sentence
        stand in for the table.
        """
        if not rows and empty is not None:
            if title:
                self.sub(title)
            self.empty(empty)
            return
        total = sum(widths)
        col = [WIDTH * w / total for w in widths]
        head = [self._text_cell(h, col[i], F.BOLD, "cell_head") for i, h in enumerate(header)]
        data = [head]
        for row in rows:
            data.append(
                [
                    c
                    if isinstance(c, Flowable)
                    else self._text_cell(
                        c,
                        col[i],
                        F.BOLD if i in bold else CELL_FONT,
                        "cell_right" if i in right else "cell_bold" if i in bold else "cell",
                    )
                    for i, c in enumerate(row)
                ]
            )
        cmds: list[tuple] = [
            ("FONT", (0, 0), (-1, -1), CELL_FONT, CELL_SIZE, CELL_LEADING),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("FONT", (0, 0), (-1, 0), F.BOLD, CELL_SIZE, CELL_LEADING),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, LINE),
        ]
        cmds += [("FONT", (i, 1), (i, -1), F.BOLD, CELL_SIZE, CELL_LEADING) for i in bold]
        cmds += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i in right]
        if zebra:
            cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]))
        style = TableStyle(cmds + list(styles))
        t = Table(data, colWidths=col, repeatRows=1, hAlign="LEFT")
        t.setStyle(style)
        if title is not None:
            if level is None:
                heading = Paragraph(u(title), self._head_free["h3"])
            else:
                heading = self._marked(title, level, self._head_free["h2"])
            start = Table(data[:3], colWidths=col, hAlign="LEFT")
            start.setStyle(style)
            self.add(_RoomFor(heading, start), heading)
        self.add(t, Spacer(1, 8))

    def _text_cell(self, text: Any, width: float, font: str, style: str) -> Any:
        """A plain string when it fits the column on one line in the main font, else a Paragraph."""
        text = "" if text is None else str(text)
        if "\n" not in text and F.plain(text) and stringWidth(text, font, CELL_SIZE) <= width - 2 * PAD_X - 0.5:
            return text
        return _Cell(u(text), self.s[style])

    def cell(self, text: Any, style: str = "cell") -> Paragraph:
        return _Cell(u(text), self.s[style])

    def empty(self, text: str) -> None:
        self.add(Paragraph(u(text), self.s["small"]))


# --- pictures and rules ------------------------------------------------------------


def _logo(data: bytes) -> Image | None:
    try:
        from reportlab.lib.utils import ImageReader

        w, h = ImageReader(io.BytesIO(data)).getSize()
    except Exception:  # noqa: BLE001 - an unreadable logo is left out rather than failing the export
        return None
    max_w, max_h = 2.4 * inch, 0.9 * inch
    k = min(max_w / w, max_h / h)
    img = Image(io.BytesIO(data), width=w * k, height=h * k)
    img.hAlign = "LEFT"
    return img


class HRule(Flowable):
    """A thin horizontal line across the text width."""

    def __init__(self, width: float, colour: Any, thickness: float = 0.6) -> None:
        super().__init__()
        self.width, self.colour, self.thickness = width, colour, thickness

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.thickness

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 0, self.width, 0)
