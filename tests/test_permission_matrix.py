"""Who may open every portal route, written down as a table, and checked for each kind of
person: anonymous, a parent, a young person, a broker without consent, an officer and an
admin. A route with no row in the table fails the first test, so no new page can arrive
without someone deciding who may open it.

Ids in the URLs name records out of the person's reach (another family's child, consent,
family, invitation, budget assessment and support plan; links that do not exist), so
"allowed" here never means someone else's record was shown. Officers reach every
assessment, every child's record and every back-office record by design, so theirs are
real records.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from local_offer.extensions import limiter
from local_offer.models import CostOption, Feedback, Organisation, Service, utcnow
from portal.backoffice.models import ProviderInvitation, ServiceProposal
from portal.extensions import db
from portal.families.models import Consent, Invitation
from portal.plans.models import PlanVersion
from tests.conftest import csrf_token
from tests.staff import sign_in_staff
from tests.test_consent import family_id_of, share
from tests.test_families import family_with_child, make_user, post
from tests.test_invitations import invite_parent, new_email, young_person_signed_in
from tests.test_permissions import portal_endpoints
from tests.test_ras_views import submitted_assessment

ALLOWED = "allowed"  # the page, a form with its errors, or a redirect within what they may do
SIGN_IN = "sign in"  # sent to the sign-in page
FORBIDDEN = "403"  # signed in, but not a role this route is for
NOT_FOUND = "404"  # not there, or out of reach: the answer does not say which

ROLES = ("anonymous", "parent", "young_person", "broker", "officer", "admin")


def row(
    anonymous: str, parent: str, young_person: str, broker: str, officer: str, admin: str
) -> dict[str, str]:
    return dict(zip(ROLES, (anonymous, parent, young_person, broker, officer, admin), strict=True))


EVERYONE = row(ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
NOBODY_FINDS = row(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
SIGNED_IN = row(SIGN_IN, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
PARENTS = row(SIGN_IN, ALLOWED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
BROKERS = row(SIGN_IN, FORBIDDEN, FORBIDDEN, ALLOWED, FORBIDDEN, FORBIDDEN)
PARENTS_AND_BROKERS = row(SIGN_IN, ALLOWED, FORBIDDEN, ALLOWED, FORBIDDEN, FORBIDDEN)
FAMILY_ACCOUNTS = row(SIGN_IN, ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN, FORBIDDEN)
ADMINS = row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED)
OFFICERS = row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED, ALLOWED)
YOUNG_PEOPLE = row(SIGN_IN, FORBIDDEN, ALLOWED, FORBIDDEN, FORBIDDEN, FORBIDDEN)
# The steps between the password and the security code: nobody here is half signed in,
# so each is sent back to the password.
HALF_SIGNED_IN = row(SIGN_IN, SIGN_IN, SIGN_IN, SIGN_IN, SIGN_IN, SIGN_IN)
# A plan version still in draft is the family's alone: not yet the council's to decide.
A_DRAFT_PLAN_VERSION = row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND)
# The same, for casework on a plan's lines (money kept in a block contract): officers only.
A_DRAFT_PLAN_VERSION_FOR_CASEWORKERS = row(
    SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN
)
# Another family's draft plan as a PDF: staff find no draft, the family's pages find no plan.
ANOTHER_FAMILYS_DRAFT_PLAN = row(SIGN_IN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND)
# Another family's records: the parent and a broker without consent find nothing there.
ANOTHER_FAMILYS = row(SIGN_IN, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN)
ANOTHER_FAMILYS_SHARING = row(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
A_FAMILY_THAT_HAS_NOT_SHARED = row(SIGN_IN, FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN)
# The questionnaire's pages, which an officer fills in with any family in the authority.
ANOTHER_FAMILYS_OR_AN_OFFICERS = row(SIGN_IN, NOT_FOUND, FORBIDDEN, NOT_FOUND, ALLOWED, FORBIDDEN)
# Casework, not account management: officers only.
CASEWORKERS = row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED, FORBIDDEN)

EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    ("accounts.account", "GET"): SIGNED_IN,
    ("accounts.change_email", "GET"): SIGNED_IN,
    ("accounts.change_email", "POST"): SIGNED_IN,
    ("accounts.change_email_sent", "GET"): SIGNED_IN,
    ("accounts.check_email", "GET"): EVERYONE,
    ("accounts.confirm_email", "GET"): NOBODY_FINDS,
    ("accounts.confirm_email_change", "GET"): NOBODY_FINDS,
    ("accounts.enter_code", "GET"): HALF_SIGNED_IN,
    ("accounts.enter_code", "POST"): HALF_SIGNED_IN,
    ("accounts.enter_recovery_code", "GET"): HALF_SIGNED_IN,
    ("accounts.enter_recovery_code", "POST"): HALF_SIGNED_IN,
    ("accounts.new_recovery_codes", "GET"): SIGNED_IN,
    ("accounts.new_recovery_codes", "POST"): SIGNED_IN,
    ("accounts.register", "GET"): EVERYONE,
    ("accounts.register", "POST"): EVERYONE,
    ("accounts.reset_password", "GET"): NOBODY_FINDS,
    ("accounts.reset_password", "POST"): NOBODY_FINDS,
    ("accounts.reset_password_done", "GET"): EVERYONE,
    ("accounts.reset_password_request", "GET"): EVERYONE,
    ("accounts.reset_password_request", "POST"): EVERYONE,
    ("accounts.reset_password_sent", "GET"): EVERYONE,
    ("accounts.set_up_at_sign_in", "GET"): HALF_SIGNED_IN,
    ("accounts.set_up_at_sign_in", "POST"): HALF_SIGNED_IN,
    ("accounts.sign_in", "GET"): EVERYONE,
    ("accounts.sign_in", "POST"): EVERYONE,
    ("accounts.sign_out", "POST"): SIGNED_IN,
    ("accounts.signed_out", "GET"): EVERYONE,
    ("accounts.stay_signed_in", "POST"): SIGNED_IN,
    ("accounts.timed_out", "GET"): EVERYONE,
    ("accounts.turn_off_second_factor", "GET"): FAMILY_ACCOUNTS,
    ("accounts.turn_off_second_factor", "POST"): FAMILY_ACCOUNTS,
    ("accounts.turn_on_second_factor", "GET"): SIGNED_IN,
    ("accounts.turn_on_second_factor", "POST"): SIGNED_IN,
    ("admin.approval_limit", "POST"): ADMINS,
    ("admin.audit", "GET"): ADMINS,
    ("admin.audit_csv", "GET"): ADMINS,
    ("admin.deactivate", "POST"): ADMINS,
    ("admin.index", "GET"): ADMINS,
    ("admin.invite_again", "POST"): ADMINS,
    ("admin.new_user", "GET"): ADMINS,
    ("admin.new_user", "POST"): ADMINS,
    ("admin.password_set", "GET"): EVERYONE,
    ("admin.reactivate", "POST"): ADMINS,
    ("admin.set_password", "GET"): NOBODY_FINDS,
    ("admin.set_password", "POST"): NOBODY_FINDS,
    ("admin.user", "GET"): ADMINS,
    ("admin.users", "GET"): ADMINS,
    ("backoffice.add_cost", "GET"): OFFICERS,
    ("backoffice.add_cost", "POST"): OFFICERS,
    ("backoffice.add_organisation", "GET"): OFFICERS,
    ("backoffice.add_organisation", "POST"): OFFICERS,
    ("backoffice.add_service", "GET"): OFFICERS,
    ("backoffice.add_service", "POST"): OFFICERS,
    ("backoffice.approve_proposal", "POST"): OFFICERS,
    ("backoffice.change_state", "POST"): OFFICERS,
    ("backoffice.commissioning_report", "GET"): OFFICERS,
    ("backoffice.commissioning_report_csv", "GET"): OFFICERS,
    ("backoffice.edit_cost", "GET"): OFFICERS,
    ("backoffice.edit_cost", "POST"): OFFICERS,
    ("backoffice.edit_organisation", "GET"): OFFICERS,
    ("backoffice.edit_organisation", "POST"): OFFICERS,
    ("backoffice.edit_service", "GET"): OFFICERS,
    ("backoffice.edit_service", "POST"): OFFICERS,
    ("backoffice.feedback_list", "GET"): OFFICERS,
    ("backoffice.index", "GET"): OFFICERS,
    ("backoffice.invite_provider", "GET"): OFFICERS,
    ("backoffice.invite_provider", "POST"): OFFICERS,
    ("backoffice.mark_checked", "POST"): OFFICERS,
    ("backoffice.organisations", "GET"): OFFICERS,
    ("backoffice.proposal", "GET"): OFFICERS,
    ("backoffice.proposals", "GET"): OFFICERS,
    ("backoffice.reject_proposal", "POST"): OFFICERS,
    ("backoffice.remove_cost", "GET"): OFFICERS,
    ("backoffice.remove_cost", "POST"): OFFICERS,
    ("backoffice.respond", "GET"): OFFICERS,
    ("backoffice.respond", "POST"): OFFICERS,
    ("backoffice.service", "GET"): OFFICERS,
    ("backoffice.services", "GET"): OFFICERS,
    ("backoffice.unpublish", "POST"): OFFICERS,
    ("backoffice.withdraw_link", "POST"): OFFICERS,
    ("families.act_for", "POST"): A_FAMILY_THAT_HAS_NOT_SHARED,
    ("families.add_child", "GET"): PARENTS_AND_BROKERS,
    ("families.add_child", "POST"): PARENTS_AND_BROKERS,
    ("families.broker_families", "GET"): BROKERS,
    ("families.cancel_invitation", "POST"): ANOTHER_FAMILYS_SHARING,
    ("families.child_views", "GET"): ANOTHER_FAMILYS,
    ("families.create", "POST"): PARENTS,
    ("families.download", "GET"): PARENTS,
    ("families.your_data", "GET"): PARENTS,
    ("families.drop_in", "GET"): BROKERS,
    ("families.drop_in", "POST"): BROKERS,
    ("families.edit_child", "GET"): ANOTHER_FAMILYS,
    ("families.edit_child", "POST"): ANOTHER_FAMILYS,
    ("families.find", "GET"): CASEWORKERS,
    ("families.find", "POST"): CASEWORKERS,
    ("families.handover", "GET"): A_FAMILY_THAT_HAS_NOT_SHARED,
    ("families.invite_parent", "GET"): PARENTS,
    ("families.invite_parent", "POST"): PARENTS,
    ("families.invite_young_person", "GET"): PARENTS,
    ("families.invite_young_person", "POST"): PARENTS,
    ("families.new_claim_code", "POST"): A_FAMILY_THAT_HAS_NOT_SHARED,
    ("families.officer_child", "GET"): CASEWORKERS,
    ("families.overview", "GET"): PARENTS_AND_BROKERS,
    ("families.people", "GET"): PARENTS,
    ("families.revoke", "POST"): ANOTHER_FAMILYS_SHARING,
    ("families.sharing", "GET"): PARENTS,
    ("families.sharing", "POST"): PARENTS,
    ("families.stop_acting", "POST"): BROKERS,
    ("joining.claim", "GET"): EVERYONE,
    ("joining.claim", "POST"): EVERYONE,
    ("joining.invitation", "GET"): NOBODY_FINDS,
    ("joining.invitation", "POST"): NOBODY_FINDS,
    ("joining.joined", "GET"): EVERYONE,
    ("pages.accessibility", "GET"): EVERYONE,
    ("pages.cookies", "GET"): EVERYONE,
    ("pages.home", "GET"): EVERYONE,
    ("pages.live", "GET"): EVERYONE,
    ("pages.privacy", "GET"): EVERYONE,
    ("pages.ready", "GET"): EVERYONE,
    ("plans.about", "GET"): ANOTHER_FAMILYS,
    ("plans.about", "POST"): ANOTHER_FAMILYS,
    ("plans.add_service", "GET"): PARENTS_AND_BROKERS,
    ("plans.approve", "POST"): A_DRAFT_PLAN_VERSION,
    ("plans.check", "GET"): ANOTHER_FAMILYS,
    ("plans.check", "POST"): ANOTHER_FAMILYS,
    ("plans.decide", "GET"): A_DRAFT_PLAN_VERSION,
    ("plans.index", "GET"): PARENTS_AND_BROKERS,
    ("plans.line", "GET"): ANOTHER_FAMILYS,
    ("plans.line", "POST"): ANOTHER_FAMILYS,
    ("plans.management", "GET"): ANOTHER_FAMILYS,
    ("plans.management", "POST"): ANOTHER_FAMILYS,
    ("plans.mark_active", "POST"): A_DRAFT_PLAN_VERSION,
    ("plans.money", "GET"): ANOTHER_FAMILYS,
    ("plans.money_not_released", "POST"): A_DRAFT_PLAN_VERSION_FOR_CASEWORKERS,
    ("plans.money_released", "POST"): A_DRAFT_PLAN_VERSION_FOR_CASEWORKERS,
    ("plans.money_terms", "POST"): ANOTHER_FAMILYS,
    ("plans.outcome", "GET"): ANOTHER_FAMILYS,
    ("plans.outcome", "POST"): ANOTHER_FAMILYS,
    ("plans.outcomes", "GET"): ANOTHER_FAMILYS,
    ("plans.overview", "GET"): ANOTHER_FAMILYS,
    ("plans.panel_decision", "POST"): A_DRAFT_PLAN_VERSION,
    ("plans.pdf", "GET"): ANOTHER_FAMILYS_DRAFT_PLAN,
    ("plans.queue", "GET"): OFFICERS,
    ("plans.remove_line", "POST"): ANOTHER_FAMILYS,
    ("plans.remove_outcome", "POST"): ANOTHER_FAMILYS,
    ("plans.review", "POST"): ANOTHER_FAMILYS,
    ("plans.safety", "GET"): ANOTHER_FAMILYS,
    ("plans.safety", "POST"): ANOTHER_FAMILYS,
    ("plans.send_back", "POST"): A_DRAFT_PLAN_VERSION,
    ("plans.sent", "GET"): ANOTHER_FAMILYS,
    ("plans.start", "POST"): ANOTHER_FAMILYS,
    ("plans.stream_management", "POST"): ANOTHER_FAMILYS,
    ("plans.support", "GET"): ANOTHER_FAMILYS,
    ("plans.to_panel", "POST"): A_DRAFT_PLAN_VERSION,
    ("plans.version", "GET"): ANOTHER_FAMILYS,
    ("privacy.close", "GET"): FAMILY_ACCOUNTS,
    ("privacy.close", "POST"): FAMILY_ACCOUNTS,
    ("privacy.closed", "GET"): EVERYONE,
    ("privacy.who_has_looked", "GET"): PARENTS,
    ("provider.propose", "GET"): NOBODY_FINDS,
    ("provider.propose", "POST"): NOBODY_FINDS,
    ("provider.services", "GET"): NOBODY_FINDS,
    ("ras.ask_for_review", "GET"): ANOTHER_FAMILYS,
    ("ras.ask_for_review", "POST"): ANOTHER_FAMILYS,
    ("ras.budget", "GET"): ANOTHER_FAMILYS_OR_AN_OFFICERS,
    ("ras.check", "GET"): ANOTHER_FAMILYS_OR_AN_OFFICERS,
    ("ras.child_budget", "GET"): ANOTHER_FAMILYS_OR_AN_OFFICERS,
    ("ras.compare", "GET"): OFFICERS,
    ("ras.confirm", "GET"): OFFICERS,
    ("ras.confirm", "POST"): OFFICERS,
    ("ras.domain", "GET"): ANOTHER_FAMILYS_OR_AN_OFFICERS,
    ("ras.domain", "POST"): ANOTHER_FAMILYS_OR_AN_OFFICERS,
    ("ras.print_budget", "GET"): ANOTHER_FAMILYS_OR_AN_OFFICERS,
    ("ras.queue", "GET"): OFFICERS,
    ("ras.schemes", "GET"): OFFICERS,
    ("ras.start", "POST"): ANOTHER_FAMILYS_OR_AN_OFFICERS,
    ("ras.submit", "POST"): ANOTHER_FAMILYS_OR_AN_OFFICERS,
    ("young_people.about_me", "GET"): YOUNG_PEOPLE,
    ("young_people.home", "GET"): YOUNG_PEOPLE,
    ("young_people.my_views", "GET"): YOUNG_PEOPLE,
    ("young_people.my_views", "POST"): YOUNG_PEOPLE,
    ("young_people.plan", "GET"): YOUNG_PEOPLE,
    ("young_people.plan_choice", "GET"): YOUNG_PEOPLE,
    ("young_people.plan_choice", "POST"): YOUNG_PEOPLE,
    ("young_people.plan_comment", "POST"): YOUNG_PEOPLE,
    ("young_people.who_can_see", "GET"): YOUNG_PEOPLE,
    ("young_people.who_can_see", "POST"): YOUNG_PEOPLE,
}

# These end the session they are sent in, so each gets a client of its own.
ENDS_THE_SESSION = {("accounts.sign_out", "POST")}


def routes(app: Flask) -> dict[tuple[str, str], list[object]]:
    """Each route and method, with every URL rule that reaches it (some have two)."""
    found: dict[tuple[str, str], list[object]] = {}
    for endpoint, rule in portal_endpoints(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.setdefault((endpoint, method), []).append(rule)
    return found


def test_every_portal_route_has_a_row_in_the_access_table(app) -> None:
    found = set(routes(app))
    missing = sorted(found - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - found)
    assert missing == [], "Add these routes to EXPECTED, saying who may open them"
    assert stale == [], "These rows name routes that no longer exist"


@dataclass
class Examples:
    """Values for the ids in URLs, each naming a record out of the matrix people's reach.
    Officers reach every record the back office, the RAS and the plans hold, so theirs
    are real records; the back office's are made fresh for each URL, so one officer's
    action (removing a cost, approving a proposal) never changes another's answer."""

    values: dict[str, Callable[[str], str]]
    fresh: Callable[[], dict[str, str]]

    def ids_for(self, endpoint: str, names: set[str]) -> dict[str, str]:
        if endpoint.startswith("backoffice."):
            return self.fresh()
        return {name: self.values[name](endpoint) for name in names}


