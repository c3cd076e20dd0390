"""Type names shared by the GUI's Qt code."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

# What Qt passes to a model's rowCount/data/...: either kind of index.
ModelIndex = QModelIndex | QPersistentModelIndex
