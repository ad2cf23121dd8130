"""The rules of a support plan: what each line costs in a year, the totals against the
indicative budget, how each part of the money may be managed, and what changed between
two versions.

Plain values in, plain values out: no Flask, no database. Problems come back as codes
with the line they belong to; the pages turn each code into words a parent understands.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

# Schools in England are open 39 weeks a year; councils may count differently, so the
# pages pass their own figure (the PLAN_SCHOOL_WEEKS setting).
SCHOOL_WEEKS = 39
# A quantity is a number of units (hours, sessions, miles) per occurrence; the most a
# line can hold keeps a typing slip ("4000" hours a week) from passing as a plan.
MAX_QUANTITY = Decimal(168)


class Frequency(StrEnum):
    WEEK = "week"
    TERM_TIME_WEEK = "term_time_week"
    MONTH = "month"
    YEAR = "year"
    ONCE = "once"


class Management(StrEnum):
    """How a part of the budget is held (SEN (Personal Budgets) Regulations 2014)."""

    DIRECT_PAYMENT = "direct_payment"
    MANAGED_BY_COUNCIL = "managed_by_council"
    MANAGED_BY_BROKER = "managed_by_broker"
    NOTIONAL = "notional"


_QUANTITY = re.compile(r"\d{1,3}(?:\.\d{1,2})?", re.ASCII)


def read_quantity(text: str) -> Decimal | None:
    """What a person types for a quantity ("3", "2.5") as a Decimal; None for anything
    else, including zero and more than MAX_QUANTITY. Checked by shape before Decimal sees
    it, so "1e3" or "NaN" are refused rather than read."""
    cleaned = text.strip()
    if not _QUANTITY.fullmatch(cleaned):
        return None
    quantity = Decimal(cleaned)
    return quantity if Decimal(0) < quantity <= MAX_QUANTITY else None


def occurrences_per_year(frequency: Frequency, school_weeks: int = SCHOOL_WEEKS) -> int:
    return {
        Frequency.WEEK: 52,
        Frequency.TERM_TIME_WEEK: school_weeks,
        Frequency.MONTH: 12,
        Frequency.YEAR: 1,
        Frequency.ONCE: 1,
    }[frequency]


def annual_cost_pence(
    unit_cost_pence: int,
    quantity: Decimal,
    frequency: Frequency,
    school_weeks: int = SCHOOL_WEEKS,
) -> int:
    """Unit cost × quantity × occurrences in a year, rounded once, half up, to the penny.

    The quantity may have a fraction (2.5 hours), so this is the one place a plan's money
    is rounded; totals add the rounded line costs, so every total is the sum of the lines
    the family sees."""
    if unit_cost_pence < 0 or quantity < 0:
        raise ValueError("A cost and a quantity cannot be negative.")
    exact = Decimal(unit_cost_pence) * quantity * occurrences_per_year(frequency, school_weeks)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class PlanLine:
    """One line of support. `key` stays the same across versions of a plan, so a review
    can say what changed."""

    key: str
    description: str
    unit_cost_pence: int
    quantity: Decimal
    frequency: Frequency
    funding_stream: str
    # None until the family chooses how this part of the money is held.
    management: Management | None
    outcome_keys: frozenset[str] = frozenset()
    # The Local Offer's price when the line is one of its services; None for anything else
    # the family proposes. A different price needs a reason.
    local_offer_unit_cost_pence: int | None = None
    price_reason: str = ""
    council_commissioned: bool = False
    is_school_place: bool = False
    on_school_premises: bool = False
    setting_agreed: bool = False
    is_personal_assistant: bool = False
    safety_checks_confirmed: bool = False
    pays_close_relative_in_household: bool = False
    council_agreed_close_relative: bool = False
    broker_name: str = ""

    def annual_cost(self, school_weeks: int = SCHOOL_WEEKS) -> int:
        return annual_cost_pence(self.unit_cost_pence, self.quantity, self.frequency, school_weeks)


@dataclass(frozen=True)
class DirectPaymentTerms:
    """What the person receiving a direct payment has agreed, for the plan as a whole."""

    recipient_consents: bool = False
    agreement_accepted: bool = False
    nhs_agreed_health_plan: bool = False


@dataclass(frozen=True)
class Problem:
    code: str
    line_key: str | None = None


def line_problems(line: PlanLine, terms: DirectPaymentTerms) -> list[Problem]:
    """Why this line cannot be sent as it stands; an empty list when it can."""
    problems: list[str] = []
    if not line.outcome_keys:
        problems.append("no_outcome")
    if not Decimal(0) < line.quantity <= MAX_QUANTITY:
        problems.append("quantity_out_of_range")
    if (
        line.local_offer_unit_cost_pence is not None
        and line.unit_cost_pence != line.local_offer_unit_cost_pence
        and not line.price_reason.strip()
    ):
        problems.append("price_differs_without_reason")

    if line.management is None:
        problems.append("management_not_chosen")
    elif line.management is Management.DIRECT_PAYMENT:
        if line.is_school_place:
            problems.append("direct_payment_buys_school_place")
        if line.on_school_premises and not line.setting_agreed:
            problems.append("school_premises_without_agreement")
        if line.is_personal_assistant and not line.safety_checks_confirmed:
            problems.append("personal_assistant_without_safety_checks")
        if (
            line.funding_stream == "social-care"
            and line.pays_close_relative_in_household
            and not line.council_agreed_close_relative
        ):
            problems.append("close_relative_without_council_agreement")
        if not terms.recipient_consents:
            problems.append("direct_payment_without_consent")
        if not terms.agreement_accepted:
            problems.append("direct_payment_without_agreement")
        if line.funding_stream == "health" and not terms.nhs_agreed_health_plan:
            problems.append("health_direct_payment_without_nhs_agreement")
    elif line.management is Management.NOTIONAL:
        if not line.council_commissioned:
            problems.append("notional_for_service_council_does_not_arrange")
    elif line.management is Management.MANAGED_BY_BROKER and not line.broker_name.strip():
        problems.append("broker_not_named")
    return [Problem(code, line.key) for code in problems]


@dataclass(frozen=True)
class Totals:
    """The plan's money against the indicative budget, per funding stream and in all."""

    planned_by_stream: Mapping[str, int]
    budget_by_stream: Mapping[str, int]
    planned_total: int
    budget_total: int

    def left_by_stream(self) -> dict[str, int]:
        streams = sorted(set(self.planned_by_stream) | set(self.budget_by_stream))
        return {
            stream: self.budget_by_stream.get(stream, 0) - self.planned_by_stream.get(stream, 0)
            for stream in streams
        }

    @property
    def left_total(self) -> int:
        return self.budget_total - self.planned_total

    @property
    def over_budget(self) -> bool:
        """Over in all, or over in any one stream: each stream is a separate pot of money,
        so spare social care money cannot pay for an education line."""
        return self.left_total < 0 or any(left < 0 for left in self.left_by_stream().values())


