"""A child's support plan and its versions: outcomes, lines of support, decisions.

Every version is kept. A family edits one version while it is a draft (or returned to
them); sending it freezes it; a review starts a new version copied from the old one.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from local_offer.models import Service, utcnow

from ..accounts.models import User
from ..extensions import db
from ..families.models import Child

STATUSES = ("draft", "submitted", "approved", "returned", "active", "review_due")
# The family can change a version only while it is theirs to work on.
EDITABLE_STATUSES = ("draft", "returned")
OUTCOME_AREAS = ("health", "education", "social_care", "community", "family_life")


def new_key() -> str:
    return uuid.uuid4().hex[:16]


class SupportPlan(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "support_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    child: Mapped[Child] = relationship()
    versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="plan", order_by="PlanVersion.number"
    )

    @property
    def current(self) -> PlanVersion:
        return self.versions[-1]


class PlanVersion(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "plan_version"
    # One number per version of a plan: two people starting a review at once make one.
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("support_plan.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    # Optimistic concurrency: SQLAlchemy adds "AND lock_version = n" to every UPDATE, and
    # the forms carry the number they were loaded with, so a second editor's stale save is
    # refused rather than written over the first.
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)
    # The indicative budget as it was when this version was made: {"streams": {stream:
    # pence}, "source": label}; None until one was worked out. Approved plans keep theirs.
    budget_json: Mapped[str | None] = mapped_column(Text)
    about_liked: Mapped[str] = mapped_column(Text, default="")
    about_important: Mapped[str] = mapped_column(Text, default="")
    about_support: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    contingency: Mapped[str] = mapped_column(Text, default="")
    who_to_call: Mapped[str] = mapped_column(Text, default="")
    over_budget_justification: Mapped[str] = mapped_column(Text, default="")
    dp_recipient_consents: Mapped[bool] = mapped_column(Boolean, default=False)
    dp_agreement_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    dp_nhs_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # "panel" once an officer has sent it to panel; the panel's decision is then recorded.
    decision_route: Mapped[str | None] = mapped_column(String(20))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decision_reasons: Mapped[str] = mapped_column(Text, default="")
    # Set on approval; `flask plans mark-reviews-due` marks the plan once the day comes.
    review_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    # The young person's own words as they were when this version was sent (only when
    # they chose to put them in the plan), so the council reads what was sent and a later
    # change of their words never changes a plan already decided.
    young_person_views_json: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[SupportPlan] = relationship(back_populates="versions")
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="version", order_by="Outcome.id", cascade="all, delete-orphan"
    )
    lines: Mapped[list[PlanLine]] = relationship(
        back_populates="version", order_by="PlanLine.id", cascade="all, delete-orphan"
    )
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="version", order_by="StatusChange.id", cascade="all, delete-orphan"
    )
    comments: Mapped[list[PlanComment]] = relationship(
        back_populates="version", order_by="PlanComment.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def budget(self) -> dict[str, int] | None:
        if self.budget_json is None:
            return None
        streams = json.loads(self.budget_json)["streams"]
        return {str(k): int(v) for k, v in streams.items()}

    @property
    def young_person_views(self) -> dict[str, str] | None:
        if self.young_person_views_json is None:
            return None
        return {str(k): str(v) for k, v in json.loads(self.young_person_views_json).items()}

    @property
    def budget_source(self) -> str:
        return str(json.loads(self.budget_json)["source"]) if self.budget_json else ""


plan_line_outcome = Table(
    "plan_line_outcome",
    db.metadata,
    Column("line_id", ForeignKey("plan_line.id", ondelete="CASCADE"), primary_key=True),
    Column("outcome_id", ForeignKey("outcome.id", ondelete="CASCADE"), primary_key=True),
)


class Outcome(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id"), index=True)
    # The same outcome keeps its key in every version, so a review can compare them.
    key: Mapped[str] = mapped_column(String(16), default=new_key)
    area: Mapped[str] = mapped_column(String(20))
    what_different: Mapped[str] = mapped_column(Text)
    how_we_know: Mapped[str] = mapped_column(Text)
    by_when: Mapped[str] = mapped_column(String(100))

    version: Mapped[PlanVersion] = relationship(back_populates="outcomes")


class PlanLine(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "plan_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id"), index=True)
    key: Mapped[str] = mapped_column(String(16), default=new_key)
    # A Local Offer service and its price, or None for anything else the family proposes.
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("service.id", ondelete="SET NULL"), index=True
    )
    cost_option_id: Mapped[int | None] = mapped_column(
        ForeignKey("cost_option.id", ondelete="SET NULL")
    )
    local_offer_unit_cost_pence: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200), default="")
    unit_cost_pence: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20))
    # A Decimal as text ("2.5"), so no database rounds it.
    quantity: Mapped[str] = mapped_column(String(12))
    frequency: Mapped[str] = mapped_column(String(20))
    funding_stream: Mapped[str] = mapped_column(String(40))
    management: Mapped[str | None] = mapped_column(String(30))
    price_reason: Mapped[str] = mapped_column(Text, default="")
    broker_name: Mapped[str] = mapped_column(String(200), default="")
    council_commissioned: Mapped[bool] = mapped_column(Boolean, default=False)
    is_school_place: Mapped[bool] = mapped_column(Boolean, default=False)
    on_school_premises: Mapped[bool] = mapped_column(Boolean, default=False)
    setting_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    is_personal_assistant: Mapped[bool] = mapped_column(Boolean, default=False)
    safety_checks_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    pays_close_relative_in_household: Mapped[bool] = mapped_column(Boolean, default=False)
    council_agreed_close_relative: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set by an officer deciding the plan when the council will not pay this line's money
    # out because it sits in a block contract; the family reads the reason beside it.
    money_not_released: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    not_released_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    version: Mapped[PlanVersion] = relationship(back_populates="lines")
    service: Mapped[Service | None] = relationship()
    outcomes: Mapped[list[Outcome]] = relationship(
        secondary=plan_line_outcome, order_by="Outcome.id"
    )


class StatusChange(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "plan_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[PlanVersion] = relationship(back_populates="history")


class PlanComment(db.Model):  # type: ignore[name-defined,misc]
    """A comment on a version of the plan, from someone's own account (a young person on
    the plan about them). Shown with who wrote it; never changed by anyone else."""

    __tablename__ = "plan_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    version: Mapped[PlanVersion] = relationship(back_populates="comments")
    author: Mapped[User] = relationship()
