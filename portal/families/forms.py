"""The form for a child's record, with GOV.UK wording."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField, ValidationError
from wtforms.validators import InputRequired, Length

from local_offer import widgets
from local_offer.money import pounds_to_pence

from ..accounts.forms import _EMAIL, EmailField, lower_email
from .finding import FamilySearch, read_family_reference
from .models import CONSENT_ACCESS, EHC_PLAN_ANSWERS
from .rules import read_consent_end, read_date_of_birth

DATE_OF_BIRTH_MESSAGES = {
    "missing": _l("Enter their date of birth"),
    "missing_day": _l("Date of birth must include a day"),
    "missing_month": _l("Date of birth must include a month"),
    "missing_year": _l("Date of birth must include a year"),
    "not_real": _l("Date of birth must be a real date, like 27 3 2015"),
    "in_future": _l("Date of birth must be today or in the past"),
    "too_old": _l("The portal is for children and young people up to the age of 25"),
}


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ChildForm(FlaskForm):
    first_name = StringField(
        _l("First name"),
        validators=[
            InputRequired(message=_l("Enter their first name")),
            Length(max=100, message=_l("First name must be 100 characters or fewer")),
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    last_name = StringField(
        _l("Last name"),
        validators=[
            InputRequired(message=_l("Enter their last name")),
            Length(max=100, message=_l("Last name must be 100 characters or fewer")),
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    dob_day = StringField(filters=[strip])
    dob_month = StringField(filters=[strip])
    dob_year = StringField(filters=[strip])
    needs = TextAreaField(
        _l("Their needs, in your own words (optional)"),
        description=_l("For example, autism and a learning disability; uses a wheelchair"),
        validators=[Length(max=2000, message=_l("Needs must be 2,000 characters or fewer"))],
        filters=[strip],
        widget=widgets.TextArea(),
    )
    ehc_plan = RadioField(
        _l("Do they have an education, health and care (EHC) plan?"),
        choices=[
            ("yes", _l("Yes")),
            ("being_assessed", _l("They are being assessed for one")),
            ("no", _l("No")),
        ],
        validators=[InputRequired(message=_l("Select whether they have an EHC plan"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    current_package = StringField(
        _l("How much is their current support package worth a year? (optional)"),
        description=_l("In pounds, if they have one. For example, 9400"),
        filters=[strip],
        widget=widgets.TextInput(),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.date_of_birth: date | None = None
        self.current_package_pence: int | None = None

    def validate_dob_day(self, field: StringField) -> None:
        born, problem = read_date_of_birth(
            self.dob_day.data or "", self.dob_month.data or "", self.dob_year.data or "", self.today
        )
        if problem:
            raise ValidationError(DATE_OF_BIRTH_MESSAGES[problem])
        self.date_of_birth = born

    def validate_ehc_plan(self, field: RadioField) -> None:
        if field.data not in EHC_PLAN_ANSWERS:
            raise ValidationError(_l("Select whether they have an EHC plan"))

    def validate_current_package(self, field: StringField) -> None:
        if not field.data:
            return
        self.current_package_pence = pounds_to_pence(field.data)
        if self.current_package_pence is None:
            raise ValidationError(_l("Enter the yearly amount in pounds, like 9400 or 9,400.50"))


CONSENT_END_MESSAGES = {
    **DATE_OF_BIRTH_MESSAGES,
    "missing": _l("Enter the last day the broker can see your records"),
    "missing_day": _l("The date must include a day"),
    "missing_month": _l("The date must include a month"),
    "missing_year": _l("The date must include a year"),
    "not_real": _l("The date must be a real date, like 31 3 2027"),
    "in_past": _l("The date must be today or in the future"),
    "too_far": _l("The date must be within a year from today; you can share again later"),
}
NO_BROKER_MESSAGE = _l(
    "There is no broker with that email address. Check it with your broker, or ask them "
    "to contact the council"
)


class ConsentForm(FlaskForm):
    broker_email = EmailField(_l("Your broker’s email address"))
    access = RadioField(
        _l("What can they do?"),
        choices=[
            ("view", _l("See your family’s records")),
            ("edit", _l("See and change your family’s records")),
        ],
        validators=[InputRequired(message=_l("Select what the broker can do"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    end_day = StringField(filters=[strip])
    end_month = StringField(filters=[strip])
    end_year = StringField(filters=[strip])

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.expires_on: date | None = None

    def validate_access(self, field: RadioField) -> None:
        if field.data not in CONSENT_ACCESS:
            raise ValidationError(_l("Select what the broker can do"))

    def validate_end_day(self, field: StringField) -> None:
        end, problem = read_consent_end(
            self.end_day.data or "", self.end_month.data or "", self.end_year.data or "", self.today
        )
        if problem:
            raise ValidationError(CONSENT_END_MESSAGES[problem])
        self.expires_on = end


NOTHING_TO_FIND = _l(
    "Enter a child’s name, their date of birth, a parent’s email address or the family reference"
)


class FindFamilyForm(FlaskForm):
    """A council officer's search. Every box is optional, but at least one is needed."""

    child_name = StringField(
        _l("Child’s name"),
        description=_l("First name, last name or both"),
        validators=[Length(max=200, message=_l("Name must be 200 characters or fewer"))],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    dob_day = StringField(filters=[strip])
    dob_month = StringField(filters=[strip])
    dob_year = StringField(filters=[strip])
    parent_email = StringField(
        _l("Parent’s or carer’s email address"),
        validators=[Length(max=254, message=_l("Email address must be 254 characters or fewer"))],
        filters=[lower_email],
        widget=widgets.TextInput(),
    )
    family_reference = StringField(
        _l("Family reference"),
        description=_l("The family’s number, like 1234"),
        validators=[
            Length(max=30, message=_l("Enter the family reference as a number, like 1234"))
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.date_of_birth: date | None = None
        self.family_id: int | None = None

    def validate_child_name(self, field: StringField) -> None:
        if field.data and len(field.data) < 2:
            raise ValidationError(_l("Enter at least 2 letters of the child’s name"))
        if not any(
            (field.data, self.dob_day.data, self.dob_month.data, self.dob_year.data)
            + (self.parent_email.data, self.family_reference.data)
        ):
            raise ValidationError(NOTHING_TO_FIND)

    def validate_dob_day(self, field: StringField) -> None:
        if not (self.dob_day.data or self.dob_month.data or self.dob_year.data):
            return
        born, problem = read_date_of_birth(
            self.dob_day.data or "", self.dob_month.data or "", self.dob_year.data or "", self.today
        )
        if problem:
            raise ValidationError(DATE_OF_BIRTH_MESSAGES[problem])
        self.date_of_birth = born

    def validate_parent_email(self, field: StringField) -> None:
        if field.data and not _EMAIL.match(field.data):
            raise ValidationError(
                _l("Enter an email address in the correct format, like name@example.com")
            )

    def validate_family_reference(self, field: StringField) -> None:
        if not field.data:
            return
        self.family_id = read_family_reference(field.data)
        if self.family_id is None:
            raise ValidationError(_l("Enter the family reference as a number, like 1234"))

    @property
    def search(self) -> FamilySearch:
        return FamilySearch(
            child_name=self.child_name.data or "",
            date_of_birth=self.date_of_birth,
            parent_email=self.parent_email.data or "",
            family_id=self.family_id,
        )
