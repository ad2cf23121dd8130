"""Moving the whole Local Offer in and out: a CSV of unit costs, and an ORUK JSON feed.

Plain functions over a SQLAlchemy session; the CLI and the open data views call them.

**The CSV has one row per cost option**, because that is the table a council analyst
pivots and filters: every price with the service, provider, categories, needs, age range,
management options and funding streams beside it. A service with no cost options has one
row with the cost columns empty. Service columns repeat on each of a service's rows, and on
import they must agree. Amounts are pounds to the penny, written from integer pence without
rounding ("12.50"). Lists (categories, needs, postcodes...) are separated by "; " and
sorted by name, so an export does not depend on the order terms were added; on import
each item is trimmed, while names are kept exactly as written.
``service_is_free`` and ``cost_per_hour_gbp`` are worked out by the directory and ignored
on import. The file starts with a byte order mark so that Excel reads it as UTF-8.

Cells that a spreadsheet would run as a formula (starting =, +, -, @, tab or carriage
return) are written with a leading apostrophe, which import takes off again; the rule is
reversible, so an export imported and exported again is the same file.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from . import oruk
from .editorial import note_changes_since, priced_options
from .indexing import refresh_search_fields
from .models import (
    COST_UNITS,
    SERVICE_STATUSES,
    CostOption,
    Location,
    Organisation,
    Postcode,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    utcnow,
)
from .money import PENCE_PER_POUND, hourly_pence, pounds_to_pence
from .postcodes import normalise_postcode

# Who changed a price, in the cost history, when an import changed it.
CSV_IMPORT = "CSV import"

BYTE_ORDER_MARK = "\ufeff"
LIST_SEPARATOR = "; "

CSV_COLUMNS = (
    "service_id",
    "service_name",
    "status",
    "organisation_id",
    "organisation_name",
    "summary",
    "categories",
    "needs",
    "accessibility_features",
    "funding_streams",
    "minimum_age",
    "maximum_age",
    "direct_payment",
    "managed_account",
    "council_arranged",
    "service_is_free",
    "cost_option_id",
    "cost_label",
    "cost_amount_gbp",
    "cost_unit",
    "cost_session_minutes",
    "cost_includes",
    "cost_per_hour_gbp",
    "postcodes",
    "last_checked",
)
TERM_COLUMNS = {
    "categories": "category",
    "needs": "need",
    "accessibility_features": "accessibility",
    "funding_streams": "funding-stream",
}
FLAG_COLUMNS = {
    "direct_payment": "accepts_direct_payment",
    "managed_account": "accepts_managed_account",
    "council_arranged": "council_arranged",
}
SERVICE_COLUMNS = tuple(
    column
    for column in CSV_COLUMNS
    if not column.startswith("cost_") and column != "service_is_free"
)
COST_COLUMNS = (
    "cost_option_id",
    "cost_label",
    "cost_amount_gbp",
    "cost_unit",
    "cost_session_minutes",
    "cost_includes",
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass
class ImportReport:
    """What an import did, and every record it could not take, in words."""

    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)
    rejected: int = 0
    fatal: str | None = None

    @property
    def imported(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        if self.fatal:
            return f"Nothing was imported. {self.fatal}"
        lines = [
            f"Imported {self.imported} service{'' if self.imported == 1 else 's'} "
            f"({self.created} new, {self.updated} updated)."
        ]
        if self.rejected:
            lines.append(
                f"{self.rejected} record{' was' if self.rejected == 1 else 's were'} not imported:"
            )
            lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


# --- cells --------------------------------------------------------------------------------


def protect_cell(value: str) -> str:
    """Stop a spreadsheet running the cell as a formula (CSV injection)."""
    if value.lstrip("'")[:1] in FORMULA_STARTS and value.lstrip("'"):
        return "'" + value
    return value


def unprotect_cell(value: str) -> str:
    if value.startswith("'") and value.lstrip("'")[:1] in FORMULA_STARTS and value.lstrip("'"):
        return value[1:]
    return value


def pence_as_pounds_text(pence: int) -> str:
    pounds, remainder = divmod(pence, PENCE_PER_POUND)
    return f"{pounds}.{remainder:02d}"


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _names(terms: Iterable[TaxonomyTerm]) -> str:
    names = sorted({term.name for term in terms}, key=lambda name: (name.casefold(), name))
    return LIST_SEPARATOR.join(names)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


# --- CSV export ---------------------------------------------------------------------------


def csv_rows(services: Iterable[Service]) -> Iterable[dict[str, str]]:
    for service in services:
        postcodes = sorted({loc.postcode for loc in service.locations if loc.postcode})
        shared = {
            "service_id": service.uuid,
            "service_name": service.name,
            "status": service.status,
            "organisation_id": service.organisation.uuid if service.organisation else "",
            "organisation_name": service.organisation.name if service.organisation else "",
            "summary": service.summary or "",
            **{
                column: _names(service.terms_in(vocabulary))
                for column, vocabulary in TERM_COLUMNS.items()
            },
            "minimum_age": "" if service.minimum_age is None else str(service.minimum_age),
            "maximum_age": "" if service.maximum_age is None else str(service.maximum_age),
            **{
                column: _yes_no(getattr(service, attribute))
                for column, attribute in FLAG_COLUMNS.items()
            },
            "service_is_free": _yes_no(service.is_free),
            "postcodes": LIST_SEPARATOR.join(postcodes),
            "last_checked": service.last_checked.isoformat() if service.last_checked else "",
        }
        if not service.cost_options:
            yield {column: shared.get(column, "") for column in CSV_COLUMNS}
        for option in service.cost_options:
            hourly = hourly_pence(option.amount_pence, option.unit, option.duration_minutes)
            costs = {
                "cost_option_id": option.uuid,
                "cost_label": option.label or "",
                "cost_amount_gbp": pence_as_pounds_text(option.amount_pence),
                "cost_unit": option.unit,
                "cost_session_minutes": (
                    str(option.duration_minutes) if option.duration_minutes else ""
                ),
                "cost_includes": option.includes or "",
                "cost_per_hour_gbp": "" if hourly is None else pence_as_pounds_text(hourly),
            }
            yield {column: {**shared, **costs}.get(column, "") for column in CSV_COLUMNS}


def write_csv(services: Iterable[Service], stream: TextIO) -> None:
    stream.write(BYTE_ORDER_MARK)
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(services):
        writer.writerow([protect_cell(row[column]) for column in CSV_COLUMNS])


def export_csv(session: Session, *, active_only: bool = False) -> str:
    """The Local Offer as CSV text. The public download lists active services only."""
    stream = io.StringIO()
    write_csv(oruk.all_services(session, active_only=active_only), stream)
    return stream.getvalue()


# --- CSV import ---------------------------------------------------------------------------


@dataclass
class _CsvCost:
    uuid: str | None
    label: str
    amount_pence: int
    unit: str
    includes: str
    duration_minutes: int | None


@dataclass
class _CsvService:
    first_row: int
    key: str
    values: dict[str, str]
    # None when the file has no cost columns: the service's prices are then left alone.
    costs: list[_CsvCost] | None = None
    problems: list[str] = field(default_factory=list)


def _csv_cost(row: Mapping[str, str], problems: list[str], where: str) -> _CsvCost | None:
    values = {column: row.get(column) or "" for column in COST_COLUMNS}
    if not any(values.values()):
        return None
    option_uuid = values["cost_option_id"] or None
    if option_uuid:
        try:
            option_uuid = str(uuid.UUID(option_uuid))
        except ValueError:
            problems.append(f"{where}: cost_option_id '{option_uuid[:40]}' is not a UUID")
    unit = values["cost_unit"].strip().lower().removeprefix("per ").strip()
    if unit not in COST_UNITS:
        problems.append(
            f"{where}: cost_unit must be one of {', '.join(COST_UNITS)} (it is "
            f"'{values['cost_unit'][:20]}')"
        )
    amount = values["cost_amount_gbp"]
    pence = pounds_to_pence(amount) if amount.strip() else (0 if unit == "free" else None)
    if pence is None:
        problems.append(
            f"{where}: cost_amount_gbp must be an amount in pounds, like 12.50 "
            f"(it is '{amount[:20]}')"
        )
    duration = None
    if values["cost_session_minutes"].strip():
        try:
            duration = int(values["cost_session_minutes"])
        except ValueError:
            duration = 0
        if duration <= 0:
            problems.append(f"{where}: cost_session_minutes must be a whole number above 0")
    if len(values["cost_label"]) > 200:
        problems.append(f"{where}: cost_label must be 200 characters or fewer")
    return _CsvCost(
        uuid=option_uuid,
        label=values["cost_label"],
        amount_pence=pence or 0,
        unit=unit,
        includes=values["cost_includes"],
        duration_minutes=duration,
    )


def read_csv(stream: TextIO) -> tuple[list[_CsvService], str | None]:
    """Rows grouped into services (by service_id, or by name and provider for new ones)."""
    text = stream.read().removeprefix(BYTE_ORDER_MARK)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if "service_name" not in header:
        return [], (
            "The file has no service_name column. Use the layout of the Local Offer CSV "
            "export: " + ", ".join(CSV_COLUMNS) + "."
        )
    present = [column for column in SERVICE_COLUMNS if column in header]
    has_costs = any(column in header for column in COST_COLUMNS)
    services: dict[str, _CsvService] = {}
    try:
        for number, raw in enumerate(reader, start=2):
            row = {key: unprotect_cell(value or "") for key, value in raw.items() if key}
            if not any(value.strip() for value in row.values()):
                continue
            key = row.get("service_id", "").strip() or (
                "new:" + row.get("service_name", "") + "\n" + row.get("organisation_name", "")
            )
            values = {column: row.get(column, "") for column in present}
            group = services.get(key)
            if group is None:
                group = services[key] = _CsvService(first_row=number, key=key, values=values)
                if has_costs:
                    group.costs = []
            elif group.values != values:
                differing = [c for c in present if group.values[c] != values[c]]
                group.problems.append(
                    f"row {number}: {', '.join(differing)} differ from row {group.first_row} "
                    "for the same service; give a service the same details on every row"
                )
            cost = _csv_cost(row, group.problems, f"row {number}")
            if cost is not None and group.costs is not None:
                group.costs.append(cost)
    except csv.Error as error:
        return [], f"The file is not a CSV file this can read: {error}."
    return list(services.values()), None


def _flag(value: str) -> bool | None:
    cleaned = value.strip().lower()
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    return None


def _check_service_values(values: Mapping[str, str], problems: list[str], where: str) -> None:
    def has(column: str) -> bool:
        return column in values

    if has("service_id") and values["service_id"].strip():
        try:
            uuid.UUID(values["service_id"].strip())
        except ValueError:
            problems.append(f"{where}: service_id '{values['service_id'][:40]}' is not a UUID")
    if not values.get("service_name", "").strip():
        problems.append(f"{where}: service_name is empty")
    if has("status") and values["status"].strip() not in (*SERVICE_STATUSES, ""):
        problems.append(f"{where}: status must be one of {', '.join(SERVICE_STATUSES)}")
    if not values.get("organisation_name", "").strip() and not values.get("organisation_id"):
        problems.append(f"{where}: organisation_name is empty")
    if has("organisation_id") and values["organisation_id"].strip():
        try:
            uuid.UUID(values["organisation_id"].strip())
        except ValueError:
            problems.append(f"{where}: organisation_id is not a UUID")
    ages = []
    for column in ("minimum_age", "maximum_age"):
        raw = values.get(column, "").strip()
        if raw and (not raw.isdigit() or int(raw) > 150):
            problems.append(f"{where}: {column} must be a whole number of years, like 16")
        ages.append(int(raw) if raw.isdigit() else None)
    if None not in ages and ages[0] > ages[1]:  # type: ignore[operator]
        problems.append(f"{where}: maximum_age must not be less than minimum_age")
    for column in FLAG_COLUMNS:
        if has(column) and _flag(values[column]) is None:
            problems.append(f"{where}: {column} must be yes or no")
    checked = values.get("last_checked", "").strip()
    if checked and _csv_date(checked) is None:
        problems.append(f"{where}: last_checked must be a date, like 2024-04-01")
    for column, limit in (("service_name", 200), ("organisation_name", 200), ("summary", 300)):
        if len(values.get(column, "")) > limit:
            problems.append(f"{where}: {column} must be {limit} characters or fewer")
    for postcode in _split(values.get("postcodes", "")):
        if len(postcode) > 10:
            problems.append(f"{where}: '{postcode[:20]}' in postcodes is too long to be one")


def _csv_date(value: str) -> date | None:
    cleaned = value.strip()
    # Excel in a UK locale rewrites ISO dates as day/month/year when it saves.
    for parse in (
        date.fromisoformat,
        lambda text: datetime.strptime(text, "%d/%m/%Y").date(),
    ):
        try:
            return parse(cleaned)
        except ValueError:
            continue
    return None


def _term_by_name(session: Session, vocabulary: str, name: str) -> TaxonomyTerm:
    term: TaxonomyTerm | None = session.scalar(
        select(TaxonomyTerm)
        .where(TaxonomyTerm.vocabulary == vocabulary, func.lower(TaxonomyTerm.name) == name.lower())
        .order_by(TaxonomyTerm.id)
    )
    if term is not None:
        return term
    code = oruk.slug(name)
    candidates = [code, oruk.slug(f"{vocabulary}-{name}")]
    candidates += [f"{candidates[1][:74]}-{n}" for n in range(2, 100)]
    for candidate in candidates:
        if session.scalar(select(TaxonomyTerm.id).where(TaxonomyTerm.code == candidate)) is None:
            code = candidate
            break
    term = TaxonomyTerm(vocabulary=vocabulary, code=code, name=name[:120], description="")
    session.add(term)
    return term


def _apply_csv_service(session: Session, group: _CsvService) -> bool:
    """Create or update one service from its rows. Columns the file leaves out are left alone."""
    values = group.values
    service_uuid = values.get("service_id", "").strip()
    service = None
    if service_uuid:
        service_uuid = str(uuid.UUID(service_uuid))
        service = session.scalar(select(Service).where(Service.uuid == service_uuid))
    created = service is None

    organisation = None
    organisation_uuid = values.get("organisation_id", "").strip()
    # Names are kept exactly as written, so an export imports back to the same file.
    organisation_name = values.get("organisation_name", "")
    if organisation_uuid:
        organisation_uuid = str(uuid.UUID(organisation_uuid))
        organisation = session.scalar(
            select(Organisation).where(Organisation.uuid == organisation_uuid)
        )
    if organisation is None and organisation_name.strip():
        organisation = session.scalar(
            select(Organisation)
            .where(Organisation.name == organisation_name)
            .order_by(Organisation.id)
        )
    if organisation is None:
        organisation = Organisation(
            uuid=organisation_uuid or str(uuid.uuid4()), name=organisation_name, description=""
        )
        session.add(organisation)
    elif organisation_name.strip() and organisation.name != organisation_name:
        organisation.name = organisation_name

    wanted_terms: dict[str, list[TaxonomyTerm]] = {}
    for column, vocabulary in TERM_COLUMNS.items():
        if column in values:
            wanted_terms[vocabulary] = [
                _term_by_name(session, vocabulary, name) for name in _split(values[column])
            ]

    option_uuids = [cost.uuid for cost in group.costs or [] if cost.uuid]
    if option_uuids:
        owners = session.execute(
            select(CostOption.uuid, Service.uuid)
            .join(Service, Service.id == CostOption.service_id)
            .where(CostOption.uuid.in_(option_uuids))
        )
        for option_uuid, owner in owners:
            if owner != service_uuid:
                raise oruk.RecordProblems([f"cost option {option_uuid} belongs to another service"])

    postcodes = None
    centroids: dict[str, Postcode | None] = {}
    if "postcodes" in values:
        postcodes = [normalise_postcode(text) or text for text in _split(values["postcodes"])]
        # Looked up before the service changes, so autoflush never meets half a service.
        centroids = {postcode: session.get(Postcode, postcode) for postcode in postcodes}

    if service is None:
        service = Service(uuid=service_uuid or str(uuid.uuid4()))
    service.organisation = organisation
    service.name = values["service_name"]
    if "status" in values:
        service.status = values["status"].strip() or "active"
    if "summary" in values:
        service.summary = values["summary"]
    for column in ("minimum_age", "maximum_age"):
        if column in values:
            raw = values[column].strip()
            setattr(service, column, int(raw) if raw else None)
    for column, attribute in FLAG_COLUMNS.items():
        if column in values:
            setattr(service, attribute, bool(_flag(values[column])))
    if "last_checked" in values:
        service.last_checked = _csv_date(values["last_checked"]) if values["last_checked"] else None
    if wanted_terms:
        kept = [term for term in service.terms if term.vocabulary not in wanted_terms]
        service.terms = kept + [term for terms in wanted_terms.values() for term in terms]

    if group.costs is not None:
        priced_before = priced_options(service)
        existing = {option.uuid: option for option in service.cost_options}
        options = []
        for cost in group.costs:
            option = existing.get(cost.uuid or "") or CostOption(
                uuid=cost.uuid or str(uuid.uuid4())
            )
            option.label = cost.label
            option.amount_pence = cost.amount_pence
            option.unit = cost.unit
            option.includes = cost.includes
            option.duration_minutes = cost.duration_minutes
            options.append(option)
        service.cost_options = options
        if not created:
            note_changes_since(service, priced_before, changed_by=CSV_IMPORT, changed_at=utcnow())

    if postcodes is not None:
        links = [
            link for link in service.service_at_locations if link.location.postcode in postcodes
        ]
        covered = {link.location.postcode for link in links}
        for postcode in postcodes:
            if postcode in covered:
                continue
            location = Location(postcode=postcode)
            centroid = centroids[postcode]
            if centroid is not None:
                location.latitude, location.longitude = centroid.latitude, centroid.longitude
            links.append(ServiceAtLocation(location=location))
            covered.add(postcode)
        service.service_at_locations = links

    refresh_search_fields(service)
    session.add(service)
    return created


def import_csv(session: Session, stream: TextIO) -> ImportReport:
    """Create or update services from a Local Offer CSV, and commit.

    Each service is saved on its own (a savepoint), so one bad service is reported and
    skipped while the rest are imported.
    """
    report = ImportReport()
    groups, fatal = read_csv(stream)
    if fatal:
        report.fatal = fatal
        return report
    for group in groups:
        name = group.values.get("service_name", "").strip()
        label = f'Service "{name[:60]}"' if name else "A service with no name"
        _check_service_values(group.values, group.problems, f"row {group.first_row}")
        if group.problems:
            report.rejected += 1
            report.problems.append(f"{label}: " + "; ".join(group.problems))
            continue
        _save(session, report, label, lambda group=group: _apply_csv_service(session, group))
    session.commit()
    return report


def _save(session: Session, report: ImportReport, label: str, apply: Any) -> None:
    try:
        with session.begin_nested():
            created = apply()
            session.flush()
    except oruk.RecordProblems as problems:
        report.rejected += 1
        report.problems.append(f"{label}: " + "; ".join(problems.messages))
        return
    except SQLAlchemyError as error:
        report.rejected += 1
        reason = str(getattr(error, "orig", error)).splitlines()[0][:200]
        report.problems.append(f"{label}: the database refused it ({reason})")
        return
    if created:
        report.created += 1
    else:
        report.updated += 1


# --- ORUK JSON feed -----------------------------------------------------------------------


def export_oruk(session: Session) -> list[dict[str, Any]]:
    """Every service, fully nested, in a stable order: the directory's JSON feed."""
    return [oruk.service_full(service) for service in oruk.all_services(session)]


