"""The Open Referral UK 3.0 read API: every route, its parameters, bad input, and the schemas."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from local_offer import interchange, oruk
from local_offer.extensions import db
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

# In CI the repository is a fresh clone with shared/ beside it, as /work/main is here.
ORUK_DIR = Path(__file__).resolve().parents[2] / "shared" / "oruk-3.0"
# The schemas have no $id; they refer to each other by these published addresses.
SCHEMA_BASE = "https://openreferraluk.org/specifications/3.0/schema/"


@cache
def schema_registry() -> Registry:
    schema_dir = ORUK_DIR / "schema"
    assert schema_dir.is_dir(), f"the ORUK 3.0 schemas are expected in {schema_dir}"
    resources = []
    for path in sorted(schema_dir.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        # No $schema either; the ORUK OpenAPI file declares JSON Schema 2020-12.
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((SCHEMA_BASE + path.name, resource))
    return Registry().with_resources(resources)


def schema_errors(instance: Any, schema_file: str) -> list[str]:
    validator = Draft202012Validator(
        {"$ref": SCHEMA_BASE + schema_file},
        registry=schema_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def assert_valid(instance: Any, schema_file: str) -> None:
    errors = schema_errors(instance, schema_file)
    assert not errors, f"not valid against {schema_file}:\n" + "\n".join(errors[:20])


def empty_values(value: Any, path: str = "") -> list[str]:
    """Paths of null, blank, [] or {} values (the standard asks for them to be left out)."""
    found = []
    if value is None or value in ("", [], {}):
        found.append(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            found += empty_values(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += empty_values(item, f"{path}/{index}")
    return found


def get_json(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    # Decimal, so a test sees the exact digits the API wrote.
    return json.loads(response.get_data(as_text=True), parse_float=Decimal)


PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


# --- the directory's records for these tests ------------------------------------------------


class Directory:
    """Records made for this module, with names no other test (or the demo data) uses."""

    def __init__(self) -> None:
        self.tag = uuid.uuid4().hex[:8]
        self.postcode = "ZX9 9ZZ"


def _term(vocabulary: str, name: str, tag: str, position: int) -> TaxonomyTerm:
    return TaxonomyTerm(
        vocabulary=vocabulary,
        code=f"oruk-test-{vocabulary}-{tag}",
        name=f"{name} {tag}",
        description=f"{name}, for the ORUK API tests.",
        position=position,
    )


@pytest.fixture(scope="module")
def directory(app: Flask) -> Iterator[Directory]:
    made = Directory()
    tag = made.tag
    with app.app_context():
        session = db.session
        created_postcode = session.get(Postcode, made.postcode) is None
        if created_postcode:
            # In the Atlantic, so no other test's services are near it.
            session.add(Postcode(postcode=made.postcode, latitude=50.0, longitude=-30.0))
        provider = Organisation(
            name=f"Zephyr Play Trust {tag}",
            description="Runs clubs and short breaks.",
            email="hello@zephyr.example",
            url="https://zephyr.example/",
            phone="01632 960001",
            charity_number="1234567",
        )
        other = Organisation(name=f"Quillon Care {tag}", description="")
        category = _term("category", "Oruk clubs", tag, 1)
        need = _term("need", "Oruk autism", tag, 2)
        funding = _term("funding-stream", "Oruk social care", tag, 3)
        access = _term("accessibility", "Oruk changing places", tag, 4)
        near = Location(
            name="Zephyr Hall",
            address_1="1 Harbour Row",
            city="Brackenford",
            postcode=made.postcode,
            latitude=50.0,
            longitude=-30.0,
            accessibility="Step-free entrance and a hoist.",
        )
        # About 5 km and 50 km north of the postcode's centroid.
        five_km = Location(
            name="Zephyr Annexe",
            address_1="9 Quay Street",
            city="Brackenford",
            postcode="ZX9 9ZY",
            latitude=50.045,
            longitude=-30.0,
        )
        fifty_km = Location(
            name="Quillon House",
            address_1="2 Moor Lane",
            city="Farwick",
            postcode="ZX8 1AA",
            latitude=50.45,
            longitude=-30.0,
        )
        club = Service(
            organisation=provider,
            name=f"Zephyrine splash club {tag}",
            summary="Swimming club for disabled children.",
            description="Weekly swimming sessions with trained helpers.",
            url="https://zephyr.example/splash",
            email="splash@zephyr.example",
            phone="01632 960002",
            eligibility="Children with an EHC plan.",
            who_it_suits="Children who love water.",
            accessibility="Changing places toilet.",
            how_to_access="Ask your social worker.",
            languages="en,pl",
            minimum_age=5,
            maximum_age=18,
            accepts_direct_payment=True,
            council_arranged=True,
            last_checked=date(2026, 10, 1),
            cost_options=[
                CostOption(label="Swimming", amount_pence=1250, unit="hour"),
                CostOption(
                    label="Long session",
                    amount_pence=3005,
                    unit="session",
                    duration_minutes=180,
                    includes="Lunch",
                ),
            ],
            terms=[category, need, funding, access],
            schedules=[
                Schedule(
                    byday="SA,SU",
                    opens_at="09:30",
                    closes_at="12:00",
                    term_time_only=True,
                    description="Weekend mornings in term time.",
                )
            ],
            contacts=[Contact(name="Ada Zephyr", title="Club lead", email="ada@zephyr.example")],
            service_at_locations=[
                ServiceAtLocation(location=near),
                ServiceAtLocation(location=five_km),
            ],
        )
        nights = Service(
            organisation=provider,
            name=f"Quillon respite nights {tag}",
            summary="Overnight short breaks.",
            minimum_age=8,
            maximum_age=25,
            last_modified=datetime(2020, 1, 1, tzinfo=UTC),
            cost_options=[CostOption(label="Overnight", amount_pence=14599, unit="night")],
            terms=[category],
            service_at_locations=[ServiceAtLocation(location=fifty_km)],
        )
        closed = Service(
            organisation=provider,
            name=f"Zephyrine closed club {tag}",
            status="defunct",
            cost_options=[CostOption(label="Free", amount_pence=0, unit="free")],
        )
        elsewhere = Service(
            organisation=other, name=f"Zephyrine elsewhere club {tag}", summary="Also swimming."
        )
        services = [club, nights, closed, elsewhere]
        session.add_all(services)
        for service in services:
            refresh_search_fields(service)
        session.commit()
        made.ids = {  # type: ignore[attr-defined]
            "provider": provider.uuid,
            "other": other.uuid,
            "club": club.uuid,
            "nights": nights.uuid,
            "closed": closed.uuid,
            "elsewhere": elsewhere.uuid,
            "category": category.uuid,
            "need": need.uuid,
            "near_link": club.service_at_locations[0].uuid,
            "five_km_link": club.service_at_locations[1].uuid,
            "fifty_km_link": nights.service_at_locations[0].uuid,
        }
        row_ids = [
            (Service, [s.id for s in services]),
            (Location, [near.id, five_km.id, fifty_km.id]),
            (TaxonomyTerm, [category.id, need.id, funding.id, access.id]),
            (Organisation, [provider.id, other.id]),
        ]
    yield made
    with app.app_context():
        for model, ids in row_ids:
            for row in db.session.scalars(db.select(model).where(model.id.in_(ids))):
                db.session.delete(row)
            db.session.flush()
        if created_postcode:
            db.session.delete(db.session.get(Postcode, made.postcode))
        db.session.commit()


def ids_of(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["contents"]]


# --- the schemas themselves -------------------------------------------------------------------


def test_the_schema_registry_resolves_references_between_schema_files() -> None:
    example = json.loads((ORUK_DIR / "examples" / "service_full.json").read_text())
    assert_valid(example, "service.json")
    # A bad value three $refs deep is caught, so the references really are followed.
    example["service_at_locations"][0]["location"]["addresses"][0]["address_type"] = "moon"
    assert any("address_type" in error for error in schema_errors(example, "service.json"))


@pytest.mark.parametrize(
    ("example", "schema"),
    [
        ("service_list.json", "service_list.json"),
        ("organization_list.json", "organization_list.json"),
        ("taxonomy_list.json", "taxonomy_list.json"),
        ("taxonomy_term_list.json", "taxonomy_term_list.json"),
        ("service_at_location_list.json", "service_at_location_list.json"),
        ("organization_full.json", "organization.json"),
        ("taxonomy.json", "taxonomy.json"),
    ],
)
def test_the_standards_own_examples_pass_the_schema_check(example: str, schema: str) -> None:
    assert_valid(json.loads((ORUK_DIR / "examples" / example).read_text()), schema)


# --- shaping values ---------------------------------------------------------------------------


def test_prune_drops_nulls_blanks_and_empty_lists_at_every_depth_but_keeps_required_text() -> None:
    shaped = oruk.prune(
        {
            "a": None,
            "b": "",
            "c": "  ",
            "d": [],
            "e": {"f": None, "g": []},
            "h": [{"i": ""}, {"j": 0}],
            "k": False,
            "l": oruk.RequiredText(""),
        }
    )
    assert shaped == {"h": [{"j": 0}], "k": False, "l": ""}


def test_every_amount_in_pence_is_written_as_exactly_that_many_pounds() -> None:
    for pence in [*range(0, 100_001), 99_999_999_999, 2**31 - 1]:
        written = json.dumps(oruk.pounds_amount(pence))
        assert Decimal(written) == Decimal(pence) / 100, pence


# --- api details ------------------------------------------------------------------------------


def test_the_api_root_says_it_is_open_referral_uk_version_3(client: FlaskClient) -> None:
    details = get_json(client, "/api/oruk/")
    assert_valid(details, "api_details.json")
    assert details["version"] == "3.0"
    assert "/specifications/3.0/" in details["openapi_url"]


# --- services ---------------------------------------------------------------------------------


def test_services_lists_only_active_services_in_the_oruk_page_shape(
    client: FlaskClient, directory: Directory
) -> None:
    page = get_json(client, f"/api/oruk/services?organization_id={directory.ids['provider']}")
    assert_valid(page, "service_list.json")
    assert set(page) == PAGE_KEYS
    assert sorted(ids_of(page)) == sorted([directory.ids["club"], directory.ids["nights"]])
    assert page["total_items"] == 2
    assert page["size"] == 2
    assert page["page_number"] == 1
    assert page["total_pages"] == 1
    assert page["first_page"] is True
    assert page["last_page"] is True
    assert page["empty"] is False
    listed = next(item for item in page["contents"] if item["id"] == directory.ids["club"])
    assert listed["organization"]["id"] == directory.ids["provider"]
    assert listed["organization_id"] == directory.ids["provider"]
    assert not empty_values(page["contents"])


def test_the_whole_services_list_passes_the_schema_check(
    client: FlaskClient, directory: Directory
) -> None:
    page = get_json(client, "/api/oruk/services?per_page=100")
    assert_valid(page, "service_list.json")
    assert page["total_items"] >= 3


def test_services_are_paged_with_page_and_per_page(
    client: FlaskClient, directory: Directory
) -> None:
    url = f"/api/oruk/services?organization_id={directory.ids['provider']}&per_page=1"
    first = get_json(client, url + "&page=1")
    second = get_json(client, url + "&page=2")
    assert (first["total_items"], first["total_pages"], first["size"]) == (2, 2, 1)
    assert (first["first_page"], first["last_page"]) == (True, False)
    assert (second["page_number"], second["first_page"], second["last_page"]) == (2, False, True)
    # Ordered by name: "Quillon..." before "Zephyrine...".
    assert ids_of(first) + ids_of(second) == [directory.ids["nights"], directory.ids["club"]]


def test_a_page_after_the_last_one_is_empty(client: FlaskClient, directory: Directory) -> None:
    page = get_json(
        client, f"/api/oruk/services?organization_id={directory.ids['provider']}&page=9"
    )
    assert page["contents"] == []
    assert page["empty"] is True
    assert page["page_number"] == 9
    assert_valid(page, "service_list.json")


def test_per_page_larger_than_the_limit_gets_the_limit(client: FlaskClient) -> None:
    page = get_json(client, "/api/oruk/services?per_page=100000")
    assert page["size"] <= oruk.MAX_PER_PAGE


def test_services_can_be_searched_by_keyword(client: FlaskClient, directory: Directory) -> None:
    page = get_json(client, "/api/oruk/services?search=zephyrine&per_page=100")
    found = ids_of(page)
    assert directory.ids["club"] in found
    assert directory.ids["elsewhere"] in found
    assert directory.ids["nights"] not in found
    assert directory.ids["closed"] not in found
    assert_valid(page, "service_list.json")


def test_a_search_page_after_the_last_one_is_empty(
    client: FlaskClient, directory: Directory
) -> None:
    page = get_json(client, "/api/oruk/services?search=zephyrine&page=500")
    assert page["contents"] == []
    assert (page["page_number"], page["empty"], page["last_page"]) == (500, True, True)
    assert page["total_items"] >= 2


def test_a_search_can_be_narrowed_to_one_organisation(
    client: FlaskClient, directory: Directory
) -> None:
    page = get_json(
        client,
        f"/api/oruk/services?search=zephyrine&organization_id={directory.ids['other']}",
    )
    assert ids_of(page) == [directory.ids["elsewhere"]]
    assert page["total_items"] == 1


def test_services_can_be_filtered_by_taxonomy_term(
    client: FlaskClient, directory: Directory
) -> None:
    by_need = get_json(client, f"/api/oruk/services?taxonomy_term_id={directory.ids['need']}")
    assert ids_of(by_need) == [directory.ids["club"]]
    by_category = get_json(
        client, f"/api/oruk/services?taxonomy_term_id={directory.ids['category']}"
    )
    assert sorted(ids_of(by_category)) == sorted([directory.ids["club"], directory.ids["nights"]])
    searched = get_json(
        client,
        f"/api/oruk/services?search=quillon&taxonomy_term_id={directory.ids['category']}",
    )
    assert ids_of(searched) == [directory.ids["nights"]]


def test_an_unknown_taxonomy_term_matches_no_services(client: FlaskClient) -> None:
    page = get_json(client, f"/api/oruk/services?taxonomy_term_id={uuid.uuid4()}")
    assert page["total_items"] == 0
    assert page["empty"] is True


def test_services_can_be_filtered_by_taxonomy(client: FlaskClient, directory: Directory) -> None:
    needs = oruk.taxonomy_id("need")
    page = get_json(
        client,
        f"/api/oruk/services?taxonomy_id={needs}&organization_id={directory.ids['provider']}",
    )
    assert ids_of(page) == [directory.ids["club"]]


def test_services_modified_after_a_time_leave_out_older_ones(
    client: FlaskClient, directory: Directory
) -> None:
    url = f"/api/oruk/services?organization_id={directory.ids['provider']}&modified_after="
    assert ids_of(get_json(client, url + "2021-01-01T00:00:00Z")) == [directory.ids["club"]]
    assert len(ids_of(get_json(client, url + "2019-12-31"))) == 2
    searched = get_json(
        client,
        "/api/oruk/services?search=quillon&modified_after=2021-01-01T00:00:00%2B01:00",
    )
    assert directory.ids["nights"] not in ids_of(searched)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("page=-1", "page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("page=99999999999999999999", "page"),
        ("page=1_000", "page"),
        ("per_page=abc", "per_page"),
        ("per_page=0", "per_page"),
        ("modified_after=garbage", "modified_after"),
        ("modified_after=2024-13-45", "modified_after"),
        ("search=" + "x" * 201, "search"),
    ],
)
def test_bad_list_parameters_get_a_400_that_names_the_parameter(
    client: FlaskClient, query: str, named: str
) -> None:
    body = get_json(client, f"/api/oruk/services?{query}", status=400)
    assert body["code"] == 400
    assert body["message"].startswith(named)


@pytest.mark.parametrize(
    "route", ["taxonomies", "taxonomy_terms", "organizations", "service_at_locations"]
)
def test_every_list_refuses_a_bad_page_number_with_a_400(client: FlaskClient, route: str) -> None:
    body = get_json(client, f"/api/oruk/{route}?page=-1", status=400)
    assert "page" in body["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/oruk/services?organization_id=%00",
        "/api/oruk/services?taxonomy_term_id=not-an-id",
        "/api/oruk/services?search=%00swim%00",
        "/api/oruk/organizations?search=%00",
        "/api/oruk/taxonomy_terms?search=%00&taxonomy_id=%00",
        "/api/oruk/service_at_locations?organization_id=%27%3B--",
    ],
)
def test_hostile_query_values_find_nothing_rather_than_failing(
    client: FlaskClient, url: str
) -> None:
    assert get_json(client, url)["page_number"] == 1


@pytest.mark.parametrize(
    "route", ["services", "taxonomies", "taxonomy_terms", "organizations", "service_at_locations"]
)
def test_an_id_that_is_not_a_uuid_is_a_404(client: FlaskClient, route: str) -> None:
    get_json(client, f"/api/oruk/{route}/%00%27", status=404)


def test_ids_are_found_whatever_their_letter_case(
    client: FlaskClient, directory: Directory
) -> None:
    service = get_json(client, f"/api/oruk/services/{directory.ids['club'].upper()}")
    assert service["id"] == directory.ids["club"]


def test_a_service_by_id_is_fully_nested(client: FlaskClient, directory: Directory) -> None:
    service = get_json(client, f"/api/oruk/services/{directory.ids['club']}")
    assert_valid(service, "service.json")
    # Only the address's county, which the schema requires and the directory does not keep.
    assert all(path.endswith("/state_province") for path in empty_values(service))
    assert service["id"] == directory.ids["club"]
    assert service["status"] == "active"
    assert (service["minimum_age"], service["maximum_age"]) == (5, 18)
    assert service["assured_date"] == "2026-10-01"
    assert service["organization"]["organization_identifiers"][0]["identifier"] == "1234567"

    hourly, session = service["cost_options"]
    assert hourly["amount"] == Decimal("12.5")
    assert hourly["currency"] == "GBP"
    assert (hourly["option"], hourly["amount_description"]) == ("Swimming", "per hour")
    assert session["amount"] == Decimal("30.05")
    assert session["amount_description"] == "per session of 3 hours"

    (first, second) = service["service_at_locations"]
    location = first["location"]
    assert (location["latitude"], location["longitude"]) == (Decimal("50.0"), Decimal("-30.0"))
    assert location["addresses"][0]["postal_code"] == directory.postcode
    assert location["accessibility"][0]["description"] == "Step-free entrance and a hoist."
    assert second["location"]["addresses"][0]["postal_code"] == "ZX9 9ZY"

    assert service["schedules"][0]["byday"] == "SA,SU"
    assert service["schedules"][0]["opens_at"] == "09:30:00"
    assert service["schedules"][0]["x_term_time_only"] is True
    assert service["contacts"][0]["name"] == "Ada Zephyr"
    assert [language["code"] for language in service["languages"]] == ["en", "pl"]
    assert service["languages"][1]["name"] == "Polish"
    assert [funding["source"] for funding in service["funding"]] == [
        f"Oruk social care {directory.tag}"
    ]
    assert [a["taxonomy_term"]["taxonomy"] for a in service["attributes"]] == [
        "category",
        "need",
        "accessibility",
        "funding-stream",
    ]
    assert service["x_management_options"] == ["direct_payment", "council_arranged"]


def test_optional_fields_without_a_value_are_left_out(
    client: FlaskClient, directory: Directory
) -> None:
    service = get_json(client, f"/api/oruk/services/{directory.ids['elsewhere']}")
    assert_valid(service, "service.json")
    for absent in ("cost_options", "url", "email", "minimum_age", "schedules", "attributes"):
        assert absent not in service
    # Required by organization.json, so sent even though this provider gave none.
    assert service["organization"]["description"] == ""
    assert empty_values(service) == ["/organization/description"]


def test_an_unknown_service_id_is_a_404_with_a_json_body(client: FlaskClient) -> None:
    body = get_json(client, f"/api/oruk/services/{uuid.uuid4()}", status=404)
    assert body["code"] == 404
    assert "no service" in body["message"]


def test_a_closed_service_is_not_listed_but_can_still_be_read_by_id(
    client: FlaskClient, directory: Directory
) -> None:
    service = get_json(client, f"/api/oruk/services/{directory.ids['closed']}")
    assert service["status"] == "defunct"
    assert service["cost_options"][0]["amount"] == 0


def test_the_json_feed_export_passes_the_service_schema_for_every_service(
    app: Flask, directory: Directory
) -> None:
    with app.app_context():
        feed = interchange.export_oruk(db.session)
    assert directory.ids["closed"] in [service["id"] for service in feed]
    for service in feed:
        assert_valid(service, "service.json")


# --- taxonomies and terms ---------------------------------------------------------------------


def test_there_is_one_taxonomy_per_vocabulary_with_a_stable_id(client: FlaskClient) -> None:
    page = get_json(client, "/api/oruk/taxonomies")
    assert_valid(page, "taxonomy_list.json")
    assert set(page) == PAGE_KEYS
    assert [item["name"] for item in page["contents"]] == [
        "Service categories",
        "Needs supported",
        "Accessibility features",
        "Funding streams",
    ]
    assert page["contents"][1]["id"] == oruk.taxonomy_id("need")
    assert get_json(client, "/api/oruk/taxonomies")["contents"] == page["contents"]


def test_a_taxonomy_by_id_lists_its_terms(client: FlaskClient, directory: Directory) -> None:
    taxonomy = get_json(client, f"/api/oruk/taxonomies/{oruk.taxonomy_id('need')}")
    assert_valid(taxonomy, "taxonomy.json")
    assert directory.ids["need"] in [term["id"] for term in taxonomy["taxonomy_terms"]]
    assert directory.ids["category"] not in [term["id"] for term in taxonomy["taxonomy_terms"]]
    get_json(client, f"/api/oruk/taxonomies/{uuid.uuid4()}", status=404)


def test_taxonomy_terms_are_listed_and_can_be_narrowed(
    client: FlaskClient, directory: Directory
) -> None:
    page = get_json(client, "/api/oruk/taxonomy_terms?per_page=100")
    assert_valid(page, "taxonomy_term_list.json")
    assert set(page) == PAGE_KEYS
    searched = get_json(client, f"/api/oruk/taxonomy_terms?search=oruk autism {directory.tag}")
    assert ids_of(searched) == [directory.ids["need"]]
    assert searched["contents"][0]["taxonomy_id"] == oruk.taxonomy_id("need")
    in_categories = get_json(
        client,
        f"/api/oruk/taxonomy_terms?per_page=100&search={directory.tag}"
        f"&taxonomy_id={oruk.taxonomy_id('category')}",
    )
    assert ids_of(in_categories) == [directory.ids["category"]]
    # The vocabularies are flat, so no term has a parent.
    assert get_json(client, f"/api/oruk/taxonomy_terms?parent_id={uuid.uuid4()}")["empty"]


def test_a_taxonomy_term_by_id(client: FlaskClient, directory: Directory) -> None:
    term = get_json(client, f"/api/oruk/taxonomy_terms/{directory.ids['need']}")
    assert_valid(term, "taxonomy_term.json")
    assert term["name"] == f"Oruk autism {directory.tag}"
    get_json(client, f"/api/oruk/taxonomy_terms/{uuid.uuid4()}", status=404)


# --- organisations ----------------------------------------------------------------------------


def test_organizations_are_listed_and_searchable(client: FlaskClient, directory: Directory) -> None:
    page = get_json(client, "/api/oruk/organizations?per_page=100")
    assert_valid(page, "organization_list.json")
    assert set(page) == PAGE_KEYS
    searched = get_json(client, f"/api/oruk/organizations?search=zephyr play trust {directory.tag}")
    assert ids_of(searched) == [directory.ids["provider"]]
    assert searched["contents"][0]["website"] == "https://zephyr.example/"


def test_an_organization_by_id_lists_its_active_services(
    client: FlaskClient, directory: Directory
) -> None:
    organisation = get_json(client, f"/api/oruk/organizations/{directory.ids['provider']}")
    assert_valid(organisation, "organization.json")
    assert [service["id"] for service in organisation["services"]] == [
        directory.ids["nights"],
        directory.ids["club"],
    ]
    get_json(client, f"/api/oruk/organizations/{uuid.uuid4()}", status=404)


# --- services at locations --------------------------------------------------------------------


def test_service_at_locations_are_listed_with_their_location_and_service(
    client: FlaskClient, directory: Directory
) -> None:
    page = get_json(
        client, f"/api/oruk/service_at_locations?organization_id={directory.ids['provider']}"
    )
    assert_valid(page, "service_at_location_list.json")
    assert set(page) == PAGE_KEYS
    assert page["total_items"] == 3
    listed = next(item for item in page["contents"] if item["id"] == directory.ids["near_link"])
    assert listed["service"]["id"] == directory.ids["club"]
    assert listed["location"]["addresses"][0]["postal_code"] == directory.postcode
    assert listed["location"]["latitude"] == Decimal("50.0")


def test_the_whole_service_at_locations_list_passes_the_schema_check(
    client: FlaskClient, directory: Directory
) -> None:
    assert_valid(
        get_json(client, "/api/oruk/service_at_locations?per_page=100"),
        "service_at_location_list.json",
    )


def test_proximity_keeps_locations_within_that_many_metres_of_the_postcode_nearest_first(
    client: FlaskClient, directory: Directory
) -> None:
    url = "/api/oruk/service_at_locations?postcode=zx99zz&proximity="
    within_10_km = get_json(client, url + "10000")
    assert ids_of(within_10_km) == [directory.ids["near_link"], directory.ids["five_km_link"]]
    assert_valid(within_10_km, "service_at_location_list.json")
    within_1_km = get_json(client, url + "1000")
    assert ids_of(within_1_km) == [directory.ids["near_link"]]
    within_100_km = get_json(client, url + "100000")
    assert ids_of(within_100_km) == [
        directory.ids["near_link"],
        directory.ids["five_km_link"],
        directory.ids["fifty_km_link"],
    ]


def test_a_postcode_without_proximity_sorts_nearest_first(
    client: FlaskClient, directory: Directory
) -> None:
    page = get_json(
        client,
        f"/api/oruk/service_at_locations?postcode=ZX9%209ZZ"
        f"&organization_id={directory.ids['provider']}",
    )
    assert ids_of(page) == [
        directory.ids["near_link"],
        directory.ids["five_km_link"],
        directory.ids["fifty_km_link"],
    ]


def test_service_at_locations_can_be_searched(client: FlaskClient, directory: Directory) -> None:
    page = get_json(client, "/api/oruk/service_at_locations?search=quillon&per_page=100")
    assert directory.ids["fifty_km_link"] in ids_of(page)
    assert directory.ids["near_link"] not in ids_of(page)
    near = get_json(
        client, "/api/oruk/service_at_locations?search=zephyrine&postcode=ZX99ZZ&proximity=1000"
    )
    assert ids_of(near) == [directory.ids["near_link"]]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("postcode=ZZ1%201ZZ", "postcode ZZ1 1ZZ is not in"),
        ("postcode=not-a-postcode", "postcode 'not-a-postcode' is not a UK postcode"),
        ("proximity=5000", "proximity needs a postcode"),
        ("postcode=ZX99ZZ&proximity=abc", "proximity must be"),
        ("postcode=ZX99ZZ&proximity=-5", "proximity must be"),
        ("postcode=ZX99ZZ&proximity=nan", "proximity must be"),
        ("modified_after=yesterday", "modified_after must be"),
        ("per_page=abc", "per_page must be"),
    ],
)
def test_bad_location_parameters_get_a_400_with_a_clear_message(
    client: FlaskClient, directory: Directory, query: str, message: str
) -> None:
    body = get_json(client, f"/api/oruk/service_at_locations?{query}", status=400)
    assert body["message"].startswith(message)


def test_a_service_at_location_by_id(client: FlaskClient, directory: Directory) -> None:
    link = get_json(client, f"/api/oruk/service_at_locations/{directory.ids['near_link']}")
    assert_valid(link, "service_at_location.json")
    assert link["location"]["accessibility"][0]["description"].startswith("Step-free")
    assert link["service"]["id"] == directory.ids["club"]
    get_json(client, f"/api/oruk/service_at_locations/{uuid.uuid4()}", status=404)


# --- every response ---------------------------------------------------------------------------


def test_an_unknown_api_path_is_a_json_404_that_any_site_may_read(client: FlaskClient) -> None:
    body = get_json(client, "/api/oruk/no-such-thing", status=404)
    assert body["code"] == 404


def test_the_api_does_not_accept_writes(client: FlaskClient) -> None:
    response = client.post("/api/oruk/services", json={})
    assert response.status_code == 405
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/api/oruk/services?modified_after=0001-01-01T00:00:00%2B01:00",
        "/api/oruk/service_at_locations?postcode=BK1+1AA&proximity=1e200",
    ],
)
def test_values_that_would_overflow_get_a_400_not_a_crash(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert response.get_json()["code"] == 400
