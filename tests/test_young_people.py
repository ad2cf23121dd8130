"""A young person with their own account sees only what is about them, writes their views
in private, and decides who sees them; from 16 they decide about their broker too."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask_login import login_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from portal.accounts.models import User
from portal.audit import AuditEvent
from portal.extensions import db
from portal.families.access import child_in_reach, current_access, own_record
from portal.families.models import Child, Consent, YoungPersonViews
from tests.test_consent import family_id_of, share, sign_in_as
from tests.test_families import make_user, post, signed_in
from tests.test_invitations import born_years_ago, young_person_signed_in

VIEWS = {
    "liked_and_admired": "I am kind and I make people laugh.",
    "important_to_me": "My dog Biscuit.",
    "how_to_support_me": "Tell me what will happen next.",
    "my_future": "I want to work with animals.",
}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def write_views(young, **change: str):
    return post(young, "/my-space/my-views", {**VIEWS, **change})


def choose_sharing(young, family: str, broker: str | None = None):
    data = {"family": family}
    if broker is not None:
        data["broker"] = broker
    return post(young, "/my-space/who-can-see", data)


def make_sixteen(app, child_id: int) -> None:
    with app.app_context():
        db.session.get(Child, child_id).date_of_birth = born_years_ago(17)
        db.session.commit()


def broker_for_family(app, parent, child_id: int):
    broker_email = make_user(app, "broker")
    assert share(parent, broker_email).status_code == 302
    broker = sign_in_as(app, broker_email)
    assert post(broker, f"/family/broker/act-for/{family_id_of(app, child_id)}").status_code == 302
    return broker


# What a young person can reach


def test_a_young_person_sees_their_own_space_and_record(app) -> None:
    _parent, young, teenager, _younger = young_person_signed_in(app)
    home = text_of(young.get("/my-space/"))
    assert "Hello, Amira." in home and "Your views are private." in home
    about = text_of(young.get("/my-space/about-me"))
    assert "Amira Khan" in about and "You cannot change it here." in about
    assert 'name="first_name"' not in about


def test_a_young_person_cannot_reach_a_siblings_record_or_the_familys_pages(app) -> None:
    _parent, young, teenager, younger = young_person_signed_in(app)
    for path in (
        f"/family/children/{younger}",
        f"/family/children/{teenager}",
        f"/family/children/{younger}/views",
        "/family/",
        "/family/people",
        "/family/sharing",
        "/family/your-data.json",
        "/family/children/new",
        "/family/broker",
    ):
        response = young.get(path)
        assert response.status_code == 403, path
        assert "Bilal" not in response.get_data(as_text=True), path
    assert post(young, f"/family/children/{younger}", {"first_name": "X"}).status_code == 403
    assert "Bilal" not in young.get("/my-space/").get_data(as_text=True)
    assert "Bilal" not in young.get("/my-space/about-me").get_data(as_text=True)


def test_the_access_rules_give_a_young_person_their_own_record_read_only(app) -> None:
    _parent, _young, teenager, younger = young_person_signed_in(app)
    with app.test_request_context():
        user = db.session.scalars(
            select(User).where(User.role == "young_person").order_by(User.id.desc())
        ).first()
        login_user(user)
        assert current_access(user, date.today()) is None
        assert own_record(user).child.id == teenager
        child, access = child_in_reach(user, teenager, date.today(), to_change=False)
        assert child.id == teenager and not access.can_edit
        for child_id, to_change, code in (
            (younger, False, 404),
            (teenager, True, 403),
            (99999999999, False, 404),
        ):
            with pytest.raises(HTTPException) as refused:
                child_in_reach(user, child_id, date.today(), to_change=to_change)
            assert refused.value.code == code


def test_a_young_person_account_without_a_record_has_no_space(app) -> None:
    lonely = signed_in(app, "young_person")
    for path in ("/my-space/", "/my-space/about-me", "/my-space/my-views", "/my-space/who-can-see"):
        assert lonely.get(path).status_code == 404, path


@pytest.mark.parametrize("role", ["parent", "broker", "officer", "admin"])
def test_only_young_people_have_a_space(app, role) -> None:
    client = signed_in(app, role)
    for path in ("/my-space/", "/my-space/about-me", "/my-space/my-views", "/my-space/who-can-see"):
        assert client.get(path).status_code == 403, path


# Views, private until shared


def test_views_are_private_by_default_and_parents_see_not_shared_yet(app) -> None:
    parent, young, teenager, _younger = young_person_signed_in(app)
    assert write_views(young).headers["Location"] == "/my-space/?saved=views"
    assert "Your views are saved." in text_of(young.get("/my-space/?saved=views"))
    page = young.get("/my-space/my-views").get_data(as_text=True)
    assert "My dog Biscuit." in page

    seen = text_of(parent.get(f"/family/children/{teenager}/views"))
    assert "Amira has not shared their views yet." in seen
    assert "Biscuit" not in seen
    assert "Biscuit" not in parent.get("/family/your-data.json").get_data(as_text=True)
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "young_person_views_saved")
        ).all()
        assert events and all("Biscuit" not in (event.after or "") for event in events)


def test_sharing_with_the_family_lets_parents_read_the_views_and_stopping_hides_them(app) -> None:
    parent, young, teenager, _younger = young_person_signed_in(app)
    write_views(young)
    assert choose_sharing(young, "yes").status_code == 302
    assert "Your family can see your views." in text_of(young.get("/my-space/"))
    seen = text_of(parent.get(f"/family/children/{teenager}/views"))
    assert "My dog Biscuit." in seen and "I want to work with animals." in seen

    choose_sharing(young, "no")
    assert "Biscuit" not in parent.get(f"/family/children/{teenager}/views").get_data(as_text=True)
    with app.app_context():
        changes = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "young_person_sharing_changed")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert '"shared_with_family": true' in changes.before
        assert '"shared_with_family": false' in changes.after


def test_the_overview_links_to_a_young_persons_views_only_for_those_with_an_account(app) -> None:
    parent, _young, teenager, younger = young_person_signed_in(app)
    page = parent.get("/family/").get_data(as_text=True)
    assert f"/family/children/{teenager}/views" in page
    assert f"/family/children/{younger}/views" not in page
    assert parent.get(f"/family/children/{younger}/views").status_code == 404


def test_another_family_cannot_see_a_young_persons_views(app) -> None:
    _parent, young, teenager, _younger = young_person_signed_in(app)
    write_views(young)
    choose_sharing(young, "yes")
    stranger = signed_in(app)
    post(stranger, "/family/")
    assert stranger.get(f"/family/children/{teenager}/views").status_code == 404


def test_under_sixteen_a_broker_sees_the_views_only_when_shared_with_the_family(app) -> None:
    parent, young, teenager, _younger = young_person_signed_in(app)
    write_views(young)
    broker = broker_for_family(app, parent, teenager)
    assert "Biscuit" not in broker.get(f"/family/children/{teenager}/views").get_data(as_text=True)
    page = young.get("/my-space/who-can-see").get_data(as_text=True)
    assert 'name="broker"' not in page
    choose_sharing(young, "yes", broker="no")
    assert "Biscuit" in broker.get(f"/family/children/{teenager}/views").get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.record_type == "child", AuditEvent.record_id == teenager
            )
        ).all()
        assert "young_person_views_refused" in actions and "young_person_views_viewed" in actions


def test_from_sixteen_the_young_person_decides_about_their_family_and_broker_apart(app) -> None:
    parent, young, teenager, _younger = young_person_signed_in(app)
    make_sixteen(app, teenager)
    write_views(young)
    page = text_of(young.get("/my-space/who-can-see"))
    assert "You are 16 or older." in page and "So you decide who sees your views." in page
    assert 'name="broker"' in page
    broker = broker_for_family(app, parent, teenager)

    choose_sharing(young, "yes", broker="no")
    assert "Biscuit" in parent.get(f"/family/children/{teenager}/views").get_data(as_text=True)
    refused = text_of(broker.get(f"/family/children/{teenager}/views"))
    assert "Biscuit" not in refused and "16 or older, so they decide" in refused

    choose_sharing(young, "no", broker="yes")
    assert "Biscuit" not in parent.get(f"/family/children/{teenager}/views").get_data(as_text=True)
    assert "Biscuit" in broker.get(f"/family/children/{teenager}/views").get_data(as_text=True)
    home = text_of(young.get("/my-space/"))
    assert "Your family cannot see your views." in home
    assert "Your broker can see your views." in home


def test_from_sixteen_the_broker_question_must_be_answered(app) -> None:
    _parent, young, teenager, _younger = young_person_signed_in(app)
    make_sixteen(app, teenager)
    response = choose_sharing(young, "yes")
    assert response.status_code == 200 and "Pick yes or no" in text_of(response)


@pytest.mark.parametrize("answer", ["", "maybe"])
def test_the_sharing_choice_must_be_yes_or_no(app, answer) -> None:
    _parent, young, _teenager, _younger = young_person_signed_in(app)
    response = choose_sharing(young, answer)
    assert response.status_code == 200
    assert "There is a problem" in text_of(response) and "Pick yes or no" in text_of(response)


def test_views_that_are_too_long_are_refused_and_kept(app) -> None:
    _parent, young, teenager, _younger = young_person_signed_in(app)
    response = write_views(young, my_future="a" * 2001)
    text = text_of(response)
    assert response.status_code == 200
    assert "Make ‘What I want to do in the future’ shorter" in text
    assert "My dog Biscuit." in text
    with app.app_context():
        saved = select(YoungPersonViews).where(YoungPersonViews.child_id == teenager)
        assert db.session.scalar(saved) is None


def test_a_broker_whose_consent_was_revoked_cannot_see_the_views(app) -> None:
    parent, young, teenager, _younger = young_person_signed_in(app)
    write_views(young)
    choose_sharing(young, "yes")
    broker = broker_for_family(app, parent, teenager)
    assert broker.get(f"/family/children/{teenager}/views").status_code == 200
    with app.app_context():
        consent_id = db.session.scalar(select(Consent.id).order_by(Consent.id.desc()))
    post(parent, f"/family/sharing/{consent_id}/revoke")
    response = broker.get(f"/family/children/{teenager}/views")
    assert response.status_code == 404
    assert "Biscuit" not in response.get_data(as_text=True)


def test_a_broker_acting_for_nobody_cannot_see_any_views(app) -> None:
    _parent, young, teenager, _younger = young_person_signed_in(app)
    write_views(young)
    choose_sharing(young, "yes")
    assert signed_in(app, "broker").get(f"/family/children/{teenager}/views").status_code == 404
