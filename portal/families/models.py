"""A family (household), who belongs to it, and its children's records."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
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

    members: Mapped[list[FamilyMember]] = relationship(back_populates="family")
    children: Mapped[list[Child]] = relationship(
        back_populates="family", order_by="Child.date_of_birth"
    )


class FamilyMember(db.Model):  # type: ignore[name-defined,misc]
    """A person who signs in as part of a family. One family per person."""

    __tablename__ = "family_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    relationship_to_children: Mapped[str] = mapped_column(String(20), default="parent")

    family: Mapped[Family] = relationship(back_populates="members")


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
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
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
        }
