"""The feedback/contact form."""

from flask import Blueprint, render_template

bp = Blueprint("feedback", __name__)


@bp.get("/feedback")
def form():
    """The contact form."""
    return render_template("feedback/form.html")
