"""Every page of the portal says who may open it, and pages for signed-in people refuse
everyone else."""

from __future__ import annotations

import pytest

from portal.permissions import PUBLIC

# The Local Offer directory is public by design: anyone may read it, without signing in.
DIRECTORY_BLUEPRINTS = {"directory", "content", "oruk", "open_data", "languages"}


def portal_endpoints(app) -> list[tuple[str, object]]:
    return [
        (rule.endpoint, rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and rule.endpoint.split(".")[0] not in DIRECTORY_BLUEPRINTS
    ]


def test_every_portal_page_declares_who_may_open_it(app) -> None:
    undeclared = [
        endpoint
        for endpoint, _rule in portal_endpoints(app)
        if not hasattr(app.view_functions[endpoint], "access")
    ]
    assert undeclared == [], (
        "Give each of these views @public, @signed_in or @role_required (portal/permissions.py)"
    )


def test_pages_for_signed_in_people_send_everyone_else_to_sign_in(app, client) -> None:
    protected = [
        rule
        for endpoint, rule in portal_endpoints(app)
        if getattr(app.view_functions[endpoint], "access", PUBLIC) != PUBLIC
    ]
    assert protected, "the portal has pages that need signing in"
    for rule in protected:
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", "1").replace(f"<int:{name}>", "1")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            if method == "POST":
                # Refused before the view runs: no token, no session.
                assert response.status_code in (302, 400), f"{method} {path}"
            else:
                assert response.status_code == 302, f"{method} {path}"
                assert response.headers["Location"].startswith("/sign-in"), f"{method} {path}"


@pytest.mark.parametrize("role", ["parent"])
def test_a_role_check_refuses_other_roles_with_403(app, role) -> None:
    from flask import Flask
    from flask_login import login_user

    from portal.accounts.models import User
    from portal.permissions import role_required

    assert isinstance(app, Flask)

    @role_required("officer")
    def officers_only() -> str:
        return "ok"

    with app.test_request_context():
        login_user(User(id=1, email="x@example.com", password_hash="x", role=role))
        with pytest.raises(Exception) as refused:
            officers_only()
        assert getattr(refused.value, "code", None) == 403
        login_user(User(id=2, email="y@example.com", password_hash="x", role="officer"))
        assert officers_only() == "ok"
