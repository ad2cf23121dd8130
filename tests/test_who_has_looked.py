"""A family sees every look at and change to its records by someone outside it: who, in
what role, for whom, what they did, to which record and when, newest first."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.audit import record
from portal.extensions import db
from portal.families.models import FamilyMember
from tests.staff import sign_in_staff
from tests.test_consent import family_id_of, share
from tests.test_families import CHILD, family_with_child, post, signed_in


def family_shared_with_broker(app, access: str = "edit", broker_name: str = "Priya Broker"):
    """A parent with a child, and a broker (signed in) acting for the family."""
    parent, child_id = family_with_child(app)
    broker, broker_user = sign_in_staff(app, "broker", full_name=broker_name)
    assert share(parent, broker_user.email, access).status_code == 302
    family_id = family_id_of(app, child_id)
    assert post(broker, f"/family/broker/act-for/{family_id}").status_code == 302
    return parent, broker, broker_user, child_id, family_id


def parent_ids(app, family_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(FamilyMember.user_id).where(FamilyMember.family_id == family_id)
            )
        )


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_family_page_links_to_who_has_looked(app) -> None:
    parent, _child_id = family_with_child(app)
    assert 'href="/family/who-has-looked"' in parent.get("/family/").get_data(as_text=True)


def test_a_family_nobody_has_looked_at_is_told_so(app) -> None:
    parent, _child_id = family_with_child(app)
    page = parent.get("/family/who-has-looked")
    assert page.status_code == 200
    assert "Nobody outside your family has looked at your records" in text_of(page)


def test_a_parent_sees_a_brokers_looks_and_changes_in_plain_words(app) -> None:
    parent, broker, _broker_user, child_id, _family_id = family_shared_with_broker(app)
    broker.get(f"/family/children/{child_id}")
    post(broker, f"/family/children/{child_id}", {**CHILD, "needs": "Changed by the broker"})
    text = text_of(parent.get("/family/who-has-looked"))
    assert "Priya Broker (Broker)" in text
    assert "Acting for You" in text
    assert "Changed a child’s record" in text
    assert "Looked at a child’s record" in text
    assert "Started acting for the family" in text
    assert "Amira Khan’s record" in text
    # Newest first: the change came after the look.
    assert text.index("Changed a child’s record") < text.index("Looked at a child’s record")


def test_the_familys_own_actions_are_not_listed(app) -> None:
    parent, child_id = family_with_child(app)
    parent.get(f"/family/children/{child_id}")
    post(parent, f"/family/children/{child_id}", {**CHILD, "needs": "Changed by us"})
    assert "Nobody outside your family" in text_of(parent.get("/family/who-has-looked"))


def test_a_council_admin_looking_at_a_parents_account_is_listed(app) -> None:
    parent, child_id = family_with_child(app)
    family_id = family_id_of(app, child_id)
    admin, _admin_user = sign_in_staff(app, "admin", full_name="Alex Admin")
    assert admin.get(f"/admin/users/{parent_ids(app, family_id)[0]}").status_code == 200
    text = text_of(parent.get("/family/who-has-looked"))
    assert "Alex Admin (Administrator)" in text
    assert "Acting for The council" in text
    assert "Looked at the account’s details" in text
    assert "Your account" in text


def test_another_familys_looks_are_not_shown(app) -> None:
    _parent, broker, _user, child_id, _family_id = family_shared_with_broker(
        app, broker_name="Other Family Broker"
    )
    broker.get(f"/family/children/{child_id}")
    stranger, _child = family_with_child(app)
    assert "Other Family Broker" not in text_of(stranger.get("/family/who-has-looked"))


def test_the_list_is_paginated_newest_first(app) -> None:
    parent, _broker, broker_user, child_id, family_id = family_shared_with_broker(app)
    with app.app_context():
        for _ in range(30):
            record(
                "child_viewed",
                actor_id=broker_user.id,
                on_behalf_of_id=parent_ids(app, family_id)[0],
                record_type="child",
                record_id=child_id,
            )
        db.session.commit()
    first = text_of(parent.get("/family/who-has-looked"))
    assert "Next page" in first and "Previous page" not in first
    second = parent.get("/family/who-has-looked?page=2")
    assert second.status_code == 200 and "Previous page" in text_of(second)
    for odd in ("0", "-1", "abc", "99999999999999999999", "%00"):
        assert parent.get(f"/family/who-has-looked?page={odd}").status_code == 200


def test_a_parent_without_a_family_is_sent_to_set_one_up(app) -> None:
    parent = signed_in(app)
    response = parent.get("/family/who-has-looked")
    assert response.status_code == 302 and response.headers["Location"] == "/family/"


def test_only_parents_may_open_who_has_looked(app, client) -> None:
    assert client.get("/family/who-has-looked").headers["Location"].startswith("/sign-in")
    for role in ("officer", "admin", "broker"):
        staff, _user = sign_in_staff(app, role)
        assert staff.get("/family/who-has-looked").status_code == 403
    assert signed_in(app, "young_person").get("/family/who-has-looked").status_code == 403