def write_oruk(feed: list[dict[str, Any]], stream: TextIO) -> None:
    json.dump(feed, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _feed_records(document: Any) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping) and isinstance(document.get("contents"), list):
        return list(document["contents"])
    if isinstance(document, Mapping) and "id" in document and "name" in document:
        # One service, as /services/{id} returns it.
        return [document]
    return None


def import_oruk(session: Session, stream: TextIO) -> ImportReport:
    """Create or update services from ORUK JSON, and commit.

    The file is a list of services, a page of an ORUK API (an object with ``contents``) or
    one service.
    Services are matched by id; each is saved on its own, so bad ones are reported and
    skipped while the rest are imported.
    """
    report = ImportReport()
    try:
        document = json.load(stream, parse_float=Decimal)
    except json.JSONDecodeError as error:
        report.fatal = (
            f"The file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        )
        return report
    except UnicodeDecodeError:
        report.fatal = "The file is not UTF-8 text."
        return report
    records = _feed_records(document)
    if records is None:
        report.fatal = (
            "The file must hold a list of services, an ORUK page with a 'contents' list, "
            "or one service."
        )
        return report
    for number, data in enumerate(records, start=1):
        label = _record_label(number, data)
        try:
            record = oruk.parse_service(data)
        except oruk.RecordProblems as problems:
            report.rejected += 1
            report.problems.append(f"{label}: " + "; ".join(problems.messages))
            continue
        _save(session, report, label, lambda record=record: oruk.apply_service(session, record)[1])
    session.commit()
    return report


def _record_label(number: int, data: Any) -> str:
    label = f"Service {number}"
    if isinstance(data, Mapping):
        details = []
        if isinstance(data.get("id"), str):
            details.append(f"id {data['id'][:40]}")
        if isinstance(data.get("name"), str) and data["name"].strip():
            details.append(f'"{data["name"][:60]}"')
        if details:
            label += " (" + ", ".join(details) + ")"
    return label