def plan_totals(
    lines: Iterable[PlanLine], budget_by_stream: Mapping[str, int], school_weeks: int = SCHOOL_WEEKS
) -> Totals:
    planned: dict[str, int] = {}
    for line in lines:
        planned[line.funding_stream] = planned.get(line.funding_stream, 0) + line.annual_cost(
            school_weeks
        )
    return Totals(
        planned_by_stream=planned,
        budget_by_stream=dict(budget_by_stream),
        planned_total=sum(planned.values()),
        budget_total=sum(budget_by_stream.values()),
    )


@dataclass(frozen=True)
class PlanForSubmission:
    lines: Sequence[PlanLine]
    outcome_keys: frozenset[str]
    terms: DirectPaymentTerms = DirectPaymentTerms()
    over_budget_justification: str = ""
    contingency: str = ""
    # False while no indicative budget has been worked out for the child: a plan can be
    # drafted without one, but the council cannot weigh it until there is one.
    has_budget: bool = True


def submission_problems(
    plan: PlanForSubmission, budget_by_stream: Mapping[str, int], school_weeks: int = SCHOOL_WEEKS
) -> list[Problem]:
    """Everything that stops the plan being sent, plan-wide problems first."""
    problems: list[Problem] = []
    if not plan.outcome_keys:
        problems.append(Problem("no_outcomes"))
    if not plan.lines:
        problems.append(Problem("no_lines"))
    if not plan.contingency.strip():
        problems.append(Problem("no_contingency"))
    totals = plan_totals(plan.lines, budget_by_stream, school_weeks)
    if not plan.has_budget:
        problems.append(Problem("no_budget"))
    elif totals.over_budget and not plan.over_budget_justification.strip():
        problems.append(Problem("over_budget_without_justification"))
    for line in plan.lines:
        unknown = line.outcome_keys - plan.outcome_keys
        if unknown:
            problems.append(Problem("unknown_outcome", line.key))
        problems.extend(line_problems(line, plan.terms))
    return problems


class Route(StrEnum):
    OFFICER = "officer"
    PANEL = "panel"


def decision_route(totals: Totals, officer_limit_pence: int | None) -> Route:
    """An officer may approve a plan within their delegated limit; a plan above it, or
    over budget, goes to panel. An officer with no limit set approves nothing alone."""
    if totals.over_budget:
        return Route.PANEL
    if officer_limit_pence is None or totals.planned_total > officer_limit_pence:
        return Route.PANEL
    return Route.OFFICER


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    SAME = "same"


