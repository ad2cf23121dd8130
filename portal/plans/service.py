"""What happens to a plan: made, changed, sent, decided, reviewed. Views call these; the
money and the rules come from rules.py, so these only move data between the database and
the rules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from local_offer.models import utcnow

from ..accounts.models import User
from ..extensions import db
from ..families.models import Child, FamilyMember
from . import rules, voice
from .budget import indicative_budget
from .models import Outcome, PlanLine, PlanVersion, StatusChange, SupportPlan

FLAGS = (
    "is_personal_assistant",
    "on_school_premises",
    "is_school_place",
    "pays_close_relative_in_household",
    "safety_checks_confirmed",
    "setting_agreed",
    "council_agreed_close_relative",
)


class StaleVersion(Exception):
    """The form was loaded from an older state of the plan than the one saved now."""


def school_weeks() -> int:
    return int(current_app.config.get("PLAN_SCHOOL_WEEKS", rules.SCHOOL_WEEKS))


def as_rule_line(line: PlanLine) -> rules.PlanLine:
    return rules.PlanLine(
        key=line.key,
        description=line.description,
        unit_cost_pence=line.unit_cost_pence,
        quantity=Decimal(line.quantity),
        frequency=rules.Frequency(line.frequency),
        funding_stream=line.funding_stream,
        management=rules.Management(line.management) if line.management else None,
        outcome_keys=frozenset(outcome.key for outcome in line.outcomes),
        local_offer_unit_cost_pence=line.local_offer_unit_cost_pence,
        price_reason=line.price_reason,
        council_commissioned=line.council_commissioned,
        broker_name=line.broker_name,
        **{flag: getattr(line, flag) for flag in FLAGS},
    )


def annual_cost(line: PlanLine) -> int:
    return as_rule_line(line).annual_cost(school_weeks())


def terms(version: PlanVersion) -> rules.DirectPaymentTerms:
    return rules.DirectPaymentTerms(
        recipient_consents=version.dp_recipient_consents,
        agreement_accepted=version.dp_agreement_accepted,
        nhs_agreed_health_plan=version.dp_nhs_agreed,
    )


def totals(version: PlanVersion) -> rules.Totals:
    return rules.plan_totals(
        [as_rule_line(line) for line in version.lines], version.budget or {}, school_weeks()
    )


def line_problems(version: PlanVersion) -> dict[str, list[str]]:
    """Problem codes per line key."""
    agreed = terms(version)
    return {
        line.key: [p.code for p in rules.line_problems(as_rule_line(line), agreed)]
        for line in version.lines
    }


def submission_problems(version: PlanVersion) -> list[rules.Problem]:
    plan = rules.PlanForSubmission(
        lines=[as_rule_line(line) for line in version.lines],
        outcome_keys=frozenset(outcome.key for outcome in version.outcomes),
        terms=terms(version),
        over_budget_justification=version.over_budget_justification,
        contingency=version.contingency,
        has_budget=version.budget is not None,
    )
    return rules.submission_problems(plan, version.budget or {}, school_weeks())


class NotAllowed(Exception):
    """A status change the plan's rules do not allow from where the version is now."""


def _log(version: PlanVersion, to_status: str, by: User | None, note: str = "") -> None:
    previous = version.status if version.history else None
    if previous is not None and not rules.can_move(previous, to_status):
        raise NotAllowed(f"{previous} -> {to_status}")
    version.history.append(
        StatusChange(
            from_status=previous,
            to_status=to_status,
            changed_by_id=by.id if by else None,
            note=note,
        )
    )
    version.status = to_status


def plan_for(child: Child) -> SupportPlan | None:
    return db.session.scalar(select(SupportPlan).where(SupportPlan.child_id == child.id))


def newest_sent(plan: SupportPlan) -> PlanVersion | None:
    """The newest version the family has sent (submitted, or decided since); None while
    every version is still theirs to work on. A version being written, or returned to be
    changed, is work in progress that only the family reads."""
    sent = [version for version in plan.versions if not version.editable]
    return sent[-1] if sent else None


def start_plan(child: Child, by: User) -> SupportPlan:
    plan = plan_for(child)
    if plan is not None:
        return plan
    plan = SupportPlan(child=child)
    version = PlanVersion(number=1, status="draft")
    plan.versions.append(version)
    take_budget(version, child)
    version.history.append(StatusChange(to_status="draft", changed_by_id=by.id))
    db.session.add(plan)
    db.session.flush()
    return plan


