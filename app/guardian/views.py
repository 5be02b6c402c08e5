"""Guardians' removal requests: the form, the mailed confirmation, the status page.

No account is needed. Whatever a request names, the answer is the same page, so nobody can
use the form to learn who comments here.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.extensions import limiter
from app.forms import PlainTextForm, email_address, single_line
from app.models import GuardianCaseState
from app.services import guardian

REQUEST_LIMIT = "5 per hour"  # per IP address: a form anyone can post must not be a mail cannon
LOOKUP_LIMIT = "60 per hour"  # confirmation links and status pages: no guessing references

bp = Blueprint("guardian", __name__)


class GuardianRequestForm(PlainTextForm):
    child_name = StringField(
        _l("The child's name as it is shown on the comments"),
        validators=[Optional(), Length(max=200), single_line],
    )
    article = StringField(
        _l("The article the child commented on (its address or title)"),
        validators=[Optional(), Length(max=2000), single_line],
    )
    comments = TextAreaField(
        _l("Links to the comments, one per line (if you have them)"),
        validators=[Optional(), Length(max=4000)],
    )
    relationship = RadioField(
        _l("You are the child's"),
        choices=[r.value for r in guardian.Relationship],  # labels: the template
        validators=[InputRequired(message=_l("Please tell us how you are related to the child."))],
    )
    note = TextAreaField(
        _l("Anything else that helps us find the comments (optional)"),
        validators=[Optional(), Length(max=1000)],
    )
    email = StringField(
        _l("Your e-mail address"), validators=[InputRequired(), Length(max=254), email_address]
    )
    consent = BooleanField(
        _l("I agree that Kommentar keeps this request and my e-mail address to handle it."),
        validators=[DataRequired(message=_l("Please tick the box so that we may handle it."))],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not ((self.child_name.data or "").strip() or (self.comments.data or "").strip()):
            self.form_errors.append(
                _l("Please give the child's name as shown here, or links to the comments.")
            )
            return False
        return valid

    def to_request(self) -> guardian.GuardianRequest:
        return guardian.GuardianRequest(
            email=self.email.data.strip(),
            relationship=guardian.Relationship(self.relationship.data),
            child_name=self.child_name.data or "",
            article=self.article.data or "",
            comments=self.comments.data or "",
            note=self.note.data or "",
        )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: confirming is a deliberate POST, never a prefetched GET."""


@bp.get("/guardian")
def request_form():
    """The request form; no account needed."""
    return render_template("guardian/request.html", form=GuardianRequestForm())


@bp.post("/guardian")
@limiter.limit(REQUEST_LIMIT)
def submit():
    """Store the request and mail a confirmation link; the answer never depends on the data."""
    form = GuardianRequestForm()
    if not form.validate_on_submit():
        return render_template("guardian/request.html", form=form), 400
    guardian.submit_request(form.to_request())
    return redirect(url_for("guardian.sent"), code=303)


@bp.get("/guardian/sent")
def sent():
    """The one answer every request gets."""
    return render_template("guardian/sent.html")


@bp.get("/guardian/confirm/<token>")
@limiter.limit(LOOKUP_LIMIT)
def confirm_page(token: str):
    """The mailed link: a button to press (mail scanners open links; they must not confirm)."""
    case = guardian.case_for_token(token)
    if case is None:
        abort(404, description="This link is not valid, or it has expired.")
    if case.state is not GuardianCaseState.UNCONFIRMED:
        # Used once, the link (which access logs may hold) shows nothing about the case.
        return render_template("guardian/link_used.html")
    return render_template("guardian/confirm.html", form=ConfirmForm(), token=token)


@bp.post("/guardian/confirm/<token>")
@limiter.limit(LOOKUP_LIMIT)
def confirm(token: str):
    """Confirm the request: the case goes to the moderators. Confirming twice changes nothing."""
    case = guardian.case_for_token(token)
    if case is None:
        abort(404, description="This link is not valid, or it has expired.")
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400, description="The form expired. Open the link from the e-mail again.")
    if not guardian.confirm_by_guardian(case):
        return render_template("guardian/link_used.html")
    return render_template("guardian/confirmed.html", case=case)


@bp.get("/guardian/case/<reference>")
@limiter.limit(LOOKUP_LIMIT)
def status(reference: str):
    """Where a case stands, in plain words; nothing about anyone."""
    case = guardian.case_for_reference(reference)
    if case is None:
        abort(404, description="We have no request with that reference.")
    receipt = guardian.receipt_for(case) if case.state is GuardianCaseState.ERASED else None
    return render_template("guardian/status.html", case=case, receipt=receipt)
