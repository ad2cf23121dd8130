"""Every change of a plan's status, by every kind of person, through the pages: allowed
where the plan's path allows it, refused with words (and the right status code) where it
does not. A review, once approved, supersedes the version it replaces."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.audit import AuditEvent
from portal.extensions import db
from portal.plans.models import PlanVersion, SupportPlan
from tests.test_families import make_user, post
from tests.test_plans import (  # noqa: F401
    broker_for,
    budget,
    make_officer,
    send,
    sign_in_staff,
    submitted_plan,
)

pytestmark = pytest.mark.usefixtures("budget")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def status_of(app, version_id: int) -> str:
    with app.app_context():
        return db.session.get(PlanVersion, version_id).status


def current_id(app, plan_id: int) -> int:
    with app.app_context():
        return db.session.get(SupportPlan, plan_id).current.id


def approved_plan(app):
    parent, plan_id, version_id = submitted_plan(app, None)
    officer = sign_in_staff(app, make_officer(app))
    assert post(officer, f"/plans/decisions/{version_id}/approve").status_code == 302
    return parent, officer, plan_id, version_id


def approved_review(app):
    """Version 1 approved and active; version 2, a review, sent and approved."""
    parent, officer, plan_id, first = approved_plan(app)
    assert post(officer, f"/plans/decisions/{first}/active").status_code == 302
    assert post(parent, f"/plans/{plan_id}/review").status_code == 302
    assert send(app, parent, plan_id).headers["Location"] == f"/plans/{plan_id}/sent"
    second = current_id(app, plan_id)
    assert post(officer, f"/plans/decisions/{second}/approve").status_code == 302
    return parent, officer, plan_id, first, second


# Superseded


def test_approving_a_review_supersedes_the_version_in_force_with_its_history(app) -> None:
    _parent, _officer, _plan_id, first, second = approved_review(app)
    with app.app_context():
        old = db.session.get(PlanVersion, first)
        new = db.session.get(PlanVersion, second)
        assert (old.status, new.status) == ("superseded", "approved")
        last = old.history[-1]
        assert (last.from_status, last.to_status, last.note) == ("active", "superseded", "2")
        assert last.changed_by_id == new.decided_by_id
        event = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "plan_superseded", AuditEvent.record_id == first
            )
        ).one()
        assert '"active"' in event.before and '"superseded"' in event.after


def test_a_superseded_version_stays_readable_and_is_labelled_wherever_versions_are_listed(
    app,
) -> None:
    parent, officer, plan_id, first, second = approved_review(app)
    overview = text_of(parent.get(f"/plans/{plan_id}"))
    assert "Version 1 (Replaced by a newer version)" in overview
    old = parent.get(f"/plans/{plan_id}/versions/1")
    assert old.status_code == 200
    page = text_of(old)
    assert "Version 1: Replaced by a newer version" in page
    assert "version 2 replaced it on" in page
    assert "Replaced by a newer version (replaced by version 2)" in page
    staff_page = text_of(officer.get(f"/plans/decisions/{first}"))
    assert "Superseded" in staff_page and "Version 1 (Superseded), this one" in staff_page
    assert "Version 2 (Approved)" in text_of(officer.get(f"/plans/decisions/{first}"))
    assert "Version 1 (Superseded)" in text_of(officer.get(f"/plans/decisions/{second}"))


def test_a_superseded_version_is_never_due_for_review_nor_made_active(app) -> None:
    from portal.plans.service import mark_reviews_due

    _parent, officer, _plan_id, first, second = approved_review(app)
    refused = post(officer, f"/plans/decisions/{first}/active")
    assert refused.status_code == 409
    assert status_of(app, first) == "superseded"
    with app.app_context():
        due = [v.id for v in mark_reviews_due(date.today() + timedelta(days=800))]
        db.session.commit()
    assert first not in due and second in due


def test_the_daily_job_supersedes_a_version_the_previous_release_left_in_force(app) -> None:
    # The release before superseding approved reviews without it; while both releases
    # serve, a plan can be left with two versions in force.
    _parent, _officer, plan_id, first, second = approved_review(app)
    with app.app_context():
        db.session.get(PlanVersion, first).status = "active"
        db.session.commit()

    result = app.test_cli_runner().invoke(args=["plans", "mark-reviews-due"])

    assert "1 version(s) replaced by a newer approved one marked superseded" in result.output
    assert (status_of(app, first), status_of(app, second)) == ("superseded", "approved")
    again = app.test_cli_runner().invoke(args=["plans", "mark-reviews-due"])
    assert "superseded" not in again.output


def test_a_returned_review_supersedes_nothing(app) -> None:
    parent, officer, plan_id, first = approved_plan(app)
    post(parent, f"/plans/{plan_id}/review")
    send(app, parent, plan_id)
    second = current_id(app, plan_id)
    assert (
        post(officer, f"/plans/decisions/{second}/return", {"reasons": "Add a plan B"}).status_code
        == 302
    )
    assert (status_of(app, first), status_of(app, second)) == ("approved", "returned")


# Money kept in a block contract


def line_id_of(app, version_id: int) -> int:
    with app.app_context():
        return db.session.get(PlanVersion, version_id).lines[0].id


BLOCK = "Swimming is in our leisure block contract with Brackenshire Pools"


def test_an_officer_keeps_a_lines_money_in_a_block_contract_and_the_family_reads_why(
    app,
) -> None:
    parent, plan_id, version_id = submitted_plan(app, None)
    officer = sign_in_staff(app, make_officer(app))
    line_id = line_id_of(app, version_id)
    page = text_of(officer.get(f"/plans/decisions/{version_id}"))
    assert "Money in a block contract" in page
    path = f"/plans/decisions/{version_id}/lines/{line_id}/not-released"
    refused = post(officer, path, {f"line-{line_id}-reason": "  "})
    assert refused.status_code == 400
    assert "Enter why the money cannot be released, for the family" in text_of(refused)
    marked = post(officer, path, {f"line-{line_id}-reason": BLOCK})
    assert marked.status_code == 302 and marked.headers["Location"].startswith(
        f"/plans/decisions/{version_id}#money-"
    )
    assert "Release the money after all" in text_of(officer.get(f"/plans/decisions/{version_id}"))
    returned = post(
        officer, f"/plans/decisions/{version_id}/return", {"reasons": "Choose a notional budget"}
    )
    assert returned.status_code == 302
    overview = text_of(parent.get(f"/plans/{plan_id}"))
    assert "The council will not release the money for 1 line" in overview
    for where in (f"/plans/{plan_id}/versions/1", f"/plans/{plan_id}/support"):
        family_page = text_of(parent.get(where))
        assert "The council will not release this money." in family_page, where
        assert BLOCK in family_page and "ask the council to reconsider" in family_page, where
    with app.app_context():
        from portal.accounts.models import OutboxMessage

        bodies = db.session.scalars(select(OutboxMessage.body)).all()
        assert any(BLOCK in body and "block contract" in body for body in bodies)
        event = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "plan_money_not_released", AuditEvent.record_id == version_id
            )
        ).one()
        assert '"money_not_released": false' in event.before and BLOCK in event.after


def test_an_officer_can_release_the_money_after_all_and_it_is_audited(app) -> None:
    _parent, _plan_id, version_id = submitted_plan(app, None)
    officer = sign_in_staff(app, make_officer(app))
    line_id = line_id_of(app, version_id)
    post(
        officer,
        f"/plans/decisions/{version_id}/lines/{line_id}/not-released",
        {f"line-{line_id}-reason": BLOCK},
    )
    released = post(officer, f"/plans/decisions/{version_id}/lines/{line_id}/released")
    assert released.status_code == 302
    with app.app_context():
        line = db.session.get(PlanVersion, version_id).lines[0]
        assert (line.money_not_released, line.not_released_reason) == (False, "")
        assert db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "plan_money_released")
        ).all()


def test_money_is_kept_only_while_the_plan_waits_and_only_for_money_paid_out(app) -> None:
    parent, officer, plan_id, version_id = approved_plan(app)
    line_id = line_id_of(app, version_id)
    path = f"/plans/decisions/{version_id}/lines/{line_id}/not-released"
    late = post(officer, path, {f"line-{line_id}-reason": BLOCK})
    assert late.status_code == 409
    assert "Nothing was changed." in text_of(late) and "this plan is now: Approved" in text_of(late)

    # A notional budget is never paid out, so there is nothing to keep.
    parent2, plan2, version2 = submitted_plan(app, None)
    with app.app_context():
        line = db.session.get(PlanVersion, version2).lines[0]
        line.management = "notional"
        line.council_commissioned = True
        db.session.commit()
        line2 = line.id
    notional = post(
        officer,
        f"/plans/decisions/{version2}/lines/{line2}/not-released",
        {f"line-{line2}-reason": BLOCK},
    )
    assert notional.status_code == 409 and "there is no money to keep" in text_of(notional)
    # A line of another version is not found through this one.
    assert post(officer, f"/plans/decisions/{version2}/lines/{line_id}/released").status_code == 404


def test_families_and_brokers_cannot_keep_money_in_a_block_contract(app) -> None:
    parent, _plan_id, version_id = submitted_plan(app, None)
    line_id = line_id_of(app, version_id)
    path = f"/plans/decisions/{version_id}/lines/{line_id}/not-released"
    assert post(parent, path, {f"line-{line_id}-reason": BLOCK}).status_code == 403
    broker = sign_in_staff(app, make_user(app, "broker"))
    assert post(broker, path, {f"line-{line_id}-reason": BLOCK}).status_code == 403
    with app.app_context():
        assert db.session.get(PlanVersion, version_id).lines[0].money_not_released is False


def test_an_admin_neither_keeps_nor_releases_money_and_is_offered_neither(app) -> None:
    _parent, _plan_id, version_id = submitted_plan(app, None)
    line_id = line_id_of(app, version_id)
    admin = sign_in_staff(app, make_officer(app, role="admin"))
    base = f"/plans/decisions/{version_id}/lines/{line_id}"
    refused = post(admin, f"{base}/not-released", {f"line-{line_id}-reason": BLOCK})
    assert refused.status_code == 403 and "You cannot see this page" in text_of(refused)
    officer = sign_in_staff(app, make_officer(app))
    assert (
        post(officer, f"{base}/not-released", {f"line-{line_id}-reason": BLOCK}).status_code == 302
    )
    assert post(admin, f"{base}/released").status_code == 403
    with app.app_context():
        assert db.session.get(PlanVersion, version_id).lines[0].money_not_released is True
    page = text_of(admin.get(f"/plans/decisions/{version_id}"))
    assert "Release the money after all" not in page
    assert "Money not released: in a block contract" not in page


# Who may change a plan's status, and refusals in words


OFFICER_ACTIONS = {
    "approve": {},
    "return": {"reasons": "Say who covers holidays"},
    "panel": {},
    "panel-decision": {"panel-decision": "approve"},
    "active": {},
}


@pytest.mark.parametrize("action", sorted(OFFICER_ACTIONS))
@pytest.mark.parametrize("role", ["parent", "young_person", "broker"])
def test_only_officers_and_admins_change_a_sent_plans_status(app, action, role) -> None:
    from tests.test_invitations import young_person_signed_in

    parent, _plan_id, version_id = submitted_plan(app, None)
    if role == "parent":
        client = parent
    elif role == "young_person":
        _p, client, _teen, _younger = young_person_signed_in(app)
    else:
        client = sign_in_staff(app, make_user(app, "broker"))
    response = post(client, f"/plans/decisions/{version_id}/{action}", OFFICER_ACTIONS[action])
    assert response.status_code == 403
    assert "You cannot see this page" in text_of(response)
    assert status_of(app, version_id) == "submitted"


def test_an_admin_may_approve_return_and_mark_a_plan_started(app) -> None:
    _parent, plan_id, version_id = submitted_plan(app, None)
    admin = sign_in_staff(app, make_officer(app, role="admin"))
    assert post(admin, f"/plans/decisions/{version_id}/approve").status_code == 302
    assert post(admin, f"/plans/decisions/{version_id}/active").status_code == 302
    assert status_of(app, version_id) == "active"
    _parent2, _plan2, other = submitted_plan(app, None)
    returned = post(admin, f"/plans/decisions/{other}/return", {"reasons": "More detail"})
    assert returned.status_code == 302 and status_of(app, other) == "returned"


def test_a_second_officer_deciding_a_decided_plan_is_told_what_happened(app) -> None:
    _parent, officer, _plan_id, version_id = approved_plan(app)
    second = sign_in_staff(app, make_officer(app))
    for action, data in (
        ("approve", {}),
        ("return", {"reasons": "Too late"}),
        ("panel", {}),
        ("panel-decision", {"panel-decision": "return", "panel-reasons": "No"}),
    ):
        response = post(second, f"/plans/decisions/{version_id}/{action}", data)
        assert response.status_code == 409, action
        page = text_of(response)
        assert "Nothing was changed." in page, action
        assert "no longer waiting for a decision: it is now Approved" in page, action
        assert "Another officer may have decided it first" in page, action
    assert status_of(app, version_id) == "approved"
    with app.app_context():
        returns = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "plan_returned", AuditEvent.record_id == version_id
            )
        ).all()
        assert returns == []


def test_approving_above_the_limit_or_with_the_panel_is_refused_in_words(app) -> None:
    _parent, _plan_id, version_id = submitted_plan(app, None)
    low = sign_in_staff(app, make_officer(app, limit_pence=100_000))
    over = post(low, f"/plans/decisions/{version_id}/approve")
    assert over.status_code == 403
    assert "You cannot approve this plan on your own" in text_of(over)
    assert "Send it to panel below" in text_of(over)
    not_panel = post(
        low, f"/plans/decisions/{version_id}/panel-decision", {"panel-decision": "approve"}
    )
    assert not_panel.status_code == 409
    assert "has not been sent to panel" in text_of(not_panel)
    assert post(low, f"/plans/decisions/{version_id}/panel").status_code == 302
    high = sign_in_staff(app, make_officer(app, limit_pence=10_000_000))
    with_panel = post(high, f"/plans/decisions/{version_id}/approve")
    assert with_panel.status_code == 409
    assert "This plan is with the panel" in text_of(with_panel)
    assert status_of(app, version_id) == "submitted"


def test_marking_a_plan_started_before_approval_is_refused_in_words(app) -> None:
    _parent, _plan_id, version_id = submitted_plan(app, None)
    officer = sign_in_staff(app, make_officer(app))
    response = post(officer, f"/plans/decisions/{version_id}/active")
    assert response.status_code == 409
    assert "Only an approved plan can be marked as started" in text_of(response)
    assert "Waiting for a decision" in text_of(response)


def test_a_review_of_a_plan_not_yet_approved_is_refused_in_words(app) -> None:
    parent, plan_id, version_id = submitted_plan(app, None)
    response = post(parent, f"/plans/{plan_id}/review")
    assert response.status_code == 409
    page = text_of(response)
    assert "A review cannot start yet" in page and "Sent to the council" in page
    assert f'href="/plans/{plan_id}"' in page
    with app.app_context():
        assert len(db.session.get(SupportPlan, plan_id).versions) == 1


def test_changing_an_approved_plan_says_to_start_a_review(app) -> None:
    parent, _officer, plan_id, _version_id = approved_plan(app)
    response = post(parent, f"/plans/{plan_id}/keeping-safe", {"risks": "x", "lock_version": "1"})
    assert response.status_code == 409
    assert "start a review from the plan’s page" in text_of(response)


def test_a_broker_with_view_consent_is_told_why_their_change_was_not_saved(app) -> None:
    from tests.test_families import family_with_child
    from tests.test_plans import lock, ready_plan

    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    viewer = broker_for(app, parent, child_id, "view")
    response = post(
        viewer,
        f"/plans/{plan_id}/about-me",
        {"about_liked": "x", "lock_version": lock(app, plan_id)},
    )
    assert response.status_code == 403
    assert "view-only access" in text_of(response)
    opened = viewer.get(f"/plans/{plan_id}/about-me")
    assert opened.headers["Location"] == f"/plans/{plan_id}"
    assert "view-only access" in text_of(viewer.get(f"/plans/{plan_id}"))


def test_family_members_send_and_start_reviews_and_others_cannot(app) -> None:
    from tests.test_families import family_with_child
    from tests.test_plans import ready_plan

    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    editor = broker_for(app, parent, child_id, "edit")
    officer = sign_in_staff(app, make_officer(app))
    assert post(officer, f"/plans/{plan_id}/check", {"then": "send"}).status_code == 403
    assert send(app, editor, plan_id).headers["Location"] == f"/plans/{plan_id}/sent"
    version_id = current_id(app, plan_id)
    post(officer, f"/plans/decisions/{version_id}/approve")
    assert post(officer, f"/plans/{plan_id}/review").status_code == 403
    assert post(editor, f"/plans/{plan_id}/review").status_code == 302
    with app.app_context():
        assert [v.status for v in db.session.get(SupportPlan, plan_id).versions] == [
            "approved",
            "draft",
        ]


def test_a_review_decides_the_money_again_and_the_officer_sees_the_earlier_decision(app) -> None:
    parent, plan_id, first = submitted_plan(app, None)
    officer = sign_in_staff(app, make_officer(app))
    line_id = line_id_of(app, first)
    kept = post(
        officer,
        f"/plans/decisions/{first}/lines/{line_id}/not-released",
        {f"line-{line_id}-reason": BLOCK},
    )
    assert kept.status_code == 302
    assert post(officer, f"/plans/decisions/{first}/approve").status_code == 302
    assert post(parent, f"/plans/{plan_id}/review").status_code == 302
    assert send(app, parent, plan_id).status_code == 302
    second = current_id(app, plan_id)
    with app.app_context():
        line = db.session.get(PlanVersion, second).lines[0]
        # The decision belonged to version 1; the review's line waits for its own.
        assert (line.money_not_released, line.not_released_reason) == (False, "")
    page = text_of(officer.get(f"/plans/decisions/{second}"))
    assert "In version 1 the council kept this line’s money in a block contract." in page
    assert BLOCK in page
    assert "That decision was for version 1 only. Decide again for this version." in page
    # Version 1 itself shows no earlier decision.
    assert "In version" not in text_of(officer.get(f"/plans/decisions/{first}"))


@pytest.mark.parametrize("action", ["not-released", "released"])
def test_keeping_money_while_another_officer_approves_is_refused_in_words(app, action) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    _parent, _plan_id, version_id = submitted_plan(app, None)
    officer = sign_in_staff(app, make_officer(app))
    line_id = line_id_of(app, version_id)
    if action == "released":
        path = f"/plans/decisions/{version_id}/lines/{line_id}/not-released"
        assert post(officer, path, {f"line-{line_id}-reason": BLOCK}).status_code == 302

    approved: list[bool] = []

    def the_other_officer_approves_first(session, _context, _instances) -> None:
        # A second session, as a second officer's request: it approves between this
        # officer's reading of the plan and their saving.
        if approved:
            return
        approved.append(True)
        with Session(db.engine) as other:
            version = other.get(PlanVersion, version_id)
            version.status = "approved"
            other.commit()

    event.listen(db.session, "before_flush", the_other_officer_approves_first)
    try:
        response = post(
            officer,
            f"/plans/decisions/{version_id}/lines/{line_id}/{action}",
            {f"line-{line_id}-reason": BLOCK},
        )
    finally:
        event.remove(db.session, "before_flush", the_other_officer_approves_first)
    assert approved and response.status_code == 409
    page = text_of(response)
    assert "Nothing was changed." in page and "this plan is now: Approved" in page
    with app.app_context():
        line = db.session.get(PlanVersion, version_id).lines[0]
        assert line.money_not_released is (action == "released")
        assert line.version.status == "approved"


def test_marking_a_plan_started_twice_at_once_gives_a_page_with_words_not_a_500(app) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    _parent, officer, _plan_id, version_id = approved_plan(app)
    pressed: list[bool] = []

    def the_first_press_lands_first(session, _context, _instances) -> None:
        # The first press of a double click, in its own session, is saved between the
        # second press reading the plan and saving it.
        if pressed:
            return
        pressed.append(True)
        with Session(db.engine) as other:
            version = other.get(PlanVersion, version_id)
            version.status = "active"
            other.commit()

    event.listen(db.session, "before_flush", the_first_press_lands_first)
    try:
        response = post(officer, f"/plans/decisions/{version_id}/active")
    finally:
        event.remove(db.session, "before_flush", the_first_press_lands_first)
    assert pressed and response.status_code == 409
    page = text_of(response)
    assert "Nothing was changed." in page and "it may have been a second press" in page
    assert status_of(app, version_id) == "active"
    with app.app_context():
        assert not db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "plan_active", AuditEvent.record_id == version_id
            )
        ).all()
