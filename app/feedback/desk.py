"""Staff read, answer and close contact-form messages: /moderation/messages/...

Only vetted (full) moderators: a message may be a question about someone's data. Every
answer and close is audit-logged (the sender by pseudonym only, no words).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import InputRequired, Length

from app.auth.access import moderator_required
from app.extensions import db
from app.forms import PlainTextForm
from app.models import FeedbackMessage
from app.services import feedback

bp = Blueprint("feedback_desk", __name__, url_prefix="/moderation/messages")


class AnswerForm(PlainTextForm):
    answer = TextAreaField(
        _l("Your answer (sent by e-mail to the address the sender gave)"),
        validators=[
            InputRequired(message=_l("Please write an answer.")),
            Length(max=feedback.ANSWER_MAX_LENGTH),
        ],
    )
    close = BooleanField(_l("Close the message once answered"), default=True)


class CloseForm(FlaskForm):
    """Closing needs nothing but the CSRF token."""


def _message_or_404(message_id: int) -> FeedbackMessage:
    message = db.session.get(FeedbackMessage, message_id)
    if message is None:
        abort(404, description="There is no such message (retention may have deleted it).")
    return message


@bp.get("/")
@moderator_required(minors=True)
def inbox():
    """Open messages: privacy questions first, then the oldest."""
    return render_template(
        "moderation/messages.html",
        messages=feedback.open_messages(),
        deleted_on=feedback.deleted_on,
        desk_vetted=True,
    )


@bp.get("/<int:message_id>")
@moderator_required(minors=True)
def message(message_id: int):
    """One message, with the answer form when the sender gave an address."""
    return _render(_message_or_404(message_id))


def _render(found: FeedbackMessage, form: AnswerForm | None = None, status: int = 200):
    return (
        render_template(
            "moderation/message.html",
            message=found,
            form=form or AnswerForm(),
            close_form=CloseForm(),
            deleted_on=feedback.deleted_on(found),
            desk_vetted=True,
        ),
        status,
    )


@bp.post("/<int:message_id>/answer")
@moderator_required(minors=True)
def answer(message_id: int):
    """Mail the answer to the sender and (by default) close the message."""
    found = _message_or_404(message_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _render(found, form, 400)
    try:
        feedback.answer(found, current_user, form.answer.data, close=form.close.data)
    except feedback.AlreadyClosed:
        flash(_("That message was already closed; nothing was sent."), "error")
        return redirect(url_for(".message", message_id=message_id)), 303
    except ValueError as exc:
        form.answer.errors = [str(exc).capitalize() + "."]
        return _render(found, form, 400)
    flash(_("Your answer is on its way."), "success")
    return redirect(url_for(".inbox"), code=303)


@bp.post("/<int:message_id>/close")
@moderator_required(minors=True)
def close(message_id: int):
    """Done with the message."""
    found = _message_or_404(message_id)
    if not CloseForm().validate_on_submit():
        abort(400, description="The form has expired; please try again.")
    try:
        feedback.close(found, current_user)
    except feedback.AlreadyClosed:
        flash(_("That message was already closed."), "info")
    else:
        flash(_("Message closed."), "success")
    return redirect(url_for(".inbox"), code=303)
