"""A family closes its account: signed out at once, no more sign-in, consents ended; after
the retention period `flask accounts apply-retention` removes their personal data, and
keeps the audit trail with each person replaced by an anonymous reference."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import or_, select, update

from local_offer.models import utcnow
from portal.accounts.models import OutboxMessage, User
from portal.accounts.passwords import hash_password
from portal.audit import AuditEvent
from portal.config import ConfigurationError, load_config
from portal.extensions import db
from portal.families.models import Child, Consent, Family, FamilyMember
from portal.privacy import kept
from portal.privacy.rules import (
    REMOVED,
    account_is_due,
    anonymise_on,
    child_is_due,
    family_closed_at,
    family_is_due,
    redacted,
    redacted_json,
    year_of_birth_only,
)
from tests.conftest import csrf_token
from tests.staff import sign_in_staff
from tests.test_consent import sign_in_as
from tests.test_families import CHILD, PASSWORD, post, signed_in
from tests.test_invitations import NEW_PASSWORD
from tests.test_plans import budget  # noqa: F401
from tests.test_who_has_looked import family_shared_with_broker, parent_ids, text_of

CLOSED = datetime(2026, 1, 10, 15, 30, tzinfo=UTC)

# Rules


def test_personal_data_may_go_on_the_day_the_retention_period_ends() -> None:
    assert anonymise_on(CLOSED, 90) == date(2026, 4, 10)
    assert not account_is_due(CLOSED, None, date(2026, 4, 9), 90)
    assert account_is_due(CLOSED, None, date(2026, 4, 10), 90)
    assert account_is_due(CLOSED, None, date(2026, 1, 10), 0)


def test_an_open_or_already_anonymised_account_is_never_due() -> None:
    assert not account_is_due(None, None, date(2030, 1, 1), 90)
    assert not account_is_due(CLOSED, CLOSED, date(2030, 1, 1), 90)


def test_a_family_closes_when_its_last_member_closes() -> None:
    later = CLOSED + timedelta(days=20)
    assert family_closed_at([CLOSED, later]) == later
    assert family_closed_at([CLOSED, None]) is None
    assert family_closed_at([]) is None
    assert not family_is_due([CLOSED, None], None, date(2030, 1, 1), 90)
    assert not family_is_due([CLOSED, later], None, date(2026, 4, 10), 90)
    assert family_is_due([CLOSED, later], None, date(2026, 4, 30), 90)


def test_a_child_with_a_kept_record_waits_for_its_own_retention_date() -> None:
    today = date(2026, 6, 1)
    assert child_is_due(True, [], today)
    assert not child_is_due(True, [date(2031, 3, 27)], today)
    assert child_is_due(True, [date(2026, 5, 31), today], today)
    assert not child_is_due(False, [], today)


def test_what_identifies_a_person_is_removed_and_the_rest_kept() -> None:
    view = {
        "first_name": "Amira",
        "last_name": "Khan",
        "date_of_birth": "2015-03-27",
        "needs": "Autism",
        "email": "a@example.com",
        "ehc_plan": "yes",
        "broker_id": 7,
        "full_name": None,
    }
    assert redacted(view) == {
        "first_name": REMOVED,
        "last_name": REMOVED,
        "date_of_birth": REMOVED,
        "needs": REMOVED,
        "email": REMOVED,
        "ehc_plan": "yes",
        "broker_id": 7,
        "full_name": None,
    }


def test_stored_before_and_after_are_redacted_whatever_their_shape() -> None:
    assert redacted_json(None) is None
    assert json.loads(redacted_json('{"needs": "Autism", "access": "edit"}')) == {
        "needs": REMOVED,
        "access": "edit",
    }
    assert json.loads(redacted_json("not json")) == REMOVED
    assert json.loads(redacted_json('["Amira"]')) == REMOVED


def test_only_the_year_of_birth_is_kept() -> None:
    assert year_of_birth_only(date(2015, 3, 27)) == date(2015, 1, 1)


def test_the_retention_period_is_configurable_and_checked(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("CLOSED_ACCOUNT_RETENTION_DAYS", raising=False)
    assert load_config(str(tmp_path))["CLOSED_ACCOUNT_RETENTION_DAYS"] == 90
    monkeypatch.setenv("CLOSED_ACCOUNT_RETENTION_DAYS", "30")
    assert load_config(str(tmp_path))["CLOSED_ACCOUNT_RETENTION_DAYS"] == 30
    for bad in ("-1", "ninety", "1e3", "9999999"):
        monkeypatch.setenv("CLOSED_ACCOUNT_RETENTION_DAYS", bad)
        with pytest.raises(ConfigurationError, match="whole number of days"):
            load_config(str(tmp_path))


# Closing an account


def close(client, password: str = PASSWORD):
    return post(client, "/account/close", {"password": password})


def emails_of(app, user_ids: list[int]) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(User.email).where(User.id.in_(user_ids))))


def add_second_parent(app, family_id: int) -> str:
    email = f"carer-{family_id}-{utcnow().timestamp()}@example.com"
    with app.app_context():
        carer = User(email=email, password_hash=hash_password(PASSWORD), role="parent")
        db.session.add(carer)
        db.session.flush()
        db.session.add(FamilyMember(family_id=family_id, user_id=carer.id))
        db.session.commit()
    return email


def test_the_closing_page_explains_what_is_kept_and_for_how_long(app) -> None:
    parent = family_shared_with_broker(app)[0]
    assert 'href="/account/close"' in parent.get("/account").get_data(as_text=True)
    text = text_of(parent.get("/account/close"))
    assert "for 90 days" in text
    assert "anonymous reference" in text
    assert "Support plans the council approved" in text


def test_the_privacy_notice_explains_closing_and_the_retention_period(client) -> None:
    text = text_of(client.get("/privacy"))
    assert "Closing your account" in text
    assert "needs 90 days after you close your account" in text


def test_a_wrong_or_missing_password_closes_nothing(app) -> None:
    parent, _broker, _user, _child_id, family_id = family_shared_with_broker(app)
    wrong = close(parent, "not my password at all")
    assert wrong.status_code == 200 and "Enter the correct password" in text_of(wrong)
    missing = close(parent, "")
    assert "Enter your password to close your account" in text_of(missing)
    assert parent.get("/account").status_code == 200
    with app.app_context():
        assert all(
            db.session.get(User, user_id).closed_at is None
            for user_id in parent_ids(app, family_id)
        )


def test_closing_signs_the_whole_family_out_ends_sharing_and_stops_sign_in(app) -> None:
    parent, broker, _user, child_id, family_id = family_shared_with_broker(app)
    carer_email = add_second_parent(app, family_id)
    carer = sign_in_as(app, carer_email)
    assert carer.get("/family/").status_code == 200

    response = close(parent)
    assert response.status_code == 302 and response.headers["Location"] == "/account/closed"
    assert "Your account is closed" in text_of(parent.get("/account/closed"))
    assert parent.get("/account").headers["Location"].startswith("/sign-in")
    # The other parent's live session ends too, and the broker is shut out.
    assert carer.get("/family/").headers["Location"].startswith("/sign-in")
    assert broker.get(f"/family/children/{child_id}").status_code == 404
    with app.app_context():
        consents = db.session.scalars(select(Consent).where(Consent.family_id == family_id))
        assert all(consent.revoked_at is not None for consent in consents)
        closed = db.session.scalars(
            select(AuditEvent.subject_id).where(
                AuditEvent.action == "account_closed",
                AuditEvent.subject_id.in_(parent_ids(app, family_id)),
            )
        ).all()
        assert len(closed) == 2
    for email in emails_of(app, parent_ids(app, family_id)):
        again = sign_in_as(app, email)
        assert again.get("/account").headers["Location"].startswith("/sign-in")
        with app.app_context():
            subject = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == email))
            assert subject is not None


def test_a_closed_account_cannot_ask_for_a_password_reset(app, client) -> None:
    parent = family_shared_with_broker(app)[0]
    email = parent_email(app, parent)
    close(parent)
    token = csrf_token(client.get("/reset-password").get_data(as_text=True))
    client.post("/reset-password", data={"csrf_token": token, "email": email})
    with app.app_context():
        subjects = db.session.scalars(
            select(OutboxMessage.subject).where(OutboxMessage.to == email)
        ).all()
        assert "Reset your password" not in subjects


def parent_email(app, client) -> str:
    html = client.get("/account").get_data(as_text=True)
    return re.search(r"You are signed in as (\S+@\S+)\.</p>", html).group(1)


def test_a_young_person_keeps_their_own_account_when_a_parent_closes_the_family(app) -> None:
    parent, _broker, _user, _child_id, family_id = family_shared_with_broker(app)
    young_email = add_second_parent(app, family_id)
    with app.app_context():
        db.session.execute(
            update(User).where(User.email == young_email).values(role="young_person")
        )
        db.session.commit()
    young = sign_in_as(app, young_email)
    assert "Close your account" in young.get("/account").get_data(as_text=True)
    close(parent)
    assert young.get("/account").status_code == 200
    # They can close their own, which then closes the family's last open account.
    assert close(young).headers["Location"] == "/account/closed"
    with app.app_context():
        closures = db.session.scalars(
            select(User.closed_at).where(User.id.in_(parent_ids(app, family_id)))
        ).all()
        assert all(closures)


def test_staff_and_brokers_do_not_close_their_own_accounts(app) -> None:
    for role in ("officer", "admin", "broker"):
        staff, _user = sign_in_staff(app, role)
        assert staff.get("/account/close").status_code == 403


# Retention


def run_retention(app, today: date | None = None):
    args = ["accounts", "apply-retention"]
    if today:
        args += ["--today", today.isoformat()]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    return result.output


def closed_family(app):
    """A family whose broker looked at and changed a child's record, then closed."""
    parent, broker, broker_user, child_id, family_id = family_shared_with_broker(app)
    broker.get(f"/family/children/{child_id}")
    post(broker, f"/family/children/{child_id}", {**CHILD, "needs": "Needs a quiet room"})
    email = parent_email(app, parent)
    close(parent)
    return email, broker_user, child_id, family_id


