"""The one place that decides which family's records a signed-in person may open.

A parent reaches their own family. A broker reaches a family only while that family's
consent to them is live, and only the family they chose to act for in this session;
with "view" consent they can read but not change. A family a broker started at a drop-in
is reached by that broker alone until a parent claims it. A young person reaches only the
one child's record that is about them, read-only, and their own views: never their
siblings' records or the family's other pages. A council officer reaches any child's
record in the authority, to fill in forms with the family beside them or on the phone;
every look of theirs is audited, and every change as done on the family's behalf.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import abort, session
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from .invitation_rules import invitation_is_open
from .models import Child, Consent, Family, FamilyMember, Invitation
from .rules import consent_is_live

ACTING_FOR = "acting_for_family_id"


@dataclass(frozen=True)
class FamilyAccess:
    family: Family
    can_edit: bool
    # Set when a broker is acting for the family under this consent.
    consent: Consent | None = None
    # Set when a council officer is filling in forms with the family.
    officer: User | None = None

    @property
    def acts_for_family(self) -> bool:
        """Someone outside the family is at work on its records, so every look is audited."""
        return self.consent is not None or self.officer is not None

    @property
    def on_behalf_of_id(self) -> int | None:
        if self.consent:
            return self.consent.granted_by_id
        if self.officer:
            return family_contact_id(self.family)
        return None


def family_contact_id(family: Family) -> int | None:
    """The parent or carer who joined the family first: the one an officer's work is
    recorded for. None while a family a broker started has not been claimed."""
    parents = [
        m
        for m in family.members
        if m.child_id is None and m.relationship_to_children != "young_person"
    ]
    return min(parents, key=lambda m: m.id).user_id if parents else None


def family_of(user: User) -> Family | None:
    return db.session.scalar(
        select(Family).join(FamilyMember).where(FamilyMember.user_id == user.id)
    )


def live_consents_for_broker(broker: User, today: date) -> list[Consent]:
    consents = db.session.scalars(
        select(Consent).where(Consent.broker_id == broker.id, Consent.revoked_at.is_(None))
    )
    return [
        c
        for c in consents
        if consent_is_live(c.revoked_at is not None, c.expires_on, today)
        and not (c.family.waiting_to_be_claimed and c.family.started_by_id != broker.id)
    ]


def live_consent(broker: User, family_id: object, today: date) -> Consent | None:
    if not isinstance(family_id, int):
        return None
    matching = [c for c in live_consents_for_broker(broker, today) if c.family_id == family_id]
    # With two live consents, the one that lets the broker do more counts.
    matching.sort(key=lambda c: c.access != "edit")
    return matching[0] if matching else None


def current_access(user: User, today: date) -> FamilyAccess | None:
    if user.role == "parent":
        family = family_of(user)
        return FamilyAccess(family, can_edit=True) if family else None
    if user.role == "broker":
        consent = live_consent(user, session.get(ACTING_FOR), today)
        if consent is None:
            return None
        return FamilyAccess(consent.family, consent.access == "edit", consent)
    # A young person has no family-wide access: see own_record.
    return None


def child_in_reach(
    user: User, child_id: int, today: date, to_change: bool
) -> tuple[Child, FamilyAccess]:
    """The child and the access that reaches them; otherwise 404, which says nothing
    about whether a child with that id exists."""
    if user.role == "young_person":
        record = own_record(user)
        if record is None or record.child.id != child_id:
            abort(404)
        if to_change:
            abort(403)
        return record.child, FamilyAccess(record.family, can_edit=False)
    if user.role == "officer":
        child = _child(child_id)
        if child is None or child.archived or child.anonymised_at is not None:
            abort(404)
        return child, FamilyAccess(child.family, can_edit=True, officer=user)
    access = current_access(user, today)
    child = _child(child_id) if access else None
    if child is None or access is None or child.family_id != access.family.id or child.archived:
        abort(404)
    if to_change and not access.can_edit:
        abort(403)
    return child, access


def _child(child_id: int) -> Child | None:
    return db.session.get(Child, child_id) if 0 < child_id < 2**31 else None


@dataclass(frozen=True)
class OwnRecord:
    """What a young person with their own account reaches: the record about them."""

    member: FamilyMember
    child: Child

    @property
    def family(self) -> Family:
        return self.member.family


def own_record(user: User) -> OwnRecord | None:
    if user.role != "young_person":
        return None
    member = db.session.scalar(select(FamilyMember).where(FamilyMember.user_id == user.id))
    if member is None or member.child is None or member.child.archived:
        return None
    return OwnRecord(member, member.child)


def own_record_or_404(user: User) -> OwnRecord:
    record = own_record(user)
    if record is None:
        abort(404)
    return record


def _invitation(invitation_id: int) -> Invitation | None:
    return db.session.get(Invitation, invitation_id) if 0 < invitation_id < 2**31 else None


def familys_invitation(user: User, invitation_id: int) -> tuple[Invitation, Family]:
    """An invitation the signed-in parent's family made; otherwise 404."""
    family = family_of(user) if user.role == "parent" else None
    invitation = _invitation(invitation_id)
    if family is None or invitation is None or invitation.family_id != family.id:
        abort(404)
    return invitation, family


def brokers_handover(broker: User, invitation_id: int, today: date) -> tuple[Invitation, Consent]:
    """The invitation a broker made at a drop-in for a family that is not claimed yet, while
    their consent from that family is live; otherwise 404."""
    invitation = _invitation(invitation_id)
    if (
        broker.role != "broker"
        or invitation is None
        or invitation.invited_by_id != broker.id
        or not invitation.family.waiting_to_be_claimed
        or invitation.family.started_by_id != broker.id
    ):
        abort(404)
    consent = live_consent(broker, invitation.family_id, today)
    if consent is None:
        abort(404)
    return invitation, consent


def open_invitation(invitation: Invitation | None, now: datetime) -> Invitation | None:
    if invitation is None or not invitation_is_open(
        invitation.accepted_at, invitation.cancelled_at, invitation.expires_at, now
    ):
        return None
    return invitation
