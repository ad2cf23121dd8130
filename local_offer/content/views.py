"""The council's published Local Offer pages, feedback and "You said, we did"."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("content", __name__)


@bp.get("/local-offer/<slug>")
def page(slug: str) -> str:
    return render_template("content/page.html")


@bp.get("/short-breaks-statement")
def short_breaks_statement() -> str:
    return render_template("content/page.html")


@bp.get("/you-said-we-did")
def you_said_we_did() -> str:
    return render_template("content/page.html")


@bp.route("/feedback", methods=["GET", "POST"])
def feedback() -> str:
    return render_template("content/page.html")


@bp.get("/feedback/sent")
def feedback_sent() -> str:
    return render_template("content/page.html")


@bp.get("/open-data")
def open_data() -> str:
    return render_template("content/page.html")
