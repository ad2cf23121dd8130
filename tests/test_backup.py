"""The PostgreSQL backup and restore procedure in docs/deployment.md, run for real: dump the
test database, restore it into an empty one, and the portal serves the same records."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, inspect, text

from local_offer.extensions import db
from portal import create_app
from tests.databases import scratch_postgres_database

ROOT = Path(__file__).resolve().parents[1]
BACKUP = ROOT / "scripts" / "backup-postgres"
RESTORE = ROOT / "scripts" / "restore-postgres"


@pytest.fixture
def postgres_app(app: Flask, database_url: str) -> Flask:
    if not database_url.startswith("postgresql"):
        pytest.skip("backups are a PostgreSQL procedure; set TEST_DATABASE_URL")
    return app


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            return {
                table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                for table in tables
            }
    finally:
        engine.dispose()


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own scripts, with arguments we made
        [str(arg) for arg in args], capture_output=True, text=True, check=False
    )


def test_a_backup_restores_into_an_empty_database_and_serves_the_same_records(
    postgres_app: Flask, database_url: str, tmp_path: Path
) -> None:
    dump = tmp_path / "portal.dump"
    with postgres_app.app_context():
        db.session.commit()  # nothing of this test's own is left half-written

    backed_up = run(BACKUP, database_url, dump)
    assert backed_up.returncode == 0, backed_up.stderr
    assert dump.stat().st_size > 0 and not (tmp_path / "portal.dump.partial").exists()

    base = os.environ["TEST_DATABASE_URL"]
    with scratch_postgres_database(base, "portal_restore") as restored_url:
        restored = run(RESTORE, dump, restored_url)
        assert restored.returncode == 0, restored.stderr

        assert row_counts(restored_url) == row_counts(database_url)
        restored_app = create_app({"SQLALCHEMY_DATABASE_URI": restored_url, "TESTING": True})
        try:
            original = postgres_app.test_client().get("/services?q=swimming")
            copy = restored_app.test_client().get("/services?q=swimming")
            assert copy.status_code == 200
            assert _results(copy.get_data(as_text=True)) == _results(
                original.get_data(as_text=True)
            )
        finally:
            with restored_app.app_context():
                db.session.remove()
                db.engine.dispose()

        again = run(RESTORE, dump, restored_url)
        assert again.returncode == 1
        assert "not empty" in again.stderr


def _results(html: str) -> str:
    # The list of results, without the parts of a page that differ on every request.
    results = html.split('id="result-count"', 1)[1].split("</main>", 1)[0]
    return re.sub(r'name="csrf_token" value="[^"]*"', "", results)


def test_the_scripts_explain_how_to_call_them() -> None:
    for script in (BACKUP, RESTORE):
        result = run(script)
        assert result.returncode == 2 and "usage:" in result.stderr
