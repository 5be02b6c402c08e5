"""Who may open a page: the decorators in front of the views (the rules: app/services/roles)."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from app.services.roles import can_review_minors, is_moderator


def moderator_required(minors: bool = False):
    """View decorator: 403 for anyone who is not a moderator (or not vetted, with minors=True)."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            allowed = can_review_minors(current_user) if minors else is_moderator(current_user)
            if not allowed:
                abort(403, description="This page is for moderators.")
            return view(*args, **kwargs)

        return wrapped

    return decorate
