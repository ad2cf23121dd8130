"""Open Referral UK 3.0: the directory's records as ORUK JSON, and ORUK JSON back into records.

Plain functions, no Flask: the API views, the JSON feed export and the feed import all use
them. The schemas are in ``shared/oruk-3.0/schema``; the choices this module makes where
the standard leaves room are these.

* **Ids** are the models' ``uuid`` columns. Things the directory does not store as rows
  (taxonomies, addresses, phones, languages, funding, attributes) get ids derived with
  ``uuid5`` from their owner's id, so they are the same in every response and every export.
* **Money**: a cost option's ``amount`` is a JSON number of pounds, ``currency`` "GBP".
  The directory stores integer pence; ``pounds_amount`` turns them into a two-place
  ``Decimal`` and then into a ``float``. JSON numbers are decimal text, and Python writes a
  float as the shortest text that reads back as the same float, so an amount with two
  decimal places (and fewer than 16 significant figures) is written exactly: 1250 pence is
  written ``12.5``, never ``12.499999``. On import the JSON is read with
  ``parse_float=Decimal`` and an amount must be a whole number of pence.
* **Empty values are left out** (``prune``) because the standard asks publishers to omit
  what they do not know rather than send null or empty strings. Where a schema *requires*
  a field the directory may hold empty (an organisation's description, an address's county)
  the value is wrapped in ``RequiredText`` and sent even when empty.
* **More than the UK profile**: the UK schemas do not forbid extra properties, so the
  service also carries the HSDS 3.0 fields ``short_description``, ``eligibility_description``,
  ``application_process`` and ``phones``; contacts carry ``email`` and ``phones``; languages
  carry ``code`` and ``name``; taxonomy terms carry ``code``. What only a Local Offer has is
  sent in fields starting ``x_`` (unit costs' units and lengths, management options, who a
  service suits, term-time-only schedules, the order of taxonomy terms), so that an export
  imports back into another copy of the directory without losing anything.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from .editorial import note_changes_since, priced_options
from .geo import MILES_PER_DEGREE, Point, bounding_box, longitude_scale
from .indexing import refresh_search_fields
from .models import (
    COST_UNITS,
    PUBLISHED,
    SERVICE_STATUSES,
    VOCABULARIES,
    Contact,
    CostOption,
    Location,
    Organisation,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    service_taxonomy,
    utcnow,
)
from .money import PENCE_PER_POUND, pounds_to_pence
from .postcodes import normalise_postcode
from .search import SearchCriteria, search_services

ORUK_VERSION = "3.0"
# Who changed a price, in the cost history, when an import changed it.
ORUK_IMPORT = "Open Referral UK import"
# The validator recognises the UK 3.0 profile from an openapi_url under /specifications/3.0/.
OPENAPI_URL = "https://openreferraluk.org/specifications/3.0/openapi.json"
PROFILE_URL = "https://openreferraluk.org/specifications/3.0"

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# Far beyond any real directory, and small enough that the SQL OFFSET cannot overflow.
MAX_PAGE = 1_000_000
# Further than across Great Britain means nothing to a local directory.
MAX_PROXIMITY_METRES = 1_000_000
MAX_SEARCH_LENGTH = 200
METRES_PER_MILE = 1609.344

# Fixed for ever: every derived id depends on it.
ID_NAMESPACE = uuid.UUID("6f1d8f3e-4b7a-5c21-9d0e-2a6b7c8d9e10")

TAXONOMY_DETAILS = {
    "category": (
        "Service categories",
        "What kind of support a service gives, such as short breaks, clubs or therapies.",
    ),
    "need": ("Needs supported", "The needs and conditions a service is set up to support."),
    "accessibility": (
        "Accessibility features",
        "What a service or its building offers so that disabled children and young people "
        "can take part.",
    ),
    "funding-stream": (
        "Funding streams",
        "The parts of a personal budget a service can be bought with: social care, "
        "education (SEN) or health.",
    ),
}

# ORUK has no field for how a price is counted; amount_description says it in words.
UNIT_DESCRIPTIONS = {
    "hour": "per hour",
    "session": "per session",
    "day": "per day",
    "night": "per night",
    "week": "per week",
    "item": "per item",
    "mile": "per mile",
    "free": "free",
}

MANAGEMENT_OPTIONS = ("direct_payment", "managed_account", "council_arranged")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


# --- shaping values -----------------------------------------------------------------------


class RequiredText(str):
    """Text a schema requires, so ``prune`` keeps it even when it is empty."""

    __slots__ = ()


_EMPTY = object()


def prune(value: Any) -> Any:
    """Drop None, blank strings, empty lists and empty objects, at every depth.

    ``RequiredText`` is always kept (it is a string); False and 0 are values, not gaps.
    """
    result = _prune(value)
    if result is _EMPTY:
        return {} if isinstance(value, Mapping) else None
    return result


def pruned(data: Mapping[str, Any]) -> dict[str, Any]:
    """``prune`` for one ORUK object, typed as the object it returns."""
    result = prune(data)
    return result if isinstance(result, dict) else {}


def _prune(value: Any) -> Any:
    if isinstance(value, RequiredText):
        # Stays RequiredText, so pruning an already pruned object keeps it too.
        return value
    if value is None:
        return _EMPTY
    if isinstance(value, str):
        return value if value.strip() else _EMPTY
    if isinstance(value, Mapping):
        kept = {key: item for key, raw in value.items() if (item := _prune(raw)) is not _EMPTY}
        return kept or _EMPTY
    if isinstance(value, list | tuple):
        items = [item for raw in value if (item := _prune(raw)) is not _EMPTY]
        return items or _EMPTY
    return value


def derived_id(*parts: str) -> str:
    """A stable id for something the directory does not keep as a row of its own."""
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def taxonomy_id(vocabulary: str) -> str:
    return derived_id("taxonomy", vocabulary)


VOCABULARY_BY_TAXONOMY_ID = {taxonomy_id(vocabulary): vocabulary for vocabulary in VOCABULARIES}


def pounds_amount(pence: int) -> float:
    """Integer pence as a number of pounds for JSON, exact to the penny (see the module notes)."""
    exact = (Decimal(pence) / PENCE_PER_POUND).quantize(Decimal("0.01"))
    return float(exact)


def iso_datetime(value: datetime | None) -> str | None:
    """UTC with millisecond accuracy, as the standard asks: 2023-03-15T10:30:45.123Z."""
    if value is None:
        return None
    moment = as_utc(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def as_utc(value: datetime) -> datetime:
    # SQLite hands back the stored UTC time without its zone.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _time_of_day(value: str | None) -> str | None:
    if value and re.fullmatch(r"\d{2}:\d{2}", value):
        return value + ":00"
    return value


def _language_name(code: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).get_display_name("en"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def _term_order(term: TaxonomyTerm) -> tuple[int, int, str, str]:
    vocabulary_rank = VOCABULARIES.index(term.vocabulary) if term.vocabulary in VOCABULARIES else 99
    return (vocabulary_rank, term.position or 0, term.name.casefold(), term.code)


def _sorted_terms(terms: Iterable[TaxonomyTerm]) -> list[TaxonomyTerm]:
    return sorted(terms, key=_term_order)


# --- records as ORUK JSON -----------------------------------------------------------------


def api_details() -> dict[str, Any]:
    return {"version": ORUK_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}


def _phones(owner_id: str, number: str | None) -> list[dict[str, Any]]:
    if not number or not number.strip():
        return []
    return [{"id": derived_id("phone", owner_id), "number": number}]


def organization_summary(organisation: Organisation) -> dict[str, Any]:
    """The organisation's one-to-one fields, as in a list or inside a listed service."""
    return pruned(
        {
            "id": organisation.uuid,
            "name": organisation.name,
            "description": RequiredText(organisation.description or ""),
            "email": organisation.email,
            "website": organisation.url,
        }
    )


