"""Facebook login, logout and the one-time age question."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from app.auth import facebook, sessions
from app.services import age, readers
from app.urls import safe_next

bp = Blueprint("auth", __name__)

NEXT_KEY = "login_next"


class AgeForm(FlaskForm):
    answer = RadioField(
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        validators=[InputRequired()],
    )


@bp.get("/login")
def login_page():
    """A page with the one way in: Facebook."""
    return render_template("auth/login.html", next=safe_next(request.args.get("next")))


@bp.get("/login/facebook")
def login():
    """Start Facebook's login dialog; ``next`` is remembered only if it stays on this site."""
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    # From PUBLIC_URL, never the Host header: a forged Host must not steer the login code.
    callback_url = current_app.config["PUBLIC_URL"] + url_for("auth.callback")
    return facebook.authorize_redirect(callback_url)


@bp.get("/auth/facebook/callback")
def callback():
    """Facebook sends the reader back here with a code (or an error)."""
    if request.args.get("error"):
        if request.args.get("error") == "access_denied":
            return render_template("auth/cancelled.html", next=session.get(NEXT_KEY, "/"))
        abort(400, description="Facebook did not complete the login.")
    if not request.args.get("code") or not request.args.get("state"):
        abort(400, description="The login link is incomplete. Please start again.")
    try:
        profile = facebook.fetch_facebook_profile()
    except facebook.FacebookError:
        abort(400, description="The login could not be verified. Please start again.")
    except facebook.FacebookUnavailable:
        abort(503, description="Facebook could not be reached. Please try again in a moment.")
    next_url = safe_next(session.get(NEXT_KEY))
    user = readers.log_in_with_facebook(profile)
    sessions.start_session(user)
    current_app.logger.info("reader %s logged in", user.id)
    if age.needs_age_question(user):
        return redirect(url_for("auth.age_question", next=next_url))
    return redirect(next_url)


@bp.post("/logout")
def logout():
    """End this browser's session."""
    sessions.end_session()
    return redirect(safe_next(request.form.get("next")))


@bp.route("/age", methods=["GET", "POST"])
@login_required
def age_question():
    """Ask once, neutrally, whether the reader is old enough to be published unchecked."""
    next_url = safe_next(request.values.get("next"))
    if not age.needs_age_question(current_user):
        return redirect(next_url)
    form = AgeForm()
    if form.validate_on_submit():
        readers.declare_age(current_user, is_adult=form.answer.data == "yes")
        return redirect(next_url)
    if request.method == "POST":
        return render_template("auth/age.html", form=form, next=next_url), 400
    return render_template("auth/age.html", form=form, next=next_url)
