"""The staff back office: officers and admins keep the Local Offer current, and nobody
else can reach any of it."""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from local_offer import interchange, oruk
from local_offer.extensions import db
from local_offer.models import CostChange, CostOption, Feedback, Organisation, Service
from local_offer.search import SearchCriteria, search_services
from portal.audit import AuditEvent
from portal.backoffice.models import ProviderInvitation
from tests.conftest import csrf_token, signed_in_staff

STAFF_ROLES = ["officer", "admin"]
OTHER_ROLES = ["parent", "young_person", "broker"]


def unique(word: str) -> str:
    # Letters only, so full-text search reads the whole thing as one word.
    return word + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:10])


def post(client, path: str, data: dict | None = None, form_page: str | None = None):
    html = client.get(form_page or "/back-office/").get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_token(html), **(data or {})})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def make_organisation(app, **fields) -> int:
    with app.app_context():
        organisation = Organisation(name=fields.pop("name", unique("Org")), **fields)
        db.session.add(organisation)
        db.session.commit()
        return organisation.id


def service_fields(organisation: int, **changes: str | None) -> dict:
    data = {
        "name": unique("Otterswim"),
        "organisation_id": str(organisation),
        "summary": "Swimming sessions for disabled children.",
        "description": "Quiet sessions with trained staff.",
        "status": "active",
        "eligibility": "Children with an EHC plan",
        "who_it_suits": "Children who like water",
        "minimum_age": "5",
        "maximum_age": "16",
        "categories": "short-breaks",
        "funding_streams": "social-care",
        "management_options": ["direct_payment", "managed_account"],
        "how_to_access": "Book online",
        "email": "swim@example.org",
        "phone": "01234 567890",
        "url": "https://example.org/swim",
        "location_name": "Leisure centre",
        "address_1": "1 Pool Lane",
        "city": "Brackenford",
        "postcode": "bk1 2ab",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def create_service(client, organisation_id: int, **changes: str) -> int:
    response = post(
        client,
        "/back-office/services/new",
        service_fields(organisation_id, **changes),
        "/back-office/services/new",
    )
    assert response.status_code == 302, text_of(response)[:3000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def audit_events(app, record_type: str, record_id: int) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.record_type == record_type, AuditEvent.record_id == record_id)
                .order_by(AuditEvent.id)
            )
        )


@pytest.fixture
def officer(app):
    return signed_in_staff(app, "officer")


@pytest.fixture
def organisation_id(app) -> int:
    return make_organisation(app, email="provider@example.org")


# --- Who may open it ------------------------------------------------------------------------


@pytest.fixture
def known_records(app, officer, organisation_id):
    """One of everything the back office addresses by id, for the permission walk."""
    service_id = create_service(officer, organisation_id)
    post(
        officer,
        f"/back-office/services/{service_id}/costs/new",
        {"unit": "hour", "amount": "10"},
    )
    with app.app_context():
        cost_id = db.session.scalar(
            select(CostOption.id).where(CostOption.service_id == service_id)
        )
        feedback = Feedback(message="Longer opening hours please")
        db.session.add(feedback)
        db.session.commit()
        feedback_id = feedback.id
    post(
        officer, f"/back-office/organisations/{organisation_id}/invite", {"email": "p@example.org"}
    )
    with app.app_context():
        invitation_id = db.session.scalar(
            select(ProviderInvitation.id).where(
                ProviderInvitation.organisation_id == organisation_id
            )
        )
    return {
        "invitation_id": invitation_id,
        "organisation_id": organisation_id,
        "service_id": service_id,
        "cost_id": cost_id,
        "feedback_id": feedback_id,
        "proposal_id": 1,
    }


