"""The readiness plan as a PDF: a thin platypus renderer over the report model.

Reads only the ``Report`` it is given (no services calls), so it can run off
the UI thread. US Letter, because SOC 2 is an American (AICPA) attestation
and most readers print on Letter. reportlab is imported here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Line, Rect, String
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
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import (
    BaseDocTemplate,
    NextPageTemplate,
    PageTemplate,
)
from reportlab.platypus.frames import Frame

from soc2wizard import __version__
from soc2wizard.report import ExportError, Progress, atomic_output, no_progress
from soc2wizard.report import fonts as F
from soc2wizard.report.model import ControlRow, Report

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
        canv.drawRightString(self.pagesize[0] - self.leftMargin, y, f"Page {page} of {total}")
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
        left = cover.firm_name or "Confidential"
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
        canv.drawRightString(
            self.pagesize[0] - self.leftMargin, top, f"SOC 2 readiness plan \u00b7 {self.report.cover.date_text}"
        )
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


# --- charts (reportlab.graphics) ----------------------------------------------------


def _month_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    d = dt.date(first.year, first.month, 1)
    out = []
    while d <= last:
        if d >= first:
            out.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def gantt(report: Report) -> Drawing:
    """Phases as bars on a calendar: solid to the earliest end, pale to the latest."""
    tl = report.timeline
    label_w, row_h, top_pad, axis_h, legend_h = 128, 24, 8, 30, 18
    phases = tl.phases
    height = top_pad + row_h * len(phases) + axis_h + legend_h
    d = Drawing(WIDTH, height)
    first = tl.start
    deadline = tl.deadline_date
    last = max([p.end_high for p in phases] + [tl.report_latest] + ([deadline] if deadline else []))
    last = last + dt.timedelta(days=10)
    span = max((last - first).days, 1)
    x0, x1 = label_w, WIDTH - 6

    def x(day: dt.date) -> float:
        return x0 + (x1 - x0) * (day - first).days / span

    chart_top = height - top_pad
    chart_bottom = chart_top - row_h * len(phases)
    ticks = _month_ticks(first, last)
    step = max(1, len(ticks) // 12 + (1 if len(ticks) > 12 else 0))
    labelled_year = None
    for i, t in enumerate(ticks):
        xx = x(t)
        d.add(Line(xx, chart_bottom, xx, chart_top, strokeColor=LINE, strokeWidth=0.4))
        if i % step == 0:
            # The year on the first label and whenever it changes.
            label = t.strftime("%b") if t.year == labelled_year else t.strftime("%b %Y")
            labelled_year = t.year
            d.add(String(xx + 2, chart_bottom - 11, label, fontName=F.REGULAR, fontSize=6.5, fillColor=GREY))
    for i, p in enumerate(phases):
        y = chart_top - row_h * (i + 1) + 6
        d.add(String(0, y + 3, p.title, fontName=F.REGULAR, fontSize=8, fillColor=INK))
        d.add(
            Rect(
                x(p.start), y, max(x(p.end_high) - x(p.start), 1.5), row_h - 12, fillColor=TEAL_LIGHT, strokeColor=None
            )
        )
        d.add(Rect(x(p.start), y, max(x(p.end_low) - x(p.start), 1.5), row_h - 12, fillColor=TEAL, strokeColor=None))
    if deadline and first <= deadline <= last:
        xx = x(deadline)
        d.add(
            Line(
                xx,
                chart_bottom - 2,
                xx,
                chart_top + 4,
                strokeColor=SEVERITY["error"][0],
                strokeWidth=1,
                strokeDashArray=[3, 2],
            )
        )
        label = f"Deadline {deadline.day} {deadline.strftime('%b %Y')}"
        w = F.string_width(label, F.BOLD, 7)
        d.add(
            String(
                min(xx + 3, WIDTH - w),
                chart_top - 1,
                label,
                fontName=F.BOLD,
                fontSize=7,
                fillColor=SEVERITY["error"][0],
            )
        )
    ly = 2
    d.add(Rect(x0, ly, 10, 7, fillColor=TEAL, strokeColor=None))
    d.add(String(x0 + 14, ly + 1, "Earliest dates", fontName=F.REGULAR, fontSize=7, fillColor=GREY))
    d.add(Rect(x0 + 90, ly, 10, 7, fillColor=TEAL_LIGHT, strokeColor=None))
    d.add(String(x0 + 104, ly + 1, "How late it can run", fontName=F.REGULAR, fontSize=7, fillColor=GREY))
    if deadline:
        d.add(
            Line(
                x0 + 200,
                ly + 3.5,
                x0 + 212,
                ly + 3.5,
                strokeColor=SEVERITY["error"][0],
                strokeWidth=1,
                strokeDashArray=[3, 2],
            )
        )
        d.add(String(x0 + 216, ly + 1, "Customer deadline", fontName=F.REGULAR, fontSize=7, fillColor=GREY))
    return d


def budget_chart(report: Report) -> Drawing:
    """Each cost as a bar: solid to the low figure, pale to the high one."""
    rows = report.budget.rows
    label_w, row_h, axis_h = 170, 20, 26
    height = row_h * len(rows) + axis_h
    d = Drawing(WIDTH, height)
    top_value = max([r.high for r in rows] + [1])
    scale_max = _nice(top_value)
    x0, x1 = label_w, WIDTH - 60
    base = axis_h

    def x(v: float) -> float:
        return x0 + (x1 - x0) * v / scale_max

    for i in range(5):
        v = scale_max * i / 4
        d.add(Line(x(v), base - 2, x(v), height, strokeColor=LINE, strokeWidth=0.4))
        d.add(
            String(
                x(v),
                base - 12,
                _money_short(v, report.budget.currency),
                fontName=F.REGULAR,
                fontSize=6.5,
                fillColor=GREY,
                textAnchor="middle",
            )
        )
    for i, r in enumerate(rows):
        y = height - row_h * (i + 1) + 5
        d.add(
            String(0, y + 3, F.fit(r.title, F.REGULAR, 8, label_w - 8), fontName=F.REGULAR, fontSize=8, fillColor=INK)
        )
        dark, pale = (TEAL, TEAL_LIGHT) if r.in_total else (GREY, LINE)
        d.add(Rect(x0, y, max(x(r.high) - x0, 1), row_h - 10, fillColor=pale, strokeColor=None))
        d.add(Rect(x0, y, max(x(r.low) - x0, 1), row_h - 10, fillColor=dark, strokeColor=None))
        d.add(String(x(r.high) + 4, y + 2, r.amount, fontName=F.REGULAR, fontSize=7.5, fillColor=INK))
    return d


def _nice(v: float) -> float:
    for e in range(10):
        for m in (1, 2, 2.5, 5):
            if m * 10**e >= v:
                return m * 10**e
    return v


def _money_short(v: float, currency: str = "USD") -> str:
    from soc2wizard.domain import format as fmt

    return fmt.money(v, currency) if v else f"{fmt.symbol(currency)}0"


def readiness_chart(bars: Sequence[Any], operating: bool) -> Drawing:
    """Design readiness per criterion (and operating readiness, thinner, for Type II)."""
    row_h = 15 if operating else 12.5
    label_w = 44
    height = row_h * len(bars) + 18
    d = Drawing(WIDTH, height)
    x0, x1 = label_w, WIDTH - 40

    def x(p: float) -> float:
        return x0 + (x1 - x0) * p / 100

    for p in (0, 25, 50, 75, 100):
        d.add(Line(x(p), 14, x(p), height, strokeColor=LINE, strokeWidth=0.4))
        d.add(String(x(p), 4, f"{p}%", fontName=F.REGULAR, fontSize=6.5, fillColor=GREY, textAnchor="middle"))
    for i, b in enumerate(bars):
        y = height - row_h * (i + 1)
        d.add(String(0, y + 2.5, b.criterion, fontName=F.REGULAR, fontSize=7.5, fillColor=INK))
        h = 7 if operating else 8
        d.add(Rect(x0, y + (4 if operating else 1.5), x1 - x0, h, fillColor=ZEBRA, strokeColor=None))
        d.add(Rect(x0, y + (4 if operating else 1.5), max(x(b.design) - x0, 0.01), h, fillColor=TEAL, strokeColor=None))
        if operating and b.operating is not None:
            d.add(Rect(x0, y + 1, max(x(b.operating) - x0, 0.01), 2.5, fillColor=NAVY, strokeColor=None))
        d.add(String(x1 + 4, y + 2.5, f"{b.design}%", fontName=F.REGULAR, fontSize=7, fillColor=INK))
    return d


# --- sections ------------------------------------------------------------------------


def _cover(st: Story, r: Report) -> None:
    c = r.cover
    st.add(Spacer(1, 1.1 * inch))
    if c.logo:
        img = _logo(c.logo)
        if img is not None:
            st.add(img, Spacer(1, 0.35 * inch))
    st.markup("SOC 2 READINESS PLAN", "cover_kicker")
    st.add(Paragraph(u(c.company), _cover_name_style(c.company, st.s["cover_company"])))
    st.markup(u(r.summary.recommendation), "cover_sub")
    rows = [[Paragraph(u(f.label), st.s["figure_label"]), Paragraph(u(f.value), st.s["lead"])] for f in c.lines]
    if rows:
        t = Table(rows, colWidths=[1.4 * inch, WIDTH - 1.4 * inch], hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, TEAL),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 0), (-1, 0), 10),
                ]
            )
        )
        st.add(t)
    st.add(Spacer(1, 0.5 * inch))
    wanted = ("Report expected", "Budget, first year", "Readiness today")
    figures = [f for f in r.summary.facts if f.label in wanted]
    if figures:
        cells = []
        for f in figures:
            value = f.value
            if f.label == "Readiness today":
                value = value.split(" of controls")[0] + " of controls in place"
            elif f.label == "Report expected":
                # Break only between the two dates, never inside one.
                value = value.replace(" \u2013 ", "\u2013").replace(" ", "\u00a0").replace("\u2013", " \u2013 ")
            cells.append([Paragraph(u(f.label), st.s["figure_label"]), Paragraph(u(value), st.s["figure_value"])])
        t = Table([cells], colWidths=[WIDTH / len(cells)] * len(cells), hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.8, LINE),
                    ("LINEBEFORE", (1, 0), (-1, -1), 0.8, LINE),
                    ("BACKGROUND", (0, 0), (-1, -1), ZEBRA),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 9),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
        st.add(t)
    st.add(Spacer(1, 0.35 * inch))
    st.para(
        "This plan was made with soc2wizard from the answers and checklist in the company's "
        "workspace. Its dates and costs are ranges built from published figures, listed with "
        "their sources in the Budget section.",
        "small",
    )


def _cover_name_style(name: str, style: ParagraphStyle) -> ParagraphStyle:
    """The cover's company style, smaller for a long name so it takes at most about three lines."""
    for size in (30, 24, 19, 15):
        if F.string_width(name, F.BOLD, size) <= 2.6 * WIDTH:
            break
    if size == style.fontSize:
        return style
    return ParagraphStyle(f"cover_company_{size}", style, fontSize=size, leading=size * 1.2)


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


