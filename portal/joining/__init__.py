"""Joining a family: from an emailed invitation, or with a claim code from a broker."""

from .views import bp

__all__ = ["bp"]
