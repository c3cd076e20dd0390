"""A team's workspace: local replicas synced through the team's own PostgreSQL database.

Each person keeps a normal ``.soc2`` file (it works offline). Once a
workspace is published or cloned, every write is also recorded as
per-field changes stamped with a hybrid logical clock (``replica``); a
sync pulls the others' changes from the server and pushes ours
(``server``, ``sync``). The merge is per field, the latest clock wins and
ties go to the higher replica id, so every replica ends with the same
state whatever the order of syncs. No Qt here.
"""

from __future__ import annotations

from soc2wizard.domain.errors import Soc2Error


class TeamError(Soc2Error):
    """A team operation that could not be done; the message says why in one line."""


class ServerUnreachable(TeamError):
    """The team server cannot be reached now; local edits are kept for the next sync."""


class AccessDenied(TeamError):
    """Wrong password, no such role, or no permission for this workspace."""
