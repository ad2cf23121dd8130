"""Accounts: registration, email confirmation, signing in and out, password reset."""

from .views import bp

__all__ = ["bp"]
