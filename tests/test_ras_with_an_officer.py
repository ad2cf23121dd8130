"""An officer finds a family and fills in the RAS questionnaire with them (issue 4): the
search, the child's record, the family's own questionnaire pages with the officer's
banner, the audit trail on the family's behalf, and what the family sees afterwards."""

from __future__ import annotations

import json
import random
import re
import uuid
from datetime import date

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import User
from portal.audit import AuditEvent
from portal.extensions import db
from portal.families.finding import FamilySearch, find_children, read_family_reference
from portal.families.models import Child
from portal.ras.models import Assessment
from tests.staff import sign_in_staff
from tests.test_consent import family_id_of, sign_in_as
from tests.test_families import CHILD, make_user, post, signed_in
from tests.test_invitations import young_person_signed_in
from tests.test_ras_views import text_of


def letters(n: int = 8) -> str:
    return "".join(chr(97 + int(c, 16) % 26) for c in uuid.uuid4().hex[:n]).capitalize()


class Family:
    def __init__(
        self, app, parent_name: str | None = "Nadia Example", last: str | None = None
    ) -> None:
        self.email = make_user(app, "parent")
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == self.email))
            user.full_name = parent_name
            db.session.commit()
            self.parent_id = user.id
        self.client = sign_in_as(app, self.email)
        post(self.client, "/family/")
        # A name and a date of birth nobody else in the shared test database has; born in
        # 2015, so the questionnaire asks what it asks a 10 or 11-year-old.
        self.first, self.last = letters(), last or letters()
        self.born = date(2015, random.randint(1, 12), random.randint(1, 28))
        child = {
            **CHILD,
            "first_name": self.first,
            "last_name": self.last,
            "dob_day": str(self.born.day),
            "dob_month": str(self.born.month),
            "dob_year": str(self.born.year),
        }
        assert post(self.client, "/family/children/new", child).status_code == 302
        with app.app_context():
            self.child_id = db.session.scalar(
                select(Child.id).where(Child.first_name == self.first, Child.last_name == self.last)
            )
        self.family_id = family_id_of(app, self.child_id)


def find(client, **terms: str):
    fields = {
        "child_name": "",
        "dob_day": "",
        "dob_month": "",
        "dob_year": "",
        "parent_email": "",
        "family_reference": "",
    }
    return post(client, "/family/officer/find", {**fields, **terms})


def events(app, action: str, actor_id: int) -> list[AuditEvent]:
    with app.app_context():
        found = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == action, AuditEvent.actor_id == actor_id)
            .order_by(AuditEvent.id)
        ).all()
        for event in found:
            db.session.expunge(event)
        return list(found)


def answer_every_page(client, first_page: str) -> str:
    """Answer every question of every page the questionnaire leads to; the check page."""
    location = first_page
    while "/questions/" in location:
        page = client.get(location).get_data(as_text=True)
        assert "Filling in with the family" in page
        names = sorted(set(re.findall(r'name="(q_[a-z_]+)"', page)))
        response = post(client, location, {**{n: "2" for n in names}, "action": "continue"})
        assert response.status_code == 302, text_of(response)[:2000]
        location = response.headers["Location"]
    assert location.endswith("/check")
    return location


@pytest.fixture
def officer(app, client):
    # client first: every page the officer gets is checked (HTML, title, CSRF on forms).
    return sign_in_staff(app, "officer", full_name="Priya Caseworker")


# Finding a family


def test_the_search_page_asks_what_to_look_for_and_lists_nobody(app, officer) -> None:
    officer_client, _user = officer
    page = text_of(officer_client.get("/family/officer/find"))
    assert "Find a family" in page and 'id="found"' not in page


