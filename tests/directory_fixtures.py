"""A small, known set of services for search and directory tests.

Every name and description carries the made-up word "quokka", so a keyword search for
it finds these services and nothing from the demo data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_offer.indexing import refresh_search_fields
from local_offer.models import (
    Contact,
    CostOption,
    Location,
    Organisation,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

ORIGIN_POSTCODE = "QK1 1AA"
ORIGIN = (52.70, -1.60)


@dataclass
class QuokkaServices:
    club: int
    play: int
    assistants: int
    equipment: int
    closed: int


def _term(session: Session, vocabulary: str, code: str, name: str) -> TaxonomyTerm:
    existing = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == code))
    if existing:
        return existing
    term = TaxonomyTerm(vocabulary=vocabulary, code=code, name=name, position=99)
    session.add(term)
    return term


def _service(
    session: Session,
    organisation: Organisation,
    *,
    name: str,
    summary: str,
    costs: list[CostOption],
    terms: list[TaxonomyTerm],
    at: tuple[float, float],
    status: str = "active",
    **fields: object,
) -> Service:
    location = Location(
        name=f"{name} venue",
        address_1="1 High Street",
        city="Quokkaton",
        postcode=ORIGIN_POSTCODE,
        latitude=at[0],
        longitude=at[1],
    )
    service = Service(
        organisation=organisation,
        name=name,
        summary=summary,
        description=f"{summary} Run by volunteers in Quokkaton.",
        status=status,
        cost_options=costs,
        terms=terms,
        service_at_locations=[ServiceAtLocation(location=location)],
        **fields,
    )
    refresh_search_fields(service)
    session.add(service)
    return service


def create_quokka_services(session: Session) -> QuokkaServices:
    if session.get(Postcode, ORIGIN_POSTCODE) is None:
        session.add(Postcode(postcode=ORIGIN_POSTCODE, latitude=ORIGIN[0], longitude=ORIGIN[1]))
    clubs = _term(session, "category", "qk-clubs", "Quokka clubs")
    early = _term(session, "category", "qk-early-years", "Quokka early years")
    autism = _term(session, "need", "qk-autism", "Quokka autism")
    wheelchair = _term(session, "accessibility", "qk-wheelchair", "Quokka wheelchair access")
    hoist = _term(session, "accessibility", "qk-hoist", "Quokka hoist")
    social_care = _term(session, "funding-stream", "qk-social-care", "Quokka social care")
    organisation = Organisation(name="Quokka Trust", description="A test charity.")
    session.add(organisation)

    club = _service(
        session,
        organisation,
        name="Quokka Swimming Club",
        summary="Adapted swimming sessions in a warm pool for quokka fans.",
        costs=[
            CostOption(
                label="Per session",
                amount_pence=900,
                unit="session",
                duration_minutes=90,
                includes="Pool entry and a helper",
            )
        ],
        terms=[clubs, autism, wheelchair, hoist, social_care],
        at=ORIGIN,
        minimum_age=5,
        maximum_age=18,
        accepts_direct_payment=True,
        eligibility="Children who live in Quokkaton.",
        email="swim@quokka.example",
        url="https://quokka.example/swim?a=1&b=<2>",
        last_checked=date(2026, 10, 1),
        schedules=[Schedule(byday="SA", opens_at="10:00", closes_at="11:30")],
        contacts=[Contact(name="Quinn Quokka", phone="01632 960001")],
    )
    play = _service(
        session,
        organisation,
        name="Quokka Play Scheme",
        summary="A free quokka play scheme for young children; swimming is not part of it.",
        costs=[CostOption(label="Free", amount_pence=0, unit="free")],
        terms=[early],
        at=(ORIGIN[0] + 0.1, ORIGIN[1]),
        minimum_age=0,
        maximum_age=5,
        council_arranged=True,
        url="javascript:alert(1)",
    )
    assistants = _service(
        session,
        organisation,
        name="Quokka Personal Assistants",
        summary="Quokka personal assistants who support young people at home and out.",
        costs=[CostOption(label="1:1 support", amount_pence=1800, unit="hour")],
        terms=[wheelchair, social_care],
        at=(ORIGIN[0], ORIGIN[1] + 0.1),
        minimum_age=11,
        maximum_age=25,
        accepts_direct_payment=True,
        accepts_managed_account=True,
    )
    equipment = _service(
        session,
        organisation,
        name="Quokka Equipment Loan",
        summary="Quokka equipment to borrow, such as sensory lights.",
        costs=[CostOption(label="Each item", amount_pence=2500, unit="item")],
        terms=[],
        at=(ORIGIN[0] + 0.3, ORIGIN[1] + 0.3),
    )
    closed = _service(
        session,
        organisation,
        name="Quokka Closed Group",
        summary="A quokka group that no longer runs.",
        costs=[CostOption(label="Per session", amount_pence=500, unit="session")],
        terms=[clubs],
        at=ORIGIN,
        status="defunct",
    )
    session.commit()
    return QuokkaServices(club.id, play.id, assistants.id, equipment.id, closed.id)
