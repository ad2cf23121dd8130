"""A young person's own space: the record about them, and their views, in easy read."""

from .views import bp

__all__ = ["bp"]
