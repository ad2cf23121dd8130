"""Accounts: registration, email confirmation, signing in and out, password reset."""

from . import second_factor_views  # noqa: F401 - adds its routes to bp
from .views import bp

__all__ = ["bp"]