def _summary(st: Story, r: Report) -> _Contents:
    """The contents (two columns, page numbers filled in at the end) and the executive summary, on page 2."""
    st.add(NextPageTemplate("body"), PageBreak())
    st.add(Paragraph("Contents", st.s["contents_head"]))
    contents = _Contents(len(r.sections))
    st.add(contents, Spacer(1, 6), HRule(WIDTH, LINE), Spacer(1, 14))
    st.heading(r.sections["summary"], keep=0)
    st.para(r.summary.recommendation, "lead")
    rows = [[st.cell(f.label, "cell_bold"), st.cell(f.value)] for f in r.summary.facts]
    t = Table(rows, colWidths=[1.7 * inch, WIDTH - 1.7 * inch], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("BACKGROUND", (0, 0), (0, -1), ZEBRA),
            ]
        )
    )
    st.add(t, Spacer(1, 10))
    if r.summary.next_steps:
        st.sub("What to do next")
        st.bullets(r.summary.next_steps)
    errors = [c for c in r.checks if c.severity == "error"]
    warnings = [c for c in r.checks if c.severity == "warning"]
    if errors or warnings:
        found = [
            f"{n} {word}{'s' if n != 1 else ''}"
            for n, word in ((len(errors), "error"), (len(warnings), "warning"))
            if n
        ]
        st.para(f"The plan checks found {' and '.join(found)} to fix: see Plan checks.", "small")
    return contents


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


