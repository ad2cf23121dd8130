"""The directory's search and filter form: a plain GET form, so results have shareable URLs."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import (
    BooleanField,
    Form,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    ValidationError,
)
from wtforms.fields import Field
from wtforms.validators import Length

from .. import widgets
from ..geo import Point
from ..labels import SORT_LABELS
from ..models import TaxonomyTerm
from ..money import pounds_to_pence
from ..postcodes import normalise_postcode
from ..search import SearchCriteria

MAX_AGE = 25
RADIUS_CHOICES = (1, 3, 5, 10, 20)
DEFAULT_RADIUS = 5
MAX_PAGE = 10_000


class FilterCheckboxes(SelectMultipleField):
    """Checkboxes for a taxonomy. A code in the URL that is not a choice gets a clear message."""

    widget = widgets.CheckboxesInput()

    def __init__(self, label: str, unknown_message: str, **kwargs: object) -> None:
        super().__init__(label, **kwargs)  # type: ignore[arg-type]
        self.unknown_message = unknown_message

    def pre_validate(self, form: Form) -> None:
        known = {value for value, _label in self.choices or []}
        if any(value not in known for value in self.data or []):
            self.data = [value for value in self.data or [] if value in known]
            raise ValidationError(self.unknown_message)


def whole_number(text: str) -> int | None:
    text = (text or "").strip()
    if not text.isdecimal() or not text.isascii():
        return None
    return int(text)


class DirectorySearchForm(Form):
    q = StringField(
        _l("Search for a service"),
        description=_l("For example, swimming, short breaks or speech therapy"),
        validators=[Length(max=200, message=_l("Search words must be 200 characters or fewer"))],
        widget=widgets.TextInput(),
    )
    category = FilterCheckboxes(_l("Type of support"), _l("Choose a type of support from the list"))
    need = FilterCheckboxes(_l("Needs supported"), _l("Choose needs from the list"))
    age = StringField(
        _l("Age of child or young person"),
        description=_l("In years, from 0 to 25"),
        widget=widgets.TextInput(),
    )
    cost = RadioField(
        _l("Cost"),
        choices=[
            ("any", _l("Any cost")),
            ("free", _l("Free only")),
            ("max", _l("Up to an amount per hour")),
        ],
        default="any",
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    max_hourly = StringField(
        _l("Most you want to pay per hour, in pounds"),
        description=_l("For example, 15 or 12.50"),
        widget=widgets.TextInput(),
    )
    direct_payment = BooleanField(
        _l("Can be paid for with a direct payment"), widget=widgets.CheckboxInput()
    )
    funding = FilterCheckboxes(_l("Who can pay for it"), _l("Choose who can pay from the list"))
    access = FilterCheckboxes(
        _l("Accessibility"),
        _l("Choose accessibility features from the list"),
        description=_l("Only show services that have every feature you choose"),
    )
    postcode = StringField(
        _l("Postcode"),
        description=_l("To find services near you, for example BK1 2AB"),
        widget=widgets.TextInput(),
    )
    radius = SelectField(
        _l("Distance"),
        choices=[
            (str(miles), lazy_ngettext("Within %(num)s mile", "Within %(num)s miles", miles))
            for miles in RADIUS_CHOICES
        ],
        default=str(DEFAULT_RADIUS),
        widget=widgets.Select(),
        validate_choice=False,
    )
    sort = SelectField(
        _l("Sort by"),
        choices=list(SORT_LABELS.items()),
        default="relevance",
        widget=widgets.Select(),
        validate_choice=False,
    )
    page = StringField(widget=widgets.TextInput())

    def set_taxonomy_choices(self, terms: Iterable[TaxonomyTerm]) -> None:
        fields = {
            "category": self.category,
            "need": self.need,
            "funding-stream": self.funding,
            "accessibility": self.access,
        }
        for field in fields.values():
            field.choices = []
        for term in terms:
            field = fields.get(term.vocabulary)
            if field is not None:
                field.choices.append((term.code, term.name))  # type: ignore[union-attr]

    # Each check below gives the GOV.UK message for what a person (or a shared URL) got wrong.

    def validate_age(self, field: StringField) -> None:
        if not (field.data or "").strip():
            return
        age = whole_number(field.data)
        if age is None:
            raise ValidationError(_l("Age must be a whole number of years, like 7"))
        if age > MAX_AGE:
            raise ValidationError(_l("Age must be between 0 and 25"))

    def validate_cost(self, field: RadioField) -> None:
        if field.data not in {"any", "free", "max"}:
            field.data = "any"
            raise ValidationError(_l("Choose a cost from the list"))

    def validate_max_hourly(self, field: StringField) -> None:
        if self.cost.data != "max":
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter the most you want to pay per hour"))
        if pounds_to_pence(field.data) is None:
            raise ValidationError(_l("Enter an amount in pounds, like 15 or 12.50"))

    def validate_postcode(self, field: StringField) -> None:
        if (field.data or "").strip() and normalise_postcode(field.data) is None:
            raise ValidationError(_l("Enter a full postcode, like BK1 2AB"))

    def validate_radius(self, field: SelectField) -> None:
        if field.data not in {str(miles) for miles in RADIUS_CHOICES}:
            field.data = str(DEFAULT_RADIUS)
            raise ValidationError(_l("Choose a distance from the list"))

    def validate_sort(self, field: SelectField) -> None:
        if field.data not in SORT_LABELS:
            field.data = "relevance"
            raise ValidationError(_l("Choose how to sort from the list"))
        if field.data == "distance" and not (self.postcode.data or "").strip():
            raise ValidationError(_l("Enter a postcode to sort by distance"))

    def validate_page(self, field: StringField) -> None:
        if not (field.data or "").strip():
            return
        page = whole_number(field.data)
        if page is None or page < 1 or page > MAX_PAGE:
            raise ValidationError(_l("Page must be a whole number, like 2"))

    def to_criteria(self, origin: Point | None, per_page: int) -> SearchCriteria:
        """The search to run, built only from fields that passed their checks."""

        def valid(field: Field) -> bool:
            return not field.errors

        cost = self.cost.data if valid(self.cost) else "any"
        max_hourly = (
            pounds_to_pence(self.max_hourly.data)
            if cost == "max" and valid(self.max_hourly)
            else None
        )
        age = whole_number(self.age.data) if valid(self.age) else None
        page = whole_number(self.page.data) if valid(self.page) else None
        sort = self.sort.data if valid(self.sort) else "relevance"
        return SearchCriteria(
            keywords=(self.q.data or "") if valid(self.q) else "",
            categories=tuple(self.category.data or ()),
            needs=tuple(self.need.data or ()),
            funding_streams=tuple(self.funding.data or ()),
            accessibility=tuple(self.access.data or ()),
            age=age,
            free_only=cost == "free",
            max_hourly_pence=max_hourly,
            direct_payment=bool(self.direct_payment.data),
            origin=origin,
            radius_miles=int(self.radius.data) if origin else None,
            sort=sort,
            page=page or 1,
            per_page=per_page,
        )
