"""``flask mail deliver``: the worker that sends queued email (portal/accounts/mail.py).

In production it runs as a second long-lived process beside gunicorn
(``flask mail deliver --loop``, see docs/deployment.md); any number of them may run."""

from __future__ import annotations

import signal
import time
from types import FrameType

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..extensions import db
from .mail import deliver_due
from .models import QueuedEmail

cli = AppGroup("mail", help="Deliver queued email, and see what is waiting.")


@cli.command("deliver")
@click.option(
    "--loop", is_flag=True, help="Keep running, checking for due email every few seconds."
)
@click.option(
    "--interval", default=5.0, show_default=True, help="Seconds between checks with --loop."
)
def deliver_command(loop: bool, interval: float) -> None:
    """Send every queued email that is due: once, or with --loop until stopped (SIGTERM or
    Ctrl-C finish the message being sent first)."""
    stopping = False

    def stop(_signal: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    if loop:
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    while True:
        result = deliver_due()
        if not loop:
            click.echo(
                f"{result.sent} sent, {result.failed} to try again, {result.gave_up} given up."
            )
            return
        if result.sent + result.failed + result.gave_up == 0:
            # Sleep in small steps so a stop request is answered quickly.
            waited = 0.0
            while waited < interval and not stopping:
                time.sleep(0.2)
                waited += 0.2
        if stopping:
            return


@cli.command("status")
def status_command() -> None:
    """How many messages wait, and how many were given up (numbers only)."""
    waiting = db.session.scalar(
        select(func.count(QueuedEmail.id)).where(
            QueuedEmail.sent_at.is_(None), QueuedEmail.gave_up_at.is_(None)
        )
    )
    given_up = db.session.scalar(
        select(func.count(QueuedEmail.id)).where(QueuedEmail.gave_up_at.is_not(None))
    )
    click.echo(f"{waiting} waiting to be sent, {given_up} given up.")
