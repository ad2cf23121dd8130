"""The plan's forms, with GOV.UK wording. Each editing form carries the lock version it was
loaded with, so a save over someone else's newer change is caught."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length

from local_offer import widgets
from local_offer.labels import UNIT_LABELS
from local_offer.money import pounds_to_pence

from ..families.forms import strip
from .labels import (
    AREA_LABELS,
    CONFIRMATION_LABELS,
    FREQUENCY_LABELS,
    MANAGEMENT_EXPLANATIONS,
    MANAGEMENT_LABELS,
    SITUATION_LABELS,
    STREAM_LABELS,
)
from .rules import read_quantity

LONG_TEXT = 5000


def _text(label: Any, required: Any = None, hint: Any = None, max_length: int = LONG_TEXT) -> Any:
    validators: list[Any] = [
        Length(
            max=max_length,
            message=_l("This must be %(max)s characters or fewer", max=f"{max_length:,}"),
        )
    ]
    if required:
        # DataRequired looks at the stripped text, so spaces alone are not an answer.
        validators.insert(0, DataRequired(message=required))
    return TextAreaField(
        label, description=hint, validators=validators, filters=[strip], widget=widgets.TextArea()
    )


class LockedForm(FlaskForm):
    lock_version = HiddenField()


class AboutForm(LockedForm):
    about_liked = _text(_l("What people like and admire about them"))
    about_important = _text(_l("What is important to them"))
    about_support = _text(_l("How best to support them"))


class OutcomeForm(LockedForm):
    area = RadioField(
        _l("Which part of life is this about?"),
        choices=list(AREA_LABELS.items()),
        validators=[InputRequired(message=_l("Select which part of life this is about"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    what_different = _text(
        _l("What should be different?"),
        _l("Enter what should be different"),
        _l("Be specific. For example, “Sam goes swimming with friends without me there”"),
        2000,
    )
    how_we_know = _text(
        _l("How will you know it has happened?"),
        _l("Enter how you will know it has happened"),
        _l("Something you could see or count. For example, “swims 25 metres on their own”"),
        2000,
    )
    by_when = StringField(
        _l("By when?"),
        description=_l("For example, by the summer holidays 2027"),
        validators=[
            DataRequired(message=_l("Enter when this should have happened by")),
            Length(max=100, message=_l("When must be 100 characters or fewer")),
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )

    def validate_area(self, field: RadioField) -> None:
        if field.data not in AREA_LABELS:
            raise ValidationError(_l("Select which part of life this is about"))


class LineForm(LockedForm):
    description = StringField(
        _l("What is the support?"),
        validators=[
            DataRequired(message=_l("Enter what the support is")),
            Length(max=200, message=_l("What the support is must be 200 characters or fewer")),
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    provider = StringField(
        _l("Who provides it? (optional)"),
        validators=[Length(max=200, message=_l("Who provides it must be 200 characters or fewer"))],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    unit_cost = StringField(
        _l("Cost of one unit"),
        description=_l("In pounds. For example, 16.50"),
        validators=[DataRequired(message=_l("Enter the cost of one unit"))],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    unit = SelectField(
        _l("Unit"),
        choices=[(code, label) for code, label in UNIT_LABELS.items() if code != "free"],
        widget=widgets.Select(),
        validate_choice=False,
    )
    quantity = StringField(
        _l("How many units each time?"),
        description=_l("For example, 3 hours, or 2.5"),
        validators=[DataRequired(message=_l("Enter how many units each time"))],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    frequency = RadioField(
        _l("How often?"),
        choices=list(FREQUENCY_LABELS.items()),
        validators=[InputRequired(message=_l("Select how often"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    funding_stream = RadioField(
        _l("Which part of the budget pays for it?"),
        choices=list(STREAM_LABELS.items()),
        validators=[InputRequired(message=_l("Select which part of the budget pays for it"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    outcomes = SelectMultipleField(
        _l("Which outcomes does it help with?"),
        description=_l("Select all that apply"),
        widget=widgets.CheckboxesInput(),
        validate_choice=False,
    )
    situation = SelectMultipleField(
        _l("Does any of this apply? (optional)"),
        choices=list(SITUATION_LABELS.items()),
        widget=widgets.CheckboxesInput(),
        validate_choice=False,
    )
    price_reason = _text(
        _l("Why is the price different? (only if you changed it)"),
        hint=_l("The Local Offer lists a price for this service"),
        max_length=2000,
    )

    def __init__(self, *args: Any, local_offer_price: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.local_offer_price = local_offer_price
        self.unit_cost_pence: int | None = None
        self.quantity_decimal: Decimal | None = None

    def validate_unit_cost(self, field: StringField) -> None:
        self.unit_cost_pence = pounds_to_pence(field.data or "")
        if self.unit_cost_pence is None:
            raise ValidationError(_l("Enter the cost in pounds, like 16.50"))

    def validate_unit(self, field: SelectField) -> None:
        if field.data not in UNIT_LABELS or field.data == "free":
            raise ValidationError(_l("Select the unit from the list"))

    def validate_quantity(self, field: StringField) -> None:
        self.quantity_decimal = read_quantity(field.data or "")
        if self.quantity_decimal is None:
            raise ValidationError(
                _l("How many units must be a number more than 0 and up to 168, like 3 or 2.5")
            )

    def validate_frequency(self, field: RadioField) -> None:
        if field.data not in FREQUENCY_LABELS:
            raise ValidationError(_l("Select how often"))

    def validate_funding_stream(self, field: RadioField) -> None:
        if field.data not in STREAM_LABELS:
            raise ValidationError(_l("Select which part of the budget pays for it"))

    def validate_outcomes(self, field: SelectMultipleField) -> None:
        offered = {value for value, _label in field.choices}  # type: ignore[union-attr]
        if not field.data:
            raise ValidationError(_l("Select at least one outcome this support helps with"))
        if not set(field.data) <= offered:
            raise ValidationError(_l("Select outcomes from the list"))

    def validate_situation(self, field: SelectMultipleField) -> None:
        if not set(field.data or ()) <= set(SITUATION_LABELS):
            raise ValidationError(_l("Select from the list"))

    def validate_price_reason(self, field: TextAreaField) -> None:
        if (
            self.local_offer_price is not None
            and self.unit_cost_pence is not None
            and self.unit_cost_pence != self.local_offer_price
            and not field.data
        ):
            raise ValidationError(_l("Enter why the price is different from the Local Offer’s"))


class ManagementForm(LockedForm):
    management = RadioField(
        _l("How will the money for this support be managed?"),
        choices=list(MANAGEMENT_LABELS.items()),
        validators=[InputRequired(message=_l("Select how the money will be managed"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    broker_name = StringField(
        _l("Name of the broker (if a broker holds the money)"),
        validators=[
            Length(max=200, message=_l("The broker’s name must be 200 characters or fewer"))
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )
    confirmations = SelectMultipleField(
        _l("What you can confirm (optional)"),
        choices=list(CONFIRMATION_LABELS.items()),
        widget=widgets.CheckboxesInput(),
        validate_choice=False,
    )

    def validate_management(self, field: RadioField) -> None:
        if field.data not in MANAGEMENT_LABELS:
            raise ValidationError(_l("Select how the money will be managed"))

    def validate_broker_name(self, field: StringField) -> None:
        if self.management.data == "managed_by_broker" and not field.data:
            raise ValidationError(_l("Enter the name of the broker who will hold the money"))

    def validate_confirmations(self, field: SelectMultipleField) -> None:
        if not set(field.data or ()) <= set(CONFIRMATION_LABELS):
            raise ValidationError(_l("Select from the list"))

    @staticmethod
    def explanations() -> dict[str, Any]:
        return MANAGEMENT_EXPLANATIONS


class StreamManagementForm(LockedForm):
    """One choice for every line paid from one part of the budget."""

    stream = HiddenField()
    management = RadioField(
        _l("How will this money be managed?"),
        choices=list(MANAGEMENT_LABELS.items()),
        validators=[InputRequired(message=_l("Select how the money will be managed"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )

    def validate_stream(self, field: HiddenField) -> None:
        if field.data not in STREAM_LABELS:
            raise ValidationError(_l("Select a part of the budget from the list"))

    def validate_management(self, field: RadioField) -> None:
        # A broker must be named line by line, where the form asks for the name.
        if field.data not in MANAGEMENT_LABELS or field.data == "managed_by_broker":
            raise ValidationError(_l("Select how the money will be managed"))


class TermsForm(LockedForm):
    dp_recipient_consents = BooleanField(
        _l("The person who will receive the direct payment agrees to receive it"),
        widget=widgets.CheckboxInput(),
    )
    dp_agreement_accepted = BooleanField(
        _l("We have read and accept the council’s direct payment agreement"),
        widget=widgets.CheckboxInput(),
    )
    dp_nhs_agreed = BooleanField(
        _l("The NHS has agreed the health part of the plan"), widget=widgets.CheckboxInput()
    )


class SafetyForm(LockedForm):
    risks = _text(
        _l("What could go wrong, and how will you keep them safe?"),
        hint=_l("For example, wandering off at the pool: the assistant stays within arm’s reach"),
    )
    contingency = _text(
        _l("Plan B: what happens if support cannot happen?"),
        hint=_l("For example, if the personal assistant is off sick"),
    )
    who_to_call = _text(
        _l("Who to call if something goes wrong"),
        hint=_l("Names and phone numbers"),
        max_length=2000,
    )


class SubmitForm(LockedForm):
    over_budget_justification = _text(
        _l("Why does the plan need more than the budget?"),
        hint=_l("Say what would happen without the extra support. A panel will read this"),
    )


class RemoveForm(LockedForm):
    pass


class ReasonsForm(FlaskForm):
    reasons = _text(
        _l("Reasons"),
        _l("Enter the reasons for the family"),
        _l("The family reads these. Say what needs to change and why"),
    )


class PanelDecisionForm(FlaskForm):
    decision = RadioField(
        _l("What did the panel decide?"),
        choices=[("approve", _l("Approve the plan")), ("return", _l("Return it to the family"))],
        validators=[InputRequired(message=_l("Select what the panel decided"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )
    reasons = _text(
        _l("The panel’s reasons"), hint=_l("Required when the plan is returned to the family")
    )

    def validate_decision(self, field: RadioField) -> None:
        if field.data not in ("approve", "return"):
            raise ValidationError(_l("Select what the panel decided"))

    def validate_reasons(self, field: TextAreaField) -> None:
        if self.decision.data == "return" and not field.data:
            raise ValidationError(_l("Enter the panel’s reasons for the family"))


class MoneyNotReleasedForm(FlaskForm):
    """An officer records that a line's money stays in a block contract the council
    cannot separate (SEN (Personal Budgets) Regulations 2014): the family reads why."""

    reason = _text(
        _l("Why the money cannot be released"),
        _l("Enter why the money cannot be released, for the family"),
        _l(
            "The family reads this next to the line. Name the contract and say why this "
            "part cannot be taken out of it"
        ),
    )
