"""Reading and changing the directory for the back office: the queries and the saving that
views share, so each view stays a few lines. Every change here is added to the session;
the view audits it and commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from local_offer.editorial import check_cutoff, note_cost_change, unlink_history
from local_offer.indexing import refresh_search_fields
from local_offer.models import (
    VOCABULARIES,
    CostOption,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    service_taxonomy,
    utcnow,
)
from local_offer.search import find_postcode

from .forms import CostOptionForm, ServiceForm
from .models import ProviderInvitation
from .rules import ServiceListFilters, like_pattern, link_is_open

SERVICES_PER_PAGE = 25

# Which form field holds the terms of each vocabulary.
TERM_FIELDS = {
    "category": "categories",
    "need": "needs",
    "accessibility": "accessibility_features",
    "funding-stream": "funding_streams",
}
MANAGEMENT_FLAGS = {
    "direct_payment": "accepts_direct_payment",
    "managed_account": "accepts_managed_account",
    "council_arranged": "council_arranged",
}


def term_choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    terms = session.scalars(
        select(TaxonomyTerm)
        .where(TaxonomyTerm.vocabulary.in_(VOCABULARIES))
        .order_by(TaxonomyTerm.vocabulary, TaxonomyTerm.position, TaxonomyTerm.name)
    )
    choices: dict[str, list[tuple[str, str]]] = {vocabulary: [] for vocabulary in VOCABULARIES}
    for term in terms:
        choices[term.vocabulary].append((term.code, term.name))
    return choices


def overdue_condition(today: date, months: int):  # type: ignore[no-untyped-def]
    return or_(Service.last_checked.is_(None), Service.last_checked < check_cutoff(today, months))


@dataclass
class ServiceList:
    services: list[Service]
    total: int
    page: int
    pages: int


def list_services(
    session: Session, filters: ServiceListFilters, today: date, months: int
) -> ServiceList:
    conditions = []
    if filters.name:
        conditions.append(func.lower(Service.name).like(like_pattern(filters.name), escape="\\"))
    if filters.editorial_state:
        conditions.append(Service.editorial_state == filters.editorial_state)
    if filters.category:
        tagged = (
            select(service_taxonomy.c.service_id)
            .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy.c.term_id)
            .where(TaxonomyTerm.code == filters.category)
        )
        conditions.append(Service.id.in_(tagged))
    if filters.overdue_only:
        conditions.append(overdue_condition(today, months))
    total = session.scalar(select(func.count(Service.id)).where(*conditions)) or 0
    pages = max(1, -(-total // SERVICES_PER_PAGE))
    page = min(filters.page, pages)
    services = session.scalars(
        select(Service)
        .where(*conditions)
        .options(selectinload(Service.organisation))
        .order_by(func.lower(Service.name), Service.id)
        .limit(SERVICES_PER_PAGE)
        .offset((page - 1) * SERVICES_PER_PAGE)
    ).all()
    return ServiceList(list(services), total, page, pages)


def service_form_data(service: Service) -> dict[str, object]:
    location = service.locations[0] if service.service_at_locations else None
    data: dict[str, object] = {
        "name": service.name,
        "summary": service.summary,
        "description": service.description,
        "eligibility": service.eligibility,
        "who_it_suits": service.who_it_suits,
        "how_to_access": service.how_to_access,
        "email": service.email or "",
        "phone": service.phone or "",
        "url": service.url or "",
        "organisation_id": str(service.organisation_id),
        "status": service.status,
        "minimum_age": "" if service.minimum_age is None else str(service.minimum_age),
        "maximum_age": "" if service.maximum_age is None else str(service.maximum_age),
        "management_options": [
            option for option, flag in MANAGEMENT_FLAGS.items() if getattr(service, flag)
        ],
        "location_name": location.name if location else "",
        "address_1": location.address_1 if location else "",
        "city": location.city if location else "",
        "postcode": location.postcode if location else "",
    }
    for vocabulary, field in TERM_FIELDS.items():
        data[field] = [term.code for term in service.terms_in(vocabulary)]
    return data


def apply_service_form(session: Session, form: ServiceForm, service: Service) -> None:
    # A new service is only complete once every field is set; the lookups below must not
    # flush it half-made.
    with session.no_autoflush:
        _copy_service_form(session, form, service)


def _copy_service_form(session: Session, form: ServiceForm, service: Service) -> None:
    service.name = form.name.data
    service.summary = form.summary.data
    service.description = form.description.data
    service.eligibility = form.eligibility.data
    service.who_it_suits = form.who_it_suits.data
    service.how_to_access = form.how_to_access.data
    service.email = form.email.data or None
    service.phone = form.phone.data or None
    service.url = form.url.data or None
    service.organisation = session.get(Organisation, int(form.organisation_id.data))
    service.status = form.status.data
    service.minimum_age = form.minimum_age_value
    service.maximum_age = form.maximum_age_value
    for option, flag in MANAGEMENT_FLAGS.items():
        setattr(service, flag, option in (form.management_options.data or []))
    codes = [code for field in TERM_FIELDS.values() for code in (getattr(form, field).data or [])]
    service.terms = (
        list(session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.code.in_(codes))))
        if codes
        else []
    )
    _apply_location(session, form, service)
    refresh_search_fields(service)
    # Set here as well as by the column's own "on update": a change to terms or the venue
    # alone does not update the service row, yet it is a change to the service.
    service.last_modified = utcnow()


def _apply_location(session: Session, form: ServiceForm, service: Service) -> None:
    """The form edits the service's first location; others (from an import) are kept."""
    link = service.service_at_locations[0] if service.service_at_locations else None
    if not form.normalised_postcode:
        if link is not None:
            service.service_at_locations.remove(link)
        return
    location = link.location if link is not None else Location()
    if link is None:
        service.service_at_locations.insert(0, ServiceAtLocation(location=location))
    location.name = form.location_name.data
    location.address_1 = form.address_1.data
    location.city = form.city.data
    if location.postcode != form.normalised_postcode or location.latitude is None:
        point = find_postcode(session, form.normalised_postcode)
        location.latitude = point.latitude if point else None
        location.longitude = point.longitude if point else None
    location.postcode = form.normalised_postcode


