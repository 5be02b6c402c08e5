"""The moderators' side of guardian cases: /moderation/guardian/...

Only vetted (full) moderators: a case shows a child's comments.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from app.auth.access import moderator_required
from app.extensions import db
from app.forms import PlainTextForm
from app.models import GuardianCase, GuardianCaseState
from app.services import guardian

bp = Blueprint("guardian_desk", __name__, url_prefix="/moderation/guardian")


class DecisionForm(FlaskForm):
    """Confirming needs nothing but the CSRF token."""


class DismissForm(PlainTextForm):
    reason = TextAreaField(
        _l("Why (the guardian reads this)"),
        validators=[
            InputRequired(message=_l("Please give the guardian a reason.")),
            Length(max=guardian.DISMISSAL_REASON_MAX_LENGTH),
        ],
    )


class AttachForm(PlainTextForm):
    comment = StringField(
        _l("A comment by the child (its link or number)"),
        validators=[InputRequired(), Length(max=2000)],
    )


def _case_or_404(case_id: int) -> GuardianCase:
    case = db.session.get(GuardianCase, case_id)
    if case is None:
        abort(404, description="There is no such case.")
    return case


@bp.get("/")
@moderator_required(minors=True)
def cases():
    """Open guardian cases, overdue first."""
    waiting = guardian.open_cases()
    return render_template(
        "moderation/guardian_cases.html",
        waiting=waiting,
        overdue={case.id for case in waiting if guardian.is_overdue(case)},
        erasing=guardian.being_erased(),
        desk_vetted=True,  # only vetted moderators get here
    )


@bp.get("/<int:case_id>")
@moderator_required(minors=True)
def case(case_id: int):
    """One case: what the guardian told us, the comments it holds, the decision."""
    found = _case_or_404(case_id)
    return _render_case(found)


def _render_case(
    found: GuardianCase,
    dismiss: DismissForm | None = None,
    attach: AttachForm | None = None,
    status: int = 200,
):
    undecided = found.state is GuardianCaseState.OPEN and found.decided_at is None
    return (
        render_template(
            "moderation/guardian_case.html",
            case=found,
            undecided=undecided,
            overdue=guardian.is_overdue(found),
            held=guardian.held_comments(found),
            comments=guardian.subject_comments(found),
            confirm_form=DecisionForm(),
            dismiss_form=dismiss or DismissForm(),
            attach_form=attach or AttachForm(),
            desk_vetted=True,
        ),
        status,
    )


@bp.post("/<int:case_id>/confirm")
@moderator_required(minors=True)
def confirm(case_id: int):
    """The reader is a child: erase their account now."""
    found = _case_or_404(case_id)
    try:
        guardian.confirm_case(found, current_user)
    except guardian.AlreadyDecided:
        abort(409, description="This case has already been decided.")
    except guardian.NoSubject:
        flash(_("Find the child first: attach one of their comments to the case."), "error")
        return redirect(url_for("guardian_desk.case", case_id=case_id), code=303)
    flash(_("Confirmed. The child's data is being erased now."), "success")
    return redirect(url_for("guardian_desk.cases"), code=303)


@bp.post("/<int:case_id>/dismiss")
@moderator_required(minors=True)
def dismiss(case_id: int):
    """Not a child of the guardian's, or nothing to remove: restore and tell the guardian."""
    found = _case_or_404(case_id)
    form = DismissForm()
    if not form.validate_on_submit():
        return _render_case(found, dismiss=form, status=400)
    try:
        guardian.dismiss_case(found, current_user, form.reason.data)
    except guardian.AlreadyDecided:
        abort(409, description="This case has already been decided.")
    except ValueError:
        form.reason.errors = [_("Please give the guardian a reason.")]
        return _render_case(found, dismiss=form, status=400)
    flash(
        _("Dismissed. The comments are visible again and the guardian has been told why."),
        "success",
    )
    return redirect(url_for("guardian_desk.cases"), code=303)


@bp.post("/<int:case_id>/attach")
@moderator_required(minors=True)
def attach(case_id: int):
    """The moderator found the child by hand: hold that reader's comments for this case."""
    found = _case_or_404(case_id)
    form = AttachForm()
    if not form.validate_on_submit():
        return _render_case(found, attach=form, status=400)
    try:
        guardian.attach_subject(found, current_user, form.comment.data)
    except guardian.AlreadyDecided:
        abort(409, description="This case has already been decided.")
    except guardian.NoSuchComment:
        form.comment.errors = [_("No comment with an author has that number.")]
        return _render_case(found, attach=form, status=400)
    flash(
        _("Attached. That reader's published comments are hidden while the case is open."),
        "success",
    )
    return redirect(url_for("guardian_desk.case", case_id=case_id), code=303)
