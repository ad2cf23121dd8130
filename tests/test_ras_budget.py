"""The indicative budget, worked out by hand and written into the tests, and the rules that
must hold for every set of answers (Hypothesis)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.ras.budget import (
    AnswersIncomplete,
    BudgetResult,
    calculate,
    split_between_streams,
)
from portal.ras.scheme import Scheme, read_scheme
from tests.ras_schemes import BANDED, PRICED, as_yaml, scheme

DEMO = Path(__file__).resolve().parents[1] / "portal" / "ras" / "schemes" / "brackenshire-2026.yaml"


def priced_answers(*levels: int) -> dict[str, int]:
    return {f"q{i}": level for i, level in enumerate(levels)}


# Worked examples


def test_nine_points_is_the_top_of_the_first_band_and_ten_the_bottom_of_the_next() -> None:
    banded = scheme()
    # washing "Level 2" = 7 points, learning "Level 1" = 2 points: 9 points at age 8.
    nine = calculate({"washing": 2, "learning": 1}, banded, age=8, current_package_pence=None)
    assert (nine.points, nine.adjusted_points, nine.band_index, nine.total_pence) == (9, 9, 0, 0)
    # 7 + 3 = 10 points: the second band, £1,000.
    ten = calculate({"washing": 2, "learning": 2}, banded, age=8, current_package_pence=None)
    assert (ten.points, ten.band_index, ten.total_pence) == (10, 1, 100_000)


def test_an_older_child_s_points_are_multiplied_and_rounded_half_up_to_a_whole_point() -> None:
    banded = scheme()
    # Age 12: multiplier 1.5. Washing 7 points × 1.5 = 10.5, rounded half up to 11: band 2.
    result = calculate({"washing": 2, "learning": 0}, banded, age=12, current_package_pence=None)
    assert (result.points, result.multiplier, result.adjusted_points) == (7, "1.5", 11)
    assert (result.age_band, result.band_index, result.total_pence) == ("11 and over", 1, 100_000)
    # The same answers at age 10 stay at 7 points, in the first band.
    younger = calculate({"washing": 2, "learning": 0}, banded, age=10, current_package_pence=None)
    assert (younger.adjusted_points, younger.total_pence) == (7, 0)


def test_a_question_for_older_young_people_is_asked_only_from_its_age() -> None:
    banded = scheme()
    with pytest.raises(AnswersIncomplete) as missing:
        calculate({"washing": 2, "learning": 2}, banded, age=14, current_package_pence=None)
    assert missing.value.question_ids == ["adulthood"]
    # 7 + 3 + 5 = 15 points × 1.5 = 22.5 → 23: the top band, £2,500.50.
    result = calculate(
        {"washing": 2, "learning": 2, "adulthood": 1}, banded, age=14, current_package_pence=None
    )
    assert (result.adjusted_points, result.total_pence) == (23, 250_050)


def test_a_stream_split_that_does_not_divide_evenly_still_adds_up_to_the_total() -> None:
    banded = scheme()
    # Washing 7 points to social care; learning 3 points half to education, half to health:
    # 7 : 1.5 : 1.5 of £1,000 is 700.00 : 150.00 : 150.00.
    even = calculate({"washing": 2, "learning": 2}, banded, age=8, current_package_pence=None)
    assert [(s.stream_id, s.points, s.amount_pence) for s in even.streams] == [
        ("social_care", "7", 70_000),
        ("education", "1.5", 15_000),
        ("health", "1.5", 15_000),
    ]
    # 100,001p three equal ways is 33,333.67p each: after 33,333p each, the two pennies
    # left go to the first two listed, as the remainders are equal.
    parts = split_between_streams(100_001, {"a": Decimal(1), "b": Decimal(1), "c": Decimal(1)}, "a")
    assert [p.amount_pence for p in parts] == [33_334, 33_334, 33_333]
    # 1,000p shared 1 : 2 is 333.33p : 666.67p; the larger remainder (0.67) gets the penny.
    parts = split_between_streams(1_000, {"a": Decimal(1), "b": Decimal(2)}, "a")
    assert [p.amount_pence for p in parts] == [333, 667]


def test_no_points_puts_any_amount_in_the_first_stream() -> None:
    parts = split_between_streams(500, {"a": Decimal(0), "b": Decimal(0)}, "a")
    assert [p.amount_pence for p in parts] == [500, 0]


def test_a_fall_is_limited_as_in_the_issue_s_example() -> None:
    priced = scheme(PRICED, money={"price_per_point": 100})
    # 20 + 20 + 20 + 1 = 61 points × £100 = £6,100, against a current package of £9,400:
    # a fall of 35.1%; the fall is limited to 10%, so £9,400 × 0.9 = £8,460.
    result = calculate(priced_answers(3, 3, 3, 1), priced, age=9, current_package_pence=940_000)
    assert result.before_protection_pence == 610_000
    assert result.protection is not None
    assert (result.protection.direction, result.protection.change_percent) == ("fall", "-35.1")
    assert (result.protection.limit_percent, result.total_pence) == ("10", 846_000)


def test_a_rise_is_limited_too() -> None:
    priced = scheme(PRICED, money={"price_per_point": 100})
    # £6,100 against £4,000 now is a rise of 52.5%; limited to 25%: £5,000.
    result = calculate(priced_answers(3, 3, 3, 1), priced, age=9, current_package_pence=400_000)
    assert result.protection is not None
    assert (result.protection.direction, result.protection.change_percent) == ("rise", "52.5")
    assert result.total_pence == 500_000


def test_a_change_within_the_limits_is_not_protected() -> None:
    priced = scheme(PRICED, money={"price_per_point": 100})
    # £6,100 against £6,500 is a fall of 6.2%, within 10%.
    result = calculate(priced_answers(3, 3, 3, 1), priced, age=9, current_package_pence=650_000)
    assert (result.protection, result.total_pence) == (None, 610_000)


def test_the_total_is_rounded_once_half_up_to_the_penny() -> None:
    priced = scheme(PRICED, money={"price_per_point": 100})
    # £3,333.33 less 10% is £2,999.997, which rounds to £3,000.00.
    result = calculate(priced_answers(0, 0, 0, 0), priced, age=9, current_package_pence=333_333)
    assert result.total_pence == 300_000
    assert sum(s.amount_pence for s in result.streams) == 300_000


def test_the_cap_limits_the_amount() -> None:
    priced = scheme(PRICED)
    # 80 points × £100 = £8,000, capped at £7,000.
    result = calculate(priced_answers(3, 3, 3, 3), priced, age=9, current_package_pence=None)
    assert (result.matrix_pence, result.capped, result.total_pence) == (800_000, True, 700_000)


def test_an_amount_over_the_panel_threshold_goes_to_panel() -> None:
    priced = scheme(PRICED)
    # 20 + 20 + 10 = 50 points: £5,000 is not over £5,000; 51 points (£5,100) is.
    at = calculate(priced_answers(3, 3, 2, 0), priced, age=9, current_package_pence=None)
    over = calculate(priced_answers(3, 3, 2, 1), priced, age=9, current_package_pence=None)
    assert (at.total_pence, at.goes_to_panel) == (500_000, False)
    assert (over.total_pence, over.goes_to_panel, over.panel_reasons) == (
        510_000,
        True,
        ("amount",),
    )


def test_a_stored_result_reads_back_the_same() -> None:
    result = calculate({"washing": 2, "learning": 2}, scheme(), age=8, current_package_pence=90_000)
    stored = json.loads(json.dumps(result.to_json()))
    assert BudgetResult.from_json(stored) == result


def test_the_demo_scheme_gives_the_worked_example_in_its_documentation() -> None:
    demo = read_scheme(DEMO.read_text())
    answers = {q.id: 2 for q in demo.questions}
    # Ten questions at 5 points = 50 points; age 12: × 1.1 = 55; band 50–59 = £7,400;
    # current package £9,400: a fall of 21.3%, limited to 10%: £8,460.
    result = calculate(answers, demo, age=12, current_package_pence=940_000)
    assert (result.points, result.adjusted_points, result.before_protection_pence) == (
        50,
        55,
        740_000,
    )
    assert result.total_pence == 846_000
    assert [s.amount_pence for s in result.streams] == [583_740, 169_200, 93_060]


# Properties


def answers_for(demo: Scheme) -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries(
        {q.id: st.integers(0, len(q.descriptors) - 1) for q in demo.questions}
    )


DEMO_SCHEME = read_scheme(DEMO.read_text())
SCHEMES = [DEMO_SCHEME, scheme(), scheme(PRICED)]
packages = st.none() | st.integers(0, 5_000_000)


@settings(max_examples=150, deadline=None)
@given(
    which=st.sampled_from(range(len(SCHEMES))),
    data=st.data(),
    age=st.integers(0, 25),
    package=packages,
)
def test_more_need_never_means_less_money(which, data, age, package) -> None:
    ras = SCHEMES[which]
    answers = data.draw(answers_for(ras))
    question = data.draw(st.sampled_from(ras.questions))
    if answers[question.id] == len(question.descriptors) - 1:
        return
    more = {**answers, question.id: answers[question.id] + 1}
    assert (
        calculate(more, ras, age, package).total_pence
        >= calculate(answers, ras, age, package).total_pence
    )


@settings(max_examples=150, deadline=None)
@given(
    which=st.sampled_from(range(len(SCHEMES))),
    data=st.data(),
    age=st.integers(0, 25),
    package=packages,
)
def test_the_streams_always_add_up_to_the_total(which, data, age, package) -> None:
    ras = SCHEMES[which]
    result = calculate(data.draw(answers_for(ras)), ras, age, package)
    assert sum(s.amount_pence for s in result.streams) == result.total_pence
    assert all(s.amount_pence >= 0 for s in result.streams)


@given(
    total=st.integers(0, 10**9),
    points=st.lists(st.decimals(0, 1000, places=2), min_size=1, max_size=5),
)
def test_any_split_adds_up_exactly(total, points) -> None:
    streams = {f"s{i}": p for i, p in enumerate(points)}
    assert sum(p.amount_pence for p in split_between_streams(total, streams, "s0")) == total


@settings(max_examples=60, deadline=None)
@given(data=st.data(), age=st.integers(0, 25), package=packages)
def test_a_result_never_changes_when_the_scheme_is_reloaded_or_a_new_version_is_published(
    data, age, package
) -> None:
    answers = data.draw(answers_for(DEMO_SCHEME))
    before = calculate(answers, DEMO_SCHEME, age, package)
    reloaded = read_scheme(DEMO.read_text())
    assert calculate(answers, reloaded, age, package) == before
    later = copy.deepcopy(BANDED)
    later["version"] = "2"
    later["money"]["bands"][1]["amount"] = 1500
    read_scheme(as_yaml(later))
    assert calculate(answers, read_scheme(DEMO.read_text()), age, package) == before
    stored = json.loads(json.dumps(before.to_json()))
    assert BudgetResult.from_json(stored) == before
