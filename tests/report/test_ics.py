"""The evidence calendar as .ics: parsed back with icalendar and checked against the checklist's occurrences."""

from __future__ import annotations

import datetime as dt

import pytest

from soc2wizard import services
from soc2wizard.cli import main

from .conftest import TODAY

icalendar = pytest.importorskip("icalendar")
rrule = pytest.importorskip("dateutil.rrule")

IN_WINDOW = dt.date(2027, 8, 15)  # the demo's window runs from July to October 2027


def _events(data: bytes) -> list:
    cal = icalendar.Calendar.from_ical(data)
    return [c for c in cal.walk("VEVENT")]


def _dates(e) -> list[dt.date]:
    start = e.decoded("dtstart")
    if "rrule" not in e:
        return [start]
    rule = e["rrule"].to_ical().decode()
    return [d.date() for d in rrule.rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time()))]


def test_every_occurrence_is_an_all_day_event_on_its_due_date(demo, tmp_path):
    """Expanding the file's events gives exactly the calendar's occurrences: control, due date, owner."""
    out = tmp_path / "evidence.ics"
    services.export_calendar(demo, out, today=IN_WINDOW)
    cal = services.evidence_calendar(demo, today=IN_WINDOW)
    expected = sorted((o.control_id, o.due) for o in cal.occurrences)
    got = []
    events = _events(out.read_bytes())
    for e in events:
        summary = str(e["summary"])
        cid = summary.split(" ", 1)[0]
        occ = cal.of(cid)
        assert occ, f"{summary!r} is not a recurring control of the checklist"
        assert occ[0].title in summary
        # All day: a DATE start and the next day as the (exclusive) end.
        start, end = e.decoded("dtstart"), e.decoded("dtend")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
        for d in _dates(e):
            got.append((cid, d))
        desc = str(e["description"])
        assert "Evidence to keep:" in desc
        for item in occ[0].evidence:
            assert f"- {item}" in desc
        if occ[0].owner:
            assert str(e["contact"]) == occ[0].owner and f"Owner: {occ[0].owner}" in desc
        assert isinstance(e.decoded("dtstamp"), dt.datetime)
    assert sorted(got) == expected
    assert len(expected) > len(events)  # the daily backups are one RRULE per span, not hundreds of events
    raw = out.read_bytes()
    assert raw.count(b"VALUE=DATE:") == 2 * len(events)


def test_the_file_is_rfc5545_text_that_calendar_apps_import(demo, tmp_path):
    """PRODID and VERSION, CRLF line endings, lines folded at 75 octets, a calendar name, unique UIDs."""
    out = tmp_path / "evidence.ics"
    services.export_calendar(demo, out, today=IN_WINDOW)
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["version"]) == "2.0" and str(cal["prodid"]).startswith("-//soc2wizard//")
    assert str(cal["method"]) == "PUBLISH"
    assert str(cal["x-wr-calname"]) == "SOC 2 evidence: Tidewater Health"
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_re_export_keeps_the_uids_and_raises_the_sequence(demo, tmp_path):
    """Exporting again after an edit gives the same UIDs (an update, not duplicates) with a higher SEQUENCE."""
    first = _events(services.calendar_ics(demo, today=IN_WINDOW))
    cal = services.evidence_calendar(demo, today=IN_WINDOW)
    cid = next(o.control_id for o in cal.occurrences if o.frequency == "quarterly")
    services.update_control(demo, cid, owner="Sam Okafor")
    later = dt.datetime(2027, 8, 16, 9, 30, tzinfo=dt.timezone.utc)
    second = _events(services.calendar_ics(demo, today=IN_WINDOW, stamp=later))
    assert sorted(str(e["uid"]) for e in first) == sorted(str(e["uid"]) for e in second)
    before = {str(e["uid"]): e for e in first}
    for e in second:
        assert int(e["sequence"]) > int(before[str(e["uid"])]["sequence"])
        assert e.decoded("dtstamp") == later
    mine = [e for e in second if str(e["summary"]).startswith(cid + " ")]
    assert mine and all(str(e["contact"]) == "Sam Okafor" for e in mine)


def test_overdue_occurrences_say_so_in_their_description(demo):
    """An occurrence past its due date with no evidence dated in its period reads 'Overdue'."""
    cal = services.evidence_calendar(demo, today=IN_WINDOW)
    late = next(o for o in cal.overdue if o.frequency != "daily")
    events = _events(services.calendar_ics(demo, today=IN_WINDOW))
    match = [
        e for e in events if str(e["summary"]).startswith(late.control_id + " ") and e.decoded("dtstart") == late.due
    ]
    assert len(match) == 1 and "Status when exported: Overdue." in str(match[0]["description"])
    # A daily control's series counts its overdue days.
    daily = [o for o in cal.occurrences if o.frequency == "daily" and o.span == "window"]
    series = next(e for e in events if "rrule" in e and str(e["summary"]).startswith(daily[0].control_id + " "))
    n = sum(o.status == "overdue" for o in daily)
    assert n and f"{n} overdue" in str(series["description"])


def test_calendar_command_writes_the_file_and_reports_counts(demo, tmp_path, capsys):
    """`calendar FILE --ics OUT` writes the file; a missing workspace is a one-line error, exit 1."""
    path = demo.path
    demo.close()
    out = tmp_path / "out.ics"
    assert main(["calendar", str(path), "--ics", str(out), "--date", IN_WINDOW.isoformat()]) == 0
    text = capsys.readouterr().out
    assert f"Wrote {out}:" in text and "overdue" in text
    assert _events(out.read_bytes())
    assert main(["calendar", str(tmp_path / "none.soc2"), "--ics", str(out)]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err and len(err.strip().splitlines()) == 1


def test_the_demo_before_its_window_has_nothing_overdue(demo):
    """On the demo's own date the window has not begun: nothing is overdue."""
    assert not services.evidence_calendar(demo, today=TODAY).overdue


def test_non_latin_owners_fold_without_breaking_characters(demo):
    """A Japanese owner's name survives folding: every line is whole UTF-8 and at most 75 octets."""
    cal = services.evidence_calendar(demo, today=IN_WINDOW)
    cid = next(o.control_id for o in cal.occurrences if o.frequency == "quarterly")
    owner = "山田太郎 — セキュリティ担当者の長い名前テスト"
    services.update_control(demo, cid, owner=owner)
    raw = services.calendar_ics(demo, today=IN_WINDOW)
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # a fold never splits a character
    mine = [e for e in _events(raw) if str(e["summary"]).startswith(cid + " ")]
    assert mine and all(str(e["contact"]) == owner for e in mine)
    assert all(f"Owner: {owner}" in str(e["description"]) for e in mine)