def organization_full(
    organisation: Organisation, services: Sequence[Service] = ()
) -> dict[str, Any]:
    identifiers = []
    if organisation.charity_number:
        identifiers.append(
            {
                "id": derived_id("charity-number", organisation.uuid),
                "organization_id": organisation.uuid,
                "identifier_scheme": "GB-CHC",
                "identifier_type": "Charity number",
                "identifier": organisation.charity_number,
            }
        )
    data = {
        **organization_summary(organisation),
        "phones": _phones(organisation.uuid, organisation.phone),
        "organization_identifiers": identifiers,
        "services": [
            {"id": service.uuid, "name": service.name, "status": service.status}
            for service in services
        ],
    }
    return pruned(data)


def taxonomy(vocabulary: str, terms: Sequence[TaxonomyTerm] | None = None) -> dict[str, Any]:
    name, description = TAXONOMY_DETAILS.get(vocabulary, (vocabulary, ""))
    data: dict[str, Any] = {
        "id": taxonomy_id(vocabulary),
        "name": name,
        "description": RequiredText(description),
    }
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term(term) for term in _sorted_terms(terms)]
    return pruned(data)


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    return pruned(
        {
            "id": term.uuid,
            "name": term.name,
            "description": RequiredText(term.description or ""),
            "taxonomy": term.vocabulary,
            "taxonomy_id": taxonomy_id(term.vocabulary),
            "code": term.code,
            "x_position": term.position,
        }
    )


def location_summary(location: Location) -> dict[str, Any]:
    """A location's own fields and its address: enough to show it and find it on a map."""
    addresses = []
    if location.address_1 or location.city or location.postcode:
        addresses.append(
            {
                "id": derived_id("address", location.uuid),
                "location_id": location.uuid,
                "address_1": RequiredText(location.address_1 or ""),
                "city": RequiredText(location.city or ""),
                # Required by the schema; the directory does not record counties.
                "state_province": RequiredText(""),
                "postal_code": RequiredText(location.postcode or ""),
                "country": "GB",
                "address_type": "physical",
            }
        )
    return pruned(
        {
            "id": location.uuid,
            "location_type": "physical",
            "name": location.name,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "addresses": addresses,
        }
    )


def location_full(location: Location) -> dict[str, Any]:
    accessibility = []
    if location.accessibility and location.accessibility.strip():
        accessibility.append(
            {
                "id": derived_id("accessibility", location.uuid),
                "location_id": location.uuid,
                "description": location.accessibility,
            }
        )
    return pruned({**location_summary(location), "accessibility": accessibility})


def service_summary(service: Service, *, with_organization: bool = True) -> dict[str, Any]:
    """The service's one-to-one fields, as in ``/services`` (service_list.json)."""
    data: dict[str, Any] = {
        "id": service.uuid,
        "organization_id": service.organisation.uuid if service.organisation else None,
        "name": service.name,
        "short_description": service.summary,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.last_checked.isoformat() if service.last_checked else None,
        "last_modified": iso_datetime(service.last_modified),
    }
    if with_organization and service.organisation:
        data["organization"] = organization_summary(service.organisation)
    return pruned(data)


def cost_option(option: CostOption, service_uuid: str) -> dict[str, Any]:
    description = UNIT_DESCRIPTIONS.get(option.unit, option.unit)
    if option.duration_minutes and option.unit in {"session", "day", "night"}:
        description += f" of {_duration_words(option.duration_minutes)}"
    return pruned(
        {
            "id": option.uuid,
            "service_id": service_uuid,
            "option": option.label,
            "amount": pounds_amount(option.amount_pence),
            "currency": "GBP",
            "amount_description": description,
            "x_unit": option.unit,
            "x_duration_minutes": option.duration_minutes,
            "x_includes": option.includes,
        }
    )