def _scope(st: Story, r: Report) -> None:
    sc = r.scope
    st.heading(r.sections["scope"])
    st.para(
        "The auditor tests only what is in scope. Everything that stores or processes customer data "
        "belongs in it; anything else makes the audit larger without making customers safer."
    )
    st.table(
        ["System", "What it does", "Notes"],
        [[x.name, clip(x.description), x.detail] for x in sc.systems],
        [2.2, 3.3, 1.5],
        title="Systems and services in scope",
        empty="No systems are recorded yet. Add the services that store customer data.",
    )
    st.table(
        ["Left out", "Why"],
        [[x.name, clip(x.detail)] for x in sc.excluded],
        [2.2, 4.8],
        title="Left out of scope, and why",
        empty="Nothing is excluded.",
    )
    st.sub("Subservice organisations")
    st.para(
        "A subservice organisation runs part of your service for you, such as a cloud provider. "
        "With the carve-out method your report points to its own SOC 2 report; with the inclusive "
        "method the auditor tests its controls too.",
        "small",
    )
    st.table(
        ["Organisation", "What it provides", "Method and review"],
        [[x.name, clip(x.description), x.detail] for x in sc.subservice],
        [2.0, 3.2, 1.8],
        empty="No subservice organisations are recorded.",
    )
    st.table(
        ["Vendor", "What it provides", "Security review"],
        [[x.name, clip(x.description), x.detail] for x in sc.vendors],
        [2.0, 3.6, 1.4],
        title="Vendors",
        empty="No vendors are recorded.",
    )
    if sc.locations:
        st.table(
            ["Location", "Notes"], [[x.name, clip(x.description)] for x in sc.locations], [2.2, 4.8], title="Locations"
        )


