"""Type I or Type II, and how long a window: advice from customers, deadline and maturity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from soc2wizard.domain.answers import Answers
from soc2wizard.estimate.assumptions import Figures
from soc2wizard.estimate.model import ReportChoice
from soc2wizard.estimate.words import day

# (earliest, latest) report date for (report type, observation months or None)
Finish = Callable[[str, "int | None"], "tuple[dt.date, dt.date]"]

# Shown with a Type II plan only: a Type I has no observation window.
CAVEATS: tuple[str, ...] = (
    "A first Type II often uses a 3-month window, and many auditors accept it.",
    "The AICPA sets no minimum window for SOC 2; some buyers still expect 6 months.",
    "Later reports usually cover 12 months, back to back.",
    "A bridge letter, your own signed statement that nothing material changed, covers the gap "
    "between the end of one report's window and the next report, so customers are not left "
    "without assurance.",
)


def maturity(a: Answers, design_share: float | None = None) -> float:
    """How far along the company is, 0–1: the share of applicable controls implemented.

    Practices declared on the profile mark the controls they cover implemented,
    so the checklist already reflects them; only without a checklist does the
    share of practices stand in.
    """
    if design_share is not None:
        return design_share
    from soc2wizard.domain import vocab

    return len(a.practices & set(vocab.PRACTICES)) / len(vocab.PRACTICES)


def advise_report(a: Answers, *, maturity_share: float, finish: Finish, figures: Figures) -> ReportChoice:
    """Recommend a report type and window, with reasons; the plan uses the user's choice if made."""
    cu = a.customers
    reasons: list[str] = []
    caveats: list[str] = []

    if cu.requested_report == "type2":
        rec = "type2"
        reasons.append("Your customers ask for a Type II report, which shows your controls working over time.")
    elif cu.requested_report == "type1":
        rec = "type1"
        reasons.append("Your customers ask for a Type I report, which checks the design of your controls on one day.")
    elif cu.enterprise:
        rec = "type2"
        reasons.append("Enterprise buyers usually want a Type II report; a Type I alone often only buys time.")
    else:
        rec = "type1"
        reasons.append("No customer has asked for a particular type, so a Type I is the quicker, cheaper first step.")

    pct = round(maturity_share * 100)
    if maturity_share >= figures.high("maturity.type2_within_reach") and rec == "type1" and cu.requested_report is None:
        reasons.append(
            f"{pct}% of your controls are already in place, so a Type II is within reach if buyers prefer it."
        )
    elif maturity_share < figures.high("maturity.few_in_place"):
        reasons.append(
            f"Only {pct}% of your controls are in place yet, so expect a long remediation phase before any audit."
        )

    # Observation window: 3 months when time is short or the company is new to this, else 6.
    # (Read only when a Type II is advised: a Type I plan has no window to speak of.)
    type2_plan = (a.plan.report_type or rec) == "type2"
    months = 3 if not type2_plan or maturity_share < figures.high("maturity.six_month_window") else 6
    deadline = cu.deadline
    if deadline is not None:
        if rec == "type2":
            if months == 6 and finish("type2", 6)[1] > deadline:
                months = 3
            t2_early, t2_late = finish("type2", months)
            t1_early, t1_late = finish("type1", None)
            if t2_late <= deadline:
                reasons.append(
                    f"A Type II report with a {months}-month window can be ready by your deadline of {day(deadline)}."
                )
            elif t1_late <= deadline:
                rec = "type1"
                reasons.append(
                    f"A Type II report may not be ready by your deadline of {day(deadline)} (it could take until "
                    f"{day(t2_late)}), but a Type I report can (by {day(t1_late)} at the latest). Get a Type I first, then a Type II; "
                    "a bridge letter from you covers the time in between."
                )
            elif t2_early <= deadline:
                reasons.append(
                    f"A Type II report meets your deadline of {day(deadline)} only if every phase goes quickly; "
                    f"it could take until {day(t2_late)}. Add capacity, or agree the date with your customer."
                )
            else:
                reasons.append(
                    f"Neither report type can be ready by {day(deadline)}: a Type II report will take until "
                    f"{day(t2_early)} at the earliest, a Type I report until {day(t1_early)}. Tell your customer "
                    "the realistic date, or add capacity."
                )
        elif finish("type1", None)[1] > deadline:
            reasons.append(
                f"A Type I report may not be ready by your deadline of {day(deadline)} (it could take until "
                f"{day(finish('type1', None)[1])}); see the timeline's options."
            )
    chosen = a.plan.report_type or rec
    if rec == "type2" and chosen == "type2":
        reasons.append(
            f"A {months}-month observation window: "
            + ("short enough for a first report." if months == 3 else "what many buyers expect.")
        )

    window = (a.plan.observation_months or months) if chosen == "type2" else None
    if chosen == "type2":
        caveats.extend(CAVEATS)
    else:
        caveats.append(
            "Buyers who accept a Type I now usually ask for a Type II within a year: the budget's year two "
            "is that first Type II."
        )
    if chosen == "type1" and cu.requested_report == "type2":
        caveats.insert(0, "A Type I alone will not satisfy customers who asked for Type II; plan the Type II next.")
    return ReportChoice(
        type=chosen,
        recommended_type=rec,
        observation_months=window,
        recommended_months=months,
        reasons=tuple(reasons),
        caveats=tuple(caveats),
    )
