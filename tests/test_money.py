"""Money rules: hourly costs for comparison, amounts typed by people, and how pounds are shown."""

from __future__ import annotations

import pytest

from local_offer.formatting import money
from local_offer.money import hourly_pence, pounds_to_pence

# The largest value the Integer columns that hold pence can store on PostgreSQL.
LARGEST_STORABLE_PENCE = 2**31 - 1


def test_an_hourly_price_is_already_the_hourly_cost() -> None:
    assert hourly_pence(1250, "hour", None) == 1250
    assert hourly_pence(1250, "hour", 30) == 1250


def test_a_free_option_costs_nothing_an_hour() -> None:
    assert hourly_pence(0, "free", None) == 0
    assert hourly_pence(500, "free", 60) == 0


@pytest.mark.parametrize("unit", ["session", "day", "night"])
def test_a_session_day_or_night_of_known_length_is_priced_by_the_hour(unit: str) -> None:
    assert hourly_pence(3000, unit, 120) == 1500
    assert hourly_pence(1000, unit, 40) == 1500


@pytest.mark.parametrize("unit", ["session", "day", "night"])
def test_a_session_day_or_night_of_unknown_length_has_no_hourly_cost(unit: str) -> None:
    assert hourly_pence(3000, unit, None) is None
    assert hourly_pence(3000, unit, 0) is None


@pytest.mark.parametrize("unit", ["week", "item", "mile"])
def test_units_that_are_not_time_spent_have_no_hourly_cost(unit: str) -> None:
    assert hourly_pence(3000, unit, None) is None
    assert hourly_pence(3000, unit, 60) is None


def test_an_unknown_unit_has_no_hourly_cost() -> None:
    assert hourly_pence(3000, "fortnight", 60) is None


def test_the_hourly_cost_is_rounded_once_from_the_exact_amount() -> None:
    # £10 for 45 minutes is £13.333… an hour. Rounding a per-minute price first would give £13.20.
    assert hourly_pence(1000, "session", 45) == 1333
    assert hourly_pence(2000, "session", 90) == 1333
    assert hourly_pence(1000, "session", 35) == 1714  # 1714.2857…
    assert hourly_pence(1000, "session", 70) == 857  # 857.142…
    assert hourly_pence(2000, "day", 360) == 333  # 333.33…
    assert hourly_pence(1000, "session", 90) == 667  # 666.66…


def test_half_a_penny_is_rounded_up_not_to_even() -> None:
    # Banker's rounding would give 0 and 2 here.
    assert hourly_pence(1, "session", 120) == 1  # 0.5
    assert hourly_pence(5, "session", 120) == 3  # 2.5
    assert hourly_pence(5, "night", 40) == 8  # 7.5


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("12", 1200),
        ("£7.50", 750),
        ("1,200", 120000),
        (" 3.5 ", 350),
        ("0", 0),
        ("0.00", 0),
        ("0.01", 1),
        ("12.5", 1250),
        ("£ 15", 1500),
        ("£1,200.05", 120005),
        ("\t12.50\n", 1250),
    ],
)
def test_amounts_typed_in_pounds_become_whole_pence(typed: str, pence: int) -> None:
    assert pounds_to_pence(typed) == pence


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "£",
        "abc",
        "ten pounds",
        "-1",
        "£-1",
        "1.234",
        "0.005",
        "NaN",
        "nan",
        "sNaN",
        "Infinity",
        "-Infinity",
        "inf",
        "12.50p",
        "$12",
        "<script>alert(1)</script>",
    ],
)
def test_what_is_not_an_amount_of_money_is_refused(typed: str) -> None:
    assert pounds_to_pence(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "1e3",  # £1,000 to Python's Decimal; a parent meant nothing of the sort
        "1E-2",
        "1.2e1",
        "5_000",  # Decimal accepts underscores between digits
    ],
)
def test_scientific_notation_and_underscores_are_refused(typed: str) -> None:
    # Decimal() would read these as numbers; a parent typing them means something else.
    assert pounds_to_pence(typed) is None, f"{typed!r} was read as {pounds_to_pence(typed)} pence"


@pytest.mark.parametrize("typed", ["1,2,3,4", "12,5,0", "1,23,456", ",50"])
def test_commas_that_are_neither_thousands_nor_a_decimal_point_are_refused(typed: str) -> None:
    assert pounds_to_pence(typed) is None, f"{typed!r} was read as {pounds_to_pence(typed)} pence"


@pytest.mark.parametrize(("typed", "pence"), [("7,50", 750), ("12,5", 1250), ("£0,99", 99)])
def test_a_decimal_comma_is_read_as_pounds_and_pence(typed: str, pence: int) -> None:
    # Polish and many European readers write seven pounds fifty as "7,50".
    assert pounds_to_pence(typed) == pence


@pytest.mark.parametrize("typed", ["21474837", "92233720368547759", "9" * 30])
def test_an_amount_too_large_to_store_is_refused(typed: str) -> None:
    # More pence than the database's integer columns hold would fail the query.
    pence = pounds_to_pence(typed)
    assert pence is None or pence <= LARGEST_STORABLE_PENCE, f"{typed!r} was read as {pence}"


@pytest.mark.parametrize(
    ("pence", "shown"),
    [
        (1200, "£12"),
        (750, "£7.50"),
        (5, "£0.05"),
        (120005, "£1,200.05"),
        (120000, "£1,200"),
        (0, "£0"),
    ],
)
def test_money_is_shown_in_pounds_without_needless_pence(app, pence: int, shown: str) -> None:
    with app.test_request_context("/"):
        assert money(pence) == shown
