"""The commissioners' report's figures, worked out by hand: which version of a plan
counts on a day, how a proposed line is placed in a category by its words, and how small
groups are hidden so no family can be picked out."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.backoffice.commissioning import (
    AGREED,
    CATEGORY_WORDS,
    Group,
    ReportLine,
    build_report,
    category_from_words,
    counted_version,
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
    # 5 × £312 + £624 = £2,184 from 6 plans. The iPad (one plan) is hidden, and with it the
    # tutors, the next smallest group, so the iPad's cost cannot be had by subtraction.
    assert shown(report.proposed_by_category) == {
        "clubs-and-activities": (6, 6, 218_400),
        "education-support": "fewer than 5",
        "equipment": "fewer than 5",
    }
    assert report.proposed_by_category.annual_cost_pence == 218_400 + 200_000 + 200_000
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
