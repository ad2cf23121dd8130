"""Builds services from the demo vocabulary: the demo's own, and thousands more for benchmarks.

Every choice comes from a ``random.Random`` the caller seeds, so the same seed gives the
same services. Record ids are fresh UUIDs each time; names, text, prices and places repeat.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..indexing import refresh_search_fields
from ..models import (
    Contact,
    CostOption,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from ..postcodes import read_onspd
from .vocabulary import (
    ACCESSIBILITY,
    COUNCIL_NAME,
    FEATURE_SENTENCES,
    FIRST_NAMES,
    HOME_BASED,
    LANGUAGE_CHOICES,
    LAST_NAMES,
    REFERENCE_DATE,
    ROUTES,
    SERVICE_KINDS,
    TOWNS,
    TOWNS_BY_NAME,
    VENUES,
    VOCABULARY_TERMS,
    Price,
    Provider,
    ServiceKind,
    Venue,
)

POSTCODES_CSV = Path(__file__).parent / "data" / "postcodes.csv"

# Services are flushed in batches: big enough to use multi-row inserts, small enough that
# the session never holds more than a few thousand pending rows.
BATCH_SIZE = 500
# Roughly how many services each generated organisation runs.
SERVICES_PER_ORGANISATION = 4
# How often a generated service is not running, as in a real directory.
NOT_RUNNING_SHARE = 0.02

_LEGAL_SUFFIX = re.compile(r"\s+(Ltd|Limited|CIC)$")

ORGANISATION_WORDS = (
    "Heron", "Kestrel", "Larkspur", "Willow", "Beacon", "Meadow", "Rowan", "Harbour",
    "Juniper", "Foxglove", "Bluebell", "Skylark", "Otter", "Hazel", "Maple", "Cedar",
    "Brook", "Orchard", "Compass", "Lantern", "Horizon", "Puffin", "Sycamore", "Ivy",
    "Wren", "Badger", "Acorn", "Clover", "Thistle", "Riverside",
)  # fmt: skip
ORGANISATION_NOUNS = (
    "Care", "Play", "Family Support", "Futures", "Therapy", "Activities", "Learning",
    "Adventures", "Support Services", "Short Breaks", "Home Care", "Sports", "Arts",
    "Community Projects",
)  # fmt: skip
ORGANISATION_FORMS = (
    ("Ltd", "private"),
    ("CIC", "cic"),
    ("Trust", "charity"),
    ("Foundation", "charity"),
    ("Club", "club"),
    ("Partnership", "private"),
)
SECTOR_DESCRIPTIONS = {
    "private": "An independent provider of {noun} for disabled children and young people.",
    "cic": "A community interest company offering {noun} across Brackenshire.",
    "charity": "A local charity providing {noun} for families of disabled children.",
    "club": "A volunteer-run group offering {noun} for children and young people with SEND.",
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def short_name(organisation_name: str) -> str:
    """The name a family would say: without "Ltd" or "CIC"."""
    return _LEGAL_SUFFIX.sub("", organisation_name)


@lru_cache(maxsize=1)
def demo_postcodes() -> dict[str, tuple[float, float]]:
    """Every live demo postcode and its centroid, from the committed ONSPD-layout file."""
    with POSTCODES_CSV.open(encoding="utf-8", newline="") as stream:
        return {postcode: (lat, lon) for postcode, lat, lon in read_onspd(stream)}


@lru_cache(maxsize=1)
def postcodes_by_town() -> dict[str, tuple[str, ...]]:
    town_of = {code: town.name for town in TOWNS for code in town.outward_codes}
    found: dict[str, list[str]] = {town.name: [] for town in TOWNS}
    for postcode in sorted(demo_postcodes()):
        town = town_of.get(postcode.split()[0])
        if town:
            found[town].append(postcode)
    return {town: tuple(codes) for town, codes in found.items()}


def all_term_codes() -> list[str]:
    return [term.code for terms in VOCABULARY_TERMS.values() for term in terms]


def _amount(rng: random.Random, price: Price) -> int:
    high = max(price.high_pence, price.low_pence)
    # Small amounts (a mileage rate) move in 5p steps, the rest in 50p steps.
    step = 5 if high < 500 else 50
    return price.low_pence + step * rng.randint(0, (high - price.low_pence) // step)


def _management(rng: random.Random, letters: str) -> dict[str, bool]:
    def chosen(letter: str) -> bool:
        if letter.upper() in letters:
            return True
        return letter in letters and rng.random() < 0.5

    return {
        "accepts_direct_payment": chosen("d"),
        "accepts_managed_account": chosen("m"),
        "council_arranged": chosen("c"),
    }


class ServiceFactory:
    """Makes services, organisations and locations from the vocabulary for one session.

    Looks up taxonomy terms and existing venue locations once, so building a service
    costs no queries. The taxonomy must be loaded first (``ensure_reference_data``).
    """

    def __init__(self, session: Session) -> None:
        codes = all_term_codes()
        self.terms = {
            term.code: term
            for term in session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.code.in_(codes)))
        }
        missing = sorted(set(codes) - set(self.terms))
        if missing:
            raise LookupError(
                "Load the demo taxonomy first (ensure_reference_data); missing: "
                + ", ".join(missing[:5])
            )
        self.coordinates = demo_postcodes()
        self.town_postcodes = postcodes_by_town()
        self.venues: dict[tuple[str, str], list[Venue]] = {}
        for venue in VENUES:
            for tag in venue.tags:
                self.venues.setdefault((venue.town, tag), []).append(venue)
        self._locations: dict[str, Location] = {}
        names = [venue.name for venue in VENUES]
        for location in session.scalars(
            select(Location).where(Location.name.in_(names)).order_by(Location.id)
        ):
            self._locations.setdefault(f"{location.name}|{location.postcode}", location)
        self._offices: dict[int, Location] = {}
        self._phone_number = 100

    # --- places -----------------------------------------------------------------------------

    def venue_location(self, venue: Venue) -> Location:
        key = f"{venue.name}|{venue.postcode}"
        location = self._locations.get(key)
        if location is None:
            latitude, longitude = self.coordinates[venue.postcode]
            location = Location(
                name=venue.name,
                address_1=venue.address,
                city=venue.town,
                postcode=venue.postcode,
                latitude=latitude,
                longitude=longitude,
                accessibility=venue.accessibility,
            )
            self._locations[key] = location
        return location

    def office_location(
        self, rng: random.Random, organisation: Organisation, town: str
    ) -> Location:
        """Where a provider that works in families' homes is based."""
        location = self._offices.get(id(organisation))
        if location is None:
            postcode = rng.choice(self.town_postcodes[town])
            latitude, longitude = self.coordinates[postcode]
            street = rng.choice(TOWNS_BY_NAME[town].streets)
            location = Location(
                name=organisation.name,
                address_1=f"{rng.randint(1, 140)} {street}",
                city=town,
                postcode=postcode,
                latitude=latitude,
                longitude=longitude,
            )
            self._offices[id(organisation)] = location
        return location

    def choose_venue(self, rng: random.Random, kind: ServiceKind, town: str) -> Venue | None:
        """A venue in the town for the kind of service, or None for support at home."""
        for tag in kind.places:
            if tag == HOME_BASED:
                return None
            candidates = self.venues.get((town, tag))
            if candidates:
                return rng.choice(candidates)
        fallback = self.venues.get((town, "community")) or [
            venue for venue in VENUES if venue.town == town
        ]
        return rng.choice(fallback)

    def second_venue(
        self, rng: random.Random, kind: ServiceKind, first: Venue, towns: Iterable[str]
    ) -> Venue | None:
        options = [
            venue
            for town in towns
            for tag in kind.places[:1]
            for venue in self.venues.get((town, tag), [])
            if venue.name != first.name
        ]
        return rng.choice(options) if options else None

    # --- organisations ----------------------------------------------------------------------

    def next_phone(self) -> str:
        self._phone_number = self._phone_number % 999 + 1
        return f"01632 960{self._phone_number:03d}"

    def organisation_for(self, provider: Provider) -> Organisation:
        url: str | None
        if provider.sector == "council":
            domain = "brackenshire.example"
            path = slug(provider.name.removeprefix("Brackenshire Council "))
            url = f"https://www.{domain}/{path}"
            email = f"{path}@{domain}"
        elif provider.sector == "nhs":
            domain = "brackenvalley.nhs.example"
            path = slug(provider.name.removeprefix("Bracken Valley NHS "))
            url = f"https://www.{domain}/{path}"
            email = f"{path}@{domain}"
        else:
            domain = slug(short_name(provider.name)) + ".example"
            url = f"https://www.{domain}" if provider.has_website else None
            email = f"hello@{domain}"
        description = provider.description
        if provider.sector == "council":
            description += f" Part of {COUNCIL_NAME}."
        return Organisation(
            name=provider.name,
            description=description,
            email=email,
            url=url,
            phone=self.next_phone(),
            charity_number=provider.charity_number,
        )

    def generated_organisation(self, rng: random.Random, taken: set[str]) -> Organisation:
        town = rng.choice(TOWNS).name
        noun = rng.choice(ORGANISATION_NOUNS)
        form, sector = rng.choice(ORGANISATION_FORMS)
        name = f"{rng.choice(ORGANISATION_WORDS)} {noun} {form}"
        if name in taken:
            name = f"{town} {name}"
        number = 2
        base = name
        while name in taken:
            name = f"{base} {number}"
            number += 1
        taken.add(name)
        domain = slug(short_name(name)) + ".example"
        return Organisation(
            name=name,
            description=SECTOR_DESCRIPTIONS[sector].format(noun=noun.lower()),
            email=f"info@{domain}",
            url=f"https://www.{domain}" if rng.random() < 0.85 else None,
            phone=self.next_phone(),
            charity_number=str(rng.randint(1_000_000, 1_199_999)) if sector == "charity" else None,
        )

    # --- services ---------------------------------------------------------------------------

    def build(
        self,
        rng: random.Random,
        kind: ServiceKind,
        organisation: Organisation,
        town: str,
        *,
        status: str = "active",
        taken_names: set[str] | None = None,
    ) -> Service:
        """One service of the kind, run by the organisation in the town, fully indexed."""
        venue = self.choose_venue(rng, kind, town)
        if venue is None:
            locations = [self.office_location(rng, organisation, town)]
            place = "your home"
        else:
            locations = [self.venue_location(venue)]
            place = venue.name
            if rng.random() < 0.2:
                nearby = [t.name for t in TOWNS if t.name != town]
                extra = self.second_venue(rng, kind, venue, rng.sample(nearby, 3))
                if extra is not None:
                    locations.append(self.venue_location(extra))

        minimum_age, maximum_age = rng.choice(kind.ages)
        fields = {
            "town": town,
            "place": place,
            "provider": short_name(organisation.name),
            "min_age": minimum_age,
            "max_age": maximum_age,
        }
        name = self._name(rng, kind, fields, taken_names)
        route = ROUTES[kind.route]

        categories = [kind.categories[0]]
        if len(kind.categories) > 1 and rng.random() < 0.4:
            categories.append(kind.categories[1])
        needs = rng.sample(kind.needs, rng.randint(1, min(4, len(kind.needs))))
        features = rng.sample(kind.features, rng.randint(0, min(4, len(kind.features))))
        funding = rng.sample(kind.funding, rng.randint(1, min(2, len(kind.funding))))
        feature_order = {term.code: index for index, term in enumerate(ACCESSIBILITY)}
        features.sort(key=feature_order.__getitem__)

        where = venue.accessibility if venue else "We come to you, at home or out and about."
        accessibility = " ".join([where, *(FEATURE_SENTENCES[code] for code in features)])

        has_email = organisation.email is not None and rng.random() < 0.8
        domain = organisation.email.split("@")[1] if organisation.email else None
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        phone = organisation.phone if rng.random() < 0.6 else f"07700 900{rng.randint(0, 999):03d}"

        service = Service(
            organisation=organisation,
            name=name,
            summary=rng.choice(kind.summaries).format(**fields)[:300],
            description=rng.choice(kind.descriptions).format(**fields),
            status=status,
            url=(
                f"{organisation.url}/{slug(kind.key)}"
                if organisation.url and rng.random() < 0.85
                else None
            ),
            email=f"{slug(kind.key)}@{domain}" if has_email else None,
            phone=phone,
            eligibility=rng.choice(route.eligibility).format(**fields),
            who_it_suits=rng.choice(kind.who_it_suits).format(**fields),
            accessibility=accessibility,
            how_to_access=rng.choice(route.how_to_access).format(**fields),
            languages=rng.choice(LANGUAGE_CHOICES),
            minimum_age=minimum_age,
            maximum_age=maximum_age,
            last_checked=REFERENCE_DATE - timedelta(days=rng.randint(3, 270)),
            **_management(rng, kind.management),
        )
        service.terms = [self.terms[code] for code in (*categories, *needs, *features, *funding)]
        service.cost_options = [
            CostOption(
                label=price.label,
                amount_pence=_amount(rng, price),
                unit=price.unit,
                includes=price.includes,
                duration_minutes=price.duration_minutes,
            )
            for price in rng.choice(kind.prices)
        ]
        service.service_at_locations = [
            ServiceAtLocation(location=location) for location in locations
        ]
        service.schedules = [
            Schedule(
                byday=opening.byday,
                opens_at=opening.opens_at,
                closes_at=opening.closes_at,
                term_time_only=opening.term_time_only,
                description=opening.description,
            )
            for opening in rng.choice(kind.openings)
        ]
        service.contacts = [
            Contact(
                name=f"{first} {last}",
                title=kind.contact_title,
                email=f"{first.lower()}.{last.lower()}@{domain}" if has_email else None,
                phone=phone,
            )
        ]
        refresh_search_fields(service)
        return service

    def _name(
        self,
        rng: random.Random,
        kind: ServiceKind,
        fields: dict[str, object],
        taken: set[str] | None,
    ) -> str:
        patterns = list(kind.names)
        rng.shuffle(patterns)
        if taken is None:
            return patterns[0].format(**fields)
        candidates = [pattern.format(**fields) for pattern in patterns]
        town = str(fields["town"])
        candidates += [f"{name} ({town})" for name in candidates if town not in name]
        candidates += [f"{name} – {fields['provider']}" for name in candidates]
        for name in candidates:
            if name not in taken:
                taken.add(name)
                return name
        number = 2
        while f"{candidates[0]} {number}" in taken:
            number += 1
        taken.add(f"{candidates[0]} {number}")
        return f"{candidates[0]} {number}"