def apply_cost_form(
    session: Session,
    form: CostOptionForm,
    service: Service,
    option: CostOption | None,
    *,
    changed_by: str,
    now: datetime,
) -> CostOption:
    previous = option.amount_pence if option is not None else None
    if option is None:
        option = CostOption(unit=form.unit.data)
        service.cost_options.append(option)
    option.label = form.label.data
    option.unit = form.unit.data
    option.amount_pence = form.amount_pence
    option.duration_minutes = form.minutes
    option.includes = form.includes.data
    session.flush()
    set_cost_amount(service, option, form.amount_pence, previous, changed_by=changed_by, now=now)
    return option


def set_cost_amount(
    service: Service,
    option: CostOption,
    amount_pence: int,
    previous: int | None,
    *,
    changed_by: str,
    now: datetime,
) -> None:
    option.amount_pence = amount_pence
    note_cost_change(
        service,
        option,
        label=option.label,
        unit=option.unit,
        previous_pence=previous,
        new_pence=amount_pence,
        changed_by=changed_by,
        changed_at=now,
    )
    _costs_changed(service, now)


def remove_cost_option(
    session: Session, service: Service, option: CostOption, *, changed_by: str, now: datetime
) -> None:
    unlink_history(service, option.id)
    note_cost_change(
        service,
        None,
        label=option.label,
        unit=option.unit,
        previous_pence=option.amount_pence,
        new_pence=None,
        changed_by=changed_by,
        changed_at=now,
    )
    service.cost_options.remove(option)
    session.flush()
    _costs_changed(service, now)


def _costs_changed(service: Service, now: datetime) -> None:
    refresh_search_fields(service)
    # Open data consumers ask for services modified since a date; a new price is a change.
    service.last_modified = now


def open_links(session: Session, organisation_id: int, now: datetime) -> list[ProviderInvitation]:
    """The provider links for an organisation that still open, newest first."""
    invitations = session.scalars(
        select(ProviderInvitation)
        .where(
            ProviderInvitation.organisation_id == organisation_id,
            ProviderInvitation.withdrawn_at.is_(None),
        )
        .order_by(ProviderInvitation.created_at.desc())
    )
    return [i for i in invitations if link_is_open(i.expires_at, i.withdrawn_at, now)]
