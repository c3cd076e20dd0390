"""Reading the workspace file back, the way a user would check it landed."""

from __future__ import annotations

from pathlib import Path

from soc2wizard import services


def answers_in_file(path: Path):  # noqa: ANN201
    with services.open_workspace(path, read_only=True) as s:
        return services.get_answers(s)


def scope_in_file(path: Path):  # noqa: ANN201
    with services.open_workspace(path, read_only=True) as s:
        return services.list_scope(s)


def overrides_in_file(path: Path):  # noqa: ANN201
    with services.open_workspace(path, read_only=True) as s:
        return services.list_overrides(s)
