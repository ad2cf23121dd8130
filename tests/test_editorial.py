"""The directory's editorial rules: publishing, checking on time, keeping price history;
and the back office's own rules for its lists and provider links."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from local_offer.editorial import (
    amount_changed,
    can_move,
    check_cutoff,
    is_overdue,
    latest_price_changes,
    months_before,
    next_states,
    note_cost_change,
)
from local_offer.models import CostChange, CostOption, Service
from portal.backoffice.rules import (
    hash_link_token,
    like_pattern,
    link_is_open,
    new_link_token,
    proposal_differences,
    read_service_list_filters,
    same_hash,
)

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("draft", "published", True),
        ("published", "archived", True),
        ("archived", "draft", True),
        ("published", "draft", True),
        ("draft", "archived", True),
        ("archived", "published", False),
        ("draft", "draft", False),
        ("published", "published", False),
        ("published", "deleted", False),
        ("nonsense", "published", False),
    ],
)
def test_editorial_state_moves_from_draft_to_published_to_archived_and_back_to_draft(
    current, target, allowed
) -> None:
    assert can_move(current, target) is allowed


def test_an_archived_service_goes_back_through_draft_before_it_is_published_again() -> None:
    assert next_states("archived") == ("draft",)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 5), 12, date(2025, 12, 5)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2028, 3, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
        (date(2026, 1, 15), 25, date(2023, 12, 15)),
    ],
)
def test_months_before_keeps_the_day_or_uses_the_shorter_months_last_day(
    day, months, expected
) -> None:
    assert months_before(day, months) == expected


def test_a_service_is_overdue_when_last_checked_before_the_cutoff_or_never() -> None:
    assert check_cutoff(TODAY, 12) == date(2025, 12, 5)
    assert is_overdue(None, TODAY, 12)
    assert is_overdue(date(2025, 12, 4), TODAY, 12)
    assert not is_overdue(date(2025, 12, 5), TODAY, 12)
    assert not is_overdue(TODAY, TODAY, 12)
    assert is_overdue(date(2026, 6, 4), TODAY, 6)


def test_only_a_change_of_amount_is_price_history() -> None:
    assert amount_changed(None, 1200)
    assert amount_changed(1200, None)
    assert amount_changed(1200, 1250)
    assert not amount_changed(1200, 1200)


def _service_with_option(amount: int) -> tuple[Service, CostOption]:
    option = CostOption(id=7, label="Session", unit="session", amount_pence=amount)
    service = Service(name="Quokka club", cost_options=[option], cost_changes=[])
    return service, option


def test_a_changed_amount_is_noted_with_the_previous_value_date_and_who() -> None:
    service, option = _service_with_option(1200)
    when = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    change = note_cost_change(
        service,
        option,
        label=option.label,
        unit=option.unit,
        previous_pence=1200,
        new_pence=1500,
        changed_by="officer@example.com",
        changed_at=when,
    )
    assert change is not None
    assert service.cost_changes == [change]
    assert (change.previous_pence, change.new_pence, change.changed_by, change.changed_at) == (
        1200,
        1500,
        "officer@example.com",
        when,
    )


def test_saving_the_same_amount_adds_no_history() -> None:
    service, option = _service_with_option(1200)
    change = note_cost_change(
        service,
        option,
        label="New label",
        unit="session",
        previous_pence=1200,
        new_pence=1200,
        changed_by="officer@example.com",
        changed_at=datetime(2026, 12, 5, tzinfo=UTC),
    )
    assert change is None
    assert service.cost_changes == []


def _change(option_id, previous, new, day, change_id):  # type: ignore[no-untyped-def]
    return CostChange(
        id=change_id,
        cost_option_id=option_id,
        unit="session",
        previous_pence=previous,
        new_pence=new,
        changed_at=datetime.combine(day, datetime.min.time()),
    )


def test_the_latest_reprice_of_each_option_is_what_families_are_told() -> None:
    changes = [
        _change(7, None, 1000, date(2025, 1, 1), 1),
        _change(7, 1000, 1200, date(2025, 6, 1), 2),
        _change(7, 1200, 1500, date(2026, 11, 1), 3),
        _change(8, None, 500, date(2026, 11, 2), 4),
        _change(None, 900, None, date(2026, 11, 3), 5),
    ]
    latest = latest_price_changes(reversed(changes))
    assert set(latest) == {7}
    assert latest[7].previous_pence == 1200
    assert latest[7].changed_on == date(2026, 11, 1)


def test_a_link_token_is_kept_only_as_its_hash() -> None:
    token = new_link_token()
    stored = hash_link_token(token)
    assert token not in stored and len(stored) == 64
    assert same_hash(stored, token)
    assert not same_hash(stored, token + "x")


def test_a_provider_link_works_until_it_expires_or_is_withdrawn() -> None:
    now = datetime(2026, 12, 5, 12, tzinfo=UTC)
    assert link_is_open(now + timedelta(days=1), None, now)
    assert not link_is_open(now - timedelta(seconds=1), None, now)
    assert not link_is_open(now + timedelta(days=1), now, now)
    # SQLite returns the moment without its zone.
    assert link_is_open((now + timedelta(hours=1)).replace(tzinfo=None), None, now)


def test_service_list_filters_ignore_what_they_do_not_know() -> None:
    filters = read_service_list_filters(
        {"state": "deleted", "category": "nope", "overdue": "maybe", "page": "99999999999"},
        {"short-breaks"},
    )
    assert (filters.editorial_state, filters.category, filters.overdue_only, filters.page) == (
        None,
        None,
        False,
        1,
    )
    filters = read_service_list_filters(
        {"state": "draft", "category": "short-breaks", "overdue": "yes", "name": "  Swim   club "},
        {"short-breaks"},
    )
    assert filters.as_args() == {
        "name": "Swim club",
        "state": "draft",
        "category": "short-breaks",
        "overdue": "yes",
    }


def test_a_name_search_treats_like_wildcards_as_text() -> None:
    assert like_pattern("50%_off\\") == "%50\\%\\_off\\\\%"


def test_a_proposal_differs_only_where_the_provider_changed_something() -> None:
    current = {"name": "Swim club", "email": None, "cost:7": 1200}
    proposed = {"name": "Swim club", "email": "", "cost:7": 1500, "summary": "New"}
    differences = proposal_differences(current, proposed)
    assert [(d.field, d.current, d.proposed) for d in differences] == [
        ("cost:7", 1200, 1500),
        ("summary", None, "New"),
    ]
