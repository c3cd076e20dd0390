"""The plan's sections as flowables, in reading order. Each lays out what the report model
holds, with the sentences of ``Report.text``; none writes words of its own.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from soc2wizard.report import fonts as F
from soc2wizard.report.model import ControlRow, Report
from soc2wizard.report.pdf import charts
from soc2wizard.report.pdf.layout import (
    GREY,
    LINE,
    NAVY,
    SEVERITY,
    TEAL,
    WIDTH,
    ZEBRA,
    HRule,
    Story,
    _Cell,
    _Contents,
    _logo,
    clip,
    u,
)
from soc2wizard.report.text import NOT_RECORDED


def _pdf() -> Any:
    """The package, whose chart names a test may replace (``pdf.gantt``, ``pdf.budget_chart``)."""
    from soc2wizard.report import pdf

    return pdf


def cover(st: Story, r: Report) -> None:
    c = r.cover
    text = r.text.cover
    st.add(Spacer(1, 1.1 * inch))
    if c.logo:
        img = _logo(c.logo)
        if img is not None:
            st.add(img, Spacer(1, 0.35 * inch))
    st.markup(text.kicker, "cover_kicker")
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
    if text.figures:
        cells = [
            [Paragraph(u(f.label), st.s["figure_label"]), Paragraph(u(f.value), st.s["figure_value"])]
            for f in text.figures
        ]
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
    st.para(text.note, "small")


def _cover_name_style(name: str, style: ParagraphStyle) -> ParagraphStyle:
    """The cover's company style, smaller for a long name so it takes at most about three lines."""
    for size in (30, 24, 19, 15):
        if F.string_width(name, F.BOLD, size) <= 2.6 * WIDTH:
            break
    if size == style.fontSize:
        return style
    return ParagraphStyle(f"cover_company_{size}", style, fontSize=size, leading=size * 1.2)


def summary(st: Story, r: Report) -> _Contents:
    """The contents (two columns, page numbers filled in at the end) and the executive summary, on page 2."""
    text = r.text.summary
    st.add(NextPageTemplate("body"), PageBreak())
    st.add(Paragraph(text.contents, st.s["contents_head"]))
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
        st.sub(text.next_steps_title)
        st.bullets(r.summary.next_steps)
    st.para(text.checks_note, "small")
    return contents


def scope(st: Story, r: Report) -> None:
    sc = r.scope
    text = r.text.scope
    st.heading(r.sections["scope"])
    st.para(text.intro)
    st.table(
        r.text.columns["systems"],
        [[x.name, clip(x.description), x.detail] for x in sc.systems],
        [2.2, 3.3, 1.5],
        title=text.systems_title,
        empty=text.systems_empty,
    )
    st.table(
        r.text.columns["excluded"],
        [[x.name, clip(x.detail)] for x in sc.excluded],
        [2.2, 4.8],
        title=text.excluded_title,
        empty=text.excluded_empty,
    )
    st.sub(text.subservice_title)
    st.para(text.subservice_note, "small")
    st.table(
        r.text.columns["subservice"],
        [[x.name, clip(x.description), x.detail] for x in sc.subservice],
        [2.0, 3.2, 1.8],
        empty=text.subservice_empty,
    )
    st.table(
        r.text.columns["vendors"],
        [[x.name, clip(x.description), x.detail] for x in sc.vendors],
        [2.0, 3.6, 1.4],
        title=text.vendors_title,
        empty=text.vendors_empty,
    )
    if sc.locations:
        st.table(
            r.text.columns["locations"],
            [[x.name, clip(x.description)] for x in sc.locations],
            [2.2, 4.8],
            title=text.locations_title,
        )


def criteria(st: Story, r: Report) -> None:
    st.heading(r.sections["criteria"])
    st.para(r.text.criteria_intro)
    rows = []
    for c in r.criteria:
        reasons = Paragraph("<br/>".join(u(x) for x in c.reasons), st.s["cell"])
        rows.append(
            [
                st.cell(c.title, "cell_bold"),
                st.cell(f"{c.included}\n{c.advice}"),
                reasons,
                st.cell(c.adds or NOT_RECORDED),
            ]
        )
    st.table(r.text.columns["criteria"], rows, [1.25, 1.05, 3.3, 1.4])


