"""The commissioners' report: what approved plans spend a year, by service category,
funding stream and way of managing the money, and what families proposed because the
Local Offer had nothing suitable. Plain functions over plain values, no Flask.

Nothing here names a family, a child, a provider or anything a family wrote: a custom
line's description is read only to place it in a category by the words it uses, and is
never part of the result. The figures are kept from pointing at one family by four rules:

- Any group drawn from fewer than `SMALL_NUMBER` plans is shown as "fewer than 5", and so
  is one more group where that alone would let the hidden figure be worked out by
  subtracting the others from the total. Counts shown are therefore always 5 or more.
- A category is hidden in both the spend-by-category table and the proposed-outside
  table when the part of it that either one leaves out (its Local Offer part, or its
  proposed part) comes from 1 to 4 plans, so one table cannot be subtracted from the
  other; the proposed-outside table as a whole goes the same way.
- Money is rounded to the nearest `ROUND_TO_PENCE` (£100), so what is left after any
  subtraction is no one's exact spend.
- A report is only ever as at the last day of a month that has ended (`read_month`), so
  two reports a day apart cannot be compared to find the one plan agreed in between.
  Plans waiting for a decision are not agreed spend and never counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..plans.rules import money_held_as

# The Office for National Statistics' usual threshold for small numbers about people.
SMALL_NUMBER = 5

# Published money is rounded to the nearest £100, in pence.
ROUND_TO_PENCE = 10_000

# A plan counts while the council has agreed it: approved, under way or due for review.
AGREED = ("approved", "active", "review_due")

OTHER = "other"

# Words in a custom line's description that place it in a Local Offer category (the demo
# council's codes). Matched as whole words or phrases, in English; anything else is
# "other". A council changes these with its own vocabulary.
CATEGORY_WORDS: Mapping[str, tuple[str, ...]] = {
    "short-breaks": ("short break", "short breaks", "respite", "sitting service", "sitter"),
    "personal-assistants": (
        "personal assistant",
        "pa",
        "support worker",
        "carer",
        "enabler",
    ),
    "clubs-and-activities": (
        "club",
        "swimming",
        "swim",
        "football",
        "riding",
        "horse",
        "music",
        "dance",
        "drama",
        "gym",
        "trampolining",
        "climbing",
        "scouts",
        "cinema",
        "art",
        "karate",
    ),
    "holiday-schemes": ("holiday", "summer scheme", "play scheme", "playscheme"),
    "overnight-breaks": ("overnight", "residential", "weekend away"),
    "equipment": (
        "equipment",
        "ipad",
        "tablet",
        "sensory",
        "trampoline",
        "bike",
        "trike",
        "wheelchair",
        "hoist",
        "buggy",
        "weighted blanket",
    ),
    "therapies": ("therapy", "therapist", "speech", "physio", "physiotherapy", "counselling"),
    "transport": ("transport", "taxi", "travel", "mileage", "bus", "train", "fuel"),
    "early-years": ("nursery", "childminder", "toddler", "pre-school", "preschool"),
    "education-support": ("tutor", "tuition", "tutoring", "homework", "school", "college"),
}


@dataclass(frozen=True)
class ReportLine:
    """One line of one counted plan, with what the report needs and nothing else."""

    plan_id: int
    annual_cost_pence: int
    funding_stream: str
    management: str | None
    # The Local Offer service's category; None for a line the family proposed.
    service_category: str | None
    from_local_offer: bool
    description: str = ""
    # The council kept this line's money in a block contract: not paid out to anyone.
    money_not_released: bool = False


@dataclass(frozen=True)
class Group:
    key: str
    plans: int
    lines: int
    annual_cost_pence: int
    suppressed: bool = False


@dataclass(frozen=True)
class Table:
    groups: tuple[Group, ...]
    plans: int
    lines: int
    annual_cost_pence: int
    suppressed: bool


@dataclass(frozen=True)
class Report:
    totals: Table
    by_category: Table
    by_stream: Table
    by_management: Table
    proposed_by_category: Table


def status_as_at(changes: Iterable[tuple[datetime, str]], moment: datetime) -> str | None:
    """A version's status at a moment, from its history of (when, new status)."""
    status = None
    for when, to_status in sorted(changes, key=lambda change: change[0]):
        if when > moment:
            break
        status = to_status
    return status


def counted_version(
    versions: Mapping[int, Iterable[tuple[datetime, str]]],
    moment: datetime,
    statuses: Sequence[str],
) -> int | None:
    """Which version of a plan the report counts at a moment: the newest one then in one
    of `statuses`; None when no version was. A review's new draft leaves the agreed
    version counted until the new one is agreed."""
    for number in sorted(versions, reverse=True):
        if status_as_at(versions[number], moment) in statuses:
            return number
    return None


