"""Families: a household, the people in it who sign in, and the children it cares for."""

from . import invitation_views  # noqa: F401 - adds its pages to bp
from .views import bp

__all__ = ["bp"]
