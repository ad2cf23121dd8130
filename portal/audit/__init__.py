"""The record of who did what: security events now, and every look at and change to a
family's records as those arrive. Append-only: the app can add events, never change or
remove them."""

from .models import AuditEvent, record

__all__ = ["AuditEvent", "record"]
