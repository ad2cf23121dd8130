"""The form to close an account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import InputRequired, Length

from local_offer import widgets

from ..accounts.passwords import MAX_LENGTH


class CloseAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        description=_l("So we know it is you, not someone else using this device."),
        validators=[
            InputRequired(message=_l("Enter your password to close your account")),
            Length(max=MAX_LENGTH, message=_l("Password must be 256 characters or fewer")),
        ],
        widget=widgets.PasswordInput(),
    )
