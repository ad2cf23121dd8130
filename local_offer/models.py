"""The Local Offer directory's data, in the shape of Open Referral UK 3.0.

Models hold data and relationships; the rules (search, money, distance) live in
plain modules beside this one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")
# Searches and lists show active services; a service's own page (and the compare list)
# stays open while it is temporarily closed, with a notice, so a family's link works.
LISTED_STATUS = "active"
PUBLIC_STATUSES = ("active", "temporarily closed")

# The council's own editorial state, apart from the ORUK status above (which says whether
# the service itself is running): only published services reach the public directory,
# its API and its CSV. Imported and demo services arrive published.
EDITORIAL_STATES = ("draft", "published", "archived")
PUBLISHED = "published"

# Units councils price services in. "free" marks a service with no charge to the family.
COST_UNITS = ("hour", "session", "day", "night", "week", "item", "mile", "free")

# Taxonomy vocabularies the directory filters on.
VOCABULARIES = ("category", "need", "accessibility", "funding-stream")


# Ids are 32-bit integers on PostgreSQL; a larger number from a URL or form is no id at all.
MAX_ID = 2_147_483_647


def is_record_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def new_uuid() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


service_taxonomy = Table(
    "service_taxonomy",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id", ondelete="CASCADE"), primary_key=True),
    # Filters look services up by term; the primary key only serves lookups by service.
    Index("ix_service_taxonomy_term_id", "term_id", "service_id"),
)


class Organisation(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254))
    url: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(40))
    charity_number: Mapped[str | None] = mapped_column(String(20))

    services: Mapped[list[Service]] = relationship(back_populates="organisation")


class TaxonomyTerm(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "taxonomy_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    vocabulary: Mapped[str] = mapped_column(String(40), index=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Service(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "service"
    __table_args__ = (
        CheckConstraint(
            "minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age",
            name="age_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    eligibility: Mapped[str] = mapped_column(Text, default="")
    who_it_suits: Mapped[str] = mapped_column(Text, default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    how_to_access: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated ISO 639-1 codes, such as "en,pl,ur".
    languages: Mapped[str] = mapped_column(String(100), default="en")
    minimum_age: Mapped[int | None] = mapped_column(Integer)
    maximum_age: Mapped[int | None] = mapped_column(Integer)
    accepts_direct_payment: Mapped[bool] = mapped_column(Boolean, default=False)
    accepts_managed_account: Mapped[bool] = mapped_column(Boolean, default=False)
    council_arranged: Mapped[bool] = mapped_column(Boolean, default=False)
    last_checked: Mapped[date | None] = mapped_column(Date)
    editorial_state: Mapped[str] = mapped_column(
        String(20), default=PUBLISHED, server_default=PUBLISHED, index=True
    )
    last_modified: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    # Denormalised from cost options and taxonomy by local_offer.indexing so search
    # can filter, sort and rank without joins.
    is_free: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    hourly_cost_pence: Mapped[int | None] = mapped_column(Integer, index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship(back_populates="services")
    cost_options: Mapped[list[CostOption]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="CostOption.id"
    )
    terms: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=service_taxonomy, order_by="TaxonomyTerm.position"
    )
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceAtLocation.id"
    )
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Schedule.id"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Contact.id"
    )
    cost_changes: Mapped[list[CostChange]] = relationship(
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="(CostChange.changed_at.desc(), CostChange.id.desc())",
    )

    def terms_in(self, vocabulary: str) -> list[TaxonomyTerm]:
        return [term for term in self.terms if term.vocabulary == vocabulary]

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES and self.editorial_state == PUBLISHED

    @property
    def locations(self) -> list[Location]:
        return [link.location for link in self.service_at_locations]


class CostOption(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "cost_option"
    __table_args__ = (
        CheckConstraint("amount_pence >= 0", name="amount_not_negative"),
        CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0", name="duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(200), default="")
    amount_pence: Mapped[int] = mapped_column(Integer, default=0)
    unit: Mapped[str] = mapped_column(String(20))
    includes: Mapped[str] = mapped_column(Text, default="")
    # How long a session, day or night lasts, so its cost per hour can be compared.
    duration_minutes: Mapped[int | None] = mapped_column(Integer)

    service: Mapped[Service] = relationship(back_populates="cost_options")


class CostChange(db.Model):  # type: ignore[name-defined,misc]
    """A change to the amount of one of a service's cost options, kept for good.

    Added when an option is priced (no previous amount), repriced, or removed (no new
    amount), so a family or an officer can see what a service cost before and when it changed.
    """

    __tablename__ = "cost_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    # Kept after the option is removed, so the history still says what it was.
    cost_option_id: Mapped[int | None] = mapped_column(
        ForeignKey("cost_option.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(20))
    previous_pence: Mapped[int | None] = mapped_column(Integer)
    new_pence: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Who made the change, in words: the directory stands alone, without the portal's accounts.
    changed_by: Mapped[str] = mapped_column(String(254), default="")

    service: Mapped[Service] = relationship(back_populates="cost_changes")
    cost_option: Mapped[CostOption | None] = relationship()


class Location(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200), default="")
    address_1: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    # Coordinates are not money; floats are the honest type for them.
    latitude: Mapped[float | None] = mapped_column(Float, index=True)
    longitude: Mapped[float | None] = mapped_column(Float)
    accessibility: Mapped[str] = mapped_column(Text, default="")


class ServiceAtLocation(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "service_at_location"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )

    service: Mapped[Service] = relationship(back_populates="service_at_locations")
    location: Mapped[Location] = relationship()


class Schedule(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    # iCalendar day codes, comma-separated: "MO,WE,SA".
    byday: Mapped[str] = mapped_column(String(40), default="")
    opens_at: Mapped[str | None] = mapped_column(String(5))
    closes_at: Mapped[str | None] = mapped_column(String(5))
    term_time_only: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")

    service: Mapped[Service] = relationship(back_populates="schedules")


class Contact(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))

    service: Mapped[Service] = relationship(back_populates="contacts")


class Postcode(db.Model):  # type: ignore[name-defined,misc]
    """A postcode's centroid, from the ONS postcode directory."""

    __tablename__ = "postcode"

    # Stored in the ONS "pcds" form: upper case with one space, "BK1 2AB".
    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


class ContentPage(db.Model):  # type: ignore[name-defined,misc]
    """A page of the Local Offer the council writes, in Markdown."""

    __tablename__ = "content_page"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    translations: Mapped[list[ContentPageTranslation]] = relationship(
        back_populates="page", cascade="all, delete-orphan"
    )


class ContentPageTranslation(db.Model):  # type: ignore[name-defined,misc]
    """A content page in another language. A page with no translation for the reader's
    language is shown in English, marked as English."""

    __tablename__ = "content_page_translation"
    __table_args__ = (UniqueConstraint("page_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("content_page.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    page: Mapped[ContentPage] = relationship(back_populates="translations")


class Feedback(db.Model):  # type: ignore[name-defined,misc]
    """A comment from the public on the Local Offer or one service, and the council's reply."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("service.id", ondelete="SET NULL"), index=True
    )
    message: Mapped[str] = mapped_column(Text)
    # Contact details are optional and never published.
    name: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The council's published summary of what was said, and what it did.
    you_said: Mapped[str] = mapped_column(Text, default="")
    we_did: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    service: Mapped[Service | None] = relationship()
