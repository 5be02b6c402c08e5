"""The feedback/contact form (feedback, or a question about one's data)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.extensions import limiter
from app.forms import PlainTextForm, email_address, single_line
from app.models import FeedbackTopic, User
from app.services import feedback

SUBMIT_LIMIT = "10 per hour"  # per reader, or per address (keyed hashes)

bp = Blueprint("feedback", __name__)


class FeedbackForm(PlainTextForm):
    topic = SelectField(
        _l("What is it about?"),
        choices=[
            SelectChoice(
                FeedbackTopic.FEEDBACK.value, _l("Feedback or a question about the service")
            ),
            SelectChoice(FeedbackTopic.PRIVACY.value, _l("My data, or this service's use of it")),
        ],
        default=FeedbackTopic.FEEDBACK.value,
    )
    name = StringField(
        _l("Your name (optional)"),
        validators=[Optional(), Length(max=feedback.NAME_MAX_LENGTH), single_line],
    )
    email = StringField(
        _l("Your e-mail address (only if you would like an answer)"),
        validators=[Optional(), Length(max=254), email_address],
    )
    message = TextAreaField(
        _l("Your message"),
        validators=[
            InputRequired(message=_l("Please write a message.")),
            Length(
                max=feedback.MESSAGE_MAX_LENGTH,
                message=_l("Please keep it under 5,000 characters."),
            ),
        ],
    )

    def validate_message(self, field) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("Please write a message."))


def _reader() -> User | None:
    return current_user if isinstance(current_user, User) else None


def _form() -> FeedbackForm:
    """The form for this visitor: a reader who may be a child gets no name or e-mail field,
    and anything such a reader sends in them anyway is not read."""
    form = FeedbackForm()
    if not feedback.asks_for_contact_details(_reader()):
        del form.name
        del form.email
    return form


def _not_kept(status: int = 200):
    """A reader known to be under 16: we would not keep the message, so we do not take it."""
    return render_template("feedback/not_kept.html"), status


@bp.get("/feedback")
def form():
    """The contact form."""
    if not feedback.keeps_messages_from(_reader()):
        return _not_kept()
    return render_template("feedback/form.html", form=_form(), reader=_reader())


@bp.post("/feedback")
@limiter.limit(SUBMIT_LIMIT)
def submit():
    """Store the message and say how long we keep it."""
    if not feedback.keeps_messages_from(_reader()):
        return _not_kept(403)  # nothing is stored, whatever was sent
    form = _form()
    if not form.validate_on_submit():
        return render_template("feedback/form.html", form=form, reader=_reader()), 400
    asked = "email" in form
    try:
        feedback.submit(
            _reader(),
            form.message.data,
            name=(form.name.data or "") if asked else "",
            email=(form.email.data or "") if asked else "",
            topic=FeedbackTopic(form.topic.data),
        )
    except feedback.NotKept:
        return _not_kept(403)
    return redirect(url_for("feedback.thanks"), code=303)


@bp.get("/feedback/thanks")
def thanks():
    """Thank you, and how long the message is kept."""
    return render_template("feedback/thanks.html")
