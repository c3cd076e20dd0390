"""Small, named errors shared by the core; each says what to fix."""

from __future__ import annotations


class Soc2Error(Exception):
    """Base of the errors a user can act on (shown as one line, exit code 1)."""


class FieldError(Soc2Error, ValueError):
    """A bad value; ``path`` names the field or line (``customers.deadline``, ``line 4``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message
