"""Flask CLI commands for the directory: ``flask local-offer ...``."""

from __future__ import annotations

from flask.cli import AppGroup

cli = AppGroup("local-offer", help="Load, import and export the Local Offer directory.")

# --- demo data and postcodes (local_offer/demo) ---
# Imported here rather than at the top, so each section of this shared file stays self-contained.
import csv as _csv  # noqa: E402
import time as _time  # noqa: E402
from pathlib import Path as _Path  # noqa: E402

import click as _click  # noqa: E402
from sqlalchemy import delete as _delete  # noqa: E402
from sqlalchemy import insert as _insert  # noqa: E402

from . import demo as _demo  # noqa: E402
from .extensions import db as _demo_db  # noqa: E402
from .models import Postcode as _Postcode  # noqa: E402
from .postcodes import batched as _batched  # noqa: E402
from .postcodes import read_onspd as _read_onspd  # noqa: E402

POSTCODE_BATCH_SIZE = 1000


@cli.command("load-demo")
@_click.option("--if-empty", is_flag=True, help="Do nothing if the directory has any services.")
def load_demo_command(if_empty: bool) -> None:
    """Load Brackenshire's demo Local Offer: postcodes, taxonomy, services and pages."""
    session = _demo_db.session
    if if_empty and not _demo.database_is_empty(session):
        _click.echo("The directory already has services, so the demo data was not loaded.")
        return
    started = _time.perf_counter()
    added = _demo.load_demo_data(session)
    _click.echo(f"Loaded {added} demo services in {_time.perf_counter() - started:.1f} s.")


@cli.command("generate-services")
@_click.option("--count", type=_click.IntRange(min=1), required=True, help="How many to add.")
@_click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
def generate_services_command(count: int, seed: int) -> None:
    """Add COUNT made-up services (with organisations) for benchmarks."""
    session = _demo_db.session
    started = _time.perf_counter()
    _demo.ensure_reference_data(session)
    added = _demo.generate_services(session, count, seed=seed)
    session.commit()
    _click.echo(f"Generated {added} services in {_time.perf_counter() - started:.1f} s.")


@cli.command("import-postcodes")
@_click.argument("path", type=_click.Path(dir_okay=False, path_type=_Path))
def import_postcodes_command(path: _Path) -> None:
    """Load postcode centroids from a CSV in the ONS postcode directory (ONSPD) layout.

    Terminated postcodes and those without a grid reference are skipped; postcodes
    already in the directory are replaced.
    """
    session = _demo_db.session
    loaded = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            for batch in _batched(_read_onspd(stream), POSTCODE_BATCH_SIZE):
                # The last row wins when a file repeats a postcode.
                rows = {postcode: (lat, lon) for postcode, lat, lon in batch}
                # Delete then insert: an upsert that SQLite and PostgreSQL both understand.
                session.execute(_delete(_Postcode).where(_Postcode.postcode.in_(list(rows))))
                session.execute(
                    _insert(_Postcode),
                    [
                        {"postcode": postcode, "latitude": lat, "longitude": lon}
                        for postcode, (lat, lon) in rows.items()
                    ],
                )
                loaded += len(rows)
    except OSError as error:
        session.rollback()
        raise _click.ClickException(f"Could not read {path}: {error.strerror}.") from None
    except UnicodeDecodeError:
        session.rollback()
        raise _click.ClickException(f"{path} is not UTF-8 text.") from None
    except (ValueError, _csv.Error) as error:
        session.rollback()
        raise _click.ClickException(f"Nothing was imported. {error}") from None
    session.commit()
    _click.echo(f"Loaded {loaded} postcode" + ("" if loaded == 1 else "s") + f" from {path}.")


# --- import and export (local_offer/interchange) ---
# Imported here rather than at the top, so each section of this shared file stays self-contained.
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TextIO  # noqa: E402

import click  # noqa: E402

from . import interchange  # noqa: E402
from .extensions import db as _db  # noqa: E402
from .oruk import all_services  # noqa: E402

_FILE = click.Path(dir_okay=False, path_type=Path, allow_dash=True)


def _write_text(path: Path, write: Callable[[TextIO], None]) -> None:
    """Write to the file, or to standard output when the path is "-"."""
    if str(path) == "-":
        write(sys.stdout)
        return
    try:
        with path.open("w", encoding="utf-8", newline="") as stream:
            write(stream)
    except OSError as error:
        raise click.ClickException(f"Could not write {path}: {error.strerror}.") from None


def _services(count: int) -> str:
    return f"{count} service" + ("" if count == 1 else "s")


def _import(path: Path, run: Callable[[TextIO], interchange.ImportReport]) -> None:
    """Run an import and say what it did; exit 1 if anything was not imported."""
    try:
        if str(path) == "-":
            report = run(sys.stdin)
        else:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                report = run(stream)
    except OSError as error:
        raise click.ClickException(f"Could not read {path}: {error.strerror}.") from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not UTF-8 text.") from None
    click.echo(report.summary())
    if report.fatal or report.rejected:
        sys.exit(1)


@cli.command("export-csv")
@click.argument("path", type=_FILE)
def export_csv_command(path: Path) -> None:
    """Write every service's unit costs to PATH as CSV ("-" for standard output)."""
    services = all_services(_db.session)
    _write_text(path, lambda stream: interchange.write_csv(services, stream))
    if str(path) != "-":
        click.echo(f"Wrote {_services(len(services))} to {path}.")


@cli.command("import-csv")
@click.argument("path", type=_FILE)
def import_csv_command(path: Path) -> None:
    """Create or update services from a Local Offer CSV (the export-csv layout)."""
    _import(path, lambda stream: interchange.import_csv(_db.session, stream))


@cli.command("export-oruk")
@click.argument("path", type=_FILE)
def export_oruk_command(path: Path) -> None:
    """Write every service, fully nested, to PATH as an Open Referral UK JSON feed."""
    feed = interchange.export_oruk(_db.session)
    _write_text(path, lambda stream: interchange.write_oruk(feed, stream))
    if str(path) != "-":
        click.echo(f"Wrote {_services(len(feed))} to {path}.")


@cli.command("import-oruk")
@click.argument("path", type=_FILE)
def import_oruk_command(path: Path) -> None:
    """Create or update services from Open Referral UK JSON: a list of services or a page."""
    _import(path, lambda stream: interchange.import_oruk(_db.session, stream))


# --- translations of content pages (local_offer/content/translations.py) ---
from .content import translations as _translations  # noqa: E402


@cli.command("translate-page")
@_click.argument("slug")
@_click.argument("language")
@_click.argument("path", type=_click.Path(dir_okay=False, exists=True, path_type=_Path))
def translate_page_command(slug: str, language: str, path: _Path) -> None:
    """Add or replace the LANGUAGE translation of the content page SLUG from a file.

    The file starts with 'title:' and 'summary:' lines, a blank line, then the Markdown."""
    session = _demo_db.session
    try:
        translated = _translations.parse_translation(path.read_text(encoding="utf-8"))
        _translations.save_translation(session, slug, language, translated)
    except (_translations.TranslationFileError, UnicodeDecodeError) as error:
        session.rollback()
        raise _click.ClickException(f"{path}: {error}") from error
    session.commit()
    _click.echo(f"Saved the {language} translation of '{slug}'.")
