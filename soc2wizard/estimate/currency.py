"""The plan's money in the display currency: converted once, here, for every output.

The estimate is worked out in US dollars (the published figures' currency);
``convert_plan`` then gives the same plan with every money figure in the
user's currency, at the user's own rate, rounded as the dollar figures are.
The dollar budget stays in ``Budget.published`` so the app, the summary and
the PDF can show the published figures beside the converted ones.
"""

from __future__ import annotations

from dataclasses import replace

from soc2wizard.domain.display import Currency
from soc2wizard.estimate.budget import round_money
from soc2wizard.estimate.model import Budget, PlanEstimate


def convert_budget(b: Budget, c: Currency) -> Budget:
    """``b`` (in US dollars) in currency ``c``; the totals are the sums of the converted items."""
    items = tuple(replace(i, low=round_money(c.convert(i.low)), high=round_money(c.convert(i.high))) for i in b.items)
    renewal = tuple(
        replace(i, low=round_money(c.convert(i.low)), high=round_money(c.convert(i.high))) for i in b.renewal_items
    )
    return Budget(
        currency=c.code,
        items=items,
        low=sum(i.low for i in items if i.in_total),
        high=sum(i.high for i in items if i.in_total),
        renewal_low=sum(i.low for i in renewal) if renewal else round_money(c.convert(b.renewal_low)),
        renewal_high=sum(i.high for i in renewal) if renewal else round_money(c.convert(b.renewal_high)),
        renewal_items=renewal,
        published=b,
        rate=c.rate,
        rate_note=c.describe(),
    )


def convert_plan(plan: PlanEstimate, c: Currency) -> PlanEstimate:
    """The plan with its budget and what each criterion adds in ``c``; unchanged for US dollars."""
    if not c.converted:
        return plan
    criteria = tuple(
        replace(
            x,
            adds_cost_low=round_money(c.convert(x.adds_cost_low)),
            adds_cost_high=round_money(c.convert(x.adds_cost_high)),
        )
        for x in plan.criteria
    )
    return replace(plan, criteria=criteria, budget=convert_budget(plan.budget, c))
