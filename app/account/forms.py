"""The forms on /me. Name rules live in the account service."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired


class NameForm(FlaskForm):
    display_name = StringField(_l("Display name"))


class DeleteAccountForm(FlaskForm):
    confirm = BooleanField(
        _l(
            "I understand that my account, my comments and everything else about me will be "
            "deleted, and that this cannot be undone."
        ),
        validators=[InputRequired()],
    )


class PlainForm(FlaskForm):
    """A button that only needs the CSRF token (end sessions, acknowledge)."""