def generate_services(session: Session, count: int, seed: int = 1) -> int:
    """Add ``count`` services, with new organisations in proportion, for benchmarks.

    Needs the demo taxonomy and postcodes (``ensure_reference_data``). Flushes but does
    not commit. The same seed gives the same names, text, prices and places.
    """
    if count <= 0:
        return 0
    rng = random.Random(seed)
    factory = ServiceFactory(session)
    taken = set(session.scalars(select(Organisation.name)))
    organisation_count = max(1, -(-count // SERVICES_PER_ORGANISATION))
    organisations = [factory.generated_organisation(rng, taken) for _ in range(organisation_count)]
    home_towns = {id(organisation): rng.choice(TOWNS).name for organisation in organisations}

    batch: list[Service] = []
    for _ in range(count):
        organisation = rng.choice(organisations)
        kind = rng.choice(SERVICE_KINDS)
        # Most services run in the provider's own town; some further afield.
        town = home_towns[id(organisation)] if rng.random() < 0.7 else rng.choice(TOWNS).name
        status = "active"
        if rng.random() < NOT_RUNNING_SHARE:
            status = rng.choice(("inactive", "temporarily closed"))
        batch.append(factory.build(rng, kind, organisation, town, status=status))
        if len(batch) == BATCH_SIZE:
            session.add_all(batch)
            session.flush()
            batch = []
    if batch:
        session.add_all(batch)
        session.flush()
    return count