def backdate_closure(app, family_id: int, days: int) -> None:
    with app.app_context():
        db.session.execute(
            update(User)
            .where(User.id.in_(parent_ids(app, family_id)))
            .values(closed_at=utcnow() - timedelta(days=days))
        )
        db.session.commit()


def events_about(app, child_id: int, member_ids: list[int]) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(
                or_(
                    (AuditEvent.record_type == "child") & (AuditEvent.record_id == child_id),
                    AuditEvent.subject_id.in_(member_ids),
                    AuditEvent.actor_id.in_(member_ids),
                )
            )
            .order_by(AuditEvent.id)
        ).all()
        db.session.expunge_all()
        return list(events)


def test_nothing_is_removed_before_the_retention_period_ends(app) -> None:
    email, _broker, child_id, family_id = closed_family(app)
    backdate_closure(app, family_id, 10)
    run_retention(app)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)) is not None
        assert db.session.get(Child, child_id).first_name == "Amira"


def test_retention_anonymises_people_and_children_and_keeps_the_audit_trail(app) -> None:
    email, broker_user, child_id, family_id = closed_family(app)
    members = parent_ids(app, family_id)
    before = events_about(app, child_id, members)
    assert any("Amira" in (event.after or "") for event in before)
    backdate_closure(app, family_id, 91)

    output = run_retention(app)
    assert "anonymised" in output

    with app.app_context():
        parent = db.session.get(User, members[0])
        assert parent.anonymised_at is not None
        assert parent.email == f"{parent.anonymous_reference}@closed.invalid"
        assert re.fullmatch(r"anon-[0-9a-f]{10}", parent.anonymous_reference)
        assert parent.preferred_language is None and parent.full_name is None
        assert db.session.scalar(select(User).where(User.email == email)) is None
        assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == email)) is None
        child = db.session.get(Child, child_id)
        assert (child.first_name, child.last_name, child.needs) == ("Removed", "", "")
        assert child.date_of_birth == date(2015, 1, 1)
        assert child.anonymised_at is not None
        assert db.session.get(Family, family_id).anonymised_at is not None
        # The broker's own account is untouched.
        assert db.session.get(User, broker_user.id).email == broker_user.email

    after = events_about(app, child_id, members)
    kept_ids = {event.id for event in after}
    assert {event.id for event in before} <= kept_ids, "no audit event is deleted"
    by_id = {event.id: event for event in after}
    for old in before:
        new = by_id[old.id]
        assert (new.action, new.actor_id, new.on_behalf_of_id, new.occurred_at) == (
            old.action,
            old.actor_id,
            old.on_behalf_of_id,
            old.occurred_at,
        )
        assert new.remote_address is None
        assert "Amira" not in (new.before or "") + (new.after or "")
        assert email not in (new.before or "") + (new.after or "")
    change = next(event for event in after if event.action == "child_changed")
    assert json.loads(change.after)["needs"] == REMOVED
    assert json.loads(change.after)["ehc_plan"] == "yes"
    assert {"account_anonymised", "child_anonymised"} <= {event.action for event in after}


