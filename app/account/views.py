"""A reader's own data: /me shows it, exports it, corrects the name, deletes the account."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    flash,
    has_request_context,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from sqlalchemy.exc import SQLAlchemyError

from app.account.forms import DeleteAccountForm, NameForm, PlainForm
from app.extensions import limiter
from app.privacy import export
from app.services import account, age_reviews

bp = Blueprint("account", __name__)

DELETE_LIMIT = "5/minute"


def _page(
    name_form: NameForm | None = None,
    delete_form: DeleteAccountForm | None = None,
    error: str | None = None,
    status: int = 200,
):
    user = current_user
    name_form = name_form or NameForm(display_name=user.display_name)
    holdings = [h for h in export.holdings(user) if h.count or h.table != "moderator_grants"]
    return (
        render_template(
            "account/me.html",
            user=user,
            overview=account.overview(user),
            holdings=holdings,
            name_form=name_form,
            delete_form=delete_form or DeleteAccountForm(),
            plain_form=PlainForm(),
            age_review_open=age_reviews.open_request_at(user),
            may_ask_age_review=age_reviews.may_request(user),
            error=error,
        ),
        status,
    )


@bp.get("/me")
@login_required
def me():
    """Everything we hold about the reader, and why."""
    return _page()


@bp.get("/me/export.json")
@login_required
def export_json():
    """All of the reader's data as a JSON download."""
    body = json.dumps(export.export_for(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="kommentar-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/me/name")
@login_required
def rename():
    """Correct the display name."""
    form = NameForm()
    if not form.validate_on_submit():
        return _page(name_form=form, error=_("The form expired. Please try again."), status=400)
    try:
        account.rename(current_user, form.display_name.data or "")
    except account.NameLocked as exc:
        return _page(name_form=form, error=str(exc), status=403)
    except account.InvalidName as exc:
        return _page(name_form=form, error=str(exc), status=400)
    flash(_("Your display name is changed."), "success")
    return redirect(url_for("account.me"))


@bp.post("/me/age-review")
@login_required
def ask_age_review():
    """Ask a moderator to review how we classified the reader's age."""
    if not PlainForm().validate_on_submit():
        return _page(error=_("The form expired. Please try again."), status=400)
    try:
        age_reviews.request_review(current_user)
    except age_reviews.ReviewRefused:
        return _page(error=_("There is nothing to review at the moment."), status=409)
    flash(_("Thank you. A moderator will look at how we classified your age."), "success")
    return redirect(url_for("account.me") + "#age")


@bp.post("/me/sessions/end")
@login_required
def end_sessions():
    """Log out on every device, this one included."""
    if not PlainForm().validate_on_submit():
        return _page(error=_("The form expired. Please try again."), status=400)
    account.end_every_session(current_user)
    logout_user()
    session.clear()
    flash(_("You are logged out everywhere."), "success")
    return redirect(url_for("privacy.statement"))


@bp.post("/me/delete")
@login_required
@limiter.limit(DELETE_LIMIT)
def delete():
    """Delete the account and everything about the reader; show the code to follow it."""
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return _page(
            delete_form=form,
            error=_("Tick the box to confirm that you want your account deleted."),
            status=400,
        )
    receipt = account.delete_account(current_user)
    logout_user()
    session.clear()
    return render_template("account/deleted.html", code=receipt.code)


@bp.app_context_processor
def privacy_notice():
    """Logged-in pages tell the reader when the privacy statement has changed."""
    if not has_request_context():  # mail rendered by a job
        return {"privacy_notice_due": False}
    try:
        due = current_user.is_authenticated and account.privacy_notice_due(current_user)
    except SQLAlchemyError:  # an error page while the database is down
        due = False
    return {"privacy_notice_due": due}