def back_office_routes(app, ids: dict[str, int]) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("backoffice."):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", str(ids[name]))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, path))
    return routes


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_parents_young_people_and_brokers_are_refused_every_back_office_page(
    app, known_records, role
) -> None:
    client = signed_in_staff(app, role)
    routes = back_office_routes(app, known_records)
    assert len(routes) > 20
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    for method, path in routes:
        response = client.open(
            path, method=method, data={"csrf_token": token, "state": "published"}
        )
        assert response.status_code == 403, f"{role} {method} {path}"
    with app.app_context():
        service = db.session.get(Service, known_records["service_id"])
        assert service.editorial_state == "draft"
        invitation = db.session.get(ProviderInvitation, known_records["invitation_id"])
        assert invitation.withdrawn_at is None


def test_anyone_not_signed_in_is_sent_to_sign_in(app, client, known_records) -> None:
    for method, path in back_office_routes(app, known_records):
        response = client.open(path, method=method)
        if method == "GET":
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/sign-in"), path
        else:
            assert response.status_code in (302, 400), path


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_officers_and_admins_open_every_back_office_page(app, known_records, role) -> None:
    client = signed_in_staff(app, role)
    for method, path in back_office_routes(app, known_records):
        if method != "GET" or "proposals/" in path:
            continue
        response = client.get(path)
        assert response.status_code == 200, f"{role} {path}"


@pytest.mark.parametrize(
    "path",
    [
        "/back-office/services/2147483648",
        "/back-office/services/99999999999999999999",
        "/back-office/services/0/edit",
        "/back-office/organisations/2147483647",
        "/back-office/feedback/2147483647",
        "/back-office/proposals/2147483647",
    ],
)
def test_records_that_do_not_exist_are_not_found(officer, path) -> None:
    assert officer.get(path).status_code == 404


def test_a_cost_reached_through_another_services_address_is_not_found(
    app, officer, known_records, organisation_id
) -> None:
    other = create_service(officer, organisation_id)
    cost_id = known_records["cost_id"]
    assert officer.get(f"/back-office/services/{other}/costs/{cost_id}").status_code == 404
    response = post(officer, f"/back-office/services/{other}/costs/{cost_id}/remove")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(CostOption, cost_id) is not None


def test_state_changes_are_never_made_by_a_get(officer, known_records) -> None:
    service_id = known_records["service_id"]
    assert officer.get(f"/back-office/services/{service_id}/state").status_code == 405
    assert officer.get(f"/back-office/services/{service_id}/checked").status_code == 405


def test_forms_refuse_a_missing_csrf_token(officer, organisation_id) -> None:
    response = officer.post("/back-office/services/new", data=service_fields(organisation_id))
    assert response.status_code == 400


# --- Organisations --------------------------------------------------------------------------


def test_an_officer_adds_and_changes_an_organisation_on_the_record(app, officer) -> None:
    name = unique("Kestrel Trust")
    response = post(
        officer,
        "/back-office/organisations/new",
        {"name": name, "email": "hello@kestrel.example", "url": "https://kestrel.example"},
    )
    assert response.status_code == 302
    organisation_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = officer.get(response.headers["Location"])
    assert name in text_of(page)
    assert name in text_of(officer.get("/back-office/organisations?page=1"))

    response = post(
        officer,
        f"/back-office/organisations/{organisation_id}",
        {"name": name + " CIC", "email": "hello@kestrel.example", "charity_number": "123"},
    )
    assert response.status_code == 302
    events = audit_events(app, "organisation", organisation_id)
    assert [event.action for event in events] == ["organisation_added", "organisation_changed"]
    assert json.loads(events[1].before)["name"] == name
    assert json.loads(events[1].after)["name"] == name + " CIC"


def test_organisation_errors_are_specific_and_keep_what_was_typed(officer) -> None:
    response = post(
        officer,
        "/back-office/organisations/new",
        {"name": "", "email": "not an email", "url": "kestrel.example", "phone": "1" * 41},
    )
    text = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Enter the organisation’s name" in text
    assert "Enter an email address in the correct format" in text
    assert "Enter a website address that starts with https://" in text
    assert "Phone number must be 40 characters or fewer" in text
    assert 'value="not an email"' in text
    assert "<title>Error:" in text


# --- Services -------------------------------------------------------------------------------


