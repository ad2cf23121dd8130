"""Words and links the directory builds from data."""

from __future__ import annotations

import pytest

from local_offer.formatting import cost_summary
from local_offer.models import CostOption
from local_offer.urls import local_path


@pytest.mark.parametrize(
    ("options", "summary"),
    [
        ([], ""),
        ([("free", 0)], "Free"),
        ([("session", 900), ("hour", 1800)], "From £9 per session"),
        ([("free", 0), ("week", 6000)], "Free, or from £60 per week"),
        ([("hour", 0), ("item", 250)], "Free, or from £2.50 per item"),
    ],
)
def test_cost_summary(app, options, summary) -> None:
    with app.test_request_context():
        costs = [CostOption(unit=unit, amount_pence=pence) for unit, pence in options]
        assert cost_summary(costs) == summary


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/services?q=swim", "/services?q=swim"),
        ("/", "/"),
        (None, "/"),
        ("", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("/\r\nSet-Cookie: x=1", "/"),
        ("services", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_only_paths_on_this_site_are_followed(target, expected) -> None:
    assert local_path(target) == expected
