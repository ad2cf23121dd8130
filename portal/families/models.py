"""A family (household), who belongs to it, and its children's records."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from local_offer.models import utcnow

from ..accounts.models import User
from ..extensions import db

EHC_PLAN_ANSWERS = ("yes", "being_assessed", "no")


class Family(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set when the retention period after closing the family's account has passed and
    # the children's records have been anonymised (docs/retention.md).
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # A broker can start a family's record at a drop-in with the parent beside them; until
    # a parent claims it, only that broker can see it.
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    members: Mapped[list[FamilyMember]] = relationship(back_populates="family")
    children: Mapped[list[Child]] = relationship(
        back_populates="family", order_by="Child.date_of_birth"
    )

    @property
    def waiting_to_be_claimed(self) -> bool:
        return self.started_by_id is not None and self.claimed_at is None


class FamilyMember(db.Model):  # type: ignore[name-defined,misc]
    """A person who signs in as part of a family. One family per person."""

    __tablename__ = "family_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    relationship_to_children: Mapped[str] = mapped_column(String(20), default="parent")
    # A young person's own record: the one child's record they may see.
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"), unique=True)

    family: Mapped[Family] = relationship(back_populates="members")
    user: Mapped[User] = relationship()
    child: Mapped[Child | None] = relationship()


class Child(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "child"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    needs: Mapped[str] = mapped_column(Text, default="")
    ehc_plan: Mapped[str] = mapped_column(String(20), default="no")
    # The yearly value of any support package the child has now, for transitional
    # protection when an indicative budget is worked out.
    current_package_pence: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    family: Mapped[Family] = relationship(back_populates="children")

    def audit_view(self) -> dict[str, object]:
        """What the audit trail keeps of this record before and after a change."""
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "needs": self.needs,
            "ehc_plan": self.ehc_plan,
            "current_package_pence": self.current_package_pence,
        }


CONSENT_ACCESS = ("view", "edit")


class Consent(db.Model):  # type: ignore[name-defined,misc]
    """A family's permission for a named broker to see, or also change, its records
    until a date. Revoking keeps the row, so the history of who could see what stays."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    broker_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    access: Mapped[str] = mapped_column(String(10), default="view")
    expires_on: Mapped[date] = mapped_column(Date)
    # None when a broker recorded the parent's consent in person at a drop-in, before the
    # parent had an account; the parent who claims the family is then set here.
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    agreed_in_person_by: Mapped[str | None] = mapped_column(String(200))
    agreed_in_person_on: Mapped[date | None] = mapped_column(Date)
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    family: Mapped[Family] = relationship()
    broker: Mapped[User] = relationship(foreign_keys=[broker_id])

    def audit_view(self) -> dict[str, object]:
        return {
            "broker_id": self.broker_id,
            "access": self.access,
            "expires_on": self.expires_on.isoformat(),
            "revoked": self.revoked_at is not None,
            "granted_by_id": self.granted_by_id,
            "agreed_in_person_by": self.agreed_in_person_by,
            "agreed_in_person_on": self.agreed_in_person_on.isoformat()
            if self.agreed_in_person_on
            else None,
        }


INVITATION_KINDS = ("parent", "young_person")


class Invitation(db.Model):  # type: ignore[name-defined,misc]
    """An invitation to join a family: a second parent or carer, a young person to their
    own account, or (made by a broker at a drop-in) the parent who will claim the family.
    Only keyed hashes of the emailed link and of the printed claim code are kept."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    # For a young person: the record that is about them.
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"))
    link_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    claim_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    family: Mapped[Family] = relationship()
    child: Mapped[Child | None] = relationship()

    def audit_view(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "name": self.name,
            "email": self.email,
            "child_id": self.child_id,
            "expires_at": self.expires_at.isoformat(),
            "by_link": self.link_token_hash is not None,
            "by_claim_code": self.claim_code_hash is not None,
            "accepted": self.accepted_at is not None,
            "cancelled": self.cancelled_at is not None,
        }


class YoungPersonViews(db.Model):  # type: ignore[name-defined,misc]
    """A young person's own words, under the headings of a one-page profile. Private until
    they choose to share them."""

    __tablename__ = "young_person_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), unique=True)
    liked_and_admired: Mapped[str] = mapped_column(Text, default="")
    important_to_me: Mapped[str] = mapped_column(Text, default="")
    how_to_support_me: Mapped[str] = mapped_column(Text, default="")
    my_future: Mapped[str] = mapped_column(Text, default="")
    shared_with_family: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_with_broker: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether their words go into the support plan about them, beside the family's. The
    # council reads a plan once it is sent; who else sees the words follows the sharing
    # choices above. Off until the young person turns it on.
    include_in_plan: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    child: Mapped[Child] = relationship()

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.liked_and_admired, self.important_to_me, self.how_to_support_me, self.my_future)
        )

    def sharing_view(self) -> dict[str, object]:
        return {
            "shared_with_family": self.shared_with_family,
            "shared_with_broker": self.shared_with_broker,
            "include_in_plan": self.include_in_plan,
        }
