"""Content pages in the reader's language, with English (marked as English) where a page has
no translation yet; and the translation files a council loads with the CLI."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from local_offer.cli import cli
from local_offer.content import pages, translations
from local_offer.extensions import db
from local_offer.models import ContentPage, ContentPageTranslation

POLISH_FILE = (
    "title: Pomoc w dojazdach\n"
    "summary: Jak dotrzeć do szkoły i na zajęcia.\n"
    "\n"
    "## Kto może dostać pomoc\n\n"
    "Dzieci, które mieszkają **dalej niż 5 km** od szkoły.\n"
)


@pytest.fixture
def page_with_polish(app: Flask) -> Iterator[ContentPage]:
    with app.app_context():
        page = ContentPage(
            slug=f"transport-{uuid.uuid4().hex[:8]}",
            title="Getting help with transport",
            summary="How to get to school and activities.",
            body="## Who can get help\n\nChildren who live more than 3 miles from school.\n",
        )
        db.session.add(page)
        db.session.flush()
        translations.save_translation(
            db.session, page.slug, "pl", translations.parse_translation(POLISH_FILE)
        )
        db.session.commit()
        yield page
        db.session.delete(db.session.get(ContentPage, page.id))
        db.session.commit()


def test_a_polish_reader_gets_the_polish_translation(
    client: FlaskClient, page_with_polish: ContentPage
) -> None:
    client.set_cookie("language", "pl")

    html = client.get(f"/local-offer/{page_with_polish.slug}").get_data(as_text=True)

    assert '<h1 class="govuk-heading-xl">Pomoc w dojazdach</h1>' in html
    assert '<h2 class="govuk-heading-m">Kto może dostać pomoc</h2>' in html
    assert "Getting help with transport" not in html
    assert 'lang="en"' not in html.split("<main", 1)[1].split("</main>")[0]


def test_a_reader_whose_language_has_no_translation_gets_english_marked_as_english(
    client: FlaskClient, page_with_polish: ContentPage
) -> None:
    client.set_cookie("language", "ur")

    html = client.get(f"/local-offer/{page_with_polish.slug}").get_data(as_text=True)

    assert '<h1 class="govuk-heading-xl" lang="en" dir="ltr">Getting help with transport' in html
    assert "Pomoc w dojazdach" not in html
    # The notice itself is in the reader's language, so it is not marked as English.
    notice = html.split('<p class="govuk-body govuk-!-font-weight-bold">', 1)[1].split("</p>")[0]
    assert notice.strip() and "lang=" not in notice


def test_an_english_reader_gets_english_without_a_translation_notice(
    client: FlaskClient, page_with_polish: ContentPage
) -> None:
    html = client.get(f"/local-offer/{page_with_polish.slug}").get_data(as_text=True)

    assert '<h1 class="govuk-heading-xl">Getting help with transport</h1>' in html
    assert "govuk-!-font-weight-bold" not in html


def test_page_text_falls_back_to_english_for_a_missing_language() -> None:
    updated = datetime(2026, 12, 1, tzinfo=UTC)
    english = pages.PageText("Title", "", "Body", updated, translated=False)
    polish = pages.PageText("Tytuł", "", "Treść", updated, translated=True)

    assert pages.page_text(english, {"pl": polish}, "pl") is polish
    assert pages.page_text(english, {"pl": polish}, "ur") is english
    assert pages.page_text(english, {"pl": polish}, "en_GB") is english


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("summary: no title\n\nBody", "needs a 'title:' line"),
        ("title: A page\n\n   \n", "text is missing"),
        ("title: A page\nBody straight after the header", "Line 2 should start with"),
        ("author: someone\n\nBody", "Line 1 should start with"),
        ("title: " + "x" * 201 + "\n\nBody", "200 characters"),
    ],
)
def test_a_broken_translation_file_is_explained(text: str, message: str) -> None:
    with pytest.raises(translations.TranslationFileError, match=message):
        translations.parse_translation(text)


def test_a_translation_file_with_windows_line_endings_is_read() -> None:
    parsed = translations.parse_translation(POLISH_FILE.replace("\n", "\r\n"))

    assert parsed.title == "Pomoc w dojazdach"
    assert parsed.body.startswith("## Kto może dostać pomoc")


def test_the_cli_adds_then_replaces_a_translation(
    app: Flask, page_with_polish: ContentPage, tmp_path: Path
) -> None:
    source = tmp_path / "transport.md"
    source.write_text(POLISH_FILE.replace("Pomoc w dojazdach", "Transport"), encoding="utf-8")

    result = app.test_cli_runner().invoke(
        cli, ["translate-page", page_with_polish.slug, "pl", str(source)]
    )

    assert result.exit_code == 0, result.output
    with app.app_context():
        saved = db.session.scalars(
            select(ContentPageTranslation).where(
                ContentPageTranslation.page_id == page_with_polish.id
            )
        ).all()
        assert [(t.language, t.title) for t in saved] == [("pl", "Transport")]


@pytest.mark.parametrize(
    ("slug", "language", "message"),
    [("no-such-page", "pl", "no content page called"), (None, "de", "not a language")],
)
def test_the_cli_refuses_an_unknown_page_or_language(
    app: Flask,
    page_with_polish: ContentPage,
    tmp_path: Path,
    slug: str | None,
    language: str,
    message: str,
) -> None:
    source = tmp_path / "page.md"
    source.write_text(POLISH_FILE, encoding="utf-8")

    result = app.test_cli_runner().invoke(
        cli, ["translate-page", slug or page_with_polish.slug, language, str(source)]
    )

    assert result.exit_code != 0
    assert message in result.output


def test_every_shipped_demo_translation_reads_and_names_a_demo_page() -> None:
    from local_offer.demo.content import CONTENT_PAGES

    slugs = {page["slug"] for page in CONTENT_PAGES}
    files = sorted(translations.DEMO_TRANSLATIONS.glob("*/*.md"))
    for path in files:
        assert path.stem in slugs, f"{path} names no demo page"
        assert path.parent.name in ("pl", "ur"), f"{path} is in no shipped language"
        translations.parse_translation(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", ["pl", "ur"])
def test_the_demo_pages_are_shipped_in_each_language(client: FlaskClient, language: str) -> None:
    from local_offer.demo.content import CONTENT_PAGES

    client.set_cookie("language", language)
    for page in CONTENT_PAGES:
        html = client.get(f"/local-offer/{page['slug']}").get_data(as_text=True)
        assert page["title"] not in html, f"{page['slug']} is still in English in {language}"
        assert "govuk-!-font-weight-bold" not in html
