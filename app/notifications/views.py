"""Reply notifications by e-mail: opt in, confirm by the mailed link, opt out."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from app.extensions import limiter
from app.forms import PlainTextForm, email_address
from app.services import mail, subscriptions

SUBSCRIBE_LIMIT = "5 per hour"  # each one mails someone: never a way to flood an inbox

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


class SubscribeForm(PlainTextForm):
    email = StringField(
        _l("Your e-mail address"), validators=[InputRequired(), Length(max=254), email_address]
    )


class ButtonForm(FlaskForm):
    """Only the CSRF token."""


def _adults_only() -> None:
    if not subscriptions.can_subscribe(current_user):
        abort(
            403,
            description=_(
                "Reply notifications by e-mail are for readers aged %(age)s or older, so we do "
                "not ask you for an e-mail address. You can see replies to your comments in "
                "the thread.",
                age=current_app.config["MINOR_AGE"],
            ),
        )


def _page(form: SubscribeForm | None = None, status: int = 200):
    return (
        render_template(
            "notifications/index.html",
            subscription=subscriptions.subscription_of(current_user),
            form=form or SubscribeForm(),
            button=ButtonForm(),
        ),
        status,
    )


@bp.get("/")
@login_required
def index():
    """Whether replies are mailed to the reader, and the switch."""
    _adults_only()
    return _page()


@bp.post("/")
@login_required
@limiter.limit(SUBSCRIBE_LIMIT)
def subscribe():
    """Ask for notifications; nothing is sent until the mailed link is confirmed."""
    _adults_only()
    form = SubscribeForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        subscriptions.subscribe(current_user, form.email.data)
    except mail.TooMuchMail:
        flash(
            _("We have sent that address several e-mails this hour. Please try later."), "error"
        )
        return _page(form, 429)
    flash(_("Check your e-mail: open the link we sent to switch notifications on."), "success")
    return redirect(url_for("notifications.index"), code=303)


@bp.post("/unsubscribe")
@login_required
def unsubscribe():
    """Stop notifications and forget the address."""
    subscriptions.unsubscribe(current_user)
    flash(
        _("Done. We will not e-mail you about replies, and we have deleted the address."), "success"
    )
    return redirect(url_for("notifications.index"), code=303)


@bp.get("/confirm/<token>")
def confirm_page(token: str):
    """The mailed link shows a button; mail scanners that open links confirm nothing."""
    if subscriptions.subscription_for_token(token) is None:
        abort(404, description="This link is not valid any more.")
    return render_template("notifications/confirm.html", form=ButtonForm(), token=token)


@bp.post("/confirm/<token>")
def confirm(token: str):
    """Switch notifications on (pressing twice changes nothing)."""
    row = subscriptions.subscription_for_token(token)
    if row is None:
        abort(404, description="This link is not valid any more.")
    if not subscriptions.confirm(row):
        abort(403, description="Reply notifications are not available for this account.")
    return render_template("notifications/confirmed.html")
