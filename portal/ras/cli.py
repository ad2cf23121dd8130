"""``flask ras ...``: load and list Resource Allocation System scheme versions."""

from __future__ import annotations

from pathlib import Path

import click
import yaml
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from .loading import load_demo_scheme, load_scheme
from .models import RasScheme
from .presentation import save_translation
from .scheme import SchemeError

cli = AppGroup("ras", help="Load and list Resource Allocation System schemes.")

OUTCOMES = {
    "added": "Loaded",
    "unchanged": "Already loaded, unchanged:",
    "replaced": "Replaced (no assessment had used it):",
}


@cli.command("load-scheme")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_scheme_command(path: Path) -> None:
    """Check a scheme file (YAML or JSON) and load it as a new version."""
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not a UTF-8 text file.") from None
    try:
        loaded = load_scheme(db.session, content)
    except SchemeError as error:
        db.session.rollback()
        lines = "\n".join(f"  - {p}" for p in error.problems)
        raise click.ClickException(f"{path} cannot be loaded:\n{lines}") from None
    db.session.commit()
    scheme = loaded.scheme
    click.echo(f"{OUTCOMES[loaded.outcome]} {scheme.scheme_key} version {scheme.version}.")


@cli.command("load-translation")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_translation_command(path: Path) -> None:
    """Check a translation of a loaded scheme version's words and keep it.

    Translations are words only: loading or fixing one never changes the scheme version
    or any assessment's result.
    """
    try:
        content = path.read_text(encoding="utf-8")
        head = yaml.safe_load(content)
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not a UTF-8 text file.") from None
    except yaml.YAMLError:
        head = None
    key = head.get("scheme") if isinstance(head, dict) else None
    version = head.get("version") if isinstance(head, dict) else None
    scheme = db.session.scalar(
        select(RasScheme).where(RasScheme.scheme_key == str(key), RasScheme.version == str(version))
    )
    if scheme is None:
        raise click.ClickException(
            f"{path} cannot be loaded: it must start with the 'scheme' and 'version' of a "
            f"loaded scheme (it names {key} version {version}). See: flask ras list"
        )
    try:
        translation = save_translation(scheme, content)
    except SchemeError as error:
        lines = "\n".join(f"  - {p}" for p in error.problems)
        raise click.ClickException(f"{path} cannot be loaded:\n{lines}") from None
    click.echo(
        f"Loaded the {translation.language} words for {scheme.scheme_key} version "
        f"{scheme.version} ({len(translation.words)} pieces of text)."
    )


@cli.command("load-demo")
def load_demo_command() -> None:
    """Load the demo scheme (Brackenshire 2026), if it is not loaded already."""
    loaded = load_demo_scheme(db.session)
    db.session.commit()
    click.echo(f"{OUTCOMES[loaded.outcome]} {loaded.scheme.scheme_key} {loaded.scheme.version}.")


@cli.command("list")
def list_command() -> None:
    """List every scheme version, newest first, and whether assessments have used it."""
    schemes = db.session.scalars(select(RasScheme).order_by(RasScheme.loaded_at.desc())).all()
    if not schemes:
        click.echo("No schemes are loaded. Load one with: flask ras load-scheme PATH")
    for scheme in schemes:
        used = "used" if scheme.is_used(db.session) else "not used yet"
        click.echo(
            f"{scheme.scheme_key} {scheme.version} ({used}, loaded "
            f"{scheme.loaded_at:%Y-%m-%d %H:%M}): {scheme.title}"
        )
