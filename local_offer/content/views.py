"""The council's published Local Offer pages, feedback and "You said, we did"."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from .. import languages
from ..extensions import db, limiter
from ..models import (
    LISTED_STATUS,
    PUBLISHED,
    ContentPage,
    ContentPageTranslation,
    Feedback,
    Service,
    TaxonomyTerm,
    utcnow,
)
from . import pages
from .forms import ABOUT_LOCAL_OFFER, ABOUT_SERVICE, FeedbackForm
from .pages import (
    DUPLICATE_WINDOW,
    SHORT_BREAK_CATEGORIES,
    SHORT_BREAKS_ELIGIBILITY_SLUG,
    build_short_breaks_statement,
    honeypot_filled,
    latest_change,
    paragraphs,
    parse_id,
    parse_page_number,
    render_markdown,
)

bp = Blueprint("content", __name__)

RESPONSES_PER_PAGE = 20
# Services the public can see in the directory, and so can leave feedback about.


@bp.get("/local-offer/<slug>")
def page(slug: str) -> str:
    content = _content_page(slug)
    if content is None:
        abort(404)
    text = pages.page_text(
        _page_text(content, translated=False),
        {t.language: _page_text(t, translated=True) for t in content.translations},
        languages.current().code,
    )
    return render_template("content/page.html", content=text, body=render_markdown(text.body))


@bp.get("/short-breaks-statement")
def short_breaks_statement() -> str:
    services = db.session.scalars(
        select(Service)
        .where(
            Service.status == LISTED_STATUS,
            Service.editorial_state == PUBLISHED,
            Service.id.in_(
                select(Service.id)
                .join(Service.terms)
                .where(
                    TaxonomyTerm.vocabulary == "category",
                    TaxonomyTerm.code.in_(SHORT_BREAK_CATEGORIES),
                )
            ),
        )
        .options(
            selectinload(Service.organisation),
            selectinload(Service.cost_options),
            selectinload(Service.terms),
        )
    ).all()
    category_names = dict(
        db.session.execute(
            select(TaxonomyTerm.code, TaxonomyTerm.name).where(
                TaxonomyTerm.vocabulary == "category",
                TaxonomyTerm.code.in_(SHORT_BREAK_CATEGORIES),
            )
        ).all()
    )
    groups = build_short_breaks_statement(services, category_names)
    criteria = _content_page(SHORT_BREAKS_ELIGIBILITY_SLUG)
    now = utcnow()
    changes: list[datetime | None] = [service.last_modified for service in services]
    if criteria is not None:
        changes.append(criteria.updated_at)
    return render_template(
        "content/short_breaks_statement.html",
        groups=groups,
        service_count=sum(len(group.entries) for group in groups),
        criteria=criteria,
        criteria_html=render_markdown(criteria.body, heading_shift=1) if criteria else None,
        last_updated=latest_change(changes, default=now),
        generated_at=now,
    )


@bp.get("/you-said-we-did")
def you_said_we_did() -> str:
    page_number = parse_page_number(request.args.get("page"))
    pagination = db.paginate(
        select(Feedback)
        .where(Feedback.published_at.is_not(None))
        .options(selectinload(Feedback.service))
        .order_by(Feedback.published_at.desc(), Feedback.id.desc()),
        page=page_number,
        per_page=RESPONSES_PER_PAGE,
        error_out=False,
        count=True,
    )
    if page_number > 1 and not pagination.items:
        abort(404)
    responses = [
        {
            "published_at": item.published_at,
            "service_id": item.service_id,
            "service_name": item.service.name if item.service is not None else "",
            "service_is_public": _is_public(item.service),
            "you_said": paragraphs(item.you_said),
            "we_did": paragraphs(item.we_did),
        }
        for item in pagination.items
    ]
    return render_template(
        "content/you_said_we_did.html",
        responses=responses,
        pagination=pagination,
        page_numbers=list(
            pagination.iter_pages(left_edge=1, left_current=1, right_current=2, right_edge=1)
        ),
    )


@bp.route("/feedback", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per day", methods=["POST"])
def feedback() -> str | Response:
    raw_service = request.args.get("service")
    service = _feedback_service(raw_service)
    form = FeedbackForm()
    if service is not None:
        form.about.choices = [
            (ABOUT_SERVICE, service.name),
            (ABOUT_LOCAL_OFFER, gettext("The Local Offer as a whole")),
        ]
        if request.method == "GET":
            form.about.data = ABOUT_SERVICE
    else:
        del form.about

    if request.method == "POST":
        if honeypot_filled(form.website.data):
            # Robots are told their message went, so they learn nothing to work around.
            current_app.logger.info("Feedback with a filled honeypot was discarded")
            return redirect(url_for(".feedback_sent"))
        if form.validate():
            about_service = service is not None and form.about.data == ABOUT_SERVICE
            _save_feedback(form, service if about_service else None)
            return redirect(url_for(".feedback_sent"))

    return render_template(
        "content/feedback.html",
        form=form,
        service=service,
        service_not_found=bool(raw_service) and service is None,
        action=url_for(".feedback", service=service.id) if service else url_for(".feedback"),
    )


@bp.get("/feedback/sent")
def feedback_sent() -> str:
    return render_template("content/feedback_sent.html")


@bp.get("/open-data")
def open_data() -> str:
    return render_template("content/open_data.html")


@bp.get("/help")
def help_page() -> str:
    return render_template(
        "content/help.html",
        phone=current_app.config.get("HELP_PHONE", "01632 960 000"),
        email=current_app.config.get("HELP_EMAIL", "localoffer@brackenshire.example"),
    )


def _page_text(source: ContentPage | ContentPageTranslation, *, translated: bool) -> pages.PageText:
    return pages.PageText(
        source.title, source.summary, source.body, source.updated_at, translated=translated
    )


def _content_page(slug: str) -> ContentPage | None:
    return db.session.scalar(select(ContentPage).where(ContentPage.slug == slug))


def _is_public(service: Service | None) -> bool:
    return service is not None and service.is_public


def _feedback_service(raw_id: str | None) -> Service | None:
    service_id = parse_id(raw_id)
    if service_id is None:
        return None
    service = db.session.get(Service, service_id)
    return service if _is_public(service) else None


def _save_feedback(form: FeedbackForm, service: Service | None) -> None:
    service_id = service.id if service is not None else None
    # A double click, or a refresh after a slow response, sends the same message twice.
    already_sent = db.session.scalar(
        select(Feedback.id)
        .where(
            Feedback.message == form.message.data,
            Feedback.name == (form.name.data or ""),
            Feedback.email == (form.email.data or ""),
            Feedback.service_id.is_(None)
            if service_id is None
            else Feedback.service_id == service_id,
            Feedback.created_at >= utcnow() - DUPLICATE_WINDOW,
        )
        .limit(1)
    )
    if already_sent is not None:
        return
    db.session.add(
        Feedback(
            service_id=service_id,
            message=form.message.data,
            name=form.name.data or "",
            email=form.email.data or "",
        )
    )
    db.session.commit()
