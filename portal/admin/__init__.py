"""The council's administration pages: the audit trail and staff accounts."""