def test_an_empty_search_lists_nobody_and_says_what_to_enter(app, officer) -> None:
    officer_client, user = officer
    Family(app)
    response = find(officer_client)
    page = text_of(response)
    assert response.status_code == 400
    assert "There is a problem" in page and "<title>Error:" in page
    assert (
        "Enter a child’s name, their date of birth, a parent’s email address or the family "
        "reference" in page
    )
    assert 'id="found"' not in page
    assert events(app, "families_searched", user.id) == []


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"dob_day": "31", "dob_month": "2", "dob_year": "2015"}, "must be a real date"),
        ({"dob_day": "3", "dob_month": "", "dob_year": "2015"}, "must include a month"),
        ({"dob_day": "3", "dob_month": "3", "dob_year": "2099"}, "today or in the past"),
        # Numbers too big for a date at all are not real dates, not a crash.
        ({"dob_day": "9" * 40, "dob_month": "3", "dob_year": "2015"}, "must be a real date"),
        ({"dob_day": "3", "dob_month": "9" * 40, "dob_year": "2015"}, "must be a real date"),
        ({"dob_day": "3", "dob_month": "3", "dob_year": "9" * 40}, "must be a real date"),
        ({"parent_email": "not an email"}, "Enter an email address in the correct format"),
        ({"family_reference": "the blue one"}, "Enter the family reference as a number"),
        ({"child_name": "A"}, "Enter at least 2 letters"),
        ({"child_name": "x" * 201}, "200 characters or fewer"),
    ],
)
def test_bad_input_gets_the_error_summary_and_keeps_what_was_typed(
    app, officer, terms, message
) -> None:
    officer_client, user = officer
    response = find(officer_client, **terms)
    page = text_of(response)
    assert response.status_code == 400
    assert "govuk-error-summary" in page and message in page
    for value in terms.values():
        if value and len(value) < 50:
            assert f'value="{value}"' in page
    assert 'id="found"' not in page
    assert events(app, "families_searched", user.id) == []


def test_an_officer_finds_a_child_by_name_and_sees_just_enough_to_pick_them(app, officer) -> None:
    officer_client, user = officer
    family = Family(app, parent_name="Nadia Example")
    response = find(officer_client, child_name=f"{family.last.lower()} {family.first[:3]}")
    page = text_of(response)
    assert response.status_code == 200
    assert "1 child found" in page
    assert f"{family.first} {family.last}" in page
    assert f"Born {family.born.day} " in page and str(family.born.year) in page
    assert "Nadia Example" in page and f"Family {family.family_id}" in page
    assert f'href="/family/officer/children/{family.child_id}"' in page
    # Just enough to pick: nothing of the record itself yet.
    assert CHILD["needs"] not in page
    (searched,) = events(app, "families_searched", user.id)
    # Which fields were used and whom they found, never what was typed: erasing the
    # family's records must not leave the child's name behind in the trail.
    assert json.loads(searched.after) == {
        "searched_by": ["child_name"],
        "children_found": [family.child_id],
    }
    assert searched.before is None and family.first[:3] not in searched.after


def test_an_officer_finds_a_child_by_date_of_birth_email_or_reference(app, officer) -> None:
    officer_client, user = officer
    family = Family(app)
    other = Family(app)
    by_birthday = text_of(
        find(
            officer_client,
            dob_day=str(family.born.day),
            dob_month=str(family.born.month),
            dob_year=str(family.born.year),
        )
    )
    assert f"{family.first} {family.last}" in by_birthday
    by_email = text_of(find(officer_client, parent_email=family.email.upper()))
    assert f"{family.first} {family.last}" in by_email
    assert other.first not in by_email
    by_reference = text_of(find(officer_client, family_reference=f"Family {family.family_id}"))
    assert "1 child found" in by_reference and f"{family.first} {family.last}" in by_reference
    # Everything entered has to match.
    neither = text_of(find(officer_client, child_name=family.first, parent_email=other.email))
    assert "0 children found" in neither and "No child matches" in neither
    searches = [json.loads(e.after) for e in events(app, "families_searched", user.id)]
    assert [s["searched_by"] for s in searches] == [
        ["date_of_birth"],
        ["parent_email"],
        ["family_reference"],
        ["child_name", "parent_email"],
    ]
    # Another child in the shared test database may share the birthday.
    assert family.child_id in searches[0]["children_found"]
    assert [s["children_found"] for s in searches[1:]] == [[family.child_id]] * 2 + [[]]
    trail = json.dumps(searches)
    for personal in (family.born.isoformat(), family.email, other.email, family.first):
        assert personal.lower() not in trail.lower()


def test_a_name_with_wildcards_is_looked_for_as_written(app) -> None:
    family = Family(app)
    with app.app_context():
        assert find_children(db.session, FamilySearch(child_name="%%")) == ([], False)
        found, _more = find_children(db.session, FamilySearch(child_name=family.first))
        assert [f.child.id for f in found] == [family.child_id]


