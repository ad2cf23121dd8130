"""GOV.UK Frontend form widgets whose own words are translated.

The GOV.UK macros put an English "Error:" before every error message for screen
readers, and GOV.UK Frontend's character count and password toggle have English
defaults; these subclasses pass the reader's language instead.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from govuk_frontend_wtf import wtforms_widgets as gov


class _TranslatedError:
    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        if params.get("errorMessage"):
            params["errorMessage"]["visuallyHiddenText"] = _("Error")
        return params


class TextInput(_TranslatedError, gov.GovTextInput):
    pass


class CheckboxesInput(_TranslatedError, gov.GovCheckboxesInput):
    pass


class CheckboxInput(_TranslatedError, gov.GovCheckboxInput):
    pass


class RadioInput(_TranslatedError, gov.GovRadioInput):
    pass


class Select(_TranslatedError, gov.GovSelect):
    pass


class PasswordInput(_TranslatedError, gov.GovPasswordInput):
    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        params.update(
            {
                "showPasswordText": _("Show"),
                "hidePasswordText": _("Hide"),
                "showPasswordAriaLabelText": _("Show password"),
                "hidePasswordAriaLabelText": _("Hide password"),
                "passwordShownAnnouncementText": _("Your password is visible"),
                "passwordHiddenAnnouncementText": _("Your password is hidden"),
            }
        )
        return params


class CharacterCount(_TranslatedError, gov.GovCharacterCount):
    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        # GOV.UK Frontend puts the number where "%{count}" stands.
        params.update(
            {
                "textareaDescriptionText": _("You can enter up to %{count} characters"),
                "charactersUnderLimitText": {
                    "one": _("You have %{count} character remaining"),
                    "other": _("You have %{count} characters remaining"),
                },
                "charactersAtLimitText": _("You have 0 characters remaining"),
                "charactersOverLimitText": {
                    "one": _("You have %{count} character too many"),
                    "other": _("You have %{count} characters too many"),
                },
            }
        )
        return params


class TextArea(_TranslatedError, gov.GovTextArea):
    pass
