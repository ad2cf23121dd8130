"""Who may open every portal route, written down as a table, and checked for each kind of
person: anonymous, a parent, a young person, a broker without consent, an officer and an
admin. A route with no row in the table fails the first test, so no new page can arrive
without someone deciding who may open it.

Ids in the URLs name records out of the person's reach (another family's child, consent
and family), so "allowed" here never means someone else's record was shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import select

from local_offer.extensions import limiter
from portal.extensions import db
from portal.families.models import Consent
from tests.conftest import csrf_token
from tests.staff import sign_in_staff
from tests.test_consent import family_id_of, share
from tests.test_families import family_with_child, make_user, signed_in
from tests.test_permissions import portal_endpoints

ALLOWED = "allowed"  # the page, a form with its errors, or a redirect within what they may do
SIGN_IN = "sign in"  # sent to the sign-in page
FORBIDDEN = "403"  # signed in, but not a role this route is for
NOT_FOUND = "404"  # not there, or out of reach: the answer does not say which

ROLES = ("anonymous", "parent", "young_person", "broker", "officer", "admin")


def row(
    anonymous: str, parent: str, young_person: str, broker: str, officer: str, admin: str
) -> dict[str, str]:
    return dict(zip(ROLES, (anonymous, parent, young_person, broker, officer, admin), strict=True))


EVERYONE = row(ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
NOBODY_FINDS = row(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
SIGNED_IN = row(SIGN_IN, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
PARENTS = row(SIGN_IN, ALLOWED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
BROKERS = row(SIGN_IN, FORBIDDEN, FORBIDDEN, ALLOWED, FORBIDDEN, FORBIDDEN)
PARENTS_AND_BROKERS = row(SIGN_IN, ALLOWED, FORBIDDEN, ALLOWED, FORBIDDEN, FORBIDDEN)
FAMILY_ACCOUNTS = row(SIGN_IN, ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN, FORBIDDEN)
ADMINS = row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED)
# Another family's records: the parent and a broker without consent find nothing there.
ANOTHER_FAMILYS = row(SIGN_IN, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN)
ANOTHER_FAMILYS_SHARING = row(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
A_FAMILY_THAT_HAS_NOT_SHARED = row(SIGN_IN, FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN)

EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    ("accounts.account", "GET"): SIGNED_IN,
    ("accounts.change_email", "GET"): SIGNED_IN,
    ("accounts.change_email", "POST"): SIGNED_IN,
    ("accounts.change_email_sent", "GET"): SIGNED_IN,
    ("accounts.check_email", "GET"): EVERYONE,
    ("accounts.confirm_email", "GET"): NOBODY_FINDS,
    ("accounts.confirm_email_change", "GET"): NOBODY_FINDS,
    ("accounts.register", "GET"): EVERYONE,
    ("accounts.register", "POST"): EVERYONE,
    ("accounts.reset_password", "GET"): NOBODY_FINDS,
    ("accounts.reset_password", "POST"): NOBODY_FINDS,
    ("accounts.reset_password_done", "GET"): EVERYONE,
    ("accounts.reset_password_request", "GET"): EVERYONE,
    ("accounts.reset_password_request", "POST"): EVERYONE,
    ("accounts.reset_password_sent", "GET"): EVERYONE,
    ("accounts.sign_in", "GET"): EVERYONE,
    ("accounts.sign_in", "POST"): EVERYONE,
    ("accounts.sign_out", "POST"): SIGNED_IN,
    ("accounts.signed_out", "GET"): EVERYONE,
    ("accounts.stay_signed_in", "POST"): SIGNED_IN,
    ("accounts.timed_out", "GET"): EVERYONE,
    ("admin.approval_limit", "POST"): ADMINS,
    ("admin.audit", "GET"): ADMINS,
    ("admin.audit_csv", "GET"): ADMINS,
    ("admin.deactivate", "POST"): ADMINS,
    ("admin.index", "GET"): ADMINS,
    ("admin.invite_again", "POST"): ADMINS,
    ("admin.new_user", "GET"): ADMINS,
    ("admin.new_user", "POST"): ADMINS,
    ("admin.password_set", "GET"): EVERYONE,
    ("admin.reactivate", "POST"): ADMINS,
    ("admin.set_password", "GET"): NOBODY_FINDS,
    ("admin.set_password", "POST"): NOBODY_FINDS,
    ("admin.user", "GET"): ADMINS,
    ("admin.users", "GET"): ADMINS,
    ("families.act_for", "POST"): A_FAMILY_THAT_HAS_NOT_SHARED,
    ("families.add_child", "GET"): PARENTS_AND_BROKERS,
    ("families.add_child", "POST"): PARENTS_AND_BROKERS,
    ("families.broker_families", "GET"): BROKERS,
    ("families.create", "POST"): PARENTS,
    ("families.download", "GET"): PARENTS,
    ("families.edit_child", "GET"): ANOTHER_FAMILYS,
    ("families.edit_child", "POST"): ANOTHER_FAMILYS,
    ("families.overview", "GET"): PARENTS_AND_BROKERS,
    ("families.revoke", "POST"): ANOTHER_FAMILYS_SHARING,
    ("families.sharing", "GET"): PARENTS,
    ("families.sharing", "POST"): PARENTS,
    ("families.stop_acting", "POST"): BROKERS,
    ("pages.accessibility", "GET"): EVERYONE,
    ("pages.cookies", "GET"): EVERYONE,
    ("pages.health", "GET"): EVERYONE,
    ("pages.home", "GET"): EVERYONE,
    ("pages.privacy", "GET"): EVERYONE,
    ("privacy.close", "GET"): FAMILY_ACCOUNTS,
    ("privacy.close", "POST"): FAMILY_ACCOUNTS,
    ("privacy.closed", "GET"): EVERYONE,
    ("privacy.who_has_looked", "GET"): PARENTS,
}

# These end the session they are sent in, so each gets a client of its own.
ENDS_THE_SESSION = {("accounts.sign_out", "POST")}


def routes(app: Flask) -> dict[tuple[str, str], object]:
    return {
        (endpoint, method): rule
        for endpoint, rule in portal_endpoints(app)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    }


def test_every_portal_route_has_a_row_in_the_access_table(app) -> None:
    found = set(routes(app))
    missing = sorted(found - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - found)
    assert missing == [], "Add these routes to EXPECTED, saying who may open them"
    assert stale == [], "These rows name routes that no longer exist"


@dataclass
class Examples:
    """Values for the ids in URLs, each naming a record out of the matrix people's reach."""

    values: dict[str, Callable[[str], str]]


