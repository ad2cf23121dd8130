"""Translations of the council's content pages, kept as plain Markdown files.

A translation file starts with "title:" and "summary:" lines, then a blank line, then the
body in Markdown, so a translator can work in any text editor:

    title: O ofercie lokalnej
    summary: Oferta lokalna zbiera informacje o wsparciu ...

    ## Co zawiera oferta lokalna
    ...
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import languages
from ..models import ContentPage, ContentPageTranslation

DEMO_TRANSLATIONS = Path(__file__).resolve().parent.parent / "demo" / "data" / "translations"
HEADER_FIELDS = ("title", "summary")


class TranslationFileError(ValueError):
    """A translation file that cannot be read; the message says what to fix."""


@dataclass(frozen=True)
class TranslatedPage:
    title: str
    summary: str
    body: str


def parse_translation(text: str) -> TranslatedPage:
    header, _, body = text.replace("\r\n", "\n").partition("\n\n")
    fields: dict[str, str] = {}
    for number, line in enumerate(header.splitlines(), start=1):
        name, colon, value = line.partition(":")
        name = name.strip().lower()
        if not colon or name not in HEADER_FIELDS:
            raise TranslationFileError(
                f"Line {number} should start with 'title:' or 'summary:', "
                "and a blank line should separate these lines from the page's text."
            )
        fields[name] = value.strip()
    if not fields.get("title"):
        raise TranslationFileError("The file needs a 'title:' line with the page's title.")
    if len(fields["title"]) > 200 or len(fields.get("summary", "")) > 300:
        raise TranslationFileError("The title can be 200 characters and the summary 300.")
    if not body.strip():
        raise TranslationFileError("The page's text is missing after the blank line.")
    return TranslatedPage(fields["title"], fields.get("summary", ""), body.strip() + "\n")


def save_translation(
    session: Session, slug: str, language: str, translated: TranslatedPage
) -> ContentPageTranslation:
    """Add or replace the page's translation into a language the portal offers."""
    found = languages.find(language)
    if found is None or found.code.startswith("en"):
        offered = ", ".join(lang.code for lang in languages.offered() if lang.code != "en_GB")
        raise TranslationFileError(f"'{language}' is not a language the portal offers: {offered}.")
    page = session.scalar(select(ContentPage).where(ContentPage.slug == slug))
    if page is None:
        raise TranslationFileError(f"There is no content page called '{slug}'.")
    existing = next((t for t in page.translations if t.language == found.code), None)
    if existing is None:
        existing = ContentPageTranslation(page=page, language=found.code, title="")
        session.add(existing)
    existing.title, existing.summary, existing.body = (
        translated.title,
        translated.summary,
        translated.body,
    )
    return existing


def load_demo_translations(session: Session) -> int:
    """Every translation under demo/data/translations/<language>/<slug>.md; how many."""
    loaded = 0
    for path in sorted(DEMO_TRANSLATIONS.glob("*/*.md")):
        translated = parse_translation(path.read_text(encoding="utf-8"))
        save_translation(session, path.stem, path.parent.name, translated)
        loaded += 1
    return loaded
