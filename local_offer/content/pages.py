"""Rules behind the council's published pages: Markdown, the short breaks statement, feedback.

Plain functions over simple values, so they can be tested without an app.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup

# --- Markdown -------------------------------------------------------------------------------

# The page template owns the only <h1>, so a "#" heading in the body is shown one level down.
TOP_BODY_HEADING_LEVEL = 2

_HEADING_CLASSES = {2: "govuk-heading-m", 3: "govuk-heading-s"}
_BLOCK_CLASSES = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "blockquote_open": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--l govuk-section-break--visible",
}


def _add_govuk_classes(state: StateCore) -> None:
    shift = state.env.get("heading_shift", 0)
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = max(int(token.tag[1]), TOP_BODY_HEADING_LEVEL) + shift
            level = min(level, 6)
            token.tag = f"h{level}"
            if token.type == "heading_open":
                token.attrSet("class", _HEADING_CLASSES.get(level, "govuk-heading-s"))
        elif token.type in _BLOCK_CLASSES:
            token.attrSet("class", _BLOCK_CLASSES[token.type])
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("class", "govuk-link")


def _markdown() -> MarkdownIt:
    # "html": False escapes any raw HTML a page contains; CommonMark's own link check already
    # refuses javascript:, vbscript: and file: addresses.
    md = MarkdownIt("commonmark", {"html": False})
    md.core.ruler.push("govuk_classes", _add_govuk_classes)
    return md


_MARKDOWN = _markdown()


def render_markdown(text: str, heading_shift: int = 0) -> Markup:
    """Council-written Markdown as safe HTML with GOV.UK Frontend classes.

    ``heading_shift`` moves every heading down that many levels, for Markdown shown under a
    heading of the page it sits in.
    """
    return Markup(_MARKDOWN.render(text or "", {"heading_shift": heading_shift}))  # noqa: S704


def paragraphs(text: str) -> list[str]:
    """Plain text split into paragraphs at blank lines, for text that is not Markdown."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    return [block.strip() for block in blocks if block.strip()]


# --- Short breaks services statement --------------------------------------------------------

# Category codes of services that are short breaks. The statement lists them in this order;
# a service carrying several is listed once, under the last (most specific) code it has.
SHORT_BREAK_CATEGORIES = ("short-breaks", "overnight-breaks", "holiday-schemes")

SHORT_BREAKS_ELIGIBILITY_SLUG = "short-breaks-eligibility"


@dataclass(frozen=True)
class Cost:
    amount_pence: int
    unit: str
    label: str = ""

    @property
    def is_free(self) -> bool:
        return self.unit == "free" or self.amount_pence == 0


@dataclass(frozen=True)
class StatementEntry:
    service_id: int
    name: str
    provider: str
    minimum_age: int | None
    maximum_age: int | None
    costs: tuple[Cost, ...]

    @property
    def is_free(self) -> bool:
        return bool(self.costs) and all(cost.is_free for cost in self.costs)


@dataclass
class StatementGroup:
    code: str
    name: str
    entries: list[StatementEntry] = field(default_factory=list)


def short_break_category(
    term_codes: Iterable[str], categories: Sequence[str] = SHORT_BREAK_CATEGORIES
) -> str | None:
    """The category a service is listed under in the statement, or None if it is no short break."""
    codes = set(term_codes)
    for code in reversed(categories):
        if code in codes:
            return code
    return None


def build_short_breaks_statement(
    services: Iterable[Any],
    category_names: dict[str, str],
    categories: Sequence[str] = SHORT_BREAK_CATEGORIES,
) -> list[StatementGroup]:
    """Group short break services by category, in the statement's order, names A to Z.

    ``services`` are Service-like objects (id, name, organisation, ages, cost_options, terms);
    ``category_names`` maps a category code to the name the council gives it. Categories with
    no services are left out.
    """
    groups = {code: StatementGroup(code, category_names.get(code, code)) for code in categories}
    for service in services:
        code = short_break_category(
            (term.code for term in service.terms if term.vocabulary == "category"), categories
        )
        if code is None:
            continue
        organisation = getattr(service, "organisation", None)
        groups[code].entries.append(
            StatementEntry(
                service_id=service.id,
                name=service.name,
                provider=organisation.name if organisation is not None else "",
                minimum_age=service.minimum_age,
                maximum_age=service.maximum_age,
                costs=tuple(
                    Cost(option.amount_pence, option.unit, option.label or "")
                    for option in service.cost_options
                ),
            )
        )
    for group in groups.values():
        group.entries.sort(key=lambda entry: (entry.name.casefold(), entry.service_id))
    return [group for group in groups.values() if group.entries]


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back timezone-aware columns without their zone; they were stored as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def latest_change(moments: Iterable[datetime | None], default: datetime) -> datetime:
    """When the newest of the things a generated page is made from last changed."""
    known = [as_utc(moment) for moment in moments if moment is not None]
    return max(known) if known else as_utc(default)


# --- Feedback -------------------------------------------------------------------------------

MESSAGE_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 254
# Real people rarely paste more than a few links; link lists are what spam looks like.
MAX_LINKS = 3
# The same message about the same thing inside this window is a double submission.
DUPLICATE_WINDOW = timedelta(minutes=10)
# Service ids are 32-bit integers in the database; anything larger cannot be a service.
LARGEST_ID = 2**31 - 1

_LINK = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
# Control characters other than tab and newline: PostgreSQL refuses NUL in text outright.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Deliberately simple: something@something.tld, no spaces, one @. A reply proves the rest.
_EMAIL = re.compile(
    r"^[^@\s]+@(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    re.IGNORECASE,
)


def clean_text(value: str | None) -> str:
    """What a person typed, with Windows line endings, control characters and edges removed."""
    if value is None:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def count_links(text: str) -> int:
    return len(_LINK.findall(text or ""))


def has_too_many_links(text: str) -> bool:
    return count_links(text) > MAX_LINKS


def looks_like_email(text: str) -> bool:
    return len(text) <= EMAIL_MAX_LENGTH and bool(_EMAIL.match(text))


def honeypot_filled(value: str | None) -> bool:
    """People cannot see the honeypot field; only a robot fills it in."""
    return bool((value or "").strip())


def parse_id(raw: str | None) -> int | None:
    """A positive database id from a query string, or None for anything else."""
    text = (raw or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None


def parse_page_number(raw: str | None) -> int:
    """The page of a list someone asked for; anything unreadable means the first page."""
    number = parse_id(raw)
    return number if number is not None else 1


# --- Pages in the reader's language ---------------------------------------------------------


@dataclass(frozen=True)
class PageText:
    title: str
    summary: str
    body: str
    updated_at: datetime
    # False when the reader's language has no translation and the English is shown.
    translated: bool


def page_text(english: PageText, translations: dict[str, PageText], language: str) -> PageText:
    """The page in the reader's language ("pl", "ur"), or the English when there is none.

    English variants ("en_GB") always read the English, and a translation that is older
    than the English is still shown: a slightly stale translation serves a reader better
    than a language they may not read."""
    if language.startswith("en"):
        return english
    return translations.get(language, english)