def test_a_new_service_is_a_draft_nobody_else_can_see(app, client, officer, organisation_id):
    service_id = create_service(officer, organisation_id, name=unique("Draftotter"))
    with app.app_context():
        service = db.session.get(Service, service_id)
        name = service.name
        assert service.editorial_state == "draft"
        assert service.status == "active"
        assert service.accepts_direct_payment and service.accepts_managed_account
        assert not service.council_arranged
        assert [term.code for term in service.terms] == ["short-breaks", "social-care"]
        assert service.locations[0].postcode == "BK1 2AB"
        assert service.search_text
        assert _found_by_name(name) == []
        assert all(s.id != service_id for s in oruk.all_services(db.session))
        assert name not in interchange.export_csv(db.session, active_only=True)
    assert client.get(f"/services/{service_id}").status_code == 404
    assert name not in client.get("/api/oruk/services?per_page=1000").get_data(as_text=True)
    assert name in text_of(officer.get(f"/back-office/services/{service_id}"))
    events = audit_events(app, "service", service_id)
    assert [event.action for event in events] == ["service_added"]
    assert json.loads(events[0].after)["name"] == name


def _found_by_name(name: str) -> list[int]:
    page = search_services(db.session, SearchCriteria(keywords=name, per_page=50))
    return [hit.service.id for hit in page.hits]


def test_publishing_shows_the_service_everywhere_and_archiving_hides_it(
    app, client, officer, organisation_id
) -> None:
    service_id = create_service(officer, organisation_id)
    with app.app_context():
        name = db.session.get(Service, service_id).name

    response = post(officer, f"/back-office/services/{service_id}/state", {"state": "published"})
    assert response.status_code == 302
    assert client.get(f"/services/{service_id}").status_code == 200
    with app.app_context():
        assert _found_by_name(name) == [service_id]
        assert name in interchange.export_csv(db.session, active_only=True)
        uuid_ = db.session.get(Service, service_id).uuid
    assert client.get(f"/api/oruk/services/{uuid_}").status_code == 200

    post(officer, f"/back-office/services/{service_id}/state", {"state": "archived"})
    assert client.get(f"/services/{service_id}").status_code == 404
    assert client.get(f"/api/oruk/services/{uuid_}").status_code == 404
    with app.app_context():
        assert _found_by_name(name) == []

    # Archived goes back through draft before it can be published again.
    response = post(officer, f"/back-office/services/{service_id}/state", {"state": "published"})
    assert response.status_code == 400
    post(officer, f"/back-office/services/{service_id}/state", {"state": "draft"})
    actions = [e.action for e in audit_events(app, "service", service_id)]
    assert actions == ["service_added", *["service_state_changed"] * 3]
    last = audit_events(app, "service", service_id)[-1]
    assert json.loads(last.before) == {"editorial_state": "archived"}
    assert json.loads(last.after) == {"editorial_state": "draft"}


def test_an_edited_service_is_found_by_its_new_name(app, officer, organisation_id) -> None:
    service_id = create_service(officer, organisation_id)
    post(officer, f"/back-office/services/{service_id}/state", {"state": "published"})
    new_name = unique("Platypus")
    response = post(
        officer,
        f"/back-office/services/{service_id}/edit",
        service_fields(organisation_id, name=new_name, summary="Renamed"),
        f"/back-office/services/{service_id}/edit",
    )
    assert response.status_code == 302
    with app.app_context():
        assert _found_by_name(new_name) == [service_id]
    events = audit_events(app, "service", service_id)
    assert events[-1].action == "service_changed"
    assert json.loads(events[-1].after)["name"] == new_name
    assert json.loads(events[-1].before)["name"] != new_name