def _criteria(st: Story, r: Report) -> None:
    st.heading(r.sections["criteria"])
    st.para(
        "A SOC 2 report covers Security and any of four more Trust Services Categories. Each extra "
        "category answers a question customers ask, and adds controls, time and audit fees."
    )
    rows = []
    for c in r.criteria:
        reasons = Paragraph("<br/>".join(u(x) for x in c.reasons), st.s["cell"])
        rows.append(
            [st.cell(c.title, "cell_bold"), st.cell(f"{c.included}\n{c.advice}"), reasons, st.cell(c.adds or "\u2014")]
        )
    st.table(["Category", "In the plan", "Why", "Adds"], rows, [1.25, 1.05, 3.3, 1.4])


def _report_type(st: Story, r: Report) -> None:
    rt = r.report_type
    st.heading(r.sections["report"])
    st.para(f"The plan uses a {rt.type_label} report" + (f" with a {rt.window}." if rt.window else "."), "lead")
    if rt.window:
        st.para(
            "A Type I report checks that your controls are designed well on one date. A Type II report "
            "checks that they worked throughout an observation window of several months, and is what "
            "most enterprise buyers ask for.",
            "small",
        )
    else:
        st.para(
            "A Type I report checks that your controls are designed well on one date: the quicker, "
            "cheaper first report. A Type II report, which tests them in operation over a period, usually follows.",
            "small",
        )
    st.para(rt.advice)
    st.bullets(rt.reasons)
    if rt.caveats:
        st.sub("Good to know")
        st.bullets(rt.caveats)


def _obligations(st: Story, r: Report) -> None:
    st.heading(r.sections["obligations"])
    if not r.obligations:
        st.para("Nothing in your answers brings another framework into play.")
        return
    st.para("SOC 2 is voluntary. These frameworks may apply to you as well; many controls in this plan serve them too.")
    st.table(
        ["Framework", "Status", "Why"],
        [[o.title, o.status, o.reason] for o in r.obligations],
        [1.3, 1.4, 4.3],
        bold=(0,),
    )


def _timeline(st: Story, r: Report) -> None:
    tl = r.timeline
    st.heading(r.sections["timeline"], keep=4.2)
    st.para(
        f"Starting on {tl.start.day} {tl.start.strftime('%b %Y')}, the {tl.report_type} report can be in your "
        f"hands: {tl.report_dates} ({tl.duration}).",
        "lead",
    )
    st.add(gantt(r), Spacer(1, 10))
    if tl.deadline:
        st.para(tl.deadline)
    if tl.options:
        st.sub("What would bring the report sooner")
        st.bullets(tl.options)
    st.table(
        ["Phase", "How long", "Dates", "Notes"],
        [[p.title, p.duration, p.dates, p.note] for p in tl.phases],
        [1.45, 0.95, 2.7, 1.9],
        bold=(0,),
    )


