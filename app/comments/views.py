"""The thread page and the embeddable widget."""

from flask import Blueprint, render_template

bp = Blueprint("comments", __name__)


@bp.get("/")
def index():
    """The front page: the articles with threads."""
    return render_template("comments/index.html", articles=[])
