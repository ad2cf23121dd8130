"""Migrations run from empty to head and back on each database, and match the models."""

from __future__ import annotations

import ast
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from local_offer.extensions import db
from portal import create_app
from tests.databases import scratch_postgres_database

ENV_PY = Path(__file__).resolve().parent.parent / "migrations" / "env.py"


def env_include_object() -> Callable[..., bool]:
    """migrations/env.py's own include_object, so this check skips exactly what autogenerate
    skips. env.py cannot be imported (it runs migrations when loaded), so its definitions of
    include_object and the names it uses are taken from the source."""
    tree = ast.parse(ENV_PY.read_text())
    wanted = [
        node
        for node in tree.body
        if (isinstance(node, ast.FunctionDef) and node.name == "include_object")
        or (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "SEARCH_OBJECTS" for t in node.targets)
        )
    ]
    assert len(wanted) == 2, "env.py defines SEARCH_OBJECTS and include_object"
    namespace: dict[str, Any] = {}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(ENV_PY), "exec"), namespace)  # noqa: S102
    return namespace["include_object"]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    with scratch_postgres_database(base, "portal_migrations") as url:
        yield url


@pytest.fixture
def migrating_app(empty_database_url: str) -> Iterator[Flask]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def schema_objects(engine: Engine) -> set[str]:
    """Every table, index, trigger and view the database holds, apart from its own."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.execute(
                text("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            )
        else:
            rows = connection.execute(
                text(
                    "SELECT c.relkind::text, c.relname FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() "
                    "UNION ALL SELECT 'type', t.typname FROM pg_type t "
                    "JOIN pg_namespace n ON n.oid = t.typnamespace "
                    "WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd')"
                )
            )
        return {f"{kind}:{name}" for kind, name in rows}


def model_tables() -> set[str]:
    return set(db.metadata.tables)


def test_migrations_run_up_down_and_up_again_on_an_empty_database(migrating_app) -> None:
    engine = db.engine
    upgrade()
    tables = set(inspect(engine).get_table_names())
    assert model_tables() <= tables, f"missing after upgrade: {model_tables() - tables}"

    downgrade(revision="base")
    left = set(inspect(engine).get_table_names())
    assert left == {"alembic_version"}
    leftovers = {
        item
        for item in schema_objects(engine)
        if not item.split(":", 1)[1].startswith("alembic_version")
    }
    assert leftovers == set(), "downgrade removes everything, search objects included"

    upgrade()
    assert model_tables() <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    scripts = ScriptDirectory.from_config(migrating_app.extensions["migrate"].migrate.get_config())
    assert head == scripts.get_current_head()


def test_search_objects_exist_after_upgrade(migrating_app) -> None:
    engine = db.engine
    upgrade()
    objects = schema_objects(engine)
    if engine.dialect.name == "sqlite":
        assert "table:service_fts" in objects
        assert {"trigger:service_fts_insert", "trigger:service_fts_delete"} <= objects
    else:
        assert "i:ix_service_search_document" in objects


def test_the_migrated_schema_matches_the_models(migrating_app) -> None:
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_object": env_include_object(), "compare_type": True},
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "a model changed without a migration"


def test_the_schema_check_notices_a_difference(migrating_app) -> None:
    # Proves the check above can fail: drop a table the models have and compare again.
    upgrade()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE feedback"))
        context = MigrationContext.configure(
            connection, opts={"include_object": env_include_object()}
        )
        differences = compare_metadata(context, db.metadata)
    assert any(diff[0] == "add_table" and diff[1].name == "feedback" for diff in differences)


def test_env_include_object_skips_only_the_search_objects() -> None:
    include_object = env_include_object()
    assert include_object(None, "service_fts", "table", True, None) is False
    assert include_object(None, "service_fts_data", "table", True, None) is False
    assert include_object(None, "ix_service_search_document", "index", True, None) is False
    assert include_object(None, "service", "table", True, None) is True
    assert include_object(None, "ix_service_status", "index", True, None) is True
