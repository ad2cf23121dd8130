"""UK postcodes: normalising what people type, and reading the ONS postcode directory."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator
from typing import TextIO

# The shape of a full UK postcode (outward code, then inward code of a digit and two letters).
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_postcode(text: str) -> str | None:
    """ "bk1 2ab", " BK12AB " → "BK1 2AB"; None when it cannot be a postcode."""
    compact = re.sub(r"\s+", "", text or "").upper()
    match = _POSTCODE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def read_onspd(stream: TextIO) -> Iterator[tuple[str, float, float]]:
    """Yield (postcode, latitude, longitude) from a CSV in the ONS postcode directory layout.

    Uses the ``pcds``, ``lat`` and ``long`` columns, skips postcodes that have been
    terminated (``doterm`` set) and the directory's placeholder for unknown centroids.
    """
    reader = csv.DictReader(stream)
    missing = {"pcds", "lat", "long"} - set(reader.fieldnames or ())
    if missing:
        raise ValueError(
            "The file is not in the ONS postcode directory layout: it has no "
            + ", ".join(sorted(missing))
            + " column."
        )
    for row in reader:
        if (row.get("doterm") or "").strip():
            continue
        postcode = normalise_postcode(row["pcds"])
        try:
            latitude, longitude = float(row["lat"]), float(row["long"])
        except ValueError:
            continue
        # ONSPD marks postcodes with no grid reference with latitude 99.999999; anything
        # else outside the globe, or not a number, is a broken row.
        if postcode is None or not _on_the_globe(latitude, longitude):
            continue
        yield postcode, latitude, longitude


def _on_the_globe(latitude: float, longitude: float) -> bool:
    return (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )


def batched(
    rows: Iterable[tuple[str, float, float]], size: int
) -> Iterator[list[tuple[str, float, float]]]:
    batch: list[tuple[str, float, float]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
