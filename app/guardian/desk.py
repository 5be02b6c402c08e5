"""The moderators' side of guardian cases: /moderation/guardian/..."""

from flask import Blueprint, render_template

from app.services.roles import moderator_required

bp = Blueprint("guardian_desk", __name__, url_prefix="/moderation/guardian")


@bp.get("/")
@moderator_required(minors=True)
def cases():
    """Open guardian cases, overdue first."""
    return render_template("moderation/guardian_cases.html")
