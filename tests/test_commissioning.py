"""The commissioners' report's figures, worked out by hand: which version of a plan
counts on a day, how a proposed line is placed in a category by its words, and how small
groups are hidden so no family can be picked out."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.backoffice.commissioning import (
    AGREED,
    CATEGORY_WORDS,
    Group,
    ReportLine,
    build_report,
    category_from_words,
    counted_version,
    read_month,
    rounded,
    status_as_at,
    suppress,
)


def at(day: int, month: int = 1) -> datetime:
    return datetime(2027, month, day, 12, tzinfo=UTC)


def test_a_versions_status_on_a_day_is_the_last_change_before_then() -> None:
    changes = [(at(3), "submitted"), (at(1), "draft"), (at(5), "approved")]
    assert status_as_at(changes, at(2)) == "draft"
    assert status_as_at(changes, at(4)) == "submitted"
    assert status_as_at(changes, at(5)) == "approved"
    assert status_as_at(changes, at(1, month=1).replace(hour=0)) is None


def test_a_plan_under_review_counts_at_its_agreed_version_until_the_new_one_is_agreed() -> None:
    versions = {
        1: [(at(1), "draft"), (at(2), "submitted"), (at(3), "approved"), (at(4), "active")],
        2: [(at(10), "draft"), (at(11), "submitted"), (at(12), "approved")],
    }
    assert counted_version(versions, at(2), AGREED) is None
    assert counted_version(versions, at(3), AGREED) == 1
    assert counted_version(versions, at(11), AGREED) == 1
    assert counted_version(versions, at(11), AGREED + ("submitted",)) == 2
    assert counted_version(versions, at(12), AGREED) == 2


def test_a_proposed_line_is_placed_in_a_category_by_whole_words() -> None:
    assert category_from_words("Horse riding lessons", CATEGORY_WORDS) == "clubs-and-activities"
    assert category_from_words("Maths TUTOR, weekly", CATEGORY_WORDS) == "education-support"
    assert category_from_words("iPad for communication", CATEGORY_WORDS) == "equipment"
    assert category_from_words("A PA for days out", CATEGORY_WORDS) == "personal-assistants"
    # "pa" inside "pasta" is not the word "PA".
    assert category_from_words("Pasta cooking", CATEGORY_WORDS) == "other"
    assert category_from_words("", CATEGORY_WORDS) == "other"


def line(plan_id: int, pence: int, stream: str, management: str | None, **rest) -> ReportLine:
    return ReportLine(
        plan_id=plan_id,
        annual_cost_pence=pence,
        funding_stream=stream,
        management=management,
        service_category=rest.get("category"),
        from_local_offer=rest.get("category") is not None,
        description=rest.get("description", ""),
    )


def six_plans() -> list[ReportLine]:
    """Six plans: each a £1,000 short break by direct payment; plans 1–5 also £500 of
    therapy in a council account; plan 6 also an iPad it proposed, £2,000 of health
    money arranged by the council (notional)."""
    lines = [
        line(p, 100_000, "social-care", "direct_payment", category="short-breaks")
        for p in range(1, 7)
    ]
    lines += [
        line(p, 50_000, "education", "managed_by_council", category="therapies")
        for p in range(1, 6)
    ]
    lines.append(line(6, 200_000, "health", "notional", description="iPad for Amira at Oak School"))
    return lines


def shown(table) -> dict[str, tuple[int, int, int] | str]:
    return {
        g.key: "fewer than 5" if g.suppressed else (g.plans, g.lines, g.annual_cost_pence)
        for g in table.groups
    }


def test_spend_by_stream_category_and_management_with_small_groups_hidden() -> None:
    report = build_report(six_plans())
    # 6 × £1,000 + 5 × £500 + £2,000 = £10,500 in 12 lines of 6 plans.
    assert (report.totals.plans, report.totals.lines, report.totals.annual_cost_pence) == (
        6,
        12,
        1_050_000,
    )
    # Health is one plan; hiding it alone would leave £10,500 − £6,000 − £2,500 = £2,000
    # to be worked out, so the next smallest (education, 5 plans) is hidden with it.
    assert shown(report.by_stream) == {
        "social-care": (6, 6, 600_000),
        "education": "fewer than 5",
        "health": "fewer than 5",
    }
    assert shown(report.by_category) == {
        "short-breaks": (6, 6, 600_000),
        "therapies": "fewer than 5",
        "equipment": "fewer than 5",
    }
    assert shown(report.by_management) == {
        "direct_payment": (6, 6, 600_000),
        "managed_by_council": "fewer than 5",
        "notional": "fewer than 5",
    }
    # One plan proposed anything outside the Local Offer: that table shows nothing at all.
    assert report.proposed_by_category.suppressed
    assert report.proposed_by_category.groups == ()


def test_proposed_lines_are_counted_and_totalled_by_category_without_their_words() -> None:
    lines = six_plans()
    # Every plan proposes swimming lessons, £312 a year (plan 5 twice as many: £624), and
    # plans 1–5 a tutor at £400 a year.
    lines += [
        line(
            p,
            31_200 * (2 if p == 5 else 1),
            "social-care",
            "direct_payment",
            description=f"Swimming lessons at Riverside with Coach Sam ({p})",
        )
        for p in range(1, 7)
    ]
    lines += [
        line(p, 40_000, "education", "direct_payment", description="Maths tutor")
        for p in range(1, 6)
    ]
    report = build_report(lines)
    # 5 × £312 + £624 = £2,184 from 6 plans, shown as £2,200. The iPad (one plan) is
    # hidden, and with it the tutors, the next smallest group, so the iPad's cost cannot be
    # had by subtraction.
    assert shown(report.proposed_by_category) == {
        "clubs-and-activities": (6, 6, 220_000),
        "education-support": "fewer than 5",
        "equipment": "fewer than 5",
    }
    # £2,184 + £2,000 + £2,000 = £6,184, to the nearest £100.
    assert report.proposed_by_category.annual_cost_pence == 620_000
    assert "Riverside" not in repr(report) and "Oak School" not in repr(report)


def test_fewer_than_five_plans_in_all_shows_no_figures_at_all() -> None:
    lines = [
        line(p, 100_000, "social-care", "direct_payment", category="short-breaks")
        for p in range(1, 5)
    ]
    report = build_report(lines)
    assert report.totals.suppressed and report.by_stream.suppressed
    assert report.totals.annual_cost_pence == 0 and report.by_stream.groups == ()
    empty = build_report([])
    assert not empty.totals.suppressed and empty.totals.plans == 0


def test_two_small_groups_hide_each_other_and_nothing_else() -> None:
    groups = [Group("a", 9, 9, 900), Group("b", 2, 2, 200), Group("c", 1, 1, 100)]
    assert [(g.key, g.suppressed) for g in suppress(groups)] == [
        ("a", False),
        ("b", True),
        ("c", True),
    ]
    # A lone group of 4 in its table is hidden; there is nothing else to hide with it.
    assert suppress([Group("a", 4, 4, 400)]) == [Group("a", 0, 0, 0, suppressed=True)]


def test_money_is_published_to_the_nearest_hundred_pounds() -> None:
    assert [rounded(p) for p in (0, 4_999, 5_000, 127_777, 1_050_000)] == [
        0,
        0,
        10_000,
        130_000,
        1_050_000,
    ]
    report = build_report(
        [
            line(p, 100_000 + p * 1_111, "social-care", "direct_payment", category="short-breaks")
            for p in range(1, 7)
        ]
    )
    # £6,000 + £233.31 = £6,233.31 in all: published as £6,200, the group the same.
    assert report.totals.annual_cost_pence == 620_000
    assert shown(report.by_category) == {"short-breaks": (6, 6, 620_000)}


def plans_with_short_breaks() -> list[ReportLine]:
    """Six plans with a £1,000 short break each and five with £500 of therapy, so every
    table has plenty of plans in all."""
    return [
        line(p, 100_000, "social-care", "direct_payment", category="short-breaks")
        for p in range(1, 7)
    ] + [line(p, 50_000, "education", "direct_payment", category="therapies") for p in range(1, 6)]


def test_one_tables_category_cannot_be_taken_from_the_others_to_find_one_family() -> None:
    # Five plans propose swimming lessons at £100 a year; plan 6 buys a Local Offer club
    # at £777.77. Clubs would show 6 plans and £1,277.77 and the proposed table 5 plans
    # and £500: the difference is plan 6's club.
    lines = plans_with_short_breaks()
    lines += [
        line(p, 10_000, "social-care", "direct_payment", description="Swimming lessons")
        for p in range(1, 6)
    ]
    lines.append(line(6, 77_777, "social-care", "direct_payment", category="clubs-and-activities"))
    report = build_report(lines)
    # Clubs are hidden in both tables, and therapies with them (one hidden group alone
    # could be had from the total).
    assert shown(report.by_category) == {
        "short-breaks": (6, 6, 600_000),
        "therapies": "fewer than 5",
        "clubs-and-activities": "fewer than 5",
    }
    # The proposed table's one group hidden would still be its total: nothing is shown.
    assert report.proposed_by_category.suppressed
    assert report.proposed_by_category.annual_cost_pence == 0


def test_a_small_proposed_part_hides_the_category_in_the_spend_by_category_table() -> None:
    # Clubs: six plans' Local Offer clubs, and two plans proposing swimming besides; the
    # proposed table hides the two (fewer than 5), so spend by category hides clubs too.
    lines = plans_with_short_breaks()
    lines += [
        line(p, 20_000, "social-care", "direct_payment", category="clubs-and-activities")
        for p in range(1, 7)
    ]
    lines += [
        line(p, 10_000, "social-care", "direct_payment", description="Swimming lessons")
        for p in range(1, 3)
    ]
    lines += [
        line(p, 30_000, "social-care", "direct_payment", description="Maths tutor")
        for p in range(1, 7)
    ]
    report = build_report(lines)
    assert shown(report.by_category)["clubs-and-activities"] == "fewer than 5"
    assert shown(report.proposed_by_category) == {
        "education-support": "fewer than 5",
        "clubs-and-activities": "fewer than 5",
    }
    # Without the proposed swimming, clubs are shown in full.
    report = build_report([ln for ln in lines if ln.description != "Swimming lessons"])
    assert shown(report.by_category)["clubs-and-activities"] == (6, 6, 120_000)


def test_one_plan_with_local_offer_lines_hides_the_proposed_tables_total() -> None:
    # Six plans propose only; plan 6 also has a Local Offer short break. All plans less
    # the proposed table's total would be plan 6's short break.
    lines = [
        line(p, 40_000, "education", "direct_payment", description="Maths tutor")
        for p in range(1, 7)
    ]
    lines.append(line(6, 123_456, "social-care", "direct_payment", category="short-breaks"))
    report = build_report(lines)
    assert not report.totals.suppressed
    assert report.proposed_by_category.suppressed
    assert report.proposed_by_category.annual_cost_pence == 0


TODAY = date(2027, 4, 15)


@pytest.mark.parametrize(
    ("month", "year", "expected"),
    [
        ("3", "2027", (date(2027, 3, 31), None)),
        (" 02 ", "2024", (date(2024, 2, 29), None)),
        ("12", "2026", (date(2026, 12, 31), None)),
        ("", "", (None, "missing")),
        ("", "2027", (None, "missing_month")),
        ("3", "", (None, "missing_year")),
        ("13", "2027", (None, "not_real")),
        ("0", "2027", (None, "not_real")),
        ("x", "2027", (None, "not_real")),
        ("3", "27", (None, "not_real")),
        ("3", "0000", (None, "not_real")),
        ("9" * 40, "2027", (None, "not_real")),
        ("3", "9" * 40, (None, "not_real")),
        # This month has not ended, nor has any later one.
        ("4", "2027", (None, "not_ended")),
        ("5", "2027", (None, "not_ended")),
        ("1", "9999", (None, "not_ended")),
    ],
)
def test_a_report_is_only_as_at_the_end_of_a_month_that_has_ended(month, year, expected) -> None:
    assert read_month(month, year, TODAY) == expected


def test_money_kept_in_a_block_contract_is_counted_apart_from_money_paid_out() -> None:
    from dataclasses import replace

    from portal.plans.rules import KEPT_IN_BLOCK_CONTRACT

    # Plans 1–5 have their £500 of therapy kept in the council's block contract.
    lines = [
        replace(ln, money_not_released=True) if ln.management == "managed_by_council" else ln
        for ln in six_plans()
    ]
    report = build_report(lines)
    assert shown(report.by_management) == {
        "direct_payment": (6, 6, 600_000),
        KEPT_IN_BLOCK_CONTRACT: "fewer than 5",
        "notional": "fewer than 5",
    }
    assert "managed_by_council" not in shown(report.by_management)
    assert report.totals.annual_cost_pence == 1_050_000
