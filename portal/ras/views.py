"""The questionnaire, the indicative budget with its working, and the officer's confirmation.

Families (and brokers with their consent) reach assessments only through
families.access; so does an officer filling the questionnaire in with a family, on the
same pages, with a banner saying so. Officers reach every assessment to confirm it. Every
look at and change to an assessment by anyone other than the family is on the audit trail.
"""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from local_offer.models import utcnow

from ..audit import record
from ..extensions import db
from ..families.access import FamilyAccess, child_in_reach
from ..families.models import Child
from ..families.rules import age_on
from ..permissions import role_required
from .answers import (
    changed_answers,
    domains_asked,
    field_name,
    next_domain,
    previous_domain,
    questions_on_page,
    read_page,
)
from .budget import BudgetResult, calculate, missing_answers
from .compare import compare_schemes
from .filled_in import officers_who_filled_in
from .forms import REASON_LIMIT, ReviewRequestForm
from .loading import current_scheme
from .models import Assessment, RasScheme, ReviewRequest, assessments_of, result_to_json
from .presentation import local, shown
from .scheme import Domain, Question, Scheme
from .translation import age_band_label

bp = Blueprint("ras", __name__, url_prefix="/budget")
# The scheme's own words, marked lang="en" where English stands in for a translation.
bp.add_app_template_filter(local, "local")

FAMILY = ("parent", "broker")
# The questionnaire's pages: the family, or a broker or an officer filling it in with them.
WITH_FAMILY = ("parent", "broker", "officer")
STAFF = ("officer", "admin")
LARGEST_ID = 2**31


def _audit(action: str, access: FamilyAccess | None, **details: object) -> None:
    record(
        action,
        actor_id=current_user.id,
        on_behalf_of_id=access.on_behalf_of_id if access else None,
        subject_id=access.on_behalf_of_id if access and access.acts_for_family else None,
        **details,  # type: ignore[arg-type]
    )


def _assessment_in_reach(
    assessment_id: int, to_change: bool
) -> tuple[Assessment, Child, FamilyAccess]:
    assessment = (
        db.session.get(Assessment, assessment_id) if 0 < assessment_id < LARGEST_ID else None
    )
    if assessment is None:
        abort(404)
    child, access = child_in_reach(current_user, assessment.child_id, date.today(), to_change)
    return assessment, child, access


def _age(assessment: Assessment, child: Child) -> int:
    if assessment.age is not None:
        return assessment.age
    return age_on(child.date_of_birth, date.today())


def _descriptor_items(question: Question, chosen: int | None) -> list[dict[str, object]]:
    return [
        {
            "value": str(i),
            "html": local(d.label),
            "checked": chosen == i,
            "hint": {
                "html": Markup('{}<br><span class="govuk-!-font-weight-bold">{}</span> {}').format(
                    local(d.example), _("In a few words:"), local(d.easy_read)
                )
            },
        }
        for i, d in enumerate(question.descriptors)
    ]


# The family's side


@bp.get("/children/<int:child_id>")
@role_required(*WITH_FAMILY)
def child_budget(child_id: int) -> str:
    child, access = child_in_reach(current_user, child_id, date.today(), to_change=False)
    assessments = assessments_of(db.session, child.id)
    if access.acts_for_family:
        _audit("assessments_viewed", access, record_type="child", record_id=child.id)
        db.session.commit()
    return render_template(
        "ras/child.html",
        child=child,
        access=access,
        assessments=assessments,
        draft=next((a for a in assessments if a.status == "draft"), None),
        saved=request.args.get("saved") == "1",
        has_scheme=current_scheme(db.session) is not None,
    )