def test_the_admin_search_shows_the_anonymous_reference_in_place_of_the_person(app) -> None:
    email, _broker, child_id, family_id = closed_family(app)
    backdate_closure(app, family_id, 100)
    run_retention(app)
    with app.app_context():
        reference = db.session.get(User, parent_ids(app, family_id)[0]).anonymous_reference
    admin, _user = sign_in_staff(app, "admin")
    text = text_of(admin.get(f"/admin/audit?record_type=child&record_id={child_id}"))
    assert reference in text
    assert email not in text and "Amira" not in text


def test_running_retention_again_changes_nothing(app) -> None:
    _email, _broker, child_id, family_id = closed_family(app)
    backdate_closure(app, family_id, 95)
    run_retention(app)
    members = parent_ids(app, family_id)
    first = [(e.id, e.before, e.after) for e in events_about(app, child_id, members)]
    with app.app_context():
        reference = db.session.get(User, members[0]).anonymous_reference
    assert "0 accounts, 0 children's records and 0 families" in run_retention(app)
    assert [(e.id, e.before, e.after) for e in events_about(app, child_id, members)] == first
    with app.app_context():
        assert db.session.get(User, members[0]).anonymous_reference == reference


def test_today_can_be_given_to_see_what_a_later_run_does(app) -> None:
    _email, _broker, child_id, family_id = closed_family(app)
    run_retention(app, date.today() + timedelta(days=89))
    with app.app_context():
        assert db.session.get(Child, child_id).anonymised_at is None
    run_retention(app, date.today() + timedelta(days=90))
    with app.app_context():
        assert db.session.get(Child, child_id).anonymised_at is not None


