"""Rules of the staff back office that are not the directory's own: what an audit entry
holds, reading the service list's filters, provider links and comparing proposals.

Plain functions over simple values; no Flask.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from local_offer.content.pages import parse_page_number
from local_offer.models import EDITORIAL_STATES, CostOption, Organisation, Service

# --- What the audit trail keeps -------------------------------------------------------------


def organisation_audit_view(organisation: Organisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "description": organisation.description,
        "email": organisation.email,
        "url": organisation.url,
        "phone": organisation.phone,
        "charity_number": organisation.charity_number,
    }


def cost_option_audit_view(option: CostOption) -> dict[str, Any]:
    return {
        "label": option.label,
        "amount_pence": option.amount_pence,
        "unit": option.unit,
        "duration_minutes": option.duration_minutes,
        "includes": option.includes,
    }


def service_audit_view(service: Service) -> dict[str, Any]:
    location = service.locations[0] if service.service_at_locations else None
    return {
        "name": service.name,
        "summary": service.summary,
        "description": service.description,
        "organisation_id": service.organisation_id,
        "status": service.status,
        "editorial_state": service.editorial_state,
        "eligibility": service.eligibility,
        "who_it_suits": service.who_it_suits,
        "how_to_access": service.how_to_access,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "email": service.email,
        "phone": service.phone,
        "url": service.url,
        "accepts_direct_payment": service.accepts_direct_payment,
        "accepts_managed_account": service.accepts_managed_account,
        "council_arranged": service.council_arranged,
        "last_checked": service.last_checked,
        "terms": sorted(term.code for term in service.terms),
        "location": (
            {
                "name": location.name,
                "address_1": location.address_1,
                "city": location.city,
                "postcode": location.postcode,
            }
            if location is not None
            else None
        ),
    }


# --- The service list -----------------------------------------------------------------------

# The longest name search worth running; anything longer is cut, never refused.
MAX_NAME_SEARCH = 100


@dataclass(frozen=True)
class ServiceListFilters:
    name: str = ""
    editorial_state: str | None = None
    category: str | None = None
    overdue_only: bool = False
    page: int = 1

    def as_args(self) -> dict[str, str]:
        """The query string that shows this list again (for paging links)."""
        args: dict[str, str] = {}
        if self.name:
            args["name"] = self.name
        if self.editorial_state:
            args["state"] = self.editorial_state
        if self.category:
            args["category"] = self.category
        if self.overdue_only:
            args["overdue"] = "yes"
        return args


def read_service_list_filters(
    args: Mapping[str, str], category_codes: set[str]
) -> ServiceListFilters:
    """Filters from a query string; anything unknown is ignored rather than refused."""
    state = args.get("state", "")
    category = args.get("category", "")
    return ServiceListFilters(
        name=" ".join(args.get("name", "").split())[:MAX_NAME_SEARCH],
        editorial_state=state if state in EDITORIAL_STATES else None,
        category=category if category in category_codes else None,
        overdue_only=args.get("overdue") == "yes",
        page=parse_page_number(args.get("page")),
    )


def like_pattern(text: str) -> str:
    """A LIKE pattern matching the text anywhere, with LIKE's own wildcards escaped (by \\)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


# --- Provider links -------------------------------------------------------------------------


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def hash_link_token(token: str) -> str:
    """Links are stored hashed: a copy of the database cannot be used to open them. The
    token has 256 random bits, so a plain SHA-256 is enough (no password stretching)."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_hash(stored: str, token: str) -> bool:
    return hmac.compare_digest(stored, hash_link_token(token))


def link_is_open(expires_at: datetime, withdrawn_at: datetime | None, now: datetime) -> bool:
    return withdrawn_at is None and now < _aware(expires_at)


def _aware(moment: datetime) -> datetime:
    # SQLite hands stored moments back without their zone; they were stored as UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# --- Comparing a provider's proposal with the service as it is ------------------------------

# The fields a provider may propose changes to; everything else is the council's to decide.
PROPOSAL_FIELDS = (
    "name",
    "summary",
    "description",
    "eligibility",
    "who_it_suits",
    "how_to_access",
    "email",
    "phone",
    "url",
)


@dataclass(frozen=True)
class Difference:
    field: str
    current: Any
    proposed: Any


def proposal_differences(
    current: Mapping[str, Any], proposed: Mapping[str, Any]
) -> list[Difference]:
    """Field by field, what the proposal would change, in the order the fields are given."""
    return [
        Difference(field, current.get(field), value)
        for field, value in proposed.items()
        if _normal(current.get(field)) != _normal(value)
    ]


def _normal(value: Any) -> Any:
    return "" if value is None else value


def cost_key(option_id: int) -> str:
    return f"cost:{option_id}"


def proposable_values(service: Service) -> dict[str, Any]:
    """The service's current values, in the shape a proposal holds them."""
    values: dict[str, Any] = {field: getattr(service, field) or "" for field in PROPOSAL_FIELDS}
    for option in service.cost_options:
        values[cost_key(option.id)] = option.amount_pence
    return values
