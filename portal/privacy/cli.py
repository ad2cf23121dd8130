"""``flask accounts apply-retention``: run daily; it does nothing when nothing is due."""

from __future__ import annotations

import click
from flask import current_app

from local_offer.models import utcnow

from ..accounts.cli import cli
from ..extensions import db
from .closure import apply_retention


@cli.command("apply-retention")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if it were this day (YYYY-MM-DD); for checking what a later run will do.",
)
def apply_retention_command(today: object) -> None:
    """Remove personal data from accounts closed longer ago than the retention period
    (CLOSED_ACCOUNT_RETENTION_DAYS), keeping the audit trail under anonymous references."""
    now = utcnow()
    day = today.date() if today is not None else now.date()  # type: ignore[attr-defined]
    days = current_app.config["CLOSED_ACCOUNT_RETENTION_DAYS"]
    result = apply_retention(db.session, day, days, now)
    db.session.commit()
    click.echo(
        f"Retention of {days} days on {day.isoformat()}: "
        f"{len(result.accounts)} accounts, {result.children} children's records and "
        f"{result.families} families anonymised; {result.kept_records} kept records past "
        "their own retention anonymised."
    )


__all__ = ["apply_retention_command"]