def test_renaming_an_organisation_makes_its_services_findable_by_the_new_name(
    app, officer, organisation_id
) -> None:
    service_id = create_service(officer, organisation_id)
    post(officer, f"/back-office/services/{service_id}/state", {"state": "published"})
    new_name = unique("Wombatcare")
    post(officer, f"/back-office/organisations/{organisation_id}", {"name": new_name})
    with app.app_context():
        assert _found_by_name(new_name) == [service_id]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the service’s name"),
        ({"name": "x" * 201}, "Service name must be 200 characters or fewer"),
        ({"summary": ""}, "Enter a summary"),
        ({"organisation_id": "99999999999999999"}, "Select the provider"),
        ({"organisation_id": ""}, "Select the provider"),
        ({"status": "exploded"}, "Select whether the service is running"),
        ({"minimum_age": "five"}, "Youngest age must be a whole number, like 11"),
        ({"minimum_age": "99999999999999999999"}, "Youngest age must be a whole number"),
        ({"maximum_age": "30"}, "Oldest age must be between 0 and 25"),
        (
            {"minimum_age": "12", "maximum_age": "8"},
            "Oldest age must be the same as or more than youngest age",
        ),
        ({"categories": None}, "Select at least one category"),
        ({"categories": "made-up"}, "Select categories from the list"),
        ({"needs": "made-up"}, "Select needs from the list"),
        ({"postcode": "not a postcode"}, "Enter a real postcode, like BK1 2AB"),
        ({"postcode": ""}, "Enter the venue’s postcode"),
        ({"email": "nope"}, "Enter an email address in the correct format"),
        ({"url": "javascript:alert(1)"}, "Enter a website address that starts with https://"),
        ({"description": "x" * 5001}, "Description must be 5,000 characters or fewer"),
    ],
)
def test_service_errors_are_specific_and_keep_what_was_typed(
    officer, organisation_id, changes, message
) -> None:
    data = service_fields(organisation_id, **changes)
    response = post(officer, "/back-office/services/new", data, "/back-office/services/new")
    text = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert message in text
    assert "Swimming sessions for disabled children." in text or not data["summary"]
    assert 'value="bk1 2ab"' in text or "postcode" in changes


def test_a_nul_character_is_dropped_rather_than_crashing_postgresql(
    app, officer, organisation_id
) -> None:
    service_id = create_service(officer, organisation_id, description="Quiet\x00 sessions")
    with app.app_context():
        assert db.session.get(Service, service_id).description == "Quiet sessions"


def test_mark_as_checked_today_takes_a_service_off_the_overdue_list(
    app, officer, organisation_id
) -> None:
    service_id = create_service(officer, organisation_id)
    with app.app_context():
        name = db.session.get(Service, service_id).name
    link = f'href="/back-office/services/{service_id}"'
    overdue = text_of(officer.get(f"/back-office/services?overdue=yes&name={name}"))
    assert link in overdue and "1 service" in overdue and "overdue for checking" in overdue
    response = post(officer, f"/back-office/services/{service_id}/checked", {"back_to": "overdue"})
    assert response.headers["Location"] == "/back-office/services?overdue=yes"
    assert link not in text_of(officer.get(f"/back-office/services?overdue=yes&name={name}"))
    assert link in text_of(officer.get(f"/back-office/services?name={name}"))
    events = audit_events(app, "service", service_id)
    assert events[-1].action == "service_checked"
    assert json.loads(events[-1].before) == {"last_checked": None}


def test_the_overdue_period_comes_from_settings(app, officer, organisation_id) -> None:
    from datetime import date

    service_id = create_service(officer, organisation_id)
    with app.app_context():
        service = db.session.get(Service, service_id)
        service.last_checked = date.today().replace(day=1).replace(year=date.today().year - 1)
        name = service.name
        db.session.commit()
    link = f'href="/back-office/services/{service_id}"'
    assert link in text_of(officer.get(f"/back-office/services?overdue=yes&name={name}"))
    app.config["SERVICE_CHECK_MONTHS"] = 24
    try:
        assert link not in text_of(officer.get(f"/back-office/services?overdue=yes&name={name}"))
    finally:
        app.config["SERVICE_CHECK_MONTHS"] = 12


