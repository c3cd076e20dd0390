"""The answers format: what is accepted, and that every refusal names its field."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soc2wizard.domain.answers import (
    AnswersError,
    answers_to_json,
    loads_answers,
    parse_answers,
)


def test_full_document_parses_to_the_values_written(answers_doc):
    """Every field of a complete answers file lands in the parsed answers."""
    a = parse_answers(answers_doc)
    assert a.company.name == "Acme Health"
    assert a.company.engineers == 12
    assert a.data == ("personal", "health")
    assert a.customers.deadline == dt.date(2027, 9, 30)
    assert a.practices == {"mfa", "encryption_at_rest", "change_management"}
    assert a.plan.criteria == ("security", "availability")
    assert a.plan.observation_months == 3


def test_only_format_and_name_are_required():
    """A minimal file gets defaults and leaves the plan to the recommendation."""
    a = parse_answers({"format": "soc2wizard-answers/1", "company": {"name": "Tiny"}})
    assert a.company.name == "Tiny"
    assert a.plan.report_type is None and a.plan.criteria is None


def test_round_trip_through_json(answers_doc):
    """Writing answers back to the format and reading them gives the same answers."""
    a = parse_answers(answers_doc)
    assert parse_answers(json.loads(json.dumps(answers_to_json(a)))) == a


@pytest.mark.parametrize(
    ("path", "value", "expected_field", "expected_words"),
    [
        (("company", "industry"), "banking", "company.industry", "saas, cloud_infrastructure"),
        (("company", "employees"), -3, "company.employees", "between"),
        (("company", "employees"), "forty", "company.employees", "whole number"),
        (("company", "engineers"), 400, "company.engineers", "more than company.employees"),
        (("customers", "deadline"), "2027-13-40", "customers.deadline", "YYYY-MM-DD"),
        (("customers", "requested_report"), "type3", "customers.requested_report", "type1, type2"),
        (("plan", "observation_months"), 4, "plan.observation_months", "3, 6, 9, 12"),
        (("plan", "criteria"), ["availability"], "plan.criteria", "security"),
        (("plan", "auditor_tier"), "kpmg", "plan.auditor_tier", "boutique, mid_tier, big4"),
        (("practices", "mfa"), "yes", "practices.mfa", "true or false"),
        (("company", "name"), "   ", "company.name", "empty"),
        (("company", "name"), "x" * 500, "company.name", "at most"),
    ],
)
def test_bad_values_name_the_field(answers_doc, path, value, expected_field, expected_words):
    """Each kind of bad value is refused with the field's path and what is allowed."""
    doc = copy.deepcopy(answers_doc)
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    with pytest.raises(AnswersError) as info:
        parse_answers(doc)
    assert info.value.path == expected_field
    assert expected_words in str(info.value)


def test_unknown_keys_are_refused_with_their_path(answers_doc):
    """A typo in a key is an error naming it, not silently ignored."""
    answers_doc["customers"]["dedline"] = "2027-01-01"
    with pytest.raises(AnswersError) as info:
        parse_answers(answers_doc)
    assert info.value.path == "customers.dedline"


def test_bad_list_item_names_its_index(answers_doc):
    """An unknown data kind is reported with its position in the list."""
    answers_doc["data"] = ["personal", "genomes"]
    with pytest.raises(AnswersError) as info:
        parse_answers(answers_doc)
    assert info.value.path == "data[1]"
    assert "payment_card" in str(info.value)


def test_json_syntax_error_names_line_and_column():
    """Broken JSON says where it broke."""
    with pytest.raises(AnswersError) as info:
        loads_answers('{\n  "format": "soc2wizard-answers/1",\n  "company": {"name": }\n}')
    assert "line 3" in str(info.value)


def test_wrong_format_is_refused():
    """A file of another format (or version) is refused by its format field."""
    with pytest.raises(AnswersError) as info:
        parse_answers({"format": "soc2wizard-answers/2", "company": {"name": "A"}})
    assert info.value.path == "format"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    section=st.sampled_from(["company", "customers", "plan", "practices", "data", "hosting"]),
    key=st.sampled_from(
        [
            "name",
            "industry",
            "employees",
            "deadline",
            "criteria",
            "mfa",
            "start",
            "observation_months",
            "weekly_hours",
            "enterprise",
            "zzz",
        ]
    ),
    value=json_values,
)
def test_any_mutation_is_accepted_or_refused_with_a_path(answers_doc, section, key, value):
    """Whatever is put in any field, parsing either succeeds or names a field path."""
    doc = copy.deepcopy(answers_doc)
    if isinstance(doc[section], dict):
        doc[section][key] = value
    else:
        doc[section] = value
    try:
        parse_answers(doc)
    except AnswersError as exc:
        assert exc.path.split(".")[0].split("[")[0] == section
        assert exc.message
