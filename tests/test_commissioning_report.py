"""The commissioners' report through the pages: who may see it, the as-at date's errors,
the CSV, and that it counts the agreed version of real plans."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from portal.backoffice.commissioning import latest_month_end
from portal.backoffice.reports import report_lines
from tests import test_plan_pdf
from tests.test_families import family_with_child, make_user
from tests.test_invitations import young_person_signed_in
from tests.test_plans import make_officer, post, sign_in_staff, submitted_plan, text_of

# The fixed £9,000 budget standing in for the RAS.
budget = test_plan_pdf.budget

PAGE = "/back-office/reports/plans"


@pytest.mark.parametrize("role", ["officer", "admin"])
def test_officers_and_admins_see_the_report_and_its_rule(app, role) -> None:
    staff = sign_in_staff(app, make_officer(app, role=role))
    page = text_of(staff.get(PAGE))
    assert "Spending in agreed plans" in page
    assert "fewer than 5 plans shows “fewer than 5”" in page
    assert "cannot be taken from the other" in page and "end of a month" in page
    assert "Spend by funding stream" in page or "no figures are shown" in page
    response = staff.get(PAGE + ".csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Table", "Group", "Plans", "Lines", "Pence a year", "A year"]
    assert rows[1][:2] == ["All agreed plans", "Total"]


def test_families_brokers_and_young_people_cannot_see_it(app, client) -> None:
    parent, _child_id = family_with_child(app)
    broker = sign_in_staff(app, make_user(app, "broker"))
    _parent, young_person, _teen, _younger = young_person_signed_in(app)
    for person in (parent, broker, young_person):
        assert person.get(PAGE).status_code == 403
        assert person.get(PAGE + ".csv").status_code == 403
    assert client.get(PAGE).headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize(
    ("month", "year", "message"),
    [
        ("13", "2027", "The month must be a real month, like 3 2027"),
        ("", "2027", "The date must include a month"),
        ("x", "2027", "The month must be a real month, like 3 2027"),
        ("9" * 40, "2027", "The month must be a real month, like 3 2027"),
        ("3", "9" * 40, "The month must be a real month, like 3 2027"),
        ("1", "3000", "Choose a month that has ended"),
        (str(date.today().month), str(date.today().year), "Choose a month that has ended"),
    ],
)
def test_a_wrong_month_is_explained_in_an_error_summary(app, month, year, message) -> None:
    officer = sign_in_staff(app, make_officer(app))
    query = f"?as_at_month={month}&as_at_year={year}"
    response = officer.get(PAGE + query)
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page and page.count(message) >= 2
    assert 'href="#as_at_month"' in response.get_data(as_text=True)
    assert f'value="{month}"' in response.get_data(as_text=True)
    assert "Spend by funding stream" not in page
    # The CSV of a wrong month goes back to the page that explains it.
    csv_response = officer.get(PAGE + ".csv" + query)
    assert csv_response.status_code == 302 and PAGE + "?" in csv_response.headers["Location"]


def test_a_day_is_not_asked_for_and_a_40_digit_one_is_ignored(app) -> None:
    officer = sign_in_staff(app, make_officer(app))
    response = officer.get(PAGE + "?as_at_day=" + "9" * 40 + "&as_at_month=1&as_at_year=2026")
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" not in page and "As at 31 January 2026" in page
    assert 'name="as_at_day"' not in response.get_data(as_text=True)


def test_with_no_month_the_report_is_as_at_the_end_of_last_month(app) -> None:
    officer = sign_in_staff(app, make_officer(app))
    page = text_of(officer.get(PAGE))
    end = latest_month_end(date.today())
    assert f"As at {end.day} " in page and str(end.year) in page
    assert "rounded to the nearest £100" in page
    disposition = officer.get(PAGE + ".csv").headers["Content-Disposition"]
    assert f"plans-report-{end.isoformat()}.csv" in disposition


@pytest.mark.parametrize("path", [PAGE, PAGE + ".csv"])
def test_unknown_query_parameters_are_not_passed_on_to_links(app, path) -> None:
    officer = sign_in_staff(app, make_officer(app))
    query = "?endpoint=x&_external=1&as_at_month=1&as_at_year=2026&waiting=y"
    response = officer.get(path + query)
    assert response.status_code == 200
    if path == PAGE:
        html = response.get_data(as_text=True)
        assert 'href="/back-office/reports/plans.csv?as_at_month=1&amp;as_at_year=2026"' in html
        assert html.count("plans.csv?") == 1 and "Include plans waiting" not in html
    # A wrong month's CSV goes back to the page, with only what the report reads.
    bad = officer.get(PAGE + ".csv?endpoint=x&_anchor=y&as_at_month=13&as_at_year=2026")
    assert bad.status_code == 302
    assert bad.headers["Location"].endswith(PAGE + "?as_at_month=13&as_at_year=2026")


def test_the_report_counts_an_approved_plan_from_the_day_it_was_approved(app, budget) -> None:
    _parent, plan_id, version_id = submitted_plan(app, budget)
    officer = sign_in_staff(app, make_officer(app, limit_pence=1_000_000))
    today = date.today()

    def lines_of_this_plan(as_at: date):
        with app.app_context():
            return [ln for ln in report_lines(as_at) if ln.plan_id == plan_id]

    # Waiting for a decision is not agreed spend: not counted, whatever is asked.
    assert lines_of_this_plan(today) == []
    assert post(officer, f"/plans/decisions/{version_id}/approve").status_code == 302
    [agreed] = lines_of_this_plan(today)
    # £16.50 × 3 hours × 52 weeks, social care, in a council account, proposed by the family.
    assert (agreed.annual_cost_pence, agreed.funding_stream, agreed.management) == (
        257_400,
        "social-care",
        "managed_by_council",
    )
    assert not agreed.from_local_offer
    assert lines_of_this_plan(today - timedelta(days=1)) == []
    page = text_of(officer.get(PAGE + "?waiting=y"))
    assert "As at" in page
    assert "Personal assistant for swimming" not in page and "Amira" not in page