def _duration_words(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{hours} hour" + ("" if hours == 1 else "s")
    if not hours:
        return f"{rest} minutes"
    return f"{hours} hour" + ("" if hours == 1 else "s") + f" {rest} minutes"


def schedule(entry: Schedule, service_uuid: str) -> dict[str, Any]:
    return pruned(
        {
            "id": entry.uuid,
            "service_id": service_uuid,
            "freq": "WEEKLY" if entry.byday else None,
            "interval": 1 if entry.byday else None,
            "byday": entry.byday,
            "opens_at": _time_of_day(entry.opens_at),
            "closes_at": _time_of_day(entry.closes_at),
            "description": entry.description,
            "x_term_time_only": True if entry.term_time_only else None,
        }
    )


def contact(entry: Contact, service_uuid: str) -> dict[str, Any]:
    return pruned(
        {
            "id": entry.uuid,
            "service_id": service_uuid,
            "name": entry.name,
            "title": entry.title,
            "email": entry.email,
            "phones": _phones(entry.uuid, entry.phone),
        }
    )


def service_at_location(link: ServiceAtLocation, *, full_location: bool = True) -> dict[str, Any]:
    location = location_full(link.location) if full_location else location_summary(link.location)
    return pruned(
        {
            "id": link.uuid,
            "service_id": link.service.uuid,
            "location_id": link.location.uuid,
            "location": location,
        }
    )


def service_full(service: Service) -> dict[str, Any]:
    """A fully nested service, as in ``/services/{id}`` (service.json) and the JSON feed."""
    terms = _sorted_terms(service.terms)
    management = [
        option
        for option, chosen in zip(
            MANAGEMENT_OPTIONS,
            (
                service.accepts_direct_payment,
                service.accepts_managed_account,
                service.council_arranged,
            ),
            strict=True,
        )
        if chosen
    ]
    codes = [code.strip() for code in (service.languages or "").split(",") if code.strip()]
    data = {
        **service_summary(service, with_organization=False),
        "organization": organization_full(service.organisation) if service.organisation else None,
        "eligibility_description": service.eligibility,
        "application_process": service.how_to_access,
        "phones": _phones(service.uuid, service.phone),
        "x_who_it_suits": service.who_it_suits,
        "x_accessibility": service.accessibility,
        "x_management_options": management,
        "languages": [
            {
                "id": derived_id("language", service.uuid, code),
                "service_id": service.uuid,
                "code": code,
                "name": _language_name(code),
            }
            for code in codes
        ],
        "funding": [
            {
                "id": derived_id("funding", service.uuid, term.uuid),
                "service_id": service.uuid,
                "source": term.name,
            }
            for term in terms
            if term.vocabulary == "funding-stream"
        ],
        "cost_options": [cost_option(option, service.uuid) for option in service.cost_options],
        "schedules": [schedule(entry, service.uuid) for entry in service.schedules],
        "contacts": [contact(entry, service.uuid) for entry in service.contacts],
        "service_at_locations": [
            service_at_location(link) for link in service.service_at_locations
        ],
        "attributes": [
            {
                "id": derived_id("attribute", service.uuid, term.uuid),
                "link_id": service.uuid,
                "link_entity": "service",
                "link_type": term.vocabulary,
                "taxonomy_term_id": term.uuid,
                "taxonomy_term": taxonomy_term(term),
            }
            for term in terms
        ],
    }
    return pruned(data)


def paged(contents: list[dict[str, Any]], total: int, page: int, per_page: int) -> dict[str, Any]:
    """The ORUK page envelope. ``size`` is the number of items on this page."""
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# --- query parameters ---------------------------------------------------------------------


class BadParameter(ValueError):
    """A query parameter the API cannot use; the message says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class ServiceFilters:
    search: str = ""
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: datetime | None = None

    @property
    def structural(self) -> bool:
        return any(
            value is not None
            for value in (
                self.taxonomy_term_id,
                self.taxonomy_id,
                self.organization_id,
                self.modified_after,
            )
        )


@dataclass(frozen=True)
class Place:
    """Where to measure from, and how far to look (metres; None for any distance)."""

    postcode: str
    origin: Point
    proximity_metres: float | None = None


def _whole_number(
    args: Mapping[str, str], name: str, default: int, minimum: int, maximum: int | None = None
) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[+-]?\d{1,12}", raw):
        raise BadParameter(f"{name} must be a whole number, like {default}.")
    value = int(raw)
    if value < minimum:
        raise BadParameter(f"{name} must be {minimum} or more.")
    if maximum is not None and value > maximum:
        raise BadParameter(f"{name} must be {maximum} or less.")
    return value


def parse_page(args: Mapping[str, str]) -> PageRequest:
    """page from 1; per_page from 1, and at most MAX_PER_PAGE (larger asks get that many)."""
    page = _whole_number(args, "page", 1, 1, MAX_PAGE)
    per_page = min(_whole_number(args, "per_page", DEFAULT_PER_PAGE, 1), MAX_PER_PAGE)
    return PageRequest(page=page, per_page=per_page)


def canonical_id(text: str) -> str | None:
    """The id in the form the directory stores it, or None if it cannot be one of ours.

    Every id the API gives out is a UUID, so anything else is answered without asking the
    database (and text such as a NUL byte never reaches it).
    """
    try:
        return str(uuid.UUID(text.strip()))
    except (ValueError, AttributeError):
        return None


def parse_search(args: Mapping[str, str]) -> str:
    search = (args.get("search") or "").replace("\x00", "").strip()
    if len(search) > MAX_SEARCH_LENGTH:
        raise BadParameter(f"search must be {MAX_SEARCH_LENGTH} characters or fewer.")
    return search


def parse_datetime(text: str) -> datetime | None:
    """An ISO 8601 date or date-time; one without a zone is taken as UTC."""
    try:
        return as_utc(datetime.fromisoformat(text.strip()))
    except (ValueError, OverflowError):  # OverflowError: a zone that pushes it past year 1
        return None


def _id_parameter(args: Mapping[str, str], name: str) -> str | None:
    """None when not given; "" (which no record has) when given but not one of our ids."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    return canonical_id(raw) or ""


def parse_service_filters(args: Mapping[str, str]) -> ServiceFilters:
    modified_after = None
    raw = (args.get("modified_after") or "").strip()
    if raw:
        modified_after = parse_datetime(raw)
        if modified_after is None:
            raise BadParameter(
                "modified_after must be an ISO 8601 date and time, like 2024-04-01T09:00:00Z."
            )
    return ServiceFilters(
        search=parse_search(args),
        taxonomy_term_id=_id_parameter(args, "taxonomy_term_id"),
        taxonomy_id=_id_parameter(args, "taxonomy_id"),
        organization_id=_id_parameter(args, "organization_id"),
        modified_after=modified_after,
    )


def parse_place(session: Session, args: Mapping[str, str]) -> Place | None:
    """The postcode's centroid from the local postcode table, and the proximity in metres."""
    raw_postcode = (args.get("postcode") or "").strip()
    raw_proximity = (args.get("proximity") or "").strip()
    if not raw_postcode:
        if raw_proximity:
            raise BadParameter("proximity needs a postcode to measure from.")
        return None
    postcode = normalise_postcode(raw_postcode)
    if postcode is None:
        raise BadParameter(f"postcode '{raw_postcode[:20]}' is not a UK postcode, like BK1 2AB.")
    known = session.get(Postcode, postcode)
    if known is None:
        raise BadParameter(f"postcode {postcode} is not in this directory's list of postcodes.")
    proximity = None
    if raw_proximity:
        try:
            proximity = float(raw_proximity)
        except ValueError:
            proximity = math.nan
        if not math.isfinite(proximity) or not 0 < proximity <= MAX_PROXIMITY_METRES:
            raise BadParameter(
                "proximity must be a distance in metres greater than 0 and at most "
                f"{MAX_PROXIMITY_METRES}, like 5000."
            )
    return Place(postcode, Point(known.latitude, known.longitude), proximity)


# --- reading the directory ----------------------------------------------------------------


def _service_conditions(filters: ServiceFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        Service.status == "active",
        Service.editorial_state == PUBLISHED,
    ]
    if filters.taxonomy_term_id is not None:
        tagged = (
            select(service_taxonomy.c.service_id)
            .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy.c.term_id)
            .where(TaxonomyTerm.uuid == filters.taxonomy_term_id)
        )
        conditions.append(Service.id.in_(tagged))
    if filters.taxonomy_id is not None:
        vocabulary = VOCABULARY_BY_TAXONOMY_ID.get(filters.taxonomy_id)
        if vocabulary is None:
            conditions.append(false())
        else:
            in_taxonomy = (
                select(service_taxonomy.c.service_id)
                .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy.c.term_id)
                .where(TaxonomyTerm.vocabulary == vocabulary)
            )
            conditions.append(Service.id.in_(in_taxonomy))
    if filters.organization_id is not None:
        conditions.append(
            Service.organisation_id.in_(
                select(Organisation.id).where(Organisation.uuid == filters.organization_id)
            )
        )
    if filters.modified_after is not None:
        conditions.append(Service.last_modified >= filters.modified_after)
    return conditions


