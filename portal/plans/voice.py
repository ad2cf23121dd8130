"""The young person's own voice in the plan about them: their one-page-profile words,
beside the family's, and their comments on the plan.

Their words appear only when they chose to put them in the plan; who may read them then
follows the sharing rules they set (portal/families/rules.py): the council reads what was
sent, the family and a broker read them only as the young person allows. Nobody but the
young person changes them, from their own account.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..extensions import db
from ..families.models import Child, FamilyMember, YoungPersonViews
from ..families.rules import views_visible_to
from ..privacy.kept import erase_with_account, erase_with_family
from .models import PlanComment, PlanVersion, SupportPlan

VIEW_FIELDS = ("liked_and_admired", "important_to_me", "how_to_support_me", "my_future")
# Who is reading, as views_visible_to names them, plus the council and the young person.
VIEWERS = ("family", "broker", "officer", "young_person")


def views_of(child: Child) -> YoungPersonViews | None:
    return db.session.scalar(select(YoungPersonViews).where(YoungPersonViews.child_id == child.id))


def has_own_account(child: Child) -> bool:
    return (
        db.session.scalar(select(FamilyMember.id).where(FamilyMember.child_id == child.id))
        is not None
    )


def words_to_send(child: Child) -> str | None:
    """The young person's words for a version being sent, as stored on it; None when
    they have not chosen to put them in the plan or have written nothing."""
    views = views_of(child)
    if views is None or not views.include_in_plan or views.is_empty:
        return None
    return json.dumps({name: getattr(views, name) for name in VIEW_FIELDS})


def words_in(version: PlanVersion, viewer: str) -> dict[str, str] | None:
    """The young person's words in this version. A version being worked on shows their
    words as they are now; a sent one shows them as they were sent. The council sees only
    what was sent."""
    if viewer != "officer" and version.editable:
        views = views_of(version.plan.child)
        if views is None or not views.include_in_plan or views.is_empty:
            return None
        return {name: getattr(views, name) for name in VIEW_FIELDS}
    return version.young_person_views


def may_read(child: Child, viewer: str, today: date) -> bool:
    if viewer in ("officer", "young_person"):
        return True
    views = views_of(child)
    if views is None:
        return False
    return views_visible_to(
        viewer, child.date_of_birth, today, views.shared_with_family, views.shared_with_broker
    )


@dataclass(frozen=True)
class YoungVoice:
    """What one reader sees of the young person's part of a version."""

    name: str
    # The young person's words, or None when there are none in the plan or this reader
    # may not read them (then `withheld` says which).
    words: dict[str, str] | None
    withheld: bool
    has_account: bool
    comments: list[PlanComment] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.has_account or self.words is not None or bool(self.comments)


def voice_for(version: PlanVersion, viewer: str | None, today: date) -> YoungVoice:
    """`viewer` None is someone with no part in the young person's words (an admin): they
    read neither the words nor the comments, only that there are some."""
    child = version.plan.child
    if viewer is None:
        return YoungVoice(
            name=child.first_name,
            words=None,
            withheld=words_in(version, "officer") is not None,
            has_account=has_own_account(child),
        )
    words = words_in(version, viewer)
    allowed = may_read(child, viewer, today)
    return YoungVoice(
        name=child.first_name,
        words=words if allowed else None,
        withheld=words is not None and not allowed,
        has_account=has_own_account(child),
        comments=list(version.comments),
    )


# Who reads the young person's words, by role. An admin manages accounts, not casework,
# so is not here; nor is any role added later until someone decides what it may read.
VIEWER_BY_ROLE = {
    "parent": "family",
    "broker": "broker",
    "young_person": "young_person",
    "officer": "officer",
}


def viewer_for(user: User) -> str | None:
    """The reader this user is for the young person's words; None for anyone who reads
    none of them (an admin, or a role this module does not know)."""
    return VIEWER_BY_ROLE.get(user.role)


def add_comment(version: PlanVersion, author: User, body: str) -> PlanComment:
    # Added on its own, not through the version's list: a comment is not a change to the
    # plan, so the lock the family's forms carry does not move.
    comment = PlanComment(version_id=version.id, author_id=author.id, body=body)
    db.session.add(comment)
    db.session.flush()
    return comment


# Erasure (UK GDPR Art. 17): the young person's words are copied onto each version sent
# and written in comments; none of them outlives the records they belong to.


def erase_family_words(session: Session, family_id: int) -> None:
    """When the family's records are anonymised: the young person's views, the copies of
    them sent with the plan, and every comment on the family's plans."""
    child_ids = select(Child.id).where(Child.family_id == family_id)
    versions = session.scalars(
        select(PlanVersion).join(SupportPlan).where(SupportPlan.child_id.in_(child_ids))
    )
    for version in versions:
        version.young_person_views_json = None
        for comment in version.comments:
            comment.body = ""
    for views in session.scalars(
        select(YoungPersonViews).where(YoungPersonViews.child_id.in_(child_ids))
    ):
        session.delete(views)


def erase_comments_by(session: Session, user_id: int) -> None:
    """When a young person's own account is anonymised (it may close before the family's):
    the comments they wrote."""
    for comment in session.scalars(select(PlanComment).where(PlanComment.author_id == user_id)):
        comment.body = ""


erase_with_family(erase_family_words)
erase_with_account(erase_comments_by)
