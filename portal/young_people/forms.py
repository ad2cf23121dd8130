"""A young person's choices about the plan about them, in easy-read words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length

from local_offer import widgets

from ..families.forms import strip
from ..families.invitation_forms import YES_NO

COMMENT_LIMIT = 2000


class PlanChoiceForm(FlaskForm):
    in_plan = RadioField(
        _l("Put my views in my plan?"),
        choices=YES_NO,
        validators=[InputRequired(message=_l("Pick yes or no"))],
        widget=widgets.RadioInput(),
        validate_choice=False,
    )

    def validate_in_plan(self, field: RadioField) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError(_l("Pick yes or no"))


class PlanCommentForm(FlaskForm):
    comment = TextAreaField(
        _l("My comment"),
        validators=[
            DataRequired(message=_l("Write your comment")),
            Length(
                max=COMMENT_LIMIT,
                message=_l("Make your comment shorter. It can have 2,000 letters."),
            ),
        ],
        filters=[strip],
        widget=widgets.TextArea(),
    )