def _passes(service: Service, filters: ServiceFilters) -> bool:
    """The structural filters, in Python, for services a keyword search has already found."""
    if filters.taxonomy_term_id is not None and not any(
        term.uuid == filters.taxonomy_term_id for term in service.terms
    ):
        return False
    if filters.taxonomy_id is not None:
        vocabulary = VOCABULARY_BY_TAXONOMY_ID.get(filters.taxonomy_id)
        if not any(term.vocabulary == vocabulary for term in service.terms):
            return False
    if filters.organization_id is not None and (
        service.organisation is None or service.organisation.uuid != filters.organization_id
    ):
        return False
    return not (
        filters.modified_after is not None
        and as_utc(service.last_modified) < filters.modified_after
    )


def _ranked_service_ids(session: Session, filters: ServiceFilters) -> list[int]:
    """Every active service matching the keywords, best match first, after the other filters."""
    counted = search_services(session, SearchCriteria(keywords=filters.search, per_page=1))
    everything = search_services(
        session, SearchCriteria(keywords=filters.search, per_page=max(counted.total, 1))
    )
    return [hit.service.id for hit in everything.hits if _passes(hit.service, filters)]


def list_services(session: Session, filters: ServiceFilters, page: PageRequest) -> dict[str, Any]:
    if filters.search and not filters.structural:
        # The directory's own search ranks and pages in the database.
        found = search_services(
            session,
            SearchCriteria(keywords=filters.search, page=page.page, per_page=page.per_page),
        )
        hits = found.hits if found.page == page.page else []
        contents = [service_summary(hit.service) for hit in hits]
        return paged(contents, found.total, page.page, page.per_page)

    if filters.search:
        ids = _ranked_service_ids(session, filters)
        on_page = ids[page.offset : page.offset + page.per_page]
        by_id = {
            service.id: service
            for service in session.scalars(
                select(Service)
                .where(Service.id.in_(on_page))
                .options(selectinload(Service.organisation))
            )
        }
        contents = [service_summary(by_id[i]) for i in on_page if i in by_id]
        return paged(contents, len(ids), page.page, page.per_page)

    conditions = _service_conditions(filters)
    total = session.scalar(select(func.count(Service.id)).where(*conditions)) or 0
    services = session.scalars(
        select(Service)
        .where(*conditions)
        .order_by(func.lower(Service.name), Service.id)
        .limit(page.per_page)
        .offset(page.offset)
        .options(selectinload(Service.organisation))
    ).all()
    return paged(
        [service_summary(service) for service in services], total, page.page, page.per_page
    )


def _fully_loaded() -> list[Any]:
    return [
        selectinload(Service.organisation),
        selectinload(Service.cost_options),
        selectinload(Service.terms),
        selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
        selectinload(Service.schedules),
        selectinload(Service.contacts),
    ]


def find_service(session: Session, service_id: str) -> dict[str, Any] | None:
    """A fully nested published service by id, whatever its ORUK status (so a consumer can
    see it closed). Drafts and archived services are the council's own business."""
    service_id = canonical_id(service_id) or ""
    if not service_id:
        return None
    service = session.scalar(
        select(Service)
        .where(Service.uuid == service_id, Service.editorial_state == PUBLISHED)
        .options(*_fully_loaded())
    )
    return service_full(service) if service else None


def all_services(session: Session, *, active_only: bool = False) -> list[Service]:
    """Every published service, fully loaded, in a stable order that does not depend on the
    database. Exports are open data, so drafts and archived services stay out of them."""
    statement = (
        select(Service).where(Service.editorial_state == PUBLISHED).options(*_fully_loaded())
    )
    if active_only:
        statement = statement.where(Service.status == "active")
    services = list(session.scalars(statement))
    services.sort(key=lambda service: (service.name.casefold(), service.uuid))
    return services


def _matches(text: str, search: str) -> bool:
    return search.casefold() in text.casefold()


def list_taxonomies(session: Session, search: str, page: PageRequest) -> dict[str, Any]:
    vocabularies = [
        vocabulary
        for vocabulary in VOCABULARIES
        if not search or _matches(TAXONOMY_DETAILS[vocabulary][0], search)
    ]
    on_page = vocabularies[page.offset : page.offset + page.per_page]
    return paged([taxonomy(v) for v in on_page], len(vocabularies), page.page, page.per_page)


def find_taxonomy(session: Session, taxonomy_uuid: str) -> dict[str, Any] | None:
    taxonomy_uuid = canonical_id(taxonomy_uuid) or ""
    if not taxonomy_uuid:
        return None
    vocabulary = VOCABULARY_BY_TAXONOMY_ID.get(taxonomy_uuid)
    if vocabulary is None:
        return None
    terms = session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == vocabulary))
    return taxonomy(vocabulary, list(terms))


def list_taxonomy_terms(
    session: Session, args: Mapping[str, str], page: PageRequest
) -> dict[str, Any]:
    conditions: list[ColumnElement[bool]] = []
    wanted_taxonomy = _id_parameter(args, "taxonomy_id")
    if wanted_taxonomy is not None:
        vocabulary = VOCABULARY_BY_TAXONOMY_ID.get(wanted_taxonomy)
        conditions.append(TaxonomyTerm.vocabulary == vocabulary if vocabulary else false())
    # The directory's vocabularies are flat: every term is a top term with no parent.
    if _id_parameter(args, "parent_id") is not None:
        conditions.append(false())
    search = parse_search(args)
    if search:
        conditions.append(
            or_(
                func.lower(TaxonomyTerm.name).contains(search.lower(), autoescape=True),
                func.lower(TaxonomyTerm.code).contains(search.lower(), autoescape=True),
            )
        )
    total = session.scalar(select(func.count(TaxonomyTerm.id)).where(*conditions)) or 0
    terms = session.scalars(
        select(TaxonomyTerm)
        .where(*conditions)
        .order_by(
            TaxonomyTerm.vocabulary, TaxonomyTerm.position, TaxonomyTerm.name, TaxonomyTerm.id
        )
        .limit(page.per_page)
        .offset(page.offset)
    )
    return paged([taxonomy_term(term) for term in terms], total, page.page, page.per_page)


def find_taxonomy_term(session: Session, term_uuid: str) -> dict[str, Any] | None:
    term_uuid = canonical_id(term_uuid) or ""
    if not term_uuid:
        return None
    term = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.uuid == term_uuid))
    return taxonomy_term(term) if term else None


def list_organizations(session: Session, search: str, page: PageRequest) -> dict[str, Any]:
    conditions: list[ColumnElement[bool]] = []
    if search:
        conditions.append(func.lower(Organisation.name).contains(search.lower(), autoescape=True))
    total = session.scalar(select(func.count(Organisation.id)).where(*conditions)) or 0
    organisations = session.scalars(
        select(Organisation)
        .where(*conditions)
        .order_by(func.lower(Organisation.name), Organisation.id)
        .limit(page.per_page)
        .offset(page.offset)
    )
    contents = [organization_summary(organisation) for organisation in organisations]
    return paged(contents, total, page.page, page.per_page)


