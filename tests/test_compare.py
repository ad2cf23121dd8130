"""The rules for the short list of services a family is comparing."""

from __future__ import annotations

from local_offer.directory.compare import (
    MAX_COMPARED,
    add_to_comparison,
    remove_from_comparison,
)


def test_a_service_is_added_to_the_end_of_the_list() -> None:
    assert add_to_comparison([], 7) == ([7], True)
    assert add_to_comparison([7], 3) == ([7, 3], True)


def test_adding_a_service_already_compared_does_not_duplicate_it() -> None:
    compared, added = add_to_comparison([7, 3], 7)
    assert compared == [7, 3]
    assert added, "the service is in the list, so the family is told it is being compared"


def test_at_most_three_services_are_compared() -> None:
    assert MAX_COMPARED == 3


def test_a_full_list_is_left_unchanged_and_says_the_service_was_not_added() -> None:
    full = [1, 2, 3]
    compared, added = add_to_comparison(full, 4)
    assert compared == [1, 2, 3]
    assert added is False
    assert full == [1, 2, 3], "the caller's list is not changed"


def test_a_service_already_in_a_full_list_still_counts_as_added() -> None:
    assert add_to_comparison([1, 2, 3], 2) == ([1, 2, 3], True)


def test_adding_does_not_change_the_callers_list() -> None:
    original = [1]
    compared, _ = add_to_comparison(original, 2)
    assert compared == [1, 2]
    assert original == [1]


def test_removing_a_service_keeps_the_others_in_order() -> None:
    assert remove_from_comparison([5, 6, 7], 6) == [5, 7]


def test_removing_a_service_that_is_not_compared_changes_nothing() -> None:
    assert remove_from_comparison([5, 6, 7], 8) == [5, 6, 7]
    assert remove_from_comparison([], 8) == []


def test_removing_nothing_changes_nothing() -> None:
    assert remove_from_comparison([5, 6], None) == [5, 6]


def test_removing_the_last_service_leaves_an_empty_list() -> None:
    assert remove_from_comparison([5], 5) == []


def test_after_removing_one_another_can_be_added_to_a_full_list() -> None:
    compared = remove_from_comparison([1, 2, 3], 2)
    assert add_to_comparison(compared, 4) == ([1, 3, 4], True)
