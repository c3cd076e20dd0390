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

MARGIN = 0.55 * inch


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
    late = sum(1 for e in r.readable if e.deadline_status in ("at risk", "missed"))
    overdue = sum(e.overdue for e in r.readable)
    text += f" {late} deadline{'s' if late != 1 else ''} at risk or missed;"
    text += f" {overdue} control{'s' if overdue != 1 else ''} overdue."
    return text


def _deadline(e: PortfolioEntry) -> str:
    if e.deadline is None:
        return "none"
    return f"{fmt.day(e.deadline)} ({e.deadline_status})"


def _readiness(e: PortfolioEntry) -> str:
    text = fmt.percent(e.design_percent)
    if e.operating_percent is not None:
        text += f" / {fmt.percent(e.operating_percent)}"
    return text


def _next_due(e: PortfolioEntry) -> str:
    if not e.next_due:
        return "nothing dated"
    lines = [f"{fmt.day(d.due)} {d.control_id}{' (overdue)' if d.overdue else ''}" for d in e.next_due[:2]]
    return "; ".join(lines)


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
    cell = ParagraphStyle("pcell", s["cell"], fontSize=7.6, leading=9.4)
    cell_bold = ParagraphStyle("pcell_bold", s["cell_bold"], fontSize=7.6, leading=9.4)
    head = ParagraphStyle("phead", s["cell_head"], fontSize=7.6, leading=9.2)
    title = f"Client portfolio{' — ' + r.firm if r.firm else ''}"

    story: list[Any] = []
    if r.logo:
        img = _logo(r.logo)
        if img is not None:
            story += [img, Spacer(1, 6)]
    story.append(Paragraph(u(r.firm or "SOC 2 readiness"), ParagraphStyle("kicker", s["cover_kicker"], spaceAfter=2)))
    story.append(Paragraph(u("Client portfolio"), s["h1"]))
    sub = f"{fmt.day(r.today)}" + (f" · {r.folder}" if r.folder else "")
    story.append(Paragraph(u(sub), s["small"]))
    story.append(Paragraph(u(headline(r)), s["lead"]))

    header = [
        "Client",
        "Readiness (design / operating)",
        "Report",
        "Deadline",
        "Report by (latest)",
        "Next due",
        "Open",
        "Last change",
    ]
    widths = [2.1, 1.2, 1.25, 1.35, 1.05, 2.2, 0.55, 0.95]
    total = sum(widths)
    col = [width * w / total for w in widths]
    data: list[list[Any]] = [[Paragraph(u(h), head) for h in header]]
    late = ParagraphStyle("plate", cell, textColor=SEVERITY["warning"][0])
    for e in r.readable:
        row = [
            Paragraph(u(e.client) + f"<br/><font color='#667085' size='6.5'>{u(e.name)}</font>", cell_bold),
            Paragraph(u(_readiness(e)), cell),
            Paragraph(u(e.report_text), cell),
            Paragraph(u(_deadline(e)), late if e.deadline_status in ("at risk", "missed") else cell),
            Paragraph(u(fmt.day(e.report_date_latest) if e.report_date_latest else ""), cell),
            Paragraph(u(_next_due(e)), cell),
            Paragraph(u(str(e.open_controls)), ParagraphStyle("pr", cell, alignment=2)),
            Paragraph(u(_last_change(e)), cell),
        ]
        data.append(row)
    if len(data) > 1:
        t = Table(data, colWidths=col, repeatRows=1, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, LINE),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
                ]
            )
        )
        story.append(t)
    if r.unreadable:
        story.append(Paragraph(u("Files not read"), s["h3"]))
        rows = [[Paragraph(u(h), head) for h in ("File", "Status", "Why")]]
        for e in r.unreadable:
            rows.append(
                [Paragraph(u(e.name), cell_bold), Paragraph(u(STATUSES[e.status]), cell), Paragraph(u(e.reason), cell)]
            )
        t = Table(rows, colWidths=[width * 0.25, width * 0.12, width * 0.63], repeatRows=1, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), GREY),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, LINE),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        story.append(t)
    story.append(Spacer(1, 6))
    story.append(
        Paragraph(
            u(
                "Readiness: the share of applicable controls in place (design) and of recurring evidence "
                "recorded in the observation window (operating). Locked workspaces are encrypted and their "
                "passphrase is not kept on this machine; open one to see its figures."
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
