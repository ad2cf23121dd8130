"""Family side."""
