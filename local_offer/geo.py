"""Distances between postcodes and places, in miles.

Directory search ranks by an equirectangular approximation that both SQLite and
PostgreSQL can compute with plain arithmetic. Within a county (tens of miles) it is
within 0.5% of the great-circle distance, which ``haversine_miles`` gives exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE = EARTH_RADIUS_MILES * math.pi / 180


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


def haversine_miles(a: Point, b: Point) -> float:
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


def longitude_scale(origin: Point) -> float:
    """How much shorter a degree of longitude is than a degree of latitude at the origin."""
    return math.cos(math.radians(origin.latitude))


def bounding_box(origin: Point, radius_miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a square that holds the circle."""
    dlat = radius_miles / MILES_PER_DEGREE
    dlon = dlat / max(longitude_scale(origin), 1e-6)
    return (
        origin.latitude - dlat,
        origin.latitude + dlat,
        origin.longitude - dlon,
        origin.longitude + dlon,
    )


def squared_degrees_to_miles(value: float) -> float:
    return math.sqrt(max(value, 0.0)) * MILES_PER_DEGREE
