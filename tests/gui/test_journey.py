"""A whole journey, from a new workspace to the review page, by keyboard and mouse."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from soc2wizard import services
from soc2wizard.gui import dialogs
from soc2wizard.gui.widgets import show_date
from tests.gui.helpers import answers_in_file, overrides_in_file, scope_in_file


def _type(qtbot, edit, text: str, *, enter: bool = True) -> None:  # noqa: ANN001
    """Type into a field as a user would, then press Enter (a field commits when finished)."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    if enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def _click(qtbot, widget) -> None:  # noqa: ANN001
    """Scroll the widget into view, as a user would, then click it."""
    from PySide6.QtWidgets import QScrollArea

    w = widget.parentWidget()
    while w is not None and not isinstance(w, QScrollArea):
        w = w.parentWidget()
    if w is not None:
        w.ensureWidgetVisible(widget)
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QAbstractButton, QPushButton

    # Check boxes and radio buttons react on their indicator and label, at the left.
    at = (
        None
        if isinstance(widget, QPushButton) or not isinstance(widget, QAbstractButton)
        else QPoint(8, widget.height() // 2)
    )
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at)


def test_new_workspace_to_review_by_keyboard_and_mouse(window, qtbot, tmp_path, monkeypatch):
    """Each answer typed or clicked on each step lands in the workspace file at once."""
    path = tmp_path / "acme.soc2"
    monkeypatch.setattr(dialogs, "ask_company_name", lambda *a, **k: "Acme")
    monkeypatch.setattr(dialogs, "ask_new_path", lambda *a, **k: path)
    qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    assert window.current_step() == "profile"

    # 1. Profile: typing, Tab, Space and clicks.
    p = window.page["profile"]
    _type(qtbot, p.name, "Acme Health")
    assert answers_in_file(path).company.name == "Acme Health"
    assert window.windowTitle().startswith("Acme Health — acme.soc2")
    _type(qtbot, p.numbers["employees"], "40")
    qtbot.keyClick(p.numbers["employees"], Qt.Key.Key_Tab)
    assert p.numbers["engineers"].hasFocus()
    p.numbers["engineers"].selectAll()
    qtbot.keyClicks(p.numbers["engineers"], "12")
    _click(qtbot, p.hosting["aws"])
    p.data["health"].setFocus()
    qtbot.keyClick(p.data["health"], Qt.Key.Key_Space)
    _click(qtbot, p.flags["uptime_commitment"])
    _click(qtbot, p.practices["mfa"])
    _type(qtbot, p.deadline, "2027-09-30")
    qtbot.keyClick(p.deadline, Qt.Key.Key_Return)
    a = answers_in_file(path)
    assert (a.company.employees, a.company.engineers) == (40, 12)
    assert a.hosting == ("aws",) and a.data == ("health",) and "mfa" in a.practices
    assert a.customers.uptime_commitment and a.customers.deadline == dt.date(2027, 9, 30)
    qtbot.waitUntil(lambda: window.sidebar.item(0).text().endswith("Complete"), timeout=1000)

    # 2. Scope: add a system by mouse, name it by keyboard.
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.current_step() == "scope"
    sp = window.page["scope"]
    qtbot.mouseClick(sp.add_system_button, Qt.MouseButton.LeftButton)
    assert sp.name.hasFocus()
    qtbot.keyClicks(sp.name, "Patient portal")
    sp.customer_data.setFocus()
    qtbot.keyClick(sp.customer_data, Qt.Key.Key_Space)
    [item] = scope_in_file(path)
    assert (item.kind, item.name, item.customer_data) == ("system", "Patient portal", True)

    # 3. Criteria: untick a recommended one.
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    cp = window.page["criteria"]
    box = cp.cards["privacy"][0]
    was = box.isChecked()
    _click(qtbot, box)
    chosen = answers_in_file(path).plan.criteria
    assert chosen is not None and ("privacy" in chosen) is (not was) and "security" in chosen

    # 4. Report type: Type II with a 6-month window.
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_step() == "report"
    rp = window.page["report"]
    type2 = next(b for b in rp.types.buttons() if b.property("key") == "type2")
    _click(qtbot, type2)
    _click(qtbot, rp.window_buttons[6])
    plan = answers_in_file(path).plan
    assert (plan.report_type, plan.observation_months) == ("type2", 6)

    # 5. Timeline: start date and weekly hours by keyboard.
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    tp = window.page["timeline"]
    _type(qtbot, tp.start, "2026-12-01")
    qtbot.keyClick(tp.start, Qt.Key.Key_Tab)
    assert tp.hours.hasFocus()
    tp.hours.selectAll()
    qtbot.keyClicks(tp.hours, "30")
    assert answers_in_file(path).plan.weekly_hours != 30  # not stored while the user is still typing
    qtbot.keyClick(tp.hours, Qt.Key.Key_Tab)  # leaving the field commits it
    plan = answers_in_file(path).plan
    assert (plan.start, plan.weekly_hours) == (dt.date(2026, 12, 1), 30)
    t = services.estimate(window.ctx.s, today=window.ctx.today()).timeline  # the plan as the file now holds it
    assert t.start == dt.date(2026, 12, 1)
    assert (
        f"earliest {show_date(t.report_date_earliest)}, latest {show_date(t.report_date_latest)}" in tp.summary.text()
    )

    # 6. Budget: the auditor tier by keyboard, then a real quote typed into the table.
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    bp = window.page["budget"]
    bp.tier.setFocus()
    qtbot.keyClick(bp.tier, Qt.Key.Key_Down)
    assert answers_in_file(path).plan.auditor_tier == "mid_tier"
    row = next(i for i, asm in enumerate(bp._assumptions) if asm.key == "pentest")
    bp.table.setFocus()
    bp.table.setCurrentCell(row, 1)
    qtbot.keyClick(bp.table, Qt.Key.Key_F2)
    editor = bp.table.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "9000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: "pentest" in overrides_in_file(path), timeout=2000)
    assert overrides_in_file(path)["pentest"].low == 9000
    assert any(asm.key == "pentest" and asm.overridden for asm in bp._assumptions)

    # 7–8. Checklist, then review.
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.current_step() == "checklist"
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.current_step() == "review"
    assert window.page["review"].check_buttons, "the new plan has checks to show"
