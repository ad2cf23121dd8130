"""Small RAS schemes for tests, built as data so a test can break one thing at a time."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from portal.ras.scheme import Scheme, read_scheme


def descriptors(*points: int) -> list[dict[str, Any]]:
    return [
        {"label": f"Level {i}", "points": p, "example": f"Example {i}", "easy_read": f"Easy {i}"}
        for i, p in enumerate(points)
    ]


BANDED: dict[str, Any] = {
    "scheme": "testshire",
    "version": "1",
    "title": "Testshire RAS",
    "streams": [
        {"id": "social_care", "name": "Social care"},
        {"id": "education", "name": "SEN and education"},
        {"id": "health", "name": "Health"},
    ],
    "age_bands": [
        {"from_age": 0, "to_age": 10, "multiplier": 1, "label": "Up to 10"},
        {"from_age": 11, "to_age": 25, "multiplier": 1.5, "label": "11 and over"},
    ],
    "domains": [
        {
            "id": "care",
            "title": "Personal care",
            "weights": {"social_care": 100},
            "questions": [
                {"id": "washing", "text": "Washing?", "descriptors": descriptors(0, 3, 7)}
            ],
        },
        {
            "id": "school",
            "title": "Learning",
            "questions": [
                {
                    "id": "learning",
                    "text": "Learning?",
                    "weights": {"education": 50, "health": 50},
                    "descriptors": descriptors(0, 2, 3),
                },
                {
                    "id": "adulthood",
                    "text": "Adulthood?",
                    "from_age": 14,
                    "weights": {"education": 100},
                    "descriptors": descriptors(0, 5),
                },
            ],
        },
    ],
    "money": {
        "bands": [
            {"from_points": 0, "to_points": 9, "amount": 0},
            {"from_points": 10, "to_points": 19, "amount": 1000},
            {"from_points": 20, "amount": "2,500.50"},
        ]
    },
    "transitional_protection": {"largest_fall_percent": 10, "largest_rise_percent": 25},
    "panel": {"amount_over": 2000},
}

PRICED: dict[str, Any] = {
    **copy.deepcopy(BANDED),
    "age_bands": [{"from_age": 0, "to_age": 25, "multiplier": 1, "label": "All ages"}],
    "domains": [
        {
            "id": "care",
            "title": "Personal care",
            "weights": {"social_care": 100},
            "questions": [
                {"id": f"q{i}", "text": f"Question {i}?", "descriptors": descriptors(0, 1, 10, 20)}
                for i in range(4)
            ],
        }
    ],
    "money": {"price_per_point": 100, "cap": 7000},
    "panel": {"amount_over": 5000},
}


def as_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False)


def scheme(data: dict[str, Any] | None = None, **changes: Any) -> Scheme:
    return read_scheme(as_yaml({**copy.deepcopy(data or BANDED), **changes}))
