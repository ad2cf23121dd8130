"""Officers compare two scheme versions question by question."""

from __future__ import annotations

import copy
import re

from sqlalchemy import select

from portal.extensions import db
from portal.ras.compare import compare_schemes
from portal.ras.loading import load_scheme
from portal.ras.models import RasScheme
from tests.ras_schemes import BANDED, as_yaml, descriptors, scheme
from tests.test_families import signed_in


def later_version() -> dict:
    data = copy.deepcopy(BANDED)
    data["version"] = "2"
    data["domains"][0]["questions"][0]["text"] = "Washing and dressing?"
    data["domains"][0]["questions"][0]["descriptors"] = descriptors(0, 3, 8)
    data["domains"][1]["questions"].pop()  # adulthood
    data["domains"][1]["questions"].append(
        {
            "id": "play",
            "text": "Play?",
            "weights": {"education": 100},
            "descriptors": descriptors(0, 1),
        }
    )
    data["money"]["bands"][1]["amount"] = 1100
    data["transitional_protection"]["largest_fall_percent"] = 5
    return data


def test_each_kind_of_change_is_listed_once() -> None:
    changes = compare_schemes(scheme(), scheme(later_version()))
    found = [(c.kind, c.question) for c in changes]
    assert found == [
        ("wording", "Washing and dressing?"),
        ("answers", "Washing and dressing?"),
        ("added", "Play?"),
        ("removed", "Adulthood?"),
        ("bands", ""),
        ("largest_fall", ""),
    ]
    answers = changes[1]
    assert (answers.before, answers.after) == (
        "Level 0 (0); Level 1 (3); Level 2 (7)",
        "Level 0 (0); Level 1 (3); Level 2 (8)",
    )
    assert "10–19: £1,100.00" in changes[4].after and "10–19: £1,000.00" in changes[4].before


def test_a_version_compared_with_itself_has_no_differences() -> None:
    assert compare_schemes(scheme(), scheme()) == []


def test_an_officer_compares_two_loaded_versions(app) -> None:
    with app.app_context():
        first = load_scheme(db.session, as_yaml({**BANDED, "scheme": "cmp_shire"})).scheme.id
        second = load_scheme(
            db.session, as_yaml({**later_version(), "scheme": "cmp_shire"})
        ).scheme.id
        db.session.commit()
    try:
        officer = signed_in(app, "officer")
        listing = officer.get("/budget/officer/schemes").get_data(as_text=True)
        assert "Compare two versions" in listing
        page = officer.get(f"/budget/officer/schemes/compare?old={first}&new={second}")
        text = re.sub(r"\s+", " ", page.get_data(as_text=True))
        assert page.status_code == 200
        assert "From cmp_shire 1 to cmp_shire 2" in text
        assert "New question: Play?" in text and "Question removed: Adulthood?" in text
        for query in ("old=x&new=", f"old={first}&new=99999999999", "old=-1&new=0"):
            refused = officer.get(f"/budget/officer/schemes/compare?{query}")
            assert refused.status_code == 400
            assert "There is a problem" in refused.get_data(as_text=True)
        assert officer.get("/budget/officer/schemes/compare").status_code == 200
        assert signed_in(app, "parent").get("/budget/officer/schemes/compare").status_code == 403
    finally:
        with app.app_context():
            for version in db.session.scalars(
                select(RasScheme).where(RasScheme.scheme_key == "cmp_shire")
            ):
                db.session.delete(version)
            db.session.commit()