@pytest.fixture(scope="module")
def examples(app) -> Examples:
    # Another family, whose child has a submitted budget assessment and a draft plan, and
    # who has invited a second parent and shared with another broker.
    other_parent, other_child_id, assessment_id = submitted_assessment(app)
    other_broker = make_user(app, "broker")
    assert share(other_parent, other_broker).status_code == 302
    assert invite_parent(other_parent, new_email()).status_code == 302
    started = post(other_parent, f"/plans/child/{other_child_id}/start")
    assert started.status_code == 302, started.status_code
    plan_id = int(re.search(r"/plans/(\d+)", started.headers["Location"]).group(1))
    family_id = family_id_of(app, other_child_id)
    with app.app_context():
        consent_id = db.session.scalar(
            select(Consent.id).where(Consent.family_id == family_id).order_by(Consent.id.desc())
        )
        invitation_id = db.session.scalar(
            select(Invitation.id).where(Invitation.family_id == family_id)
        )
        version_id = db.session.scalar(select(PlanVersion.id).where(PlanVersion.plan_id == plan_id))
        public_service_id = next(
            service.id
            for service in db.session.scalars(select(Service).order_by(Service.id))
            if service.is_public
        )
    officer_id = make_user_id(app, "officer")

    def target(endpoint: str) -> str:
        # A fresh account for each admin action, so one action never changes another's answer.
        role = "officer" if endpoint in ("admin.user", "admin.approval_limit") else "broker"
        return make_user_id(app, role)

    def record_id(value: int) -> Callable[[str], str]:
        return lambda _endpoint: str(value)

    return Examples(
        {
            "child_id": record_id(other_child_id),
            "consent_id": record_id(consent_id),
            "family_id": record_id(family_id),
            "user_id": target,
            "token": lambda _endpoint: "not-a-real-token",
            "invitation_id": record_id(invitation_id),
            "assessment_id": record_id(assessment_id),
            # A domain this child is asked about, so only the assessment's reach decides.
            "domain_id": lambda _endpoint: "personal_care",
            "plan_id": record_id(plan_id),
            "version_id": record_id(version_id),
            "number": lambda _endpoint: "1",
            # Any outcome or line: the plan's reach is checked before theirs.
            "outcome_id": lambda _endpoint: "1",
            "line_id": lambda _endpoint: "1",
            "service_id": record_id(public_service_id),
        },
        lambda: back_office_records(app, officer_id),
    )


