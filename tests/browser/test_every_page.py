"""Every signed-in page, for every role, swept like the public pages (issue 6).

One data set is made through the pages and services: a family with four children whose
plans are draft, sent, returned, approved and superseded, assessments draft, sent and
confirmed, a young person with views, a broker's drop-in family, feedback and a provider's
proposal. Then, for each role, every page that role can open (ROLE_PAGES, keyed by
endpoint, which tests/test_every_page_is_swept.py reads without a browser) is opened at
320 px and at 1280 px, in English and in Urdu, and checked like tests/browser/
test_accessibility.py checks the public pages: axe-core (WCAG 2.2 A and AA), nothing
scrolling sideways, and target size. The main forms are also sent empty, and the page
with its error summary is checked too.

Each role signs in once for each width and language; officers, admins and brokers use one
account each time, since each must pass 2-step verification and a code works only once.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from local_offer.extensions import limiter
from local_offer.models import CostOption, Feedback, Service
from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.backoffice.models import ServiceProposal
from portal.extensions import db
from portal.plans.budget import PROVIDER, IndicativeBudget
from portal.plans.models import SupportPlan
from tests.browser.conftest import axe_violations
from tests.browser.keyboard import TARGET_SIZE_JS
from tests.browser.test_accessibility import OVERFLOW_JS
from tests.conftest import csrf_token, enrol_second_factor, second_factor_code

pytestmark = pytest.mark.browser

PASSWORD = "lantern biscuit harbour"
YOUNG_PASSWORD = "marble orchard tugboat"
WIDTHS = {"320px": {"width": 320, "height": 640}, "1280px": {"width": 1280, "height": 900}}
LANGUAGES = ["en_GB", "ur"]
SUBMIT = "main form[method='post'] button[type='submit']"


@dataclass(frozen=True)
class Visit:
    """One page to open: its endpoint (for the check that no page is missed), its address
    with {ids} filled in, the status it answers, and whether its form is then sent empty
    to check the page with its error summary (send_empty names the button to press)."""

    endpoint: str
    path: str
    status: int = 200
    send_empty: str | None = None
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.endpoint


def empty(selector: str = SUBMIT) -> str:
    return selector


ROLE_PAGES: dict[str, list[Visit]] = {
    # A parent whose family has four children, each at a different point.
    "parent": [
        Visit("accounts.account", "/account"),
        Visit("accounts.change_email", "/account/email", send_empty=empty()),
        Visit("accounts.change_email_sent", "/account/email/check-your-email"),
        Visit(
            "accounts.confirm_email_change",
            "/account/email/confirm/not-a-token",
            status=404,
            label="confirm-email-change-bad-link",
        ),
        Visit(
            "accounts.turn_on_second_factor",
            "/account/2-step-verification/set-up",
            send_empty=empty(),
        ),
        Visit("privacy.close", "/account/close", send_empty=empty()),
        Visit("families.overview", "/family/"),
        Visit("families.add_child", "/family/children/new", send_empty=empty()),
        Visit("families.edit_child", "/family/children/{amira}"),
        Visit("families.child_views", "/family/children/{amira}/views"),
        Visit("families.people", "/family/people"),
        Visit("families.invite_parent", "/family/people/invite", send_empty=empty()),
        # Amira has her account and the others are too young: nobody to invite, which is the
        # state this page is in.
        Visit("families.invite_young_person", "/family/people/invite-young-person"),
        Visit("families.sharing", "/family/sharing", send_empty=empty()),
        Visit("privacy.who_has_looked", "/family/who-has-looked"),
        Visit("families.your_data", "/family/your-data"),
        Visit("ras.child_budget", "/budget/children/{amira}", label="child-budget-confirmed"),
        Visit("ras.child_budget", "/budget/children/{dan}", label="child-budget-none"),
        Visit("ras.budget", "/budget/assessments/{confirmed}", label="budget-confirmed"),
        Visit("ras.budget", "/budget/assessments/{submitted}", label="budget-submitted"),
        Visit("ras.print_budget", "/budget/assessments/{confirmed}/print"),
        Visit(
            "ras.domain",
            "/budget/assessments/{draft}/questions/personal_care",
            send_empty="main form[method='post'] button[name='action'][value='continue']",
        ),
        Visit("ras.check", "/budget/assessments/{draft}/check"),
        Visit("ras.ask_for_review", "/budget/assessments/{confirmed}/review", send_empty=empty()),
        Visit("plans.index", "/plans/"),
        Visit("plans.overview", "/plans/{draft_plan}", label="plan-draft"),
        Visit("plans.overview", "/plans/{submitted_plan}", label="plan-submitted"),
        Visit("plans.overview", "/plans/{returned_plan}", label="plan-returned"),
        Visit("plans.overview", "/plans/{approved_plan}", label="plan-approved"),
        Visit("plans.about", "/plans/{draft_plan}/about-me"),
        Visit("plans.outcomes", "/plans/{draft_plan}/outcomes"),
        Visit("plans.outcome", "/plans/{draft_plan}/outcomes/new", send_empty=empty()),
        Visit("plans.outcome", "/plans/{draft_plan}/outcomes/{outcome}", label="outcome-edit"),
        Visit("plans.support", "/plans/{draft_plan}/support"),
        Visit("plans.support", "/plans/{draft_plan}/support?q=Quokka", label="support-search"),
        Visit("plans.line", "/plans/{draft_plan}/support/new", send_empty=empty()),
        Visit("plans.line", "/plans/{draft_plan}/support/{line}", label="line-edit"),
        Visit("plans.money", "/plans/{draft_plan}/money"),
        Visit("plans.management", "/plans/{draft_plan}/money/{line}"),
        Visit("plans.safety", "/plans/{draft_plan}/keeping-safe"),
        Visit("plans.check", "/plans/{draft_plan}/check"),
        Visit("plans.check", "/plans/{returned_plan}/check", label="check-returned"),
        Visit("plans.sent", "/plans/{submitted_plan}/sent"),
        Visit("plans.version", "/plans/{approved_plan}/versions/1", label="version-superseded"),
        Visit("plans.version", "/plans/{approved_plan}/versions/2", label="version-approved"),
        Visit("plans.add_service", "/plans/add/{quokka_service}"),
    ],
    # A parent who has not set up a family yet: the empty states.
    "new-parent": [
        Visit("accounts.account", "/account", label="account-no-family"),
        Visit("families.overview", "/family/", label="family-not-set-up"),
        Visit("plans.index", "/plans/", label="plans-none"),
    ],
    "young-person": [
        Visit("young_people.home", "/my-space/"),
        Visit("young_people.about_me", "/my-space/about-me"),
        Visit("young_people.my_views", "/my-space/my-views"),
        Visit("young_people.plan", "/my-space/plan"),
        Visit("young_people.plan_choice", "/my-space/plan/my-views"),
        Visit("young_people.who_can_see", "/my-space/who-can-see"),
        Visit("accounts.account", "/account", label="account-young-person"),
    ],
    # A broker: their families, a drop-in family, and the family that shared with them.
    "broker": [
        Visit("accounts.account", "/account", label="account-broker"),
        Visit("families.broker_families", "/family/broker"),
        Visit("families.drop_in", "/family/broker/new", send_empty=empty()),
        Visit("families.handover", "/family/broker/handover/{handover}"),
        # From here the broker acts for the Khan family (see _act_for).
        Visit("families.overview", "/family/", label="family-as-broker"),
        Visit("families.edit_child", "/family/children/{amira}", label="child-as-broker"),
        Visit("ras.child_budget", "/budget/children/{amira}", label="child-budget-as-broker"),
        Visit("ras.budget", "/budget/assessments/{confirmed}", label="budget-as-broker"),
        Visit("plans.index", "/plans/", label="plans-as-broker"),
        Visit("plans.overview", "/plans/{draft_plan}", label="plan-as-broker"),
        Visit(
            "plans.outcome",
            "/plans/{draft_plan}/outcomes/new",
            label="outcome-as-broker",
            send_empty=empty(),
        ),
    ],
    "officer": [
        Visit("accounts.account", "/account", label="account-officer"),
        Visit("accounts.new_recovery_codes", "/account/2-step-verification/recovery-codes"),
        # Staff may not turn it off: the refusal is a page of its own.
        Visit(
            "accounts.turn_off_second_factor", "/account/2-step-verification/turn-off", status=403
        ),
        Visit("families.find", "/family/officer/find", send_empty=empty()),
        Visit("families.find", "/family/officer/find?child_name=Amira", label="find-results"),
        Visit("families.officer_child", "/family/officer/children/{amira}"),
        Visit("ras.queue", "/budget/officer/"),
        Visit("ras.confirm", "/budget/officer/assessments/{submitted}"),
        Visit("ras.schemes", "/budget/officer/schemes"),
        Visit("ras.compare", "/budget/officer/schemes/compare"),
        Visit("plans.queue", "/plans/decisions"),
        Visit("plans.decide", "/plans/decisions/{submitted_version}"),
        Visit("plans.decide", "/plans/decisions/{approved_version}", label="decided"),
        Visit("backoffice.index", "/back-office/"),
        Visit("backoffice.feedback_list", "/back-office/feedback"),
        Visit("backoffice.respond", "/back-office/feedback/{feedback}", send_empty=empty()),
        Visit("backoffice.organisations", "/back-office/organisations"),
        Visit("backoffice.add_organisation", "/back-office/organisations/new", send_empty=empty()),
        Visit("backoffice.edit_organisation", "/back-office/organisations/{organisation}"),
        Visit(
            "backoffice.invite_provider",
            "/back-office/organisations/{organisation}/invite",
        ),
        Visit("backoffice.proposals", "/back-office/proposals"),
        Visit("backoffice.proposal", "/back-office/proposals/{proposal}"),
        Visit("backoffice.commissioning_report", "/back-office/reports/plans"),
        Visit("backoffice.services", "/back-office/services"),
        Visit("backoffice.service", "/back-office/services/{service}"),
        Visit("backoffice.add_service", "/back-office/services/new", send_empty=empty()),
        Visit("backoffice.edit_service", "/back-office/services/{service}/edit"),
        Visit(
            "backoffice.add_cost", "/back-office/services/{service}/costs/new", send_empty=empty()
        ),
        Visit("backoffice.edit_cost", "/back-office/services/{service}/costs/{cost}"),
        Visit("backoffice.remove_cost", "/back-office/services/{service}/costs/{cost}/remove"),
    ],
    "admin": [
        Visit("accounts.account", "/account", label="account-admin"),
        Visit("admin.index", "/admin/"),
        Visit("admin.audit", "/admin/audit"),
        Visit("admin.users", "/admin/users"),
        Visit("admin.user", "/admin/users/{parent_id}"),
        Visit("admin.new_user", "/admin/users/new", send_empty=empty()),
    ],
    # Not signed in: pages reached by a link in an email, a code or a token.
    "visitor": [
        Visit("provider.services", "/provider/{provider_token}"),
        Visit("provider.propose", "/provider/{provider_token}/services/{provider_service}"),
        Visit("provider.services", "/provider/not-a-token", status=404, label="provider-bad"),
        Visit("joining.claim", "/claim", send_empty=empty()),
        Visit("joining.invitation", "/invitations/not-a-token", status=404, label="invitation-bad"),
        Visit("joining.joined", "/invitations/joined"),
        Visit("accounts.confirm_email", "/confirm-email/not-a-token", status=404),
        Visit("accounts.reset_password_done", "/reset-password/done"),
        Visit("admin.set_password", "/set-password/not-a-token", status=404),
        Visit("admin.password_set", "/set-password/done"),
        Visit("privacy.closed", "/account/closed"),
    ],
}

# Pages seen on the way in, while signing in (see _sign_in).
SIGN_IN_PAGES = {
    "accounts.enter_code": "security code (and sent empty)",
    "accounts.enter_recovery_code": "recovery code",
    "accounts.set_up_at_sign_in": "setting up 2-step verification (brokers)",
    "accounts.new_recovery_codes": "recovery codes shown once set up",
}


# --- The data ---------------------------------------------------------------------------


def _client_post(client, path: str, data: dict | None = None):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **(data or {})})


def _user(app, role: str, password: str = PASSWORD, **fields: object) -> str:  # type: ignore[no-untyped-def]
    email = f"sweep-{role}-{uuid.uuid4().hex[:8]}@example.com"
    with app.app_context():
        db.session.add(
            User(email=email, password_hash=hash_password(password), role=role, **fields)
        )
        db.session.commit()
    return email


def _client(app, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    from tests.conftest import sign_in_with_second_factor

    with app.app_context():
        limiter.reset()
    client = app.test_client()
    response = sign_in_with_second_factor(client, email, password)
    assert response.status_code == 302
    return client


@pytest.fixture(scope="module")
def data(app, quokka) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from tests.test_backoffice import create_service, make_organisation
    from tests.test_drop_in import drop_in_answers
    from tests.test_invitations import (
        accept_with_new_account,
        add_child,
        born_years_ago,
        invite_young_person,
        link_sent_to,
        sign_in_with,
    )
    from tests.test_plans import ready_plan, send
    from tests.test_provider_proposals import propose
    from tests.test_ras_views import answer_everything, officer_form, start
    from tests.test_young_people import VIEWS, choose_sharing

    ids: dict[str, object] = {}
    the_ras = app.extensions.get(PROVIDER)
    app.extensions[PROVIDER] = lambda child: IndicativeBudget(
        {"social-care": 600_000, "education": 200_000, "health": 100_000}, "Test RAS 2026"
    )
    try:
        officer = _client(app, _user(app, "officer", approval_limit_pence=2_000_000))
        parent_email = _user(app, "parent")
        parent = _client(app, parent_email)
        _client_post(parent, "/family/")
        amira = add_child(app, parent, "Amira", born_years_ago(13))
        bilal = add_child(app, parent, "Bilal", born_years_ago(9))
        cara = add_child(app, parent, "Cara", born_years_ago(7))
        dan = add_child(app, parent, "Dan", born_years_ago(5))
        with app.app_context():
            ids["parent_id"] = db.session.scalar(select(User.id).where(User.email == parent_email))

        # Amira has her own account, has written her views and put them in her plan.
        young_email = f"sweep-young-{uuid.uuid4().hex[:8]}@example.com"
        assert invite_young_person(parent, amira, young_email).status_code == 302
        _c, response = accept_with_new_account(app, link_sent_to(app, young_email))
        assert response.status_code == 302
        young = sign_in_with(app, young_email)
        assert _client_post(young, "/my-space/my-views", VIEWS).status_code == 302
        assert _client_post(young, "/my-space/plan/my-views", {"in_plan": "yes"}).status_code == 302
        assert choose_sharing(young, "yes").status_code == 302

        # Assessments: Amira's confirmed, Bilal's sent, Cara's a draft.
        confirmed = start(parent, amira)
        answer_everything(parent, confirmed)
        assert _client_post(parent, f"/budget/assessments/{confirmed}/submit").status_code == 302
        assert (
            _client_post(
                officer, f"/budget/officer/assessments/{confirmed}", officer_form(confirmed)
            ).status_code
            == 302
        )
        submitted = start(parent, bilal)
        answer_everything(parent, submitted)
        assert _client_post(parent, f"/budget/assessments/{submitted}/submit").status_code == 302
        draft = start(parent, cara)

        # Plans: Amira's approved, reviewed and approved again (version 1 superseded);
        # Bilal's sent; Cara's returned; Dan's a draft.
        approved_plan = ready_plan(app, parent, amira)
        assert send(app, parent, approved_plan).status_code == 302

        def current(plan_id: int) -> int:
            with app.app_context():
                return db.session.get(SupportPlan, plan_id).current.id

        first = current(approved_plan)
        assert _client_post(officer, f"/plans/decisions/{first}/approve").status_code == 302
        assert _client_post(officer, f"/plans/decisions/{first}/active").status_code == 302
        assert _client_post(parent, f"/plans/{approved_plan}/review").status_code == 302
        assert send(app, parent, approved_plan).status_code == 302
        second = current(approved_plan)
        assert _client_post(officer, f"/plans/decisions/{second}/approve").status_code == 302

        submitted_plan = ready_plan(app, parent, bilal)
        assert send(app, parent, submitted_plan).status_code == 302
        returned_plan = ready_plan(app, parent, cara)
        assert send(app, parent, returned_plan).status_code == 302
        assert (
            _client_post(
                officer,
                f"/plans/decisions/{current(returned_plan)}/return",
                {"reasons": "Please say who the assistant is"},
            ).status_code
            == 302
        )
        draft_plan = ready_plan(app, parent, dan)
        with app.app_context():
            version = db.session.get(SupportPlan, draft_plan).current
            outcome, line = version.outcomes[0].id, version.lines[0].id

        # The back office: feedback, an organisation with a service, a provider's proposal.
        with app.app_context():
            feedback = Feedback(message="Longer opening hours please")
            db.session.add(feedback)
            db.session.commit()
            ids["feedback"] = feedback.id
        provider_email = f"sweep-provider-{uuid.uuid4().hex[:8]}@example.org"
        organisation = make_organisation(app, email=provider_email)
        service = create_service(officer, organisation)
        _client_post(
            officer,
            f"/back-office/services/{service}/costs/new",
            {"label": "Session", "unit": "session", "amount": "10"},
        )
        assert (
            _client_post(
                officer,
                f"/back-office/organisations/{organisation}/invite",
                {"email": provider_email},
            ).status_code
            == 302
        )
        with app.app_context():
            from portal.accounts.models import OutboxMessage

            message = db.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.to == provider_email)
                .order_by(OutboxMessage.id.desc())
            ).first()
            link = re.search(r"https?://[^/\s]+(/provider/\S+)", message.body).group(1)
            cost = db.session.scalar(select(CostOption.id).where(CostOption.service_id == service))
            # Published, so a plan can add it and the provider can propose a change.
            db.session.get(Service, service).status = "active"
            db.session.commit()
        assert (
            propose(
                app.test_client(), link, service, description="Now on Saturdays too"
            ).status_code
            == 302
        )
        with app.app_context():
            proposal = db.session.scalar(
                select(ServiceProposal.id).order_by(ServiceProposal.id.desc())
            )
    finally:
        app.extensions[PROVIDER] = the_ras

    ids.update(
        amira=amira,
        dan=dan,
        confirmed=confirmed,
        submitted=submitted,
        draft=draft,
        approved_plan=approved_plan,
        approved_version=second,
        submitted_plan=submitted_plan,
        submitted_version=current(submitted_plan),
        returned_plan=returned_plan,
        draft_plan=draft_plan,
        outcome=outcome,
        line=line,
        organisation=organisation,
        service=service,
        cost=cost,
        proposal=proposal,
        provider_token=link.rsplit("/", 1)[1],
        provider_service=service,
        family=_family_of(app, amira),
        quokka_service=quokka.assistants,
    )
    accounts = {"parent": parent_email, "young-person": young_email, "new-parent": None}
    ids["drop_in_answers"] = drop_in_answers
    return {"ids": ids, "accounts": accounts}


def _family_of(app, child_id: int) -> int:  # type: ignore[no-untyped-def]
    from portal.families.models import Child as ChildModel

    with app.app_context():
        return db.session.get(ChildModel, child_id).family_id


def _new_account(app, role: str, ids: dict[str, object]) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A fresh account for one browser context: (email, password)."""
    from portal.families.models import Consent

    if role == "officer":
        email = _user(app, "officer", approval_limit_pence=2_000_000)
        enrol_second_factor(app, email)
        return email, PASSWORD
    if role == "admin":
        # Not enrolled: signing in goes through setting up 2-step verification.
        return _user(app, "admin"), PASSWORD
    if role == "new-parent":
        return _user(app, "parent"), PASSWORD
    if role == "broker":
        email = _user(app, "broker")
        with app.app_context():
            broker = db.session.scalar(select(User).where(User.email == email))
            db.session.add(
                Consent(
                    family_id=ids["family"],
                    broker_id=broker.id,
                    access="edit",
                    expires_on=date.today() + timedelta(days=30),
                    granted_by_id=ids["parent_id"],
                )
            )
            db.session.commit()
        # The broker starts a family at a drop-in; its handover page is theirs alone.
        client = _client(app, email)
        token = csrf_token(client.get("/family/broker/new").get_data(as_text=True))
        response = client.post(
            "/family/broker/new",
            data={"csrf_token": token, **ids["drop_in_answers"]()},  # type: ignore[operator]
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        ids["handover"] = int(response.headers["Location"].rsplit("/", 1)[1])
        return email, PASSWORD
    raise AssertionError(role)


def _problems(page, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append("axe-core: " + json.dumps(violations, indent=2, ensure_ascii=False))
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow["scrollWidth"] > width:
        problems.append(f"scrolls sideways: {overflow['scrollWidth']}px; {overflow['wide']}")
    problems.extend("target size: " + problem for problem in page.evaluate(TARGET_SIZE_JS))
    return problems


class Sweep:
    """One browser context: one role, one width, one language."""

    def __init__(self, page, base: str, width: int) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.base = base
        self.width = width
        self.found: dict[str, list[str]] = {}
        self.checked: list[str] = []

    def check(self, name: str) -> None:
        self.checked.append(name)
        problems = _problems(self.page, self.width)
        if problems:
            self.found.setdefault(name, []).extend(problems)

    def send_empty(self, name: str, selector: str) -> None:
        button = self.page.locator(selector)
        if button.count() == 0:
            self.found.setdefault(name, []).append(f"no button {selector} to send the form")
            return
        with self.page.expect_navigation():
            button.last.click()
        if not self.page.locator(".govuk-error-summary").is_visible():
            self.found.setdefault(name, []).append("sent empty, but no error summary is shown")
        self.check(f"{name} (sent empty)")

    def visit(self, visit: Visit, ids: dict[str, object]) -> None:
        response = self.page.goto(self.base + visit.path.format(**ids))
        status = response.status if response is not None else None
        if status != visit.status:
            self.found.setdefault(visit.name, []).append(
                f"{self.page.url} answered {status}, not {visit.status}"
            )
            return
        self.check(visit.name)
        if visit.send_empty:
            self.send_empty(visit.name, visit.send_empty)


def _sign_in(sweep: Sweep, app, role: str, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page = sweep.page
    with app.app_context():
        limiter.reset()
    page.goto(sweep.base + "/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    if page.url.endswith("/sign-in/security-code"):
        # The pages on the way in, swept once each: the code page, with its errors, and
        # the recovery code page.
        sweep.check("accounts.enter_code")
        sweep.send_empty("accounts.enter_code", SUBMIT)
        page.goto(sweep.base + "/sign-in/recovery-code")
        sweep.check("accounts.enter_recovery_code")
        page.goto(sweep.base + "/sign-in/security-code")
        page.locator("#code").fill(second_factor_code(app, email))
        with page.expect_navigation():
            page.locator(SUBMIT).click()
    elif page.url.endswith("/sign-in/set-up-2-step-verification"):
        sweep.check("accounts.set_up_at_sign_in")
        secret = page.locator("#set-up-key").inner_text().replace(" ", "").strip()
        page.locator("#code").fill(pyotp.TOTP(secret).now())
        with page.expect_navigation():
            page.locator(SUBMIT).click()
        sweep.check("accounts.new_recovery_codes (set up at sign-in)")
        page.goto(sweep.base + "/account")
    assert page.url.endswith("/account"), f"{role} signed in: {page.url}"


def _act_for(sweep: Sweep, family_id: int) -> None:
    """The broker chooses the family to act for, with the button on their list."""
    page = sweep.page
    page.goto(sweep.base + "/family/broker")
    with page.expect_navigation():
        page.locator(f"form[action='/family/broker/act-for/{family_id}'] button").click()


ROLES = list(ROLE_PAGES)
TALLY: dict[str, int] = {}


@pytest.fixture(scope="module")
def tally(tmp_path_factory) -> object:  # type: ignore[no-untyped-def]
    yield TALLY
    parts = [key.split(" | ") for key in TALLY]
    distinct = {tuple(part[:2]) for part in parts}
    widths = {part[2] for part in parts}
    languages = {part[3] for part in parts}
    lines = [
        f"pages checked: {len(TALLY)} page views; {len(distinct)} distinct (role, page) "
        f"at {len(widths)} widths in {len(languages)} languages",
        "axe violations: none when every test passed (the failures list them otherwise)",
    ]
    report = Path(tmp_path_factory.getbasetemp()) / "every-page.txt"
    report.write_text("\n".join([*lines, *sorted(TALLY)]) + "\n")
    print("\n" + "\n".join(lines) + f"\nlist: {report}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_accessible(  # type: ignore[no-untyped-def]
    app, browser, live_server, data, tally, role: str, width: str, language: str
) -> None:
    ids = dict(data["ids"])
    viewport = WIDTHS[width]
    context = browser.new_context(viewport=viewport, bypass_csp=True, locale="en-GB")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "language", "value": language, "url": live_server}])
    sweep = Sweep(context.new_page(), live_server, viewport["width"])
    try:
        if role in ("parent", "young-person"):
            password = PASSWORD if role == "parent" else YOUNG_PASSWORD
            _sign_in(sweep, app, role, data["accounts"][role], password)
        elif role != "visitor":
            email, password = _new_account(app, role, ids)
            _sign_in(sweep, app, role, email, password)
        for visit in ROLE_PAGES[role]:
            if role == "broker" and visit.name == "family-as-broker":
                _act_for(sweep, ids["family"])  # type: ignore[arg-type]
            with app.app_context():
                limiter.reset()
            sweep.visit(visit, ids)
    finally:
        context.close()
    for name in sweep.checked:
        tally[f"{role} | {name} | {width} | {language}"] = 1
    print(f"{role} at {width} in {language}: {len(sweep.checked)} pages checked")
    assert not sweep.found, f"{role} at {width} in {language}:\n" + json.dumps(
        sweep.found, indent=2, ensure_ascii=False
    )
