"""Rules for the list of services a family is comparing, kept in their session."""

from __future__ import annotations

MAX_COMPARED = 3


def add_to_comparison(compared: list[int], service_id: int) -> tuple[list[int], bool]:
    """The new list, and whether the service is in it. A full list is left as it was."""
    if service_id in compared:
        return compared, True
    if len(compared) >= MAX_COMPARED:
        return compared, False
    return [*compared, service_id], True


def remove_from_comparison(compared: list[int], service_id: int | None) -> list[int]:
    return [value for value in compared if value != service_id]