def test_the_search_shows_a_limited_number_and_says_there_are_more(app) -> None:
    surname = letters()
    Family(app, last=surname)
    Family(app, last=surname)
    with app.app_context():
        found, more = find_children(db.session, FamilySearch(child_name=surname), most=1)
        assert len(found) == 1 and more
        found, more = find_children(db.session, FamilySearch(child_name=surname), most=2)
        assert len(found) == 2 and not more
        assert find_children(db.session, FamilySearch()) == ([], False)


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1234", 1234), (" Family 1234 ", 1234), ("#12", 12), ("0", None), ("12a", None)],
)
def test_a_family_reference_is_read_as_the_familys_number(typed, number) -> None:
    assert read_family_reference(typed) == number


# The child's record


def test_opening_a_childs_record_is_audited_for_the_family_to_see(app, officer) -> None:
    officer_client, user = officer
    family = Family(app)
    page = text_of(officer_client.get(f"/family/officer/children/{family.child_id}"))
    assert f"{family.first} {family.last}" in page and CHILD["needs"] in page
    assert "Nadia Example" in page
    assert "Fill in the questionnaire with the family" in page
    (viewed,) = events(app, "child_viewed", user.id)
    assert (viewed.record_type, viewed.record_id, viewed.subject_id) == (
        "child",
        family.child_id,
        family.parent_id,
    )
    looked = text_of(family.client.get("/family/who-has-looked"))
    assert "Priya Caseworker" in looked and "Looked at a child’s record" in looked


def test_a_child_that_is_not_there_is_not_found(app, officer) -> None:
    officer_client, _user = officer
    assert officer_client.get("/family/officer/children/999999999").status_code == 404
    assert officer_client.get("/family/officer/children/0").status_code == 404


# Filling in the questionnaire with the family


def test_officer_finds_the_family_fills_in_the_questionnaire_and_the_family_sees_who(
    app, officer
) -> None:
    officer_client, user = officer
    family = Family(app)
    assert f"/family/officer/children/{family.child_id}" in text_of(
        find(officer_client, child_name=family.first)
    )
    record = text_of(officer_client.get(f"/family/officer/children/{family.child_id}"))
    assert f'href="/budget/children/{family.child_id}"' in record
    start_page = text_of(officer_client.get(f"/budget/children/{family.child_id}"))
    assert "Filling in with the family" in start_page
    assert "Every answer you save is recorded as yours, on their behalf" in start_page
    started = post(officer_client, f"/budget/children/{family.child_id}/assessments")
    assert started.status_code == 302
    check = answer_every_page(officer_client, started.headers["Location"])
    check_page = text_of(officer_client.get(check))
    assert "Filling in with the family" in check_page
    assessment_id = int(re.search(r"/assessments/(\d+)/", check).group(1))
    sent = post(officer_client, f"/budget/assessments/{assessment_id}/submit")
    assert sent.status_code == 302
    budget = text_of(officer_client.get(sent.headers["Location"]))
    assert "Filling in with the family" in budget
    assert "Priya Caseworker, a council officer, filled in answers with the family" in budget

    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.status == "submitted"
        assert (assessment.started_by_id, assessment.submitted_by_id) == (user.id, user.id)
        trail = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.record_type == "assessment", AuditEvent.record_id == assessment_id)
            .order_by(AuditEvent.id)
        ).all()
        changes = [e for e in trail if e.action != "assessment_viewed"]
        assert {e.action for e in changes} >= {
            "assessment_started",
            "assessment_answers_saved",
            "assessment_submitted",
        }
        # Every change is the officer's, on the family's behalf, about the family.
        assert all(
            (e.actor_id, e.on_behalf_of_id, e.subject_id)
            == (user.id, family.parent_id, family.parent_id)
            for e in trail
        )

    # The family sees, on their budget page, who filled it in with them and when.
    theirs = text_of(family.client.get(f"/budget/assessments/{assessment_id}"))
    today = date.today()
    assert "Priya Caseworker, a council officer, filled in answers with you on" in theirs
    assert f"{today.day} " in theirs and str(today.year) in theirs
    assert "Filling in with the family" not in theirs
    printable = text_of(family.client.get(f"/budget/assessments/{assessment_id}/print"))
    assert "Priya Caseworker, a council officer, filled in answers with you" in printable


