"""The moderators' desk: /moderation/...

Full (vetted) moderators work the under-16 queue, the audit log and guardian cases;
every moderator works the reported queue and sees the statistics. Views are thin: parse,
load or 404, one service call, redirect or render. Every action is a CSRF-protected POST.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar, cast

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse

from app import clock
from app.auth.access import moderator_required
from app.extensions import db
from app.models import AuditAction, ModeratorGrant, ModeratorScope, User
from app.moderation.forms import (
    REJECTION_REASONS,
    ActionForm,
    BulkForm,
    PersonActionForm,
    RejectForm,
)
from app.services import audit as audit_log
from app.services import guardian, moderation, roles, stats
from app.services.keyset import Position
from app.services.moderation import (
    AlreadyDecided,
    ClaimedByOther,
    DecisionRefused,
    NotAllowed,
    OutOfScope,
    UndoUnavailable,
)
from app.urls import safe_next
from app.web import parse_id

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

ALREADY_DECIDED = _l(
    "Already decided: another moderator got there first, or the comment is gone. "
    "Nothing was changed."
)


# -- template helpers (app-wide: base.html shows the desk link to moderators) -----------------


def _grant() -> ModeratorGrant | None:
    """The current user's moderator grant, looked up once per request."""
    if "desk_grant" not in g:
        g.desk_grant = roles.grant_for(current_user)
    return g.desk_grant


@bp.app_context_processor
def inject_moderator_flag() -> dict[str, Any]:
    return {"current_user_is_moderator": _grant() is not None}


@bp.context_processor
def inject_desk_role() -> dict[str, Any]:
    grant = _grant()
    return {"desk_vetted": grant is not None and grant.scope is ModeratorScope.FULL}


@bp.app_template_filter("desk_duration")
def desk_duration(seconds: int | None) -> str:
    """A waiting time for people: "45 s", "12 min", "3 h 5 min", "2 d 4 h"."""
    if seconds is None:
        return "–"
    seconds = int(seconds)
    if seconds < 60:
        return _("%(seconds)s s", seconds=seconds)
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 3600:
        return _("%(minutes)s min", minutes=minutes)
    if seconds < 86400:
        return _("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes % 60)
    return _("%(days)s d %(hours)s h", days=days, hours=hours % 24)


@bp.app_template_filter("desk_time")
def desk_time(value: datetime | None) -> str:
    return "–" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


# -- helpers ----------------------------------------------------------------------------------


def _valid(form: FlaskForm) -> FlaskForm:
    """The form, validated; 400 with the first problem otherwise (nothing changes)."""
    if not form.validate():
        messages = [m for errors in form.errors.values() for m in errors]
        abort(400, description=str(messages[0]) if messages else _("That form was not valid."))
    return form


def _back(form: ActionForm, default: str) -> BaseResponse:
    return redirect(safe_next(form.next.data, default))


def _id_or_404(value: int) -> int:
    if parse_id(str(value)) is None:
        abort(404)
    return value


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, _id_or_404(user_id))
    if user is None:
        abort(404)
    return user


# -- refusals: the decision was not made -----------------------------------------------------
#
# A service refuses a decision by raising a DecisionRefused (nothing changed); refused() below
# turns it into the page that says why, with the way back the action named (_way_back). A view
# whose refusal says something particular declares it with @refusals({...}).

OUT_OF_SCOPE = _l(
    "This is not yours to decide: the reported queue covers adults' published comments with "
    "open reports and their authors, never a moderator. Nothing was changed."
)
Messages = dict[type[DecisionRefused], str]
View = TypeVar("View", bound=Callable[..., Any])


def _way_back(form: ActionForm, default: str) -> str:
    """Where the action returns to (its form's ``next``), and a refusal's page links to."""
    g.desk_back = safe_next(form.next.data, url_for(default))
    return g.desk_back


def refusals(messages: Messages) -> Callable[[View], View]:
    """What this view's refusals say where it differs from refused()'s general message."""

    def decorate(view: View) -> View:
        @wraps(view)
        def declared(*args: Any, **kwargs: Any) -> Any:
            g.desk_refusals = messages
            return view(*args, **kwargs)

        return cast(View, declared)

    return decorate


