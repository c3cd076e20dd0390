"""The PDF's through-the-year sections, checked by their text: progress since a snapshot, the next cycle."""

from __future__ import annotations

import datetime as dt

import pytest

from soc2wizard import services
from soc2wizard.demo import build_demo
from soc2wizard.domain import format as fmt

from .conftest import TODAY, pdf_pages

pypdf = pytest.importorskip("pypdf")
LATER = dt.date(2027, 1, 20)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def progress_pdf(tmp_path_factory: pytest.TempPathFactory):
    """The demo with a snapshot kept, then six controls implemented and one re-owned, exported."""
    folder = tmp_path_factory.mktemp("progress_pdf")
    with build_demo(folder / "demo.soc2", today=TODAY) as s:
        services.take_snapshot(s, "Kick-off", today=TODAY)
        open_rows = [r for r in services.checklist(s) if r.state.status == "not_started"]
        done = [r.control.id for r in open_rows[:6]]
        for cid in done:
            services.update_control(s, cid, status="implemented")
        owned = open_rows[6].control.id
        services.update_control(s, owned, owner="Sam Okafor")
        out = services.export_pdf(s, folder / "plan.pdf", today=LATER)
        data = services.comparison_json(services.compare_snapshots(s, today=LATER))
        summary = services.summary_json(s, today=LATER)
    return out, data, summary, done, owned


def test_progress_section_shows_what_changed_since_the_snapshot(progress_pdf):
    """A heading 'Progress since Kick-off' with the same figures as compare --json, and each changed control."""
    path, data, summary, done, owned = progress_pdf
    pages = pdf_pages(path)
    at = next(
        i for i, p in enumerate(pages) if i > 1 and "Progress since Kick-off" in [x.strip() for x in p.splitlines()]
    )  # the heading in the body, not its entry in the contents on page 2
    text = _flat(" ".join(pages[at : at + 2]))
    before, after = data["readiness"]["before"], data["readiness"]["after"]
    assert after["design_percent"] > before["design_percent"]
    assert (
        f"Since the snapshot \u201cKick-off\u201d of {fmt.day(TODAY)}, 7 controls changed and the share of controls "
        f"in place went from {before['design_percent']}% to {after['design_percent']}%"
    ) in text
    assert f"{before['design_percent']}% ({before['implemented']} of {before['applicable']})" in text
    assert f"{after['design_percent']}% ({after['implemented']} of {after['applicable']})" in text
    e = data["estimate"]
    assert fmt.money_range(e["before"]["cost_low"], e["before"]["cost_high"]) in text
    assert fmt.money_range(summary["cost"]["low"], summary["cost"]["high"]) in text
    for cid in [*done, owned]:
        assert cid in text
    assert "Not started Implemented" in text
    assert "owner Sam Okafor" in text
    moved = [k for k in data["readiness"]["by_criterion"] if k["before"] != k["after"]]
    assert moved and all(f"{k['id']} {k['before']}% {k['after']}%" in text for k in moved)


def test_progress_section_is_listed_in_the_contents_and_the_outline(progress_pdf):
    """The section sits after 'Readiness by criterion' in the outline, and the contents lists it."""
    path = progress_pdf[0]
    reader = pypdf.PdfReader(str(path))
    top = [o["/Title"] for o in reader.outline if not isinstance(o, list)]
    assert top[top.index("Readiness by criterion") + 1] == "Progress since Kick-off"
    assert "Progress since Kick-off" in _flat(pdf_pages(path)[1])


def test_no_snapshot_no_progress_section(demo_pdf):
    """Without a snapshot the PDF has no progress section."""
    path, _ = demo_pdf
    assert "Progress since" not in " ".join(pdf_pages(path))


def test_next_cycle_section_gives_the_windows_bridge_letters_and_the_renewal(demo, demo_pdf):
    """The next cycle: back-to-back 12-month windows, a bridge letter, and the budget's yearly renewal."""
    path, summary = demo_pdf
    y = services.year_two(demo, today=TODAY)
    text = _flat(" ".join(pdf_pages(path)))
    at = text.index("The next cycle", text.index("The next cycle") + 1)  # after its entry in the contents
    section = text[at : at + 3000]
    nxt = y.cycles[1]
    assert nxt.window is not None
    assert f"Window {fmt.day(nxt.window.start)} \u2013 {fmt.day(nxt.window.end)}" in section
    assert "Type II, 12-month window" in section
    renewal = fmt.money_range(summary["cost"]["renewal"]["low"], summary["cost"]["renewal"]["high"])
    assert f"About {renewal} a year" in section
    assert "Bridge letters" in section and "bridge letter" in section
    assert fmt.day(y.bridges[0].end) in section
