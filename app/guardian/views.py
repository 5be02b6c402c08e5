"""Guardians' removal requests."""

from flask import Blueprint, render_template

bp = Blueprint("guardian", __name__)


@bp.get("/guardian")
def request_form():
    """The request form; no account needed."""
    return render_template("guardian/request.html")