def find_organization(session: Session, organisation_uuid: str) -> dict[str, Any] | None:
    organisation_uuid = canonical_id(organisation_uuid) or ""
    if not organisation_uuid:
        return None
    organisation = session.scalar(
        select(Organisation).where(Organisation.uuid == organisation_uuid)
    )
    if organisation is None:
        return None
    services = session.scalars(
        select(Service)
        .where(
            Service.organisation_id == organisation.id,
            Service.status == "active",
            Service.editorial_state == PUBLISHED,
        )
        .order_by(func.lower(Service.name), Service.id)
    ).all()
    return organization_full(organisation, services)


def list_service_at_locations(
    session: Session, filters: ServiceFilters, place: Place | None, page: PageRequest
) -> dict[str, Any]:
    """Services at their locations; with a postcode, nearest first, and within ``proximity``.

    Distances use the same flat-earth approximation as directory search (local_offer.geo).
    """
    statement = (
        select(ServiceAtLocation)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(*_service_conditions(replace(filters, search="")))
    )
    ranked: list[int] | None = None
    if filters.search:
        ranked = _ranked_service_ids(session, filters)
        statement = statement.where(ServiceAtLocation.service_id.in_(ranked))

    ordering: list[Any] = [func.lower(Service.name), ServiceAtLocation.id]
    if place is not None:
        scale = longitude_scale(place.origin)
        dlat = Location.latitude - place.origin.latitude
        dlon = (Location.longitude - place.origin.longitude) * scale
        squared = dlat * dlat + dlon * dlon
        if place.proximity_metres is not None:
            radius_miles = place.proximity_metres / METRES_PER_MILE
            min_lat, max_lat, min_lon, max_lon = bounding_box(place.origin, radius_miles)
            statement = statement.where(
                Location.latitude.between(min_lat, max_lat),
                Location.longitude.between(min_lon, max_lon),
                squared <= (radius_miles / MILES_PER_DEGREE) ** 2,
            )
        ordering = [Location.latitude.is_(None), squared, *ordering]

    loading = (
        selectinload(ServiceAtLocation.service).selectinload(Service.organisation),
        selectinload(ServiceAtLocation.location),
    )
    if ranked is not None and place is None:
        # Best keyword match first: the ranking is in Python, so page there too.
        rank = {service_id: index for index, service_id in enumerate(ranked)}
        links = list(session.scalars(statement.options(*loading)))
        links.sort(key=lambda link: (rank[link.service_id], link.id))
        total = len(links)
        links = links[page.offset : page.offset + page.per_page]
    else:
        total = (
            session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
            or 0
        )
        links = list(
            session.scalars(
                statement.order_by(*ordering)
                .limit(page.per_page)
                .offset(page.offset)
                .options(*loading)
            )
        )
    contents = [_listed_service_at_location(link) for link in links]
    return paged(contents, total, page.page, page.per_page)


def _listed_service_at_location(link: ServiceAtLocation) -> dict[str, Any]:
    return pruned(
        {
            **service_at_location(link, full_location=False),
            "service": service_summary(link.service),
        }
    )


def find_service_at_location(session: Session, link_uuid: str) -> dict[str, Any] | None:
    """By id, whatever the service's status, as ``find_service``."""
    link_uuid = canonical_id(link_uuid) or ""
    if not link_uuid:
        return None
    link = session.scalar(select(ServiceAtLocation).where(ServiceAtLocation.uuid == link_uuid))
    if link is None:
        return None
    return pruned({**service_at_location(link), "service": service_summary(link.service)})


# --- reading ORUK JSON --------------------------------------------------------------------


class RecordProblems(ValueError):
    """Everything wrong with one record, each message naming the field it is about."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class OrganisationRecord:
    uuid: str
    name: str
    description: str = ""
    email: str | None = None
    url: str | None = None
    phone: str | None = None
    charity_number: str | None = None


@dataclass
class TermRecord:
    uuid: str | None
    vocabulary: str
    code: str
    name: str
    description: str = ""
    position: int | None = None


@dataclass
class CostRecord:
    uuid: str | None
    label: str
    amount_pence: int
    unit: str
    includes: str = ""
    duration_minutes: int | None = None


@dataclass
class LocationRecord:
    uuid: str
    name: str = ""
    address_1: str = ""
    city: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    accessibility: str = ""


@dataclass
class LinkRecord:
    uuid: str | None
    location_uuid: str
    location: LocationRecord | None


@dataclass
class ScheduleRecord:
    uuid: str | None
    byday: str = ""
    opens_at: str | None = None
    closes_at: str | None = None
    term_time_only: bool = False
    description: str = ""


@dataclass
class ContactRecord:
    uuid: str | None
    name: str = ""
    title: str = ""
    email: str | None = None
    phone: str | None = None


@dataclass
class ServiceRecord:
    uuid: str
    name: str
    status: str
    organisation_uuid: str
    organisation: OrganisationRecord | None = None
    summary: str = ""
    description: str = ""
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    eligibility: str = ""
    who_it_suits: str = ""
    accessibility: str = ""
    how_to_access: str = ""
    languages: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    accepts_direct_payment: bool = False
    accepts_managed_account: bool = False
    council_arranged: bool = False
    last_checked: date | None = None
    last_modified: datetime | None = None
    terms: list[TermRecord | str] = field(default_factory=list)
    funding_sources: list[str] = field(default_factory=list)
    cost_options: list[CostRecord] = field(default_factory=list)
    locations: list[LinkRecord] = field(default_factory=list)
    schedules: list[ScheduleRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)


class _Reader:
    """Reads typed values out of an ORUK object, noting a problem for each bad one."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}" if path else message)

    def text(
        self, data: Mapping[str, Any], key: str, path: str, limit: int, *, required: bool = False
    ) -> str:
        value = data.get(key)
        where = f"{path}.{key}" if path else key
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(where, "is missing")
            return ""
        if not isinstance(value, str):
            self.problem(where, "must be text")
            return ""
        if len(value) > limit:
            self.problem(where, f"must be {limit} characters or fewer (it has {len(value)})")
            return ""
        return value

    def optional_text(self, data: Mapping[str, Any], key: str, path: str, limit: int) -> str | None:
        return self.text(data, key, path, limit) or None

    def identifier(
        self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True
    ) -> str | None:
        value = data.get(key)
        where = f"{path}.{key}" if path else key
        if value is None or value == "":
            if required:
                self.problem(where, "is missing")
            return None
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            self.problem(where, f"'{str(value)[:40]}' is not a UUID")
            return None

    def whole_number(
        self, data: Mapping[str, Any], key: str, path: str, low: int, high: int
    ) -> int | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        where = f"{path}.{key}" if path else key
        number = _as_decimal(value)
        if number is None or number != number.to_integral_value() or not low <= number <= high:
            self.problem(where, f"must be a whole number from {low} to {high}")
            return None
        return int(number)

    def coordinate(
        self, data: Mapping[str, Any], key: str, path: str, limit: float
    ) -> float | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        number = _as_decimal(value)
        if number is None or not -limit <= number <= limit:
            self.problem(f"{path}.{key}", f"must be a number from -{limit:g} to {limit:g}")
            return None
        return float(number)

    def objects(
        self, data: Mapping[str, Any], key: str, path: str
    ) -> list[tuple[str, Mapping[str, Any]]]:
        value = data.get(key)
        if value is None:
            return []
        where = f"{path}.{key}" if path else key
        if not isinstance(value, list):
            self.problem(where, "must be a list")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                found.append((f"{where}[{index}]", item))
            else:
                self.problem(f"{where}[{index}]", "must be an object")
        return found


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def amount_to_pence(value: Any) -> int | None:
    """A number of pounds from JSON (or text) as whole pence; None if it is not that."""
    if isinstance(value, str):
        return pounds_to_pence(value)
    number = _as_decimal(value)
    if number is None or number < 0:
        return None
    pence = number * PENCE_PER_POUND
    if pence != pence.to_integral_value():
        return None
    return int(pence)


