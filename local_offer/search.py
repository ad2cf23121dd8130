"""Directory search: keywords ranked by relevance, filters, distance, sorting and paging.

One interface over two engines: SQLite FTS5 (porter stemming) and PostgreSQL full-text
search (English snowball stemming). Everything else is portable SQL.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Subquery,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session, selectinload

from .geo import MILES_PER_DEGREE, Point, bounding_box, longitude_scale, squared_degrees_to_miles
from .models import (
    LISTED_STATUS,
    PUBLISHED,
    Location,
    Postcode,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    service_taxonomy,
)

MAX_KEYWORDS = 12

# On PostgreSQL the migration adds a stored, GIN-indexed tsvector column to service,
# generated from the name (weight A) and search_text (weight B). It is not mapped in the
# model, because only PostgreSQL has it.
PG_DOCUMENT_SQL = "service.search_document"
# SQLite FTS5 column weights for bm25: a match in the name counts ten times one in the text.
SQLITE_NAME_WEIGHT = 10.0
SQLITE_TEXT_WEIGHT = 1.0

_fts = table("service_fts")


@dataclass(frozen=True)
class SearchCriteria:
    keywords: str = ""
    categories: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    funding_streams: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    age: int | None = None
    free_only: bool = False
    max_hourly_pence: int | None = None
    direct_payment: bool = False
    origin: Point | None = None
    radius_miles: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class SearchHit:
    service: Service
    distance_miles: float | None


@dataclass
class SearchPage:
    total: int
    page: int
    per_page: int
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def keyword_tokens(keywords: str) -> list[str]:
    """The words of a query, lower-cased, punctuation and search operators dropped."""
    return re.findall(r"\w+", keywords.lower())[:MAX_KEYWORDS]


def search_services(session: Session, criteria: SearchCriteria) -> SearchPage:
    query = select(Service.id).where(
        Service.status == LISTED_STATUS, Service.editorial_state == PUBLISHED
    )
    score: ColumnElement[float] | None = None
    distance: ColumnElement[float] | None = None

    tokens = keyword_tokens(criteria.keywords)
    if tokens:
        matches = _keyword_matches(session, tokens)
        query = query.join(matches, matches.c.service_id == Service.id)
        score = matches.c.score
        query = query.add_columns(score)

    if criteria.origin is not None:
        nearby = _nearby(criteria.origin, criteria.radius_miles)
        query = query.join(nearby, nearby.c.service_id == Service.id)
        distance = nearby.c.d2
        query = query.add_columns(distance)

    query = query.where(*_filters(criteria))

    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    result = SearchPage(total=total, page=criteria.page, per_page=criteria.per_page)
    if total == 0:
        return result
    result.page = min(criteria.page, result.pages)

    query = query.order_by(*_ordering(criteria.sort, score, distance))
    query = query.limit(criteria.per_page).offset((result.page - 1) * criteria.per_page)
    rows = session.execute(query).all()

    ids = [row[0] for row in rows]
    distances: dict[int, float | None] = {
        row[0]: squared_degrees_to_miles(row[-1]) if distance is not None else None for row in rows
    }
    services = {service.id: service for service in load_services(session, ids)}
    result.hits = [SearchHit(services[i], distances[i]) for i in ids if i in services]
    return result


def load_services(session: Session, ids: list[int]) -> list[Service]:
    """Services with everything a results or compare page shows, in a fixed number of queries."""
    if not ids:
        return []
    statement = (
        select(Service)
        .where(Service.id.in_(ids))
        .options(
            selectinload(Service.organisation),
            selectinload(Service.cost_options),
            selectinload(Service.terms),
            selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
        )
    )
    by_id = {service.id: service for service in session.scalars(statement)}
    return [by_id[i] for i in ids if i in by_id]


def _keyword_matches(session: Session, tokens: list[str]) -> FromClause:
    if session.get_bind().dialect.name == "postgresql":
        document: ColumnElement[Any] = literal_column(PG_DOCUMENT_SQL)
        query = func.plainto_tsquery("english", " ".join(tokens))
        return (
            select(
                Service.id.label("service_id"),
                func.ts_rank_cd(document, query).label("score"),
            )
            .where(document.op("@@")(query))
            .subquery()
        )
    # Each word is quoted, so FTS5 treats it as a term (stemmed) and never as an operator.
    match = " ".join(f'"{token}"' for token in tokens)
    bm25 = func.bm25(literal_column("service_fts"), SQLITE_NAME_WEIGHT, SQLITE_TEXT_WEIGHT)
    # Materialised, so SQLite runs the text search once rather than once per service
    # when it puts the distance subquery in the outer loop (measured by make bench).
    return (
        select(literal_column("service_fts.rowid").label("service_id"), (-bm25).label("score"))
        .select_from(_fts)
        .where(literal_column("service_fts").op("MATCH")(literal(match)))
        .cte("keyword_matches")
        .prefix_with("MATERIALIZED")
    )


def _nearby(origin: Point, radius_miles: int | None) -> Subquery:
    """Each service's squared distance (in degrees) to its nearest location to the origin."""
    scale = longitude_scale(origin)
    dlat = Location.latitude - origin.latitude
    dlon = (Location.longitude - origin.longitude) * scale
    squared = func.min(dlat * dlat + dlon * dlon)
    query = (
        select(ServiceAtLocation.service_id, squared.label("d2"))
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(Location.latitude.is_not(None), Location.longitude.is_not(None))
        .group_by(ServiceAtLocation.service_id)
    )
    if radius_miles is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(origin, radius_miles)
        query = query.where(
            Location.latitude.between(min_lat, max_lat),
            Location.longitude.between(min_lon, max_lon),
        ).having(squared <= (radius_miles / MILES_PER_DEGREE) ** 2)
    return query.subquery()