@bp.post("/children/<int:child_id>/assessments")
@role_required(*WITH_FAMILY)
def start(child_id: int) -> Response:
    child, access = child_in_reach(current_user, child_id, date.today(), to_change=True)
    existing = assessments_of(db.session, child.id)
    draft = next((a for a in existing if a.status == "draft"), None)
    if draft is not None:
        return redirect(url_for(".check", assessment_id=draft.id))
    scheme = current_scheme(db.session)
    if scheme is None:
        abort(404)
    previous = next((a for a in existing if a.status != "draft"), None)
    assessment = Assessment(
        child_id=child.id, scheme_id=scheme.id, started_by_id=current_user.id, previous=previous
    )
    if previous is not None:
        # A re-assessment starts from the last answers the council went forward with,
        # so the family changes only what has changed.
        asked = {q.id for q in scheme.parsed.questions}
        last = previous.confirmed_answers or previous.answers
        assessment.answers = {k: v for k, v in last.items() if k in asked}
    db.session.add(assessment)
    db.session.flush()
    _audit(
        "assessment_started",
        access,
        record_type="assessment",
        record_id=assessment.id,
        after=assessment.audit_view(),
    )
    db.session.commit()
    first = domains_asked(scheme.parsed, age_on(child.date_of_birth, date.today()))[0]
    return redirect(url_for(".domain", assessment_id=assessment.id, domain_id=first.id))


@bp.route("/assessments/<int:assessment_id>/questions/<domain_id>", methods=["GET", "POST"])
@role_required(*WITH_FAMILY)
def domain(assessment_id: int, domain_id: str) -> str | Response:
    assessment, child, access = _assessment_in_reach(assessment_id, to_change=False)
    if assessment.status != "draft":
        return redirect(url_for(".budget", assessment_id=assessment.id))
    if not access.can_edit:
        abort(403)
    # Only ids and ages are read here, never points: the reader's words are safe to use.
    scheme = shown(assessment.scheme)
    age = _age(assessment, child)
    page = next((d for d in domains_asked(scheme, age) if d.id == domain_id), None)
    if page is None:
        abort(404)
    questions = questions_on_page(page, age)
    answers = assessment.answers
    page_errors: list[dict[str, str]] = []
    if request.method == "POST":
        given = read_page(request.form, questions)
        changes = given.answers != {q: assessment.answers.get(q) for q in given.answers}
        # A page sent without the number (one from before the lock) is still caught at
        # the UPDATE if someone saves at the same moment; a stale number is caught here.
        seen = request.form.get("lock_version")
        if changes and seen is not None and seen != str(assessment.lock_version):
            return _answers_conflict(assessment, child, access, page, questions, given.answers)
        if changes:
            before = assessment.audit_view()
            answers.update(given.answers)
            assessment.answers = answers
            try:
                db.session.flush()
            except StaleDataError:
                db.session.rollback()
                return _answers_conflict(assessment, child, access, page, questions, given.answers)
            _audit(
                "assessment_answers_saved",
                access,
                record_type="assessment",
                record_id=assessment.id,
                before=before,
                after=assessment.audit_view(),
            )
            db.session.commit()
        elif access.acts_for_family:
            # Nothing changed, but someone outside the family sent (and may see again) the
            # family's answers: every request of theirs leaves a trace, as a GET does.
            _audit("assessment_viewed", access, record_type="assessment", record_id=assessment.id)
            db.session.commit()
        if request.form.get("action") == "save":
            return redirect(url_for(".child_budget", child_id=child.id, saved=1))
        if not given.unanswered:
            following = next_domain(scheme, age, page.id)
            if following is None:
                return redirect(url_for(".check", assessment_id=assessment.id))
            return redirect(url_for(".domain", assessment_id=assessment.id, domain_id=following.id))
        page_errors = [
            {
                "text": _("Select how much support is needed: %(question)s", question=q.text),
                "href": "#" + field_name(q),
            }
            for q in questions
            if q.id in given.unanswered
        ]
    elif access.acts_for_family:
        _audit("assessment_viewed", access, record_type="assessment", record_id=assessment.id)
        db.session.commit()
    asked = domains_asked(scheme, age)
    before_page = previous_domain(scheme, age, page.id)
    return render_template(
        "ras/domain.html",
        assessment=assessment,
        child=child,
        access=access,
        domain=page,
        questions=[(q, field_name(q), _descriptor_items(q, answers.get(q.id))) for q in questions],
        page_errors=page_errors,
        failed={e["href"][1:] for e in page_errors},
        step=[d.id for d in asked].index(page.id) + 1,
        steps=len(asked),
        back=url_for(".domain", assessment_id=assessment.id, domain_id=before_page.id)
        if before_page
        else url_for(".child_budget", child_id=child.id),
    ), (400 if page_errors else 200)


