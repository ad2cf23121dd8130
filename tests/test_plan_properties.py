"""Properties of the plan's money that must hold for any plan, checked with Hypothesis."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from portal.plans.rules import (
    Frequency,
    Management,
    PlanLine,
    annual_cost_pence,
    compare_versions,
    plan_totals,
)

STREAMS = ("social-care", "education", "health")
unit_costs = st.integers(min_value=0, max_value=10_000_000)
quantities = st.decimals(min_value=0, max_value=168, places=2, allow_nan=False)
frequencies = st.sampled_from(list(Frequency))


@st.composite
def plan_lines(draw: st.DrawFn) -> list[PlanLine]:
    count = draw(st.integers(min_value=0, max_value=12))
    return [
        PlanLine(
            key=f"line-{index}",
            description="Support",
            unit_cost_pence=draw(unit_costs),
            quantity=draw(quantities),
            frequency=draw(frequencies),
            funding_stream=draw(st.sampled_from(STREAMS)),
            management=draw(st.sampled_from(list(Management))),
            outcome_keys=frozenset({"o"}),
        )
        for index in range(count)
    ]


budgets = st.dictionaries(
    st.sampled_from(STREAMS), st.integers(min_value=0, max_value=100_000_000), max_size=3
)


@given(plan_lines(), budgets)
def test_the_stream_totals_add_up_exactly_to_the_plan_total(
    lines: list[PlanLine], budget: dict[str, int]
) -> None:
    totals = plan_totals(lines, budget)

    assert sum(totals.planned_by_stream.values()) == totals.planned_total
    assert totals.planned_total == sum(line.annual_cost() for line in lines)
    assert sum(totals.left_by_stream().values()) == totals.left_total


@given(unit_costs, quantities, quantities, frequencies)
def test_more_of_a_service_never_costs_less(
    unit: int, first: Decimal, second: Decimal, frequency: Frequency
) -> None:
    fewer, more = sorted((first, second))

    assert annual_cost_pence(unit, fewer, frequency) <= annual_cost_pence(unit, more, frequency)


@given(unit_costs, quantities)
def test_term_time_never_costs_more_than_every_week(unit: int, quantity: Decimal) -> None:
    term_time = annual_cost_pence(unit, quantity, Frequency.TERM_TIME_WEEK)

    assert term_time <= annual_cost_pence(unit, quantity, Frequency.WEEK)


@given(plan_lines(), plan_lines())
def test_the_changes_between_versions_account_for_every_penny(
    before: list[PlanLine], after: list[PlanLine]
) -> None:
    changes = compare_versions(before, after)

    old_total = sum(line.annual_cost() for line in before)
    new_total = sum(line.annual_cost() for line in after)
    assert sum(change.difference for change in changes) == new_total - old_total
