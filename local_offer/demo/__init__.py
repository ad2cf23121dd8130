"""Demo data for a fictional council area, and a generator for benchmarks."""

from __future__ import annotations

from sqlalchemy.orm import Session


def load_demo_data(session: Session) -> None:
    """Placeholder until the demo data lands."""
