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
    xs = {page.name.mapTo(page, page.name.rect().topLeft()).x(),
          page.industry.mapTo(page, page.industry.rect().topLeft()).x(),
          page.requested.mapTo(page, page.requested.rect().topLeft()).x(),
          page.deadline.mapTo(page, page.deadline.rect().topLeft()).x()}
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

    empty_width = page.detail_scroll.width()
    assert owner_in_view()
    page.table.selectRow(3)
    qtbot.wait(10)
    assert page.detail_scroll.width() > empty_width  # room for the form once a control is chosen
    assert owner_in_view()
    page.table.clearSelection()
    qtbot.wait(10)
    assert page.detail_scroll.width() == empty_width