@dataclass(frozen=True)
class LineChange:
    key: str
    change: Change
    before: PlanLine | None
    after: PlanLine | None
    before_cost: int
    after_cost: int
    fields: tuple[str, ...] = field(default=())

    @property
    def difference(self) -> int:
        return self.after_cost - self.before_cost


COMPARED_FIELDS = (
    "description",
    "unit_cost_pence",
    "quantity",
    "frequency",
    "funding_stream",
    "management",
    "outcome_keys",
)


def compare_versions(
    before: Iterable[PlanLine], after: Iterable[PlanLine], school_weeks: int = SCHOOL_WEEKS
) -> list[LineChange]:
    """Line by line, in the order of the new version with removed lines last."""
    old = {line.key: line for line in before}
    new = {line.key: line for line in after}
    changes: list[LineChange] = []
    for key, line in new.items():
        previous = old.get(key)
        after_cost = line.annual_cost(school_weeks)
        if previous is None:
            changes.append(LineChange(key, Change.ADDED, None, line, 0, after_cost))
            continue
        differing = tuple(
            name for name in COMPARED_FIELDS if getattr(previous, name) != getattr(line, name)
        )
        changes.append(
            LineChange(
                key,
                Change.CHANGED if differing else Change.SAME,
                previous,
                line,
                previous.annual_cost(school_weeks),
                after_cost,
                differing,
            )
        )
    for key, line in old.items():
        if key not in new:
            cost = line.annual_cost(school_weeks)
            changes.append(LineChange(key, Change.REMOVED, line, None, cost, 0))
    return changes


# A direct payment is first reviewed within three months, then at least every year
# (SEN (Personal Budgets) Regulations 2014, reg. 11); councils set their own figures.
FIRST_DIRECT_PAYMENT_REVIEW_MONTHS = 3
REVIEW_MONTHS = 12


def add_months(start: date, months: int) -> date:
    """The same day so many months on, or the month's last day where it has no such day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def review_due_on(
    approved_on: date,
    starts_direct_payment: bool,
    first_review_months: int = FIRST_DIRECT_PAYMENT_REVIEW_MONTHS,
    review_months: int = REVIEW_MONTHS,
) -> date:
    """When an approved plan is next reviewed. `starts_direct_payment` is True when this
    plan has a direct payment and no earlier approved version had one."""
    return add_months(approved_on, first_review_months if starts_direct_payment else review_months)


# Where a version may go from each status. A review starts a new version rather than
# moving the old one; once the new version is approved, the one it replaces is
# "superseded": kept and readable, no longer in force.
TRANSITIONS: Mapping[str, frozenset[str]] = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"approved", "returned"}),
    "returned": frozenset({"submitted"}),
    "approved": frozenset({"active", "review_due", "superseded"}),
    "active": frozenset({"review_due", "superseded"}),
    "review_due": frozenset({"superseded"}),
    "superseded": frozenset(),
}
# The statuses of a version the council has agreed and that has not been replaced.
IN_FORCE = frozenset({"approved", "active", "review_due"})


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def replaced_by_approval(statuses: Mapping[int, str], approved_number: int) -> list[int]:
    """The numbers of the earlier versions still in force that the version just approved
    replaces: at most one plan is in force at a time."""
    return sorted(
        number
        for number, status in statuses.items()
        if number < approved_number and status in IN_FORCE
    )


# A council may decline to release money that sits inside a larger block contract it
# cannot separate (SEN (Personal Budgets) Regulations 2014, reg. 4). That only means
# something for money that would be paid out: a notional budget already stays with the
# council, and a line with no choice yet has nothing to decline.
RELEASABLE = frozenset(
    {Management.DIRECT_PAYMENT, Management.MANAGED_BY_COUNCIL, Management.MANAGED_BY_BROKER}
)


def may_decline_release(management: Management | None) -> bool:
    return management in RELEASABLE


# Money an officer kept in a block contract is still the child's support, and still counts
# against the budget, but it is not paid out: wherever money is counted by how it is
# managed, such a line is counted under this key, never as a direct payment or a managed
# account.
KEPT_IN_BLOCK_CONTRACT = "kept_in_block_contract"


def money_held_as(management: str | None, money_not_released: bool) -> str | None:
    """How a line's money is counted by way of managing it: its management, or
    KEPT_IN_BLOCK_CONTRACT when the council kept money that would have been paid out;
    None while no way is chosen."""
    if money_not_released and may_decline_release(Management(management) if management else None):
        return KEPT_IN_BLOCK_CONTRACT
    return management


def totals_by_holding(lines: Iterable[tuple[str | None, bool, int]]) -> dict[str | None, int]:
    """Pence a year per `money_held_as` key, from (management, money_not_released, annual
    cost in pence) for each line."""
    totals: dict[str | None, int] = {}
    for management, not_released, pence in lines:
        key = money_held_as(management, not_released)
        totals[key] = totals.get(key, 0) + pence
    return totals