def take_budget(version: PlanVersion, child: Child) -> None:
    """The budget is copied onto the version, so a later recalculation never changes a
    plan already sent or approved. A draft without one takes it once it exists."""
    if version.budget_json is None and version.editable:
        budget = indicative_budget(child)
        if budget is not None:
            version.budget_json = budget.to_json()


def check_lock(version: PlanVersion, seen: object) -> None:
    if str(seen) != str(version.lock_version):
        raise StaleVersion


def touch(version: PlanVersion) -> None:
    """A change to an outcome or a line changes the version too, so its lock moves on."""
    version.updated_at = utcnow()
    take_budget(version, version.plan.child)


def submit(version: PlanVersion, by: User, now: datetime) -> bool:
    """Sends the version; False when it was already sent (a second press of the button)."""
    if not version.editable:
        return False
    _log(version, "submitted", by)
    version.young_person_views_json = voice.words_to_send(version.plan.child)
    version.submitted_at = now
    version.submitted_by_id = by.id
    version.decision_route = None
    return True


def send_to_panel(version: PlanVersion, by: User) -> None:
    version.decision_route = rules.Route.PANEL.value
    version.history.append(
        StatusChange(
            from_status=version.status, to_status=version.status, changed_by_id=by.id, note="panel"
        )
    )


def decide(
    version: PlanVersion, by: User, approve: bool, reasons: str, now: datetime
) -> list[PlanVersion]:
    """Approves or returns the version; on approval, returns the earlier versions it
    replaces, now superseded."""
    _log(version, "approved" if approve else "returned", by, reasons)
    version.decided_at = now
    version.decided_by_id = by.id
    version.decision_reasons = reasons
    if approve:
        version.review_due_on = rules.review_due_on(
            now.date(),
            _starts_direct_payment(version),
            int(
                current_app.config.get(
                    "PLAN_FIRST_REVIEW_MONTHS", rules.FIRST_DIRECT_PAYMENT_REVIEW_MONTHS
                )
            ),
            int(current_app.config.get("PLAN_REVIEW_MONTHS", rules.REVIEW_MONTHS)),
        )
        return supersede_earlier(version, by)
    return []


def supersede_earlier(version: PlanVersion, by: User | None) -> list[PlanVersion]:
    plan = version.plan
    replaced = set(
        rules.replaced_by_approval({v.number: v.status for v in plan.versions}, version.number)
    )
    earlier = [v for v in plan.versions if v.number in replaced]
    for old in earlier:
        # The note names the version that replaced it, for the history shown on the page.
        _log(old, "superseded", by, str(version.number))
    return earlier


def supersede_left_in_force() -> list[PlanVersion]:
    """Earlier versions still in force beside a newer approved one. The release before
    superseding existed approved reviews without it, so while both releases serve (a
    rolling deploy) a plan can be left with two versions in force; the daily job puts
    that right."""
    plan_ids = db.session.scalars(
        select(PlanVersion.plan_id)
        .where(PlanVersion.status.in_(rules.IN_FORCE))
        .group_by(PlanVersion.plan_id)
        .having(func.count() > 1)
    ).all()
    replaced: list[PlanVersion] = []
    for plan_id in plan_ids:
        in_force = db.session.scalars(
            select(PlanVersion).where(
                PlanVersion.plan_id == plan_id, PlanVersion.status.in_(rules.IN_FORCE)
            )
        ).all()
        newest = max(in_force, key=lambda version: version.number)
        replaced += supersede_earlier(newest, None)
    return replaced


def _has_direct_payment(version: PlanVersion) -> bool:
    return any(line.management == rules.Management.DIRECT_PAYMENT for line in version.lines)


def _starts_direct_payment(version: PlanVersion) -> bool:
    earlier = [
        v
        for v in version.plan.versions
        if v.number < version.number and v.status in (*rules.IN_FORCE, "superseded")
    ]
    return _has_direct_payment(version) and not any(_has_direct_payment(v) for v in earlier)


def mark_active(version: PlanVersion, by: User) -> None:
    _log(version, "active", by)


def mark_reviews_due(today: date) -> list[PlanVersion]:
    """Approved and active plans whose review day has come."""
    due = list(
        db.session.scalars(
            select(PlanVersion).where(
                PlanVersion.status.in_(("approved", "active")),
                PlanVersion.review_due_on <= today,
            )
        )
    )
    # A review already under way has made a newer version; only the latest is marked.
    due = [version for version in due if version.plan.current is version]
    for version in due:
        _log(version, "review_due", None)
    return due


