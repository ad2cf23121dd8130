"""Demo data for a fictional council area, and a generator for benchmarks."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..content.translations import load_demo_translations
from ..models import ContentPage, Feedback, Postcode, Service, TaxonomyTerm
from .content import CONTENT_PAGES, PUBLISHED_FEEDBACK
from .generator import ServiceFactory, demo_postcodes, generate_services
from .vocabulary import PROVIDERS, REFERENCE_DATE, SERVICE_KINDS_BY_KEY, VOCABULARY_TERMS

__all__ = [
    "database_is_empty",
    "ensure_reference_data",
    "generate_services",
    "load_demo_data",
]


def database_is_empty(session: Session) -> bool:
    """True when the directory has no services at all."""
    return session.scalar(select(Service.id).limit(1)) is None


def ensure_reference_data(session: Session) -> tuple[int, int]:
    """Add whichever demo postcodes and taxonomy terms are missing; (postcodes, terms) added."""
    known = set(session.scalars(select(Postcode.postcode).where(Postcode.postcode.like("BK%"))))
    rows = [
        {"postcode": postcode, "latitude": latitude, "longitude": longitude}
        for postcode, (latitude, longitude) in demo_postcodes().items()
        if postcode not in known
    ]
    if rows:
        session.execute(insert(Postcode), rows)

    codes = set(session.scalars(select(TaxonomyTerm.code)))
    terms = [
        TaxonomyTerm(
            vocabulary=vocabulary,
            code=term.code,
            name=term.name,
            description=term.description,
            position=position,
        )
        for vocabulary, vocabulary_terms in VOCABULARY_TERMS.items()
        for position, term in enumerate(vocabulary_terms, start=1)
        if term.code not in codes
    ]
    session.add_all(terms)
    session.flush()
    return len(rows), len(terms)


def load_demo_data(session: Session) -> int:
    """Load Brackenshire's Local Offer: postcodes, taxonomy, providers and their services,
    content pages and published feedback. Commits, and returns how many services it added.

    Meant for an empty directory: loading twice adds the services twice.
    """
    ensure_reference_data(session)
    factory = ServiceFactory(session)
    taken = set(session.scalars(select(Service.name)))
    services: list[Service] = []
    for provider in PROVIDERS:
        organisation = factory.organisation_for(provider)
        for offer in provider.offers:
            kind = SERVICE_KINDS_BY_KEY[offer[0]]
            status = offer[2] if len(offer) > 2 else "active"
            for town in offer[1]:
                # Seeded by what the service is, so adding a provider changes no other service.
                rng = random.Random(f"{provider.name}|{kind.key}|{town}")
                services.append(
                    factory.build(rng, kind, organisation, town, status=status, taken_names=taken)
                )
    session.add_all(services)
    session.flush()
    _load_content(session, {service.name: service for service in services})
    session.flush()
    load_demo_translations(session)
    session.commit()
    return len(services)


def _load_content(session: Session, services: dict[str, Service]) -> None:
    slugs = set(session.scalars(select(ContentPage.slug)))
    for page in CONTENT_PAGES:
        if page["slug"] not in slugs:
            session.add(
                ContentPage(
                    slug=page["slug"],
                    title=page["title"],
                    summary=page.get("summary", ""),
                    body=page["body"],
                )
            )
    published = set(
        session.scalars(select(Feedback.you_said).where(Feedback.published_at.is_not(None)))
    )
    noon = time(12, 0, tzinfo=UTC)
    for item in PUBLISHED_FEEDBACK:
        if item["you_said"] in published:
            continue
        days_ago = int(item.get("days_ago", 30))
        published_at = datetime.combine(REFERENCE_DATE - timedelta(days=days_ago), noon)
        service_name = item.get("service_name")
        session.add(
            Feedback(
                service=services.get(str(service_name)) if service_name else None,
                message=str(item["message"]),
                you_said=str(item["you_said"]),
                we_did=str(item["we_did"]),
                created_at=published_at - timedelta(days=18),
                published_at=published_at,
            )
        )
    session.flush()