def _with_any_term(codes: tuple[str, ...]) -> ColumnElement[bool]:
    tagged = (
        select(service_taxonomy.c.service_id)
        .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy.c.term_id)
        .where(TaxonomyTerm.code.in_(codes))
    )
    return Service.id.in_(tagged)


def _filters(criteria: SearchCriteria) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    # Within one list a service may match any choice, except accessibility features,
    # where a family needs every feature they ticked.
    for codes in (criteria.categories, criteria.needs, criteria.funding_streams):
        if codes:
            conditions.append(_with_any_term(codes))
    for code in criteria.accessibility:
        conditions.append(_with_any_term((code,)))
    if criteria.age is not None:
        conditions.append(or_(Service.minimum_age.is_(None), Service.minimum_age <= criteria.age))
        conditions.append(or_(Service.maximum_age.is_(None), Service.maximum_age >= criteria.age))
    if criteria.free_only:
        conditions.append(Service.is_free.is_(True))
    elif criteria.max_hourly_pence is not None:
        conditions.append(Service.hourly_cost_pence <= criteria.max_hourly_pence)
    if criteria.direct_payment:
        conditions.append(Service.accepts_direct_payment.is_(True))
    return conditions


def _ordering(
    sort: str, score: ColumnElement[float] | None, distance: ColumnElement[float] | None
) -> list[Any]:
    by_name: list[Any] = [func.lower(Service.name), Service.id]
    if sort == "distance" and distance is not None:
        return [distance, *by_name]
    if sort == "cost":
        # Free first, then cheapest by the hour; services not priced by time come last.
        return [Service.hourly_cost_pence.is_(None), Service.hourly_cost_pence, *by_name]
    if sort == "name":
        return by_name
    if score is not None:
        return [score.desc(), *by_name]
    if distance is not None:
        return [distance, *by_name]
    return by_name


def find_postcode(session: Session, postcode: str) -> Point | None:
    """The centroid of a normalised postcode from the local postcode table, if it is there."""
    row = session.get(Postcode, postcode)
    return Point(row.latitude, row.longitude) if row else None


def taxonomy_terms(session: Session) -> list[TaxonomyTerm]:
    statement = select(TaxonomyTerm).order_by(
        TaxonomyTerm.vocabulary, TaxonomyTerm.position, TaxonomyTerm.name
    )
    return list(session.scalars(statement))
