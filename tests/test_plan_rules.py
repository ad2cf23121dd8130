"""The support plan's rules, with worked examples computed by hand."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from portal.plans.rules import (
    IN_FORCE,
    TRANSITIONS,
    Change,
    DirectPaymentTerms,
    Frequency,
    Management,
    PlanForSubmission,
    PlanLine,
    Problem,
    Route,
    annual_cost_pence,
    can_move,
    compare_versions,
    decision_route,
    line_problems,
    plan_totals,
    read_quantity,
    replaced_by_approval,
    submission_problems,
)

AGREED = DirectPaymentTerms(recipient_consents=True, agreement_accepted=True)


def line(key: str = "pa", **changes: object) -> PlanLine:
    base = PlanLine(
        key=key,
        description="Personal assistant for swimming",
        unit_cost_pence=1650,
        quantity=Decimal(3),
        frequency=Frequency.WEEK,
        funding_stream="social-care",
        management=Management.MANAGED_BY_COUNCIL,
        outcome_keys=frozenset({"swim"}),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# --- Annual cost ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "quantity", "frequency", "expected"),
    [
        # £16.50 an hour, 3 hours a week, 52 weeks: 1650 × 3 × 52 = 257,400p.
        (1650, Decimal(3), Frequency.WEEK, 257_400),
        # Term time only: 39 school weeks, 1650 × 3 × 39 = 193,050p.
        (1650, Decimal(3), Frequency.TERM_TIME_WEEK, 193_050),
        # A transport budget: 45p a mile, 24 miles a day, 5 days a week in term time:
        # 45 × 120 × 39 = 210,600p.
        (45, Decimal(120), Frequency.TERM_TIME_WEEK, 210_600),
        # £120 a night, 2 nights a month: 12,000 × 2 × 12 = 288,000p.
        (12_000, Decimal(2), Frequency.MONTH, 288_000),
        # A piece of equipment, once: £349.99.
        (34_999, Decimal(1), Frequency.ONCE, 34_999),
        # 2.5 hours at £13.33, 52 weeks: 1333 × 2.5 × 52 = 173,290p exactly.
        (1333, Decimal("2.5"), Frequency.WEEK, 173_290),
        # A third of an hour at £10.01 a year: 1001 × 0.333 = 333.333p, rounded once to 333p.
        (1001, Decimal("0.333"), Frequency.YEAR, 333),
        # 0.5p exactly rounds half up: 1 × 0.5 = 0.5 → 1p.
        (1, Decimal("0.5"), Frequency.YEAR, 1),
    ],
)
def test_annual_cost_worked_examples(
    unit: int, quantity: Decimal, frequency: Frequency, expected: int
) -> None:
    assert annual_cost_pence(unit, quantity, frequency) == expected


def test_a_council_that_counts_38_school_weeks_gets_38() -> None:
    assert annual_cost_pence(1000, Decimal(1), Frequency.TERM_TIME_WEEK, school_weeks=38) == 38_000


def test_a_negative_cost_or_quantity_is_refused() -> None:
    with pytest.raises(ValueError):
        annual_cost_pence(-1, Decimal(1), Frequency.WEEK)
    with pytest.raises(ValueError):
        annual_cost_pence(100, Decimal(-1), Frequency.WEEK)


# --- Totals -------------------------------------------------------------------------------


def test_totals_per_stream_add_the_rounded_lines_and_say_what_is_left() -> None:
    lines = [
        line("pa"),  # 257,400 social care
        line("club", unit_cost_pence=2500, quantity=Decimal(1), frequency=Frequency.MONTH),
        # 30,000 social care
        line("tutor", unit_cost_pence=3000, funding_stream="education", quantity=Decimal(1)),
        # 156,000 education
    ]

    totals = plan_totals(lines, {"social-care": 300_000, "education": 150_000})

    assert totals.planned_by_stream == {"social-care": 287_400, "education": 156_000}
    assert totals.planned_total == 443_400
    assert totals.budget_total == 450_000
    assert totals.left_total == 6_600
    assert totals.left_by_stream() == {"education": -6_000, "social-care": 12_600}
    # Under budget in all, but education's own pot is overspent: that is over budget.
    assert totals.over_budget


def test_a_stream_with_no_budget_is_over_budget_when_it_is_used() -> None:
    totals = plan_totals([line(funding_stream="health")], {"social-care": 500_000})

    assert totals.left_by_stream() == {"health": -257_400, "social-care": 500_000}
    assert totals.over_budget


def test_a_plan_exactly_on_budget_is_not_over() -> None:
    totals = plan_totals([line()], {"social-care": 257_400})

    assert totals.left_total == 0
    assert not totals.over_budget


# --- How the money is managed ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "terms", "code"),
    [
        ({"is_school_place": True}, AGREED, "direct_payment_buys_school_place"),
        ({"on_school_premises": True}, AGREED, "school_premises_without_agreement"),
        ({"is_personal_assistant": True}, AGREED, "personal_assistant_without_safety_checks"),
        (
            {"pays_close_relative_in_household": True},
            AGREED,
            "close_relative_without_council_agreement",
        ),
        ({}, DirectPaymentTerms(agreement_accepted=True), "direct_payment_without_consent"),
        ({}, DirectPaymentTerms(recipient_consents=True), "direct_payment_without_agreement"),
        (
            {"funding_stream": "health"},
            AGREED,
            "health_direct_payment_without_nhs_agreement",
        ),
    ],
)
def test_direct_payment_rules_are_explained_on_the_line(
    changes: dict[str, object], terms: DirectPaymentTerms, code: str
) -> None:
    problems = line_problems(line(management=Management.DIRECT_PAYMENT, **changes), terms)

    assert problems == [Problem(code, "pa")]


def test_a_direct_payment_that_meets_every_rule_has_no_problems() -> None:
    paid_directly = line(
        management=Management.DIRECT_PAYMENT,
        is_personal_assistant=True,
        safety_checks_confirmed=True,
        on_school_premises=True,
        setting_agreed=True,
    )

    assert line_problems(paid_directly, AGREED) == []


def test_a_close_relative_paid_from_health_money_is_not_a_social_care_rule() -> None:
    health = line(
        management=Management.DIRECT_PAYMENT,
        funding_stream="health",
        pays_close_relative_in_household=True,
    )
    terms = replace(AGREED, nhs_agreed_health_plan=True)

    assert line_problems(health, terms) == []


def test_a_school_place_is_fine_when_the_council_arranges_it() -> None:
    arranged = line(management=Management.NOTIONAL, is_school_place=True, council_commissioned=True)

    assert line_problems(arranged, DirectPaymentTerms()) == []


def test_a_notional_budget_only_buys_what_the_council_arranges() -> None:
    problems = line_problems(line(management=Management.NOTIONAL), DirectPaymentTerms())

    assert problems == [Problem("notional_for_service_council_does_not_arrange", "pa")]


def test_a_broker_managed_account_names_the_broker() -> None:
    unnamed = line(management=Management.MANAGED_BY_BROKER, broker_name="  ")
    named = line(management=Management.MANAGED_BY_BROKER, broker_name="Brackenshire Brokerage")

    assert line_problems(unnamed, DirectPaymentTerms()) == [Problem("broker_not_named", "pa")]
    assert line_problems(named, DirectPaymentTerms()) == []


def test_a_line_serves_at_least_one_outcome() -> None:
    problems = line_problems(line(outcome_keys=frozenset()), DirectPaymentTerms())

    assert problems == [Problem("no_outcome", "pa")]


@pytest.mark.parametrize("quantity", [Decimal(0), Decimal("168.01"), Decimal(4000)])
def test_a_quantity_out_of_range_is_a_problem(quantity: Decimal) -> None:
    problems = line_problems(line(quantity=quantity), DirectPaymentTerms())

    assert problems == [Problem("quantity_out_of_range", "pa")]


def test_a_local_offer_price_changed_without_a_reason_is_a_problem() -> None:
    changed = line(local_offer_unit_cost_pence=1500)

    assert line_problems(changed, DirectPaymentTerms()) == [
        Problem("price_differs_without_reason", "pa")
    ]
    explained = replace(changed, price_reason="Two staff are needed for this session")
    assert line_problems(explained, DirectPaymentTerms()) == []
    assert line_problems(line(local_offer_unit_cost_pence=1650), DirectPaymentTerms()) == []


# --- Sending the plan ---------------------------------------------------------------------


def test_an_empty_plan_says_everything_it_lacks() -> None:
    plan = PlanForSubmission(lines=[], outcome_keys=frozenset())

    codes = [problem.code for problem in submission_problems(plan, {"social-care": 100})]

    assert codes == ["no_outcomes", "no_lines", "no_contingency"]


def test_a_plan_over_budget_needs_a_justification_to_be_sent() -> None:
    plan = PlanForSubmission(
        lines=[line()], outcome_keys=frozenset({"swim"}), contingency="Grandma steps in"
    )

    assert submission_problems(plan, {"social-care": 200_000}) == [
        Problem("over_budget_without_justification")
    ]
    justified = replace(plan, over_budget_justification="Two-to-one support in the pool")
    assert submission_problems(justified, {"social-care": 200_000}) == []


def test_a_line_pointing_at_an_outcome_that_is_not_in_the_plan_is_a_problem() -> None:
    plan = PlanForSubmission(
        lines=[line(outcome_keys=frozenset({"gone"}))],
        outcome_keys=frozenset({"swim"}),
        contingency="Grandma steps in",
    )

    assert submission_problems(plan, {"social-care": 300_000}) == [Problem("unknown_outcome", "pa")]


@pytest.mark.parametrize(
    ("budget", "limit", "route"),
    [
        (300_000, 300_000, Route.OFFICER),  # within the officer's limit
        (300_000, 257_399, Route.PANEL),  # a penny over the limit
        (300_000, None, Route.PANEL),  # no delegated authority
        (257_399, 1_000_000, Route.PANEL),  # over budget goes to panel whatever the limit
    ],
)
def test_who_decides_the_plan(budget: int, limit: int | None, route: Route) -> None:
    totals = plan_totals([line()], {"social-care": budget})

    assert decision_route(totals, limit) is route


# --- Review: what changed -----------------------------------------------------------------


def test_a_review_shows_each_line_added_removed_or_changed_in_money() -> None:
    before = [line("pa"), line("club", unit_cost_pence=2500, frequency=Frequency.MONTH)]
    after = [
        line("pa", quantity=Decimal(4)),  # 1650 × 4 × 52 = 343,200 (was 257,400)
        line("camp", unit_cost_pence=9000, quantity=Decimal(5), frequency=Frequency.ONCE),
    ]

    changes = {change.key: change for change in compare_versions(before, after)}

    assert changes["pa"].change is Change.CHANGED
    assert changes["pa"].fields == ("quantity",)
    assert changes["pa"].difference == 85_800
    assert changes["camp"].change is Change.ADDED and changes["camp"].difference == 45_000
    assert changes["club"].change is Change.REMOVED and changes["club"].difference == -90_000
    assert list(changes) == ["pa", "camp", "club"]


def test_an_unchanged_line_is_the_same() -> None:
    [change] = compare_versions([line()], [line()])

    assert change.change is Change.SAME and change.difference == 0 and change.fields == ()


def test_a_line_whose_management_is_not_chosen_cannot_be_sent() -> None:
    problems = line_problems(line(management=None), DirectPaymentTerms())
    assert [p.code for p in problems] == ["management_not_chosen"]


def test_a_plan_without_a_budget_cannot_be_sent_and_is_not_called_over_budget() -> None:
    plan = PlanForSubmission(
        lines=[line()], outcome_keys=frozenset({"swim"}), contingency="Gran", has_budget=False
    )
    codes = [p.code for p in submission_problems(plan, {})]
    assert codes == ["no_budget"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3", Decimal(3)),
        (" 2.5 ", Decimal("2.5")),
        ("168", Decimal(168)),
        ("0.25", Decimal("0.25")),
        ("0", None),
        ("169", None),
        ("1e3", None),
        ("NaN", None),
        ("-1", None),
        ("2.555", None),
        ("", None),
        ("٣", None),
    ],
)
def test_reading_a_quantity(typed, expected) -> None:
    assert read_quantity(typed) == expected


def test_a_first_direct_payment_is_reviewed_within_three_months_and_then_yearly() -> None:
    from datetime import date

    from portal.plans.rules import add_months, review_due_on

    assert review_due_on(date(2027, 1, 15), starts_direct_payment=True) == date(2027, 4, 15)
    assert review_due_on(date(2027, 1, 15), starts_direct_payment=False) == date(2028, 1, 15)
    assert review_due_on(date(2027, 1, 15), True, first_review_months=2) == date(2027, 3, 15)
    # The 30th of November plus three months is the last day of February.
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


# Where a version may go


@pytest.mark.parametrize(
    ("from_status", "to_status", "allowed"),
    [
        ("draft", "submitted", True),
        ("submitted", "approved", True),
        ("submitted", "returned", True),
        ("returned", "submitted", True),
        ("approved", "active", True),
        ("approved", "superseded", True),
        ("active", "review_due", True),
        ("active", "superseded", True),
        ("review_due", "superseded", True),
        ("draft", "approved", False),
        ("returned", "approved", False),
        ("approved", "returned", False),
        ("active", "approved", False),
        ("superseded", "active", False),
        ("superseded", "approved", False),
        ("draft", "superseded", False),
        ("submitted", "superseded", False),
        ("nonsense", "submitted", False),
    ],
)
def test_a_version_moves_only_along_the_plan_s_path(from_status, to_status, allowed) -> None:
    assert can_move(from_status, to_status) is allowed


def test_superseded_is_the_end_and_only_versions_in_force_are_superseded() -> None:
    assert TRANSITIONS["superseded"] == frozenset()
    leads_to_superseded = {s for s, targets in TRANSITIONS.items() if "superseded" in targets}
    assert leads_to_superseded == IN_FORCE


def test_approving_a_review_replaces_the_earlier_version_in_force_and_nothing_else() -> None:
    assert replaced_by_approval({1: "active", 2: "approved"}, 2) == [1]
    assert replaced_by_approval({1: "review_due", 2: "approved"}, 2) == [1]
    assert replaced_by_approval({1: "superseded", 2: "active", 3: "approved"}, 3) == [2]
    assert replaced_by_approval({1: "approved"}, 1) == []
    # A later version is never replaced by an earlier one.
    assert replaced_by_approval({1: "approved", 2: "active"}, 1) == []
    assert replaced_by_approval({1: "returned", 2: "approved"}, 2) == []