def test_the_service_list_filters_by_state_category_and_name(app, officer, organisation_id) -> None:
    word = unique("Filterbadger")
    draft = create_service(officer, organisation_id, name=word + " draft")
    published = create_service(
        officer, organisation_id, name=word + " published", categories="holiday-schemes"
    )
    post(officer, f"/back-office/services/{published}/state", {"state": "published"})
    text = text_of(officer.get(f"/back-office/services?name={word}&state=published"))
    assert f'/back-office/services/{published}"' in text
    assert f'/back-office/services/{draft}"' not in text
    text = text_of(officer.get(f"/back-office/services?name={word}&category=short-breaks"))
    assert f'/back-office/services/{draft}"' in text
    assert f'/back-office/services/{published}"' not in text
    # Wildcards are searched for as text, and odd filters are ignored, never a 500.
    assert "0 services" in text_of(officer.get("/back-office/services?name=%25%25_&state=x"))
    assert officer.get("/back-office/services?page=99999999999999999").status_code == 200


@pytest.mark.parametrize("path", ["/back-office/organisations", "/back-office/feedback"])
@pytest.mark.parametrize("page", ["99999999999999999999", "-1", "x", "2147483647"])
def test_odd_page_numbers_never_break_a_list(officer, path, page) -> None:
    assert officer.get(f"{path}?page={page}").status_code == 200


# --- Unit costs -----------------------------------------------------------------------------


def test_changing_a_unit_cost_keeps_its_history_and_tells_families(
    app, client, officer, organisation_id
) -> None:
    service_id = create_service(officer, organisation_id)
    post(officer, f"/back-office/services/{service_id}/state", {"state": "published"})
    response = post(
        officer,
        f"/back-office/services/{service_id}/costs/new",
        {"label": "Swim session", "unit": "session", "amount": "£12.50", "duration_minutes": "60"},
    )
    assert response.status_code == 302
    with app.app_context():
        option = db.session.scalar(select(CostOption).where(CostOption.service_id == service_id))
        option_id = option.id
        assert (option.amount_pence, option.duration_minutes) == (1250, 60)
        assert db.session.get(Service, service_id).hourly_cost_pence == 1250

    edit = f"/back-office/services/{service_id}/costs/{option_id}"
    assert 'value="12.50"' in text_of(officer.get(edit))
    response = post(
        officer,
        edit,
        {"label": "Swim session", "unit": "session", "amount": "14", "duration_minutes": "60"},
    )
    assert response.status_code == 302
    # Saving again without a new amount adds no history.
    post(officer, edit, {"label": "Swim", "unit": "session", "amount": "14.00"})

    with app.app_context():
        changes = db.session.scalars(
            select(CostChange).where(CostChange.service_id == service_id).order_by(CostChange.id)
        ).all()
        assert [(c.previous_pence, c.new_pence) for c in changes] == [(None, 1250), (1250, 1400)]
        assert changes[1].changed_by.startswith("officer-")
        assert db.session.get(Service, service_id).hourly_cost_pence == 1400

    page = text_of(officer.get(f"/back-office/services/{service_id}"))
    assert "Price history" in page and "£12.50" in page and "£14" in page
    public = text_of(client.get(f"/services/{service_id}"))
    assert "£14 per session" in public
    assert "Price changed on" in public and "(it was £12.50)" in public
    token = csrf_token(client.get(f"/services/{service_id}").get_data(as_text=True))
    client.post("/compare/add", data={"csrf_token": token, "service_id": str(service_id)})
    assert "(it was £12.50)" in text_of(client.get("/compare"))
    client.post("/compare/clear", data={"csrf_token": token})

    # A change more than a year old is history, no longer news for families.
    with app.app_context():
        for change in db.session.scalars(
            select(CostChange).where(CostChange.service_id == service_id)
        ):
            change.changed_at = change.changed_at - timedelta(days=400)
        db.session.commit()
    assert "Price changed on" not in text_of(client.get(f"/services/{service_id}"))

    events = audit_events(app, "cost_option", option_id)
    assert [e.action for e in events] == [
        "cost_option_added",
        "cost_option_changed",
        "cost_option_changed",
    ]
    assert json.loads(events[1].before)["amount_pence"] == 1250
    assert json.loads(events[1].after)["amount_pence"] == 1400


