"""How the window looks to a person: readable icons, aligned forms, uncut tables, tab order."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication

from soc2wizard import services
from soc2wizard.gui.widgets import state_icon


def _centre(icon: QIcon, mode: QIcon.Mode):  # noqa: ANN202
    img = icon.pixmap(QSize(20, 20), mode).toImage()
    return img.pixelColor(img.width() // 2, img.height() // 2)


def test_not_started_circle_is_not_tinted_on_the_highlighted_row(window, tmp_path):
    """The sidebar's 'not started' circle keeps an opaque centre when its row is highlighted."""
    s = services.create_workspace(tmp_path / "new.soc2", name="Acme")
    window._opened(s, "scope")
    window.ctx.settle()
    item = window.sidebar.currentItem()
    assert item.text().endswith("Not started")
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    for state in ("not_started", "in_progress"):
        centre = _centre(state_icon(state), QIcon.Mode.Selected)
        assert centre.alpha() == 255
        assert centre == _centre(state_icon(state), QIcon.Mode.Normal)
    assert _centre(item.icon(), QIcon.Mode.Selected).name() == base.name()


def test_profile_form_fields_start_in_one_column(demo_window):
    """The Company and Customers forms' fields line up under each other."""
    w = demo_window
    w.go("profile")
    page = w.page["profile"]
    page.adjustSize()
    QApplication.processEvents()
    xs = {
        page.name.mapTo(page, page.name.rect().topLeft()).x(),
        page.industry.mapTo(page, page.industry.rect().topLeft()).x(),
        page.requested.mapTo(page, page.requested.rect().topLeft()).x(),
        page.deadline.mapTo(page, page.deadline.rect().topLeft()).x(),
    }
    assert len(xs) == 1


def test_budget_shows_the_selected_assumptions_full_source(demo_window, qtbot):
    """Arrowing through the assumptions shows each one's whole source below the table."""
    from PySide6.QtCore import Qt

    w = demo_window
    w.go("budget")
    page = w.page["budget"]
    page.table.setFocus()
    page.table.setCurrentCell(0, 0)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    asm = services.estimate(w.ctx.s).assumptions[1]
    text = page.source.text()
    assert asm.title in text
    assert asm.source.replace("&", "&amp;") in text
    assert page.source.isVisible()


def test_checklist_owner_column_in_view_at_1280x800(demo_window, qtbot):
    """With the help panel open, the Owner column is fully visible, selected or not."""
    from soc2wizard.gui.checklist.model import ChecklistModel

    w = demo_window
    w.go("checklist")
    page = w.page["checklist"]
    assert w.help_dock.isVisible()
    qtbot.wait(10)

    def owner_in_view() -> bool:
        h = page.table.horizontalHeader()
        right = h.sectionViewportPosition(ChecklistModel.OWNER) + h.sectionSize(ChecklistModel.OWNER)
        return right <= page.table.viewport().width()

    assert owner_in_view()
    page.table.selectRow(3)
    qtbot.wait(10)
    assert owner_in_view()  # the detail panel goes under the table at this width
    page.table.clearSelection()
    qtbot.wait(10)
    assert owner_in_view()


def _tab_through(qtbot, start, count: int) -> list:  # noqa: ANN001
    """Focus ``start``, press Tab ``count`` times; the widgets focus visited, in order."""
    from PySide6.QtCore import Qt

    start.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(count):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_review_tab_goes_through_checks_then_table_then_exports(demo_window, qtbot):
    """Tab on the review page follows reading order: each check's button, the table, the exports."""
    w = demo_window
    w.go("review")
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow())
    qtbot.wait(10)  # new cards are shown by the event loop
    page = w.page["review"]
    buttons = page.check_buttons
    assert len(buttons) >= 2
    expected = [*buttons, page.table, *page.export_buttons.values()]
    assert _tab_through(qtbot, buttons[0], len(expected) - 1) == expected
    w.ctx.changed.emit("answers")  # a refresh rebuilds the checks' buttons
    qtbot.wait(10)
    expected = [*page.check_buttons, page.table, *page.export_buttons.values()]
    assert _tab_through(qtbot, page.check_buttons[0], len(expected) - 1) == expected