def _answers_conflict(
    assessment: Assessment,
    child: Child,
    access: FamilyAccess,
    page: Domain,
    questions: list[Question],
    yours: dict[str, int],
) -> tuple[str, int]:
    """Someone else saved answers since this page was loaded: nothing of this person's is
    saved over theirs; both are shown, and this person's choices are ready to send again."""
    saved = assessment.answers
    rows = []
    for question in questions:
        mine, theirs = yours.get(question.id), saved.get(question.id)
        rows.append(
            {
                "question": question,
                "yours": question.descriptors[mine].label if mine is not None else None,
                "saved": question.descriptors[theirs].label
                if theirs is not None and theirs < len(question.descriptors)
                else None,
                "differs": mine != theirs,
            }
        )
    return render_template(
        "ras/conflict.html",
        assessment=assessment,
        child=child,
        access=access,
        domain=page,
        rows=rows,
        hidden=[(field_name(q), str(yours[q.id])) for q in questions if q.id in yours],
        action=request.form.get("action") if request.form.get("action") == "save" else "continue",
        lock_version=assessment.lock_version,
    ), 409


@bp.get("/assessments/<int:assessment_id>/check")
@role_required(*WITH_FAMILY)
def check(assessment_id: int) -> str | Response:
    assessment, child, access = _assessment_in_reach(assessment_id, to_change=False)
    if assessment.status != "draft":
        return redirect(url_for(".budget", assessment_id=assessment.id))
    if access.acts_for_family:
        _audit("assessment_viewed", access, record_type="assessment", record_id=assessment.id)
        db.session.commit()
    return _check_page(assessment, child, access, assessment.young_person_views or "", [])


def _check_page(
    assessment: Assessment,
    child: Child,
    access: FamilyAccess,
    views: str,
    page_errors: list[dict[str, str]],
) -> str:
    scheme = shown(assessment.scheme)
    age = _age(assessment, child)
    return render_template(
        "ras/check.html",
        assessment=assessment,
        child=child,
        access=access,
        scheme=scheme,
        age=age,
        domains=[(d, questions_on_page(d, age)) for d in domains_asked(scheme, age)],
        answers=assessment.answers,
        missing=missing_answers(assessment.answers, scheme, age),
        views=views,
        page_errors=page_errors,
    )


@bp.post("/assessments/<int:assessment_id>/submit")
@role_required(*WITH_FAMILY)
def submit(assessment_id: int) -> Response | tuple[str, int]:
    assessment, child, access = _assessment_in_reach(assessment_id, to_change=True)
    if assessment.status != "draft":
        # A second press of the button, or a stale page: the first submission stands.
        return redirect(url_for(".budget", assessment_id=assessment.id))
    age = age_on(child.date_of_birth, date.today())
    scheme = assessment.scheme.parsed
    if missing_answers(assessment.answers, scheme, age):
        return redirect(url_for(".check", assessment_id=assessment.id))
    views = (request.form.get("young_person_views") or "").strip()
    if len(views) > REASON_LIMIT:
        problem = {
            "text": _("Their views must be 5,000 characters or fewer"),
            "href": "#young_person_views",
        }
        return _check_page(assessment, child, access, views, [problem]), 400
    before = assessment.audit_view()
    assessment.young_person_views = views or None
    result = calculate(assessment.answers, scheme, age, child.current_package_pence)
    assessment.age = age
    assessment.current_package_pence = child.current_package_pence
    assessment.result_json = result_to_json(result)
    assessment.status = "submitted"
    assessment.submitted_at = utcnow()
    assessment.submitted_by_id = current_user.id
    _audit(
        "assessment_submitted",
        access,
        record_type="assessment",
        record_id=assessment.id,
        before=before,
        after=assessment.audit_view(),
    )
    try:
        db.session.commit()
    except StaleDataError:
        # Someone saved answers at the same moment: nothing is sent, and the check page
        # shows the answers as they are now, to send on purpose.
        db.session.rollback()
        return redirect(url_for(".check", assessment_id=assessment_id))
    return redirect(url_for(".budget", assessment_id=assessment.id))


