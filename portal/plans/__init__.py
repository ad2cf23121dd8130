"""Support plans: outcomes, costed lines of support, how the money is managed, review."""

from flask import Blueprint

bp = Blueprint("plans", __name__, url_prefix="/plans")

from . import models, officer, pdf, views  # noqa: E402, F401
