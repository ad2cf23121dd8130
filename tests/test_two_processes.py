"""Two app processes on different ports sharing one database and one Redis, as several
hosts behind a load balancer would: a sign-in on one holds on the other, signing out on
one ends the session on both, and the sign-in throttle counts across both.

Runs the real thing: two gunicorn processes started from gunicorn.conf.py."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode

import pytest
import redis
from flask import Flask

from local_offer.extensions import db
from portal.accounts.models import User
from portal.accounts.passwords import hash_password

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = "redis://127.0.0.1:6379/14"
PASSWORD = "lantern biscuit harbour"
SECRET = "two-processes-share-this-secret-key-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app process stopped: {process.stderr.read()!r}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(f"{base}/health/ready", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{base} never became ready")


@pytest.fixture(scope="module")
def two_processes(app: Flask, database_url: str) -> Iterator[tuple[str, str]]:
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": SECRET,
        "WEB_CONCURRENCY": "1",
        "FLASK_APP": "wsgi",
    }
    processes, bases = [], []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(  # noqa: S603 - our own server, our own arguments
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env={**env, "BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(process)
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base, process in zip(bases, processes, strict=True):
            wait_until_ready(base, process)
        yield bases[0], bases[1]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
            process.stderr.close()  # type: ignore[union-attr]
        redis.Redis.from_url(REDIS_URL).flushdb()


class Browser:
    """One person's cookies, used against either process (cookies do not depend on port)."""

    def __init__(self) -> None:
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=10) as response:
                return response.status, response.read().decode()
        except HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url: str, form: dict[str, str]) -> tuple[int, str]:
        _status, page = self.get(url)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token, f"{url} has a form with a CSRF token"
        data = urlencode({**form, "csrf_token": token.group(1)}).encode()
        try:
            with self.opener.open(url, data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except HTTPError as error:
            return error.code, error.read().decode()


def new_parent(app: Flask) -> str:
    email = f"two-{uuid.uuid4().hex[:10]}@example.com"
    with app.app_context():
        db.session.add(User(email=email, password_hash=hash_password(PASSWORD), role="parent"))
        db.session.commit()
    return email


def test_signed_in_on_one_process_is_signed_in_on_the_other(
    app: Flask, two_processes: tuple[str, str]
) -> None:
    first, second = two_processes
    browser = Browser()
    email = new_parent(app)

    browser.post(f"{first}/sign-in", {"email": email, "password": PASSWORD})
    status, page = browser.get(f"{second}/account")

    assert status == 200 and email in page


def test_signing_out_on_one_process_ends_the_session_on_the_other(
    app: Flask, two_processes: tuple[str, str]
) -> None:
    first, second = two_processes
    browser = Browser()
    email = new_parent(app)
    browser.post(f"{first}/sign-in", {"email": email, "password": PASSWORD})
    # Someone keeps a copy of the signed-in cookie from before the sign-out.
    kept_copy = Browser()
    for cookie in browser.cookies:
        kept_copy.cookies.set_cookie(cookie)

    browser.post(f"{second}/sign-out", {})
    _status, page = kept_copy.get(f"{first}/account")

    assert email not in page, "the old cookie no longer opens the account on either process"


def test_the_sign_in_throttle_counts_across_both_processes(
    app: Flask, two_processes: tuple[str, str]
) -> None:
    first, second = two_processes
    email = new_parent(app)
    statuses = []
    for attempt in range(6):
        browser = Browser()
        base = first if attempt % 2 == 0 else second
        status, _page = browser.post(
            f"{base}/sign-in", {"email": email, "password": "not the password"}
        )
        statuses.append(status)

    # Five wrong passwords for one account in 15 minutes, three on each process: the
    # sixth is refused wherever it lands.
    assert statuses == [200, 200, 200, 200, 200, 429]


def form_on(browser: Browser, url: str) -> dict[str, str]:
    """The hidden fields of the form on a page as one person opened it: the CSRF token and
    the plan's lock number at that moment."""
    status, page = browser.get(url)
    assert status == 200, f"{url} opened"
    fields = {}
    for name in ("csrf_token", "lock_version"):
        found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
            rf'value="([^"]*)"[^>]*name="{name}"', page
        )
        assert found, f"{url} has {name}"
        fields[name] = found.group(1)
    return fields


def submit(browser: Browser, url: str, form: dict[str, object]) -> tuple[int, str]:
    data = urlencode(form, doseq=True).encode()
    try:
        with browser.opener.open(url, data=data, timeout=30) as response:
            return response.status, response.read().decode()
    except HTTPError as error:
        return error.code, error.read().decode()


def test_two_parents_saving_one_plan_line_on_two_processes_get_the_conflict_page(
    app: Flask, two_processes: tuple[str, str]
) -> None:
    from sqlalchemy import select

    from local_offer.extensions import limiter
    from portal.families.models import Child, FamilyMember
    from portal.plans.models import PlanLine, SupportPlan
    from tests.conftest import sign_in_with_second_factor
    from tests.test_families import CHILD, post
    from tests.test_plans import add_outcome, custom_line, line_ids, outcome_ids, start_plan

    first, second = two_processes
    # One family with two parents, a child and a plan with one line, made in-process.
    mother, father = new_parent(app), new_parent(app)
    setup = app.test_client()
    with app.app_context():
        limiter.reset()
    sign_in_with_second_factor(setup, mother, PASSWORD)
    post(setup, "/family/")
    assert post(setup, "/family/children/new", CHILD).status_code == 302
    with app.app_context():
        mother_id, father_id = (
            db.session.scalar(select(User.id).where(User.email == email))
            for email in (mother, father)
        )
        family_id = db.session.scalar(
            select(FamilyMember.family_id).where(FamilyMember.user_id == mother_id)
        )
        child_id = db.session.scalar(select(Child.id).where(Child.family_id == family_id))
        db.session.add(FamilyMember(family_id=family_id, user_id=father_id))
        db.session.commit()
    plan_id = start_plan(app, setup, child_id)
    add_outcome(setup, plan_id)
    [outcome_id] = outcome_ids(app, plan_id)
    assert post(setup, f"/plans/{plan_id}/support/new", custom_line(outcome_id)).status_code == 302
    [line_id] = line_ids(app, plan_id)
    path = f"/plans/{plan_id}/support/{line_id}"

    hers, his = Browser(), Browser()
    hers.post(f"{first}/sign-in", {"email": mother, "password": PASSWORD})
    his.post(f"{second}/sign-in", {"email": father, "password": PASSWORD})
    # Both open the same line, each on their own process, before either saves.
    her_form = form_on(hers, f"{first}{path}")
    his_form = form_on(his, f"{second}{path}")
    assert her_form["lock_version"] == his_form["lock_version"]

    her_status, _page = submit(
        hers, f"{first}{path}", {**custom_line(outcome_id, quantity="4"), **her_form}
    )
    his_status, his_page = submit(
        his,
        f"{second}{path}",
        {**custom_line(outcome_id, quantity="5", frequency="month"), **his_form},
    )

    assert her_status == 200, "her save went through (and the redirect was followed)"
    assert his_status == 409
    assert "Someone else changed the plan" in his_page
    assert "Every month" in his_page and "Every week" in his_page, "both versions are shown"
    assert 'name="quantity" value="5"' in his_page, "his answers are kept to save on purpose"
    with app.app_context():
        line = db.session.get(PlanLine, line_id)
        assert (line.quantity, line.frequency) == ("4", "week"), "hers stands, not overwritten"
        version = db.session.get(SupportPlan, plan_id).current
        assert version.lock_version == int(her_form["lock_version"]) + 1
