"""Plans changed through the pages in random order. Lines and outcomes added, changed and
removed: the totals always equal the sum of the lines, worked out here independently, and
no line is ever left without an outcome. Statuses changed by families and officers: every
change is one the plan's path allows, and at most one version is in force."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from portal.extensions import db
from portal.plans import service
from portal.plans.models import SupportPlan
from tests.test_families import family_with_child, post
from tests.test_plans import OUTCOME, budget, lock, start_plan  # noqa: F401

WEEKS = {"week": 52, "term_time_week": 39, "month": 12, "year": 1, "once": 1}

quantities = st.decimals(min_value=Decimal("0.25"), max_value=Decimal(168), places=2)
unit_costs = st.integers(min_value=0, max_value=50_000)


def expected_cost(pence: int, quantity: Decimal, frequency: str) -> int:
    exact = Decimal(pence) * quantity * WEEKS[frequency]
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_totals_always_equal_the_lines_and_every_line_keeps_an_outcome(app, budget) -> None:  # noqa: F811
    class PlanEditing(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.client, child_id = family_with_child(app)
            self.plan_id = start_plan(app, self.client, child_id)
            # What the test believes: line key order → (pence, quantity, frequency).
            self.lines: list[tuple[int, Decimal, str]] = []

        def _plan(self) -> SupportPlan:
            return db.session.get(SupportPlan, self.plan_id)

        def _ids(self) -> tuple[list[int], list[int]]:
            with app.app_context():
                version = self._plan().current
                return [o.id for o in version.outcomes], [ln.id for ln in version.lines]

        @rule()
        def add_outcome(self) -> None:
            assert (
                post(self.client, f"/plans/{self.plan_id}/outcomes/new", OUTCOME).status_code == 302
            )

        @rule(
            pence=unit_costs,
            quantity=quantities,
            frequency=st.sampled_from(sorted(WEEKS)),
            picks=st.lists(st.integers(min_value=0, max_value=5), max_size=3),
        )
        def add_line(self, pence: int, quantity: Decimal, frequency: str, picks: list[int]) -> None:
            outcomes, _lines = self._ids()
            chosen = sorted({str(outcomes[i % len(outcomes)]) for i in picks}) if outcomes else []
            response = post(
                self.client,
                f"/plans/{self.plan_id}/support/new",
                {
                    "description": "Support",
                    "unit_cost": f"{pence // 100}.{pence % 100:02d}",
                    "unit": "hour",
                    "quantity": str(quantity),
                    "frequency": frequency,
                    "funding_stream": "social-care",
                    "outcomes": chosen,
                },
            )
            if chosen:
                assert response.status_code == 302
                self.lines.append((pence, quantity, frequency))
            else:
                assert response.status_code == 200

        @rule(index=st.integers(min_value=0, max_value=20), quantity=quantities)
        def change_quantity(self, index: int, quantity: Decimal) -> None:
            _outcomes, lines = self._ids()
            if not lines:
                return
            position = index % len(lines)
            with app.app_context():
                line = self._plan().current.lines[position]
                data = {
                    "description": line.description,
                    "unit_cost": f"{line.unit_cost_pence // 100}.{line.unit_cost_pence % 100:02d}",
                    "unit": line.unit,
                    "quantity": str(quantity),
                    "frequency": line.frequency,
                    "funding_stream": line.funding_stream,
                    "outcomes": [str(o.id) for o in line.outcomes],
                }
            data["lock_version"] = lock(app, self.plan_id)
            path = f"/plans/{self.plan_id}/support/{lines[position]}"
            assert post(self.client, path, data).status_code == 302
            pence, _old, frequency = self.lines[position]
            self.lines[position] = (pence, quantity, frequency)

        @rule(index=st.integers(min_value=0, max_value=20))
        def remove_line(self, index: int) -> None:
            _outcomes, lines = self._ids()
            if not lines:
                return
            position = index % len(lines)
            path = f"/plans/{self.plan_id}/support/{lines[position]}/remove"
            assert (
                post(self.client, path, {"lock_version": lock(app, self.plan_id)}).status_code
                == 302
            )
            del self.lines[position]

        @rule(index=st.integers(min_value=0, max_value=20))
        def remove_outcome(self, index: int) -> None:
            outcomes, _lines = self._ids()
            if not outcomes:
                return
            target = outcomes[index % len(outcomes)]
            with app.app_context():
                sole = any(
                    [o.id for o in ln.outcomes] == [target] for ln in self._plan().current.lines
                )
            path = f"/plans/{self.plan_id}/outcomes/{target}/remove"
            response = post(self.client, path, {"lock_version": lock(app, self.plan_id)})
            assert response.status_code == (400 if sole else 302)

        @invariant()
        def totals_equal_the_lines(self) -> None:
            with app.app_context():
                version = self._plan().current
                totals = service.totals(version)
                expected = sum(expected_cost(*line) for line in self.lines)
                assert totals.planned_total == expected
                assert len(version.lines) == len(self.lines)
                assert all(line.outcomes for line in version.lines)

    run_state_machine_as_test(
        PlanEditing,
        settings=settings(
            max_examples=8,
            stateful_step_count=8,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_status_changes_in_any_order_keep_to_the_plans_path(app, budget) -> None:  # noqa: F811
    """Families sending and reviewing, officers approving, returning and marking support
    started, and reviews coming due, in random order: every status change recorded is one
    the rules allow, a refused step changes nothing and says so (409), and at most one
    version is in force, every earlier one having been superseded."""
    from datetime import date, timedelta

    from portal.plans import rules
    from tests.test_plans import make_officer, ready_plan, send, sign_in_staff

    officer = sign_in_staff(app, make_officer(app))

    class PlanStatuses(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.parent, child_id = family_with_child(app)
            self.plan_id = ready_plan(app, self.parent, child_id)

        def _current(self) -> tuple[int, str]:
            with app.app_context():
                version = db.session.get(SupportPlan, self.plan_id).current
                return version.id, version.status

        def _officer(self, action: str, data: dict[str, str] | None = None) -> None:
            version_id, status = self._current()
            response = post(officer, f"/plans/decisions/{version_id}/{action}", data or {})
            if status == "draft":
                assert response.status_code == 404
            else:
                assert response.status_code in (302, 409), (action, status)
                if response.status_code == 409:
                    assert "Nothing was changed." in response.get_data(as_text=True)
                    assert self._current()[1] == status

        @rule()
        def family_sends(self) -> None:
            _id, status = self._current()
            response = send(app, self.parent, self.plan_id)
            if status in ("draft", "returned"):
                assert response.headers["Location"] == f"/plans/{self.plan_id}/sent"
                assert self._current()[1] == "submitted"

        @rule()
        def officer_approves(self) -> None:
            self._officer("approve")

        @rule()
        def officer_returns(self) -> None:
            self._officer("return", {"reasons": "Please add detail"})

        @rule()
        def officer_marks_started(self) -> None:
            self._officer("active")

        @rule()
        def family_starts_a_review(self) -> None:
            _id, status = self._current()
            response = post(self.parent, f"/plans/{self.plan_id}/review")
            assert response.status_code in (302, 409)
            if status in rules.IN_FORCE:
                assert self._current()[1] == "draft"

        @rule()
        def reviews_come_due(self) -> None:
            from portal.plans.service import mark_reviews_due

            with app.app_context():
                mark_reviews_due(date.today() + timedelta(days=800))
                db.session.commit()

        @invariant()
        def every_change_is_on_the_path_and_one_version_is_in_force(self) -> None:
            with app.app_context():
                plan = db.session.get(SupportPlan, self.plan_id)
                for version in plan.versions:
                    for change in version.history:
                        if change.from_status is not None and change.note != "panel":
                            assert rules.can_move(change.from_status, change.to_status), (
                                change.from_status,
                                change.to_status,
                            )
                    if version is not plan.current:
                        assert version.status in (*rules.IN_FORCE, "superseded")
                in_force = [v for v in plan.versions if v.status in rules.IN_FORCE]
                assert len(in_force) <= 1

    run_state_machine_as_test(
        PlanStatuses,
        settings=settings(
            max_examples=5,
            stateful_step_count=10,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