def _budget(st: Story, r: Report) -> None:
    bu = r.budget
    st.heading(r.sections["budget"], keep=4.0)
    st.para(f"The first year costs {bu.total}; {bu.renewal_title.lower()} about {bu.renewal}.", "lead")
    if bu.rate_note:
        st.para(
            f"Money is shown in {bu.currency} at {bu.rate_note}. The published figures behind it are in "
            f"US dollars: {bu.published_total} for the first year, {bu.published_renewal} for year two; "
            "the assumptions below keep their published dollar figures."
        )
    staff = [c for c in bu.rows if not c.in_total]
    if staff:
        st.para(
            f"On top of that, {_join_lower([c.title for c in staff])} comes to {staff[0].amount}"
            + (" and more" if len(staff) > 1 else "")
            + ": time, not cash, so it is shown beside the "
            "total rather than in it."
        )
    st.add(budget_chart(r), Spacer(1, 10))
    rows = []
    for c in bu.rows:
        title = c.title + (" (your figure)" if c.overridden else "")
        basis = c.basis + (
            ""
            if c.in_total
            else " Shown beside the total, not in it: this is time your people spend, not money you pay out."
        )
        rows.append([title, c.amount, basis])
    rows.append(
        [
            "Total, first year",
            bu.total,
            "Money paid out in the first year." if any(not c.in_total for c in bu.rows) else "",
        ]
    )
    rows.append([bu.renewal_title, bu.renewal, "Line by line below."])
    n = len(rows)
    st.table(
        ["Cost", "Estimate", "How it was worked out"],
        rows,
        [1.9, 1.0, 4.1],
        bold=(0,),
        right=(1,),
        styles=[("LINEABOVE", (0, n - 1), (-1, n - 1), 0.8, NAVY), ("BACKGROUND", (0, n - 1), (-1, n), ZEBRA)],
    )
    if bu.renewal_rows:
        st.sub(bu.renewal_title)
        year_two = [[c.title + (" (your figure)" if c.overridden else ""), c.amount, c.basis] for c in bu.renewal_rows]
        year_two.append([f"Total, {bu.renewal_title.lower()}", bu.renewal, ""])
        m = len(year_two)
        st.table(
            ["Cost", "Estimate", "How it was worked out"],
            year_two,
            [1.9, 1.0, 4.1],
            bold=(0,),
            right=(1,),
            styles=[("LINEABOVE", (0, m), (-1, m), 0.8, NAVY), ("BACKGROUND", (0, m), (-1, m), ZEBRA)],
        )
    if bu.assumptions:
        st.sub("Assumptions and their sources")
        st.para(
            "Every figure above comes from these assumptions. A consultant can replace any of them "
            "with a real quote in the workspace; those are marked as your own.",
            "small",
        )
        st.table(
            ["Assumption", "Figure", "Source"],
            [[a.title + (f" \u2014 {a.note}" if a.note else ""), a.value, a.source] for a in bu.assumptions],
            [3.0, 1.3, 2.7],
        )