def _budget_page(assessment: Assessment, child: Child, template: str, **extra: object) -> str:
    # The stored result is the working; the scheme only gives it words.
    scheme = shown(assessment.scheme)
    result = assessment.budget
    assert result is not None
    previous = assessment.previous
    return render_template(
        template,
        assessment=assessment,
        child=child,
        scheme=scheme,
        result=result,
        age_band=age_band_label(assessment.scheme.parsed, scheme, result.age_band),
        family_result=assessment.result,
        rows=_working_rows(scheme, result),
        changes=_officer_changes(assessment, scheme),
        previous=previous,
        since_last=_since_last(previous, assessment, scheme) if previous else [],
        filled_in_with=officers_who_filled_in(db.session, assessment.id),
        **extra,
    )


def _working_rows(scheme: Scheme, result: BudgetResult) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for domain_working in result.domains:
        domain = next(d for d in scheme.domains if d.id == domain_working.domain_id)
        questions = [q for q in result.questions if q.domain_id == domain.id]
        rows.append(
            {
                "domain": domain,
                "points": domain_working.points,
                "questions": [(scheme.question(q.question_id), q) for q in questions],
            }
        )
    return rows


def _officer_changes(assessment: Assessment, scheme: Scheme) -> list[dict[str, object]]:
    confirmed = assessment.confirmed_answers
    if confirmed is None:
        return []
    reasons = assessment.change_reasons
    changes = []
    for change in changed_answers(assessment.answers, confirmed):
        question = scheme.question(change.question_id)
        if question is None:
            continue
        changes.append(
            {
                "question": question,
                "family": question.descriptors[change.before]
                if change.before is not None
                else None,
                "confirmed": question.descriptors[change.after],
                "reason": reasons.get(change.question_id, ""),
            }
        )
    return changes


def _since_last(
    previous: Assessment, assessment: Assessment, scheme: Scheme
) -> list[dict[str, object]]:
    last = previous.confirmed_answers or previous.answers
    now = assessment.confirmed_answers or assessment.answers
    old_scheme = shown(previous.scheme)
    rows = []
    for change in changed_answers(last, now):
        question = scheme.question(change.question_id)
        old_question = old_scheme.question(change.question_id)
        if question is None:
            continue
        before = (
            old_question.descriptors[change.before]
            if old_question is not None
            and change.before is not None
            and change.before < len(old_question.descriptors)
            else None
        )
        rows.append(
            {"question": question, "before": before, "after": question.descriptors[change.after]}
        )
    return rows


@bp.get("/assessments/<int:assessment_id>")
@role_required(*WITH_FAMILY)
def budget(assessment_id: int) -> str | Response:
    assessment, child, access = _assessment_in_reach(assessment_id, to_change=False)
    if assessment.status == "draft":
        return redirect(url_for(".check", assessment_id=assessment.id))
    if access.acts_for_family:
        _audit("budget_viewed", access, record_type="assessment", record_id=assessment.id)
        db.session.commit()
    return _budget_page(
        assessment, child, "ras/budget.html", access=access, asked=request.args.get("asked") == "1"
    )


@bp.get("/assessments/<int:assessment_id>/print")
@role_required(*WITH_FAMILY)
def print_budget(assessment_id: int) -> str | Response:
    assessment, child, access = _assessment_in_reach(assessment_id, to_change=False)
    if assessment.status == "draft":
        return redirect(url_for(".check", assessment_id=assessment.id))
    if access.acts_for_family:
        _audit("budget_viewed", access, record_type="assessment", record_id=assessment.id)
        db.session.commit()
    return _budget_page(assessment, child, "ras/print.html", access=access)


