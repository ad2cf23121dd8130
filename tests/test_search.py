"""Directory search against the real database: keywords, filters, distance, sorting, paging."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from local_offer.extensions import db
from local_offer.geo import Point
from local_offer.search import SearchCriteria, find_postcode, keyword_tokens, search_services
from tests.directory_fixtures import ORIGIN, ORIGIN_POSTCODE, QuokkaServices


@pytest.fixture
def search(app: Flask, quokka: QuokkaServices) -> Iterator[object]:
    with app.app_context():

        def run(**criteria: object) -> list[str]:
            criteria.setdefault("keywords", "quokka")
            page = search_services(db.session, SearchCriteria(**criteria))  # type: ignore[arg-type]
            return [hit.service.name for hit in page.hits]

        yield run


def test_keywords_are_stemmed_so_swims_finds_swimming(search) -> None:
    assert "Quokka Swimming Club" in search(keywords="quokka swims")


def test_a_match_in_the_name_ranks_above_a_match_in_the_description(search) -> None:
    names = search(keywords="quokka swimming")
    assert names[:2] == ["Quokka Swimming Club", "Quokka Play Scheme"]


def test_every_word_must_match(search) -> None:
    assert search(keywords="quokka equipment") == ["Quokka Equipment Loan"]
    assert search(keywords="quokka zebra") == []


def test_services_that_no_longer_run_are_never_found(search) -> None:
    assert "Quokka Closed Group" not in search(keywords="quokka group")


@pytest.mark.parametrize(
    "keywords",
    ['quokka" OR *', "quokka AND NOT", "quokka:club", "(quokka", "quokka -'", "NEAR(quokka)"],
)
def test_search_operators_typed_by_a_person_are_treated_as_words(search, keywords) -> None:
    # Each would be a syntax error (or a different query) if it reached FTS5 as written.
    assert isinstance(search(keywords=keywords), list)


def test_keyword_tokens_drop_punctuation_and_are_bounded() -> None:
    assert keyword_tokens('Swimming, "hydro"-therapy!') == ["swimming", "hydro", "therapy"]
    assert len(keyword_tokens("word " * 100)) == 12


def test_category_filter_keeps_services_in_any_chosen_category(search) -> None:
    assert search(categories=("qk-clubs",)) == ["Quokka Swimming Club"]
    assert set(search(categories=("qk-clubs", "qk-early-years"))) == {
        "Quokka Swimming Club",
        "Quokka Play Scheme",
    }


def test_age_filter_keeps_services_whose_range_includes_the_age_or_has_no_limit(search) -> None:
    assert set(search(age=3)) == {"Quokka Play Scheme", "Quokka Equipment Loan"}
    assert set(search(age=18)) == {
        "Quokka Swimming Club",
        "Quokka Personal Assistants",
        "Quokka Equipment Loan",
    }
    assert set(search(age=25)) == {"Quokka Personal Assistants", "Quokka Equipment Loan"}


def test_free_only_keeps_free_services(search) -> None:
    assert search(free_only=True) == ["Quokka Play Scheme"]


def test_cost_per_hour_limit_compares_sessions_by_their_length(search) -> None:
    # £9 for a 90-minute session is £6 an hour.
    assert set(search(max_hourly_pence=600)) == {"Quokka Swimming Club", "Quokka Play Scheme"}
    assert set(search(max_hourly_pence=599)) == {"Quokka Play Scheme"}
    assert "Quokka Equipment Loan" not in search(max_hourly_pence=1_000_000)


def test_direct_payment_filter(search) -> None:
    assert set(search(direct_payment=True)) == {
        "Quokka Swimming Club",
        "Quokka Personal Assistants",
    }


def test_accessibility_filter_needs_every_chosen_feature(search) -> None:
    assert set(search(accessibility=("qk-wheelchair",))) == {
        "Quokka Swimming Club",
        "Quokka Personal Assistants",
    }
    assert search(accessibility=("qk-wheelchair", "qk-hoist")) == ["Quokka Swimming Club"]


def test_needs_and_funding_filters(search) -> None:
    assert search(needs=("qk-autism",)) == ["Quokka Swimming Club"]
    assert set(search(funding_streams=("qk-social-care",))) == {
        "Quokka Swimming Club",
        "Quokka Personal Assistants",
    }


def test_distance_keeps_services_within_the_radius_nearest_first(search) -> None:
    origin = Point(*ORIGIN)
    # The play scheme is 6.9 miles north, the assistants 4.2 miles east.
    assert search(origin=origin, radius_miles=1) == ["Quokka Swimming Club"]
    assert search(origin=origin, radius_miles=5, sort="distance") == [
        "Quokka Swimming Club",
        "Quokka Personal Assistants",
    ]
    assert search(origin=origin, radius_miles=10, sort="distance") == [
        "Quokka Swimming Club",
        "Quokka Personal Assistants",
        "Quokka Play Scheme",
    ]


def test_distances_are_reported_in_miles(app, quokka) -> None:
    with app.app_context():
        page = search_services(
            db.session,
            SearchCriteria(keywords="quokka assistants", origin=Point(*ORIGIN), radius_miles=5),
        )
    assert page.hits[0].distance_miles == pytest.approx(4.19, abs=0.05)


def test_sort_by_cost_puts_free_first_and_unpriced_by_time_last(search) -> None:
    assert search(sort="cost") == [
        "Quokka Play Scheme",
        "Quokka Swimming Club",
        "Quokka Personal Assistants",
        "Quokka Equipment Loan",
    ]


def test_sort_by_name(search) -> None:
    assert search(sort="name") == sorted(search(sort="name"))


def test_pages_split_results_and_a_page_past_the_end_shows_the_last(app, quokka) -> None:
    with app.app_context():
        first = search_services(db.session, SearchCriteria(keywords="quokka", per_page=3))
        beyond = search_services(db.session, SearchCriteria(keywords="quokka", per_page=3, page=9))
    assert (first.total, first.pages, len(first.hits)) == (4, 2, 3)
    assert (beyond.page, len(beyond.hits)) == (2, 1)


def test_a_known_postcode_gives_its_centroid(app, quokka) -> None:
    with app.app_context():
        assert find_postcode(db.session, ORIGIN_POSTCODE) == Point(*ORIGIN)
        assert find_postcode(db.session, "ZZ9 9ZZ") is None
