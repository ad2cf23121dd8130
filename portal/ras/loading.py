"""Loading a scheme file into the database, keeping used versions exactly as they were."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import RasScheme, content_hash
from .scheme import SchemeError, read_scheme

DEMO_SCHEME = Path(__file__).resolve().parent / "schemes" / "brackenshire-2026.yaml"


@dataclass(frozen=True)
class Loaded:
    scheme: RasScheme
    outcome: str  # "added", "unchanged" or "replaced"


def load_scheme(session: Session, content: str) -> Loaded:
    """Add a scheme version, or replace one that no assessment has used yet.

    Raises SchemeError for a broken file, or for a changed file whose version is in use.
    """
    parsed = read_scheme(content)
    existing = session.scalar(
        select(RasScheme).where(
            RasScheme.scheme_key == parsed.id, RasScheme.version == parsed.version
        )
    )
    digest = content_hash(content)
    if existing is not None:
        if existing.content_sha256 == digest:
            return Loaded(existing, "unchanged")
        if existing.is_used(session):
            raise SchemeError(
                [
                    f"version {parsed.version} of {parsed.id} has been used by an assessment, "
                    "so it cannot change: give the file a new 'version' and load it again"
                ]
            )
        existing.content, existing.content_sha256, existing.title = content, digest, parsed.title
        session.flush()
        return Loaded(existing, "replaced")
    scheme = RasScheme(
        scheme_key=parsed.id,
        version=parsed.version,
        title=parsed.title,
        content=content,
        content_sha256=digest,
    )
    session.add(scheme)
    session.flush()
    return Loaded(scheme, "added")


def load_demo_scheme(session: Session) -> Loaded:
    return load_scheme(session, DEMO_SCHEME.read_text(encoding="utf-8"))


def current_scheme(session: Session) -> RasScheme | None:
    """The version new assessments use: the one loaded most recently."""
    return session.scalar(
        select(RasScheme).order_by(RasScheme.loaded_at.desc(), RasScheme.id.desc())
    )
