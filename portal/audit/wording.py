"""Audit events in plain words, for the family's "who has looked at our records" page
and the admin's search."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

ROLE_NAMES = {
    "parent": _l("Parent or carer"),
    "young_person": _l("Young person"),
    "broker": _l("Broker"),
    "officer": _l("Council officer"),
    "admin": _l("Administrator"),
}

ACTIONS = {
    "account_anonymised": _l("Removed personal details after the account was closed"),
    "account_closed": _l("Closed the account"),
    "account_close_failed": _l("Entered a wrong password to close the account"),
    "account_created": _l("Created an account"),
    "account_deactivated": _l("Switched off the account"),
    "account_reactivated": _l("Switched the account back on"),
    "account_viewed": _l("Looked at the account’s details"),
    "acting_for_started": _l("Started acting for the family"),
    "approval_limit_changed": _l("Changed the approval limit"),
    "audit_trail_downloaded": _l("Downloaded the audit trail"),
    "audit_trail_searched": _l("Searched the audit trail"),
    "child_added": _l("Added a child’s record"),
    "child_anonymised": _l("Removed a child’s personal details after the account was closed"),
    "child_changed": _l("Changed a child’s record"),
    "child_viewed": _l("Looked at a child’s record"),
    "consent_granted": _l("Shared the family’s records with a broker"),
    "consent_revoked": _l("Stopped sharing the family’s records with a broker"),
    "data_downloaded": _l("Downloaded the family’s records"),
    "email_changed": _l("Changed the email address"),
    "email_change_failed": _l("Entered a wrong password to change the email address"),
    "email_change_requested": _l("Asked to change the email address"),
    "email_confirmed": _l("Confirmed the email address"),
    "family_anonymised": _l("Removed the family’s personal details after the account was closed"),
    "family_created": _l("Set up the family"),
    "family_viewed": _l("Looked at the family’s page"),
    "families_searched": _l("Searched for a family"),
    "invitation_accepted": _l("Set a password from an invitation"),
    "invitation_sent": _l("Sent an invitation to set a password"),
    "password_reset": _l("Reset the password"),
    "password_reset_requested": _l("Asked to reset the password"),
    "records_of_access_viewed": _l("Looked at who has looked at the family’s records"),
    "registered": _l("Registered"),
    "session_timed_out": _l("Was signed out after a time without activity"),
    "sign_in_failed": _l("Failed to sign in"),
    "sign_in_refused": _l("Was refused sign-in to a closed or switched-off account"),
    "signed_in": _l("Signed in"),
    "signed_out": _l("Signed out"),
    "user_list_viewed": _l("Looked at the list of accounts"),
}

RECORD_TYPES = {
    "child": _l("Child’s record"),
    "consent": _l("Sharing with a broker"),
    "family": _l("Family"),
    "user": _l("Account"),
}

FIELD_NAMES = {
    "access": _l("Access"),
    "approval_limit_pence": _l("Approval limit (pence)"),
    "broker_id": _l("Broker"),
    "children_found": _l("Children found (record numbers)"),
    "closed": _l("Closed"),
    "current_package_pence": _l("Current package (pence)"),
    "date_of_birth": _l("Date of birth"),
    "deactivated": _l("Switched off"),
    "ehc_plan": _l("EHC plan"),
    "email": _l("Email address"),
    "expires_on": _l("Until"),
    "first_name": _l("First name"),
    "full_name": lazy_pgettext("a person's", "Name"),
    "last_name": _l("Last name"),
    "needs": _l("Needs"),
    "revoked": _l("Stopped"),
    "role": _l("Role"),
    "searched_by": _l("Searched by (which details, not what was entered)"),
}


def describe_action(action: str) -> str:
    known = ACTIONS.get(action)
    return str(known) if known is not None else action.replace("_", " ").capitalize()


def role_name(role: str | None) -> str:
    known = ROLE_NAMES.get(role or "")
    return str(known) if known is not None else (role or "")


def field_name(name: str) -> str:
    known = FIELD_NAMES.get(name)
    return str(known) if known is not None else name.replace("_", " ").capitalize()
