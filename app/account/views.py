"""A reader's own data: /me."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("account", __name__)


@bp.get("/me")
@login_required
def me():
    """Everything we hold about the reader."""
    return render_template("account/me.html")
