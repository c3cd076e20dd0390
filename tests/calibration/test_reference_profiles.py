"""Every reference profile lands in its published range; more of a cost driver never costs less.

The table lives in reference_profiles.py: each row names the figures.md row it
comes from. A change to the engine or the assumptions that moves an estimate
out of its published range fails here, naming the profile and the source.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import profile, summarise
from .reference_profiles import ROWS, Row

WEEKS_PER_MONTH = 52 / 12


def _item(summary: dict[str, Any], item_id: str, renewal: bool = False) -> dict[str, Any]:
    items = summary["cost"]["renewal"]["items"] if renewal else summary["cost"]["items"]
    return next(i for i in items if i["id"] == item_id)


def measure(summary: dict[str, Any], figure: str) -> tuple[float, float]:
    """The estimate's low and high for one figure, read from ``summary --json``."""
    t, c = summary["timeline"], summary["cost"]
    if figure == "months":
        return t["weeks_low"] / WEEKS_PER_MONTH, t["weeks_high"] / WEEKS_PER_MONTH
    if figure == "remediation_weeks":
        rem = next(p for p in t["phases"] if p["id"] == "remediation")
        return rem["weeks_low"], rem["weeks_high"]
    if figure == "cash_total":
        return c["low"], c["high"]
    if figure == "renewal_audit":
        first, again = _item(summary, "audit_fee"), _item(summary, "audit_fee", renewal=True)
        return again["low"] / first["low"], again["high"] / first["high"]
    if figure == "vciso_rate":
        # Readiness help's high end over the months it runs (the longer of readiness and remediation).
        months = max(p["weeks_high"] for p in t["phases"] if p["id"] in ("readiness", "remediation")) / WEEKS_PER_MONTH
        rate = _item(summary, "readiness_help")["high"] / months
        return rate, rate
    if figure == "preparation_share":
        # Everything but the audit fee, in the cash total, against the audit fee (figures.md: 1–2.5x).
        fee = _item(summary, "audit_fee")
        return (c["low"] - fee["low"]) / fee["low"], (c["high"] - fee["high"]) / fee["high"]
    if figure == "renewal_audit_type2":
        again = _item(summary, "audit_fee", renewal=True)
        return again["low"], again["high"]
    item = _item(summary, figure)
    return item["low"], item["high"]


def lands(row: Row, low: float, high: float) -> bool:
    # Rounding to $100 (and weeks to a tenth) moves a ratio by a hair.
    tol = 0.01 * (row.high - row.low) if row.figure in ("renewal_audit", "vciso_rate") else 0
    if row.mode == "within":
        return row.low - tol <= low <= high <= row.high + tol
    if row.mode == "midpoint":
        return row.low <= (low + high) / 2 <= row.high
    raise AssertionError(f"unknown mode {row.mode!r}")


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.profile}-{r.figure}-{r.mode}" for r in ROWS])
def test_profile_lands_in_its_published_range(row: Row):
    """The estimate for this profile lands where figures.md says it should."""
    low, high = measure(summarise(profile(row.profile)), row.figure)
    assert lands(row, low, high), (
        f"{row.profile}: {row.figure} {low:,.1f}–{high:,.1f} {row.unit} is outside {row.low:,}–{row.high:,} "
        f"({row.mode}); source: {row.source}"
    )


def test_the_table_is_wide_enough():
    """At least twelve profiles, covering small and large, scratch and mature, both types, tiers, card, health, federal."""
    ids = {r.profile for r in ROWS}
    assert len(ids) >= 12
    assert all(r.source.startswith("figures.md, ") for r in ROWS)
    profiles = [profile(i) for i in ids]
    assert {p.plan.get("report_type") for p in profiles} == {"type1", "type2"}
    assert {p.plan.get("auditor_tier", "boutique") for p in profiles} == {"boutique", "mid_tier", "big4"}
    assert {p.plan.get("observation_months") for p in profiles} >= {3, 6, 12}
    assert any("payment_card" in p.data for p in profiles)
    assert any({"health", "medical_records"} & set(p.data) for p in profiles)
    assert any(p.customers.get("us_federal") for p in profiles)
    assert min(p.employees for p in profiles) <= 10 and max(p.employees for p in profiles) >= 250
    assert any(p.practices for p in profiles) and any(not p.practices for p in profiles)


