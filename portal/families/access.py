"""The one place that decides which family's records a signed-in person may open.

A parent reaches their own family. A broker reaches a family only while that family's
consent to them is live, and only the family they chose to act for in this session;
with "view" consent they can read but not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, session
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from .models import Child, Consent, Family, FamilyMember
from .rules import consent_is_live

ACTING_FOR = "acting_for_family_id"


@dataclass(frozen=True)
class FamilyAccess:
    family: Family
    can_edit: bool
    # Set when a broker is acting for the family under this consent.
    consent: Consent | None = None

    @property
    def on_behalf_of_id(self) -> int | None:
        return self.consent.granted_by_id if self.consent else None


def family_of(user: User) -> Family | None:
    return db.session.scalar(
        select(Family).join(FamilyMember).where(FamilyMember.user_id == user.id)
    )


def live_consents_for_broker(broker: User, today: date) -> list[Consent]:
    consents = db.session.scalars(
        select(Consent).where(Consent.broker_id == broker.id, Consent.revoked_at.is_(None))
    )
    return [c for c in consents if consent_is_live(c.revoked_at is not None, c.expires_on, today)]


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
    return None


def child_in_reach(
    user: User, child_id: int, today: date, to_change: bool
) -> tuple[Child, FamilyAccess]:
    """The child and the access that reaches them; otherwise 404, which says nothing
    about whether a child with that id exists."""
    access = current_access(user, today)
    child = db.session.get(Child, child_id) if access and 0 < child_id < 2**31 else None
    if child is None or access is None or child.family_id != access.family.id or child.archived:
        abort(404)
    if to_change and not access.can_edit:
        abort(403)
    return child, access