def test_the_family_never_sees_the_email_of_an_officer_with_no_name(app) -> None:
    officer_client, user = sign_in_staff(app, "officer")
    with app.app_context():
        db.session.get(User, user.id).full_name = None
        db.session.commit()
    family = Family(app)
    started = post(officer_client, f"/budget/children/{family.child_id}/assessments")
    check = answer_every_page(officer_client, started.headers["Location"])
    assessment_id = int(re.search(r"/assessments/(\d+)/", check).group(1))
    assert post(officer_client, f"/budget/assessments/{assessment_id}/submit").status_code == 302
    for path in (
        f"/budget/assessments/{assessment_id}",
        f"/budget/assessments/{assessment_id}/print",
    ):
        theirs = text_of(family.client.get(path))
        assert "A council officer filled in answers with you on" in theirs
        assert user.email not in theirs
    # Council staff still see which colleague it was.
    assert f"{user.email}, a council officer, filled in answers with the family" in text_of(
        officer_client.get(f"/budget/assessments/{assessment_id}")
    )


def test_an_officer_carries_on_a_draft_the_family_started(app, officer) -> None:
    officer_client, user = officer
    family = Family(app)
    started = post(family.client, f"/budget/children/{family.child_id}/assessments")
    first_page = started.headers["Location"]
    assessment_id = int(re.search(r"/assessments/(\d+)/", first_page).group(1))
    page = text_of(officer_client.get(f"/budget/children/{family.child_id}"))
    assert "Carry on with your answers" in page
    assert "Carry on with the family’s answers" in text_of(
        officer_client.get(f"/family/officer/children/{family.child_id}")
    )
    saved = post(officer_client, first_page, {"q_washing_dressing": "3", "action": "save"})
    assert saved.headers["Location"].endswith(f"/budget/children/{family.child_id}?saved=1")
    (change,) = [
        e for e in events(app, "assessment_answers_saved", user.id) if e.record_id == assessment_id
    ]
    assert (change.on_behalf_of_id, change.subject_id) == (family.parent_id, family.parent_id)
    assert json.loads(change.after)["answers"] == {"washing_dressing": 3}
    # The family's own saves are theirs alone.
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).started_by_id == family.parent_id


def lock_on(page_html: str) -> str:
    return re.search(r'name="lock_version" value="(\d+)"', page_html).group(1)


def test_an_officer_and_the_parent_on_the_same_page_never_overwrite_each_other(
    app, officer
) -> None:
    officer_client, user = officer
    family = Family(app)
    started = post(family.client, f"/budget/children/{family.child_id}/assessments")
    first_page = started.headers["Location"]
    assessment_id = int(re.search(r"/assessments/(\d+)/", first_page).group(1))
    # Both have the page open, loaded from the same saved answers.
    parents_lock = lock_on(family.client.get(first_page).get_data(as_text=True))
    officers_lock = lock_on(officer_client.get(first_page).get_data(as_text=True))
    assert parents_lock == officers_lock
    theirs = {"q_washing_dressing": "2", "q_sleep": "1", "lock_version": officers_lock}
    assert post(officer_client, first_page, {**theirs, "action": "continue"}).status_code == 302

    mine = {"q_washing_dressing": "0", "q_sleep": "1", "lock_version": parents_lock}
    stale = post(family.client, first_page, {**mine, "action": "continue"})
    assert stale.status_code == 409
    page = text_of(stale)
    assert "Someone else changed these answers" in page
    assert "We have not saved yours, so nothing was overwritten" in page
    assert re.search(r"data-yours>\s*No more help than other children their age", page)
    assert re.search(r"data-saved>\s*A lot of extra help", page)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).answers == {
            "washing_dressing": 2,
            "sleep": 1,
        }
    # What the parent chose is kept on the page, ready to be saved on purpose.
    again = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page))
    assert again["q_washing_dressing"] == "0"
    assert again["lock_version"] != parents_lock
    instead = post(family.client, first_page, {**again, "action": "continue"})
    assert instead.status_code == 302
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).answers == {
            "washing_dressing": 0,
            "sleep": 1,
        }
    # Now the officer's page is the stale one: refused too, not a 500 and not a write.
    refused = post(officer_client, first_page, {**theirs, "action": "save"})
    assert refused.status_code == 409
    assert "Filling in with the family" in text_of(refused)