def test_a_family_with_a_young_person_still_open_keeps_its_childrens_records(app) -> None:
    parent, _broker, _user, child_id, family_id = family_shared_with_broker(app)
    young_email = add_second_parent(app, family_id)
    with app.app_context():
        db.session.execute(
            update(User).where(User.email == young_email).values(role="young_person")
        )
        db.session.commit()
    close(parent)
    backdate_closure(app, family_id, 200)
    with app.app_context():
        db.session.execute(update(User).where(User.email == young_email).values(closed_at=None))
        db.session.commit()
    run_retention(app)
    with app.app_context():
        assert db.session.get(Child, child_id).first_name == "Amira"
        assert db.session.scalar(select(User).where(User.email == young_email)) is not None


def test_records_the_council_must_keep_hold_back_the_childs_record_until_their_own_date(
    app,
) -> None:
    _email, _broker, child_id, family_id = closed_family(app)
    backdate_closure(app, family_id, 120)
    erased: list[int] = []
    expired_runs: list[date] = []
    plan_rule = kept.KeptRecordType(
        record_type="approved_support_plan",
        why="The council keeps plans it approved",
        kept_until=lambda _session, kid: (
            [date.today() + timedelta(days=365)] if kid == child_id else []
        ),
        anonymise_expired=lambda _session, today: expired_runs.append(today) or 0,
    )
    kept.keep(plan_rule)
    registered = list(kept.FAMILY_DATA_ERASERS)
    kept.erase_with_family(lambda _session, fid: erased.append(fid))
    try:
        run_retention(app)
        with app.app_context():
            assert db.session.get(Child, child_id).first_name == "Amira"
            assert db.session.get(Family, family_id).anonymised_at is None
            # The parents' own accounts go on time all the same.
            assert db.session.get(User, parent_ids(app, family_id)[0]).anonymised_at
        assert family_id not in erased
        assert expired_runs, "each kept type's own retention runs too"
        run_retention(app, date.today() + timedelta(days=366))
        with app.app_context():
            assert db.session.get(Child, child_id).first_name == "Removed"
            assert db.session.get(Family, family_id).anonymised_at is not None
        assert family_id in erased
    finally:
        kept.KEPT_RECORD_TYPES.pop("approved_support_plan", None)
        # Only this test's eraser goes: the portal's own stay registered.
        kept.FAMILY_DATA_ERASERS[:] = registered