def report_type(st: Story, r: Report) -> None:
    rt = r.report_type
    text = r.text.report_type
    st.heading(r.sections["report"])
    st.para(text.lead, "lead")
    st.para(text.explainer, "small")
    st.para(rt.advice)
    st.bullets(rt.reasons)
    if rt.caveats:
        st.sub(text.caveats_title)
        st.bullets(rt.caveats)


def obligations(st: Story, r: Report) -> None:
    text = r.text.obligations
    st.heading(r.sections["obligations"])
    if not r.obligations:
        st.para(text.none)
        return
    st.para(text.intro)
    st.table(
        r.text.columns["obligations"],
        [[o.title, o.status, o.reason] for o in r.obligations],
        [1.3, 1.4, 4.3],
        bold=(0,),
    )


def timeline(st: Story, r: Report) -> None:
    tl = r.timeline
    st.heading(r.sections["timeline"], keep=4.2)
    st.para(r.text.timeline.lead, "lead")
    st.add(_pdf().gantt(r), Spacer(1, 10))
    if tl.deadline:
        st.para(tl.deadline)
    if tl.options:
        st.sub(r.text.timeline.options_title)
        st.bullets(tl.options)
    st.table(
        r.text.columns["phases"],
        [[p.title, p.duration, p.dates, p.note] for p in tl.phases],
        [1.45, 0.95, 2.7, 1.9],
        bold=(0,),
    )


def budget(st: Story, r: Report) -> None:
    text = r.text.budget
    st.heading(r.sections["budget"], keep=4.0)
    st.para(text.lead, "lead")
    st.para(text.currency_note)
    st.para(text.staff_note)
    st.add(_pdf().budget_chart(r), Spacer(1, 10))
    rows = [[x.title, x.amount, x.basis] for x in text.lines]
    n = len(rows)
    st.table(
        r.text.columns["costs"],
        rows,
        [1.9, 1.0, 4.1],
        bold=(0,),
        right=(1,),
        styles=[("LINEABOVE", (0, n - 1), (-1, n - 1), 0.8, NAVY), ("BACKGROUND", (0, n - 1), (-1, n), ZEBRA)],
    )
    if text.renewal_lines:
        st.sub(text.renewal_title)
        year_two = [[x.title, x.amount, x.basis] for x in text.renewal_lines]
        m = len(year_two)
        st.table(
            r.text.columns["costs"],
            year_two,
            [1.9, 1.0, 4.1],
            bold=(0,),
            right=(1,),
            styles=[("LINEABOVE", (0, m), (-1, m), 0.8, NAVY), ("BACKGROUND", (0, m), (-1, m), ZEBRA)],
        )
    if text.assumptions:
        st.sub(text.assumptions_title)
        st.para(text.assumptions_note, "small")
        st.table(
            r.text.columns["assumptions"],
            [[a.title, a.amount, a.basis] for a in text.assumptions],
            [3.0, 1.3, 2.7],
        )


def readiness(st: Story, r: Report) -> None:
    rd = r.readiness
    operating = rd.operating_percent is not None
    first = next((g for g in rd.groups if g.bars), None)
    # Start on a new page unless the heading, the text and the first chart fit together.
    need = (charts.readiness_chart(first.bars, operating).height + 130) if first else 200
    st.heading(r.sections["readiness"], keep=min(need / inch, 9.0))
    st.para(rd.text)
    st.para(r.text.readiness_note, "small")
    for g in rd.groups:
        if not g.bars:
            continue
        st.add(
            KeepTogether([Paragraph(u(g.title), st.s["h3"]), charts.readiness_chart(g.bars, operating), Spacer(1, 6)])
        )


def checks(st: Story, r: Report) -> None:
    st.heading(r.sections["checks"])
    if not r.checks:
        st.para(r.text.checks_none)
        return
    st.para(r.text.checks_intro)
    rows = []
    for c in r.text.checks:
        colour, icon = SEVERITY.get(c.severity, (GREY, "\u2022"))
        word = f'<font color="{colour.hexval()}"><b>{icon} {u(c.word)}</b></font>'
        cell = u(c.message) + (f'<br/><font color="{GREY.hexval()}">{u(c.concerns)}</font>' if c.concerns else "")
        rows.append([Paragraph(word, st.s["cell"]), Paragraph(cell, st.s["cell"])])
    st.table(r.text.columns["checks"], rows, [1.0, 6.0])


