"""The one place that decides which family's records a signed-in person may open."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from .models import Child, Family, FamilyMember


def family_of(user: User) -> Family | None:
    return db.session.scalar(
        select(Family).join(FamilyMember).where(FamilyMember.user_id == user.id)
    )


def child_of_own_family(user: User, child_id: int) -> Child:
    """The child, if they belong to the user's own family; otherwise 404, which says
    nothing about whether a child with that id exists."""
    family = family_of(user)
    child = db.session.get(Child, child_id) if family and 0 < child_id < 2**31 else None
    if child is None or family is None or child.family_id != family.id or child.archived:
        abort(404)
    return child
