"""The privacy statement."""

from flask import Blueprint, render_template

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def statement():
    """The privacy statement."""
    return render_template("privacy/statement.html")
