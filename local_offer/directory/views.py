from __future__ import annotations

from flask import Blueprint

bp = Blueprint("directory", __name__)


@bp.get("/services")
def search() -> str:
    return "todo"
