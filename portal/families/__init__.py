"""Families: a household, the people in it who sign in, and the children it cares for."""

from .views import bp

__all__ = ["bp"]