@pytest.fixture(scope="module")
def examples(app) -> Examples:
    other_parent, other_child_id = family_with_child(app)
    other_broker = make_user(app, "broker")
    assert share(other_parent, other_broker).status_code == 302
    family_id = family_id_of(app, other_child_id)
    with app.app_context():
        consent_id = db.session.scalar(
            select(Consent.id).where(Consent.family_id == family_id).order_by(Consent.id.desc())
        )

    def target(endpoint: str) -> str:
        # A fresh account for each admin action, so one action never changes another's answer.
        role = "officer" if endpoint in ("admin.user", "admin.approval_limit") else "broker"
        return make_user_id(app, role)

    return Examples(
        {
            "child_id": lambda _endpoint: str(other_child_id),
            "consent_id": lambda _endpoint: str(consent_id),
            "family_id": lambda _endpoint: str(family_id),
            "user_id": target,
            "token": lambda _endpoint: "not-a-real-token",
        }
    )


def make_user_id(app, role: str) -> str:
    from portal.accounts.models import User

    email = make_user(app, role)
    with app.app_context():
        return str(db.session.scalar(select(User.id).where(User.email == email)))


def client_for(app, role: str):
    if role == "anonymous":
        return app.test_client()
    if role == "parent":
        parent, _child_id = family_with_child(app)
        return parent
    if role == "young_person":
        return signed_in(app, "young_person")
    # The broker has no consent from anyone.
    client, _user = sign_in_staff(app, role)
    return client


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers["Location"]
        return SIGN_IN if location.startswith("/sign-in") else ALLOWED
    if response.status_code < 400:
        return ALLOWED
    return str(response.status_code)


def url_for_rule(rule, endpoint: str, examples: Examples) -> str:
    path = rule.rule
    for name in rule.arguments:
        value = examples.values[name](endpoint)
        path = path.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
    return path


@pytest.mark.parametrize("role", ROLES)
def test_each_route_answers_each_role_as_the_table_says(app, examples, role) -> None:
    client = client_for(app, role)
    wrong = []
    for (endpoint, method), rule in sorted(routes(app).items(), key=lambda item: item[0]):
        expected = EXPECTED[(endpoint, method)][role]
        path = url_for_rule(rule, endpoint, examples)
        this_client = client_for(app, role) if (endpoint, method) in ENDS_THE_SESSION else client
        with app.app_context():
            limiter.reset()
        if method == "GET":
            response = this_client.get(path)
        else:
            token = csrf_token(this_client.get("/sign-in").get_data(as_text=True))
            response = this_client.open(path, method=method, data={"csrf_token": token})
        assert response.status_code < 500, f"{method} {path} answered {response.status_code}"
        if outcome(response) != expected:
            wrong.append(f"{method} {path}: expected {expected}, got {response.status_code}")
    assert wrong == []


def test_a_parent_trying_the_admin_pages_is_refused(app) -> None:
    parent, _child_id = family_with_child(app)
    assert parent.get("/admin/").status_code == 403
    assert parent.get("/admin/audit").status_code == 403
    assert parent.get("/admin").status_code in (301, 308)


def test_an_officer_trying_the_staff_accounts_page_is_refused(app) -> None:
    officer, _user = sign_in_staff(app, "officer")
    assert officer.get("/admin/users").status_code == 403
    assert officer.get("/admin/users/new").status_code == 403
