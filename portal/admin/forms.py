"""The admin's forms: searching the audit trail, and staff accounts."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, RadioField, SelectField, StringField, ValidationError
from wtforms.validators import InputRequired, Length

from local_offer import widgets
from local_offer.money import pounds_to_pence

from ..accounts.forms import EmailField, lower_email, strip
from ..audit.search import LARGEST_ID, AuditFilters
from ..audit.wording import ACTIONS, RECORD_TYPES
from ..families.rules import read_date

DATE_MESSAGES = {
    "missing_day": _l("The date must include a day"),
    "missing_month": _l("The date must include a month"),
    "missing_year": _l("The date must include a year"),
    "not_real": _l("The date must be a real date, like 27 3 2026"),
}
STAFF_ROLES = ("officer", "admin", "broker")


class AuditSearchForm(Form):
    """A GET form, so a search has a URL an admin can keep or share with a colleague."""

    email = StringField(
        _l("Person’s email address"),
        description=_l("Who did it, who it was done to, or on whose behalf"),
        validators=[Length(max=254, message=_l("Email address must be 254 characters or fewer"))],
        filters=[lower_email],
        widget=widgets.TextInput(),
    )
    action = SelectField(
        _l("What happened"),
        choices=[("", _l("Anything"))] + sorted(ACTIONS.items()),
        widget=widgets.Select(),
        validate_choice=False,
    )
    record_type = SelectField(
        _l("Type of record"),
        choices=[("", _l("Any"))] + list(RECORD_TYPES.items()),
        widget=widgets.Select(),
        validate_choice=False,
    )
    record_id = StringField(
        _l("Record number"),
        filters=[strip],
        widget=widgets.TextInput(),
    )
    from_day = StringField(filters=[strip])
    from_month = StringField(filters=[strip])
    from_year = StringField(filters=[strip])
    to_day = StringField(filters=[strip])
    to_month = StringField(filters=[strip])
    to_year = StringField(filters=[strip])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.from_date: date | None = None
        self.to_date: date | None = None

    def validate_action(self, field: SelectField) -> None:
        if field.data and field.data not in ACTIONS:
            raise ValidationError(_l("Choose what happened from the list"))

    def validate_record_type(self, field: SelectField) -> None:
        if field.data and field.data not in RECORD_TYPES:
            raise ValidationError(_l("Choose a type of record from the list"))

    def validate_record_id(self, field: StringField) -> None:
        text = field.data or ""
        if text and not (
            text.isascii() and text.isdecimal() and len(text) <= 10 and 0 < int(text) <= LARGEST_ID
        ):
            raise ValidationError(_l("Record number must be a whole number, like 42"))

    def validate_from_day(self, field: StringField) -> None:
        self.from_date = self._date("from")

    def validate_to_day(self, field: StringField) -> None:
        self.to_date = self._date("to")
        if self.from_date and self.to_date and self.to_date < self.from_date:
            raise ValidationError(_l("The end date must be the same as or after the start date"))

    def _date(self, prefix: str) -> date | None:
        parts = [getattr(self, f"{prefix}_{part}").data or "" for part in ("day", "month", "year")]
        found, problem = read_date(*parts)
        if problem == "missing":
            return None
        if problem:
            raise ValidationError(DATE_MESSAGES[problem])
        return found

    def filters(self) -> AuditFilters:
        """What to search for; a field with an error is left out, so the rest still works."""
        return AuditFilters(
            email=self.email.data or None if not self.email.errors else None,
            action=self.action.data or None if not self.action.errors else None,
            record_type=self.record_type.data or None if not self.record_type.errors else None,
            record_id=int(self.record_id.data)
            if self.record_id.data and not self.record_id.errors
            else None,
            from_date=self.from_date,
            to_date=self.to_date,
        )


def _approval_limit(text: str | None) -> int | None:
    pence = pounds_to_pence(text or "")
    if pence is None:
        raise ValidationError(
            _l("Approval limit must be an amount in pounds, like 25000 or 25,000.50")
        )
    return pence


class NewStaffForm(FlaskForm):
    full_name = StringField(
        _l("Full name"),
        description=_l("Families see this name when this person looks at their records"),
        validators=[
            InputRequired(message=_l("Enter their full name")),
            Length(max=200, message=_l("Full name must be 200 characters or fewer")),
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    email = EmailField(_l("Work email address"), required_message=_l("Enter their email address"))
    role = RadioField(
        _l("Kind of account"),
        choices=[
            ("officer", _l("Council officer")),
            ("admin", _l("Administrator")),
            ("broker", _l("Broker")),
        ],
        validators=[InputRequired(message=_l("Select the kind of account"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    approval_limit = StringField(
        _l("Approval limit, for officers (optional)"),
        description=_l(
            "The most a plan they approve may cost a year, in pounds. For example, 25000"
        ),
        filters=[strip],
        widget=widgets.TextInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.approval_limit_pence: int | None = None

    def validate_role(self, field: RadioField) -> None:
        if field.data not in STAFF_ROLES:
            raise ValidationError(_l("Select the kind of account"))

    def validate_approval_limit(self, field: StringField) -> None:
        if not field.data:
            return
        if self.role.data != "officer":
            raise ValidationError(_l("Only council officers have an approval limit"))
        self.approval_limit_pence = _approval_limit(field.data)


class ApprovalLimitForm(FlaskForm):
    approval_limit = StringField(
        _l("Approval limit"),
        description=_l(
            "The most a plan they approve may cost a year, in pounds. For example, 25000"
        ),
        validators=[InputRequired(message=_l("Enter the approval limit in pounds, like 25000"))],
        filters=[strip],
        widget=widgets.TextInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.approval_limit_pence: int | None = None

    def validate_approval_limit(self, field: StringField) -> None:
        self.approval_limit_pence = _approval_limit(field.data)