def test_a_closed_email_address_can_register_again_once_anonymised(app, client) -> None:
    email, _broker, _child_id, family_id = closed_family(app)
    backdate_closure(app, family_id, 91)
    run_retention(app)
    token = csrf_token(client.get("/register").get_data(as_text=True))
    client.post("/register", data={"csrf_token": token, "email": email, "password": PASSWORD})
    with app.app_context():
        fresh = db.session.scalar(select(User).where(User.email == email))
        assert fresh is not None and fresh.closed_at is None and fresh.role == "parent"


def test_a_signed_in_parent_is_not_affected_by_someone_elses_closure(app) -> None:
    other = signed_in(app)
    closed_family(app)
    assert other.get("/account").status_code == 200


def young_persons_words(app, plan_id: int) -> tuple[list[str | None], list[str], int]:
    """The views sent with each version, each comment's words, and how many views rows the
    child still has."""
    from portal.families.models import YoungPersonViews
    from portal.plans.models import PlanComment, PlanVersion, SupportPlan

    with app.app_context():
        plan = db.session.get(SupportPlan, plan_id)
        sent = [version.young_person_views_json for version in plan.versions]
        comments = list(
            db.session.scalars(
                select(PlanComment.body)
                .join(PlanVersion)
                .where(PlanVersion.plan_id == plan_id)
                .order_by(PlanComment.id)
            )
        )
        views = len(
            db.session.scalars(
                select(YoungPersonViews).where(YoungPersonViews.child_id == plan.child_id)
            ).all()
        )
        return sent, comments, views


@pytest.mark.usefixtures("budget")
def test_the_young_persons_words_in_plans_and_comments_go_with_the_family(app) -> None:
    from tests.test_plan_voice import submitted_version, with_views

    parent, young, teenager = with_views(app)
    plan_id, _version_id = submitted_version(app, parent, teenager)
    assert post(
        young, "/my-space/plan/comments", {"comment": "Swim on Saturdays."}
    ).status_code == (302)
    sent, comments, views = young_persons_words(app, plan_id)
    assert "Biscuit" in sent[0] and comments == ["Swim on Saturdays."] and views == 1
    family_id = family_id_of_child(app, teenager)
    close(parent)
    assert close(young, NEW_PASSWORD).headers["Location"] == "/account/closed"
    backdate_closure(app, family_id, 91)
    run_retention(app)
    with app.app_context():
        assert db.session.get(Family, family_id).anonymised_at is not None
    assert young_persons_words(app, plan_id) == ([None], [""], 0)


@pytest.mark.usefixtures("budget")
def test_a_young_persons_comments_go_with_their_own_account(app) -> None:
    from tests.test_plan_voice import submitted_version, with_views

    parent, young, teenager = with_views(app)
    plan_id, _version_id = submitted_version(app, parent, teenager)
    post(young, "/my-space/plan/comments", {"comment": "Swim on Saturdays."})
    assert close(young, NEW_PASSWORD).headers["Location"] == "/account/closed"
    with app.app_context():
        db.session.execute(
            update(User)
            .where(
                User.closed_at.is_not(None),
                User.anonymised_at.is_(None),
                User.role == "young_person",
            )
            .values(closed_at=utcnow() - timedelta(days=91))
        )
        db.session.commit()
    run_retention(app)
    sent, comments, _views = young_persons_words(app, plan_id)
    # The family's records stay while the parent's account is open; her comment goes.
    assert comments == [""] and sent[0] is not None


def family_id_of_child(app, child_id: int) -> int:
    with app.app_context():
        return db.session.get(Child, child_id).family_id