def category_from_words(description: str, words: Mapping[str, tuple[str, ...]]) -> str:
    """The first category whose words appear in the description, as whole words."""
    text = " " + " ".join(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", description.lower())) + " "
    for category, phrases in words.items():
        if any(f" {phrase} " in text for phrase in phrases):
            return category
    return OTHER


def category_of(line: ReportLine, words: Mapping[str, tuple[str, ...]]) -> str:
    if line.from_local_offer:
        return line.service_category or OTHER
    return category_from_words(line.description, words)


def _groups(lines: Sequence[ReportLine], key_of: Callable[[ReportLine], str]) -> list[Group]:
    plans: dict[str, set[int]] = {}
    counts: dict[str, int] = {}
    costs: dict[str, int] = {}
    for line in lines:
        key = key_of(line)
        plans.setdefault(key, set()).add(line.plan_id)
        counts[key] = counts.get(key, 0) + 1
        costs[key] = costs.get(key, 0) + line.annual_cost_pence
    return [Group(key, len(plans[key]), counts[key], costs[key]) for key in plans]


def rounded(pence: int, unit: int = ROUND_TO_PENCE) -> int:
    """Pence to the nearest `unit`, halves up (never float)."""
    return (pence + unit // 2) // unit * unit


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def latest_month_end(today: date) -> date:
    """The last day of the last month that has ended: the report when none is asked for."""
    return today.replace(day=1) - timedelta(days=1)


def read_month(month: str, year: str, today: date) -> tuple[date | None, str | None]:
    """The last day of the month in the two boxes, or a code for what is wrong: "missing"
    (both empty), "missing_month", "missing_year", "not_real" or "not_ended" (the month
    has not ended by `today`)."""
    month, year = month.strip(), year.strip()
    if not month and not year:
        return None, "missing"
    if not month:
        return None, "missing_month"
    if not year:
        return None, "missing_year"
    if not all(part.isascii() and part.isdecimal() for part in (month, year)):
        return None, "not_real"
    if len(month) > 2 or len(year) != 4 or not 1 <= int(month) <= 12 or int(year) < 1:
        return None, "not_real"
    if int(year) > today.year:
        return None, "not_ended"
    end = month_end(int(year), int(month))
    if end >= today:
        return None, "not_ended"
    return end, None


def suppress(
    groups: Sequence[Group],
    threshold: int = SMALL_NUMBER,
    also: Collection[str] = (),
) -> list[Group]:
    """Hide every group of fewer than `threshold` plans, and those in `also` (hidden to
    match another table). If that hides exactly one group, also hide the next smallest,
    so the hidden one cannot be had by subtraction."""
    small = {g.key for g in groups if g.plans < threshold or g.key in also}
    if len(small) == 1 and len(groups) > 1:
        shown = sorted((g for g in groups if g.key not in small), key=lambda g: (g.plans, g.key))
        small.add(shown[0].key)
    return [
        Group(g.key, 0, 0, 0, suppressed=True) if g.key in small else g
        for g in sorted(groups, key=lambda g: (-g.annual_cost_pence, g.key))
    ]


def _table(
    lines: Sequence[ReportLine],
    key_of: Callable[[ReportLine], str] | None,
    threshold: int,
    also: Collection[str] = (),
    hide_all: bool = False,
) -> Table:
    plans = len({line.plan_id for line in lines})
    cost = sum(line.annual_cost_pence for line in lines)
    if plans < threshold or hide_all:
        # Too few plans overall: even the total would point at a family.
        return Table((), 0, 0, 0, suppressed=bool(lines))
    groups = suppress(_groups(lines, key_of), threshold, also) if key_of else []
    if len(groups) == 1 and groups[0].suppressed:
        # The one group hidden would still be there in the total.
        return Table((), 0, 0, 0, suppressed=True)
    return Table(
        tuple(
            Group(g.key, g.plans, g.lines, rounded(g.annual_cost_pence), g.suppressed)
            for g in groups
        ),
        plans,
        len(lines),
        rounded(cost),
        suppressed=False,
    )


def _plans_by(lines: Iterable[ReportLine], key_of: Callable[[ReportLine], str]) -> dict[str, int]:
    plans: dict[str, set[int]] = {}
    for line in lines:
        plans.setdefault(key_of(line), set()).add(line.plan_id)
    return {key: len(ids) for key, ids in plans.items()}


def build_report(
    lines: Sequence[ReportLine],
    words: Mapping[str, tuple[str, ...]] = CATEGORY_WORDS,
    threshold: int = SMALL_NUMBER,
) -> Report:
    proposed = [line for line in lines if not line.from_local_offer]
    offered = [line for line in lines if line.from_local_offer]

    def proposed_key(line: ReportLine) -> str:
        return category_from_words(line.description, words)

    def few(plans: int) -> bool:
        return 0 < plans < threshold

    # A category in the spend-by-category table less the same category in the
    # proposed-outside table is its Local Offer part: when that, or the proposed part,
    # comes from 1 to 4 plans, the category is hidden in both tables.
    offered_plans = _plans_by(offered, lambda line: category_of(line, words))
    proposed_plans = _plans_by(proposed, proposed_key)
    linked = {
        key
        for key in offered_plans.keys() & proposed_plans.keys()
        if few(offered_plans[key]) or few(proposed_plans[key])
    }
    # The same for the two tables' totals: all lines less the proposed ones.
    few_offered = few(len({line.plan_id for line in offered}))
    return Report(
        totals=_table(lines, None, threshold),
        by_category=_table(lines, lambda line: category_of(line, words), threshold, linked),
        by_stream=_table(lines, lambda line: line.funding_stream, threshold),
        by_management=_table(
            lines,
            lambda line: money_held_as(line.management, line.money_not_released) or "not_chosen",
            threshold,
        ),
        proposed_by_category=_table(
            proposed, proposed_key, threshold, linked, hide_all=few_offered
        ),
    )