@bp.errorhandler(DecisionRefused)
def refused(exc: DecisionRefused) -> tuple[str, int]:
    """409: the decision was not made, and why (403 when this moderator's role does not reach
    that comment or person), with the way back."""
    back = g.get("desk_back") or url_for(".index")
    if isinstance(exc, OutOfScope):
        return _conflict(OUT_OF_SCOPE, back, 403)
    messages: Messages = g.get("desk_refusals", {})
    message = next((m for kind, m in messages.items() if isinstance(exc, kind)), None)
    if message is not None:
        return _conflict(str(message), back)  # as gettext would: translated, then escaped
    if isinstance(exc, ClaimedByOther):
        return _conflict(
            _(
                "Another moderator has claimed this comment until %(moment)s. "
                "Nothing was changed; take the next one.",
                moment=desk_time(exc.until),
            ),
            back,
        )
    if isinstance(exc, UndoUnavailable):
        return _conflict(
            _(
                "Too late to undo: a decision can be taken back for %(seconds)s seconds, by the "
                "moderator who made it. Nothing was changed.",
                seconds=current_app.config["UNDO_SECONDS"],
            ),
            back,
        )
    return _conflict(ALREADY_DECIDED, back)


def _conflict(message: str, back: str, status: int = 409) -> tuple[str, int]:
    return render_template("moderation/conflict.html", message=message, back=back), status


# -- overview ---------------------------------------------------------------------------------


@bp.get("/")
@moderator_required()
def index():
    """The desk's front page: each queue's size and oldest wait."""
    vetted = roles.can_review_minors(current_user)
    return render_template(
        "moderation/index.html",
        overview=moderation.overview(current_user),
        vetted=vetted,
        guardian_overdue=guardian.overdue_count() if vetted else 0,
    )


# -- the under-16 queue -----------------------------------------------------------------------


def _undo_context() -> dict[str, Any]:
    """The undo bar: this moderator's last decision, while it can still be taken back."""
    entry = moderation.undoable_decision(current_user)
    seconds = current_app.config["UNDO_SECONDS"]
    remaining = 0
    if entry is not None:
        remaining = max(0, seconds - int((clock.now() - entry.created_at).total_seconds()))
    return {"undo_entry": entry, "undo_seconds": seconds, "undo_remaining": remaining}


@bp.get("/minors")
@moderator_required(minors=True)
def minors():
    """Held comments, oldest first, with findings, context and the author's history."""
    after = None
    if request.args.get("after"):
        try:
            after = Position.decode(request.args["after"])
        except ValueError:
            abort(400, description=_("That queue position is not valid."))
    page = moderation.minors_queue(after=after)
    return render_template(
        "moderation/minors.html",
        page=page,
        after=after,
        reasons=REJECTION_REASONS,
        here=request.full_path.rstrip("?"),
        **_undo_context(),
    )


@bp.get("/comments/<int:comment_id>")
@moderator_required(minors=True)
def item(comment_id: int):
    """One held (or decided) comment with everything the desk knows about it."""
    found = moderation.queue_item(_id_or_404(comment_id))
    if found is None:
        abort(404)
    return render_template(
        "moderation/item.html",
        item=found,
        reasons=REJECTION_REASONS,
        here=url_for(".item", comment_id=comment_id),
        **_undo_context(),
    )


@bp.post("/comments/<int:comment_id>/approve")
@moderator_required(minors=True)
def approve(comment_id: int):
    """Publish a held comment."""
    form = _valid(ActionForm())
    back = _way_back(form, ".minors")
    moderation.approve(current_user, _id_or_404(comment_id))
    flash(_("Approved comment %(id)s: it is public now.", id=comment_id), "success")
    return redirect(back)


@bp.post("/comments/<int:comment_id>/reject")
@moderator_required(minors=True)
def reject(comment_id: int):
    """Reject a held comment with a reason its author will see."""
    form = _valid(RejectForm())
    back = _way_back(form, ".minors")
    moderation.reject(current_user, _id_or_404(comment_id), form.reason_text(), form.reason.data)
    flash(_("Rejected comment %(id)s. Its author sees your reason.", id=comment_id), "success")
    return redirect(back)


