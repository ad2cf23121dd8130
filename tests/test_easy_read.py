"""The young person's pages are easy read: a Flesch–Kincaid grade of 5 or below for their
English text, and every picture has words a screen reader says."""

from __future__ import annotations

import re

import pytest

from tests.readability import easy_read_text, flesch_kincaid_grade, sentences, syllables
from tests.test_families import post
from tests.test_invitations import (
    invite_young_person,
    link_sent_to,
    new_email,
    parent_with_children,
    young_person_signed_in,
)
from tests.test_plans import budget, ready_plan, send  # noqa: F401
from tests.test_young_people import make_sixteen

HIGHEST_GRADE = 5.0
PAGES = (
    "/my-space/",
    "/my-space/about-me",
    "/my-space/my-views",
    "/my-space/who-can-see",
    "/my-space/plan",
    "/my-space/plan/my-views",
)


def assert_easy_read(html: str, where: str) -> None:
    lines = easy_read_text(html)
    assert len(lines) >= 4, f"{where} has easy-read text"
    grade = flesch_kincaid_grade(lines)
    assert grade <= HIGHEST_GRADE, f"{where} reads at grade {grade:.1f}:\n" + "\n".join(lines)
    for picture in re.findall(r"<svg[^>]*>", html):
        assert 'role="img"' in picture and re.search(r'aria-label="[^"]+"', picture), picture


# The measure itself


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("me", 1),
        ("like", 1),
        ("liked", 1),
        ("wanted", 2),
        ("people", 2),
        ("family", 3),
        ("important", 3),
        ("future", 2),
        ("admire", 2),
        ("private", 2),
        ("table", 2),
        ("boxes", 2),
        ("you’re", 1),
        ("16", 1),
    ],
)
def test_syllables_are_counted_as_a_reader_says_them(word, count) -> None:
    assert syllables(word) == count


def test_every_line_and_full_stop_ends_a_sentence() -> None:
    assert sentences(["Hello, Amira.", "This is your space. You can say what matters", "Save"]) == [
        "Hello, Amira",
        "This is your space",
        "You can say what matters",
        "Save",
    ]


def test_the_check_fails_on_text_that_is_not_easy_read() -> None:
    officialese = [
        "Notwithstanding the aforementioned considerations, the local authority's "
        "determination regarding eligibility for individualised provision necessitates "
        "comprehensive multidisciplinary assessment."
    ]
    assert flesch_kincaid_grade(officialese) > 15
    assert flesch_kincaid_grade(["I like my dog.", "He is fun."]) < 2


def test_only_text_marked_easy_read_is_measured() -> None:
    html = (
        "<main><p>Outside, with extraordinarily complicated vocabulary.</p>"
        '<div data-easy-read><h1>My space</h1><svg role="img" aria-label="A star">'
        "<title>ignored</title></svg><p>Hello.</p></div></main>"
    )
    assert easy_read_text(html) == ["My space", "Hello."]


# The pages


def test_the_young_persons_pages_read_at_grade_five_or_below(app) -> None:
    _parent, young, _teenager, _younger = young_person_signed_in(app)
    for path in PAGES:
        response = young.get(path)
        assert response.status_code == 200
        assert_easy_read(response.get_data(as_text=True), path)


def test_the_pages_stay_easy_read_with_views_written_shared_and_saved(app) -> None:
    _parent, young, _teenager, _younger = young_person_signed_in(app)
    post(young, "/my-space/my-views", {"important_to_me": "My dog."})
    post(young, "/my-space/who-can-see", {"family": "yes"})
    for path in ("/my-space/?saved=views", "/my-space/?saved=sharing", *PAGES):
        assert_easy_read(young.get(path).get_data(as_text=True), path)


def test_the_pages_for_a_young_person_of_sixteen_stay_easy_read(app) -> None:
    _parent, young, teenager, _younger = young_person_signed_in(app)
    make_sixteen(app, teenager)
    page = young.get("/my-space/who-can-see").get_data(as_text=True)
    assert "You are 16 or older." in page
    for path in PAGES:
        assert_easy_read(young.get(path).get_data(as_text=True), path)


@pytest.mark.usefixtures("budget")
def test_the_plan_pages_stay_easy_read_with_a_plan_views_in_it_and_a_comment(app) -> None:
    parent, young, teenager, _younger = young_person_signed_in(app)
    post(young, "/my-space/my-views", {"important_to_me": "My dog."})
    post(young, "/my-space/plan/my-views", {"in_plan": "yes"})
    plan_id = ready_plan(app, parent, teenager)
    assert_easy_read(young.get("/my-space/plan").get_data(as_text=True), "a plan being written")
    assert send(app, parent, plan_id).status_code == 302
    post(young, "/my-space/plan/comments", {"comment": "I like it."})
    refused = post(young, "/my-space/plan/comments", {"comment": ""})
    assert_easy_read(refused.get_data(as_text=True), "the plan with a missing comment")
    for path in ("/my-space/plan?saved=comment", "/my-space/plan?saved=choice", *PAGES):
        assert_easy_read(young.get(path).get_data(as_text=True), path)
    make_sixteen(app, teenager)
    assert_easy_read(young.get("/my-space/plan/my-views").get_data(as_text=True), "at 16")


def test_the_invitation_a_young_person_opens_is_easy_read(app) -> None:
    parent, teenager, _younger = parent_with_children(app)
    email = new_email("young")
    invite_young_person(parent, teenager, email)
    page = app.test_client().get(link_sent_to(app, email)).get_data(as_text=True)
    assert_easy_read(page, "the invitation")
