"""Back office forms, with GOV.UK wording."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length

from local_offer import widgets
from local_offer.content.pages import clean_text, looks_like_email
from local_offer.models import COST_UNITS
from local_offer.money import pounds_to_pence
from local_offer.postcodes import normalise_postcode

# Ages the Local Offer covers: from birth to a young person's 26th birthday.
YOUNGEST_AGE = 0
OLDEST_AGE = 25
LONGEST_SESSION_MINUTES = 24 * 60

SERVICE_STATUS_CHOICES = [
    ("active", _l("Running")),
    ("temporarily closed", _l("Temporarily closed")),
    ("inactive", _l("Not running")),
]
MANAGEMENT_CHOICES = [
    ("direct_payment", _l("Direct payment")),
    ("managed_account", _l("Managed account")),
    ("council_arranged", _l("Arranged by the council (notional budget)")),
]
UNIT_CHOICES = [
    ("hour", _l("Per hour")),
    ("session", _l("Per session")),
    ("day", _l("Per day")),
    ("night", _l("Per night")),
    ("week", _l("Per week")),
    ("item", _l("Per item")),
    ("mile", _l("Per mile")),
    ("free", _l("Free")),
]
assert {code for code, _label in UNIT_CHOICES} == set(COST_UNITS)


def _text(
    label: Any,
    *,
    max_length: int,
    too_long: Any,
    required: Any = None,
    area: bool = False,
    description: Any = "",
) -> Any:
    validators: list[Any] = []
    if required is not None:
        validators.append(InputRequired(message=required))
    validators.append(Length(max=max_length, message=too_long))
    field_class = TextAreaField if area else StringField
    widget = widgets.TextArea() if area else widgets.TextInput()
    return field_class(
        label,
        description=description,
        validators=validators,
        filters=[clean_text],
        widget=widget,
    )


class _ContactChecks:
    """Optional email address and website, checked the same way on every form."""

    def validate_email(self, field: Field) -> None:
        if field.data and not looks_like_email(field.data):
            raise ValidationError(
                _l("Enter an email address in the correct format, like name@example.com")
            )

    def validate_url(self, field: Field) -> None:
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(
                _l("Enter a website address that starts with https://, like https://example.org")
            )


class OrganisationForm(_ContactChecks, FlaskForm):
    name = _text(
        _l("Name"),
        required=_l("Enter the organisation’s name"),
        max_length=200,
        too_long=_l("Name must be 200 characters or fewer"),
    )
    description = _text(
        _l("Description (optional)"),
        area=True,
        max_length=5000,
        too_long=_l("Description must be 5,000 characters or fewer"),
    )
    email = _text(
        _l("Contact email address (optional)"),
        description=_l("Where we send a link to propose changes to their services"),
        max_length=254,
        too_long=_l("Email address must be 254 characters or fewer"),
    )
    phone = _text(
        _l("Phone number (optional)"),
        max_length=40,
        too_long=_l("Phone number must be 40 characters or fewer"),
    )
    url = _text(
        _l("Website (optional)"),
        max_length=500,
        too_long=_l("Website address must be 500 characters or fewer"),
    )
    charity_number = _text(
        _l("Charity number (optional)"),
        max_length=20,
        too_long=_l("Charity number must be 20 characters or fewer"),
    )


class ProviderDetailsForm(_ContactChecks, FlaskForm):
    """What a provider may propose, and the first part of the officer's service form."""

    name = _text(
        _l("Service name"),
        required=_l("Enter the service’s name"),
        max_length=200,
        too_long=_l("Service name must be 200 characters or fewer"),
    )
    summary = _text(
        _l("Summary"),
        description=_l("One sentence, shown in search results"),
        required=_l("Enter a summary"),
        max_length=300,
        too_long=_l("Summary must be 300 characters or fewer"),
    )
    description = _text(
        _l("Description (optional)"),
        area=True,
        max_length=5000,
        too_long=_l("Description must be 5,000 characters or fewer"),
    )
    eligibility = _text(
        _l("Who can use it (eligibility) (optional)"),
        area=True,
        max_length=2000,
        too_long=_l("Eligibility must be 2,000 characters or fewer"),
    )
    who_it_suits = _text(
        _l("Who it suits (optional)"),
        area=True,
        max_length=2000,
        too_long=_l("Who it suits must be 2,000 characters or fewer"),
    )
    how_to_access = _text(
        _l("How to use it (optional)"),
        description=_l("For example, how to refer or book"),
        area=True,
        max_length=2000,
        too_long=_l("How to use it must be 2,000 characters or fewer"),
    )
    email = _text(
        _l("Email address (optional)"),
        max_length=254,
        too_long=_l("Email address must be 254 characters or fewer"),
    )
    phone = _text(
        _l("Phone number (optional)"),
        max_length=40,
        too_long=_l("Phone number must be 40 characters or fewer"),
    )
    url = _text(
        _l("Website (optional)"),
        max_length=500,
        too_long=_l("Website address must be 500 characters or fewer"),
    )