def _first_phone(reader: _Reader, data: Mapping[str, Any], path: str) -> str | None:
    for phone_path, phone in reader.objects(data, "phones", path)[:1]:
        return reader.optional_text(phone, "number", phone_path, 40)
    return None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:80] or "term"


def _unit_from_words(*texts: str) -> str | None:
    words = " ".join(texts).casefold()
    found = re.search(r"\b(hour|session|day|night|week|item|mile)s?\b", words)
    if found:
        return found.group(1)
    return "free" if re.search(r"\bfree\b", words) else None


def _organisation_record(
    reader: _Reader, data: Mapping[str, Any], path: str
) -> OrganisationRecord | None:
    organisation_uuid = reader.identifier(data, "id", path)
    name = reader.text(data, "name", path, 200, required=True)
    charity_number = None
    for id_path, identifier in reader.objects(data, "organization_identifiers", path):
        if identifier.get("identifier_scheme") == "GB-CHC":
            charity_number = reader.optional_text(identifier, "identifier", id_path, 20)
    if organisation_uuid is None:
        return None
    return OrganisationRecord(
        uuid=organisation_uuid,
        name=name,
        description=reader.text(data, "description", path, 100_000),
        email=reader.optional_text(data, "email", path, 254),
        url=reader.optional_text(data, "website", path, 500),
        phone=_first_phone(reader, data, path),
        charity_number=charity_number,
    )


def _term_record(reader: _Reader, data: Mapping[str, Any], path: str) -> TermRecord | None:
    term_uuid = reader.identifier(data, "id", path)
    name = reader.text(data, "name", path, 120, required=True)
    vocabulary = VOCABULARY_BY_TAXONOMY_ID.get(str(data.get("taxonomy_id", "")))
    if vocabulary is None:
        named = str(data.get("taxonomy") or "")
        # Terms from any other taxonomy are filed as service categories.
        vocabulary = named if named in VOCABULARIES else "category"
    code = reader.text(data, "code", path, 80) or slug(name)
    position = reader.whole_number(data, "x_position", path, -1_000_000, 1_000_000)
    if term_uuid is None or not name:
        return None
    return TermRecord(
        uuid=term_uuid,
        vocabulary=vocabulary,
        code=code,
        name=name,
        description=reader.text(data, "description", path, 100_000),
        position=position,
    )


def _cost_record(reader: _Reader, data: Mapping[str, Any], path: str) -> CostRecord | None:
    option_uuid = reader.identifier(data, "id", path, required=False)
    label = reader.text(data, "option", path, 200)
    words = reader.text(data, "amount_description", path, 1000)
    unit = data.get("x_unit") or _unit_from_words(words, label)
    if unit is None and amount_to_pence(data.get("amount")) == 0:
        unit = "free"
    if unit not in COST_UNITS:
        reader.problem(
            path,
            "say what the amount is for in amount_description "
            "(per hour, session, day, night, week, item or mile, or free)",
        )
        return None
    currency = str(data.get("currency") or "GBP").strip().upper()
    if currency != "GBP":
        reader.problem(f"{path}.currency", "must be GBP: the directory keeps prices in pounds")
        return None
    raw_amount = data.get("amount")
    if raw_amount is None or raw_amount == "":
        if unit != "free":
            reader.problem(f"{path}.amount", "is missing")
            return None
        pence: int | None = 0
    else:
        pence = amount_to_pence(raw_amount)
        if pence is None:
            reader.problem(
                f"{path}.amount", "must be a number of pounds of 0 or more, to the penny"
            )
            return None
    duration = reader.whole_number(data, "x_duration_minutes", path, 1, 60 * 24 * 14)
    return CostRecord(
        uuid=option_uuid,
        label=label,
        amount_pence=pence or 0,
        unit=str(unit),
        includes=reader.text(data, "x_includes", path, 100_000),
        duration_minutes=duration,
    )


def _location_record(reader: _Reader, data: Mapping[str, Any], path: str) -> LocationRecord | None:
    location_uuid = reader.identifier(data, "id", path)
    record = LocationRecord(
        uuid=location_uuid or "",
        name=reader.text(data, "name", path, 200),
        latitude=reader.coordinate(data, "latitude", path, 90),
        longitude=reader.coordinate(data, "longitude", path, 180),
    )
    for address_path, address in reader.objects(data, "addresses", path)[:1]:
        record.address_1 = reader.text(address, "address_1", address_path, 200)
        record.city = reader.text(address, "city", address_path, 100)
        raw_postcode = reader.text(address, "postal_code", address_path, 20)
        record.postcode = normalise_postcode(raw_postcode) or raw_postcode[:10]
    for access_path, access in reader.objects(data, "accessibility", path)[:1]:
        record.accessibility = reader.text(access, "description", access_path, 100_000)
    return record if location_uuid else None


def _time(reader: _Reader, data: Mapping[str, Any], key: str, path: str) -> str | None:
    value = reader.text(data, key, path, 20)
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?", value)
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        reader.problem(f"{path}.{key}", f"'{value}' is not a time of day, like 09:30")
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _schedule_record(reader: _Reader, data: Mapping[str, Any], path: str) -> ScheduleRecord:
    byday = reader.text(data, "byday", path, 40).upper().replace(" ", "")
    days = [day for day in byday.split(",") if day]
    if any(day not in DAY_CODES for day in days):
        reader.problem(f"{path}.byday", "must be day codes separated by commas, like MO,WE,SA")
    return ScheduleRecord(
        uuid=reader.identifier(data, "id", path, required=False),
        byday=",".join(days),
        opens_at=_time(reader, data, "opens_at", path),
        closes_at=_time(reader, data, "closes_at", path),
        term_time_only=data.get("x_term_time_only") is True,
        description=reader.text(data, "description", path, 100_000),
    )


