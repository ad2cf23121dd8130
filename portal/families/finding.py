"""How a council officer finds a family: by the child's name or date of birth, a parent's
email address or the family's reference. Plain functions over the database session, so
the search is tested without a request.

An empty search finds nobody: the officer must say whom they are looking for, so the
page can never become a list of every family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from .models import Child, FamilyMember

# Enough to pick a child from a common name; more means the officer should add detail.
MOST_FOUND = 20


@dataclass(frozen=True)
class FamilySearch:
    child_name: str = ""
    date_of_birth: date | None = None
    parent_email: str = ""
    family_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.child_name or self.date_of_birth or self.parent_email or self.family_id)

    def audit_view(self) -> dict[str, object]:
        """What the audit trail keeps of a search: which fields were used, never what was
        typed into them. A child's name, a birthday and a parent's email in an event with
        no subject are out of reach of the erasure of the family's records; the children
        found are kept by id instead, and their own records are what erasure anonymises."""
        used = {
            "child_name": bool(self.child_name),
            "date_of_birth": self.date_of_birth is not None,
            "parent_email": bool(self.parent_email),
            "family_reference": self.family_id is not None,
        }
        return {"searched_by": [field for field, given in used.items() if given]}


@dataclass(frozen=True)
class FoundChild:
    child: Child
    # Who the family's parents and carers are, to tell two children of the same name apart.
    parents: list[str]


def _like_prefix(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _matches_name(words: list[str]) -> ColumnElement[bool]:
    """Each word starts the child's first or last name, in any order and any case."""
    return and_(
        *(
            or_(
                func.lower(Child.first_name).like(_like_prefix(word), escape="\\"),
                func.lower(Child.last_name).like(_like_prefix(word), escape="\\"),
            )
            for word in words
        )
    )


def find_children(
    session: Session, search: FamilySearch, most: int = MOST_FOUND
) -> tuple[list[FoundChild], bool]:
    """The children that match every part of the search, and whether there were more than
    `most` of them. Archived and anonymised records are not found."""
    if search.is_empty:
        return [], False
    query = select(Child).where(Child.archived.is_(False), Child.anonymised_at.is_(None))
    words = search.child_name.lower().split()
    if words:
        query = query.where(_matches_name(words))
    if search.date_of_birth:
        query = query.where(Child.date_of_birth == search.date_of_birth)
    if search.parent_email:
        families_of_that_parent = (
            select(FamilyMember.family_id)
            .join(User, User.id == FamilyMember.user_id)
            .where(func.lower(User.email) == search.parent_email.lower())
        )
        query = query.where(Child.family_id.in_(families_of_that_parent))
    if search.family_id:
        query = query.where(Child.family_id == search.family_id)
    children = session.scalars(
        query.order_by(Child.last_name, Child.first_name, Child.id).limit(most + 1)
    ).all()
    found = [FoundChild(child, parents_of(child)) for child in children[:most]]
    return found, len(children) > most


def parents_of(child: Child) -> list[str]:
    """The family's parents and carers (not the young people with their own accounts), by
    name where the account has one."""
    return [
        member.user.full_name or member.user.email
        for member in sorted(child.family.members, key=lambda m: m.id)
        if member.child_id is None
        and member.relationship_to_children != "young_person"
        and member.user.anonymised_at is None
    ]


_REFERENCE = re.compile(r"^(?:family\s*)?(?:no\.?\s*|number\s*)?#?\s*(\d{1,9})$", re.IGNORECASE)


def read_family_reference(text: str) -> int | None:
    """The family's number from what an officer typed: "1234", "Family 1234" or "#1234"."""
    matched = _REFERENCE.match(text.strip())
    return int(matched.group(1)) if matched and 0 < int(matched.group(1)) < 2**31 else None
