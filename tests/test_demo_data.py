"""The demo Local Offer, the service generator and the postcode import."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from local_offer.demo import database_is_empty, ensure_reference_data, generate_services
from local_offer.demo.generator import demo_postcodes, postcodes_by_town
from local_offer.demo.vocabulary import (
    AREA_BOX,
    CATEGORIES,
    PROVIDERS,
    REFERENCE_DATE,
    SERVICE_KINDS,
    TOWNS,
    TOWNS_BY_NAME,
    VENUES,
)
from local_offer.extensions import db
from local_offer.models import (
    COST_UNITS,
    ContentPage,
    Feedback,
    Organisation,
    Postcode,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from local_offer.search import SearchCriteria, find_postcode, search_services
from portal import create_app

DEMO_PROVIDERS = {provider.name for provider in PROVIDERS}


def demo_services(session: Session) -> list[Service]:
    statement = (
        select(Service)
        .join(Organisation)
        .where(Organisation.name.in_(DEMO_PROVIDERS))
        .options(
            selectinload(Service.organisation),
            selectinload(Service.cost_options),
            selectinload(Service.terms),
            selectinload(Service.schedules),
            selectinload(Service.contacts),
            selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
        )
    )
    return list(session.scalars(statement))


def in_area(latitude: float, longitude: float) -> bool:
    min_lat, max_lat, min_lon, max_lon = AREA_BOX
    return min_lat <= latitude <= max_lat and min_lon <= longitude <= max_lon


# --- the vocabulary and the postcode file -----------------------------------------------------


def test_every_town_has_its_own_outward_codes_in_the_bk_area() -> None:
    codes = [code for town in TOWNS for code in town.outward_codes]
    assert len(codes) == len(set(codes))
    assert all(code.startswith("BK") for code in codes)


def test_every_demo_postcode_lies_in_the_area_and_in_a_known_town() -> None:
    postcodes = demo_postcodes()
    assert len(postcodes) >= 300
    assert all(in_area(lat, lon) for lat, lon in postcodes.values())
    assert sum(len(codes) for codes in postcodes_by_town().values()) == len(postcodes)
    assert "BK1 1AA" in postcodes_by_town()["Brackenbury"]


def test_the_postcode_file_keeps_terminated_and_unplaced_postcodes_that_are_never_loaded() -> None:
    path = Path(__file__).resolve().parents[1] / "local_offer" / "demo" / "data" / "postcodes.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for column in ("pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "laua", "ward", "ctry"):
        assert column in rows[0]
    terminated = [row["pcds"] for row in rows if row["doterm"]]
    unplaced = [row["pcds"] for row in rows if row["lat"] == "99.999999"]
    assert len(terminated) >= 2 and len(unplaced) == 1
    assert not set(terminated + unplaced) & set(demo_postcodes())


def test_every_venue_has_a_postcode_in_its_own_town() -> None:
    postcodes = demo_postcodes()
    for venue in VENUES:
        assert venue.postcode in postcodes, venue.name
        assert venue.postcode.split()[0] in TOWNS_BY_NAME[venue.town].outward_codes


def test_every_kind_of_service_is_priced_in_known_units_and_sensible_ages() -> None:
    for kind in SERVICE_KINDS:
        for prices in kind.prices:
            assert 1 <= len(prices) <= 2
            for price in prices:
                assert price.unit in COST_UNITS
                assert (price.unit == "free") == (price.low_pence == 0)
        for minimum_age, maximum_age in kind.ages:
            assert 0 <= minimum_age <= maximum_age <= 25


# --- the demo Local Offer ---------------------------------------------------------------------


def test_the_demo_has_at_least_150_active_services_from_40_providers(db_session: Session) -> None:
    services = demo_services(db_session)
    assert len([s for s in services if s.status == "active"]) >= 150
    assert {s.status for s in services} <= {"active", "inactive", "temporarily closed"}
    assert len({s.organisation.name for s in services}) >= 40
    assert len({s.name for s in services}) == len(services)
    assert not database_is_empty(db_session)


def test_every_category_has_several_active_services(db_session: Session) -> None:
    for category in CATEGORIES:
        found = search_services(db_session, SearchCriteria(categories=(category.code,), per_page=1))
        assert found.total >= 4, category.code


def test_a_search_for_swimming_finds_several_demo_services(db_session: Session) -> None:
    found = search_services(db_session, SearchCriteria(keywords="swimming", per_page=100))
    demo = [hit for hit in found.hits if hit.service.organisation.name in DEMO_PROVIDERS]
    assert len(demo) >= 4


def test_several_demo_services_are_free_and_several_are_near_county_hall(
    db_session: Session,
) -> None:
    services = demo_services(db_session)
    assert len([s for s in services if s.is_free and s.status == "active"]) >= 10
    origin = find_postcode(db_session, "BK1 1AA")
    assert origin is not None
    near = search_services(db_session, SearchCriteria(origin=origin, radius_miles=5, per_page=5))
    assert near.total >= 20


def test_every_demo_service_has_costs_a_located_postcode_and_contact_details(
    db_session: Session,
) -> None:
    postcodes = {p.postcode: p for p in db_session.scalars(select(Postcode))}
    oldest_check = REFERENCE_DATE - timedelta(days=275)
    for service in demo_services(db_session):
        assert 1 <= len(service.cost_options) <= 2, service.name
        for option in service.cost_options:
            assert option.unit in COST_UNITS
            assert (option.amount_pence == 0) == (option.unit == "free")
        assert 1 <= len(service.locations) <= 2
        for location in service.locations:
            postcode = postcodes[location.postcode]
            assert (location.latitude, location.longitude) == (
                postcode.latitude,
                postcode.longitude,
            )
            assert in_area(location.latitude, location.longitude)
        assert 1 <= len(service.terms_in("category")) <= 2
        assert 1 <= len(service.terms_in("need")) <= 4
        assert len(service.terms_in("accessibility")) <= 4
        assert 1 <= len(service.terms_in("funding-stream")) <= 2
        assert service.schedules and len(service.contacts) == 1
        assert 0 <= service.minimum_age <= service.maximum_age <= 25
        assert oldest_check <= service.last_checked <= REFERENCE_DATE
        assert len(service.summary) <= 300 and service.description and service.search_text
        for address in (service.url, service.email, service.contacts[0].email):
            assert address is None or address.endswith(".example") or ".example/" in address


def test_the_demo_loads_its_pages_and_published_feedback(db_session: Session) -> None:
    slugs = set(db_session.scalars(select(ContentPage.slug)))
    assert {"personal-budgets", "short-breaks-eligibility"} <= slugs
    published = db_session.scalar(
        select(func.count(Feedback.id)).where(Feedback.published_at.is_not(None))
    )
    assert published >= 4


def test_load_demo_if_empty_leaves_a_directory_with_services_alone(app: Flask) -> None:
    with app.app_context():
        before = db.session.scalar(select(func.count(Service.id)))
    result = app.test_cli_runner().invoke(args=["local-offer", "load-demo", "--if-empty"])
    assert result.exit_code == 0
    assert "already has services" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Service.id))) == before


# --- the generator ----------------------------------------------------------------------------


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[Flask]:
    apps: list[Flask] = []

    def make(name: str = "g") -> Flask:
        fresh = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/{name}.db", "TESTING": True}
        )
        with fresh.app_context():
            upgrade()
        apps.append(fresh)
        return fresh

    yield make  # type: ignore[misc]
    for fresh in apps:
        with fresh.app_context():
            db.session.remove()
            db.engine.dispose()


def generated_names(app: Flask, count: int, seed: int) -> list[str]:
    with app.app_context():
        ensure_reference_data(db.session)
        assert generate_services(db.session, count, seed=seed) == count
        db.session.commit()
        return list(db.session.scalars(select(Service.name).order_by(Service.id)))


def test_the_generator_makes_exactly_the_services_asked_for_and_the_same_ones_each_time(
    fresh_database,  # type: ignore[no-untyped-def]
) -> None:
    first = generated_names(fresh_database("g"), 120, seed=42)
    again = generated_names(fresh_database("g2"), 120, seed=42)
    other = generated_names(fresh_database("g3"), 120, seed=43)
    assert len(first) == 120
    assert first == again
    assert first != other


def test_generated_services_are_indexed_located_and_found_by_search(
    fresh_database,  # type: ignore[no-untyped-def]
) -> None:
    app = fresh_database("g")
    generated_names(app, 60, seed=3)
    with app.app_context():
        session = db.session
        organisations = session.scalar(select(func.count(Organisation.id)))
        assert 5 <= organisations <= 60
        for service in session.scalars(select(Service)):
            assert service.search_text and service.cost_options and service.locations
            for location in service.locations:
                assert session.get(Postcode, location.postcode) is not None
                assert in_area(location.latitude, location.longitude)
        word = session.scalar(select(TaxonomyTerm.name).where(TaxonomyTerm.code == "equipment"))
        assert word == "Equipment"
        found = search_services(session, SearchCriteria(categories=("equipment",)))
        listed = session.scalar(
            select(func.count(Service.id)).where(
                Service.status == "active",
                Service.terms.any(TaxonomyTerm.code == "equipment"),
            )
        )
        assert found.total == listed


def test_the_generator_refuses_to_run_without_the_taxonomy(
    fresh_database,  # type: ignore[no-untyped-def]
) -> None:
    app = fresh_database("g")
    with app.app_context(), pytest.raises(LookupError, match="taxonomy"):
        generate_services(db.session, 5)


def test_generate_services_on_the_command_line_loads_what_it_needs_first(
    fresh_database,  # type: ignore[no-untyped-def]
) -> None:
    app = fresh_database("g")
    result = app.test_cli_runner().invoke(
        args=["local-offer", "generate-services", "--count", "7", "--seed", "9"]
    )
    assert result.exit_code == 0, result.output
    assert "Generated 7 services" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Service.id))) == 7
        assert db.session.get(Postcode, "BK1 1AA") is not None


# --- importing postcodes ----------------------------------------------------------------------

ONSPD_HEADER = ["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "laua", "ward", "lat", "long"]


def onspd_row(pcds: str, lat: str, lon: str, doterm: str = "") -> list[str]:
    outward, inward = pcds.split()
    return [
        f"{outward:<4}{inward}"[:7],
        f"{outward:<4} {inward}",
        pcds,
        "201001",
        doterm,
        "E10000099",
        "E06000999",
        "E05099001",
        lat,
        lon,
    ]


def write_onspd(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(ONSPD_HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def zy_postcodes(app: Flask) -> Iterator[None]:
    """Postcodes in the made-up "ZY" area, removed again afterwards."""
    yield
    with app.app_context():
        db.session.execute(delete(Postcode).where(Postcode.postcode.like("ZY%")))
        db.session.commit()


def test_import_postcodes_loads_live_postcodes_and_skips_terminated_and_unplaced_ones(
    app: Flask, tmp_path: Path, zy_postcodes: None
) -> None:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    many = [f"ZY9 {d}{a}{b}" for d in "123" for a in letters for b in letters][:1100]
    rows = [onspd_row(postcode, "52.700000", "-1.600000") for postcode in many]
    rows += [
        onspd_row("ZY8 1AB", "52.710000", "-1.610000", doterm="202001"),
        onspd_row("ZY8 1AD", "99.999999", "0.000000"),
        # Repeated within one batch of the import: the later row wins.
        onspd_row(many[-1], "52.720000", "-1.620000"),
    ]
    rows.append(["", "", "not a postcode", "", "", "", "", "", "52.7", "-1.6"])
    path = write_onspd(tmp_path / "onspd.csv", rows)

    result = app.test_cli_runner().invoke(args=["local-offer", "import-postcodes", str(path)])
    assert result.exit_code == 0, result.output
    assert "Loaded 1100 postcodes" in result.output
    with app.app_context():
        session = db.session
        assert session.scalar(
            select(func.count()).select_from(Postcode).where(Postcode.postcode.like("ZY%"))
        ) == len(set(many))
        assert session.get(Postcode, "ZY8 1AB") is None
        assert session.get(Postcode, "ZY8 1AD") is None
        assert session.get(Postcode, many[-1]).latitude == pytest.approx(52.72)

    moved = write_onspd(tmp_path / "moved.csv", [onspd_row("ZY9 1AA", "52.730000", "-1.630000")])
    result = app.test_cli_runner().invoke(args=["local-offer", "import-postcodes", str(moved)])
    assert "Loaded 1 postcode from" in result.output
    with app.app_context():
        assert db.session.get(Postcode, "ZY9 1AA").latitude == pytest.approx(52.73)


def test_import_postcodes_explains_a_file_without_the_onspd_columns(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "other.csv"
    path.write_text("postcode,latitude,longitude\nZY9 1AA,52.7,-1.6\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["local-offer", "import-postcodes", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "not in the ONS postcode directory layout" in result.output
    assert "lat, long, pcds" in result.output


def test_import_postcodes_says_so_when_the_file_is_missing(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(
        args=["local-offer", "import-postcodes", str(tmp_path / "nowhere.csv")]
    )
    assert result.exit_code == 1
    assert "Could not read" in result.output
    assert "Traceback" not in result.output
