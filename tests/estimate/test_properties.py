"""Properties: an input moves the estimate the right way, whatever the company."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from soc2wizard.domain import vocab
from soc2wizard.domain.records import Override
from soc2wizard.estimate.plan import build_plan

from .conftest import TODAY, answers, make_catalog, rows_for, system

CAT = make_catalog()
EXTRA = [k for k in vocab.CRITERIA if k != "security"]

profiles = st.fixed_dictionaries(
    {
        "employees": st.integers(1, 600),
        "report_type": st.sampled_from(["type1", "type2"]),
        "months": st.sampled_from([3, 6, 9, 12]),
        "tier": st.sampled_from(list(vocab.AUDITOR_TIERS)),
        "hours": st.integers(1, 200),
        "criteria": st.lists(st.sampled_from(EXTRA), unique=True),
        "data": st.lists(st.sampled_from(list(vocab.DATA_KINDS)), unique=True),
    }
)


def _answers(p, **plan):
    doc_plan = {
        "start": "2026-12-07",
        "report_type": p["report_type"],
        "observation_months": p["months"],
        "auditor_tier": p["tier"],
        "weekly_hours": p["hours"],
        "criteria": ["security", *p["criteria"]],
    }
    doc_plan.update(plan)
    return answers(company={"name": "P", "employees": p["employees"], "engineers": 0}, data=p["data"], plan=doc_plan)


def _plan(a, overrides=()):
    return build_plan(
        a, rows_for(a, CAT), [system("App", customer_data=True)], list(overrides), today=TODAY, catalog=CAT
    )


@settings(max_examples=40, deadline=None)
@given(profiles, st.sampled_from(EXTRA))
def test_more_criteria_are_never_cheaper_or_faster(p, extra):
    """Adding a criterion never lowers the cost or shortens the timeline."""
    a = _answers(p, criteria=["security", *p["criteria"]])
    b = _answers(p, criteria=["security", *sorted(set(p["criteria"]) | {extra})])
    pa, pb = _plan(a), _plan(b)
    assert pb.budget.low >= pa.budget.low and pb.budget.high >= pa.budget.high
    assert pb.timeline.report_date_latest >= pa.timeline.report_date_latest


@settings(max_examples=40, deadline=None)
@given(profiles, st.integers(1, 200))
def test_more_weekly_hours_are_never_slower(p, more):
    """More hours a week never moves the report later."""
    slow, fast = _plan(_answers(p)), _plan(_answers(p, weekly_hours=min(p["hours"] + more, 400)))
    assert fast.timeline.report_date_latest <= slow.timeline.report_date_latest
    assert fast.timeline.report_date_earliest <= slow.timeline.report_date_earliest


@settings(max_examples=40, deadline=None)
@given(profiles, st.sampled_from([3, 6, 9, 12]), st.sampled_from([3, 6, 9, 12]))
def test_a_longer_window_is_never_earlier(p, m1, m2):
    """A Type II with a longer observation window never reports sooner."""
    short, long_ = sorted((m1, m2))
    a = _plan(_answers(p, report_type="type2", observation_months=short))
    b = _plan(_answers(p, report_type="type2", observation_months=long_))
    assert b.timeline.report_date_earliest >= a.timeline.report_date_earliest
    assert b.timeline.report_date_latest >= a.timeline.report_date_latest


@settings(max_examples=40, deadline=None)
@given(
    profiles,
    st.sampled_from(["pentest", "tooling.platform", "staff.rate", "training.per_employee"]),
    st.integers(0, 50_000),
    st.integers(0, 50_000),
)
def test_an_override_replaces_the_figure(p, key, x, y):
    """An override's low and high are the figure the plan uses, with the default kept."""
    low, high = sorted((x, y))
    plan = _plan(_answers(p), [Override(key, low, high)])
    used = next(a for a in plan.assumptions if a.key == key)
    assert (used.low, used.high, used.overridden) == (low, high, True)
    assert used.default_low is not None
    if key == "pentest" and "payment_card" not in p["data"]:
        item = next(i for i in plan.budget.items if i.id == "pentest")
        assert abs(item.low - low) <= 50 and abs(item.high - high) <= 50