def _join_lower(words: Sequence[str]) -> str:
    words = [w[0].lower() + w[1:] if w[:4] != "Your" else "your" + w[4:] for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _readiness(st: Story, r: Report) -> None:
    rd = r.readiness
    first = next((g for g in rd.groups if g.bars), None)
    # Start on a new page unless the heading, the text and the first chart fit together.
    need = (readiness_chart(first.bars, rd.operating_percent is not None).height + 130) if first else 200
    st.heading(r.sections["readiness"], keep=min(need / inch, 9.0))
    st.para(rd.text)
    operating = rd.operating_percent is not None
    if operating:
        st.para(
            "Each bar shows the share of a criterion's controls in place; the thin dark line below it "
            "shows the share of its recurring activity recorded so far.",
            "small",
        )
    for g in rd.groups:
        if not g.bars:
            continue
        st.add(KeepTogether([Paragraph(u(g.title), st.s["h3"]), readiness_chart(g.bars, operating), Spacer(1, 6)]))


def _checks(st: Story, r: Report) -> None:
    st.heading(r.sections["checks"])
    if not r.checks:
        st.para("The plan checks found nothing to fix.")
        return
    st.para("The common mistakes the app looks for, with what to do about each.")
    rows = []
    for c in r.checks:
        colour, icon = SEVERITY.get(c.severity, (GREY, "\u2022"))
        word = f'<font color="{colour.hexval()}"><b>{icon} {u(c.severity_word)}</b></font>'
        text = u(c.message) + (
            f'<br/><font color="{GREY.hexval()}">Concerns: {u(c.subjects)}</font>' if c.subjects else ""
        )
        rows.append([Paragraph(word, st.s["cell"]), Paragraph(text, st.s["cell"])])
    st.table(["Severity", "What to do"], rows, [1.0, 6.0])


def _control_cells(st: Story, c: ControlRow) -> list[Any]:
    due = c.due + (" (overdue)" if c.overdue else "")
    return [
        c.control_id,
        clip(c.title, 200),
        c.priority_label,
        c.status_label,
        clip(c.owner, 80) or "\u2014",
        due or "\u2014",
    ]


def _remediation(st: Story, r: Report) -> None:
    st.heading(r.sections["remediation"])
    if not r.remediation:
        st.para("Every control in the plan is implemented or marked not applicable.")
        return
    st.para(
        f"{len(r.remediation)} controls are still open: {r.timeline.open_hours:,} hours of open work for a company "
        "your size (the catalog's hours, half for work in progress). Work through them in this order: "
        "foundational controls first, because the others build on them."
    )
    st.table(
        ["Control", "Title", "Priority", "Status", "Owner", "Due"],
        [_control_cells(st, c) for c in r.remediation],
        [0.75, 2.55, 0.9, 0.85, 1.15, 0.9],
        bold=(0,),
    )


def _checklist(st: Story, r: Report) -> None:
    st.heading(r.sections["checklist"], new_page=True)
    st.para(
        f"All {r.control_count} controls of the plan, grouped by the criterion each one mainly serves. "
        "The spreadsheet export (CSV or XLSX) carries the same list with full notes."
    )
    for g in r.checklist:
        rows = []
        for c in g.rows:
            title = u(clip(c.title, 200))
            if len(c.criteria) > 1:
                title += f'<br/><font color="{GREY.hexval()}" size="7">Also: {u(", ".join(x for x in c.criteria if x != g.criterion))}</font>'
            note = c.notes or (f"Not applicable: {c.na_reason}" if c.na_reason else "")
            if note:
                title += f'<br/><font color="{GREY.hexval()}" size="7">{u(clip(note, 400))}</font>'
            rows.append(
                [
                    c.control_id,
                    _Cell(title, st.s["cell"]),
                    c.status_label,
                    clip(c.owner, 80) or "\u2014",
                    c.due or "\u2014",
                    str(c.evidence_count),
                ]
            )
        # One table per criterion: its heading stays with its first rows, and each is bookmarked.
        st.table(
            ["Control", "Title", "Status", "Owner", "Due", "Evidence"],
            rows,
            [0.7, 2.66, 0.88, 1.08, 0.86, 0.82],
            bold=(0,),
            right=(5,),
            title=f"{g.criterion} {g.title}".strip(),
            level=1,
        )


def _evidence(st: Story, r: Report) -> None:
    st.heading(r.sections["evidence"], new_page=True)
    if not r.evidence:
        st.para("No evidence is attached yet.")
        return
    files = sum(1 for e in r.evidence if e.kind == "File")
    st.para(
        f"{len(r.evidence)} items of evidence: {files} files kept in the workspace, each with its "
        f"SHA-256 fingerprint, and {len(r.evidence) - files} links. Anyone holding a copy of a file can "
        "check it is the one recorded here by comparing fingerprints."
    )
    rows = []
    for e in r.evidence:
        detail = e.kind + (f", {e.size}" if e.size else "") + (f"\n{e.occurred}" if e.occurred else "")
        rows.append([e.control_id, clip(e.name, 200), detail, _Cell(u(clip(e.fingerprint, 300)), st.s["hash"])])
    st.table(["Control", "Evidence", "Kind", "SHA-256 fingerprint or address"], rows, [0.66, 1.6, 1.04, 3.7], bold=(0,))


# --- through the year: the next cycle, progress since a snapshot -----------------------


def _year_two(st: Story, r: Report) -> None:
    """The cycle after this plan's report: windows, report dates, bridge letters and the yearly cost."""
    y = r.year_two
    if y is None:
        return
    st.heading(r.sections["year_two"], keep=3.2)
    st.para(y.lead, "lead")
    st.table(
        ["Report", "Period", "Report expected", "Cost", "Notes"],
        [[c.title, c.period, c.report, c.cost, c.note] for c in y.cycles],
        [1.45, 1.55, 1.35, 1.1, 1.85],
        bold=(0,),
    )
    if y.bridges:
        st.sub("Bridge letters")
        st.bullets(y.bridges)


def progress_chart(points: Sequence[Any]) -> Drawing:
    """Controls in place at each snapshot and now, as a line over time (operating readiness dashed)."""
    height, left, bottom, right, inset = 130, 34, 30, 16, 28
    d = Drawing(WIDTH, height)
    x0, x1, y0, y1 = left + inset, WIDTH - right - inset, bottom, height - 10
    first, last = points[0].date, points[-1].date
    span = max((last - first).days, 1)

    def x(i: int, p: Any) -> float:
        if len(points) == 1:
            return (x0 + x1) / 2
        return x0 + (x1 - x0) * ((p.date - first).days / span if last > first else i / (len(points) - 1))

    def y(v: float) -> float:
        return y0 + (y1 - y0) * v / 100

    for v in (0, 25, 50, 75, 100):
        d.add(Line(left, y(v), WIDTH - right, y(v), strokeColor=LINE, strokeWidth=0.4))
        d.add(String(left - 4, y(v) - 2.5, f"{v}%", fontName=F.REGULAR, fontSize=6.5, fillColor=GREY, textAnchor="end"))
    for series, colour, dash in (("design", TEAL, None), ("operating", NAVY, [3, 2])):
        pts = [(x(i, p), y(getattr(p, series))) for i, p in enumerate(points) if getattr(p, series) is not None]
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            d.add(Line(ax, ay, bx, by, strokeColor=colour, strokeWidth=1.6, strokeDashArray=dash))
        for px, py in pts:
            d.add(Rect(px - 2, py - 2, 4, 4, fillColor=colour, strokeColor=None))
    for i, p in enumerate(points):
        px = x(i, p)
        d.add(
            String(
                px, y(p.design) + 5, f"{p.design}%", fontName=F.REGULAR, fontSize=7, fillColor=INK, textAnchor="middle"
            )
        )
        label = F.fit(p.label, F.REGULAR, 7, 90)
        d.add(String(px, 14, label, fontName=F.REGULAR, fontSize=7, fillColor=INK, textAnchor="middle"))
        d.add(
            String(
                px,
                5,
                f"{p.date.day} {p.date.strftime('%b %Y')}",
                fontName=F.REGULAR,
                fontSize=6.5,
                fillColor=GREY,
                textAnchor="middle",
            )
        )
    return d


def _progress(st: Story, r: Report) -> None:
    """Progress since the last snapshot kept: controls changed, readiness and the estimate then and now."""
    pr = r.progress
    if pr is None:
        return
    st.heading(r.sections["progress"], keep=4.0)
    st.para(pr.lead, "lead")
    st.add(progress_chart(pr.history), Spacer(1, 4))
    st.para(
        "The solid line is the share of controls in place at each snapshot and now"
        + (
            "; the dashed line the share of recurring activity recorded."
            if any(p.operating is not None for p in pr.history)
            else "."
        ),
        "small",
    )
    st.table(
        ["", f"At \u201c{pr.since}\u201d ({pr.since_date.day} {pr.since_date.strftime('%b %Y')})", "Now"],
        [[f.label, f.then, f.now] for f in pr.figures],
        [1.9, 2.55, 2.55],
        bold=(0,),
        title="Then and now",
    )
    st.table(
        ["Control", "Title", "Then", "Now"],
        [[c.control_id, clip(c.title, 200), c.before, c.after] for c in pr.controls],
        [0.75, 2.35, 1.95, 1.95],
        bold=(0,),
        title="Controls changed",
        empty="No control has changed since the snapshot.",
    )
    if pr.criteria:
        st.table(
            ["Criterion", "Controls in place then", "Now"],
            [[c.label, c.then, c.now] for c in pr.criteria],
            [1.4, 2.8, 2.8],
            bold=(0,),
            title="Readiness by criterion, where it moved",
        )


# --- entry point ---------------------------------------------------------------------


def story(r: Report, styles: dict[str, ParagraphStyle]) -> tuple[list[Flowable], _Contents]:
    from soc2wizard.report import pdf_extras as extra  # the deliverables' pages (issue 14)

    st = Story(styles)
    _cover(st, r)
    contents = _summary(st, r)
    _scope(st, r)
    _criteria(st, r)
    _report_type(st, r)
    _obligations(st, r)
    _timeline(st, r)
    _budget(st, r)
    _year_two(st, r)
    _readiness(st, r)
    _progress(st, r)
    _checks(st, r)
    extra.risks(st, r)
    _remediation(st, r)
    extra.gap_narratives(st, r)
    _checklist(st, r)
    _evidence(st, r)
    extra.csocs(st, r)
    extra.cuecs(st, r)
    extra.crosswalk(st, r)
    return st.items, contents


def _encryption(password: str) -> Any:
    """AES-256 encryption for reportlab, with its revision-5 key fields written to the standard.

    reportlab pads UE and OE to 48 bytes and encrypts Perms in CBC mode; the
    standard (ISO 32000, Adobe extension level 3) wants 32-byte UE/OE without
    padding and Perms in ECB mode, and strict readers refuse anything else.
    """
    from hashlib import sha256

    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.lib.utils import asBytes

    try:
        import pyaes  # reportlab's AES needs it
    except ImportError:
        raise ExportError(
            "password protection needs the 'pyaes' package (AES-256); install it with "
            "'pip install pyaes' or export without a password"
        ) from None

    def cbc(key: bytes, data: bytes) -> bytes:
        mode = pyaes.AESModeOfOperationCBC(key, iv=bytes(16))
        return b"".join(mode.encrypt(data[i : i + 16]) for i in range(0, len(data), 16))

    class AES256(StandardEncryption):
        def prepare(self, document: Any, overrideID: Any = None) -> None:
            super().prepare(document, overrideID)
            if self.revision != 5:
                return
            uks, oks = self.U[40:48], self.O[40:48]
            self.UE = cbc(sha256(asBytes(self.userPassword[:127]) + uks).digest(), self.key)
            self.OE = cbc(sha256(asBytes(self.ownerPassword[:127]) + oks + self.U).digest(), self.key)
            p = self.P & 0xFFFFFFFF
            perms = p.to_bytes(4, "little") + b"\xff" * 4 + b"Tadb" + secrets.token_bytes(4)
            self.Perms = pyaes.AESModeOfOperationECB(self.key).encrypt(perms)

    return AES256(
        password,
        ownerPassword=secrets.token_urlsafe(24),
        canPrint=1,
        canModify=0,
        canCopy=1,
        canAnnotate=0,
        strength=256,
    )


def render(report: Report, out: Any, *, progress: Progress | None = None, password: str | None = None) -> None:
    """Lay the report out as a PDF into ``out`` (a path or a binary file object)."""
    progress = progress or no_progress
    progress(2, "Loading fonts")
    F.register()
    styles = _styles()
    items, contents = story(report, styles)
    kw: dict[str, Any] = {}
    if password:
        kw["encrypt"] = _encryption(password)
    doc = _Doc(
        out,
        report,
        progress,
        len(items),
        contents,
        title=report.title,
        author=report.author,
        subject=report.subject,
        creator=f"soc2wizard {__version__}",
        keywords="SOC 2, readiness, Trust Services Criteria",
        lang="en",
        **kw,
    )
    progress(8, "Laying out pages")
    # One layout pass: the canvas holds the pages and numbers them at the end.
    doc.build(items, canvasmaker=_HeldCanvas)
    progress(98, "Saving")


def write_pdf(
    report: Report, path: Path | str, *, progress: Progress | None = None, password: str | None = None
) -> Path:
    """Render to ``path`` atomically: a failure leaves no file, and the error names its cause."""
    path = Path(path)
    with atomic_output(path, "PDF") as tmp:
        render(report, str(tmp), progress=progress, password=password)
    (progress or no_progress)(100, "Done")
    return path