def parse_service(data: Any) -> ServiceRecord:
    """Check one ORUK service object and read it into a ``ServiceRecord``.

    Raises ``RecordProblems`` listing everything wrong with it.
    """
    if not isinstance(data, Mapping):
        raise RecordProblems(["each service must be a JSON object"])
    reader = _Reader()
    service_uuid = reader.identifier(data, "id", "")
    name = reader.text(data, "name", "", 200, required=True)
    status = data.get("status")
    if status not in SERVICE_STATUSES:
        reader.problem("status", "must be one of " + ", ".join(SERVICE_STATUSES))

    organisation = None
    organisation_uuid = None
    if isinstance(data.get("organization"), Mapping):
        organisation = _organisation_record(reader, data["organization"], "organization")
        organisation_uuid = organisation.uuid if organisation else None
    elif data.get("organization_id"):
        organisation_uuid = reader.identifier(data, "organization_id", "")
    else:
        reader.problem("organization", "is missing: say which organisation runs the service")

    minimum_age = reader.whole_number(data, "minimum_age", "", 0, 150)
    maximum_age = reader.whole_number(data, "maximum_age", "", 0, 150)
    if minimum_age is not None and maximum_age is not None and minimum_age > maximum_age:
        reader.problem("maximum_age", "must not be less than minimum_age")

    last_checked = None
    raw_checked = data.get("assured_date")
    if raw_checked:
        try:
            last_checked = date.fromisoformat(str(raw_checked)[:10])
        except ValueError:
            reader.problem(
                "assured_date", f"'{str(raw_checked)[:30]}' is not a date, like 2024-04-01"
            )
    last_modified = None
    raw_modified = data.get("last_modified")
    if raw_modified:
        last_modified = parse_datetime(str(raw_modified))
        if last_modified is None:
            reader.problem(
                "last_modified", f"'{str(raw_modified)[:40]}' is not an ISO date and time"
            )

    management = data.get("x_management_options") or []
    if not isinstance(management, list) or any(m not in MANAGEMENT_OPTIONS for m in management):
        reader.problem("x_management_options", "must list " + ", ".join(MANAGEMENT_OPTIONS))
        management = []

    languages = []
    for language_path, language in reader.objects(data, "languages", ""):
        code = reader.text(language, "code", language_path, 10).strip().lower()
        if code and code not in languages:
            languages.append(code)
    joined_languages = ",".join(languages)
    if len(joined_languages) > 100:
        reader.problem("languages", "list too many languages to keep (100 characters of codes)")

    terms: list[TermRecord | str] = []
    for attribute_path, attribute in reader.objects(data, "attributes", ""):
        nested = attribute.get("taxonomy_term")
        if isinstance(nested, Mapping):
            term = _term_record(reader, nested, f"{attribute_path}.taxonomy_term")
            if term:
                terms.append(term)
        else:
            term_uuid = reader.identifier(attribute, "taxonomy_term_id", attribute_path)
            if term_uuid:
                terms.append(term_uuid)
    funding_sources = [
        text
        for funding_path, funding in reader.objects(data, "funding", "")
        if (text := reader.text(funding, "source", funding_path, 1000))
    ]

    links = []
    for link_path, link in reader.objects(data, "service_at_locations", ""):
        link_uuid = reader.identifier(link, "id", link_path, required=False)
        if isinstance(link.get("location"), Mapping):
            location = _location_record(reader, link["location"], f"{link_path}.location")
            if location:
                links.append(LinkRecord(link_uuid, location.uuid, location))
        else:
            location_uuid = reader.identifier(link, "location_id", link_path)
            if location_uuid:
                links.append(LinkRecord(link_uuid, location_uuid, None))

    cost_options = [
        option
        for option_path, item in reader.objects(data, "cost_options", "")
        if (option := _cost_record(reader, item, option_path))
    ]
    schedules = [
        _schedule_record(reader, item, schedule_path)
        for schedule_path, item in reader.objects(data, "schedules", "")
    ]
    contacts = [
        ContactRecord(
            uuid=reader.identifier(item, "id", contact_path, required=False),
            name=reader.text(item, "name", contact_path, 200),
            title=reader.text(item, "title", contact_path, 200),
            email=reader.optional_text(item, "email", contact_path, 254),
            phone=_first_phone(reader, item, contact_path),
        )
        for contact_path, item in reader.objects(data, "contacts", "")
    ]

    record = ServiceRecord(
        uuid=service_uuid or "",
        name=name,
        status=str(status),
        organisation_uuid=organisation_uuid or "",
        organisation=organisation,
        summary=reader.text(data, "short_description", "", 300),
        description=reader.text(data, "description", "", 100_000),
        url=reader.optional_text(data, "url", "", 500),
        email=reader.optional_text(data, "email", "", 254),
        phone=_first_phone(reader, data, ""),
        eligibility=reader.text(data, "eligibility_description", "", 100_000),
        who_it_suits=reader.text(data, "x_who_it_suits", "", 100_000),
        accessibility=reader.text(data, "x_accessibility", "", 100_000),
        how_to_access=reader.text(data, "application_process", "", 100_000),
        languages=joined_languages,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        accepts_direct_payment="direct_payment" in management,
        accepts_managed_account="managed_account" in management,
        council_arranged="council_arranged" in management,
        last_checked=last_checked,
        last_modified=last_modified,
        terms=terms,
        funding_sources=funding_sources,
        cost_options=cost_options,
        locations=links,
        schedules=schedules,
        contacts=contacts,
    )
    if reader.problems:
        raise RecordProblems(reader.problems)
    return record


# --- writing records into the directory ---------------------------------------------------


_Row = TypeVar("_Row", Organisation, TaxonomyTerm, Location, Service)


def _by_uuid(session: Session, model: type[_Row], value: str | None) -> _Row | None:
    if not value:
        return None
    return session.scalar(select(model).where(model.uuid == value))


def upsert_organisation(session: Session, record: OrganisationRecord) -> Organisation:
    organisation = _by_uuid(session, Organisation, record.uuid)
    if organisation is None:
        organisation = Organisation(uuid=record.uuid)
        session.add(organisation)
    organisation.name = record.name
    organisation.description = record.description
    organisation.email = record.email
    organisation.url = record.url
    organisation.phone = record.phone
    organisation.charity_number = record.charity_number
    return organisation


def upsert_term(session: Session, record: TermRecord) -> TaxonomyTerm:
    """Find the term by id, then by code; update it from the record or create it."""
    term = _by_uuid(session, TaxonomyTerm, record.uuid)
    if term is None:
        term = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == record.code))
    if term is None:
        term = TaxonomyTerm(uuid=record.uuid or str(uuid.uuid4()), code=record.code)
        session.add(term)
    elif term.code != record.code:
        taken = session.scalar(select(TaxonomyTerm.id).where(TaxonomyTerm.code == record.code))
        if taken is not None:
            raise RecordProblems(
                [f"taxonomy term code '{record.code}' is already used by another term"]
            )
        term.code = record.code
    term.vocabulary = record.vocabulary
    term.name = record.name
    term.description = record.description
    if record.position is not None:
        term.position = record.position
    return term


