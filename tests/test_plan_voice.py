"""The young person's own voice in the plan about them: their words beside the family's,
only when they choose, read by whom their sharing choices allow; the plan read from their
own account, and their comments on it, labelled with who wrote them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.audit import AuditEvent
from portal.extensions import db
from portal.families.models import YoungPersonViews
from portal.plans.models import PlanComment, PlanVersion, SupportPlan
from tests.test_families import post
from tests.test_invitations import young_person_signed_in
from tests.test_plans import (  # noqa: F401
    budget,
    lock,
    make_officer,
    ready_plan,
    send,
    sign_in_staff,
    start_plan,
)
from tests.test_young_people import VIEWS, broker_for_family, choose_sharing, make_sixteen

BISCUIT = "My dog Biscuit."

pytestmark = pytest.mark.usefixtures("budget")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def put_in_plan(young, answer: str = "yes"):
    return post(young, "/my-space/plan/my-views", {"in_plan": answer})


def with_views(app, answer: str = "yes", family: str = "yes"):
    """Amira (13) has written her views, chosen about the plan and about her family."""
    parent, young, teenager, _younger = young_person_signed_in(app)
    assert post(young, "/my-space/my-views", VIEWS).status_code == 302
    assert put_in_plan(young, answer).headers["Location"] == "/my-space/plan?saved=choice"
    assert choose_sharing(young, family).status_code == 302
    return parent, young, teenager


def submitted_version(app, parent, child_id: int) -> tuple[int, int]:
    plan_id = ready_plan(app, parent, child_id)
    assert send(app, parent, plan_id).headers["Location"] == f"/plans/{plan_id}/sent"
    with app.app_context():
        return plan_id, db.session.get(SupportPlan, plan_id).current.id


# Their choice


def test_views_stay_out_of_the_plan_until_the_young_person_puts_them_in(app) -> None:
    parent, young, teenager = with_views(app, answer="no", family="yes")
    plan_id = start_plan(app, parent, teenager)
    page = text_of(parent.get(f"/plans/{plan_id}/versions/1"))
    assert "What the family wrote" in page
    assert "Amira has not put their own views in the plan" in page
    assert "Biscuit" not in page
    assert "Biscuit" not in parent.get(f"/plans/{plan_id}/about-me").get_data(as_text=True)
    choice = text_of(young.get("/my-space/plan/my-views"))
    assert "It is up to you." in choice
    assert re.search(
        r'value="no"\s+checked', young.get("/my-space/plan/my-views").get_data(as_text=True)
    )


def test_a_new_young_persons_views_are_out_of_the_plan_by_default(app) -> None:
    parent, young, teenager, _younger = young_person_signed_in(app)
    post(young, "/my-space/my-views", VIEWS)
    choose_sharing(young, "yes")
    plan_id = start_plan(app, parent, teenager)
    assert "Biscuit" not in parent.get(f"/plans/{plan_id}/versions/1").get_data(as_text=True)
    with app.app_context():
        views = db.session.scalar(
            select(YoungPersonViews).where(YoungPersonViews.child_id == teenager)
        )
        assert views.include_in_plan is False


def test_the_plan_shows_both_voices_labelled_and_parents_cannot_change_the_young_persons(
    app,
) -> None:
    parent, _young, teenager = with_views(app)
    plan_id = start_plan(app, parent, teenager)
    about = text_of(parent.get(f"/plans/{plan_id}/about-me"))
    assert "What Amira wrote, in their own words" in about and BISCUIT in about
    assert "Only they can change it" in about
    saved = post(
        parent,
        f"/plans/{plan_id}/about-me",
        {
            "about_liked": "She is brave",
            "important_to_me": "Changed by a parent",
            "liked_and_admired": "Changed by a parent",
            "lock_version": lock(app, plan_id),
        },
    )
    assert saved.status_code == 302
    page = text_of(parent.get(f"/plans/{plan_id}/versions/1"))
    family_part, young_part = page.split("What Amira wrote, in their own words")
    assert "What the family wrote" in family_part and "She is brave" in family_part
    assert BISCUIT in young_part and "Changed by a parent" not in page
    with app.app_context():
        views = db.session.scalar(
            select(YoungPersonViews).where(YoungPersonViews.child_id == teenager)
        )
        assert views.important_to_me == BISCUIT


def test_in_the_plan_but_not_shared_with_the_family_the_parent_is_told_and_the_officer_reads_them(
    app,
) -> None:
    parent, _young, teenager = with_views(app, family="no")
    plan_id, version_id = submitted_version(app, parent, teenager)
    page = text_of(parent.get(f"/plans/{plan_id}/versions/1"))
    assert "They have not shared them with you." in page and "Biscuit" not in page
    officer = sign_in_staff(app, make_officer(app))
    decision = text_of(officer.get(f"/plans/decisions/{version_id}"))
    assert "What Amira wrote, in their own words" in decision and BISCUIT in decision


def test_the_council_reads_the_words_as_they_were_sent(app) -> None:
    parent, young, teenager = with_views(app)
    _plan_id, version_id = submitted_version(app, parent, teenager)
    post(young, "/my-space/my-views", {**VIEWS, "important_to_me": "My cat Pebble."})
    officer = sign_in_staff(app, make_officer(app))
    decision = text_of(officer.get(f"/plans/decisions/{version_id}"))
    assert BISCUIT in decision and "Pebble" not in decision


def test_views_left_out_when_the_plan_was_sent_are_not_shown_to_the_council(app) -> None:
    parent, young, teenager = with_views(app, answer="no")
    _plan_id, version_id = submitted_version(app, parent, teenager)
    put_in_plan(young, "yes")
    officer = sign_in_staff(app, make_officer(app))
    assert "Biscuit" not in officer.get(f"/plans/decisions/{version_id}").get_data(as_text=True)


def test_from_sixteen_family_and_broker_see_the_words_in_the_plan_only_as_shared(app) -> None:
    parent, young, teenager, _younger = young_person_signed_in(app)
    make_sixteen(app, teenager)
    post(young, "/my-space/my-views", VIEWS)
    put_in_plan(young)
    assert choose_sharing(young, "no", broker="yes").status_code == 302
    plan_id = start_plan(app, parent, teenager)
    broker = broker_for_family(app, parent, teenager)
    assert BISCUIT in text_of(broker.get(f"/plans/{plan_id}/versions/1"))
    assert "Biscuit" not in parent.get(f"/plans/{plan_id}/versions/1").get_data(as_text=True)
    choose_sharing(young, "yes", broker="no")
    assert BISCUIT in text_of(parent.get(f"/plans/{plan_id}/versions/1"))
    assert "Biscuit" not in broker.get(f"/plans/{plan_id}/versions/1").get_data(as_text=True)


def test_the_plan_choice_must_be_yes_or_no_and_is_audited_without_words(app) -> None:
    _parent, young, _teenager, _younger = young_person_signed_in(app)
    refused = put_in_plan(young, "maybe")
    assert refused.status_code == 200 and "Pick yes or no" in text_of(refused)
    post(young, "/my-space/my-views", VIEWS)
    put_in_plan(young, "yes")
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "young_person_plan_choice_changed")
        ).all()[-1]
        assert '"include_in_plan": true' in event.after
        assert '"include_in_plan": false' in event.before
        assert "Biscuit" not in (event.after or "")


# Their plan, from their own account


def test_a_young_person_without_a_plan_is_told_there_is_none_yet(app) -> None:
    _parent, young, _teenager, _younger = young_person_signed_in(app)
    page = text_of(young.get("/my-space/plan"))
    assert "There is no plan for you yet." in page
    assert 'name="comment"' not in page
    assert post(young, "/my-space/plan/comments", {"comment": "Hi"}).headers["Location"] == (
        "/my-space/plan"
    )


def test_a_young_person_reads_the_plan_about_them_but_cannot_change_it(app) -> None:
    parent, young, teenager = with_views(app)
    plan_id, _version_id = submitted_version(app, parent, teenager)
    page = text_of(young.get("/my-space/plan"))
    assert "This is the plan about you." in page and "It has gone to the council." in page
    assert "Personal assistant for swimming" in page and BISCUIT in page
    assert "Your views are in your plan." in page
    # The family's pages are not theirs, even for the plan about them.
    assert young.get(f"/plans/{plan_id}").status_code == 403
    data = {"about_liked": "x", "lock_version": lock(app, plan_id)}
    assert post(young, f"/plans/{plan_id}/about-me", data).status_code == 403
    assert post(young, f"/plans/{plan_id}/check", {"then": "send"}).status_code == 403


def test_a_young_persons_comment_is_labelled_and_read_by_the_family_and_the_council(app) -> None:
    parent, young, teenager = with_views(app, family="no")
    plan_id, version_id = submitted_version(app, parent, teenager)
    seen = lock(app, plan_id)
    refused = post(young, "/my-space/plan/comments", {"comment": "   "})
    assert refused.status_code == 200 and "Write your comment" in text_of(refused)
    too_long = post(young, "/my-space/plan/comments", {"comment": "a" * 2001})
    assert "Make your comment shorter" in text_of(too_long)
    sent = post(young, "/my-space/plan/comments", {"comment": "I want to swim on Saturdays."})
    assert sent.headers["Location"] == "/my-space/plan?saved=comment#comments"
    assert "Your comment is saved." in text_of(young.get("/my-space/plan?saved=comment"))
    assert lock(app, plan_id) == seen
    for client, path in (
        (parent, f"/plans/{plan_id}/versions/1"),
        (sign_in_staff(app, make_officer(app)), f"/plans/decisions/{version_id}"),
        (young, "/my-space/plan"),
    ):
        page = text_of(client.get(path))
        assert "Amira (the young person)" in page, path
        assert "I want to swim on Saturdays." in page, path
    with app.app_context():
        [comment] = db.session.scalars(
            select(PlanComment).where(PlanComment.version_id == version_id)
        ).all()
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "plan_comment_added")
        ).all()[-1]
        assert event.record_id == comment.id and "Saturdays" not in (event.after or "")


def test_a_young_person_does_not_read_the_familys_unsent_draft(app) -> None:
    parent, young, teenager = with_views(app)
    plan_id = ready_plan(app, parent, teenager)
    page = text_of(young.get("/my-space/plan"))
    assert "Your family is still writing your plan." in page
    assert "You can read it when they send it." in page
    assert "Personal assistant for swimming" not in page and 'name="comment"' not in page
    early = post(young, "/my-space/plan/comments", {"comment": "Hi"})
    assert early.headers["Location"] == "/my-space/plan"
    assert comments_on(app, plan_id) == []
    assert send(app, parent, plan_id).status_code == 302
    assert "Personal assistant for swimming" in text_of(young.get("/my-space/plan"))


def test_during_a_review_the_young_person_reads_the_sent_version_and_comments_on_it(app) -> None:
    parent, young, teenager = with_views(app)
    plan_id, first = submitted_version(app, parent, teenager)
    officer = sign_in_staff(app, make_officer(app))
    assert post(officer, f"/plans/decisions/{first}/approve").status_code == 302
    assert post(parent, f"/plans/{plan_id}/review").status_code == 302
    data = {"about_liked": "A change still being written", "lock_version": lock(app, plan_id)}
    assert post(parent, f"/plans/{plan_id}/about-me", data).status_code == 302
    page = text_of(young.get("/my-space/plan"))
    assert "The council said yes to it." in page and "Version 1." in page
    assert "A change still being written" not in page
    assert "Your family is writing a new plan now." in page
    assert post(young, "/my-space/plan/comments", {"comment": "Yes please."}).status_code == 302
    assert comments_on(app, plan_id) == [first]


def comments_on(app, plan_id: int) -> list[int]:
    """The version each comment on the plan was made on."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(PlanComment.version_id)
                .join(PlanVersion)
                .where(PlanVersion.plan_id == plan_id)
            )
        )


def test_an_admin_reads_none_of_the_young_persons_words_on_the_plan_pages(app) -> None:
    parent, young, teenager = with_views(app)
    plan_id, version_id = submitted_version(app, parent, teenager)
    assert (
        post(young, "/my-space/plan/comments", {"comment": "Saturdays please."}).status_code == 302
    )
    admin = sign_in_staff(app, make_officer(app, role="admin"))
    decision = text_of(admin.get(f"/plans/decisions/{version_id}"))
    assert "Personal assistant for swimming" in decision
    assert "Biscuit" not in decision and "Saturdays please." not in decision


def test_only_known_roles_read_the_young_persons_words() -> None:
    from types import SimpleNamespace

    from portal.plans.voice import viewer_for

    read_as = {
        role: viewer_for(SimpleNamespace(role=role))
        for role in ("parent", "broker", "young_person", "officer", "admin", "auditor", "")
    }
    assert read_as == {
        "parent": "family",
        "broker": "broker",
        "young_person": "young_person",
        "officer": "officer",
        "admin": None,
        "auditor": None,
        "": None,
    }
