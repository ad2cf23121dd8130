"""The questionnaire → budget journey, the officer's confirmation, and who may open what."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from portal.audit import AuditEvent
from portal.extensions import db
from portal.families.models import Child
from portal.ras.budget import calculate
from portal.ras.loading import load_scheme
from portal.ras.models import Assessment, ReviewRequest
from tests.ras_schemes import BANDED, as_yaml
from tests.test_consent import broker_acting_for
from tests.test_families import CHILD, family_with_child, post, signed_in

# The demo scheme's pages for an 11-year-old (preparing for adulthood starts at 14).
PAGES = {
    "personal_care": ["washing_dressing", "sleep"],
    "health": ["medical_needs"],
    "behaviour": ["behaviour_that_challenges", "danger"],
    "communication": ["being_understood"],
    "learning": ["learning_support"],
    "getting_out": ["taking_part"],
    "family_resilience": ["family_coping"],
    "parent_carer": ["carer_health"],
}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def start(client, child_id: int) -> int:
    response = post(client, f"/budget/children/{child_id}/assessments")
    assert response.status_code == 302, response.status_code
    return int(re.search(r"/budget/assessments/(\d+)/", response.headers["Location"]).group(1))


def answer_everything(client, assessment_id: int, level: int = 2) -> None:
    for domain, questions in PAGES.items():
        response = post(
            client,
            f"/budget/assessments/{assessment_id}/questions/{domain}",
            {**{f"q_{q}": str(level) for q in questions}, "action": "continue"},
        )
        assert response.status_code == 302, text_of(response)[:3000]


def submitted_assessment(app, level: int = 2):
    client, child_id = family_with_child(app)
    assessment_id = start(client, child_id)
    answer_everything(client, assessment_id, level)
    assert post(client, f"/budget/assessments/{assessment_id}/submit").status_code == 302
    return client, child_id, assessment_id


def audit_actions(app, assessment_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(
                    AuditEvent.record_type == "assessment", AuditEvent.record_id == assessment_id
                )
                .order_by(AuditEvent.id)
            )
        )


# The family's journey


def test_a_parent_answers_one_domain_a_page_and_sees_the_budget_with_its_working(app) -> None:
    client, child_id = family_with_child(app)
    page = text_of(client.get(f"/budget/children/{child_id}"))
    assert "Start now" in page
    assessment_id = start(client, child_id)
    first = text_of(client.get(f"/budget/assessments/{assessment_id}/questions/personal_care"))
    assert "Personal care and daily living" in first and "part 1 of 8" in first
    assert "Someone needs to help with buttons, teeth or wiping most days." in first
    assert "Needs a bit of help most days." in first
    answer_everything(client, assessment_id, level=2)
    check = text_of(client.get(f"/budget/assessments/{assessment_id}/check"))
    assert "Check your answers" in check and "Not answered yet" not in check
    response = post(client, f"/budget/assessments/{assessment_id}/submit")
    assert response.headers["Location"].endswith(f"/budget/assessments/{assessment_id}")
    budget = text_of(client.get(f"/budget/assessments/{assessment_id}"))
    # 10 answers × 5 points = 50; age 11: × 1.1 = 55; £7,400; current £9,400, falls limited
    # to 10%: £8,460.
    assert budget.index("£8,460 a year") < budget.index("How we worked it out")
    assert "50 × 1.1 = 55 points" in budget
    assert "Amira’s band" in budget
    assert (
        "Your current package is £9,400 a year. The new amount of £7,400 would be a fall of "
        "21%; this year’s fall is limited to 10%, so your budget is £8,460, and will move "
        "towards £7,400 at later reviews." in budget
    )
    assert "£5,837.40" in budget and "£1,692" in budget and "£930.60" in budget
    assert "What “indicative” means" in budget and "Ask for a review" in budget
    printable = text_of(client.get(f"/budget/assessments/{assessment_id}/print"))
    assert "£8,460 a year" in printable and "Ask for a review" not in printable
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert (assessment.status, assessment.age, assessment.current_package_pence) == (
            "submitted",
            11,
            940_000,
        )
        again = calculate(
            assessment.answers, assessment.scheme.parsed, 11, assessment.current_package_pence
        )
        assert again == assessment.result


def test_save_and_come_back_later_keeps_what_was_answered_without_asking_for_the_rest(app) -> None:
    client, child_id = family_with_child(app)
    assessment_id = start(client, child_id)
    response = post(
        client,
        f"/budget/assessments/{assessment_id}/questions/personal_care",
        {"q_washing_dressing": "3", "action": "save"},
    )
    assert response.headers["Location"].endswith(f"/budget/children/{child_id}?saved=1")
    assert "Your answers are saved" in text_of(client.get(response.headers["Location"]))
    page = client.get(f"/budget/assessments/{assessment_id}/questions/personal_care").get_data(
        as_text=True
    )
    assert re.search(r'value="3" checked', page)
    check = text_of(client.get(f"/budget/assessments/{assessment_id}/check"))
    assert "9 questions have no answer yet" in check
    assert "Send answers" not in check
    # Submitting anyway goes back to the check page; nothing is worked out.
    assert (
        post(client, f"/budget/assessments/{assessment_id}/submit")
        .headers["Location"]
        .endswith("/check")
    )


@pytest.mark.parametrize("value", ["", "4", "-1", "x" * 10_000, "1.0", "٢"])
def test_a_missing_or_hostile_answer_is_asked_for_again_and_the_others_are_kept(app, value) -> None:
    client, child_id = family_with_child(app)
    assessment_id = start(client, child_id)
    response = post(
        client,
        f"/budget/assessments/{assessment_id}/questions/personal_care",
        {"q_washing_dressing": "1", "q_sleep": value, "action": "continue"},
    )
    page = text_of(response)
    assert response.status_code == 400
    assert "There is a problem" in page and "Select how much support is needed" in page
    assert 'href="#q_sleep"' in page
    assert re.search(r'name="q_washing_dressing" type="radio" value="1" checked', page)


def test_an_unknown_domain_is_not_found(app) -> None:
    client, child_id = family_with_child(app)
    assessment_id = start(client, child_id)
    assert client.get(f"/budget/assessments/{assessment_id}/questions/nonsense").status_code == 404
    # Preparing for adulthood is asked from 14; Amira is 11.
    assert client.get(f"/budget/assessments/{assessment_id}/questions/adulthood").status_code == 404


def test_the_young_person_s_own_views_go_with_the_answers(app) -> None:
    client, child_id = family_with_child(app)
    assessment_id = start(client, child_id)
    answer_everything(client, assessment_id)
    too_long = post(
        client, f"/budget/assessments/{assessment_id}/submit", {"young_person_views": "y" * 5001}
    )
    assert too_long.status_code == 400
    assert "Their views must be 5,000 characters or fewer" in text_of(too_long)
    assert "y" * 5001 in too_long.get_data(as_text=True)
    views = "I want to go swimming with my friends, <b>not</b> with my mum."
    sent = post(
        client, f"/budget/assessments/{assessment_id}/submit", {"young_person_views": views}
    )
    assert sent.status_code == 302
    budget = client.get(f"/budget/assessments/{assessment_id}").get_data(as_text=True)
    assert "Amira’s own views" in budget
    assert "swimming with my friends, &lt;b&gt;not&lt;/b&gt; with my mum." in budget
    officer = signed_in(app, "officer")
    page = officer.get(f"/budget/officer/assessments/{assessment_id}").get_data(as_text=True)
    assert "swimming with my friends" in page


def test_submitting_twice_keeps_the_first_result(app) -> None:
    client, _child_id, assessment_id = submitted_assessment(app)
    with app.app_context():
        first = db.session.get(Assessment, assessment_id).result_json
    assert post(client, f"/budget/assessments/{assessment_id}/submit").status_code == 302
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).result_json == first
    assert (
        client.get(f"/budget/assessments/{assessment_id}/questions/personal_care").status_code
        == 302
    )


def test_asking_for_a_review_records_the_reasons(app) -> None:
    client, _child_id, assessment_id = submitted_assessment(app)
    empty = post(client, f"/budget/assessments/{assessment_id}/review", {"reasons": "  "})
    assert empty.status_code == 400
    assert "Enter why you want the budget looked at again" in text_of(empty)
    too_long = post(client, f"/budget/assessments/{assessment_id}/review", {"reasons": "x" * 5001})
    assert "5,000 characters or fewer" in text_of(too_long)
    assert "x" * 5001 in too_long.get_data(as_text=True)
    sent = post(
        client,
        f"/budget/assessments/{assessment_id}/review",
        {"reasons": "Sleep is worse than the answer says."},
    )
    assert sent.status_code == 302
    assert "Review requested" in text_of(client.get(sent.headers["Location"]))
    again = post(
        client,
        f"/budget/assessments/{assessment_id}/review",
        {"reasons": "Sleep is worse than the answer says."},
    )
    assert again.status_code == 302
    with app.app_context():
        request = db.session.scalars(
            select(ReviewRequest).where(ReviewRequest.assessment_id == assessment_id)
        ).one()
        assert request.reasons == "Sleep is worse than the answer says."
    assert "budget_review_requested" in audit_actions(app, assessment_id)


def test_a_re_assessment_starts_from_the_last_answers_and_keeps_the_old_result(app) -> None:
    client, child_id, first_id = submitted_assessment(app, level=2)
    second_id = start(client, child_id)
    assert second_id != first_id
    page = client.get(f"/budget/assessments/{second_id}/questions/personal_care").get_data(
        as_text=True
    )
    assert re.search(r'name="q_washing_dressing" type="radio" value="2" checked', page)
    post(
        client,
        f"/budget/assessments/{second_id}/questions/personal_care",
        {"q_washing_dressing": "3", "q_sleep": "2", "action": "continue"},
    )
    assert post(client, f"/budget/assessments/{second_id}/submit").status_code == 302
    budget = text_of(client.get(f"/budget/assessments/{second_id}"))
    assert "What changed since the last assessment" in budget
    assert "the budget was £8,460 a year" in budget
    assert "from “A lot of extra help” to “Exceptional support”" in budget
    with app.app_context():
        assert db.session.get(Assessment, first_id).result.total_pence == 846_000


def test_a_published_later_scheme_version_never_changes_an_old_result(app) -> None:
    _client, _child_id, assessment_id = submitted_assessment(app)
    with app.app_context():
        before = db.session.get(Assessment, assessment_id).result_json
        later = dict(BANDED, scheme="laterville", version="2")
        load_scheme(db.session, as_yaml(later))
        db.session.commit()
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.result_json == before
        assert assessment.scheme.scheme_key == "brackenshire"
        db.session.delete(
            db.session.scalars(
                select(type(assessment.scheme)).where(
                    type(assessment.scheme).scheme_key == "laterville"
                )
            ).one()
        )
        db.session.commit()


# A broker


def test_a_broker_with_edit_consent_completes_the_questionnaire_and_is_on_the_record(app) -> None:
    _parent, broker, child_id, _family_id = broker_acting_for(app, "edit")
    assessment_id = start(broker, child_id)
    answer_everything(broker, assessment_id)
    assert post(broker, f"/budget/assessments/{assessment_id}/submit").status_code == 302
    assert client_sees(broker, f"/budget/assessments/{assessment_id}", "£8,460 a year")
    actions = audit_actions(app, assessment_id)
    assert actions[0] == "assessment_started"
    assert "assessment_answers_saved" in actions and "assessment_submitted" in actions
    assert "budget_viewed" in actions
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "assessment_submitted", AuditEvent.record_id == assessment_id
            )
        ).one()
        assert event.on_behalf_of_id is not None
        assert json.loads(event.after)["status"] == "submitted"


def client_sees(client, path: str, words: str) -> bool:
    response = client.get(path)
    return response.status_code == 200 and words in text_of(response)


def test_a_broker_with_view_consent_can_read_the_budget_but_not_answer(app) -> None:
    parent, broker, child_id, _family_id = broker_acting_for(app, "view")
    assessment_id = start(parent, child_id)
    answer_everything(parent, assessment_id)
    assert broker.get(f"/budget/children/{child_id}").status_code == 200
    assert post(broker, f"/budget/children/{child_id}/assessments").status_code == 403
    assert (
        broker.get(f"/budget/assessments/{assessment_id}/questions/personal_care").status_code
        == 403
    )
    assert post(broker, f"/budget/assessments/{assessment_id}/submit").status_code == 403
    assert post(parent, f"/budget/assessments/{assessment_id}/submit").status_code == 302
    assert broker.get(f"/budget/assessments/{assessment_id}").status_code == 200
    assert broker.get(f"/budget/assessments/{assessment_id}/review").status_code == 403
    assert "budget_viewed" in audit_actions(app, assessment_id)


def test_a_broker_without_live_consent_reaches_nothing(app) -> None:
    parent, broker, child_id, _family_id = broker_acting_for(app, "edit")
    _other, _other_broker, other_child, _ = broker_acting_for(app, "edit")
    assessment_id = start(parent, child_id)
    # Revoke the consent: the broker is then refused everything, with 404.
    sharing = parent.get("/family/sharing").get_data(as_text=True)
    consent_id = re.search(r"/family/sharing/(\d+)/revoke", sharing).group(1)
    assert post(parent, f"/family/sharing/{consent_id}/revoke").status_code == 302
    for path in (
        f"/budget/children/{child_id}",
        f"/budget/assessments/{assessment_id}/questions/personal_care",
        f"/budget/assessments/{assessment_id}/check",
        f"/budget/assessments/{assessment_id}",
        f"/budget/children/{other_child}",
    ):
        assert broker.get(path).status_code == 404, path
    assert post(broker, f"/budget/children/{child_id}/assessments").status_code == 404


# Nobody else


def test_another_family_gets_not_found_for_every_page(app) -> None:
    _client, child_id, assessment_id = submitted_assessment(app)
    stranger, _their_child = family_with_child(app)
    for path in (
        f"/budget/children/{child_id}",
        f"/budget/assessments/{assessment_id}/questions/personal_care",
        f"/budget/assessments/{assessment_id}/check",
        f"/budget/assessments/{assessment_id}",
        f"/budget/assessments/{assessment_id}/print",
        f"/budget/assessments/{assessment_id}/review",
        "/budget/assessments/99999999999999999999",
        "/budget/children/2147483648",
    ):
        assert stranger.get(path).status_code == 404, path
    for path in (
        f"/budget/children/{child_id}/assessments",
        f"/budget/assessments/{assessment_id}/submit",
        f"/budget/assessments/{assessment_id}/review",
    ):
        assert post(stranger, path).status_code == 404, path


def test_an_archived_child_is_out_of_reach(app) -> None:
    client, child_id = family_with_child(app)
    with app.app_context():
        db.session.get(Child, child_id).archived = True
        db.session.commit()
    assert client.get(f"/budget/children/{child_id}").status_code == 404


@pytest.mark.parametrize("role", ["parent", "broker", "young_person"])
def test_only_officers_open_the_officer_pages(app, role) -> None:
    _client, _child_id, assessment_id = submitted_assessment(app)
    someone = signed_in(app, role)
    assert someone.get("/budget/officer/").status_code == 403
    assert someone.get(f"/budget/officer/assessments/{assessment_id}").status_code == 403
    assert post(someone, f"/budget/officer/assessments/{assessment_id}").status_code == 403
    assert someone.get("/budget/officer/schemes").status_code == 403


# Officers use them with a family: tests/test_ras_with_an_officer.py.
@pytest.mark.parametrize("role", ["admin", "young_person"])
def test_admins_and_young_people_do_not_use_the_family_pages(app, role) -> None:
    _client, child_id, assessment_id = submitted_assessment(app)
    someone = signed_in(app, role)
    assert someone.get(f"/budget/children/{child_id}").status_code == 403
    assert someone.get(f"/budget/assessments/{assessment_id}").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(app, client) -> None:
    for path in ("/budget/children/1", "/budget/assessments/1", "/budget/officer/"):
        response = client.get(path)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


# The officer


def officer_form(assessment_id: int, changes: dict[str, tuple[str, str]] | None = None):
    data = {f"q_{q}": "2" for questions in PAGES.values() for q in questions}
    for question, (answer, reason) in (changes or {}).items():
        data[f"q_{question}"] = answer
        data[f"r_{question}"] = reason
    return data


def test_an_officer_confirms_as_it_is(app) -> None:
    _family, _child_id, assessment_id = submitted_assessment(app)
    officer = signed_in(app, "officer")
    queue = text_of(officer.get("/budget/officer/"))
    assert f"/budget/officer/assessments/{assessment_id}" in queue
    assert officer.get(f"/budget/officer/assessments/{assessment_id}").status_code == 200
    response = post(
        officer, f"/budget/officer/assessments/{assessment_id}", officer_form(assessment_id)
    )
    assert response.status_code == 302
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.status == "confirmed"
        assert assessment.confirmed_result == assessment.result
        assert assessment.change_reasons == {}
    assert audit_actions(app, assessment_id)[-2:] == ["assessment_viewed", "assessment_confirmed"]


def test_an_officer_changes_an_answer_with_a_reason_and_the_family_sees_both(app) -> None:
    family, _child_id, assessment_id = submitted_assessment(app)
    officer = signed_in(app, "officer")
    no_reason = post(
        officer,
        f"/budget/officer/assessments/{assessment_id}",
        officer_form(assessment_id, {"sleep": ("1", "")}),
    )
    assert no_reason.status_code == 400
    assert "Give the reason for changing the answer: How are your child" in text_of(no_reason)
    assert 'href="#r_sleep"' in no_reason.get_data(as_text=True)
    response = post(
        officer,
        f"/budget/officer/assessments/{assessment_id}",
        officer_form(assessment_id, {"sleep": ("1", "The sleep diary shows one waking a week.")}),
    )
    assert response.status_code == 302
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.answers["sleep"] == 2
        assert assessment.confirmed_answers["sleep"] == 1
        # 47 points × 1.1 = 51.7 → 52, still £7,400, still protected to £8,460.
        assert assessment.confirmed_result.points == 47
    budget = text_of(family.get(f"/budget/assessments/{assessment_id}"))
    assert "What the council changed" in budget
    assert "Most nights are disturbed" in budget and "Some disturbed nights" in budget
    assert "The sleep diary shows one waking a week." in budget
    assert "A council officer confirmed this budget" in budget
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "assessment_confirmed", AuditEvent.record_id == assessment_id
            )
        ).one()
        assert json.loads(event.before)["status"] == "submitted"
        assert json.loads(event.after)["confirmed_answers"]["sleep"] == 1


def test_two_officers_confirming_at_once_keep_the_first_and_get_no_error(app) -> None:
    _family, _child_id, assessment_id = submitted_assessment(app)
    officer = signed_in(app, "officer")
    table = Assessment.__table__

    def another_officer_confirms_first(session, *_args) -> None:
        if any(isinstance(o, Assessment) and o.id == assessment_id for o in session.dirty):
            with db.engine.begin() as other:
                other.execute(
                    update(table)
                    .where(table.c.id == assessment_id)
                    .values(lock_version=table.c.lock_version + 1)
                )

    event.listen(Session, "before_flush", another_officer_confirms_first)
    try:
        response = post(
            officer, f"/budget/officer/assessments/{assessment_id}", officer_form(assessment_id)
        )
    finally:
        event.remove(Session, "before_flush", another_officer_confirms_first)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/budget/officer/assessments/{assessment_id}")
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).status == "submitted"


def test_an_officer_cannot_open_a_draft_or_a_missing_assessment(app) -> None:
    client, child_id = family_with_child(app)
    draft_id = start(client, child_id)
    officer = signed_in(app, "officer")
    assert officer.get(f"/budget/officer/assessments/{draft_id}").status_code == 404
    assert officer.get("/budget/officer/assessments/0").status_code == 404
    assert officer.get("/budget/officer/assessments/99999999999").status_code == 404


def test_officers_see_the_scheme_versions(app) -> None:
    officer = signed_in(app, "admin")
    page = text_of(officer.get("/budget/officer/schemes"))
    assert "Brackenshire personal budgets for children and young people" in page


def test_a_rise_is_explained_in_words_too(app) -> None:
    client = signed_in(app)
    post(client, "/family/")
    post(client, "/family/children/new", {**CHILD, "current_package": "1000"})
    html = client.get("/family/").get_data(as_text=True)
    child_id = int(re.search(r'href="/family/children/(\d+)"', html).group(1))
    assessment_id = start(client, child_id)
    answer_everything(client, assessment_id)
    post(client, f"/budget/assessments/{assessment_id}/submit")
    budget = text_of(client.get(f"/budget/assessments/{assessment_id}"))
    # £7,400 against £1,000 is a rise of 640%; rises are limited to 25%: £1,250.
    assert (
        "Your current package is £1,000 a year. The new amount of £7,400 would be a rise of "
        "640%; this year’s rise is limited to 25%, so your budget is £1,250" in budget
    )


def test_a_price_per_point_scheme_shows_its_sum(app) -> None:
    from types import SimpleNamespace

    from flask import render_template

    from portal.ras.views import _working_rows
    from tests.ras_schemes import PRICED, scheme

    priced = scheme(PRICED)
    result = calculate({"q0": 3, "q1": 3, "q2": 3, "q3": 3}, priced, 9, None)
    with app.test_request_context():
        html = render_template(
            "ras/_working.html",
            child=SimpleNamespace(first_name="Amira"),
            scheme=priced,
            result=result,
            rows=_working_rows(priced, result),
            assessment=SimpleNamespace(current_package_pence=None),
        )
    text = re.sub(r"\s+", " ", html)
    assert "Each point is worth £100 a year: 80 × £100 = £8,000." in text
    assert "The most the scheme gives is £7,000 a year, so the amount is £7,000." in text
    assert "Amira has no current package" in text
