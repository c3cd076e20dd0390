"""Drafted sentences read as a person writes them: counts in words, one parenthesis at a time."""

from __future__ import annotations

from soc2wizard import services


def test_overview_reads_as_prose(demo):
    """'working from one office' and 'Name — what it does' rather than '1 office' and '(…) (…)'."""
    overview = services.system_description(demo)[0].text
    assert "working from one office." in overview
    assert "Tidewater Scheduler (web app and API) \u2014 patient booking, reminders and clinic calendars;" in overview
    assert ") (" not in overview
    assert "Patient messaging service \u2014 sends SMS" in overview


def test_mfa_statement_names_the_console_before_the_list_of_systems(demo):
    """The access control policy lists the systems last, so 'and' does not appear twice in a row."""
    p = {p.key: p for p in services.policies(demo)}["access_control"]
    mfa = next(x for x in p.statements if x.startswith("Multi-factor"))
    assert mfa == (
        "Multi-factor authentication is turned on for every account in the Amazon Web Services console and in each "
        "of these systems: Tidewater Scheduler (web app and API), Patient messaging service and Production database "
        "cluster."
    )
