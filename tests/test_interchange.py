"""Import and export of the whole Local Offer: the unit costs CSV, the ORUK JSON feed, the CLI."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import select

from local_offer import interchange
from local_offer.extensions import db
from local_offer.indexing import refresh_search_fields
from local_offer.models import (
    Contact,
    CostOption,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from local_offer.search import SearchCriteria, search_services
from portal import create_app

ORUK_EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "oruk-3.0" / "examples"


class Catalogue:
    def __init__(self) -> None:
        self.tag = uuid.uuid4().hex[:8]
        self.ids: dict[str, str] = {}


@pytest.fixture(scope="module")
def catalogue(app: Flask) -> Iterator[Catalogue]:
    """Services whose text a spreadsheet would misread, with names no other test uses."""
    made = Catalogue()
    tag = made.tag
    with app.app_context():
        session = db.session
        provider = Organisation(name=f"@Tricky Trust {tag}", description="Provider")

        def term(vocabulary: str, name: str) -> TaxonomyTerm:
            return TaxonomyTerm(
                vocabulary=vocabulary,
                code=f"csv-{vocabulary}-{name.lower()}-{tag}",
                name=f"{name} {tag}",
                position=0,
            )

        terms = [
            term("category", "Clubs"),
            term("category", "Art"),
            term("need", "Autism"),
            term("funding-stream", "Social care"),
            term("accessibility", "Hoist"),
        ]
        tricky = Service(
            organisation=provider,
            name=f'=HYPERLINK("http://evil.example") {tag}',
            summary="-5 reasons to come along",
            description="Art and clubs.",
            minimum_age=4,
            maximum_age=19,
            accepts_direct_payment=True,
            accepts_managed_account=True,
            last_checked=date(2026, 9, 30),
            cost_options=[
                CostOption(label="Drop in", amount_pence=750, unit="hour"),
                CostOption(
                    label="+ Full day",
                    amount_pence=2005,
                    unit="session",
                    duration_minutes=180,
                    includes="=snacks",
                ),
                CostOption(label="Open day", amount_pence=0, unit="free"),
            ],
            terms=terms,
            service_at_locations=[
                ServiceAtLocation(location=Location(name="Hall", postcode="ZX7 1AB")),
                ServiceAtLocation(location=Location(name="Annexe", postcode="ZX7 2CD")),
            ],
            schedules=[Schedule(byday="MO", opens_at="10:00", closes_at="15:00")],
            contacts=[Contact(name="Sam", phone="01632 960123")],
        )
        plain = Service(organisation=provider, name=f"Éclair café group {tag}", languages="")
        closed = Service(
            organisation=provider,
            name=f"Closed csv club {tag}",
            status="inactive",
            cost_options=[CostOption(label="Old price", amount_pence=999, unit="week")],
        )
        services = [tricky, plain, closed]
        session.add_all(services)
        for service in services:
            refresh_search_fields(service)
        session.commit()
        made.ids = {
            "provider": provider.uuid,
            "tricky": tricky.uuid,
            "plain": plain.uuid,
            "closed": closed.uuid,
        }
        cleanup = [
            (Service, [s.id for s in services]),
            (Location, [link.location.id for link in tricky.service_at_locations]),
            (TaxonomyTerm, [t.id for t in terms]),
            (Organisation, [provider.id]),
        ]
    yield made
    with app.app_context():
        for model, ids in cleanup:
            for row in db.session.scalars(select(model).where(model.id.in_(ids))):
                db.session.delete(row)
            db.session.flush()
        db.session.commit()


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[Flask]:
    """A second, empty directory (always SQLite) to import into."""
    fresh = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}", "TESTING": True}
    )
    with fresh.app_context():
        upgrade()
    yield fresh
    with fresh.app_context():
        db.session.remove()
        db.engine.dispose()


def run(app: Flask, *args: str) -> Any:
    result = app.test_cli_runner().invoke(args=["local-offer", *args])
    assert "Traceback" not in result.output
    return result


def csv_records(text: str) -> list[dict[str, str]]:
    assert text.startswith(interchange.BYTE_ORDER_MARK)
    return list(csv.DictReader(io.StringIO(text.removeprefix(interchange.BYTE_ORDER_MARK))))


def write_csv_file(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+44 1632", "-5", "@SUM(A1)", "\tTab", "\rReturn", "'=x", "''+x", "'quoted", "'", ""],
)
def test_formula_protection_is_undone_exactly_on_import(value: str) -> None:
    protected = interchange.protect_cell(value)
    assert protected[:1] not in interchange.FORMULA_STARTS
    assert interchange.unprotect_cell(protected) == value


def test_plain_cells_are_written_as_they_are() -> None:
    assert interchange.protect_cell("Short breaks") == "Short breaks"
    assert interchange.protect_cell("12.50") == "12.50"


def test_pence_are_written_as_pounds_to_the_penny() -> None:
    assert [interchange.pence_as_pounds_text(p) for p in (0, 5, 750, 2005, 123456789)] == [
        "0.00",
        "0.05",
        "7.50",
        "20.05",
        "1234567.89",
    ]


# --- the CSV download -------------------------------------------------------------------------


def test_the_local_offer_csv_downloads_one_row_per_cost_option(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    response = client.get("/local-offer.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="local-offer.csv"'
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    records = csv_records(response.get_data(as_text=True))
    assert list(records[0]) == list(interchange.CSV_COLUMNS)

    tricky = [row for row in records if row["service_id"] == catalogue.ids["tricky"]]
    assert [row["cost_amount_gbp"] for row in tricky] == ["7.50", "20.05", "0.00"]
    assert [row["cost_unit"] for row in tricky] == ["hour", "session", "free"]
    assert [row["cost_per_hour_gbp"] for row in tricky] == ["7.50", "6.68", "0.00"]
    first = tricky[0]
    assert first["service_name"].startswith("'=HYPERLINK")
    assert first["summary"] == "'-5 reasons to come along"
    assert first["organisation_name"].startswith("'@Tricky Trust")
    assert tricky[1]["cost_label"] == "'+ Full day"
    assert tricky[1]["cost_includes"] == "'=snacks"
    assert tricky[1]["cost_session_minutes"] == "180"
    tag = catalogue.tag
    assert first["categories"] == f"Art {tag}; Clubs {tag}"
    assert first["needs"] == f"Autism {tag}"
    assert first["funding_streams"] == f"Social care {tag}"
    assert first["accessibility_features"] == f"Hoist {tag}"
    assert (first["minimum_age"], first["maximum_age"]) == ("4", "19")
    assert (first["direct_payment"], first["managed_account"], first["council_arranged"]) == (
        "yes",
        "yes",
        "no",
    )
    assert first["service_is_free"] == "no"
    assert first["postcodes"] == "ZX7 1AB; ZX7 2CD"
    assert first["last_checked"] == "2026-09-30"

    (plain,) = [row for row in records if row["service_id"] == catalogue.ids["plain"]]
    assert plain["cost_option_id"] == plain["cost_amount_gbp"] == ""
    # The public download is what the directory shows: active services only.
    assert catalogue.ids["closed"] not in {row["service_id"] for row in records}


# --- round trips ------------------------------------------------------------------------------


def test_a_csv_export_imported_into_an_empty_directory_exports_the_same_file(
    app: Flask, fresh_app: Flask, catalogue: Catalogue, tmp_path: Path
) -> None:
    exported, again = tmp_path / "first.csv", tmp_path / "second.csv"
    assert run(app, "export-csv", str(exported)).exit_code == 0
    assert catalogue.ids["closed"] in exported.read_text(encoding="utf-8")

    result = run(fresh_app, "import-csv", str(exported))
    assert result.exit_code == 0, result.output
    assert "0 updated" in result.output
    assert run(fresh_app, "export-csv", str(again)).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()

    with fresh_app.app_context():
        service = db.session.scalar(select(Service).where(Service.uuid == catalogue.ids["tricky"]))
        assert service is not None
        assert service.name.startswith('=HYPERLINK("http://evil.example")')
        assert service.summary == "-5 reasons to come along"
        assert [o.amount_pence for o in service.cost_options] == [750, 2005, 0]
        assert service.hourly_cost_pence == 0
        assert {loc.postcode for loc in service.locations} == {"ZX7 1AB", "ZX7 2CD"}

    # Importing the same file again updates in place.
    result = run(fresh_app, "import-csv", str(exported))
    assert "0 new" in result.output
    assert run(fresh_app, "export-csv", str(again)).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()


def test_an_oruk_export_imported_into_an_empty_directory_exports_the_same_feed(
    app: Flask, fresh_app: Flask, catalogue: Catalogue, tmp_path: Path
) -> None:
    exported, again = tmp_path / "first.json", tmp_path / "second.json"
    result = run(app, "export-oruk", str(exported))
    assert result.exit_code == 0, result.output
    feed = json.loads(exported.read_text(encoding="utf-8"))
    assert isinstance(feed, list)
    assert catalogue.ids["closed"] in {service["id"] for service in feed}

    result = run(fresh_app, "import-oruk", str(exported))
    assert result.exit_code == 0, result.output
    assert f"Imported {len(feed)} service" in result.output
    assert run(fresh_app, "export-oruk", str(again)).exit_code == 0
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")

    result = run(fresh_app, "import-oruk", str(exported))
    assert f"(0 new, {len(feed)} updated)" in result.output
    assert run(fresh_app, "export-oruk", str(again)).exit_code == 0
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")


def test_imported_services_can_be_found_by_directory_search(
    app: Flask, fresh_app: Flask, catalogue: Catalogue
) -> None:
    with app.app_context():
        feed = [
            s for s in interchange.export_oruk(db.session) if s["id"] == catalogue.ids["tricky"]
        ]
    with fresh_app.app_context():
        report = interchange.import_oruk(db.session, io.StringIO(json.dumps(feed)))
        assert report.created == 1, report.summary()
        # The category's name is only in the denormalised search text.
        found = search_services(db.session, SearchCriteria(keywords=f"Clubs {catalogue.tag}"))
        assert [hit.service.uuid for hit in found.hits] == [catalogue.ids["tricky"]]
        assert found.hits[0].service.hourly_cost_pence == 0
        assert found.hits[0].service.is_free is False


# --- importing ORUK JSON ----------------------------------------------------------------------


def minimal_service(name: str = "Harbour swim club") -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "status": "active",
        "organization": {"id": str(uuid.uuid4()), "name": "Harbour Trust", "description": ""},
        "cost_options": [
            {"id": str(uuid.uuid4()), "amount": 4.5, "amount_description": "per hour"}
        ],
    }


def test_import_oruk_reports_each_bad_record_and_imports_the_good_ones(
    fresh_app: Flask, tmp_path: Path
) -> None:
    good = minimal_service()
    bad = {
        "id": "not-a-uuid",
        "name": "",
        "status": "open",
        "organization": {"id": str(uuid.uuid4()), "name": "Somebody"},
        "minimum_age": 18,
        "maximum_age": 5,
        "cost_options": [
            {"amount": "lots", "amount_description": "per hour"},
            {"amount": 12.345, "amount_description": "per day"},
            {"amount": 10, "amount_description": "whenever"},
            {"amount": 10, "currency": "EUR", "amount_description": "per day"},
        ],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([good, bad, "just words"]), encoding="utf-8")

    result = run(fresh_app, "import-oruk", str(path))
    assert result.exit_code == 1
    output = result.output
    assert "Imported 1 service (1 new, 0 updated)." in output
    assert "2 records were not imported:" in output
    assert "Service 2 (id not-a-uuid): id: 'not-a-uuid' is not a UUID" in output
    for message in (
        "name: is missing",
        "status: must be one of active, inactive, defunct, temporarily closed",
        "maximum_age: must not be less than minimum_age",
        "cost_options[0].amount: must be a number of pounds of 0 or more, to the penny",
        "cost_options[1].amount: must be a number of pounds",
        "cost_options[2]: say what the amount is for",
        "cost_options[3].currency: must be GBP",
        "Service 3: each service must be a JSON object",
    ):
        assert message in output
    with fresh_app.app_context():
        service = db.session.scalar(select(Service).where(Service.uuid == good["id"]))
        assert service is not None
        assert service.cost_options[0].amount_pence == 450
        assert service.cost_options[0].unit == "hour"
        assert service.hourly_cost_pence == 450


def test_import_oruk_reads_a_page_of_an_oruk_api(fresh_app: Flask, tmp_path: Path) -> None:
    page = {"total_items": 1, "page_number": 1, "empty": False, "contents": [minimal_service()]}
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    result = run(fresh_app, "import-oruk", str(path))
    assert result.exit_code == 0
    assert "Imported 1 service (1 new, 0 updated)." in result.output


def test_import_oruk_reads_a_single_service_as_the_api_returns_it(fresh_app: Flask) -> None:
    with fresh_app.app_context():
        report = interchange.import_oruk(db.session, io.StringIO(json.dumps(minimal_service())))
    assert (report.created, report.rejected) == (1, 0)


def test_import_oruk_updates_a_service_with_the_same_id_instead_of_adding_one(
    fresh_app: Flask,
) -> None:
    service = minimal_service("Harbour swim club")
    with fresh_app.app_context():
        interchange.import_oruk(db.session, io.StringIO(json.dumps([service])))
        service["name"] = "Harbour swimming club"
        service["cost_options"][0]["amount"] = 5
        report = interchange.import_oruk(db.session, io.StringIO(json.dumps([service])))
        assert (report.created, report.updated) == (0, 1)
        stored = db.session.scalars(select(Service).where(Service.uuid == service["id"])).all()
        assert [s.name for s in stored] == ["Harbour swimming club"]
        assert [o.amount_pence for o in stored[0].cost_options] == [500]
        assert db.session.scalar(select(db.func.count(CostOption.id))) == 1


def test_import_oruk_refuses_a_cost_option_that_belongs_to_another_service(
    fresh_app: Flask,
) -> None:
    first, second = minimal_service("First"), minimal_service("Second")
    second["cost_options"][0]["id"] = first["cost_options"][0]["id"]
    with fresh_app.app_context():
        report = interchange.import_oruk(db.session, io.StringIO(json.dumps([first, second])))
    assert (report.created, report.rejected) == (1, 1)
    assert "belongs to another service" in report.problems[0]


def test_the_standards_example_service_is_imported_once_its_coordinates_are_real(
    fresh_app: Flask,
) -> None:
    example = json.loads((ORUK_EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    with fresh_app.app_context():
        # The published example puts its location at latitude 100, which is not on Earth.
        report = interchange.import_oruk(db.session, io.StringIO(json.dumps([example])))
        assert report.rejected == 1
        assert "location.latitude: must be a number from -90 to 90" in report.problems[0]

        location = example["service_at_locations"][0]["location"]
        location["latitude"], location["longitude"] = 51.5, -0.1
        report = interchange.import_oruk(db.session, io.StringIO(json.dumps([example])))
        assert report.created == 1, report.summary()
        service = db.session.scalar(select(Service).where(Service.uuid == example["id"]))
        assert service is not None
        assert service.organisation.name == "Example Organization Inc."
        assert [(o.amount_pence, o.unit) for o in service.cost_options] == [(3500, "hour")]
        assert service.schedules[0].opens_at == "10:00"
        assert service.locations[0].postcode == "ABC 1234"
        assert [term.vocabulary for term in service.terms] == ["category"]
        assert service.last_checked == date(2005, 1, 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Nothing was imported. The file is not valid JSON: Expecting property name"),
        ('{"services": []}', "must hold a list of services, an ORUK page"),
    ],
)
def test_import_oruk_explains_a_file_it_cannot_read(
    fresh_app: Flask, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    result = run(fresh_app, "import-oruk", str(path))
    assert result.exit_code == 1
    assert message in result.output


def test_import_from_a_missing_file_says_so(fresh_app: Flask, tmp_path: Path) -> None:
    result = run(fresh_app, "import-oruk", str(tmp_path / "nowhere.json"))
    assert result.exit_code == 1
    assert "Could not read" in result.output


# --- importing CSV ----------------------------------------------------------------------------


def csv_row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(interchange.CSV_COLUMNS, "")
    row.update(
        service_name="Moorland riding",
        organisation_name="Moorland Stables",
        categories="Sport; Outdoor",
        needs="Physical disability",
        minimum_age="6",
        maximum_age="16",
        direct_payment="yes",
        managed_account="no",
        council_arranged="No",
        cost_label="Lesson",
        cost_amount_gbp="£7.50",
        cost_unit="per hour",
        postcodes="zx71ab",
        last_checked="01/10/2026",
    )
    row.update(values)
    return row


def test_import_csv_creates_services_terms_and_organisations_from_a_councils_sheet(
    fresh_app: Flask, tmp_path: Path
) -> None:
    path = write_csv_file(
        tmp_path / "offer.csv",
        [
            csv_row(),
            csv_row(cost_label="'=Block of ten", cost_amount_gbp="65", cost_unit="item"),
            csv_row(service_name="'@Moor swim", cost_label="", cost_amount_gbp="", cost_unit=""),
        ],
    )
    result = run(fresh_app, "import-csv", str(path))
    assert result.exit_code == 0, result.output
    assert "Imported 2 services (2 new, 0 updated)." in result.output
    with fresh_app.app_context():
        riding = db.session.scalar(select(Service).where(Service.name == "Moorland riding"))
        assert riding is not None
        assert [(o.label, o.amount_pence, o.unit) for o in riding.cost_options] == [
            ("Lesson", 750, "hour"),
            ("=Block of ten", 6500, "item"),
        ]
        assert riding.hourly_cost_pence == 750
        assert sorted(t.name for t in riding.terms_in("category")) == ["Outdoor", "Sport"]
        assert riding.last_checked == date(2026, 10, 1)
        assert riding.accepts_direct_payment and not riding.council_arranged
        assert [loc.postcode for loc in riding.locations] == ["ZX7 1AB"]
        swim = db.session.scalar(select(Service).where(Service.name == "@Moor swim"))
        assert swim is not None
        assert swim.cost_options == []
        assert swim.organisation is riding.organisation


def test_import_csv_leaves_alone_what_the_file_does_not_mention(
    fresh_app: Flask, tmp_path: Path
) -> None:
    with fresh_app.app_context():
        interchange.import_oruk(db.session, io.StringIO(json.dumps([minimal_service()])))
        service = db.session.scalar(select(Service).where(Service.name == "Harbour swim club"))
        assert service is not None
        service.summary = "Keep me"
        db.session.commit()
        service_uuid = service.uuid
    path = tmp_path / "names.csv"
    path.write_text(
        "service_id,service_name,organisation_name\n"
        f"{service_uuid},Harbour swim club (new),Harbour Trust\n",
        encoding="utf-8",
    )
    result = run(fresh_app, "import-csv", str(path))
    assert "(0 new, 1 updated)" in result.output
    with fresh_app.app_context():
        service = db.session.scalar(select(Service).where(Service.uuid == service_uuid))
        assert service is not None
        assert service.name == "Harbour swim club (new)"
        assert service.summary == "Keep me"
        assert [o.amount_pence for o in service.cost_options] == [450]


def test_import_csv_reports_bad_rows_by_number_and_imports_the_rest(
    fresh_app: Flask, tmp_path: Path
) -> None:
    path = write_csv_file(
        tmp_path / "bad.csv",
        [
            csv_row(service_name="Good one"),
            csv_row(service_name="Bad money", cost_amount_gbp="abc"),
            csv_row(service_name="Bad unit", cost_unit="fortnight"),
            csv_row(service_name="Bad ages", minimum_age="12", maximum_age="3"),
            csv_row(service_name="Bad flag", direct_payment="perhaps"),
            csv_row(service_name="Bad date", last_checked="soon"),
            csv_row(service_name=""),
        ],
    )
    result = run(fresh_app, "import-csv", str(path))
    assert result.exit_code == 1
    output = result.output
    assert "Imported 1 service (1 new, 0 updated)." in output
    assert "6 records were not imported:" in output
    for message in (
        'Service "Bad money": row 3: cost_amount_gbp must be an amount in pounds, like 12.50',
        'Service "Bad unit": row 4: cost_unit must be one of',
        "row 5: maximum_age must not be less than minimum_age",
        "row 6: direct_payment must be yes or no",
        "row 7: last_checked must be a date",
        "A service with no name: row 8: service_name is empty",
    ):
        assert message in output


def test_import_csv_refuses_rows_that_disagree_about_their_service(
    fresh_app: Flask, tmp_path: Path
) -> None:
    service_id = str(uuid.uuid4())
    path = write_csv_file(
        tmp_path / "disagree.csv",
        [csv_row(service_id=service_id), csv_row(service_id=service_id, minimum_age="7")],
    )
    result = run(fresh_app, "import-csv", str(path))
    assert result.exit_code == 1
    assert "row 3: minimum_age differ from row 2 for the same service" in result.output


def test_import_csv_explains_a_file_that_is_not_a_local_offer_csv(
    fresh_app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,price\nSwimming,4\n", encoding="utf-8")
    result = run(fresh_app, "import-csv", str(path))
    assert result.exit_code == 1
    assert "Nothing was imported. The file has no service_name column." in result.output


def test_export_to_standard_output(app: Flask, catalogue: Catalogue) -> None:
    result = run(app, "export-csv", "-")
    assert result.exit_code == 0
    assert catalogue.ids["tricky"] in result.output
