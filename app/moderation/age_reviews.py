"""Readers' requests to review their age classification: /moderation/age-reviews/...

Only vetted (full) moderators: a request shows that a reader may be a child.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField

from app.auth.access import moderator_required
from app.extensions import db
from app.models import User
from app.services import age_reviews
from app.services.moderation import OutOfScope

bp = Blueprint("age_reviews", __name__, url_prefix="/moderation/age-reviews")


class KeepForm(FlaskForm):
    """Only the CSRF token."""


class LiftForm(FlaskForm):
    finding = BooleanField(
        _l(
            "I lift a finding (a moderator, a guardian case or a returning child's erasure said "
            "this reader is under age)"
        )
    )


def _reader_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/")
@moderator_required(minors=True)
def requests():
    """Readers who ask for their age classification to be reviewed, oldest first."""
    return render_template(
        "moderation/age_reviews.html",
        waiting=age_reviews.open_requests(),
        keep_form=KeepForm(),
        lift_form=LiftForm(),
        desk_vetted=True,
    )


@bp.post("/<int:user_id>/keep")
@moderator_required(minors=True)
def keep(user_id: int):
    """The classification stands."""
    if not KeepForm().validate_on_submit():
        abort(400, description="The form expired. Please try again.")
    try:
        age_reviews.keep(current_user, _reader_or_404(user_id))
    except (age_reviews.ReviewRefused, OutOfScope):
        abort(409, description="There is no open request from this reader. Nothing changed.")
    flash(_("Kept: the reader's comments still wait for a moderator."), "success")
    return redirect(url_for(".requests"), code=303)


@bp.post("/<int:user_id>/lift")
@moderator_required(minors=True)
def lift(user_id: int):
    """The reader is old enough: lift the classification within the age rule."""
    form = LiftForm()
    if not form.validate_on_submit():
        abort(400, description="The form expired. Please try again.")
    try:
        age_reviews.lift(current_user, _reader_or_404(user_id), bool(form.finding.data))
    except age_reviews.FindingNotAcknowledged:
        abort(
            409,
            description="This reader was found to be under age. Tick the box to lift a "
            "finding explicitly. Nothing changed.",
        )
    except (age_reviews.ReviewRefused, OutOfScope):
        abort(409, description="There is no open request from this reader. Nothing changed.")
    flash(_("Lifted: the reader's new comments are published at once."), "success")
    return redirect(url_for(".requests"), code=303)
