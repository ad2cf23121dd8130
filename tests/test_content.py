"""The council's pages: content, the short breaks statement, feedback, "You said, we did"."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, func, select

from local_offer.content import pages
from local_offer.extensions import db, limiter
from local_offer.indexing import refresh_search_fields
from local_offer.models import (
    ContentPage,
    CostOption,
    Feedback,
    Organisation,
    Service,
    TaxonomyTerm,
)
from tests.conftest import csrf_token


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


@pytest.fixture(autouse=True)
def fresh_rate_limits(app: Flask) -> Iterator[None]:
    # The limiter is app-wide and in memory: without this, one test's posts count in the next.
    limiter.reset()
    yield
    limiter.reset()


@pytest.fixture
def content_page(app: Flask) -> Iterator[ContentPage]:
    with app.app_context():
        page = ContentPage(
            slug=f"test-page-{uuid.uuid4().hex[:8]}",
            title="Getting help with transport",
            summary="How to get to school and activities.",
            body=(
                "## Who can get help\n\n"
                "Children who live **more than 3 miles** from school.\n\n"
                "- a bus pass\n- a taxi\n\n"
                "[Apply for transport](https://brackenshire.example/transport)\n\n"
                "<script>alert('x')</script>\n"
            ),
        )
        db.session.add(page)
        db.session.commit()
        yield page
        db.session.delete(page)
        db.session.commit()


def _category(code: str, name: str) -> TaxonomyTerm:
    term = db.session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == code))
    if term is None:
        term = TaxonomyTerm(vocabulary="category", code=code, name=name)
        db.session.add(term)
    return term


@pytest.fixture
def short_break(app: Flask) -> Iterator[dict[str, object]]:
    """An active short break, an inactive one, and a service that is no short break."""
    with app.app_context():
        short_breaks = _category("short-breaks", "Short breaks")
        other = _category("test-therapies", "Therapies")
        organisation = Organisation(name=unique("Bracken Play Trust"))
        active = Service(
            organisation=organisation,
            name=unique("Saturday Explorers Club"),
            status="active",
            minimum_age=8,
            maximum_age=17,
            terms=[short_breaks],
            cost_options=[CostOption(amount_pence=1250, unit="session", label="Saturday")],
        )
        inactive = Service(
            organisation=organisation,
            name=unique("Closed Holiday Club"),
            status="inactive",
            terms=[short_breaks],
        )
        not_a_break = Service(
            organisation=organisation,
            name=unique("Speech Therapy Clinic"),
            status="active",
            terms=[other],
        )
        services = [active, inactive, not_a_break]
        db.session.add_all(services)
        db.session.flush()
        for service in services:
            refresh_search_fields(service)
        db.session.commit()
        yield {
            "id": active.id,
            "name": active.name,
            "provider": organisation.name,
            "inactive_name": inactive.name,
            "inactive_id": inactive.id,
            "other_name": not_a_break.name,
        }
        db.session.execute(
            delete(Feedback).where(Feedback.service_id.in_([s.id for s in services]))
        )
        for service in services:
            db.session.delete(service)
        db.session.delete(organisation)
        db.session.commit()


@pytest.fixture
def eligibility_page(app: Flask) -> Iterator[None]:
    with app.app_context():
        page = db.session.scalar(
            select(ContentPage).where(ContentPage.slug == pages.SHORT_BREAKS_ELIGIBILITY_SLUG)
        )
        created = page is None
        if created:
            page = ContentPage(
                slug=pages.SHORT_BREAKS_ELIGIBILITY_SLUG,
                title="Short breaks eligibility",
                body="## Open-access short breaks\n\nAny disabled child can go.\n",
            )
            db.session.add(page)
            db.session.commit()
        yield
        if created:
            db.session.delete(page)
            db.session.commit()


def feedback_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Feedback.id))) or 0


def post_feedback(client: FlaskClient, data: dict[str, str], query: str = "") -> tuple[str, object]:
    page = client.get(f"/feedback{query}")
    form = {"csrf_token": csrf_token(page.get_data(as_text=True)), "website": ""}
    form.update(data)
    response = client.post(f"/feedback{query}", data=form)
    return response.get_data(as_text=True), response


# --- Content pages ----------------------------------------------------------------------------


def test_a_content_page_shows_its_markdown_as_govuk_html(
    client: FlaskClient, content_page: ContentPage
) -> None:
    response = client.get(f"/local-offer/{content_page.slug}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Getting help with transport</h1>' in html
    assert '<h2 class="govuk-heading-m">Who can get help</h2>' in html
    assert "<strong>more than 3 miles</strong>" in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert 'href="https://brackenshire.example/transport" class="govuk-link"' in html
    assert "How to get to school and activities." in html


def test_raw_html_in_a_content_page_is_escaped(
    client: FlaskClient, content_page: ContentPage
) -> None:
    html = client.get(f"/local-offer/{content_page.slug}").get_data(as_text=True)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html


def test_an_unknown_content_page_is_not_found(client: FlaskClient) -> None:
    response = client.get("/local-offer/no-such-page")

    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


# --- Short breaks statement ------------------------------------------------------------------


def test_the_statement_lists_active_short_breaks_with_provider_ages_and_cost(
    client: FlaskClient, short_break: dict[str, object], eligibility_page: None
) -> None:
    response = client.get("/short-breaks-statement")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert str(short_break["name"]) in html
    assert f'href="/services/{short_break["id"]}"' in html
    assert str(short_break["provider"]) in html
    assert "Ages 8 to 17" in html
    assert "£12.50 per session (Saturday)" in html
    assert str(short_break["inactive_name"]) not in html
    assert str(short_break["other_name"]) not in html
    assert "Last updated" in html


def test_the_statement_includes_the_eligibility_criteria(
    client: FlaskClient, eligibility_page: None
) -> None:
    html = client.get("/short-breaks-statement").get_data(as_text=True)

    assert "Who can have a short break" in html
    # Criteria headings sit one level below the statement's own section heading.
    assert '<h3 class="govuk-heading-s">' in html
    assert 'href="/local-offer/short-breaks-eligibility"' in html


def test_the_statement_says_so_when_there_are_no_short_breaks(app: Flask) -> None:
    with app.test_request_context():
        # The shared database may hold demo short breaks, so check the empty case directly.
        from flask import render_template

        html = render_template(
            "content/short_breaks_statement.html",
            groups=[],
            service_count=0,
            criteria=None,
            criteria_html=None,
            last_updated=datetime(2026, 3, 1, tzinfo=UTC),
            generated_at=datetime(2026, 3, 1, tzinfo=UTC),
        )

    assert "There are no short breaks listed in the Local Offer at the moment." in html
    assert "We have not published our eligibility criteria" in html
    assert "1 March 2026" in html


# --- Feedback ---------------------------------------------------------------------------------


def test_the_feedback_page_has_a_hidden_honeypot_people_are_told_to_leave_empty(
    client: FlaskClient,
) -> None:
    html = client.get("/feedback").get_data(as_text=True)

    assert '<div class="app-honeypot">' in html
    assert "Leave this field empty" in html
    assert 'tabindex="-1" autocomplete="off"' in html


def test_sending_feedback_stores_one_row_and_redirects_to_a_confirmation(
    client: FlaskClient, app: Flask
) -> None:
    message = unique("The map on each service page is really useful.")
    before = feedback_count(app)

    _, response = post_feedback(
        client, {"message": message, "name": "Sam", "email": "sam@example.com"}
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/feedback/sent")
    assert feedback_count(app) == before + 1
    with app.app_context():
        stored = db.session.scalar(select(Feedback).where(Feedback.message == message))
        assert stored is not None
        assert (stored.name, stored.email, stored.service_id) == ("Sam", "sam@example.com", None)
        assert stored.published_at is None
        db.session.delete(stored)
        db.session.commit()

    confirmation = client.get("/feedback/sent").get_data(as_text=True)
    assert "govuk-panel--confirmation" in confirmation
    assert "Feedback sent" in confirmation


def test_sending_the_same_feedback_twice_stores_it_once(client: FlaskClient, app: Flask) -> None:
    message = unique("Please list more swimming sessions.")
    before = feedback_count(app)

    post_feedback(client, {"message": message})
    _, second = post_feedback(client, {"message": message})

    assert second.status_code == 302
    assert feedback_count(app) == before + 1
    with app.app_context():
        db.session.execute(delete(Feedback).where(Feedback.message == message))
        db.session.commit()


def test_empty_feedback_is_refused_with_a_govuk_error(client: FlaskClient, app: Flask) -> None:
    before = feedback_count(app)

    html, response = post_feedback(client, {"message": "   ", "name": "Priya Patel"})

    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert 'href="#message">Enter your feedback</a>' in html
    assert "<title>Error:" in html
    assert 'value="Priya Patel"' in html
    assert feedback_count(app) == before


def test_feedback_over_2000_characters_is_refused_and_kept(client: FlaskClient, app: Flask) -> None:
    before = feedback_count(app)
    message = "a" * 2001

    html, response = post_feedback(client, {"message": message})

    assert response.status_code == 200
    assert "Feedback must be 2,000 characters or fewer" in html
    assert message in html
    assert feedback_count(app) == before


def test_a_badly_formed_email_address_is_refused_and_kept(client: FlaskClient, app: Flask) -> None:
    before = feedback_count(app)

    html, _ = post_feedback(client, {"message": "Good site", "email": "sam at example"})

    assert "Enter an email address in the correct format, like name@example.com" in html
    assert 'value="sam at example"' in html
    assert "Good site" in html
    assert feedback_count(app) == before


def test_feedback_with_more_than_three_links_is_refused(client: FlaskClient, app: Flask) -> None:
    before = feedback_count(app)
    message = " ".join(f"https://spam.example/{n}" for n in range(4))

    html, _ = post_feedback(client, {"message": message})

    assert "Feedback must contain 3 links or fewer" in html
    assert feedback_count(app) == before


def test_a_filled_honeypot_pretends_success_and_stores_nothing(
    client: FlaskClient, app: Flask
) -> None:
    before = feedback_count(app)

    _, response = post_feedback(
        client, {"message": unique("Buy cheap things"), "website": "https://spam.example"}
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/feedback/sent")
    assert feedback_count(app) == before


def test_feedback_without_a_csrf_token_is_refused(client: FlaskClient, app: Flask) -> None:
    before = feedback_count(app)

    response = client.post("/feedback", data={"message": "No token"})

    assert response.status_code == 400
    assert feedback_count(app) == before


def test_too_many_feedback_posts_are_refused_with_the_rate_limit_page(
    client: FlaskClient,
) -> None:
    token = csrf_token(client.get("/feedback").get_data(as_text=True))
    statuses = [
        client.post("/feedback", data={"csrf_token": token, "message": ""}).status_code
        for _ in range(6)
    ]

    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    # Reading the form is never limited.
    assert client.get("/feedback").status_code == 200


def test_feedback_about_a_service_names_it_and_is_stored_against_it(
    client: FlaskClient, app: Flask, short_break: dict[str, object]
) -> None:
    query = f"?service={short_break['id']}"
    html = client.get(f"/feedback{query}").get_data(as_text=True)
    assert str(short_break["name"]) in html
    assert 'value="service" checked' in html

    message = unique("The staff were lovely.")
    _, response = post_feedback(client, {"message": message, "about": "service"}, query)

    assert response.status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(Feedback).where(Feedback.message == message))
        assert stored is not None
        assert stored.service_id == short_break["id"]


@pytest.mark.parametrize("about", [None, "somewhere-else"])
def test_feedback_from_a_service_page_must_say_what_it_is_about(
    client: FlaskClient, app: Flask, short_break: dict[str, object], about: str | None
) -> None:
    before = feedback_count(app)
    data = {"message": "Lovely staff"} | ({"about": about} if about else {})

    html, response = post_feedback(client, data, f"?service={short_break['id']}")

    assert response.status_code == 200
    assert 'href="#about">Select what your feedback is about</a>' in html
    assert "Lovely staff" in html
    assert feedback_count(app) == before


def test_feedback_from_a_service_page_can_be_about_the_whole_local_offer(
    client: FlaskClient, app: Flask, short_break: dict[str, object]
) -> None:
    message = unique("Hard to find the search box on a phone.")

    post_feedback(
        client, {"message": message, "about": "local-offer"}, f"?service={short_break['id']}"
    )

    with app.app_context():
        stored = db.session.scalar(select(Feedback).where(Feedback.message == message))
        assert stored is not None
        assert stored.service_id is None
        db.session.delete(stored)
        db.session.commit()


@pytest.mark.parametrize("raw", ["abc", "0", "-3", "99999999999999999999", "2147483000"])
def test_an_unknown_or_invalid_service_gets_a_clear_message_not_an_error(
    client: FlaskClient, raw: str
) -> None:
    response = client.get(f"/feedback?service={raw}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "We could not find the service you wanted to give feedback about." in html
    assert 'name="about"' not in html


def test_a_service_the_public_cannot_see_is_treated_as_unknown(
    client: FlaskClient, short_break: dict[str, object]
) -> None:
    html = client.get(f"/feedback?service={short_break['inactive_id']}").get_data(as_text=True)

    assert "We could not find the service" in html
    assert str(short_break["inactive_name"]) not in html


# --- You said, we did -------------------------------------------------------------------------


@pytest.fixture
def responses(app: Flask, short_break: dict[str, object]) -> Iterator[dict[str, str]]:
    now = datetime.now(UTC)
    with app.app_context():
        older = Feedback(
            message="x",
            you_said=unique("Older: opening times were wrong"),
            we_did="We checked every service.\n\nWe now check twice a year.",
            published_at=now - timedelta(days=30),
        )
        newer = Feedback(
            message="y",
            service_id=short_break["id"],
            you_said=unique("Newer: the club needs more staff"),
            we_did="The club hired two more staff.",
            published_at=now - timedelta(days=1),
        )
        unpublished = Feedback(
            message="z", you_said=unique("Unpublished: private comment"), we_did="Nothing yet."
        )
        rows = [older, newer, unpublished]
        db.session.add_all(rows)
        db.session.commit()
        yield {
            "older": older.you_said,
            "newer": newer.you_said,
            "unpublished": unpublished.you_said,
        }
        for row in rows:
            db.session.delete(row)
        db.session.commit()


def test_you_said_we_did_lists_only_published_responses_newest_first(
    client: FlaskClient, responses: dict[str, str], short_break: dict[str, object]
) -> None:
    response = client.get("/you-said-we-did")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert responses["unpublished"] not in html
    assert html.index(responses["newer"]) < html.index(responses["older"])
    assert str(short_break["name"]) in html
    assert "About the Local Offer" in html
    assert '<p class="govuk-body">We now check twice a year.</p>' in html


def test_you_said_we_did_pages_after_twenty_responses(app: Flask, client: FlaskClient) -> None:
    now = datetime.now(UTC)
    marker = unique("Paged response")
    with app.app_context():
        rows = [
            Feedback(
                message="m",
                you_said=f"{marker} {n:02d}",
                we_did="Done.",
                # In the future, so these come first whatever else is published.
                published_at=now + timedelta(days=100 - n),
            )
            for n in range(21)
        ]
        db.session.add_all(rows)
        db.session.commit()
    try:
        first = client.get("/you-said-we-did").get_data(as_text=True)
        second = client.get("/you-said-we-did?page=2").get_data(as_text=True)
        beyond = client.get("/you-said-we-did?page=999")
        nonsense = client.get("/you-said-we-did?page=abc")
    finally:
        with app.app_context():
            db.session.execute(delete(Feedback).where(Feedback.you_said.startswith(marker)))
            db.session.commit()

    assert f"{marker} 00" in first and f"{marker} 20" not in first
    assert f"{marker} 20" in second
    assert 'class="govuk-pagination' in first
    assert "page=2" in first
    assert beyond.status_code == 404
    assert nonsense.status_code == 200


def test_you_said_we_did_has_an_empty_state(app: Flask) -> None:
    with app.test_request_context():
        from flask import render_template

        html = render_template(
            "content/you_said_we_did.html",
            responses=[],
            pagination=SimpleNamespace(page=1, pages=0),
            page_numbers=[],
        )

    assert "We have not published any responses yet." in html


# --- Open data --------------------------------------------------------------------------------


def test_the_open_data_page_links_to_the_api_the_csv_and_the_licence(
    client: FlaskClient,
) -> None:
    html = client.get("/open-data").get_data(as_text=True)

    assert 'href="/api/oruk/services"' in html
    assert 'href="/local-offer.csv"' in html
    assert "Open Government Licence v3.0" in html
    assert "open-government-licence/version/3" in html


# --- Plain rules ------------------------------------------------------------------------------


def test_markdown_headings_start_below_the_page_title() -> None:
    html = pages.render_markdown("# Big\n\n## Section\n\n### Detail")

    assert '<h2 class="govuk-heading-m">Big</h2>' in html
    assert '<h2 class="govuk-heading-m">Section</h2>' in html
    assert '<h3 class="govuk-heading-s">Detail</h3>' in html


def test_markdown_headings_can_be_shifted_under_another_heading() -> None:
    html = pages.render_markdown("## Section\n\n###### Deepest", heading_shift=1)

    assert '<h3 class="govuk-heading-s">Section</h3>' in html
    assert "<h6" in html and "<h7" not in html


def test_markdown_escapes_raw_html_and_refuses_script_links() -> None:
    html = pages.render_markdown('<img src=x onerror="alert(1)">\n\n[click](javascript:alert(1))')

    assert "<img" not in html
    assert "&lt;img" in html
    assert 'href="javascript' not in html


def test_markdown_gives_lists_links_and_quotes_govuk_classes() -> None:
    html = pages.render_markdown("1. one\n\n> note\n\n<https://example.com>")

    assert '<ol class="govuk-list govuk-list--number">' in html
    assert '<blockquote class="govuk-inset-text">' in html
    assert 'class="govuk-link"' in html


def test_plain_text_splits_into_paragraphs_at_blank_lines() -> None:
    assert pages.paragraphs("One\r\n\r\nTwo\n  \nThree") == ["One", "Two", "Three"]
    assert pages.paragraphs("") == []


def _service(service_id: int, name: str, *codes: str, **fields: object) -> SimpleNamespace:
    return SimpleNamespace(
        id=service_id,
        name=name,
        organisation=SimpleNamespace(name="Provider"),
        minimum_age=fields.get("minimum_age"),
        maximum_age=fields.get("maximum_age"),
        cost_options=fields.get("cost_options", []),
        terms=[SimpleNamespace(vocabulary="category", code=code) for code in codes],
    )


def test_the_statement_groups_services_by_category_in_order_and_names_a_to_z() -> None:
    services = [
        _service(1, "Zebra Club", "short-breaks"),
        _service(2, "apple club", "short-breaks"),
        _service(3, "Larch House", "overnight-breaks"),
        _service(4, "Summer Fun", "short-breaks", "holiday-schemes"),
        _service(5, "Swimming", "clubs-and-activities"),
    ]

    groups = pages.build_short_breaks_statement(
        services, {"short-breaks": "Short breaks", "holiday-schemes": "Holiday schemes"}
    )

    assert [(group.code, group.name) for group in groups] == [
        ("short-breaks", "Short breaks"),
        ("overnight-breaks", "overnight-breaks"),
        ("holiday-schemes", "Holiday schemes"),
    ]
    assert [entry.name for entry in groups[0].entries] == ["apple club", "Zebra Club"]
    assert [entry.name for entry in groups[2].entries] == ["Summer Fun"]


def test_the_statement_is_empty_without_short_breaks() -> None:
    assert pages.build_short_breaks_statement([], {}) == []


def test_a_statement_entry_carries_ages_and_every_cost() -> None:
    options = [
        SimpleNamespace(amount_pence=0, unit="free", label=""),
        SimpleNamespace(amount_pence=4500, unit="night", label="Weekend"),
    ]
    [group] = pages.build_short_breaks_statement(
        [_service(7, "Willow Lodge", "overnight-breaks", minimum_age=5, cost_options=options)],
        {},
    )

    entry = group.entries[0]
    assert (entry.minimum_age, entry.maximum_age, entry.provider) == (5, None, "Provider")
    assert entry.costs == (pages.Cost(0, "free", ""), pages.Cost(4500, "night", "Weekend"))
    assert entry.costs[0].is_free and not entry.costs[1].is_free
    assert not entry.is_free


def test_the_latest_change_treats_times_without_a_zone_as_utc() -> None:
    naive = datetime(2026, 5, 1, 12, 0)
    aware = datetime(2026, 4, 1, tzinfo=UTC)
    default = datetime(2020, 1, 1, tzinfo=UTC)

    assert pages.latest_change([naive, aware, None], default) == naive.replace(tzinfo=UTC)
    assert pages.latest_change([], default) == default


@pytest.mark.parametrize(
    ("text", "count"),
    [("no links here", 0), ("see https://a.example and www.b.example", 2), ("HTTP://X.EX", 1)],
)
def test_links_are_counted_in_feedback(text: str, count: int) -> None:
    assert pages.count_links(text) == count


def test_more_than_three_links_is_too_many() -> None:
    three = "http://a.example http://b.example http://c.example"

    assert not pages.has_too_many_links(three)
    assert pages.has_too_many_links(three + " www.d.example")


@pytest.mark.parametrize(
    "email", ["name@example.com", "first.last+tag@sub.example.co.uk", "O'Neil@example.org"]
)
def test_ordinary_email_addresses_are_accepted(email: str) -> None:
    assert pages.looks_like_email(email)


@pytest.mark.parametrize(
    "email",
    [
        "",
        "name",
        "name@",
        "@example.com",
        "name@example",
        "na me@example.com",
        "a@b@c.com",
        "name@-example.com",
        "name@example.c",
        "x@" + "a" * 250 + ".com",
    ],
)
def test_malformed_email_addresses_are_refused(email: str) -> None:
    assert not pages.looks_like_email(email)


def test_typed_text_is_cleaned_of_control_characters_and_windows_line_endings() -> None:
    assert pages.clean_text("  Hello\x00 there\r\nfriend\t!  ") == "Hello there\nfriend\t!"
    assert pages.clean_text(None) == ""


def test_a_honeypot_counts_as_filled_only_when_something_was_typed() -> None:
    assert pages.honeypot_filled("http://spam.example")
    assert not pages.honeypot_filled("   ")
    assert not pages.honeypot_filled(None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", None),
        ("-1", None),
        ("1.5", None),
        ("abc", None),
        (None, None),
        ("٣", None),
        ("2147483647", 2147483647),
        ("2147483648", None),
    ],
)
def test_ids_from_a_query_string_are_positive_database_integers(
    raw: str | None, expected: int | None
) -> None:
    assert pages.parse_id(raw) == expected


def test_an_unreadable_page_number_means_the_first_page() -> None:
    assert pages.parse_page_number("3") == 3
    assert pages.parse_page_number("nope") == 1
    assert pages.parse_page_number(None) == 1


# --- Help ---------------------------------------------------------------------------------


def test_the_help_page_gives_a_phone_number_an_email_and_independent_advice(
    client: FlaskClient,
) -> None:
    html = client.get("/help").get_data(as_text=True)

    assert 'href="tel:01632960000"' in html
    assert 'href="mailto:localoffer@brackenshire.example"' in html
    assert "SENDIASS" in html


@pytest.mark.parametrize("path", ["/", "/services?q=swimming", "/sign-in", "/help", "/nowhere"])
def test_get_help_is_the_first_footer_link_on_every_page(client: FlaskClient, path: str) -> None:
    html = client.get(path).get_data(as_text=True)

    footer = html.split('<footer class="govuk-footer"', 1)[1]
    first_link = footer.split('<a class="govuk-footer__link" href="', 1)[1].split('"', 1)[0]
    assert first_link == "/help"