@bp.post("/comments/<int:comment_id>/claim")
@moderator_required(minors=True)
def claim(comment_id: int):
    """Take a comment so that other moderators leave it to you for a while."""
    form = _valid(ActionForm())
    back = _way_back(form, ".minors")
    moderation.claim(current_user, _id_or_404(comment_id))
    minutes = max(1, current_app.config["CLAIM_SECONDS"] // 60)
    flash(
        _("Comment %(id)s is yours for %(minutes)s min.", id=comment_id, minutes=minutes), "success"
    )
    return redirect(back)


@bp.post("/comments/<int:comment_id>/undo")
@moderator_required(minors=True)
def undo(comment_id: int):
    """Take back one's own approval or rejection within a few seconds."""
    form = _valid(ActionForm())
    back = _way_back(form, ".minors")
    moderation.undo(current_user, _id_or_404(comment_id))
    flash(
        _("Undone: comment %(id)s waits in the queue again, claimed by you.", id=comment_id),
        "success",
    )
    return redirect(back)


@bp.post("/minors/bulk")
@moderator_required(minors=True)
def bulk():
    """Approve or reject the selected comments, each under the same rules as one by one."""
    form = _valid(BulkForm())
    reason = form.reason_text() if form.action.data == "reject" else None
    code = form.reason.data if reason is not None else None
    result = moderation.bulk_decide(current_user, form.ids.data, reason, code)
    count = len(result.decided)
    if reason is None:
        message = _("Approved %(count)s.", count=count)
    else:
        message = _("Rejected %(count)s.", count=count)
    if result.skipped:
        skipped = ", ".join(str(i) for i in result.skipped)
        message += " " + _(
            "Skipped %(count)s (already decided, gone, or claimed by another moderator): %(ids)s.",
            count=len(result.skipped),
            ids=skipped,
        )
    flash(message, "success" if not result.skipped else "warning")
    return _back(form, url_for(".minors"))


# -- the reported queue -----------------------------------------------------------------------


@bp.get("/reports")
@moderator_required()
def reports():
    """Published comments that readers reported, oldest report first."""
    after = None
    if request.args.get("after"):
        try:
            after = Position.decode(request.args["after"])
        except ValueError:
            abort(400, description=_("That queue position is not valid."))
    return render_template(
        "moderation/reports.html",
        page=moderation.reported_queue(after=after, moderator=current_user),
        after=after,
        here=request.full_path.rstrip("?"),
    )


@bp.post("/reports/<int:comment_id>/remove")
@moderator_required()
def remove(comment_id: int):
    """Take a reported comment down; its reports are resolved."""
    form = _valid(ActionForm())
    back = _way_back(form, ".reports")
    moderation.remove_reported(current_user, _id_or_404(comment_id))
    flash(_("Removed comment %(id)s; its reports are closed.", id=comment_id), "success")
    return redirect(back)


@bp.post("/reports/<int:comment_id>/dismiss")
@moderator_required()
def dismiss(comment_id: int):
    """Close a comment's reports; the comment stays up."""
    form = _valid(ActionForm())
    back = _way_back(form, ".reports")
    count = moderation.dismiss_reports(current_user, _id_or_404(comment_id))
    flash(
        ngettext(
            "Dismissed %(num)s report on comment %(id)s; it stays up.",
            "Dismissed %(num)s reports on comment %(id)s; it stays up.",
            count,
            id=comment_id,
        ),
        "success",
    )
    return redirect(back)


# -- people -----------------------------------------------------------------------------------


@bp.post("/users/<int:user_id>/mark-under-16")
@moderator_required()
@refusals({AlreadyDecided: _l("This reader is already marked as under 16. Nothing was changed.")})
def mark_under_16(user_id: int):
    """The author is a child: hold their comments, erase what we hold outside comments."""
    form = _valid(PersonActionForm())
    back = _way_back(form, ".index")
    user = _user_or_404(user_id)
    moderation.mark_under_16(current_user, user, form.comment(), form.queue_name())
    flash(
        _(
            "Marked as under 16: their published comments are held for review, and what we "
            "held about them outside comments is being erased."
        ),
        "success",
    )
    return redirect(back)


@bp.post("/users/<int:user_id>/erase")
@moderator_required(minors=True)
@refusals({NotAllowed: _l("A moderator's account cannot be erased from the desk.")})
def erase_account(user_id: int):
    """The author is a child whose whole account must go: erase it now."""
    form = _valid(PersonActionForm())
    _way_back(form, ".minors")
    user = _user_or_404(user_id)
    request = moderation.erase_account(current_user, user, form.comment())
    flash(_("The account is being erased. Receipt: %(code)s.", code=request.code), "success")
    return redirect(url_for(".minors"))


@bp.post("/users/<int:user_id>/suspend")
@moderator_required()
@refusals(
    {
        NotAllowed: _l(
            "Only adult readers can be suspended. A reader who may be under 16 is "
            "pre-moderated already. Nothing was changed."
        ),
        AlreadyDecided: _l("This reader is already suspended. Nothing was changed."),
    }
)
def suspend(user_id: int):
    """Stop an adult author from commenting."""
    form = _valid(PersonActionForm())
    back = _way_back(form, ".reports")
    user = _user_or_404(user_id)
    moderation.suspend(current_user, user, form.comment())
    flash(
        _("Suspended: they can no longer comment, and keep every right over their data."),
        "success",
    )
    return redirect(back)


@bp.post("/users/<int:user_id>/unsuspend")
@moderator_required()
@refusals({AlreadyDecided: _l("This reader is not suspended. Nothing was changed.")})
def unsuspend(user_id: int):
    """Let a suspended reader comment again."""
    form = _valid(PersonActionForm())
    back = _way_back(form, ".suspended")
    user = _user_or_404(user_id)
    moderation.unsuspend(current_user, user, form.comment())
    flash(_("The suspension is lifted."), "success")
    return redirect(back)


@bp.get("/suspended")
@moderator_required()
def suspended():
    """Readers who may not comment at the moment."""
    return render_template(
        "moderation/suspended.html", readers=moderation.suspended_readers(moderator=current_user)
    )


# -- audit log and statistics -----------------------------------------------------------------


@bp.get("/audit")
@moderator_required(minors=True)
def audit():
    """Every decision: who (pseudonym), what, when and why; filterable by action."""
    action = None
    if request.args.get("action"):
        try:
            action = AuditAction(request.args["action"])
        except ValueError:
            abort(400, description=_("There is no such action."))
    before = None
    if request.args.get("before"):
        before = parse_id(request.args["before"])
        if before is None:
            abort(400, description=_("That log position is not valid."))
    entries, next_before = audit_log.page(action=action, before_id=before)
    return render_template(
        "moderation/audit.html",
        entries=entries,
        next_before=next_before,
        action=action,
        actions=list(AuditAction),
    )


@bp.get("/stats")
@moderator_required()
def statistics():
    """Queue depth, time to decision and decisions per day: aggregates only."""
    return render_template("moderation/stats.html", report=stats.desk_stats(), charts=stats.CHARTS)


@bp.get("/stats/<name>.svg")
@moderator_required()
def chart(name: str):
    """One chart as a self-contained SVG (no script, no resource from elsewhere)."""
    if name not in stats.CHARTS:
        abort(404)
    svg = stats.render_chart(name, stats.desk_stats())
    response = Response(svg, mimetype="image/svg+xml")
    # The chart styles itself inline; it runs nothing and loads nothing.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


# The queue page's templates, compiled as a production worker starts: Jinja's compiler took
# ~120 ms of a moderator's first request on each worker (the desk's p99).
DESK_TEMPLATES = (
    "base.html",
    "_language.html",
    "moderation/_layout.html",
    "moderation/_labels.html",
    "moderation/_macros.html",
    "moderation/_shortcuts.html",
    "moderation/minors.html",
)


@bp.record_once  # last: after the desk's own filters are registered
def _compile_desk_templates(state: Any) -> None:
    if state.app.config["APP_ENV"] == "production":
        for name in DESK_TEMPLATES:
            state.app.jinja_env.get_template(name)