@bp.route("/assessments/<int:assessment_id>/review", methods=["GET", "POST"])
@role_required(*FAMILY)
def ask_for_review(assessment_id: int) -> str | Response:
    assessment, child, access = _assessment_in_reach(assessment_id, to_change=True)
    if assessment.status == "draft":
        return redirect(url_for(".check", assessment_id=assessment.id))
    form = ReviewRequestForm()
    if form.validate_on_submit():
        if any(r.reasons == form.reasons.data for r in assessment.review_requests):
            # The same request sent twice (a double press, or the back button) is one request.
            return redirect(url_for(".budget", assessment_id=assessment.id, asked=1))
        review = ReviewRequest(
            assessment=assessment, reasons=form.reasons.data, requested_by_id=current_user.id
        )
        db.session.add(review)
        db.session.flush()
        _audit(
            "budget_review_requested",
            access,
            record_type="assessment",
            record_id=assessment.id,
            after={"review_request_id": review.id, "reasons": review.reasons},
        )
        db.session.commit()
        return redirect(url_for(".budget", assessment_id=assessment.id, asked=1))
    return render_template("ras/review.html", form=form, assessment=assessment, child=child), (
        400 if form.errors else 200
    )


# The council's side


@bp.get("/officer/")
@role_required(*STAFF)
def queue() -> str:
    waiting = db.session.scalars(
        select(Assessment)
        .where(Assessment.status == "submitted")
        .order_by(Assessment.submitted_at, Assessment.id)
    ).all()
    confirmed = db.session.scalars(
        select(Assessment)
        .where(Assessment.status == "confirmed")
        .order_by(Assessment.confirmed_at.desc())
        .limit(20)
    ).all()
    reviews = db.session.scalars(
        select(ReviewRequest).order_by(ReviewRequest.requested_at.desc()).limit(20)
    ).all()
    record("assessment_queue_viewed", actor_id=current_user.id)
    db.session.commit()
    return render_template("ras/queue.html", waiting=waiting, confirmed=confirmed, reviews=reviews)