def _check_children_belong(
    session: Session, service: Service | None, record: ServiceRecord
) -> None:
    """A child id already used by another service would move or clash; refuse it instead."""
    service_id = service.id if service is not None else None
    problems = []
    for model, label, ids in (
        (CostOption, "cost option", [c.uuid for c in record.cost_options]),
        (ServiceAtLocation, "service_at_location", [link.uuid for link in record.locations]),
        (Schedule, "schedule", [s.uuid for s in record.schedules]),
        (Contact, "contact", [c.uuid for c in record.contacts]),
    ):
        wanted = [value for value in ids if value]
        if len(wanted) != len(set(wanted)):
            problems.append(f"two {label}s have the same id")
        if not wanted:
            continue
        owners = session.execute(select(model.uuid, model.service_id).where(model.uuid.in_(wanted)))
        for child_uuid, owner in owners:
            if owner != service_id:
                problems.append(f"{label} {child_uuid} belongs to another service")
    if problems:
        raise RecordProblems(problems)


def _sync_children(
    existing: list[Any], model: type[Any], records: list[Any], fill: Any
) -> list[Any]:
    """Children in the record's order: kept when the id matches, otherwise new."""
    by_uuid = {child.uuid: child for child in existing}
    children = []
    for record in records:
        child = by_uuid.get(record.uuid) if record.uuid else None
        if child is None:
            child = model(uuid=record.uuid or str(uuid.uuid4()))
        fill(child, record)
        children.append(child)
    return children


def _fill_cost(option: CostOption, record: CostRecord) -> None:
    option.label = record.label
    option.amount_pence = record.amount_pence
    option.unit = record.unit
    option.includes = record.includes
    option.duration_minutes = record.duration_minutes


def _fill_schedule(entry: Schedule, record: ScheduleRecord) -> None:
    entry.byday = record.byday
    entry.opens_at = record.opens_at
    entry.closes_at = record.closes_at
    entry.term_time_only = record.term_time_only
    entry.description = record.description


def _fill_contact(entry: Contact, record: ContactRecord) -> None:
    entry.name = record.name
    entry.title = record.title
    entry.email = record.email
    entry.phone = record.phone


def upsert_location(session: Session, record: LocationRecord) -> Location:
    location = _by_uuid(session, Location, record.uuid)
    if location is None:
        location = Location(uuid=record.uuid)
        session.add(location)
    location.name = record.name
    location.address_1 = record.address_1
    location.city = record.city
    location.postcode = record.postcode
    location.latitude = record.latitude
    location.longitude = record.longitude
    if record.latitude is None and record.postcode:
        # A feed without coordinates can still be found by distance through its postcode.
        centroid = session.get(Postcode, record.postcode)
        if centroid is not None:
            location.latitude, location.longitude = centroid.latitude, centroid.longitude
    location.accessibility = record.accessibility
    return location


def _organisation_for(session: Session, record: ServiceRecord) -> Organisation:
    if record.organisation is not None:
        return upsert_organisation(session, record.organisation)
    found: Organisation | None = _by_uuid(session, Organisation, record.organisation_uuid)
    if found is None:
        raise RecordProblems(
            [
                f"organization_id {record.organisation_uuid} is not in the directory; "
                "include the organization object"
            ]
        )
    return found


def _term_for(session: Session, record: TermRecord | str) -> TaxonomyTerm:
    if isinstance(record, TermRecord):
        return upsert_term(session, record)
    found: TaxonomyTerm | None = _by_uuid(session, TaxonomyTerm, record)
    if found is None:
        raise RecordProblems([f"taxonomy_term_id {record} is not in the directory"])
    return found


def _location_for(session: Session, record: LinkRecord) -> Location:
    if record.location is not None:
        return upsert_location(session, record.location)
    found: Location | None = _by_uuid(session, Location, record.location_uuid)
    if found is None:
        raise RecordProblems([f"location_id {record.location_uuid} is not in the directory"])
    return found


def apply_service(session: Session, record: ServiceRecord) -> tuple[Service, bool]:
    """Create or update the service the record describes (matched by id), and what it needs.

    Organisations, locations and taxonomy terms are shared between services, so they are
    created or updated in place; a service's cost options, schedules, contacts and links to
    locations are replaced by the record's. Returns the service and whether it is new.

    Every look-up happens before the service itself changes, so the session's autoflush
    only ever writes complete rows, and a term or location named twice in one record is
    found the second time rather than created again.
    """
    service = _by_uuid(session, Service, record.uuid)
    created = service is None
    _check_children_belong(session, service, record)

    organisation = _organisation_for(session, record)
    terms: list[TaxonomyTerm] = []
    for term_record in record.terms:
        term = _term_for(session, term_record)
        if term not in terms:
            terms.append(term)
    if record.funding_sources and not any(t.vocabulary == "funding-stream" for t in terms):
        # A feed from elsewhere may name funding only as text; match the names we know.
        for source in record.funding_sources:
            funding = session.scalar(
                select(TaxonomyTerm).where(
                    TaxonomyTerm.vocabulary == "funding-stream",
                    func.lower(TaxonomyTerm.name) == source.strip().lower(),
                )
            )
            if funding is not None and funding not in terms:
                terms.append(funding)
    locations = [_location_for(session, link_record) for link_record in record.locations]

    if service is None:
        service = Service(uuid=record.uuid)
    existing_links = {link.uuid: link for link in service.service_at_locations}
    links = []
    for link_record, location in zip(record.locations, locations, strict=True):
        link = existing_links.get(link_record.uuid or "")
        if link is None:
            link = ServiceAtLocation(uuid=link_record.uuid or str(uuid.uuid4()))
        link.location = location
        links.append(link)

    service.organisation = organisation
    for name in (
        "name",
        "status",
        "summary",
        "description",
        "url",
        "email",
        "phone",
        "eligibility",
        "who_it_suits",
        "accessibility",
        "how_to_access",
        "languages",
        "minimum_age",
        "maximum_age",
        "accepts_direct_payment",
        "accepts_managed_account",
        "council_arranged",
        "last_checked",
    ):
        setattr(service, name, getattr(record, name))
    service.terms = terms
    priced_before = priced_options(service)
    service.cost_options = _sync_children(
        service.cost_options, CostOption, record.cost_options, _fill_cost
    )
    if not created:
        note_changes_since(service, priced_before, changed_by=ORUK_IMPORT, changed_at=utcnow())
    service.schedules = _sync_children(
        service.schedules, Schedule, record.schedules, _fill_schedule
    )
    service.contacts = _sync_children(service.contacts, Contact, record.contacts, _fill_contact)
    service.service_at_locations = links
    refresh_search_fields(service)
    if record.last_modified is not None:
        service.last_modified = record.last_modified
        # Set explicitly, so the column's "now on update" does not replace the feed's time.
        flag_modified(service, "last_modified")
    session.add(service)
    return service, created