def _control_cells(c: ControlRow, due: str) -> list[Any]:
    return [
        c.control_id,
        clip(c.title, 200),
        c.priority_label,
        c.status_label,
        clip(c.owner, 80) or NOT_RECORDED,
        due or NOT_RECORDED,
    ]


def remediation(st: Story, r: Report) -> None:
    st.heading(r.sections["remediation"])
    if not r.remediation:
        st.para(r.text.remediation_none)
        return
    st.para(r.text.remediation_intro)
    st.table(
        r.text.columns["remediation"],
        [_control_cells(c, due) for c, due in zip(r.remediation, r.text.remediation_due)],
        [0.75, 2.55, 0.9, 0.85, 1.15, 0.9],
        bold=(0,),
    )


def checklist(st: Story, r: Report) -> None:
    st.heading(r.sections["checklist"], new_page=True)
    st.para(r.text.checklist_intro)
    grey = GREY.hexval()
    for g, lines in zip(r.checklist, r.text.checklist):
        rows = []
        for c, line in zip(g.rows, lines):
            title = u(clip(c.title, 200))
            if line.also:
                title += f'<br/><font color="{grey}" size="7">{u(line.also)}</font>'
            if line.note:
                title += f'<br/><font color="{grey}" size="7">{u(clip(line.note, 400))}</font>'
            rows.append(
                [
                    c.control_id,
                    _Cell(title, st.s["cell"]),
                    c.status_label,
                    clip(c.owner, 80) or NOT_RECORDED,
                    c.due or NOT_RECORDED,
                    str(c.evidence_count),
                ]
            )
        # One table per criterion: its heading stays with its first rows, and each is bookmarked.
        st.table(
            r.text.columns["checklist"],
            rows,
            [0.7, 2.66, 0.88, 1.08, 0.86, 0.82],
            bold=(0,),
            right=(5,),
            title=f"{g.criterion} {g.title}".strip(),
            level=1,
        )


def evidence(st: Story, r: Report) -> None:
    st.heading(r.sections["evidence"], new_page=True)
    if not r.evidence:
        st.para(r.text.evidence_none)
        return
    st.para(r.text.evidence_intro)
    rows = [
        [e.control_id, clip(e.name, 200), line.kind, _Cell(u(clip(e.fingerprint, 300)), st.s["hash"])]
        for e, line in zip(r.evidence, r.text.evidence)
    ]
    st.table(r.text.columns["evidence"], rows, [0.66, 1.6, 1.04, 3.7], bold=(0,))


# --- through the year: the next cycle, progress since a snapshot -----------------------


def year_two(st: Story, r: Report) -> None:
    """The cycle after this plan's report: windows, report dates, bridge letters and the yearly cost."""
    y = r.year_two
    if y is None:
        return
    st.heading(r.sections["year_two"], keep=3.2)
    st.para(y.lead, "lead")
    st.table(
        r.text.columns["cycles"],
        [[c.title, c.period, c.report, c.cost, c.note] for c in y.cycles],
        [1.45, 1.55, 1.35, 1.1, 1.85],
        bold=(0,),
    )
    if y.bridges:
        st.sub(r.text.year_two_bridges_title)
        st.bullets(y.bridges)


def progress(st: Story, r: Report) -> None:
    """Progress since the last snapshot kept: controls changed, readiness and the estimate then and now."""
    pr = r.progress
    text = r.text.progress
    if pr is None or text is None:
        return
    st.heading(r.sections["progress"], keep=4.0)
    st.para(pr.lead, "lead")
    st.add(charts.progress_chart(pr.history), Spacer(1, 4))
    st.para(text.chart_note, "small")
    st.table(
        ["", text.then_header, text.now_header],
        [[f.label, f.then, f.now] for f in pr.figures],
        [1.9, 2.55, 2.55],
        bold=(0,),
        title=text.figures_title,
    )
    st.table(
        r.text.columns["changes"],
        [[c.control_id, clip(c.title, 200), c.before, c.after] for c in pr.controls],
        [0.75, 2.35, 1.95, 1.95],
        bold=(0,),
        title=text.controls_title,
        empty=text.controls_empty,
    )
    if pr.criteria:
        st.table(
            r.text.columns["criteria_moved"],
            [[c.label, c.then, c.now] for c in pr.criteria],
            [1.4, 2.8, 2.8],
            bold=(0,),
            title=text.criteria_title,
        )
