"""The previous release keeps working against the new schema.

A release's migration runs before its code takes traffic, so for a while the previous
release's code serves from the new schema (docs/deployment.md, "Migrations": expand, then
contract). This test takes the previous release's code from git (the parent of the commit
that added the newest migration), migrates a fresh database to the new head with the
current code, loads the demo data and a family with a plan, then runs the old code's app
in a subprocess against it and opens its key pages: none may fail."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from local_offer.demo import load_demo_data
from local_offer.extensions import db
from local_offer.models import Service
from portal import create_app
from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.families.models import Child, FamilyMember
from portal.plans.models import SupportPlan
from portal.ras.loading import load_demo_scheme
from tests.conftest import sign_in_with_second_factor
from tests.databases import scratch_postgres_database
from tests.test_families import CHILD, post
from tests.test_plans import add_outcome, custom_line, line_ids, outcome_ids, start_plan

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "lantern biscuit harbour"

# Run by the old code, so it may use only what every release has: create_app, the test
# client, /sign-in with email and password. Prints each path's status as JSON.
OPEN_PAGES = r"""
import json, re, sys
import portal
from portal import create_app

email, password, paths = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
app = create_app()
client = app.test_client()
statuses = {"code from": portal.__file__}
for path in paths["public"]:
    statuses[path] = client.get(path).status_code
page = client.get("/sign-in").get_data(as_text=True)
token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
signed_in = client.post(
    "/sign-in", data={"csrf_token": token, "email": email, "password": password}
)
statuses["POST /sign-in"] = signed_in.status_code
statuses["signed in as"] = signed_in.headers.get("Location")
for path in paths["signed_in"]:
    statuses[path] = client.get(path).status_code
print(json.dumps(statuses))
"""


def previous_release() -> str:
    """The commit before the newest migration file was added: the code that last ran
    against the schema before it."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("no git history here (an exported tree): cannot find the previous release")
    newest = subprocess.run(  # noqa: S603 - fixed arguments
        ["git", "log", "--diff-filter=A", "-n1", "--format=%H", "--", "migrations/versions/"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not newest:
        pytest.skip("git knows no commit that added a migration (a shallow clone?)")
    parent = subprocess.run(  # noqa: S603 - fixed arguments
        ["git", "rev-parse", "--verify", "--quiet", f"{newest}^"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not parent:
        pytest.skip("the commit that added the newest migration has no parent in this clone")
    return parent


def export_tree(commit: str, target: Path) -> None:
    archive = subprocess.run(  # noqa: S603 - fixed arguments, a commit id from git itself
        ["git", "archive", "--format=tar", commit],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'new-schema.db'}"
        return
    with scratch_postgres_database(base, "portal_previous") as url:
        yield url


def a_family_with_a_plan(app: Flask) -> tuple[str, dict[str, int]]:
    """Made through the current code's pages, as the new release would write it."""
    email = f"old-code-{uuid.uuid4().hex[:10]}@example.com"
    with app.app_context():
        db.session.add(User(email=email, password_hash=hash_password(PASSWORD), role="parent"))
        db.session.commit()
    client = app.test_client()
    sign_in_with_second_factor(client, email, PASSWORD)
    post(client, "/family/")
    assert post(client, "/family/children/new", CHILD).status_code == 302
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
        family_id = db.session.scalar(
            select(FamilyMember.family_id).where(FamilyMember.user_id == user_id)
        )
        child_id = db.session.scalar(select(Child.id).where(Child.family_id == family_id))
    plan_id = start_plan(app, client, child_id)
    add_outcome(client, plan_id)
    [outcome_id] = outcome_ids(app, plan_id)
    assert post(client, f"/plans/{plan_id}/support/new", custom_line(outcome_id)).status_code == 302
    [line_id] = line_ids(app, plan_id)
    with app.app_context():
        assert db.session.get(SupportPlan, plan_id) is not None
    return email, {"child": child_id, "plan": plan_id, "line": line_id}


def test_the_previous_release_serves_its_key_pages_from_the_new_schema(
    tmp_path: Path, fresh_database_url: str
) -> None:
    commit = previous_release()
    old_code = tmp_path / "previous-release"
    export_tree(commit, old_code)

    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_database_url, "TESTING": True})
    with app.app_context():
        upgrade()
        load_demo_data(db.session)
        load_demo_scheme(db.session)
        db.session.commit()
        service_id = db.session.scalar(select(Service.id).order_by(Service.id).limit(1))
    email, ids = a_family_with_a_plan(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()

    paths = {
        "public": [
            "/",
            "/services",
            "/services?q=swimming&free=1",
            f"/services/{service_id}",
            "/local-offer.csv",
            "/api/oruk/services",
            "/sign-in",
            "/register",
            "/health/ready",
        ],
        "signed_in": [
            "/account",
            "/family/",
            f"/family/children/{ids['child']}",
            f"/budget/children/{ids['child']}",
            "/plans/",
            f"/plans/{ids['plan']}",
            f"/plans/{ids['plan']}/support/{ids['line']}",
        ],
    }
    environment = {
        **os.environ,
        "DATABASE_URL": fresh_database_url,
        "SECRET_KEY": "previous-release-check-secret-key-0123456789abcdef",
        "PYTHONPATH": str(old_code),
        "PORTAL_ENV": "development",
        "LOG_FORMAT": "text",
    }
    environment.pop("REDIS_URL", None)
    finished = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", OPEN_PAGES, email, PASSWORD, json.dumps(paths)],
        cwd=old_code,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    statuses = json.loads(finished.stdout.strip().splitlines()[-1])

    failing = {
        path: status
        for path, status in statuses.items()
        if isinstance(status, int) and status >= 500
    }
    assert failing == {}, f"the previous release ({commit[:10]}) fails on the new schema"
    assert statuses["code from"].startswith(str(old_code)), "the old code is what ran"
    assert statuses["signed in as"] == "/account", "the old code signs the parent in"
    assert all(status == 200 for path, status in statuses.items() if re.match(r"^/", path)), (
        statuses
    )
