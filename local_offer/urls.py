"""Safe links back into this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def local_path(target: str | None, default: str = "/") -> str:
    """The target if it is a path on this site, else the default.

    Refuses other sites however they are disguised ("//host", "/\\host", a tab or a
    newline that browsers drop), and anything that would break a Location header.
    """
    if not target or not target.startswith("/") or "\\" in target:
        return default
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return default
    return target
