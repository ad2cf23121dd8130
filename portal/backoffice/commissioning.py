"""The commissioners' report: what approved plans spend a year, by service category,
funding stream and way of managing the money, and what families proposed because the
Local Offer had nothing suitable. Plain functions over plain values, no Flask.

Nothing here names a family, a child, a provider or anything a family wrote: a custom
line's description is read only to place it in a category by the words it uses, and is
never part of the result. Any group drawn from fewer than `SMALL_NUMBER` plans is shown
as "fewer than 5", and so is one more group where that alone would let the hidden figure
be worked out by subtracting the others from the total.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..plans.rules import money_held_as

# The Office for National Statistics' usual threshold for small numbers about people.
SMALL_NUMBER = 5

# A plan counts while the council has agreed it: approved, under way or due for review.
AGREED = ("approved", "active", "review_due")
WAITING = ("submitted",)

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


def suppress(groups: Sequence[Group], threshold: int = SMALL_NUMBER) -> list[Group]:
    """Hide every group of fewer than `threshold` plans. If that hides exactly one group,
    also hide the next smallest, so the hidden one cannot be had by subtraction."""
    small = {g.key for g in groups if g.plans < threshold}
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
) -> Table:
    plans = len({line.plan_id for line in lines})
    cost = sum(line.annual_cost_pence for line in lines)
    if plans < threshold:
        # Too few plans overall: even the total would point at a family.
        return Table((), 0, 0, 0, suppressed=bool(lines))
    groups = suppress(_groups(lines, key_of), threshold) if key_of else []
    return Table(tuple(groups), plans, len(lines), cost, suppressed=False)


def build_report(
    lines: Sequence[ReportLine],
    words: Mapping[str, tuple[str, ...]] = CATEGORY_WORDS,
    threshold: int = SMALL_NUMBER,
) -> Report:
    proposed = [line for line in lines if not line.from_local_offer]
    return Report(
        totals=_table(lines, None, threshold),
        by_category=_table(lines, lambda line: category_of(line, words), threshold),
        by_stream=_table(lines, lambda line: line.funding_stream, threshold),
        by_management=_table(
            lines,
            lambda line: money_held_as(line.management, line.money_not_released) or "not_chosen",
            threshold,
        ),
        proposed_by_category=_table(
            proposed, lambda line: category_from_words(line.description, words), threshold
        ),
    )
