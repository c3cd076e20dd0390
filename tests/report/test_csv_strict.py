"""Checklist CSV imports are strict: every fault is a numbered line and nothing is imported."""

from __future__ import annotations

import pytest

from soc2wizard import services
from soc2wizard.domain.errors import FieldError


def _ids(s, n=3):
    return [r.control.id for r in services.checklist(s)[:n]]


def _import(s, tmp_path, text: str) -> int:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return services.import_checklist_csv(s, path)


def test_an_unterminated_quote_is_refused_with_its_line(workspace, tmp_path):
    """An open quote no longer swallows the lines after it into one owner: line 3 is named, nothing changes."""
    a, b, c = _ids(workspace)
    text = f'Control ID,Owner\n{a},Dana\n{b},"Sam\n{c},Lee\n'
    with pytest.raises(FieldError) as err:
        _import(workspace, tmp_path, text)
    assert err.value.path == "line 3" and "never closed" in err.value.message
    assert services.control_state(workspace, a).owner == ""


def test_a_quote_closed_lines_later_in_a_one_line_field_is_refused(workspace, tmp_path):
    """A quote closed far below would merge lines into one owner: the owner cell may not span lines."""
    a, b, c = _ids(workspace)
    text = f'Control ID,Owner,Notes\n{a},"Dana\n{b},Sam\n{c}",Lee\n'
    with pytest.raises(FieldError) as err:
        _import(workspace, tmp_path, text)
    assert err.value.path == "line 2" and "Owner cell runs over several lines" in err.value.message


def test_a_row_with_a_cell_missing_is_refused_not_read_as_empty(workspace, tmp_path):
    """A short row is refused rather than emptying the fields it lacks."""
    a, b, _ = _ids(workspace)
    services.update_control(workspace, b, owner="Keep me")
    text = f"Control ID,Owner,Notes\n{a},Dana,fine\n{b},only two\n"
    with pytest.raises(FieldError) as err:
        _import(workspace, tmp_path, text)
    assert err.value.path == "line 3" and "has 2 cells but the header has 3" in err.value.message
    assert services.control_state(workspace, b).owner == "Keep me"


def test_a_stray_quote_inside_a_cell_is_refused(workspace, tmp_path):
    """A quote in the middle of a cell is a numbered error."""
    a, _, _ = _ids(workspace)
    with pytest.raises(FieldError) as err:
        _import(workspace, tmp_path, f'Control ID,Owner\n{a},"Dana"x\n')
    assert err.value.path == "line 2" and "not valid CSV" in err.value.message


def test_not_utf8_names_the_line(workspace, tmp_path):
    """Text that is not UTF-8 names the line it is on."""
    a, _, _ = _ids(workspace)
    path = tmp_path / "latin1.csv"
    path.write_bytes(f"Control ID,Owner\n{a},Dana\n{a},Jos\xe9\n".encode("latin-1"))
    with pytest.raises(FieldError) as err:
        services.import_checklist_csv(workspace, path)
    assert err.value.path == "line 3" and "UTF-8" in err.value.message


@pytest.mark.parametrize("note", ["'=1+1", "'hello", "=SUM(A1)", "''=x", "-5 days", "'"])
def test_notes_round_trip_through_the_apps_own_csv(workspace, tmp_path, note):
    """Export then import: a note starting with an apostrophe or a formula sign comes back exactly."""
    cid = _ids(workspace, 1)[0]
    services.update_control(workspace, cid, notes=note)
    out = tmp_path / "plan.csv"
    services.export_csv(workspace, out)
    services.update_control(workspace, cid, notes="changed")
    services.import_checklist_csv(workspace, out)
    assert services.control_state(workspace, cid).notes == note
