"""Choosing the language: a link that works without JavaScript, remembered in a cookie,
and the browser's Accept-Language on a first visit."""

from __future__ import annotations

import re

import pytest


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.get_data(as_text=True)).group(0)


@pytest.mark.parametrize(
    ("accept_language", "lang", "direction"),
    [
        ("pl", "pl", "ltr"),
        ("pl-PL,pl;q=0.9,en;q=0.5", "pl", "ltr"),
        ("ur-PK, en;q=0.5", "ur", "rtl"),
        ("en-US", "en-GB", "ltr"),
        ("fr-FR, de;q=0.8", "en-GB", "ltr"),
        ("", "en-GB", "ltr"),
    ],
)
def test_a_first_visit_takes_the_language_from_the_browser(
    client, accept_language, lang, direction
) -> None:
    response = client.get("/", headers={"Accept-Language": accept_language})
    assert f'lang="{lang}"' in html_tag(response)
    assert f'dir="{direction}"' in html_tag(response)


def test_choosing_a_language_is_remembered_over_the_browser_setting(client) -> None:
    response = client.get("/language/ur?next=/services%3Fq%3Dswimming")
    assert response.status_code == 302
    assert response.headers["Location"] == "/services?q=swimming"
    cookie = response.headers["Set-Cookie"]
    assert "language=ur" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/services?q=swimming", headers={"Accept-Language": "pl"})
    assert 'lang="ur" dir="rtl"' in html_tag(page)


def test_pages_are_translated(client) -> None:
    client.get("/language/pl")
    polish = client.get("/services").get_data(as_text=True)
    client.get("/language/en_GB")
    english = client.get("/services").get_data(as_text=True)
    assert "Skip to main content" in english
    assert "Skip to main content" not in polish


def test_every_page_offers_the_other_languages_as_links_in_their_own_language(client) -> None:
    html = client.get("/services?q=swimming", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert 'lang="pl" hreflang="pl"' in html
    assert 'lang="ur" hreflang="ur" dir="rtl">اردو</a>' in html
    assert '<span aria-current="true" lang="en-GB" dir="ltr">English</span>' in html
    assert "/language/pl?next=/services?q%3Dswimming" in html


def test_provider_text_is_marked_as_english_for_screen_readers(client, quokka) -> None:
    client.get("/language/pl")
    html = client.get(f"/services/{quokka.club}").get_data(as_text=True)
    assert '<p class="govuk-body-l" lang="en">Adapted swimming sessions' in html


@pytest.mark.parametrize("code", ["xx", "fr", "en", "../etc"])
def test_an_unknown_language_is_not_found(client, code) -> None:
    assert client.get(f"/language/{code}").status_code == 404


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil", ""])
def test_the_language_link_only_returns_within_the_site(client, target) -> None:
    response = client.get("/language/pl", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_a_tampered_language_cookie_falls_back_to_the_browser(client) -> None:
    client.set_cookie("language", "<script>")
    response = client.get("/", headers={"Accept-Language": "pl"})
    assert 'lang="pl"' in html_tag(response)


def test_gov_uk_component_words_are_translated_too(client) -> None:
    client.get("/language/pl")
    errors = client.get("/services?age=abc").get_data(as_text=True)
    assert '<span class="govuk-visually-hidden">Błąd:</span>' in errors
    sign_in = client.get("/sign-in").get_data(as_text=True)
    assert 'data-i18n.show-password="Pokaż"' in sign_in
