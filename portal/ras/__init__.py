"""The Resource Allocation System: a council's scheme, a child's assessment, and the
indicative budget with its whole working."""

from .views import bp

__all__ = ["bp"]
