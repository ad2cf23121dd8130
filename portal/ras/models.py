"""Scheme versions as they were loaded, and each child's assessments against one of them."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from local_offer.models import utcnow

from ..extensions import db
from ..families.models import Child
from .budget import BudgetResult
from .scheme import Scheme, read_scheme

ASSESSMENT_STATUSES = ("draft", "submitted", "confirmed")


@lru_cache(maxsize=32)
def _parsed(content: str) -> Scheme:
    return read_scheme(content)


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode()).hexdigest()


class RasScheme(db.Model):  # type: ignore[name-defined,misc]
    """One version of a council's scheme file, kept word for word, so any budget worked out
    with it can be worked out again exactly."""

    __tablename__ = "ras_scheme"
    __table_args__ = (UniqueConstraint("scheme_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_key: Mapped[str] = mapped_column(String(60))
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(2000))
    content: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def parsed(self) -> Scheme:
        return _parsed(self.content)

    def is_used(self, session: Session) -> bool:
        return (
            session.scalar(select(Assessment.id).where(Assessment.scheme_id == self.id).limit(1))
            is not None
        )


class Assessment(db.Model):  # type: ignore[name-defined,misc]
    """A child's answers against one scheme version.

    The family's own answers and result stay as they were submitted; an officer's
    confirmation is kept beside them, with a reason for every answer they changed.
    """

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("ras_scheme.id"), index=True)
    # The assessment this one re-assesses, at a review.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    answers_json: Mapped[str] = mapped_column(Text, default="{}")
    # Fixed when the family submits, so the result can be worked out again later.
    age: Mapped[int | None] = mapped_column(Integer)
    current_package_pence: Mapped[int | None] = mapped_column(Integer)
    result_json: Mapped[str | None] = mapped_column(Text)
    # The child or young person's own views, in their words, sent with the answers.
    young_person_views: Mapped[str | None] = mapped_column(Text)
    confirmed_answers_json: Mapped[str | None] = mapped_column(Text)
    change_reasons_json: Mapped[str | None] = mapped_column(Text)
    confirmed_result_json: Mapped[str | None] = mapped_column(Text)
    started_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Optimistic concurrency, as on plan versions: SQLAlchemy adds "AND lock_version = n"
    # to every UPDATE and the questionnaire pages carry the number they were loaded with,
    # so an officer on the phone and the parent on the same page never silently overwrite
    # each other. The server default keeps the previous release's INSERTs working.
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    child: Mapped[Child] = relationship()
    scheme: Mapped[RasScheme] = relationship()
    previous: Mapped[Assessment | None] = relationship(remote_side=[id])
    review_requests: Mapped[list[ReviewRequest]] = relationship(
        back_populates="assessment", order_by="ReviewRequest.requested_at"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def answers(self) -> dict[str, int]:
        return _answers(self.answers_json)

    @answers.setter
    def answers(self, value: dict[str, int]) -> None:
        self.answers_json = json.dumps(value, sort_keys=True)

    @property
    def confirmed_answers(self) -> dict[str, int] | None:
        return _answers(self.confirmed_answers_json) if self.confirmed_answers_json else None

    @property
    def change_reasons(self) -> dict[str, str]:
        loaded = json.loads(self.change_reasons_json or "{}")
        return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}

    @property
    def result(self) -> BudgetResult | None:
        return BudgetResult.from_json(json.loads(self.result_json)) if self.result_json else None

    @property
    def confirmed_result(self) -> BudgetResult | None:
        if not self.confirmed_result_json:
            return None
        return BudgetResult.from_json(json.loads(self.confirmed_result_json))

    @property
    def budget(self) -> BudgetResult | None:
        """The result the family goes forward with: the confirmed one once there is one."""
        return self.confirmed_result or self.result

    def audit_view(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "answers": self.answers,
            "confirmed_answers": self.confirmed_answers,
            "change_reasons": self.change_reasons,
            "young_person_views": self.young_person_views,
            "total_pence": self.budget.total_pence if self.budget else None,
        }


class ReviewRequest(db.Model):  # type: ignore[name-defined,misc]
    """A family's request, with written reasons, for the council to look again."""

    __tablename__ = "ras_review_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    reasons: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="review_requests")


def assessments_of(session: Session, child_id: int) -> list[Assessment]:
    """A child's assessments, newest first."""
    return list(
        session.scalars(
            select(Assessment)
            .where(Assessment.child_id == child_id)
            .order_by(Assessment.created_at.desc(), Assessment.id.desc())
        )
    )


def result_to_json(result: BudgetResult) -> str:
    return json.dumps(result.to_json(), sort_keys=True)


def _answers(text: str) -> dict[str, int]:
    loaded = json.loads(text or "{}")
    if not isinstance(loaded, dict):
        return {}
    return {str(k): v for k, v in loaded.items() if isinstance(v, int)}


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_a_used_scheme(session: Session, *_args: object) -> None:
    for instance in (*session.dirty, *session.deleted):
        if not isinstance(instance, RasScheme) or instance.id is None:
            continue
        if session.is_modified(instance) or instance in session.deleted:
            used = session.execute(
                select(Assessment.id).where(Assessment.scheme_id == instance.id).limit(1)
            ).first()
            if used is not None:
                raise PermissionError(
                    f"Scheme {instance.scheme_key} {instance.version} has been used by an "
                    "assessment, so it cannot change: load a new version instead."
                )
