"""``flask accounts ...``: staff and broker accounts, which nobody can register for
themselves, and the development outbox."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from local_offer.models import utcnow
from local_offer.money import pounds_to_pence

from ..audit import record
from ..extensions import db
from .mail import send_email
from .models import ROLES, OutboxMessage, User, new_session_token
from .passwords import hash_password, password_problem
from .second_factor import required_for
from .signing_in import second_factor_of, turn_off

cli = AppGroup(
    "accounts",
    help="Create staff and broker accounts, reset 2-step verification, read the email outbox.",
)


@cli.command("create-user")
@click.option("--email", required=True, help="Their work email address.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--approval-limit",
    default=None,
    help="For officers: the most a plan they approve may cost a year, in pounds.",
)
@click.option("--name", default=None, help="Their full name, which families see.")
@click.password_option(help="Their first password; they can change it after signing in.")
def create_user(
    email: str, role: str, approval_limit: str | None, password: str, name: str | None = None
) -> None:
    email = email.strip().lower()
    if db.session.scalar(select(User).where(User.email == email)):
        raise click.ClickException(f"{email} already has an account.")
    problem = password_problem(password, [email])
    if problem:
        raise click.ClickException(f"That password is {problem.replace('_', ' ')}.")
    limit = None
    if approval_limit is not None:
        if role != "officer":
            raise click.ClickException("Only officers have an approval limit.")
        limit = pounds_to_pence(approval_limit)
        if limit is None:
            raise click.ClickException("Give the approval limit in pounds, like 25000.")
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role,
        approval_limit_pence=limit,
        full_name=name.strip()[:200] if name else None,
        # An administrator vouches for a staff address.
        email_confirmed_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    record("account_created", subject_id=user.id, after={"email": email, "role": role})
    db.session.commit()
    click.echo(f"Created a {role} account for {email}.")


@cli.command("outbox")
@click.option("--to", default=None, help="Only messages to this address.")
@click.option("--last", default=5, show_default=True, help="How many of the latest to show.")
def outbox(to: str | None, last: int) -> None:
    """Show the latest email the portal sent (development and tests keep it here)."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(last)
    if to:
        query = query.where(OutboxMessage.to == to.strip().lower())
    messages = list(db.session.scalars(query))
    if not messages:
        click.echo("The outbox is empty.")
    for message in reversed(messages):
        click.echo(f"To: {message.to}\nSubject: {message.subject}\nSent: {message.sent_at}\n")
        click.echo(message.body + "\n" + "-" * 60)


@cli.command("reset-2fa")
@click.argument("email")
def reset_second_factor(email: str) -> None:
    """Turn off a user's 2-step verification (a lost phone and lost recovery codes), and
    sign them out everywhere. Staff and brokers set it up again when they next sign in."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"There is no account for {email}.")
    had_it = second_factor_of(user) is not None
    turn_off(user)
    user.session_token = new_session_token()
    record("second_factor_reset", subject_id=user.id, before={"on": had_it}, after={"on": False})
    send_email(
        user.email,
        _l("2-step verification was reset on your account"),
        _l(
            "An administrator reset 2-step verification on your Local Offer account and "
            "signed you out everywhere. If you did not ask for this, contact the council."
        ),
        language=user.preferred_language,
    )
    db.session.commit()
    click.echo(
        f"Reset 2-step verification for {user.email} and signed them out everywhere. "
        + ("They will set it up again when they next sign in." if required_for(user.role) else "")
    )
