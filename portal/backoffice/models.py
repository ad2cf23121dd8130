"""Providers invited to propose changes to their own services, and what they proposed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from local_offer.models import Organisation, Service, utcnow

from ..extensions import db

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"
PROPOSAL_STATUSES = (PENDING, APPROVED, REJECTED)


class ProviderInvitation(db.Model):  # type: ignore[name-defined,misc]
    """A link an officer sent to a provider's contact. Only a hash of its token is kept,
    so the table alone cannot be used to open the link."""

    __tablename__ = "provider_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[Organisation] = relationship()


class ServiceProposal(db.Model):  # type: ignore[name-defined,misc]
    """Changes a provider proposed to one service. Nothing is applied until an officer approves."""

    __tablename__ = "service_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("provider_invitation.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    # JSON: the proposed value of each field, and of each cost option's amount in pence.
    proposed: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text, default="")

    invitation: Mapped[ProviderInvitation] = relationship()
    service: Mapped[Service] = relationship()
