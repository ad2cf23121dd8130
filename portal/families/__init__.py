"""Families: a household, the people in it who sign in, and the children it cares for."""

from . import invitation_views, officer_views  # noqa: F401 - they add their pages to bp
from .views import bp

__all__ = ["bp"]
