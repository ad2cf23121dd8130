"""The rules behind invitations, claim codes and young people's own records."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from portal.families.invitation_rules import (
    CLAIM_CODE_ALPHABET,
    digest,
    invitation_is_open,
    new_claim_code,
    new_link_token,
    normalise_claim_code,
    show_claim_code,
)
from portal.families.rules import (
    can_have_own_account,
    holds_own_record,
    read_agreement_date,
    views_visible_to,
)

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
TODAY = date(2026, 12, 5)


def test_claim_codes_are_eight_characters_nobody_can_misread() -> None:
    codes = {new_claim_code() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(CLAIM_CODE_ALPHABET)
    assert not set("0O1IL2Z5S8BU") & set(CLAIM_CODE_ALPHABET)


def test_a_claim_code_is_shown_in_two_halves() -> None:
    assert show_claim_code("ACDE3467") == "ACDE-3467"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ACDE-3467", "ACDE3467"),
        ("acde3467", "ACDE3467"),
        ("  acde 3467 ", "ACDE3467"),
        ("AC DE–34 67", "ACDE3467"),
        ("ACDE-346", None),
        ("ACDE-34677", None),
        ("ACDE-3460", None),
        ("OCDE-3467", None),
        ("ICDE-3467", None),
        ("", None),
        ("ACDÉ-3467", None),
    ],
)
def test_a_claim_code_is_read_however_it_is_typed_and_nonsense_is_refused(typed, expected) -> None:
    assert normalise_claim_code(typed) == expected


def test_a_generated_code_survives_being_shown_and_typed_back_in_lower_case() -> None:
    code = new_claim_code()
    assert normalise_claim_code(show_claim_code(code).lower()) == code


def test_hashes_are_keyed_and_depend_on_what_they_are_for() -> None:
    assert digest("key", "claim-code", "ACDE3467") == digest(b"key", "claim-code", "ACDE3467")
    assert digest("key", "claim-code", "ACDE3467") != digest("other", "claim-code", "ACDE3467")
    assert digest("key", "claim-code", "ACDE3467") != digest("key", "invitation-link", "ACDE3467")
    assert len(digest("key", "x", "y")) == 64


def test_link_tokens_are_long_and_random() -> None:
    assert len(new_link_token()) >= 40
    assert new_link_token() != new_link_token()


def test_an_invitation_is_open_once_until_it_expires_or_is_cancelled() -> None:
    later = NOW + timedelta(days=14)
    assert invitation_is_open(None, None, later, NOW)
    assert not invitation_is_open(None, None, NOW, NOW)
    assert not invitation_is_open(None, None, NOW - timedelta(seconds=1), NOW)
    assert not invitation_is_open(NOW, None, later, NOW)
    assert not invitation_is_open(None, NOW, later, NOW)


def test_a_time_read_back_from_sqlite_without_its_zone_counts_as_utc() -> None:
    naive_later = (NOW + timedelta(hours=1)).replace(tzinfo=None)
    naive_earlier = (NOW - timedelta(hours=1)).replace(tzinfo=None)
    assert invitation_is_open(None, None, naive_later, NOW)
    assert not invitation_is_open(None, None, naive_earlier, NOW)


def test_a_young_person_holds_their_own_record_from_their_sixteenth_birthday() -> None:
    assert holds_own_record(date(2010, 12, 5), TODAY)
    assert not holds_own_record(date(2010, 12, 6), TODAY)
    assert holds_own_record(date(2001, 1, 1), TODAY)


def test_a_young_person_can_have_their_own_account_from_eleven() -> None:
    assert can_have_own_account(date(2015, 12, 5), TODAY)
    assert not can_have_own_account(date(2015, 12, 6), TODAY)


UNDER_16 = date(2013, 6, 1)
OVER_16 = date(2009, 6, 1)


@pytest.mark.parametrize(
    ("viewer", "born", "family", "broker", "sees"),
    [
        ("family", UNDER_16, False, False, False),
        ("family", UNDER_16, True, False, True),
        ("broker", UNDER_16, False, False, False),
        # Under 16, a broker sees what the family sees; a stray broker answer counts for nothing.
        ("broker", UNDER_16, True, False, True),
        ("broker", UNDER_16, False, True, False),
        ("family", OVER_16, False, True, False),
        ("family", OVER_16, True, False, True),
        ("broker", OVER_16, True, False, False),
        ("broker", OVER_16, False, True, True),
        ("officer", OVER_16, True, True, False),
    ],
)
def test_who_sees_a_young_persons_views(viewer, born, family, broker, sees) -> None:
    assert views_visible_to(viewer, born, TODAY, family, broker) is sees


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("5", "12", "2026"), (date(2026, 12, 5), None)),
        (("7", "11", "2026"), (date(2026, 11, 7), None)),
        (("6", "11", "2026"), (None, "too_long_ago")),
        (("6", "12", "2026"), (None, "in_future")),
        (("", "", ""), (None, "missing")),
        (("31", "11", "2026"), (None, "not_real")),
    ],
)
def test_reading_the_day_a_parent_agreed_in_person(parts, expected) -> None:
    assert read_agreement_date(*parts, today=TODAY) == expected
