"""Request tests for the public directory pages: search, filters, service page, compare."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token
from tests.directory_fixtures import ORIGIN_POSTCODE


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def result_names(response) -> list[str]:
    return re.findall(
        r'<h2 class="govuk-heading-m[^"]*"><a class="govuk-link" href="/services/\d+">([^<]+)</a>',
        response.get_data(as_text=True),
    )


def test_search_page_lists_matching_services_with_a_count(client, quokka) -> None:
    response = client.get("/services?q=quokka")
    assert response.status_code == 200
    assert "4 services found" in page_text(response)
    assert set(result_names(response)) == {
        "Quokka Swimming Club",
        "Quokka Play Scheme",
        "Quokka Personal Assistants",
        "Quokka Equipment Loan",
    }


def test_one_result_uses_the_singular(client, quokka) -> None:
    assert "1 service found" in page_text(client.get("/services?q=quokka+equipment"))


def test_results_show_cost_ages_and_distance(client, quokka) -> None:
    text = page_text(client.get(f"/services?q=quokka+club&postcode={ORIGIN_POSTCODE}"))
    assert "From £9 per session" in text
    assert "Ages 5 to 18" in text
    assert f"0.0 miles from {ORIGIN_POSTCODE}" in text


def test_filters_in_the_url_are_applied_and_shown_as_chosen(client, quokka) -> None:
    response = client.get("/services?q=quokka&access=qk-wheelchair&access=qk-hoist&age=9")
    assert result_names(response) == ["Quokka Swimming Club"]
    text = page_text(response)
    assert "Remove filter: Quokka hoist" in text
    assert "Remove filter: Age 9" in text
    assert 'value="qk-hoist" checked' in text


def test_each_chosen_filter_links_to_the_search_without_it(client, quokka) -> None:
    html = client.get("/services?q=quokka&access=qk-wheelchair&access=qk-hoist&page=1").get_data(
        as_text=True
    )
    remove_hoist = re.search(r'href="([^"]+)">Remove filter: Quokka hoist', html).group(1)
    remove_hoist = remove_hoist.replace("&amp;", "&")
    assert "qk-hoist" not in remove_hoist
    assert "qk-wheelchair" in remove_hoist
    assert "page=" not in remove_hoist
    assert set(result_names(client.get(remove_hoist))) == {
        "Quokka Swimming Club",
        "Quokka Personal Assistants",
    }


def test_clear_all_keeps_only_the_search_words(client, quokka) -> None:
    html = client.get("/services?q=quokka&cost=free").get_data(as_text=True)
    assert 'href="/services?q=quokka">Clear all filters' in html


def test_free_and_hourly_cost_filters(client, quokka) -> None:
    assert result_names(client.get("/services?q=quokka&cost=free")) == ["Quokka Play Scheme"]
    names = result_names(client.get("/services?q=quokka&cost=max&max_hourly=%C2%A36.00"))
    assert set(names) == {"Quokka Swimming Club", "Quokka Play Scheme"}


def test_direct_payment_filter(client, quokka) -> None:
    names = result_names(client.get("/services?q=quokka&direct_payment=y"))
    assert set(names) == {"Quokka Swimming Club", "Quokka Personal Assistants"}


def test_distance_filter_and_sort(client, quokka) -> None:
    response = client.get("/services?q=quokka&postcode=qk11aa&radius=5&sort=distance")
    assert result_names(response) == ["Quokka Swimming Club", "Quokka Personal Assistants"]
    assert f"Within 5 miles of {ORIGIN_POSTCODE}" in page_text(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("age=abc", "Age must be a whole number of years, like 7"),
        ("age=-3", "Age must be a whole number of years, like 7"),
        ("age=40", "Age must be between 0 and 25"),
        ("page=-1", "Page must be a whole number, like 2"),
        ("page=abc", "Page must be a whole number, like 2"),
        ("postcode=not+a+postcode", "Enter a full postcode, like BK1 2AB"),
        ("postcode=ZZ9+9ZZ", "We could not find the postcode ZZ9 9ZZ. Check it and try again"),
        ("sort=distance", "Enter a postcode to sort by distance"),
        ("sort=cheapest", "Choose how to sort from the list"),
        ("cost=max", "Enter the most you want to pay per hour"),
        ("cost=max&max_hourly=ten", "Enter an amount in pounds, like 15 or 12.50"),
        ("cost=max&max_hourly=1.234", "Enter an amount in pounds, like 15 or 12.50"),
        ("cost=expensive", "Choose a cost from the list"),
        ("radius=7", "Choose a distance from the list"),
        ("category=not-a-category", "Choose a type of support from the list"),
        ("access=not-a-feature", "Choose accessibility features from the list"),
        ("q=" + "x" * 201, "Search words must be 200 characters or fewer"),
    ],
)
def test_bad_filters_get_a_specific_message_not_an_error_page(
    client, quokka, query, message
) -> None:
    response = client.get(
        f"/services?q=quokka&{query}" if not query.startswith("q=") else f"/services?{query}"
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert message in text
    assert "<title>Error:" in text


def test_what_was_typed_is_kept_when_a_filter_is_wrong(client, quokka) -> None:
    html = client.get("/services?q=quokka&age=abc&postcode=BK1+2AB").get_data(as_text=True)
    assert 'value="abc"' in html
    assert 'value="BK1 2AB"' in html


def test_valid_filters_still_apply_when_another_is_wrong(client, quokka) -> None:
    response = client.get("/services?q=quokka&age=abc&cost=free")
    assert result_names(response) == ["Quokka Play Scheme"]


def test_pagination_links_keep_the_filters(client, quokka) -> None:
    html = client.get("/services").get_data(as_text=True)
    next_link = re.search(
        r'<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next"', html
    )
    assert next_link and "page=2" in next_link.group(1)


def test_a_page_past_the_end_says_it_shows_the_last_page(client, quokka) -> None:
    text = page_text(client.get("/services?q=quokka&page=50"))
    assert "There are only 1 pages of results" in text or "so you are seeing the last one" in text


def test_no_results_gives_suggestions(client, quokka) -> None:
    text = page_text(client.get("/services?q=quokka+zebra"))
    assert "No services match your search" in text
    assert "0 services found" in text


def test_service_page_shows_costs_payment_options_and_details(client, quokka) -> None:
    response = client.get(f"/services/{quokka.club}")
    assert response.status_code == 200
    text = page_text(response)
    assert '<h1 class="govuk-heading-xl">Quokka Swimming Club</h1>' in text
    assert "£9 per session" in text
    assert "90 minutes" in text
    assert "With a direct payment: yes" in text
    assert "Through a managed account: no" in text
    assert "Quokka social care" in text
    assert "Who can use it" in text
    assert "Saturday, 10am to 11:30am" in text
    assert "01632 960001" in text
    assert "Last checked by the council on 1 October 2026" in text


def test_empty_sections_are_left_out(client, quokka) -> None:
    text = page_text(client.get(f"/services/{quokka.equipment}"))
    assert "Who can use it" not in text
    assert "Accessibility</h2>" not in text


def test_free_services_say_they_are_free_at_the_point_of_use(client, quokka) -> None:
    assert "Free at the point of use" in page_text(client.get(f"/services/{quokka.play}"))


@pytest.mark.parametrize(
    "path", ["/services/0", "/services/999999999", "/services/99999999999999", "/services/abc"]
)
def test_unknown_services_get_the_not_found_page(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in page_text(response)


def test_services_that_no_longer_run_are_not_shown(client, quokka) -> None:
    assert client.get(f"/services/{quokka.closed}").status_code == 404


def _add(client, service_id: int, next_url: str = "/compare"):
    token = csrf_token(client.get(f"/services/{service_id}").get_data(as_text=True))
    return client.post(
        "/compare/add", data={"csrf_token": token, "service_id": service_id, "next": next_url}
    )


def test_compare_up_to_three_services_side_by_side(client, quokka) -> None:
    for service_id in (quokka.club, quokka.play, quokka.assistants):
        assert _add(client, service_id).status_code == 302
    text = page_text(client.get("/compare"))
    assert "3 services side by side" in text
    assert "£6" in text  # the club's £9 for 90 minutes, per hour
    assert "£18" in text
    assert "Free" in text


def test_a_fourth_service_is_refused_with_a_message(client, quokka) -> None:
    for service_id in (quokka.club, quokka.play, quokka.assistants):
        _add(client, service_id)
    response = _add(client, quokka.equipment)
    assert response.status_code == 302
    text = page_text(client.get("/compare"))
    assert "You can compare up to 3 services" in text
    assert "Quokka Equipment Loan" not in text


def test_compare_shows_distance_from_the_last_postcode_searched(client, quokka) -> None:
    client.get(f"/services?q=quokka&postcode={ORIGIN_POSTCODE}")
    _add(client, quokka.assistants)
    assert f"4.2 miles from {ORIGIN_POSTCODE}" in page_text(client.get("/compare"))


def test_remove_and_clear_the_comparison(client, quokka) -> None:
    _add(client, quokka.club)
    _add(client, quokka.play)
    token = csrf_token(client.get("/compare").get_data(as_text=True))
    client.post("/compare/remove", data={"csrf_token": token, "service_id": quokka.club})
    text = page_text(client.get("/compare"))
    assert "1 service side by side" in text
    client.post("/compare/clear", data={"csrf_token": token})
    assert "You have not chosen any services to compare yet" in page_text(client.get("/compare"))


def test_compare_buttons_need_a_csrf_token(client, quokka) -> None:
    response = client.post("/compare/add", data={"service_id": quokka.club})
    assert response.status_code == 400
    assert "Your form could not be sent" in page_text(response)


def test_compare_only_redirects_within_the_site(client, quokka) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = _add(client, quokka.club, next_url=target)
        assert response.headers["Location"] == "/compare"
    assert _add(client, quokka.club, "/services?q=x").headers["Location"] == "/services?q=x"


@pytest.mark.parametrize("service_id", ["", "abc", "999999999", "99999999999999", "-1", "²"])
def test_adding_an_unknown_service_to_compare_is_not_found(client, quokka, service_id) -> None:
    token = csrf_token(client.get(f"/services/{quokka.club}").get_data(as_text=True))
    response = client.post("/compare/add", data={"csrf_token": token, "service_id": service_id})
    assert response.status_code == 404


def test_a_tampered_session_cannot_break_the_compare_page(client, quokka) -> None:
    with client.session_transaction() as session:
        session["compare"] = ["x", None, quokka.club, 10**12]
    assert client.get("/compare").status_code == 200


def test_contact_email_and_website_are_links(client, quokka) -> None:
    html = client.get(f"/services/{quokka.club}").get_data(as_text=True)
    assert '<a class="govuk-link" href="mailto:swim@quokka.example">swim@quokka.example</a>' in html
    assert 'href="https://quokka.example/swim?a=1&amp;b=&lt;2&gt;" rel="noopener"' in html


def test_a_website_that_is_not_a_web_address_is_never_a_link(client, quokka) -> None:
    html = client.get(f"/services/{quokka.play}").get_data(as_text=True)
    assert "javascript:" not in html


@pytest.mark.parametrize(
    "query",
    [
        "_method=POST",
        "_anchor=x&category=qk-clubs",
        "_external=1&_scheme=x&category=qk-clubs",
        "unknown=1&q=quokka&access=qk-hoist",
    ],
)
def test_names_flask_reserves_in_the_query_do_not_break_the_page(client, quokka, query) -> None:
    assert client.get(f"/services?{query}").status_code == 200


def test_a_service_that_is_not_public_cannot_be_compared(client, quokka) -> None:
    token = csrf_token(client.get(f"/services/{quokka.club}").get_data(as_text=True))
    response = client.post("/compare/add", data={"csrf_token": token, "service_id": quokka.closed})
    assert response.status_code == 404


def test_hidden_services_in_the_session_do_not_use_up_the_comparison(client, quokka) -> None:
    with client.session_transaction() as session:
        session["compare"] = [quokka.closed, quokka.club]
    _add(client, quokka.play)
    _add(client, quokka.assistants)
    assert "3 services side by side" in page_text(client.get("/compare"))


def test_provider_words_are_marked_english_in_a_right_to_left_page(client, quokka) -> None:
    client.get("/language/ur")
    html = client.get(f"/services/{quokka.club}").get_data(as_text=True)
    assert '<h1 class="govuk-heading-xl" lang="en" dir="ltr">Quokka Swimming Club</h1>' in html
    assert '<span class="govuk-caption-l" lang="en" dir="ltr">Quokka Trust</span>' in html