def test_removing_a_cost_keeps_it_in_the_history(app, officer, organisation_id) -> None:
    service_id = create_service(officer, organisation_id)
    post(officer, f"/back-office/services/{service_id}/costs/new", {"unit": "hour", "amount": "9"})
    with app.app_context():
        option_id = db.session.scalar(
            select(CostOption.id).where(CostOption.service_id == service_id)
        )
    remove = f"/back-office/services/{service_id}/costs/{option_id}/remove"
    assert "Remove" in text_of(officer.get(remove))
    assert post(officer, remove).status_code == 302
    with app.app_context():
        assert db.session.get(CostOption, option_id) is None
        changes = db.session.scalars(
            select(CostChange).where(CostChange.service_id == service_id).order_by(CostChange.id)
        ).all()
        assert [(c.cost_option_id, c.previous_pence, c.new_pence) for c in changes] == [
            (None, None, 900),
            (None, 900, None),
        ]
    assert "removed (it was £9)" in text_of(officer.get(f"/back-office/services/{service_id}"))
    assert audit_events(app, "cost_option", option_id)[-1].action == "cost_option_removed"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"unit": "hour", "amount": ""}, "Enter the amount, like 12.50"),
        ({"unit": "hour", "amount": "twelve"}, "Enter the amount in pounds and pence"),
        ({"unit": "hour", "amount": "-5"}, "Enter the amount in pounds and pence"),
        ({"unit": "hour", "amount": "1e3"}, "Enter the amount in pounds and pence"),
        ({"unit": "hour", "amount": "99999999999999"}, "Enter the amount in pounds and pence"),
        ({"unit": "fortnight", "amount": "5"}, "Select how it is priced"),
        ({"amount": "5"}, "Select how it is priced"),
        ({"unit": "session", "amount": "5", "duration_minutes": "0"}, "between 1 and 1,440"),
        ({"unit": "session", "amount": "5", "duration_minutes": "ab"}, "whole number of minutes"),
        ({"unit": "hour", "amount": "5", "label": "x" * 201}, "200 characters or fewer"),
    ],
)
def test_cost_errors_are_specific_and_keep_what_was_typed(
    officer, known_records, data, message
) -> None:
    service_id = known_records["service_id"]
    response = post(officer, f"/back-office/services/{service_id}/costs/new", data)
    text = text_of(response)
    assert response.status_code == 200
    assert message in text
    assert f'value="{data["amount"]}"' in text


def test_a_free_option_needs_no_amount(app, officer, known_records) -> None:
    service_id = known_records["service_id"]
    response = post(
        officer, f"/back-office/services/{service_id}/costs/new", {"unit": "free", "amount": ""}
    )
    assert response.status_code == 302


# --- Feedback -------------------------------------------------------------------------------


def test_an_officer_publishes_and_unpublishes_a_response(app, client, officer) -> None:
    message = unique("Please open on Saturdays")
    with app.app_context():
        feedback = Feedback(message=message, name="Sam", email="sam@example.com")
        db.session.add(feedback)
        db.session.commit()
        feedback_id = feedback.id
    assert message in text_of(officer.get("/back-office/feedback"))
    page = text_of(officer.get(f"/back-office/feedback/{feedback_id}"))
    assert message in page and "sam@example.com" in page

    said = unique("You asked for Saturday opening")
    response = post(
        officer,
        f"/back-office/feedback/{feedback_id}",
        {"you_said": said, "we_did": "Three clubs now open on Saturdays."},
    )
    assert response.status_code == 302
    public = text_of(client.get("/you-said-we-did"))
    assert said in public and "sam@example.com" not in public
    assert message not in text_of(officer.get("/back-office/feedback"))
    assert message[:100] in text_of(officer.get("/back-office/feedback?show=published"))

    assert post(officer, f"/back-office/feedback/{feedback_id}/unpublish").status_code == 302
    assert said not in text_of(client.get("/you-said-we-did"))
    actions = [e.action for e in audit_events(app, "feedback", feedback_id)]
    assert actions == ["feedback_response_published", "feedback_response_unpublished"]
    event = audit_events(app, "feedback", feedback_id)[0]
    assert json.loads(event.before)["published_at"] is None
    assert json.loads(event.after)["you_said"] == said


