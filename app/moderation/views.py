"""The moderators' desk."""

from flask import Blueprint, render_template

from app.services.roles import moderator_required

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.get("/")
@moderator_required()
def index():
    """The desk's front page."""
    return render_template("moderation/index.html")
