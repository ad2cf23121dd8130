"""The demo council's Local Offer pages and published feedback responses."""

from __future__ import annotations

CONTENT_PAGES: list[dict[str, str]] = []
PUBLISHED_FEEDBACK: list[dict[str, str]] = []