def officer_route(version: PlanVersion, officer: User) -> rules.Route:
    return rules.decision_route(totals(version), officer.approval_limit_pence)


def family_members(version: PlanVersion) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(FamilyMember, FamilyMember.user_id == User.id)
            .where(FamilyMember.family_id == version.plan.child.family_id)
        )
    )


def family_emails(version: PlanVersion) -> list[str]:
    return [member.email for member in family_members(version)]


def start_review(plan: SupportPlan, by: User) -> PlanVersion:
    """A new draft copied from the approved or active version; outcomes and lines keep
    their keys, so the review can say what changed."""
    old = plan.current
    new = PlanVersion(number=old.number + 1, status="draft", budget_json=old.budget_json)
    for name in (
        "about_liked",
        "about_important",
        "about_support",
        "risks",
        "contingency",
        "who_to_call",
        "dp_recipient_consents",
        "dp_agreement_accepted",
        "dp_nhs_agreed",
    ):
        setattr(new, name, getattr(old, name))
    outcomes: dict[int, Outcome] = {}
    for outcome in old.outcomes:
        outcomes[outcome.id] = Outcome(
            key=outcome.key,
            area=outcome.area,
            what_different=outcome.what_different,
            how_we_know=outcome.how_we_know,
            by_when=outcome.by_when,
        )
        new.outcomes.append(outcomes[outcome.id])
    for line in old.lines:
        # Whether the council releases a line's money is decided for each version: the
        # copy starts undecided, and the decision page shows the officer what was decided
        # before (kept_in_earlier_version).
        copy = PlanLine(**line_values(line))
        copy.outcomes = [outcomes[o.id] for o in line.outcomes]
        new.lines.append(copy)
    new.history.append(StatusChange(to_status="draft", changed_by_id=by.id, note="review"))
    plan.versions.append(new)
    db.session.flush()
    return new


LINE_COLUMNS = (
    "key",
    "service_id",
    "cost_option_id",
    "local_offer_unit_cost_pence",
    "description",
    "provider",
    "unit_cost_pence",
    "unit",
    "quantity",
    "frequency",
    "funding_stream",
    "management",
    "price_reason",
    "broker_name",
    "council_commissioned",
    *FLAGS,
)


def line_values(line: PlanLine) -> dict[str, Any]:
    return {name: getattr(line, name) for name in LINE_COLUMNS}


def audit_view(version: PlanVersion) -> dict[str, Any]:
    """What the audit trail keeps of a version before and after a change."""
    return {
        "status": version.status,
        "about": [version.about_liked, version.about_important, version.about_support],
        "safety": [version.risks, version.contingency, version.who_to_call],
        "justification": version.over_budget_justification,
        "terms": [
            version.dp_recipient_consents,
            version.dp_agreement_accepted,
            version.dp_nhs_agreed,
        ],
        "outcomes": [
            [o.key, o.area, o.what_different, o.how_we_know, o.by_when] for o in version.outcomes
        ],
        "lines": [
            {
                **line_values(line),
                "outcomes": [o.key for o in line.outcomes],
                "money_not_released": line.money_not_released,
                "not_released_reason": line.not_released_reason,
            }
            for line in version.lines
        ],
    }


def kept_in_earlier_version(earlier: PlanVersion) -> dict[str, tuple[int, str]]:
    """The lines (by key) whose money the council kept in a block contract in an earlier
    version, with that version's number and the reason given."""
    return {
        line.key: (earlier.number, line.not_released_reason)
        for line in earlier.lines
        if line.money_not_released
    }


def money_release_view(line: PlanLine) -> dict[str, Any]:
    return {
        "line": line.key,
        "money_not_released": line.money_not_released,
        "not_released_reason": line.not_released_reason,
    }


def decline_release(line: PlanLine, reason: str) -> None:
    line.money_not_released = True
    line.not_released_reason = reason
    # A change to a line is a change to its version: the version's lock moves on, so an
    # officer deciding the plan at the same moment makes this one fail (StaleDataError),
    # never leaves the mark on a plan already approved.
    touch(line.version)


def release(line: PlanLine) -> None:
    line.money_not_released = False
    line.not_released_reason = ""
    touch(line.version)
