"""The public feedback form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from .. import widgets
from .pages import (
    EMAIL_MAX_LENGTH,
    MAX_LINKS,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    clean_text,
    has_too_many_links,
    looks_like_email,
)

ABOUT_SERVICE = "service"
ABOUT_LOCAL_OFFER = "local-offer"


class FeedbackForm(FlaskForm):
    # Only offered when someone arrives from a service's page; see views.feedback.
    about = RadioField(
        _l("What is your feedback about?"),
        choices=[],
        # Checked in validate_about, so a tampered value gets the same GOV.UK message.
        validate_choice=False,
        validators=[InputRequired(message=_l("Select what your feedback is about"))],
        widget=widgets.RadioInput(),
    )
    message = TextAreaField(
        _l("Your feedback"),
        description=_l(
            "Do not include personal or financial information, like your National Insurance "
            "number or bank details."
        ),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Enter your feedback")),
            Length(
                max=MESSAGE_MAX_LENGTH,
                message=_l("Feedback must be 2,000 characters or fewer"),
            ),
        ],
        widget=widgets.CharacterCount(),
    )
    name = StringField(
        _l("Your name (optional)"),
        filters=[clean_text],
        validators=[
            Optional(),
            Length(max=NAME_MAX_LENGTH, message=_l("Name must be 100 characters or fewer")),
        ],
        widget=widgets.TextInput(),
    )
    email = StringField(
        _l("Email address (optional)"),
        description=_l("Only if you would like a reply. We never publish it."),
        filters=[clean_text],
        validators=[Optional()],
        widget=widgets.TextInput(),
    )
    # The honeypot: hidden from people by CSS, so anything typed here came from a robot.
    website = StringField(_l("Leave this field empty"))

    def validate_about(self, field: Field) -> None:
        if field.data not in (ABOUT_SERVICE, ABOUT_LOCAL_OFFER):
            raise ValidationError(_l("Select what your feedback is about"))

    def validate_message(self, field: Field) -> None:
        # InputRequired has already reported an empty message.
        if field.data and has_too_many_links(field.data):
            raise ValidationError(
                _l("Feedback must contain %(count)s links or fewer", count=MAX_LINKS)
            )

    def validate_email(self, field: Field) -> None:
        if len(field.data) > EMAIL_MAX_LENGTH:
            raise ValidationError(_l("Email address must be 254 characters or fewer"))
        if not looks_like_email(field.data):
            raise ValidationError(
                _l("Enter an email address in the correct format, like name@example.com")
            )
