"""Links that remove one chosen filter, and links to pages of results, as plain URLs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from ..formatting import money
from ..money import pounds_to_pence
from ..postcodes import normalise_postcode
from .forms import DirectorySearchForm, whole_number

# Changing the filters must start again at the first page.
RESET_ON_CHANGE = ("page",)


@dataclass(frozen=True)
class ChosenFilter:
    label: str
    remove_url: str


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None marks a gap ("…")
    url: str
    current: bool = False


def _search_url(args: MultiDict[str, str]) -> str:
    # Only the form's own fields go into the link: other names in a shared URL, and
    # Flask's reserved ones such as _external, must not reach url_for.
    fields = set(DirectorySearchForm().data) | {"page"}
    query = [(key, value) for key, value in args.items(multi=True) if key in fields]
    base = url_for("directory.search")
    return f"{base}?{urlencode(query)}" if query else base


def _without(args: MultiDict[str, str], *names: str, value: str | None = None) -> str:
    remaining: MultiDict[str, str] = MultiDict()
    for key, item in args.items(multi=True):
        if key in RESET_ON_CHANGE:
            continue
        if key in names and (value is None or item == value):
            continue
        remaining.add(key, item)
    return _search_url(remaining)


def chosen_filters(form: DirectorySearchForm, args: MultiDict[str, str]) -> list[ChosenFilter]:
    """Every filter in force, each with a link that clears just that one."""
    chosen: list[ChosenFilter] = []
    for field in (form.category, form.need, form.funding, form.access):
        names = dict(field.choices or [])
        for code in field.data or []:
            if code in names:
                chosen.append(
                    ChosenFilter(str(names[code]), _without(args, field.name, value=code))
                )
    age = whole_number(form.age.data or "") if not form.age.errors else None
    if age is not None:
        chosen.append(ChosenFilter(_("Age %(age)s", age=age), _without(args, "age")))
    if form.cost.data == "free" and not form.cost.errors:
        chosen.append(ChosenFilter(_("Free only"), _without(args, "cost", "max_hourly")))
    elif form.cost.data == "max" and not form.max_hourly.errors:
        pence = pounds_to_pence(form.max_hourly.data or "")
        if pence is not None:
            chosen.append(
                ChosenFilter(
                    _("Up to %(amount)s an hour", amount=money(pence)),
                    _without(args, "cost", "max_hourly"),
                )
            )
    if form.direct_payment.data:
        chosen.append(
            ChosenFilter(_("Can be paid by direct payment"), _without(args, "direct_payment"))
        )
    postcode = normalise_postcode(form.postcode.data or "") if not form.postcode.errors else None
    if postcode:
        chosen.append(
            ChosenFilter(
                ngettext(
                    "Within %(num)s mile of %(postcode)s",
                    "Within %(num)s miles of %(postcode)s",
                    int(form.radius.data),
                    postcode=postcode,
                ),
                _without(args, "postcode", "radius"),
            )
        )
    return chosen


def page_links(current: int, last: int, args: MultiDict[str, str]) -> list[PageLink]:
    """First, last, and the pages either side of the current one, with gaps between."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    links: list[PageLink] = []
    previous = 0
    for number in wanted:
        if number - previous > 1:
            links.append(PageLink(None, ""))
        page_args = args.copy()
        page_args.setlist("page", [str(number)])
        links.append(PageLink(number, _search_url(page_args), number == current))
        previous = number
    return links
