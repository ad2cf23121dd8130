"""Distances: the exact great-circle distance, and the cheap one directory search ranks by."""

from __future__ import annotations

import itertools
import math

import pytest

from local_offer.geo import (
    MILES_PER_DEGREE,
    Point,
    bounding_box,
    haversine_miles,
    longitude_scale,
    squared_degrees_to_miles,
)

# The demo council's area, where search must agree with the great-circle distance.
SOUTH, NORTH, WEST, EAST = 52.55, 52.95, -1.95, -1.35
SEARCH_RADIUS_MILES = 30


def search_distance_miles(origin: Point, place: Point) -> float:
    """The distance as local_offer.search computes it in SQL: squared degrees, longitude scaled
    by the origin's latitude."""
    scale = longitude_scale(origin)
    dlat = place.latitude - origin.latitude
    dlon = (place.longitude - origin.longitude) * scale
    return squared_degrees_to_miles(dlat * dlat + dlon * dlon)


def demo_area_grid(steps: int = 13) -> list[Point]:
    return [
        Point(SOUTH + (NORTH - SOUTH) * i / (steps - 1), WEST + (EAST - WEST) * j / (steps - 1))
        for i in range(steps)
        for j in range(steps)
    ]


def test_a_point_is_no_distance_from_itself() -> None:
    here = Point(52.7, -1.6)
    assert haversine_miles(here, here) == 0
    assert search_distance_miles(here, here) == 0


def test_one_degree_of_latitude_is_about_69_miles() -> None:
    assert haversine_miles(Point(52.0, -1.6), Point(53.0, -1.6)) == pytest.approx(69.09, abs=0.05)
    assert haversine_miles(Point(0.0, 0.0), Point(1.0, 0.0)) == pytest.approx(69.09, abs=0.05)


def test_one_degree_of_longitude_shrinks_with_latitude() -> None:
    at_equator = haversine_miles(Point(0.0, 0.0), Point(0.0, 1.0))
    in_the_midlands = haversine_miles(Point(52.7, -2.0), Point(52.7, -1.0))
    assert at_equator == pytest.approx(69.09, abs=0.05)
    assert in_the_midlands == pytest.approx(69.09 * math.cos(math.radians(52.7)), rel=0.001)


def test_known_distance_between_london_and_birmingham() -> None:
    # Charing Cross to Birmingham New Street is about 101 miles as the crow flies.
    charing_cross = Point(51.5080, -0.1247)
    new_street = Point(52.4778, -1.8989)
    assert haversine_miles(charing_cross, new_street) == pytest.approx(101.3, abs=1.0)


def test_distance_is_the_same_both_ways() -> None:
    a, b = Point(52.6, -1.9), Point(52.9, -1.4)
    assert haversine_miles(a, b) == pytest.approx(haversine_miles(b, a))


def test_search_distance_is_within_half_a_percent_of_the_great_circle_in_the_demo_area() -> None:
    grid = demo_area_grid()
    compared = 0
    worst = 0.0
    for origin, place in itertools.product(grid, repeat=2):
        exact = haversine_miles(origin, place)
        if exact == 0 or exact > SEARCH_RADIUS_MILES:
            continue
        compared += 1
        error = abs(search_distance_miles(origin, place) - exact) / exact
        worst = max(worst, error)
        assert error < 0.005, f"{origin} to {place}: {exact:.3f} miles, search says {error:.3%} off"
    assert compared > 10_000, "the grid covers the area with many pairs"
    assert worst > 0, "the approximation is compared, not the exact formula with itself"


def test_the_radius_in_squared_degrees_matches_the_radius_in_miles() -> None:
    # search.py keeps places where squared degrees <= (radius / MILES_PER_DEGREE) ** 2.
    for radius in (1, 3, 5, 10, 20):
        assert squared_degrees_to_miles((radius / MILES_PER_DEGREE) ** 2) == pytest.approx(radius)


def test_negative_squared_degrees_from_rounding_count_as_no_distance() -> None:
    assert squared_degrees_to_miles(-1e-15) == 0


@pytest.mark.parametrize("radius", [1, 5, 20])
@pytest.mark.parametrize("origin", [Point(52.55, -1.95), Point(52.7, -1.6), Point(52.95, -1.35)])
def test_the_bounding_box_holds_the_whole_circle(origin: Point, radius: int) -> None:
    min_lat, max_lat, min_lon, max_lon = bounding_box(origin, radius)
    assert min_lat < origin.latitude < max_lat
    assert min_lon < origin.longitude < max_lon
    for degrees in range(0, 360, 5):
        bearing = math.radians(degrees)
        # A point just inside the circle, found by walking the great circle from the origin.
        place = destination(origin, bearing, radius * 0.999)
        assert haversine_miles(origin, place) <= radius
        assert min_lat <= place.latitude <= max_lat, f"bearing {degrees}°: latitude outside"
        assert min_lon <= place.longitude <= max_lon, f"bearing {degrees}°: longitude outside"


@pytest.mark.parametrize("radius", [1, 5, 20])
def test_the_bounding_box_holds_the_circle_search_filters_by(radius: int) -> None:
    origin = Point(52.7, -1.6)
    min_lat, max_lat, min_lon, max_lon = bounding_box(origin, radius)
    radius_degrees = radius / MILES_PER_DEGREE
    for degrees in range(0, 360, 5):
        bearing = math.radians(degrees)
        edge = Point(
            origin.latitude + radius_degrees * math.cos(bearing),
            origin.longitude + radius_degrees * math.sin(bearing) / longitude_scale(origin),
        )
        assert search_distance_miles(origin, edge) == pytest.approx(radius)
        assert min_lat - 1e-9 <= edge.latitude <= max_lat + 1e-9
        assert min_lon - 1e-9 <= edge.longitude <= max_lon + 1e-9


def test_the_bounding_box_is_not_much_bigger_than_the_circle() -> None:
    origin = Point(52.7, -1.6)
    min_lat, max_lat, min_lon, max_lon = bounding_box(origin, 10)
    north = Point(max_lat, origin.longitude)
    east = Point(origin.latitude, max_lon)
    assert haversine_miles(origin, north) == pytest.approx(10, rel=0.01)
    assert haversine_miles(origin, east) == pytest.approx(10, rel=0.01)


def destination(origin: Point, bearing: float, miles: float) -> Point:
    angle = miles / 3958.8
    lat1, lon1 = math.radians(origin.latitude), math.radians(origin.longitude)
    lat2 = math.asin(
        math.sin(lat1) * math.cos(angle) + math.cos(lat1) * math.sin(angle) * math.cos(bearing)
    )
    lon2 = lon1 + math.atan2(
        math.sin(bearing) * math.sin(angle) * math.cos(lat1),
        math.cos(angle) - math.sin(lat1) * math.sin(lat2),
    )
    return Point(math.degrees(lat2), math.degrees(lon2))
