"""The thread page's forms. Length and content rules live in the comments service."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from app.models import ReportReason

REPORT_REASONS: list[SelectChoice] = [
    SelectChoice(ReportReason.ABUSE.value, _l("Abusive or hateful")),
    SelectChoice(ReportReason.SPAM.value, _l("Spam or advertising")),
    SelectChoice(ReportReason.PERSONAL_INFO.value, _l("Shares someone's personal details")),
    SelectChoice(ReportReason.UNDER_16.value, _l("I think the writer is a child")),
    SelectChoice(ReportReason.OTHER.value, _l("Something else")),
]


class CommentForm(FlaskForm):
    """A new comment or a reply; ``next`` lets the widget's no-script fallback return there."""

    body = TextAreaField(_l("Your comment"))
    parent_id = HiddenField()
    next = HiddenField()


class EditForm(FlaskForm):
    body = TextAreaField(_l("Your comment"))
    next = HiddenField()


class DeleteForm(FlaskForm):
    next = HiddenField()


class ReportForm(FlaskForm):
    reason = SelectField(_l("Why should a moderator look at it?"), choices=REPORT_REASONS)
    note = TextAreaField(
        _l("Anything else we should know? (optional)"),
        validators=[Optional(), Length(max=500)],
    )
    next = HiddenField()
