"""Support plans: outcomes, costed lines of support, how the money is managed, review."""