def test_tab_leaves_the_checklist_table_for_the_detail_panel(demo_window, qtbot):
    """Tab in the checklist table goes on to the detail panel, not to the next cell."""
    w = demo_window
    w.go("checklist")
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow())
    page = w.page["checklist"]
    page.table.selectRow(0)
    qtbot.wait(10)
    seen = _tab_through(qtbot, page.table, 1)
    assert seen[1] is page.detail_scroll or page.detail.isAncestorOf(seen[1])


def test_tab_leaves_the_budget_assumptions_table(demo_window, qtbot):
    """Tab in the assumptions table moves on to the next control instead of walking its cells."""
    w = demo_window
    w.go("budget")
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow())
    page = w.page["budget"]
    page.table.setCurrentCell(0, 1)
    seen = _tab_through(qtbot, page.table, 1)
    assert seen[1] is not page.table


def test_timeline_month_labels_never_touch(demo_window):
    """The Gantt chart's month labels keep apart at any width, and name each year once."""
    import datetime as dt

    from PySide6.QtGui import QFontMetrics

    from soc2wizard.gui.pages.gantt import month_labels

    w = demo_window
    w.go("timeline")
    fm = QFontMetrics(w.page["timeline"].chart.font())
    first, last = dt.date(2026, 11, 1), dt.date(2028, 6, 1)
    for width in (300, 560, 900, 1600):

        def x(d: dt.date, width: int = width) -> float:
            return width * (d - first).days / (last - first).days

        labels = month_labels(first, last, x, fm, width + 60)
        assert len(labels) >= 3
        assert all(a[0] + a[1] <= b[0] for a, b in zip(labels, labels[1:]))
        assert labels[0][2] == "Nov 2026"
        assert sum(" 2027" in lab[2] for lab in labels) == 1


def test_scope_groups_are_plain_plurals(demo_window):
    """The scope list's group headings read 'Systems and services', not 'System or services'."""
    w = demo_window
    w.go("scope")
    tree = w.page["scope"].list
    titles = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert titles[0] == "Systems and services"
    assert "Vendors" in titles
    long = tree.topLevelItem(0).child(0)
    assert long.text(0) in long.toolTip(0)  # the full name, even when the row cuts it


def test_checklist_at_1280x800_with_help_shows_id_to_due(demo_window, qtbot):
    """At 1280×800 with the help panel open and a control selected, ID, title, status, owner and due show."""
    from soc2wizard.gui.checklist.model import ChecklistModel

    w = demo_window
    w.resize(1280, 800)
    w.help_dock.show()
    w.go("checklist")
    page = w.page["checklist"]
    page.select_control(page.model.row_at(3).control.id)
    qtbot.wait(20)
    table = page.table
    room = table.viewport().width()
    for col in (
        ChecklistModel.ID,
        ChecklistModel.TITLE,
        ChecklistModel.STATUS,
        ChecklistModel.OWNER,
        ChecklistModel.DUE,
    ):
        left = table.columnViewportPosition(col)
        assert left >= 0 and left + table.columnWidth(col) <= room, ChecklistModel.HEADERS[col]
    assert table.columnWidth(ChecklistModel.TITLE) >= 150
    assert page.detail.isVisible() and page.detail.owner.isVisible()


def test_the_current_cell_is_framed(demo_window, qtbot):
    """The current cell has a visible frame in the highlight colour, not only the selected row's colour."""
    from PySide6.QtGui import QPalette

    w = demo_window
    w.go("checklist")
    page = w.page["checklist"]
    page.select_control(page.model.row_at(2).control.id)
    page.table.setFocus()
    qtbot.wait(20)
    rect = page.table.visualRect(page.table.currentIndex())
    img = page.table.viewport().grab().toImage()
    text = page.table.palette().color(QPalette.ColorRole.HighlightedText)
    edge = [
        img.pixelColor(x, y)
        for x in (rect.left() + 1, rect.left() + 2)
        for y in range(rect.top() + 2, rect.bottom() - 2)
    ]
    inside = img.pixelColor(rect.left() + 8, rect.top() + 4)
    assert abs(inside.lightness() - text.lightness()) > 60  # the row's own colour is not the frame's
    assert sum(abs(c.lightness() - text.lightness()) < 40 for c in edge) > len(edge) // 3