def test_a_stale_page_sent_with_the_answers_already_saved_goes_on(app, officer) -> None:
    officer_client, _user = officer
    family = Family(app)
    started = post(family.client, f"/budget/children/{family.child_id}/assessments")
    first_page = started.headers["Location"]
    lock = lock_on(family.client.get(first_page).get_data(as_text=True))
    same = {"q_washing_dressing": "1", "q_sleep": "1", "action": "continue"}
    assert post(officer_client, first_page, {**same, "lock_version": lock}).status_code == 302
    # Nothing of the parent's would be lost, so there is nothing to choose between.
    assert post(family.client, first_page, {**same, "lock_version": lock}).status_code == 302


def test_two_saves_at_the_same_moment_are_caught_at_the_update(app) -> None:
    family = Family(app)
    started = post(family.client, f"/budget/children/{family.child_id}/assessments")
    assessment_id = int(re.search(r"/assessments/(\d+)/", started.headers["Location"]).group(1))
    table = Assessment.__table__
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        # Someone else's save lands between this one's read and its write.
        with db.engine.begin() as other:
            other.execute(
                update(table)
                .where(table.c.id == assessment_id)
                .values(answers_json='{"sleep": 2}', lock_version=table.c.lock_version + 1)
            )
        assessment.answers = {"sleep": 0}
        with pytest.raises(StaleDataError):
            db.session.flush()
        db.session.rollback()
        assert db.session.get(Assessment, assessment_id).answers == {"sleep": 2}


def test_sending_while_someone_saves_an_answer_sends_nothing_and_shows_the_answers(
    app, officer
) -> None:
    officer_client, _user = officer
    family = Family(app)
    started = post(officer_client, f"/budget/children/{family.child_id}/assessments")
    check = answer_every_page(officer_client, started.headers["Location"])
    assessment_id = int(re.search(r"/assessments/(\d+)/", check).group(1))
    table = Assessment.__table__

    def the_officer_saves_first(session, *_args) -> None:
        if any(isinstance(o, Assessment) and o.id == assessment_id for o in session.dirty):
            with db.engine.begin() as other:
                other.execute(
                    update(table)
                    .where(table.c.id == assessment_id)
                    .values(lock_version=table.c.lock_version + 1)
                )

    event.listen(Session, "before_flush", the_officer_saves_first)
    try:
        sent = post(family.client, f"/budget/assessments/{assessment_id}/submit")
    finally:
        event.remove(Session, "before_flush", the_officer_saves_first)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/check")
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).status == "draft"


def test_an_officer_post_that_saves_nothing_is_audited_on_the_familys_behalf(app, officer) -> None:
    officer_client, user = officer
    family = Family(app)
    started = post(family.client, f"/budget/children/{family.child_id}/assessments")
    first_page = started.headers["Location"]
    assessment_id = int(re.search(r"/assessments/(\d+)/", first_page).group(1))
    shown_again = post(officer_client, first_page, {"action": "continue"})
    assert shown_again.status_code == 400
    (viewed,) = [
        e for e in events(app, "assessment_viewed", user.id) if e.record_id == assessment_id
    ]
    assert (viewed.on_behalf_of_id, viewed.subject_id) == (family.parent_id, family.parent_id)
    assert all(
        e.record_id != assessment_id for e in events(app, "assessment_answers_saved", user.id)
    )


def test_officer_reads_of_the_familys_pages_are_audited(app, officer) -> None:
    officer_client, user = officer
    family = Family(app)
    officer_client.get(f"/budget/children/{family.child_id}")
    (viewed,) = events(app, "assessments_viewed", user.id)
    assert (viewed.record_id, viewed.on_behalf_of_id) == (family.child_id, family.parent_id)


