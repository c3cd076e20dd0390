"""What every step page shares: the title and why, a scrolling body, edits through ctx.

Pages refresh from services when ``ctx.changed`` fires, but only while shown
(a hidden page is marked stale and refreshes when it next appears).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from soc2wizard import services
from soc2wizard.domain.errors import FieldError
from soc2wizard.domain.steps import step
from soc2wizard.gui.commit import Committer, committer_of
from soc2wizard.gui.context import AppContext
from soc2wizard.gui.widgets import FieldBox, heading, wrap_label

_merge_ids = itertools.count(1000)


def next_merge_id() -> int:
    return next(_merge_ids)


def same_text(shown: str, saved: str) -> bool:
    return " ".join(shown.split()) == " ".join(saved.split())


def set_line(edit: QLineEdit, value: str, same: Callable[[str, str], bool] = same_text) -> None:
    """Show a saved value, unless the user is typing an equivalent one (keeps the caret) or
    has typed text not committed yet (it is committed when they finish)."""
    if edit.hasFocus() and same(edit.text(), value):
        return
    c = committer_of(edit)
    if c is not None and c.pending:
        return
    if edit.text() != value:
        edit.blockSignals(True)
        edit.setText(value)
        edit.blockSignals(False)


def set_checked(box: QCheckBox, value: bool) -> None:
    if box.isChecked() != value:
        box.blockSignals(True)
        box.setChecked(value)
        box.blockSignals(False)


class StepPage(QWidget):
    """Base of the step pages; subclasses fill ``self.body`` and implement ``refresh``."""

    step_id = ""
    help_html = ""  # the step's help, in our own words
    navigate = Signal(str)  # ask the window to show a step

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self._merge: dict[str, int] = {}
        st = step(self.step_id)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()  # not "scroll": that is QWidget.scroll()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll_area)
        content = QWidget()
        self.scroll_area.setWidget(content)
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(24, 18, 24, 18)
        self.body.setSpacing(10)
        self.title = heading(st.heading, 1.5)
        self.title.setAccessibleName(st.heading)
        self.body.addWidget(self.title)
        self.why = wrap_label(st.why, muted=True)
        self.body.addWidget(self.why)
        self._derived_stale = True
        ctx.changed.connect(self._on_changed)
        ctx.derived.connect(self._on_derived)

    # --- refresh -------------------------------------------------------------------

    def _on_changed(self, _topic: str) -> None:
        if self.ctx.session is None:
            return
        if self.isVisible():
            self.refresh_now()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().showEvent(event)
        if self._stale and self.ctx.session is not None:
            self.refresh_now()
        if self._derived_stale and not self.ctx.derived_held:  # else ctx.derived comes after the first paint
            from PySide6.QtCore import QTimer

            from soc2wizard.gui.context import DERIVED_DELAY_MS

            QTimer.singleShot(DERIVED_DELAY_MS, self, self._derived_now)  # after the page has painted

    def _on_derived(self) -> None:
        if self.isVisible():
            self._derived_now()
        else:
            self._derived_stale = True

    def _derived_now(self) -> None:
        if self.ctx.session is None or not self.isVisible():
            return
        self._derived_stale = False
        try:
            self.refresh_derived()
        except Exception as exc:  # noqa: BLE001 - said and logged, like refresh_now
            self.ctx.report(f"Part of the {step(self.step_id).title} step could not be worked out ({exc}).", exc)

    def refresh_derived(self) -> None:
        """Show figures worked out from the whole workspace (checks, obligations); after the page paints."""

    def refresh_now(self) -> None:
        self._stale = False
        try:
            self.refresh()
            if self.ctx.read_only:  # a refresh may have enabled an editor again
                from soc2wizard.gui.readonly import make_read_only

                make_read_only(self)
        except Exception as exc:  # noqa: BLE001 - one bad estimate must not break the window: it is said and logged
            self.ctx.report(
                f"Part of the {step(self.step_id).title} step could not be shown ({exc}). Your answers are "
                "saved; change one, or reopen the workspace.",
                exc,
            )

    def detach(self) -> None:
        """Stop following the workspace (the window drops this page when another one opens)."""
        for signal, slot in ((self.ctx.changed, self._on_changed), (self.ctx.derived, self._on_derived)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def finish(self) -> None:
        self.body.addStretch(1)

    # --- edits ---------------------------------------------------------------------

    def merge_id(self, key: str) -> int:
        """One undo step per stretch of typing in a field (reset when the field is left)."""
        if key not in self._merge:
            self._merge[key] = next_merge_id()
        return self._merge[key]

    def watch(
        self,
        edit: Any,
        commit: Callable[[str, bool, Any], bool],
        merge_key: str,
        *,
        stored: Callable[[Any], str] | None = None,
        target: Callable[[], Any] | None = None,
    ) -> Committer:
        """Commit ``edit`` when the user has finished (Enter, leaving it, a pause), as one undo step."""

        def guarded(text: str, final: bool, what: Any) -> bool:
            return True if self.ctx.session is None else commit(text, final, what)

        def shown(what: Any) -> str:
            return "" if self.ctx.session is None or stored is None else stored(what)

        return Committer(edit, guarded, stored=shown, target=target, finished=lambda: self.end_typing(merge_key))

    def end_typing(self, key: str) -> None:
        for k in [k for k in self._merge if k == key or k.startswith(key + "-")]:
            del self._merge[k]

    def edit_answers(
        self,
        text: str,
        kind: str,
        box: FieldBox | None = None,
        merge_key: str | None = None,
        boxes: dict[str, FieldBox] | None = None,
        **changes: Any,
    ) -> bool:
        """Commit a profile (kind="profile") or plan (kind="plan") change, undoably.

        A bad value raises FieldError in services; its message is shown at the
        field it names and nothing is saved.
        """
        s = self.ctx.s
        old = services.get_answers(s)
        update = services.update_profile if kind == "profile" else services.update_plan
        try:
            self.ctx.perform(
                text,
                lambda: update(s, **changes),
                lambda: services.replace_answers(s, old),
                "answers",
                merge_id=self.merge_id(merge_key) if merge_key else -1,
            )
        except FieldError as exc:
            target = (boxes or {}).get(exc.path, box)
            if target is not None:
                target.show_error(exc.message)
            return False
        for b in {x for x in (box, *(boxes or {}).values()) if x is not None}:
            if b is box or b.property("cross"):
                b.clear_error()
        return True


def section(title: str, text: str = "") -> QWidget:
    w = QWidget()
    lay = QVBoxLayout(w)
    lay.setContentsMargins(0, 10, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(heading(title, 1.1))
    if text:
        lay.addWidget(wrap_label(text, muted=True))
    return w


def link_label(text: str, on_click: Callable[[str], None]) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    label.linkActivated.connect(on_click)
    return label