def _age(label: Any) -> Any:
    return StringField(label, filters=[clean_text], widget=widgets.TextInput())


class ServiceForm(ProviderDetailsForm):
    # When the service was last changed as the officer opened the form, to catch a second
    # officer's save in between rather than silently overwrite it.
    version = HiddenField()
    organisation_id = SelectField(
        _l("Provider"),
        choices=[],
        validate_choice=False,
        widget=widgets.Select(),
    )
    status = RadioField(
        _l("Is the service running?"),
        choices=SERVICE_STATUS_CHOICES,
        validate_choice=False,
        validators=[InputRequired(message=_l("Select whether the service is running"))],
        widget=widgets.RadioInput(),
    )
    minimum_age = _age(_l("Youngest age (optional)"))
    maximum_age = _age(_l("Oldest age (optional)"))
    categories = SelectMultipleField(
        _l("Categories"), choices=[], validate_choice=False, widget=widgets.CheckboxesInput()
    )
    needs = SelectMultipleField(
        _l("Needs supported"), choices=[], validate_choice=False, widget=widgets.CheckboxesInput()
    )
    accessibility_features = SelectMultipleField(
        _l("Accessibility"), choices=[], validate_choice=False, widget=widgets.CheckboxesInput()
    )
    funding_streams = SelectMultipleField(
        _l("Parts of a personal budget it can be paid from"),
        choices=[],
        validate_choice=False,
        widget=widgets.CheckboxesInput(),
    )
    management_options = SelectMultipleField(
        _l("How the money can be managed"),
        choices=MANAGEMENT_CHOICES,
        validate_choice=False,
        widget=widgets.CheckboxesInput(),
    )
    location_name = _text(
        _l("Venue name (optional)"),
        max_length=200,
        too_long=_l("Venue name must be 200 characters or fewer"),
    )
    address_1 = _text(
        _l("Address line 1 (optional)"),
        max_length=200,
        too_long=_l("Address line 1 must be 200 characters or fewer"),
    )
    city = _text(
        _l("Town or city (optional)"),
        max_length=100,
        too_long=_l("Town or city must be 100 characters or fewer"),
    )
    postcode = _text(
        _l("Postcode (optional)"),
        max_length=10,
        too_long=_l("Enter a real postcode, like BK1 2AB"),
    )

    def __init__(self, *args: Any, terms: dict[str, list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories.choices = terms.get("category", [])
        self.needs.choices = terms.get("need", [])
        self.accessibility_features.choices = terms.get("accessibility", [])
        self.funding_streams.choices = terms.get("funding-stream", [])
        self.minimum_age_value: int | None = None
        self.maximum_age_value: int | None = None
        self.normalised_postcode: str = ""

    def validate_organisation_id(self, field: Field) -> None:
        if not field.data or field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Select the provider"))

    def validate_status(self, field: Field) -> None:
        if field.data not in {value for value, _label in SERVICE_STATUS_CHOICES}:
            raise ValidationError(_l("Select whether the service is running"))

    def _checked(self, field: SelectMultipleField, message: Any) -> None:
        known = {value for value, _label in field.choices}
        if any(value not in known for value in field.data or []):
            raise ValidationError(message)

    def validate_categories(self, field: SelectMultipleField) -> None:
        self._checked(field, _l("Select categories from the list"))
        if not field.data:
            raise ValidationError(_l("Select at least one category"))

    def validate_needs(self, field: SelectMultipleField) -> None:
        self._checked(field, _l("Select needs from the list"))

    def validate_accessibility_features(self, field: SelectMultipleField) -> None:
        self._checked(field, _l("Select accessibility features from the list"))

    def validate_funding_streams(self, field: SelectMultipleField) -> None:
        self._checked(field, _l("Select parts of a personal budget from the list"))

    def validate_management_options(self, field: SelectMultipleField) -> None:
        self._checked(field, _l("Select how the money can be managed from the list"))

    def validate_minimum_age(self, field: Field) -> None:
        self.minimum_age_value = _read_age(field.data, _l("Youngest age"))

    def validate_maximum_age(self, field: Field) -> None:
        self.maximum_age_value = _read_age(field.data, _l("Oldest age"))
        youngest = self.minimum_age_value
        if youngest is None and not self.minimum_age.errors:
            youngest = _age_or_none(self.minimum_age.data)
        if (
            self.maximum_age_value is not None
            and youngest is not None
            and self.maximum_age_value < youngest
        ):
            raise ValidationError(_l("Oldest age must be the same as or more than youngest age"))

    def validate_postcode(self, field: Field) -> None:
        if not field.data:
            if self.address_1.data or self.city.data or self.location_name.data:
                raise ValidationError(_l("Enter the venue’s postcode"))
            return
        postcode = normalise_postcode(field.data)
        if postcode is None:
            raise ValidationError(_l("Enter a real postcode, like BK1 2AB"))
        self.normalised_postcode = postcode


def _age_or_none(text: str | None) -> int | None:
    value = (text or "").strip()
    if value.isascii() and value.isdecimal() and len(value) <= 3:
        return int(value)
    return None


def _read_age(text: str | None, name: Any) -> int | None:
    if not text:
        return None
    age = _age_or_none(text)
    if age is None:
        raise ValidationError(_l("%(name)s must be a whole number, like 11", name=name))
    if not YOUNGEST_AGE <= age <= OLDEST_AGE:
        raise ValidationError(
            _l(
                "%(name)s must be between %(youngest)s and %(oldest)s",
                name=name,
                youngest=YOUNGEST_AGE,
                oldest=OLDEST_AGE,
            )
        )
    return age


class CostOptionForm(FlaskForm):
    label = _text(
        _l("What the price is for (optional)"),
        description=_l("For example, after-school session"),
        max_length=200,
        too_long=_l("What the price is for must be 200 characters or fewer"),
    )
    unit = RadioField(
        _l("How it is priced"),
        choices=UNIT_CHOICES,
        validate_choice=False,
        validators=[InputRequired(message=_l("Select how it is priced"))],
        widget=widgets.RadioInput(),
    )
    amount = StringField(
        _l("Amount"),
        description=_l("In pounds, like 12.50. Leave empty if it is free"),
        filters=[clean_text],
        widget=widgets.TextInput(),
    )
    duration_minutes = StringField(
        _l("How long a session, day or night lasts, in minutes (optional)"),
        description=_l("So families can compare it by the hour, like 120"),
        filters=[clean_text],
        widget=widgets.TextInput(),
    )
    includes = _text(
        _l("What is included (optional)"),
        area=True,
        max_length=1000,
        too_long=_l("What is included must be 1,000 characters or fewer"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.amount_pence: int = 0
        self.minutes: int | None = None

    def validate_unit(self, field: Field) -> None:
        if field.data not in COST_UNITS:
            raise ValidationError(_l("Select how it is priced"))

    def validate_amount(self, field: Field) -> None:
        if self.unit.data == "free":
            self.amount_pence = 0
            return
        if not field.data:
            raise ValidationError(_l("Enter the amount, like 12.50"))
        pence = pounds_to_pence(field.data)
        if pence is None:
            raise ValidationError(_l("Enter the amount in pounds and pence, like 12.50"))
        self.amount_pence = pence

    def validate_duration_minutes(self, field: Field) -> None:
        if not field.data:
            return
        text = field.data
        if not (text.isascii() and text.isdecimal() and len(text) <= 4):
            raise ValidationError(_l("Length must be a whole number of minutes, like 120"))
        minutes = int(text)
        if not 1 <= minutes <= LONGEST_SESSION_MINUTES:
            raise ValidationError(_l("Length must be between 1 and 1,440 minutes"))
        self.minutes = minutes


class ResponseForm(FlaskForm):
    you_said = _text(
        _l("You said"),
        description=_l("What the person told us, in a sentence or two, without names"),
        required=_l("Enter what they said"),
        area=True,
        max_length=2000,
        too_long=_l("You said must be 2,000 characters or fewer"),
    )
    we_did = _text(
        _l("We did"),
        description=_l("What the council did about it"),
        required=_l("Enter what the council did"),
        area=True,
        max_length=2000,
        too_long=_l("We did must be 2,000 characters or fewer"),
    )


class InviteProviderForm(FlaskForm):
    email = _text(
        _l("Provider’s email address"),
        required=_l("Enter the provider’s email address"),
        max_length=254,
        too_long=_l("Email address must be 254 characters or fewer"),
    )

    def validate_email(self, field: Field) -> None:
        if field.data and not looks_like_email(field.data):
            raise ValidationError(
                _l("Enter an email address in the correct format, like name@example.com")
            )


class RejectProposalForm(FlaskForm):
    reason = _text(
        _l("Why are you rejecting these changes?"),
        description=_l("The provider sees this"),
        required=_l("Enter why you are rejecting the changes"),
        area=True,
        max_length=2000,
        too_long=_l("Reason must be 2,000 characters or fewer"),
    )
