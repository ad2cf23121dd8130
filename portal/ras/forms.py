"""The RAS's fixed forms. The questionnaire pages are built from the scheme, so they are
read by answers.read_page instead."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from local_offer import widgets

from ..families.forms import strip

REASON_LIMIT = 5000


class ReviewRequestForm(FlaskForm):
    reasons = TextAreaField(
        _l("Why do you think the budget should be looked at again?"),
        description=_l(
            "Say which answers or amounts you disagree with and why. You can mention things "
            "the questions did not ask about."
        ),
        validators=[
            DataRequired(message=_l("Enter why you want the budget looked at again")),
            Length(
                max=REASON_LIMIT,
                message=_l("Your reasons must be 5,000 characters or fewer"),
            ),
        ],
        filters=[strip],
        widget=widgets.TextArea(),
    )
