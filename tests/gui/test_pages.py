"""What the step pages show: ticks, timeline dates, checks and their links, screenshots."""

from __future__ import annotations


from soc2wizard import services
from soc2wizard.domain.steps import STEPS
from soc2wizard.gui.widgets import show_date


def test_sidebar_ticks_follow_completion(window, tmp_path, monkeypatch):
    """A step turns Complete in the sidebar when its domain rule says so, and back on undo."""
    s = services.create_workspace(tmp_path / "new.soc2", name="Acme")
    window._opened(s, "profile")
    item = window.sidebar.item(2)  # criteria
    window.ctx.settle()  # the states follow a frame after the change
    assert item.text().endswith("Not started")
    window.go("criteria")
    window.page["criteria"].cards["availability"][0].click()
    window.ctx.settle()
    assert item.text().endswith("Complete")
    window.undo_action.trigger()
    window.ctx.settle()
    assert item.text().endswith("Not started")


def test_timeline_page_shows_the_report_dates(demo_window):
    """The timeline states the earliest and latest report dates from services.estimate."""
    w = demo_window
    w.go("timeline")
    t = services.estimate(w.ctx.s, today=w.ctx.today()).timeline
    text = w.page["timeline"].summary.text()
    assert f"earliest {show_date(t.report_date_earliest)}, latest {show_date(t.report_date_latest)}" in text
    assert w.page["timeline"].chart.timeline == t


def test_timeline_follows_a_change_of_hours(demo_window):
    """More weekly hours bring the latest report date forward on screen."""
    w = demo_window
    w.go("timeline")
    tp = w.page["timeline"]
    before = tp.chart.timeline.report_date_latest
    tp._hours_edited("80")
    assert tp.chart.timeline.report_date_latest < before


def test_review_lists_checks_and_links_to_the_fixing_step(demo_window):
    """Every plan check is listed with a button that opens the step that fixes it."""
    w = demo_window
    w.go("review")
    rp = w.page["review"]
    checks = w.ctx.estimate().checks
    assert len(rp.check_buttons) == len(checks) > 0
    scope_button = next(b for b in rp.check_buttons if b.property("step") == "scope")
    scope_button.click()
    assert w.current_step() == "scope"
    w.go("review")
    timeline_button = next(b for b in rp.check_buttons if b.property("step") == "timeline")
    timeline_button.click()
    assert w.current_step() == "timeline"


def test_screenshots_command_writes_one_png_per_step(tmp_path):
    """'soc2wizard screenshots DIR' writes the start page and one PNG per step."""
    from soc2wizard.cli import main

    assert main(["screenshots", str(tmp_path / "shots")]) == 0
    names = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert names == ["00-start.png"] + [f"{s.number:02d}-{s.id}.png" for s in STEPS]
    assert all((tmp_path / "shots" / n).stat().st_size > 10_000 for n in names)


def test_accepting_the_recommendations_completes_criteria_and_report(window, tmp_path):
    """A new workspace: steps 3 and 4 not started, review not started; accepting each makes it complete."""
    s = services.create_workspace(tmp_path / "new.soc2", name="Acme")
    services.update_profile(s, hosting=["aws"], data=["personal"])
    window._opened(s, "criteria")
    window.ctx.settle()
    text = [window.sidebar.item(i).text() for i in range(8)]
    assert text[2].endswith("Not started") and text[3].endswith("Not started") and text[7].endswith("Not started")
    window.page["criteria"].reset.click()
    window.go("report")
    window.page["report"].reset.click()
    window.ctx.settle()
    assert window.sidebar.item(2).text().endswith("Complete")
    assert window.sidebar.item(3).text().endswith("Complete")
    plan = services.get_answers(window.ctx.s).plan
    assert plan.criteria is not None and "security" in plan.criteria and plan.report_type is not None
    assert not window.page["report"].reset.isEnabled()
