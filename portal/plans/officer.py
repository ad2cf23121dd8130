"""Officer side."""