def test_a_response_needs_both_parts(app, officer) -> None:
    with app.app_context():
        feedback = Feedback(message="More clubs")
        db.session.add(feedback)
        db.session.commit()
        feedback_id = feedback.id
    response = post(
        officer, f"/back-office/feedback/{feedback_id}", {"you_said": "More clubs", "we_did": ""}
    )
    text = text_of(response)
    assert response.status_code == 200
    assert "Enter what the council did" in text
    assert "More clubs" in text
    with app.app_context():
        assert db.session.get(Feedback, feedback_id).published_at is None


# --- Imports keep the price history too -----------------------------------------------------


def _price_history(service_id: int) -> list[tuple[int | None, int | None, str]]:
    changes = db.session.scalars(
        select(CostChange).where(CostChange.service_id == service_id).order_by(CostChange.id)
    ).all()
    return [(c.previous_pence, c.new_pence, c.changed_by) for c in changes]


def test_a_csv_import_that_reprices_a_service_keeps_the_history(
    app, officer, organisation_id
) -> None:
    import io

    service_id = create_service(officer, organisation_id)
    post(officer, f"/back-office/services/{service_id}/costs/new", {"unit": "hour", "amount": "9"})
    with app.app_context():
        stream = io.StringIO()
        interchange.write_csv([db.session.get(Service, service_id)], stream)
        edited = stream.getvalue().replace(",9.00,", ",9.75,")
        assert edited != stream.getvalue()
        report = interchange.import_csv(db.session, io.StringIO(edited))
        assert not report.problems, report.problems
        assert _price_history(service_id)[-1] == (900, 975, interchange.CSV_IMPORT)
        # Importing the same file again changes nothing, so adds no history.
        interchange.import_csv(db.session, io.StringIO(edited))
        assert len(_price_history(service_id)) == 2


def test_an_open_referral_import_that_reprices_a_service_keeps_the_history(
    app, officer, organisation_id
) -> None:
    import io

    service_id = create_service(officer, organisation_id)
    post(officer, f"/back-office/services/{service_id}/costs/new", {"unit": "hour", "amount": "9"})
    with app.app_context():
        feed = [oruk.service_full(db.session.get(Service, service_id))]
        feed[0]["cost_options"][0]["amount"] = 10.5
        report = interchange.import_oruk(db.session, io.StringIO(json.dumps(feed)))
        assert not report.problems, report.problems
        assert _price_history(service_id)[-1] == (900, 1050, oruk.ORUK_IMPORT)


def test_a_second_officers_save_in_between_is_never_silently_overwritten(
    app, officer, organisation_id
) -> None:
    service_id = create_service(officer, organisation_id)
    edit = f"/back-office/services/{service_id}/edit"
    html = officer.get(edit).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="([^"]+)"', html).group(1)

    colleague = signed_in_staff(app, "officer")
    post(colleague, edit, service_fields(organisation_id, summary="The colleague's summary"), edit)

    mine = service_fields(organisation_id, summary="My summary")
    response = officer.post(edit, data={**mine, "version": version, "csrf_token": csrf_token(html)})
    text = text_of(response)
    assert response.status_code == 200
    assert "Someone else changed this service" in text
    assert 'value="My summary"' in text, "what the officer typed is kept"
    with app.app_context():
        assert db.session.get(Service, service_id).summary == "The colleague's summary"

    # Having seen the warning, saving again replaces the colleague's changes.
    html = response.get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="([^"]+)"', html).group(1)
    response = officer.post(edit, data={**mine, "version": version, "csrf_token": csrf_token(html)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Service, service_id).summary == "My summary"