def back_office_records(app, officer_id: str) -> dict[str, str]:
    """A draft service of a new organisation, with a cost, feedback, a provider's link and
    a pending proposal that changes nothing."""
    with app.app_context():
        organisation = Organisation(name=f"Matrix provider {uuid.uuid4().hex[:8]}")
        service = Service(organisation=organisation, name="Matrix service", editorial_state="draft")
        option = CostOption(service=service, label="Session", unit="hour", amount_pence=1000)
        feedback = Feedback(message="Longer opening hours please")
        link = ProviderInvitation(
            organisation=organisation,
            email="provider@example.org",
            token_hash=uuid.uuid4().hex * 2,
            created_by_id=int(officer_id),
            expires_at=utcnow() + timedelta(days=7),
        )
        proposal = ServiceProposal(invitation=link, service=service, proposed=json.dumps({}))
        db.session.add_all([organisation, service, option, feedback, link, proposal])
        db.session.commit()
        return {
            "organisation_id": str(organisation.id),
            "service_id": str(service.id),
            "cost_id": str(option.id),
            "feedback_id": str(feedback.id),
            "invitation_id": str(link.id),
            "proposal_id": str(proposal.id),
        }


def make_user_id(app, role: str) -> str:
    from portal.accounts.models import User

    email = make_user(app, role)
    with app.app_context():
        return str(db.session.scalar(select(User.id).where(User.email == email)))


