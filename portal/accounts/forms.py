"""Forms for accounts, with GOV.UK wording."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, ValidationError
from wtforms.validators import InputRequired, Length

from local_offer import widgets

from .passwords import MAX_LENGTH, password_problem

# Deliberately loose: the confirmation email is the real check.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The example password we suggest must never be accepted as a password.
EXAMPLE_PASSWORD = "kettle garden violin"  # noqa: S105 - refused, never used

PASSWORD_MESSAGES = {
    "too_short": _l("Password must be 8 characters or more"),
    "too_long": _l("Password must be 256 characters or fewer"),
    "guessable": _l(
        "Choose a password that is harder to guess. Try 3 random words, like "
        "‘kettle garden violin’, and avoid your name or email address"
    ),
}


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def lower_email(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


class EmailField(StringField):
    widget = widgets.TextInput()

    def __init__(
        self,
        label: str = _l("Email address"),
        required_message: str = _l("Enter your email address"),
        **kwargs: object,
    ) -> None:
        super().__init__(
            label,
            validators=[
                InputRequired(message=required_message),
                Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            ],
            filters=[lower_email],
            **kwargs,  # type: ignore[arg-type]
        )

    def pre_validate(self, form: object) -> None:
        if self.data and not _EMAIL.match(self.data):
            raise ValidationError(
                _l("Enter an email address in the correct format, like name@example.com")
            )


class RegisterForm(FlaskForm):
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
        problem = password_problem(field.data or "", [self.email.data or ""], (EXAMPLE_PASSWORD,))
        if problem:
            raise ValidationError(PASSWORD_MESSAGES[problem])


class SignInForm(FlaskForm):
    email = EmailField()
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(message=_l("Enter your password")),
            Length(max=MAX_LENGTH, message=_l("Password must be 256 characters or fewer")),
        ],
        widget=widgets.PasswordInput(),
    )


class ResetRequestForm(FlaskForm):
    email = EmailField()


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        description=_l(
            "At least 8 characters. 3 random words are easy to remember and hard to guess."
        ),
        validators=[InputRequired(message=_l("Create a password"))],
        widget=widgets.PasswordInput(),
    )

    def __init__(self, email: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._email = email

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "", [self._email], (EXAMPLE_PASSWORD,))
        if problem:
            raise ValidationError(PASSWORD_MESSAGES[problem])


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("New email address"), required_message=_l("Enter your new email address"))
    password = PasswordField(
        _l("Your password"),
        description=_l("So we know it is you, not someone else using this device."),
        validators=[
            InputRequired(message=_l("Enter your password")),
            Length(max=MAX_LENGTH, message=_l("Password must be 256 characters or fewer")),
        ],
        widget=widgets.PasswordInput(),
    )

    def __init__(self, current_email: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._current_email = current_email

    def validate_email(self, field: EmailField) -> None:
        if field.data and field.data == self._current_email.lower():
            raise ValidationError(
                _l("New email address must be different from the email address you use now")
            )


class SecurityCodeForm(FlaskForm):
    code = StringField(
        _l("Security code"),
        description=_l("The 6-digit code your authenticator app shows now"),
        validators=[
            InputRequired(message=_l("Enter the security code")),
            Length(max=20, message=_l("Security code must be 6 digits")),
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )

    def validate_code(self, field: StringField) -> None:
        if not re.fullmatch(r"[0-9]{6}", "".join((field.data or "").split())):
            raise ValidationError(_l("Security code must be 6 digits"))


class RecoveryCodeForm(FlaskForm):
    code = StringField(
        _l("Recovery code"),
        description=_l(
            "One of the codes you saved when you set up 2-step verification, like ab3d-7fgh-jk2m"
        ),
        validators=[
            InputRequired(message=_l("Enter a recovery code")),
            Length(max=40, message=_l("Recovery code must be 14 characters or fewer")),
        ],
        filters=[strip],
        widget=widgets.TextInput(),
    )


class TurnOffSecondFactorForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        description=_l("So we know it is you, not someone else using this device."),
        validators=[
            InputRequired(message=_l("Enter your password")),
            Length(max=MAX_LENGTH, message=_l("Password must be 256 characters or fewer")),
        ],
        widget=widgets.PasswordInput(),
    )
