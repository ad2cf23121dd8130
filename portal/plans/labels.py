"""Words for the plan's stored codes and for each rule problem, translated per request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .rules import KEPT_IN_BLOCK_CONTRACT

AREA_LABELS = {
    "health": _l("Health"),
    "education": _l("Education and learning"),
    "social_care": _l("Social care and independence"),
    "community": _l("Community and friendships"),
    "family_life": _l("Family life"),
}

FREQUENCY_LABELS = {
    "week": _l("Every week"),
    "term_time_week": _l("Every week in term time"),
    "month": _l("Every month"),
    "year": _l("Every year"),
    "once": _l("Once"),
}

STREAM_LABELS = {
    "social-care": _l("Social care"),
    "education": _l("Education (SEN)"),
    "health": _l("Health"),
}

MANAGEMENT_LABELS = {
    "direct_payment": _l("Direct payment"),
    "managed_by_council": _l("Managed account held by the council"),
    "managed_by_broker": _l("Managed account held by a broker you choose"),
    "notional": _l("The council arranges it (notional budget)"),
}

# Wherever money is counted by how it is managed: the ways of managing it, and money the
# council kept in a block contract (rules.money_held_as), which is not paid out.
HELD_AS_LABELS = {
    **MANAGEMENT_LABELS,
    KEPT_IN_BLOCK_CONTRACT: _l("Kept in a block contract (not paid out)"),
}

MANAGEMENT_EXPLANATIONS = {
    "direct_payment": _l(
        "The money is paid to you and you buy the support yourself. You choose who "
        "provides it and when. You sign a direct payment agreement, keep receipts, and if "
        "you employ a personal assistant you are their employer and check they are safe."
    ),
    "managed_by_council": _l(
        "The council holds the money and pays the providers you choose. You do not handle "
        "money or keep accounts."
    ),
    "managed_by_broker": _l(
        "An organisation you choose holds the money and pays providers for you. It may "
        "charge a fee, which comes out of the budget."
    ),
    "notional": _l(
        "The council arranges the support from services it already pays for. You say what "
        "you want and when; you handle no money. Only for services the council arranges."
    ),
}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Sent to the council"),
    "approved": _l("Approved"),
    "returned": _l("Returned to you"),
    "active": _l("Active"),
    "review_due": _l("Review due"),
    "superseded": _l("Replaced by a newer version"),
}

# The same statuses as the council's staff read them.
STAFF_STATUS_LABELS = {
    **STATUS_LABELS,
    "submitted": _l("Waiting for a decision"),
    "returned": _l("Returned to the family"),
    "superseded": _l("Superseded"),
}

SITUATION_LABELS = {
    "is_personal_assistant": _l("It pays a personal assistant"),
    "on_school_premises": _l("It happens at a school or college"),
    "is_school_place": _l("It is a place at a school or college"),
    "pays_close_relative_in_household": _l("It pays a close relative who lives with you"),
}

CONFIRMATION_LABELS = {
    "safety_checks_confirmed": _l(
        "We have checked the personal assistant is safe (a DBS check and references)"
    ),
    "setting_agreed": _l("The head teacher or principal has agreed to it happening there"),
    "council_agreed_close_relative": _l(
        "The council has agreed in writing that paying this relative is necessary"
    ),
}

PROBLEM_MESSAGES = {
    "no_outcome": _l("Choose at least one outcome this support helps with"),
    "quantity_out_of_range": _l("The amount must be more than 0 and no more than 168"),
    "price_differs_without_reason": _l("The price is different from the Local Offer’s: say why"),
    "management_not_chosen": _l("Choose how the money for this support is managed"),
    "direct_payment_buys_school_place": _l(
        "A direct payment cannot pay for a place at a school or college. Choose another way "
        "to manage it"
    ),
    "school_premises_without_agreement": _l(
        "Support paid by direct payment at a school or college needs the head teacher’s or "
        "principal’s agreement. Confirm you have it"
    ),
    "personal_assistant_without_safety_checks": _l(
        "Confirm you have checked the personal assistant is safe before paying them by "
        "direct payment"
    ),
    "close_relative_without_council_agreement": _l(
        "A close relative who lives with you can be paid from social care money only if the "
        "council agrees it is necessary"
    ),
    "direct_payment_without_consent": _l(
        "Confirm that the person receiving the direct payment agrees to receive it"
    ),
    "direct_payment_without_agreement": _l(
        "Accept the direct payment agreement before choosing a direct payment"
    ),
    "health_direct_payment_without_nhs_agreement": _l(
        "A direct payment from health money needs the NHS to agree the health part of the "
        "plan. Confirm it has"
    ),
    "notional_for_service_council_does_not_arrange": _l(
        "The council does not arrange this service, so it cannot be a notional budget. "
        "Choose another way to manage it"
    ),
    "broker_not_named": _l("Name the broker who will hold the money"),
    "no_outcomes": _l("Add at least one outcome"),
    "no_lines": _l("Add at least one line of support"),
    "no_contingency": _l("Say what happens if support cannot happen (plan B)"),
    "over_budget_without_justification": _l(
        "The plan costs more than the budget: explain why the extra is needed"
    ),
    "unknown_outcome": _l("This support is linked to an outcome that has been removed"),
    "no_budget": _l(
        "The council has not worked out the indicative budget yet. You can send the plan "
        "once it has"
    ),
}
