"""Making, finding and accepting invitations to join a family: the steps the views share.

The link token and claim code are shown once, when made, and stored only as keyed hashes.
Accepting is a single conditional update, so one invitation can never be used twice, even
by two people at the same moment.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..accounts.mail import send_email
from ..accounts.models import User
from ..audit import record
from ..extensions import db
from .access import open_invitation
from .invitation_rules import (
    CLAIM_CODE_LIFETIME,
    INVITATION_LIFETIME,
    as_utc,
    digest,
    new_claim_code,
    new_link_token,
)
from .models import Child, Consent, Family, FamilyMember, Invitation

LINK = "invitation-link"
CODE = "claim-code"


def _hash(purpose: str, value: str) -> str:
    return digest(current_app.config["SECRET_KEY"], purpose, value)


def make_invitation(
    family: Family,
    kind: str,
    name: str,
    email: str | None,
    invited_by: User,
    now: datetime,
    child: Child | None = None,
) -> Invitation:
    invitation = Invitation(
        family=family,
        kind=kind,
        name=name,
        email=email,
        child=child,
        invited_by_id=invited_by.id,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    return invitation


def give_link(invitation: Invitation) -> str:
    token = new_link_token()
    invitation.link_token_hash = _hash(LINK, token)
    return token


def give_claim_code(invitation: Invitation, now: datetime) -> str:
    """A new code (any earlier one stops working), lasting a month from now."""
    code = new_claim_code()
    invitation.claim_code_hash = _hash(CODE, code)
    invitation.expires_at = max(as_utc(invitation.expires_at), now + CLAIM_CODE_LIFETIME)
    return code


def find_by_link(token: str, now: datetime) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(
        select(Invitation).where(Invitation.link_token_hash == _hash(LINK, token))
    )
    return open_invitation(found, now)


def find_by_claim_code(code: str, now: datetime) -> Invitation | None:
    found = db.session.scalar(
        select(Invitation).where(Invitation.claim_code_hash == _hash(CODE, code))
    )
    return open_invitation(found, now)


def send_invitation(invitation: Invitation, token: str, inviter_email: str) -> None:
    assert invitation.email is not None
    link = url_for("joining.invitation", token=token, _external=True)
    if invitation.kind == "young_person":
        subject = _("Your own space on the Local Offer")
        body = _(
            "Hello %(name)s.\n\nYour family wants you to have your own account.\n"
            "It is your own space.\nYou can say what matters to you.\n\n"
            "Open this link to start:\n%(link)s\n\n"
            "The link works for 14 days.",
            name=invitation.name,
            link=link,
        )
    elif invitation.family.waiting_to_be_claimed:
        subject = _("Claim your family’s account on the Local Offer")
        body = _(
            "Hello %(name)s,\n\nYou met a broker who started your family’s record with you. "
            "To see it and take it over, open this link and create your account:\n\n"
            "%(link)s\n\nThe link works once, for 14 days. If you were not expecting this, "
            "ignore this email.",
            name=invitation.name,
            link=link,
        )
    else:
        subject = _("You are invited to join a family on the Local Offer")
        body = _(
            "Hello %(name)s,\n\n%(inviter)s has invited you to join their family’s account, "
            "so that you can both keep the children’s records and plan their support.\n\n"
            "Open this link to join:\n\n%(link)s\n\nThe link works once, for 14 days. If you "
            "were not expecting this, ignore this email.",
            name=invitation.name,
            inviter=inviter_email,
            link=link,
        )
    send_email(invitation.email, subject, body)


def why_cannot_join(user: User, invitation: Invitation) -> str | None:
    """None when this signed-in person may accept; otherwise what stands in the way."""
    wanted_role = "young_person" if invitation.kind == "young_person" else "parent"
    if user.role != wanted_role:
        return "wrong_kind_of_account"
    if db.session.scalar(select(FamilyMember.id).where(FamilyMember.user_id == user.id)):
        return "already_in_a_family"
    return None


def accept(invitation: Invitation, user: User, now: datetime) -> bool:
    """Makes the person a member of the family. False, with nothing changed, when the
    invitation was used or cancelled meanwhile, or they joined a family meanwhile."""
    used = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.cancelled_at.is_(None),
        )
        .values(accepted_at=now, accepted_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        return False
    family = invitation.family
    db.session.add(
        FamilyMember(
            family=family,
            user_id=user.id,
            relationship_to_children=invitation.kind,
            child_id=invitation.child_id if invitation.kind == "young_person" else None,
        )
    )
    record(
        "invitation_accepted",
        actor_id=user.id,
        subject_id=user.id,
        record_type="invitation",
        record_id=invitation.id,
    )
    record(
        "family_joined",
        actor_id=user.id,
        subject_id=user.id,
        record_type="family",
        record_id=family.id,
    )
    if family.waiting_to_be_claimed and invitation.kind == "parent":
        _claim(family, user, now)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    db.session.refresh(invitation)
    return True


def _claim(family: Family, user: User, now: datetime) -> None:
    """The parent takes over a family a broker started: the consent they gave in person
    stays live, and from now on names them as the person who gave it."""
    family.claimed_at = now
    consents = db.session.scalars(
        select(Consent).where(Consent.family_id == family.id, Consent.granted_by_id.is_(None))
    ).all()
    for consent in consents:
        before = consent.audit_view()
        consent.granted_by_id = user.id
        record(
            "consent_confirmed_by_claim",
            actor_id=user.id,
            subject_id=user.id,
            record_type="consent",
            record_id=consent.id,
            before=before,
            after=consent.audit_view(),
        )
    record(
        "family_claimed",
        actor_id=user.id,
        subject_id=user.id,
        record_type="family",
        record_id=family.id,
    )
