"""The desk's forms. Every one carries the CSRF token; bad input is a 400, never a 500."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.services.moderation import BULK_LIMIT, REPORTED, UNDER_16
from app.web import parse_id

NOTE_MAX_LENGTH = 500

# Preset reasons the author is shown, in the deciding moderator's language (the text is
# stored with the comment).
REJECTION_REASONS: list[tuple[str, Any]] = [
    ("personal_info", _l("Contains personal information")),
    ("contact", _l("Contact details")),
    ("bullying", _l("Bullying or harassment")),
    ("off_topic", _l("Off-topic")),
    ("other", _l("Other")),
]
_REASON_LABELS = dict(REJECTION_REASONS)


class IdListField(Field):
    """Several ``name=<id>`` values (the desk's checkboxes); any non-id fails the form."""

    def process_formdata(self, valuelist: list[str]) -> None:
        ids = [parse_id(value) for value in valuelist]
        if any(i is None for i in ids):
            self.data = []
            raise ValueError(_("The selection holds something that is not a comment number."))
        self.data = ids

    def _value(self) -> str:
        return ""


class ActionForm(FlaskForm):
    """A button: approve, claim, undo, remove, dismiss, suspend, ..."""

    next = HiddenField()


class PersonActionForm(ActionForm):
    """An action on a comment's author; the comment it came from goes into the audit log."""

    comment_id = HiddenField()
    queue = HiddenField()  # where the moderator acted from, for the audit log

    def queue_name(self) -> str | None:
        return self.queue.data if self.queue.data in (UNDER_16, REPORTED) else None

    def comment(self) -> int | None:
        return parse_id(self.comment_id.data) if self.comment_id.data else None

    def validate_comment_id(self, field: HiddenField) -> None:
        if field.data and parse_id(field.data) is None:
            raise ValidationError(_("Not a comment number."))


def _reason_field(required: bool) -> SelectField:
    message = _l("Choose a reason: the author will see it.")
    return SelectField(
        _l("Reason"),
        choices=[SelectChoice("", _l("Choose a reason…"))]
        + [SelectChoice(value, label) for value, label in REJECTION_REASONS],
        validators=[DataRequired(message) if required else Optional()],
    )


def _note_field() -> TextAreaField:
    return TextAreaField(
        _l("Words of your own (optional, the author sees them)"),
        validators=[
            Optional(),
            Length(max=NOTE_MAX_LENGTH, message=_l("Keep it under 500 characters.")),
        ],
    )


class RejectForm(ActionForm):
    reason = _reason_field(required=True)
    note = _note_field()

    def validate_reason(self, field: SelectField) -> None:
        # Checked here, not on the note: an empty note never reaches its own validators.
        if field.data == "other" and not (self.note.data or "").strip():
            raise ValidationError(_("With “Other”, say in a few words why."))

    def reason_text(self) -> str:
        """What the author is told: the preset reason, then the moderator's words."""
        note = " ".join((self.note.data or "").split())
        if self.reason.data == "other":
            return note
        label = str(_REASON_LABELS[self.reason.data])
        return f"{label}: {note}" if note else label


class BulkForm(RejectForm):
    """Approve or reject the selected comments; a rejection needs a reason."""

    ids = IdListField()
    action = SelectField(choices=[SelectChoice("approve"), SelectChoice("reject")])
    reason = _reason_field(required=False)

    def validate_ids(self, field: IdListField) -> None:
        if not field.data:
            raise ValidationError(_("Select at least one comment."))
        if len(field.data) > BULK_LIMIT:
            raise ValidationError(
                _("Select at most %(limit)s comments at a time.", limit=BULK_LIMIT)
            )

    def validate_action(self, field: SelectField) -> None:
        # Here, not on the reason: an empty (optional) reason skips its own validators.
        if field.data == "reject" and not self.reason.data:
            raise ValidationError(_("Choose a reason: the authors will see it."))
