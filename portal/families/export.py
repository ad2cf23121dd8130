"""Everything the portal holds about a family, for the family to download (UK GDPR
right of access).

Other areas (the RAS, support plans) keep records about a family's children too; each
registers a section here with `add_section`, so this module never imports them and a new
area cannot forget the download: its section name is checked by a test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..audit import AuditEvent
from .models import Consent, Family, YoungPersonViews

# name -> a function of (session, family) giving that area's records about the family.
Section = Callable[[Session, Family], Any]
SECTIONS: dict[str, Section] = {}


def add_section(name: str, section: Section) -> None:
    SECTIONS[name] = section


def _shared_views(session: Session, family: Family) -> list[dict[str, Any]]:
    # A young person's views are theirs: the family's download holds only those they
    # chose to share with the family.
    child_ids = [child.id for child in family.children]
    views = session.scalars(
        select(YoungPersonViews).where(
            YoungPersonViews.child_id.in_(child_ids), YoungPersonViews.shared_with_family
        )
    ).all()
    return [
        {
            "child_id": view.child_id,
            "what_people_like_and_admire_about_me": view.liked_and_admired,
            "what_is_important_to_me": view.important_to_me,
            "how_best_to_support_me": view.how_to_support_me,
            "what_i_want_to_do_in_the_future": view.my_future,
        }
        for view in views
    ]


add_section("young_peoples_shared_views", _shared_views)


def family_record(session: Session, family: Family) -> dict[str, Any]:
    member_ids = [member.user_id for member in family.members]
    members = session.scalars(select(User).where(User.id.in_(member_ids))).all()
    consents = session.scalars(select(Consent).where(Consent.family_id == family.id)).all()
    child_ids = [child.id for child in family.children]
    events = session.scalars(
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.subject_id.in_(member_ids),
                AuditEvent.on_behalf_of_id.in_(member_ids),
                (AuditEvent.record_type == "child") & AuditEvent.record_id.in_(child_ids),
                (AuditEvent.record_type == "family") & (AuditEvent.record_id == family.id),
            )
        )
        .order_by(AuditEvent.occurred_at)
    ).all()
    return {
        "family": {"id": family.id, "created_at": family.created_at.isoformat()},
        "people": [
            {
                "email": member.email,
                "role": member.role,
                "preferred_language": member.preferred_language,
                "created_at": member.created_at.isoformat(),
                "email_confirmed_at": member.email_confirmed_at.isoformat()
                if member.email_confirmed_at
                else None,
            }
            for member in members
        ],
        "children": [
            {"id": child.id, **child.audit_view(), "archived": child.archived}
            for child in family.children
        ],
        "consents": [
            {
                "broker": consent.broker.email,
                "access": consent.access,
                "expires_on": consent.expires_on.isoformat(),
                "granted_at": consent.granted_at.isoformat(),
                "revoked_at": consent.revoked_at.isoformat() if consent.revoked_at else None,
            }
            for consent in consents
        ],
        # Who looked at and changed the family's records, and when.
        "record_of_access": [
            {
                "when": event.occurred_at.isoformat(),
                "what": event.action,
                "by": event.actor_id,
                "on_behalf_of": event.on_behalf_of_id,
                "record": f"{event.record_type} {event.record_id}" if event.record_type else None,
            }
            for event in events
        ],
        **{name: section(session, family) for name, section in sorted(SECTIONS.items())},
    }
