"""Forms and validators that several blueprints share (their macros: templates/_forms.html)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from app.services import mail, sanitize


def single_line(form: FlaskForm, field) -> None:
    """Line breaks have no place in a one-line field (and must never reach a mail header)."""
    if field.data and mail.has_line_break(field.data):
        raise ValidationError(_l("Please keep this to one line."))


def email_address(form: FlaskForm, field) -> None:
    if not mail.valid_address((field.data or "").strip()):
        raise ValidationError(_l("Please give one e-mail address, like name@example.com."))


class PlainTextForm(FlaskForm):
    """A form whose text fields refuse NUL and other control characters, whatever the
    request hooks did (they cannot see a body the CSRF check has already parsed)."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and sanitize.has_forbidden_characters(field.data):
                field.errors = [*field.errors, _l("This contains characters that are not allowed.")]
                valid = False
        return valid