def test_an_officer_does_not_ask_for_a_review_for_the_family(app, officer) -> None:
    officer_client, _user = officer
    family = Family(app)
    started = post(officer_client, f"/budget/children/{family.child_id}/assessments")
    check = answer_every_page(officer_client, started.headers["Location"])
    assessment_id = int(re.search(r"/assessments/(\d+)/", check).group(1))
    post(officer_client, f"/budget/assessments/{assessment_id}/submit")
    budget = text_of(officer_client.get(f"/budget/assessments/{assessment_id}"))
    assert "Ask for a review" in budget  # the wording, but the family's to use:
    assert officer_client.get(f"/budget/assessments/{assessment_id}/review").status_code == 403


def test_the_officer_who_filled_it_in_may_confirm_it_and_the_page_says_so(app, officer) -> None:
    officer_client, user = officer
    family = Family(app)
    started = post(officer_client, f"/budget/children/{family.child_id}/assessments")
    check = answer_every_page(officer_client, started.headers["Location"])
    assessment_id = int(re.search(r"/assessments/(\d+)/", check).group(1))
    post(officer_client, f"/budget/assessments/{assessment_id}/submit")

    confirm_page = text_of(officer_client.get(f"/budget/officer/assessments/{assessment_id}"))
    assert "You filled in these answers with the family on" in confirm_page
    colleague, _colleague_user = sign_in_staff(app, "officer")
    theirs = text_of(colleague.get(f"/budget/officer/assessments/{assessment_id}"))
    assert "Priya Caseworker, a council officer, filled in these answers with the family" in theirs

    with app.app_context():
        answers = db.session.get(Assessment, assessment_id).answers
    form = {f"q_{q}": str(v) for q, v in answers.items()}
    confirmed = post(officer_client, f"/budget/officer/assessments/{assessment_id}", form)
    assert confirmed.status_code == 302, text_of(confirmed)[:2000]
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert (assessment.status, assessment.confirmed_by_id) == ("confirmed", user.id)


# Who may not


def officers_draft(app):
    client, _user = sign_in_staff(app, "officer")
    family = Family(app)
    started = post(client, f"/budget/children/{family.child_id}/assessments")
    assessment_id = int(re.search(r"/assessments/(\d+)/", started.headers["Location"]).group(1))
    return family, assessment_id


def someone(app, who: str):
    if who == "anonymous":
        return app.test_client()
    if who == "parent of another family":
        return Family(app).client
    if who == "young person":
        _parent, young_person, _child, _sibling = young_person_signed_in(app)
        return young_person
    if who == "broker without consent":
        return sign_in_as(app, make_user(app, "broker"))
    if who == "admin":
        return sign_in_staff(app, "admin")[0]
    return signed_in(app, "parent")


WHO_MAY_NOT = (
    "anonymous",
    "parent of another family",
    "young person",
    "broker without consent",
    "admin",
)


@pytest.mark.parametrize("who", WHO_MAY_NOT)
def test_only_officers_find_families_or_open_their_records(app, who) -> None:
    family = Family(app)
    client = someone(app, who)
    responses = [
        client.get("/family/officer/find"),
        find(client, child_name=family.first),
        client.get(f"/family/officer/children/{family.child_id}"),
    ]
    for response in responses:
        if who == "anonymous":
            assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
        else:
            assert response.status_code == 403
            assert family.first not in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(
                select(AuditEvent.id).where(
                    AuditEvent.record_type == "child",
                    AuditEvent.record_id == family.child_id,
                    AuditEvent.action == "child_viewed",
                )
            )
            is None
        )


@pytest.mark.parametrize("who", WHO_MAY_NOT)
def test_nobody_else_reaches_a_questionnaire_an_officer_filled_in(app, who) -> None:
    family, assessment_id = officers_draft(app)
    client = someone(app, who)
    paths = [
        f"/budget/children/{family.child_id}",
        f"/budget/assessments/{assessment_id}/questions/personal_care",
        f"/budget/assessments/{assessment_id}/check",
    ]
    expected = {"parent of another family": 404, "broker without consent": 404}.get(who, 403)
    for path in paths:
        response = client.get(path)
        if who == "anonymous":
            assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
        else:
            assert response.status_code == expected, (path, response.status_code)
    if who != "anonymous":
        saved = post(
            client,
            f"/budget/assessments/{assessment_id}/questions/personal_care",
            {"q_washing_dressing": "0", "action": "save"},
        )
        assert saved.status_code in (403, 404)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).answers == {}
