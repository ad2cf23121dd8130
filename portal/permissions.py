"""Who may open each page of the portal, declared on the view itself.

Every portal view says who it is for with one of these decorators; a test walks the
URL map and fails when a view declares nothing, so a new page cannot be left open by
accident. The directory's blueprints (local_offer) are public by design.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

View = TypeVar("View", bound=Callable[..., Any])

PUBLIC = "public"
SIGNED_IN = "signed in"


def public(view: View) -> View:
    view.access = PUBLIC  # type: ignore[attr-defined]
    return view


def signed_in(view: View) -> View:
    wrapped = login_required(view)
    wrapped.access = SIGNED_IN  # type: ignore[attr-defined]
    return wrapped  # type: ignore[no-any-return]


def role_required(*roles: str) -> Callable[[View], View]:
    """Signed in, with one of these roles; anyone else is refused with 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped = login_required(guarded)
        wrapped.access = "role: " + ", ".join(roles)  # type: ignore[attr-defined]
        return wrapped  # type: ignore[no-any-return]

    return decorate
