"""The PDF's charts (reportlab.graphics): the timeline's Gantt chart, the budget's bars,
readiness by criterion and progress over the snapshots. Each draws what the model holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String

from soc2wizard.report import fonts as F
from soc2wizard.report.model import Report
from soc2wizard.report.pdf.layout import GREY, INK, LINE, NAVY, SEVERITY, TEAL, TEAL_LIGHT, WIDTH, ZEBRA


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
    words = report.text.charts
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
        label = report.text.charts.deadline
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
    d.add(String(x0 + 14, ly + 1, words.earliest, fontName=F.REGULAR, fontSize=7, fillColor=GREY))
    d.add(Rect(x0 + 90, ly, 10, 7, fillColor=TEAL_LIGHT, strokeColor=None))
    d.add(String(x0 + 104, ly + 1, words.latest, fontName=F.REGULAR, fontSize=7, fillColor=GREY))
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
        d.add(String(x0 + 216, ly + 1, words.deadline_legend, fontName=F.REGULAR, fontSize=7, fillColor=GREY))
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