def test_a_midpoint_row_never_stands_alone():
    """A row held only by its midpoint sits beside a row holding both ends of the same figure.

    figures.md's typical ranges ("15k–25k typical") hold the middle; a wider
    published range ("5k–40k seen") must hold both ends, so no estimate can
    leave every range it cites at one end.
    """
    held = {(r.profile, r.figure) for r in ROWS if r.mode == "within"}
    loose = [(r.profile, r.figure) for r in ROWS if r.mode != "within" and (r.profile, r.figure) not in held]
    assert not loose
    for r in ROWS:
        if r.mode == "midpoint":
            wide = [w for w in ROWS if (w.profile, w.figure, w.mode) == (r.profile, r.figure, "within")]
            assert all(w.low <= r.low and r.high <= w.high for w in wide), r


# --- monotonic pairs -------------------------------------------------------------


@pytest.mark.parametrize("pid", ["mature_8_type1", "scratch_20_type2_3m", "clinic_scheduling_health_38"])
@pytest.mark.parametrize("fewer,more", [(5, 10), (10, 20), (20, 40), (40, 80)])
def test_more_hours_a_week_are_never_slower(pid: str, fewer: int, more: int):
    """More weekly hours never move the report later; with open work they bring it sooner."""
    slow = summarise(profile(pid), plan__weekly_hours=fewer)["timeline"]
    fast = summarise(profile(pid), plan__weekly_hours=more)["timeline"]
    assert fast["report_date_earliest"] <= slow["report_date_earliest"]
    assert fast["report_date_latest"] <= slow["report_date_latest"]
    if slow["open_hours"] > 0 and fewer <= 20:
        assert fast["report_date_latest"] < slow["report_date_latest"]


@pytest.mark.parametrize("pid", ["small_20_type1_fee", "scratch_40_type2_6m"])
@pytest.mark.parametrize("fewer,more", [(5, 20), (20, 60), (60, 150), (150, 400), (400, 1000)])
def test_more_staff_are_never_cheaper(pid: str, fewer: int, more: int):
    """More people never lower the first year, year two, staff time or the time to report."""
    small = summarise(profile(pid), company__employees=fewer, company__engineers=min(fewer, 4))
    large = summarise(profile(pid), company__employees=more, company__engineers=min(more, 4))
    assert large["cost"]["low"] >= small["cost"]["low"] and large["cost"]["high"] >= small["cost"]["high"]
    assert large["cost"]["renewal"]["low"] >= small["cost"]["renewal"]["low"]
    assert large["cost"]["renewal"]["high"] >= small["cost"]["renewal"]["high"]
    for item in ("staff_time", "tooling", "training"):
        assert _item(large, item)["high"] >= _item(small, item)["high"], item
    assert large["timeline"]["open_hours"] >= small["timeline"]["open_hours"]
    assert large["timeline"]["weeks_high"] >= small["timeline"]["weeks_high"]


CATEGORY_STEPS = [
    ["security"],
    ["security", "confidentiality"],
    ["security", "availability", "confidentiality"],
    ["security", "availability", "processing_integrity", "confidentiality"],
    ["security", "availability", "processing_integrity", "confidentiality", "privacy"],
]


@pytest.mark.parametrize("pid", ["small_20_type1_fee", "midsize_60_type2_boutique"])
@pytest.mark.parametrize("step", range(len(CATEGORY_STEPS) - 1))
def test_more_categories_are_never_cheaper(pid: str, step: int):
    """Adding a Trust Services Category never lowers the fee, the totals or the work."""
    fewer = summarise(profile(pid), plan__criteria=CATEGORY_STEPS[step])
    more = summarise(profile(pid), plan__criteria=CATEGORY_STEPS[step + 1])
    for key in ("low", "high"):
        assert more["cost"][key] >= fewer["cost"][key]
        assert _item(more, "audit_fee")[key] > _item(fewer, "audit_fee")[key]
        assert more["cost"]["renewal"][key] >= fewer["cost"]["renewal"][key]
    assert more["timeline"]["open_hours"] >= fewer["timeline"]["open_hours"]


@pytest.mark.parametrize("pid", ["scratch_20_type2_3m", "mature_20_type2_3m_fast"])
def test_a_longer_window_is_never_sooner(pid: str):
    """3, 6, 9, 12 months: each report date no earlier than the last."""
    dates = [summarise(profile(pid), plan__observation_months=m)["timeline"] for m in (3, 6, 9, 12)]
    for a, b in zip(dates, dates[1:]):
        assert b["report_date_earliest"] > a["report_date_earliest"]
        assert b["report_date_latest"] > a["report_date_latest"]