def client_for(app, role: str):
    if role == "anonymous":
        return app.test_client()
    if role == "parent":
        parent, _child_id = family_with_child(app)
        return parent
    if role == "young_person":
        # A young person with their own account, linked to the record about them.
        _parent, young_person, _child_id, _sibling_id = young_person_signed_in(app)
        return young_person
    # The broker has no consent from anyone.
    client, _user = sign_in_staff(app, role)
    return client


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers["Location"]
        return SIGN_IN if location.startswith("/sign-in") else ALLOWED
    # 400 is a form with its errors (or a refusal of the empty form that was sent):
    # the request got past every access check.
    if response.status_code <= 400:
        return ALLOWED
    return str(response.status_code)


def url_for_rule(rule, ids: dict[str, str]) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<int:{name}>", ids[name]).replace(f"<{name}>", ids[name])
    return path


@pytest.mark.parametrize("role", ROLES)
def test_each_route_answers_each_role_as_the_table_says(app, examples, role) -> None:
    client = client_for(app, role)
    wrong = []
    for (endpoint, method), rules in sorted(routes(app).items(), key=lambda item: item[0]):
        expected = EXPECTED[(endpoint, method)][role]
        for rule in rules:
            path = url_for_rule(rule, examples.ids_for(endpoint, set(rule.arguments)))
            ends = (endpoint, method) in ENDS_THE_SESSION
            this_client = client_for(app, role) if ends else client
            with app.app_context():
                limiter.reset()
            if method == "GET":
                response = this_client.get(path)
            else:
                token = csrf_token(this_client.get("/sign-in").get_data(as_text=True))
                response = this_client.open(path, method=method, data={"csrf_token": token})
            assert response.status_code < 500, f"{method} {path} answered {response.status_code}"
            import os

            if os.environ.get("MATRIX_DUMP"):
                print(
                    "DUMP",
                    role,
                    method,
                    path,
                    response.status_code,
                    response.headers.get("Location"),
                )
            if outcome(response) != expected:
                wrong.append(f"{method} {path}: expected {expected}, got {response.status_code}")
    assert wrong == []


def test_a_parent_trying_the_admin_pages_is_refused(app) -> None:
    parent, _child_id = family_with_child(app)
    assert parent.get("/admin/").status_code == 403
    assert parent.get("/admin/audit").status_code == 403
    assert parent.get("/admin").status_code in (301, 308)


def test_an_officer_trying_the_staff_accounts_page_is_refused(app) -> None:
    officer, _user = sign_in_staff(app, "officer")
    assert officer.get("/admin/users").status_code == 403
    assert officer.get("/admin/users/new").status_code == 403
