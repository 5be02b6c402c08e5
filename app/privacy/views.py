"""The privacy statement, versioned; its table comes from the privacy map."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request
from flask_login import current_user, login_required

from app.account.forms import PlainForm
from app.privacy import map as privacy_map
from app.services import account
from app.urls import safe_next

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def statement():
    """What we collect, why, for how long, and the reader's rights."""
    return render_template(
        "privacy/statement.html",
        rows=privacy_map.statement_rows(current_app.config),
        stores=privacy_map.store_rows(current_app.config),
        version=current_app.config["PRIVACY_POLICY_VERSION"],
        controller=current_app.config["PRIVACY_CONTROLLER"],
        contact=current_app.config.get("PRIVACY_CONTACT"),
        idle_days=privacy_map.SESSION_IDLE_DAYS,
    )


@bp.post("/privacy/seen")
@login_required
def acknowledge():
    """The reader has read the changed statement: stop showing the notice."""
    form = PlainForm()
    next_url = safe_next(request.form.get("next"))
    if not form.validate_on_submit():
        return redirect(next_url)
    account.acknowledge_privacy(current_user)
    return redirect(next_url)