@bp.route("/officer/assessments/<int:assessment_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def confirm(assessment_id: int) -> str | Response:
    assessment = (
        db.session.get(Assessment, assessment_id) if 0 < assessment_id < LARGEST_ID else None
    )
    if assessment is None or assessment.status == "draft":
        abort(404)
    scheme = assessment.scheme.parsed
    age = assessment.age if assessment.age is not None else 0
    questions = [q for q in scheme.questions if q.asked_at(age)]
    start_from = assessment.confirmed_answers or assessment.answers
    chosen = dict(start_from)
    reasons = dict(assessment.change_reasons)
    # The rules below read the scheme as loaded; every word shown, error messages
    # included, is the reader's.
    words = shown(assessment.scheme)
    page_errors: list[dict[str, str]] = []
    if request.method == "POST" and assessment.status == "submitted":
        given = read_page(request.form, questions)
        chosen.update(given.answers)
        reasons = {
            q.id: (request.form.get("r_" + q.id) or "").strip()[: REASON_LIMIT + 1]
            for q in questions
        }
        for q in questions:
            question_words = words.question(q.id)
            text = question_words.text if question_words is not None else q.text
            if q.id in given.unanswered:
                page_errors.append(
                    {
                        "text": _("Select an answer: %(question)s", question=text),
                        "href": "#" + field_name(q),
                    }
                )
            elif given.answers[q.id] != assessment.answers.get(q.id) and not reasons[q.id]:
                page_errors.append(
                    {
                        "text": _(
                            "Give the reason for changing the answer: %(question)s", question=text
                        ),
                        "href": "#r_" + q.id,
                    }
                )
            elif len(reasons[q.id]) > REASON_LIMIT:
                page_errors.append(
                    {
                        "text": _("The reason must be 5,000 characters or fewer"),
                        "href": "#r_" + q.id,
                    }
                )
        if not page_errors:
            before = assessment.audit_view()
            confirmed_result = calculate(chosen, scheme, age, assessment.current_package_pence)
            assessment.confirmed_answers_json = json.dumps(chosen, sort_keys=True)
            assessment.change_reasons_json = json.dumps(
                {
                    q: reasons[q]
                    for q in chosen
                    if chosen[q] != assessment.answers.get(q) and reasons.get(q)
                },
                sort_keys=True,
            )
            assessment.confirmed_result_json = result_to_json(confirmed_result)
            assessment.status = "confirmed"
            assessment.confirmed_at = utcnow()
            assessment.confirmed_by_id = current_user.id
            record(
                "assessment_confirmed",
                actor_id=current_user.id,
                record_type="assessment",
                record_id=assessment.id,
                before=before,
                after=assessment.audit_view(),
            )
            try:
                db.session.commit()
            except StaleDataError:
                # Another officer confirmed it at the same moment: theirs stands, shown.
                db.session.rollback()
                return redirect(url_for(".confirm", assessment_id=assessment_id))
            return redirect(url_for(".queue"))
    else:
        record(
            "assessment_viewed",
            actor_id=current_user.id,
            record_type="assessment",
            record_id=assessment.id,
        )
        db.session.commit()
    return render_template(
        "ras/confirm.html",
        assessment=assessment,
        scheme=words,
        result=assessment.result,
        questions=[
            (q, field_name(q), _descriptor_items(q, chosen.get(q.id)), reasons.get(q.id, ""))
            for q in words.questions
            if q.asked_at(age)
        ],
        changes=_officer_changes(assessment, words),
        # The officer who filled it in with the family may confirm it too, as a
        # practitioner does after an assessment visit; the page says so, and the family's
        # own answers and every change's reason stay on record (docs/ras-scheme.md).
        filled_in_with=officers_who_filled_in(db.session, assessment.id),
        page_errors=page_errors,
        failed={e["href"][1:] for e in page_errors},
    ), (400 if page_errors else 200)


@bp.get("/officer/schemes")
@role_required(*STAFF)
def schemes() -> str:
    versions = db.session.scalars(
        select(RasScheme).order_by(RasScheme.scheme_key, RasScheme.loaded_at.desc())
    ).all()
    return render_template(
        "ras/schemes.html",
        versions=[(v, v.is_used(db.session)) for v in versions],
    )


def _shown_words(*versions: RasScheme) -> dict[str, str]:
    """Each version's English question and domain words, and the reader's words for them.

    The comparison itself is of the scheme files as loaded; only its headings are shown
    in the reader's language."""
    words: dict[str, str] = {}
    for version in versions:
        english, local_scheme = version.parsed, shown(version)
        for domain, local_domain in zip(english.domains, local_scheme.domains, strict=True):
            words[domain.title] = local_domain.title
            for question, local_question in zip(
                domain.questions, local_domain.questions, strict=True
            ):
                words[question.text] = local_question.text
    return words


def _version_id(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value < LARGEST_ID else None


@bp.get("/officer/schemes/compare")
@role_required(*STAFF)
def compare() -> tuple[str, int]:
    versions = db.session.scalars(
        select(RasScheme).order_by(RasScheme.scheme_key, RasScheme.loaded_at.desc())
    ).all()
    by_id = {v.id: v for v in versions}
    old = by_id.get(_version_id("old") or 0)
    new = by_id.get(_version_id("new") or 0)
    page_errors = []
    if old is None:
        page_errors.append({"text": _("Select the version to compare from"), "href": "#old"})
    if new is None:
        page_errors.append({"text": _("Select the version to compare with"), "href": "#new"})
    differences = compare_schemes(old.parsed, new.parsed) if old and new else []
    return render_template(
        "ras/compare.html",
        versions=versions,
        old=old,
        new=new,
        differences=differences,
        words=_shown_words(old, new) if old and new else {},
        page_errors=page_errors,
        failed={e["href"][1:] for e in page_errors},
    ), (400 if page_errors and request.args else 200)
