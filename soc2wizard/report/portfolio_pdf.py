"""The portfolio as a PDF: every client of a folder on one landscape page (more if the list is long).

A summary a consultant can hand to a partner or keep for a weekly review:
the firm's name and logo, then one row per client — readiness, report type,
deadline, what is due next, open controls, last change — and the files that
could not be read, with the reason. Built from the portfolio entries given;
no I/O but the output file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from soc2wizard import __version__
from soc2wizard.domain import format as fmt
from soc2wizard.domain.portfolio import STATUSES, PortfolioEntry
from soc2wizard.report import atomic_output
from soc2wizard.report import fonts as F
from soc2wizard.report.pdf import GREY, LINE, NAVY, PAPERS, SEVERITY, TEAL, ZEBRA, _logo, _styles, u

MARGIN = 0.5 * inch


@dataclass(frozen=True)
class PortfolioReport:
    entries: tuple[PortfolioEntry, ...]
    folder: str
    firm: str
    logo: bytes | None
    today: dt.date
    paper: str = "a4"

    @property
    def readable(self) -> tuple[PortfolioEntry, ...]:
        return tuple(e for e in self.entries if e.status == "ok")

    @property
    def unreadable(self) -> tuple[PortfolioEntry, ...]:
        return tuple(e for e in self.entries if e.status != "ok")


def headline(r: PortfolioReport) -> str:
    """'12 workspaces: 10 clients read, 1 locked, 1 damaged. 2 deadlines at risk or missed; 5 controls overdue.'"""
    n = len(r.entries)
    if not n:
        return "No workspace files in this folder."
    counts: dict[str, int] = {}
    for e in r.entries:
        counts[e.status] = counts.get(e.status, 0) + 1
    parts = [f"{counts.get('ok', 0)} readable"] + [
        f"{counts[k]} {STATUSES[k].lower()}" for k in STATUSES if k != "ok" and counts.get(k)
    ]
    text = f"{n} workspace{'s' if n != 1 else ''}: {', '.join(parts)}."
    late = sum(1 for e in r.readable if e.deadline_status in ("at risk", "missed", "passed"))
    overdue = sum(e.overdue for e in r.readable)
    text += f" {late} deadline{'s' if late != 1 else ''} at risk or missed;"
    text += f" {overdue} control{'s' if overdue != 1 else ''} overdue."
    return text


def _deadline(e: PortfolioEntry) -> str:
    if e.deadline is None:
        return "none"
    return f"{fmt.day(e.deadline)}, {e.deadline_status}"


def _readiness(e: PortfolioEntry) -> str:
    text = fmt.percent(e.design_percent)
    if e.operating_percent is not None:
        text += f" / {fmt.percent(e.operating_percent)}"
    return text


def _next_due(e: PortfolioEntry) -> str:
    if not e.next_due:
        return "nothing dated"
    d = e.next_due[0]
    text = f"{fmt.day(d.due)} {d.control_id}{' (overdue)' if d.overdue else ''}"
    return text + (f" +{len(e.next_due) - 1}" if len(e.next_due) > 1 else "")


def _last_change(e: PortfolioEntry) -> str:
    try:
        return fmt.day(dt.datetime.fromisoformat(e.last_change).date()) if e.last_change else ""
    except ValueError:
        return e.last_change[:10]


def write_portfolio(r: PortfolioReport, path: Path) -> Path:
    """Render to ``path`` atomically."""
    with atomic_output(path, "PDF") as tmp:
        render(r, str(tmp))
    return path


def render(r: PortfolioReport, out: Any) -> None:
    F.register()
    page = landscape(PAPERS.get(r.paper, PAPERS["a4"]))
    width = page[0] - 2 * MARGIN
    s = _styles()
    # Compact rows (one line each where the text allows): about 35 clients fit on one page.
    cell = ParagraphStyle("pcell", s["cell"], fontSize=7, leading=8.4)
    cell_bold = ParagraphStyle("pcell_bold", s["cell_bold"], fontSize=7, leading=8.4)
    cell_right = ParagraphStyle("pcell_right", cell, alignment=2)
    cell_muted = ParagraphStyle("pcell_muted", cell, textColor=GREY)
    late = ParagraphStyle("plate", cell, textColor=SEVERITY["warning"][0])
    head = ParagraphStyle("phead", s["cell_head"], fontSize=7, leading=8.4)
    title = f"Client portfolio{' — ' + r.firm if r.firm else ''}"

    kicker = ParagraphStyle("kicker", s["cover_kicker"], fontSize=9.5, leading=12, spaceAfter=1)
    h1 = ParagraphStyle("ph1", s["h1"], fontSize=15, leading=18, spaceBefore=0, spaceAfter=2)
    titles = [
        Paragraph(u(r.firm or "SOC 2 readiness"), kicker),
        Paragraph(u("Client portfolio"), h1),
        Paragraph(u(f"{fmt.day(r.today)}" + (f" · {r.folder}" if r.folder else "")), s["small"]),
    ]
    img = _logo(r.logo) if r.logo else None
    story: list[Any] = []
    if img is not None:
        k = min(1.0, 0.55 * inch / img.drawHeight)
        img.drawWidth, img.drawHeight = img.drawWidth * k, img.drawHeight * k
        top = Table([[img, titles]], colWidths=[img.drawWidth + 10, width - img.drawWidth - 10], hAlign="LEFT")
        top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story.append(top)
    else:
        story += titles
    story.append(Spacer(1, 4))
    story.append(Paragraph(u(headline(r)), ParagraphStyle("plead", s["body"], fontSize=10, leading=13)))

    header = ["Client", "File", "Readiness", "Report", "Deadline", "Report by", "Next due", "Open", "Last change"]
    widths = [1.9, 1.35, 0.8, 1.05, 1.35, 0.8, 1.6, 0.45, 0.8]
    total = sum(widths)
    col = [width * w / total for w in widths]
    data: list[list[Any]] = [[Paragraph(u(h), head) for h in header]]
    spans: list[tuple] = []
    for e in r.readable:
        data.append(
            [
                Paragraph(u(e.client), cell_bold),
                Paragraph(u(e.name), cell_muted),
                Paragraph(u(_readiness(e)), cell),
                Paragraph(u(e.report_text), cell),
                Paragraph(u(_deadline(e)), late if e.deadline_status in ("at risk", "missed", "passed") else cell),
                Paragraph(u(fmt.day(e.report_date_latest) if e.report_date_latest else ""), cell),
                Paragraph(u(_next_due(e)), late if e.overdue else cell),
                Paragraph(u(str(e.open_controls)), cell_right),
                Paragraph(u(_last_change(e)), cell),
            ]
        )
    for e in r.unreadable:
        i = len(data)
        data.append(
            [
                Paragraph(u(STATUSES[e.status]), ParagraphStyle("pbad", cell_bold, textColor=GREY)),
                Paragraph(u(e.name), cell_muted),
                Paragraph(u(e.reason), cell_muted),
                *[""] * 6,
            ]
        )
        spans.append(("SPAN", (2, i), (-1, i)))
    if len(data) > 1:
        t = Table(data, colWidths=col, repeatRows=1, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, LINE),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
                    *spans,
                ]
            )
        )
        story.append(t)
    story.append(Spacer(1, 5))
    story.append(
        Paragraph(
            u(
                "Readiness: the share of applicable controls in place (design) / of recurring evidence "
                "recorded in the observation window (operating, Type II). Locked workspaces are encrypted and "
                "their passphrase is not kept on this machine; open one to see its figures."
            ),
            s["small"],
        )
    )

    def decorate(canv: Any, doc: Any) -> None:
        canv.saveState()
        canv.setFillColor(TEAL)
        canv.rect(0, page[1] - 0.12 * inch, page[0], 0.12 * inch, stroke=0, fill=1)
        canv.setFillColor(GREY)
        canv.setStrokeColor(LINE)
        canv.setLineWidth(0.5)
        y = MARGIN - 0.3 * inch
        canv.line(MARGIN, y + 10, page[0] - MARGIN, y + 10)
        footer = " · ".join(x for x in (r.firm, "Client portfolio", "Confidential") if x)
        F.draw_string(canv, MARGIN, y, F.fit(footer, F.REGULAR, 7, width - 80), F.REGULAR, 7)
        canv.setFont(F.REGULAR, 7)
        canv.drawRightString(page[0] - MARGIN, y, f"Page {canv.getPageNumber()}")
        canv.restoreState()

    doc = SimpleDocTemplate(
        out,
        pagesize=page,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=r.firm or "soc2wizard",
        subject="SOC 2 readiness of every client workspace in a folder",
        creator=f"soc2wizard {__version__}",
        lang="en",
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


__all__ = ["PortfolioReport", "headline", "render", "write_portfolio"]
