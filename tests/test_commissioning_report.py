"""The commissioners' report through the pages: who may see it, the as-at date's errors,
the CSV, and that it counts the agreed version of real plans."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from portal.backoffice.commissioning import AGREED, WAITING
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
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2027", "The date must be a real date, like 27 3 2026"),
        ("1", "", "2027", "The date must include a month"),
        ("x", "1", "2027", "The date must be a real date, like 27 3 2026"),
        ("1", "1", "3000", "The date must be today or in the past"),
    ],
)
def test_a_wrong_date_is_explained_in_an_error_summary(app, day, month, year, message) -> None:
    officer = sign_in_staff(app, make_officer(app))
    query = f"?as_at_day={day}&as_at_month={month}&as_at_year={year}"
    response = officer.get(PAGE + query)
    page = text_of(response)
    assert "There is a problem" in page and page.count(message) >= 2
    assert 'href="#as_at_day"' in response.get_data(as_text=True)
    assert f'value="{day}"' in response.get_data(as_text=True)
    assert "Spend by funding stream" not in page
    # The CSV of a wrong date goes back to the page that explains it.
    csv_response = officer.get(PAGE + ".csv" + query)
    assert csv_response.status_code == 302 and PAGE + "?" in csv_response.headers["Location"]


def test_the_report_counts_an_approved_plan_from_the_day_it_was_approved(app, budget) -> None:
    _parent, plan_id, version_id = submitted_plan(app, budget)
    officer = sign_in_staff(app, make_officer(app, limit_pence=1_000_000))
    today = date.today()

    def lines_of_this_plan(as_at: date, statuses: tuple[str, ...]):
        with app.app_context():
            return [ln for ln in report_lines(as_at, statuses) if ln.plan_id == plan_id]

    assert lines_of_this_plan(today, AGREED) == []
    [waiting] = lines_of_this_plan(today, AGREED + WAITING)
    assert waiting.annual_cost_pence == 257_400
    assert post(officer, f"/plans/decisions/{version_id}/approve").status_code == 302
    [agreed] = lines_of_this_plan(today, AGREED)
    # £16.50 × 3 hours × 52 weeks, social care, in a council account, proposed by the family.
    assert (agreed.annual_cost_pence, agreed.funding_stream, agreed.management) == (
        257_400,
        "social-care",
        "managed_by_council",
    )
    assert not agreed.from_local_offer
    assert lines_of_this_plan(today - timedelta(days=1), AGREED) == []
    page = text_of(officer.get(PAGE + "?waiting=y"))
    assert "As at" in page
    assert "Personal assistant for swimming" not in page and "Amira" not in page
