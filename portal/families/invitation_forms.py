"""Forms for inviting people into a family, joining one, a young person's views, and a
broker starting a family's record at a drop-in."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    PasswordField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length

from local_offer import widgets

from ..accounts.forms import _EMAIL, EXAMPLE_PASSWORD, PASSWORD_MESSAGES, EmailField, lower_email
from ..accounts.passwords import password_problem
from .forms import CONSENT_END_MESSAGES, ChildForm, strip
from .invitation_rules import normalise_claim_code
from .models import CONSENT_ACCESS
from .rules import read_agreement_date, read_consent_end

NAME_FIELD_LIMIT = 200
VIEWS_LIMIT = 2000


class InviteParentForm(FlaskForm):
    name = StringField(
        _l("Their name"),
        validators=[
            InputRequired(message=_l("Enter their name")),
            Length(max=NAME_FIELD_LIMIT, message=_l("Name must be 200 characters or fewer")),
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    email = EmailField(_l("Their email address"), required_message=_l("Enter their email address"))


class InviteYoungPersonForm(FlaskForm):
    child = RadioField(
        _l("Who are you inviting?"),
        validators=[InputRequired(message=_l("Select the young person you are inviting"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    email = EmailField(_l("Their email address"), required_message=_l("Enter their email address"))

    def validate_child(self, field: RadioField) -> None:
        if field.data not in {value for value, _label in field.choices or []}:
            raise ValidationError(_l("Select the young person you are inviting"))


def _check_password(password: str, email: str) -> None:
    problem = password_problem(password, [email], (EXAMPLE_PASSWORD,))
    if problem:
        raise ValidationError(PASSWORD_MESSAGES[problem])


class JoinWithNewAccountForm(FlaskForm):
    """Registering from an invitation: the address is the one the invitation was sent to."""

    password = PasswordField(
        _l("Create a password"),
        description=_l(
            "At least 8 characters. 3 random words are easy to remember and hard to guess."
        ),
        validators=[InputRequired(message=_l("Create a password"))],
        widget=widgets.PasswordInput(),
    )

    def __init__(self, email: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._email = email

    def validate_password(self, field: PasswordField) -> None:
        _check_password(field.data or "", self._email)


CLAIM_CODE_MESSAGE = _l("Enter the claim code exactly as it is on your letter, like ACDE-3467")
WRONG_CLAIM_CODE_MESSAGE = _l(
    "That claim code is not right, or it has expired. Check it, or ask your broker for a new one"
)


class ClaimCodeForm(FlaskForm):
    claim_code = StringField(
        _l("Claim code"),
        description=_l("It is on the letter your broker gave you. For example, ACDE-3467"),
        validators=[
            InputRequired(message=_l("Enter your claim code")),
            Length(max=40, message=CLAIM_CODE_MESSAGE),
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.code: str | None = None

    def validate_claim_code(self, field: StringField) -> None:
        self.code = normalise_claim_code(field.data or "")
        if self.code is None:
            raise ValidationError(CLAIM_CODE_MESSAGE)


class ClaimWithNewAccountForm(ClaimCodeForm):
    email = EmailField()
    password = PasswordField(
        _l("Create a password"),
        description=_l(
            "At least 8 characters. 3 random words are easy to remember and hard to guess."
        ),
        validators=[InputRequired(message=_l("Create a password"))],
        widget=widgets.PasswordInput(),
    )

    def validate_password(self, field: PasswordField) -> None:
        _check_password(field.data or "", self.email.data or "")


class ViewsForm(FlaskForm):
    """A young person's own words. Every box may be left empty."""

    liked_and_admired = TextAreaField(
        _l("What people like and admire about me"),
        validators=[
            Length(
                max=VIEWS_LIMIT,
                message=_l(
                    "Make ‘What people like and admire about me’ shorter. "
                    "It can have 2,000 letters."
                ),
            )
        ],
        filters=[strip],
        widget=widgets.TextArea(),
    )
    important_to_me = TextAreaField(
        _l("What is important to me"),
        validators=[
            Length(
                max=VIEWS_LIMIT,
                message=_l("Make ‘What is important to me’ shorter. It can have 2,000 letters."),
            )
        ],
        filters=[strip],
        widget=widgets.TextArea(),
    )
    how_to_support_me = TextAreaField(
        _l("How best to support me"),
        validators=[
            Length(
                max=VIEWS_LIMIT,
                message=_l("Make ‘How best to support me’ shorter. It can have 2,000 letters."),
            )
        ],
        filters=[strip],
        widget=widgets.TextArea(),
    )
    my_future = TextAreaField(
        _l("What I want to do in the future"),
        validators=[
            Length(
                max=VIEWS_LIMIT,
                message=_l(
                    "Make ‘What I want to do in the future’ shorter. It can have 2,000 letters."
                ),
            )
        ],
        filters=[strip],
        widget=widgets.TextArea(),
    )


YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]


class SharingForm(FlaskForm):
    """Who may see a young person's views. The broker question is asked only from 16."""

    family = RadioField(
        _l("Can your family see your views?"),
        choices=YES_NO,
        validators=[InputRequired(message=_l("Pick yes or no"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    broker = RadioField(
        _l("Can your broker see your views?"),
        choices=YES_NO,
        widget=widgets.RadioInput(),
        validate_choice=False,
    )

    def __init__(self, *args: Any, asks_about_broker: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asks_about_broker = asks_about_broker

    def validate_family(self, field: RadioField) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError(_l("Pick yes or no"))

    def validate_broker(self, field: RadioField) -> None:
        if self.asks_about_broker and field.data not in ("yes", "no"):
            raise ValidationError(_l("Pick yes or no"))


AGREED_ON_MESSAGES = {
    "missing": _l("Enter the date the parent agreed"),
    "missing_day": _l("The date they agreed must include a day"),
    "missing_month": _l("The date they agreed must include a month"),
    "missing_year": _l("The date they agreed must include a year"),
    "not_real": _l("The date they agreed must be a real date, like 4 12 2026"),
    "in_future": _l("The date they agreed must be today or in the past"),
    "too_long_ago": _l("The date they agreed must be within the last 4 weeks"),
}

HANDOVER_CHOICES = [
    ("code", _l("Print a claim code to give them now")),
    ("email", _l("Email them an invitation")),
]


class DropInForm(ChildForm):
    """A broker starts a family's record with the parent beside them: who the parent is,
    their child, the parent's consent to this broker, and how the parent will claim it."""

    parent_name = StringField(
        _l("Parent or carer’s full name"),
        validators=[
            InputRequired(message=_l("Enter the parent or carer’s full name")),
            Length(max=NAME_FIELD_LIMIT, message=_l("Name must be 200 characters or fewer")),
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    parent_email = StringField(
        _l("Parent or carer’s email address (optional)"),
        description=_l("Only if they want the invitation by email"),
        validators=[
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
        filters=[lower_email],
        widget=widgets.TextInput(),
    )
    access = RadioField(
        _l("What did they agree you can do?"),
        choices=[
            ("view", _l("See the family’s records")),
            ("edit", _l("See and change the family’s records")),
        ],
        validators=[InputRequired(message=_l("Select what the parent agreed you can do"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    end_day = StringField(filters=[strip])
    end_month = StringField(filters=[strip])
    end_year = StringField(filters=[strip])
    agreed = BooleanField(
        _l("The parent or carer agreed to this in person, with me, today or on the date below"),
        widget=widgets.CheckboxInput(),
    )
    agreed_on_day = StringField(filters=[strip])
    agreed_on_month = StringField(filters=[strip])
    agreed_on_year = StringField(filters=[strip])
    handover = SelectMultipleField(
        _l("How will they claim their family’s account?"),
        choices=HANDOVER_CHOICES,
        widget=widgets.CheckboxesInput(),
        validate_choice=False,
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, today=today, **kwargs)
        self.expires_on: date | None = None
        self.agreed_on: date | None = None

    def validate_parent_email(self, field: StringField) -> None:
        if field.data and not _EMAIL.match(field.data):
            raise ValidationError(
                _l("Enter an email address in the correct format, like name@example.com")
            )
        if not field.data and "email" in (self.handover.data or []):
            raise ValidationError(_l("Enter their email address to email them an invitation"))

    def validate_access(self, field: RadioField) -> None:
        if field.data not in CONSENT_ACCESS:
            raise ValidationError(_l("Select what the parent agreed you can do"))

    def validate_end_day(self, field: StringField) -> None:
        end, problem = read_consent_end(
            self.end_day.data or "", self.end_month.data or "", self.end_year.data or "", self.today
        )
        if problem:
            raise ValidationError(CONSENT_END_MESSAGES[problem])
        self.expires_on = end

    def validate_agreed(self, field: BooleanField) -> None:
        if not field.data:
            raise ValidationError(_l("Confirm that the parent or carer agreed in person"))

    def validate_agreed_on_day(self, field: StringField) -> None:
        agreed_on, problem = read_agreement_date(
            self.agreed_on_day.data or "",
            self.agreed_on_month.data or "",
            self.agreed_on_year.data or "",
            self.today,
        )
        if problem:
            raise ValidationError(AGREED_ON_MESSAGES[problem])
        self.agreed_on = agreed_on

    def validate_handover(self, field: SelectMultipleField) -> None:
        chosen = set(field.data or [])
        if not chosen or not chosen <= {"code", "email"}:
            raise ValidationError(_l("Select how they will claim their family’s account"))
