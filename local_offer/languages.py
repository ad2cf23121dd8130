"""The languages the site is offered in, and how a reader's language is chosen.

A reader's choice (a cookie set by the language links, which work without JavaScript)
wins; on a first visit the browser's Accept-Language decides; English otherwise.

The directory knows nothing of accounts, so it announces a choice with the
``language_chosen`` signal; the portal listens, to keep the choice on the reader's account.
"""

from __future__ import annotations

from dataclasses import dataclass

from blinker import Namespace
from flask import Blueprint, abort, current_app, redirect, request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from .urls import local_path

COOKIE = "language"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class Language:
    code: str  # as Babel names the catalogue
    name: str  # in the language itself, as a reader looks for it
    direction: str = "ltr"

    @property
    def tag(self) -> str:
        """The BCP 47 tag for lang attributes: "en-GB", "pl", "ur"."""
        return self.code.replace("_", "-")


ALL_LANGUAGES = (
    Language("en_GB", "English"),
    Language("pl", "Polski"),
    Language("ur", "اردو", "rtl"),
)
DEFAULT = ALL_LANGUAGES[0]

bp = Blueprint("languages", __name__)

# Sent with the app as sender and ``language`` (a code) after a reader picks a language.
language_chosen = Namespace().signal("language-chosen")


def offered() -> list[Language]:
    enabled = current_app.config["LANGUAGES"]
    return [language for language in ALL_LANGUAGES if language.code in enabled]


def find(code: str | None) -> Language | None:
    return next((language for language in offered() if language.code == code), None)


def select_locale() -> str:
    chosen = find(request.cookies.get(COOKIE))
    if chosen:
        return chosen.code
    # Browsers send "en-US" or "ur-PK"; the language part decides, in the reader's order.
    by_language = {language.code.split("_")[0]: language.code for language in offered()}
    for value, _quality in request.accept_languages:
        primary = value.replace("_", "-").split("-")[0].lower()
        if primary in by_language:
            return by_language[primary]
    return DEFAULT.code


def current() -> Language:
    locale = get_locale()
    return find(str(locale)) or DEFAULT


@bp.get("/language/<code>")
def choose(code: str) -> Response:
    language = find(code)
    if language is None:
        abort(404)
    response = redirect(local_path(request.args.get("next")))
    remember(response, language)
    language_chosen.send(current_app._get_current_object(), language=language.code)
    return response


def remember(response: Response, language: Language) -> None:
    """Sets the cookie that keeps the reader's language, as the switcher does."""
    response.set_cookie(
        COOKIE,
        language.code,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
