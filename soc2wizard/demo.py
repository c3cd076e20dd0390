"""The demo company: a believable, fictional workspace to explore the app with.

Tidewater Health is a 38-person company selling a scheduling and patient
messaging service to clinics. A hospital group wants a SOC 2 Type II report
before it signs, so the workspace shows a plan part-way done: a scoped
system, vendors, owners, a checklist about a third implemented, some evidence.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from soc2wizard import services
from soc2wizard.domain.answers import parse_answers

DEMO_NAME = "Tidewater Health"

PEOPLE = {
    "CEO": "Maya Okafor",
    "CTO": "Daniel Reyes",
    "Engineering lead": "Priya Natarajan",
    "Security lead": "Priya Natarajan",
    "People operations": "Jonas Lindqvist",
    "Finance": "Hannah Cho",
    "Office manager": "Jonas Lindqvist",
    "Privacy lead": "Maya Okafor",
}


def demo_answers(today: dt.date | None = None) -> dict:
    today = today or dt.date.today()
    start = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    deadline = start.replace(year=start.year + 1) - dt.timedelta(days=1)
    return {
        "format": "soc2wizard-answers/1",
        "company": {"name": DEMO_NAME, "industry": "healthcare", "employees": 38, "engineers": 14, "offices": 1},
        "data": ["personal", "health", "customer_confidential"],
        "hosting": ["aws"],
        "customers": {
            "enterprise": True,
            "government": False,
            "international": False,
            "requested_report": "type2",
            "deadline": deadline.isoformat(),
            "uptime_commitment": True,
        },
        "practices": {
            "mfa": True,
            "sso": True,
            "encryption_at_rest": True,
            "change_management": True,
            "central_logging": False,
            "written_policies": False,
            "incident_response_plan": False,
            "background_checks": True,
            "security_training": False,
            "vendor_reviews": False,
            "tested_backups": False,
            "vulnerability_scanning": True,
        },
        "plan": {
            "start": start.isoformat(),
            "report_type": "type2",
            "observation_months": 3,
            # What the advice recommends for a scheduling service that touches health data
            # and promises uptime (not all five: it is no system of record for patients).
            "criteria": ["security", "availability", "confidentiality"],
            "auditor_tier": "boutique",
            "weekly_hours": 22,
        },
    }


def build_demo(path: Path | str, today: dt.date | None = None) -> services.Session:
    """Create the demo workspace at ``path`` and return it open."""
    today = today or dt.date.today()
    s = services.create_workspace(path, parse_answers(demo_answers(today)))
    try:
        _fill(s, today)
    except BaseException:
        s.close()
        Path(path).unlink(missing_ok=True)
        raise
    return s


def _fill(s: services.Session, today: dt.date) -> None:
    services.update_settings(
        s,
        prepared_for="Tidewater Health leadership team",
        prepared_by="Priya Natarajan",
        assessor_name="Priya Natarajan",
    )
    add = services.add_scope_item
    add(
        s,
        "system",
        "Tidewater Scheduler (web app and API)",
        description="Patient booking, reminders and clinic calendars.",
        customer_data=True,
    )
    add(
        s,
        "system",
        "Patient messaging service",
        description="Sends SMS and e-mail reminders to patients.",
        customer_data=True,
    )
    add(
        s,
        "system",
        "Production database cluster",
        customer_data=True,
        description="Managed PostgreSQL holding appointments and patient contact details.",
    )
    add(
        s,
        "system",
        "Company wiki",
        internal_only=True,
        in_scope=False,
        exclusion_reason="Holds internal documentation only; no customer or patient data.",
    )
    add(
        s,
        "subservice",
        "Amazon Web Services",
        method="carve_out",
        reviewed=True,
        description="Hosting, managed database and backups (us-east-1).",
    )
    add(s, "vendor", "Twilio", reviewed=True, description="SMS delivery of appointment reminders.")
    add(s, "vendor", "Google Workspace", reviewed=False, description="E-mail and documents.")
    add(s, "vendor", "Zendesk", reviewed=False, description="Customer support tickets, may hold patient names.")
    add(s, "location", "Portland office", description="Staff office; no servers on site.")

    rows = services.checklist(s)
    implemented = [r for r in rows if r.state.status == "implemented"]
    # Most foundational controls are under way; a share of them done.
    for i, row in enumerate(r for r in rows if r.state.status == "not_started"):
        c = row.control
        owner = PEOPLE.get(c.owner_role, "Daniel Reyes")
        due = today + dt.timedelta(days=14 * (1 + i % 10))
        if c.priority == 1 and i % 3 == 0:
            services.update_control(s, c.id, status="implemented", owner=owner)
            implemented.append(row)
        elif c.priority == 1 or i % 4 == 0:
            services.update_control(s, c.id, status="in_progress", owner=owner, due_date=due)
        elif i % 2 == 0:
            services.update_control(s, c.id, owner=owner, due_date=due)
    for row in implemented:
        c = row.control
        if not services.control_state(s, c.id).owner:
            services.update_control(s, c.id, owner=PEOPLE.get(c.owner_role, "Daniel Reyes"))
    if rows:
        first = rows[-1].control
        if first.priority >= 2:
            services.update_control(
                s,
                first.id,
                status="not_applicable",
                na_reason="Tidewater runs no on-site servers; AWS covers this under the carve-out.",
            )
    # Evidence for two of every three implemented controls: exports, screenshots, links.
    for i, row in enumerate(implemented):
        c = row.control
        if i % 3 == 2:
            continue
        if i % 2 == 0:
            body = (
                f"Evidence for {c.id} {c.title}\nCollected {today.isoformat()} by "
                f"{PEOPLE.get(c.owner_role, 'Daniel Reyes')}.\n"
            ).encode()
            services.add_evidence_bytes(
                s,
                c.id,
                name=f"{c.id.lower()}-evidence.txt",
                content=body,
                occurred_on=today - dt.timedelta(days=i % 20),
            )
        else:
            services.add_evidence_link(
                s,
                c.id,
                f"https://wiki.tidewater.example/security/{c.id.lower()}",
                name=f"{c.title} (wiki page)",
                occurred_on=today - dt.timedelta(days=7 + i % 30),
            )
