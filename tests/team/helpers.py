"""What a person sees in a workspace, for comparing replicas; and a team set up in one call."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from soc2wizard import services
from soc2wizard.services import Session
from soc2wizard.team import replica as rp


def visible_state(s: Session) -> dict[str, Any]:
    """Everything the app shows that a sync carries: profile and plan, scope, overrides, checklist, evidence."""
    answers = services.get_answers(s)
    scope = sorted(
        tuple(sorted((k, v) for k, v in asdict(i).items() if k not in ("id", "position")))
        for i in services.list_scope(s)
    )
    evidence = sorted(
        (
            e.control_id,
            e.kind,
            e.name,
            e.sha256,
            e.url,
            services.evidence_content(s, e.id) if e.kind == "file" else None,
        )
        for e in services.list_evidence(s)
    )
    states = {k: asdict(v) for k, v in services.control_states(s).items()}
    overrides = {k: asdict(v) for k, v in services.list_overrides(s).items()}
    settings = asdict(services.get_settings(s))
    custom = sorted(c.id for c in services.custom_controls(s))
    return {
        "answers": answers,
        "scope": scope,
        "evidence": evidence,
        "states": states,
        "overrides": overrides,
        "settings": settings,
        "custom": custom,
        "fields": rp.fingerprint(s.repo),
    }


def first_controls(s: Session, n: int) -> list[str]:
    return [row.control.id for row in services.checklist(s)[:n]]


class Team:
    """alice publishes a workspace; bob and carol join it as editors and clone it."""

    def __init__(self, db: Any, tmp: Path, *, people: tuple[str, ...] = ("bob", "carol"), name: str = "Acme") -> None:
        self.db = db
        self.sessions: dict[str, Session] = {}
        a = services.create_workspace(tmp / "alice.soc2", name=name)
        services.set_actor(a, "Alice")
        services.add_scope_item(a, "system", "Production AWS")
        services.add_scope_item(a, "vendor", "Payroll vendor")
        self.workspace_id = services.publish_workspace(a, db.url("alice"), replica_name="alice-laptop")
        self.sessions["alice"] = a
        for person in people:
            services.set_team_member(a, db.role(person), "editor")
            s = services.clone_workspace(
                db.url(person), tmp / f"{person}.soc2", self.workspace_id, replica_name=f"{person}-laptop"
            )
            services.set_actor(s, person.title())
            self.sessions[person] = s

    def __getitem__(self, person: str) -> Session:
        return self.sessions[person]

    def sync(self, *people: str) -> dict[str, services.SyncResult]:
        return {p: services.sync_workspace(self.sessions[p]) for p in people}

    def settle(self) -> None:
        """Everyone syncs twice: every change reaches every replica."""
        for _ in range(2):
            for p in self.sessions:
                services.sync_workspace(self.sessions[p])

    def close(self) -> None:
        for s in self.sessions.values():
            s.close()
