"""The deliverables' pages of the PDF: risk register with heat map, gap narratives, CSOCs, CUECs
and the crosswalk. Each function is self-contained; ``pdf.story`` calls them with one line each,
and each does nothing when the report carries no deliverables.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from soc2wizard.report import fonts as F
from soc2wizard.report.model import Report
from soc2wizard.report.pdf import GREY, INK, WIDTH, Story, _Cell, clip, u
from soc2wizard.report.text import NOT_RECORDED, ExtrasText

LEVEL_COLOURS = {
    "High": colors.HexColor("#F04438"),
    "Medium": colors.HexColor("#FDB022"),
    "Low": colors.HexColor("#A6D9B8"),
}


def risk_heat_map(heat: Any, text: ExtrasText) -> Drawing:
    """A 5 × 5 grid, likelihood across and impact up, each cell coloured by its score and showing its count."""
    from soc2wizard.domain.deliverables import risk_level

    cell, left, bottom = 40.0, 96.0, 30.0
    d = Drawing(WIDTH, bottom + 5 * cell + 24)
    for i in range(5):  # impact, bottom to top
        for j in range(5):  # likelihood, left to right
            score = (i + 1) * (j + 1)
            x, y = left + j * cell, bottom + i * cell
            d.add(Rect(x, y, cell - 2, cell - 2, fillColor=LEVEL_COLOURS[risk_level(score)], strokeColor=None))
            n = heat[i][j]
            if n:
                d.add(
                    String(
                        x + cell / 2 - 1,
                        y + cell / 2 - 5,
                        str(n),
                        fontName=F.BOLD,
                        fontSize=12,
                        fillColor=INK,
                        textAnchor="middle",
                    )
                )
        d.add(
            String(
                left - 6,
                bottom + i * cell + cell / 2 - 3,
                text.impact_labels[i],
                fontName=F.REGULAR,
                fontSize=7,
                fillColor=GREY,
                textAnchor="end",
            )
        )
    for j in range(5):
        d.add(
            String(
                left + j * cell + cell / 2 - 1,
                bottom - 12,
                f"{j + 1}",
                fontName=F.REGULAR,
                fontSize=7,
                fillColor=GREY,
                textAnchor="middle",
            )
        )
    d.add(
        String(
            left + 2.5 * cell,
            bottom - 24,
            text.likelihood_axis,
            fontName=F.REGULAR,
            fontSize=7.5,
            fillColor=GREY,
            textAnchor="middle",
        )
    )
    d.add(
        String(
            left - 6,
            bottom + 5 * cell + 8,
            text.impact_axis,
            fontName=F.BOLD,
            fontSize=7.5,
            fillColor=GREY,
            textAnchor="end",
        )
    )
    lx = left + 5 * cell + 24
    for k, (name, legend) in enumerate(text.risk_levels):
        y = bottom + 4 * cell - k * 18
        d.add(Rect(lx, y, 10, 10, fillColor=LEVEL_COLOURS[name], strokeColor=None))
        d.add(
            String(
                lx + 16,
                y + 2,
                legend,
                fontName=F.REGULAR,
                fontSize=8,
                fillColor=INK,
            )
        )
    return d


def _text(r: Report) -> ExtrasText:
    text = r.text.extras
    assert text is not None  # r.extras is set
    return text


def risks(st: Story, r: Report) -> None:
    """The risk register: heat map, then every risk with its score, treatment, owner and linked controls."""
    x = r.extras
    if x is None:
        return
    st.heading(r.sections["risks"], keep=5.2)  # the heading, its sentence and the heat map stay together
    st.para(_text(r).risks_intro)
    st.add(risk_heat_map(x.heat, _text(r)))
    rows = []
    for k in _text(r).risks:
        title = (
            u(clip(k.title, 200)) + f'<br/><font color="{GREY.hexval()}" size="7">{u(clip(k.description, 400))}</font>'
        )
        rows.append([_Cell(title, st.s["cell"]), k.likelihood, k.impact, k.score, k.treatment, k.owner, k.controls])
    st.table(r.text.columns["risks"], rows, [2.0, 0.85, 0.8, 0.8, 0.9, 0.95, 1.0])


def gap_narratives(st: Story, r: Report) -> None:
    """Under the remediation plan: for each open control, what is there, the gap, what to do, and the evidence sampled."""
    x = r.extras
    if x is None or not x.gaps:
        return
    st.heading(_text(r).gaps_title, level=1)
    st.para(_text(r).gaps_intro)
    # One short block per control rather than a table: long wrapped cells make a table slow to split across pages.
    grey = GREY.hexval()
    gap, todo, evidence, sample = _text(r).gap_labels
    style = ParagraphStyle("gap", st.s["body"], fontSize=8, leading=10.4, spaceAfter=7)
    for g in x.gaps:
        markup = (
            f"<b>{u(g.control_id)} {u(clip(g.title, 160))}</b> "
            f'<font color="{grey}">{u(clip(g.current, 300))}</font><br/>'
            f"<b>{u(gap)}</b> {u(clip(g.gap, 350))}<br/>"
            f"<b>{u(todo)}</b> {u(clip(g.todo, 450))}<br/>"
            f"<b>{u(evidence)}</b> {u(clip('; '.join(g.evidence), 300))} <b>{u(sample)}</b> {u(clip(g.sampling, 250))}"
        )
        st.add(Paragraph(markup, style))


def csocs(st: Story, r: Report) -> None:
    x = r.extras
    if x is None:
        return
    st.heading(r.sections["csocs"], new_page=True)
    text = _text(r)
    if not x.orgs:
        st.para(text.csocs_none)
        return
    st.para(text.csocs_intro)
    for o, label, empty in zip(x.orgs, text.org_titles, text.org_empty):
        rows = [[_Cell(u(c.text), st.s["cell"]), ", ".join(c.criteria), o.review_control] for c in o.csocs]
        st.table(
            r.text.columns["csocs"],
            rows,
            [4.6, 1.2, 1.0],
            title=label,
            empty=empty,
        )


def cuecs(st: Story, r: Report) -> None:
    x = r.extras
    if x is None:
        return
    st.heading(r.sections["cuecs"], new_page=True)
    if not x.cuecs:
        st.para(_text(r).cuecs_none)
        return
    st.para(_text(r).cuecs_intro)
    rows = [
        [str(i), _Cell(u(c.text), st.s["cell"]), ", ".join(c.criteria), ", ".join(c.controls)]
        for i, c in enumerate(x.cuecs, 1)
    ]
    st.table(r.text.columns["cuecs"], rows, [0.3, 4.3, 1.1, 1.3])


def crosswalk(st: Story, r: Report) -> None:
    x = r.extras
    if x is None:
        return
    st.heading(r.sections["crosswalk"], new_page=True)
    st.para(_text(r).crosswalk_intro)
    rows = [
        [
            c.control_id,
            _Cell(u(clip(c.title, 160)), st.s["cell"]),
            ", ".join(c.iso27001) or NOT_RECORDED,
            _Cell(u(", ".join(c.hipaa)) or NOT_RECORDED, st.s["cell"]),
            ", ".join(c.pci_dss) or NOT_RECORDED,
        ]
        for c in x.crosswalk
    ]
    st.table(r.text.columns["crosswalk"], rows, [0.7, 2.2, 1.2, 1.5, 1.2], bold=(0,))
