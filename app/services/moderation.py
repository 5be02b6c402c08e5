"""The moderators' use-cases: holding, the queues, decisions and the audit log.

Every decision is a conditional UPDATE (``... WHERE status = 'pending'``) whose row count
says whether this moderator made it: two moderators deciding at once yield one decision,
and deciding an already decided (or erased) comment changes nothing and raises
:class:`AlreadyDecided`. Each decision writes an :class:`~app.models.AuditEntry` that names
people only by pseudonym, so the log outlives the erasure of the author.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from flask import current_app
from markupsafe import Markup
from sqlalchemy import and_, case, exists, func, or_, select, update
from sqlalchemy.orm import selectinload

from app import clock
from app.extensions import db
from app.models import (
    AgeClass,
    AgeVerdict,
    AuditAction,
    AuditEntry,
    Comment,
    CommentStatus,
    ErasureRequest,
    ErasureScope,
    ErasureTrigger,
    ModeratorGrant,
    Report,
    SignalSource,
    User,
)
from app.services import (
    age,
    erasure,
    erasure_guard,
    page_cache,
    pseudonyms,
    readers,
    roles,
    sanitize,
    screening,
    subscriptions,
)

log = logging.getLogger(__name__)

# Queue names as the audit log records them.
UNDER_16 = "under_16"
REPORTED = "reported"

RECENT_REASONS = 3  # rejection reasons shown per author
BULK_LIMIT = 200  # ids in one bulk decision
_DECISIONS = (AuditAction.APPROVE, AuditAction.REJECT)


# -- refusals ----------------------------------------------------------------------------------


class DecisionRefused(Exception):
    """The decision was not made; nothing changed."""


class AlreadyDecided(DecisionRefused):
    """Someone already decided (or the comment is gone): a repeat is a no-op."""


class AuthorBeingErased(AlreadyDecided):
    """The author's erasure was asked for: nothing of theirs is published any more."""


class ClaimedByOther(DecisionRefused):
    """Another moderator's claim on the comment is still open."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until)
        self.until = until


class UndoUnavailable(DecisionRefused):
    """No decision of this moderator on this comment is recent enough to undo."""


class NotAllowed(DecisionRefused):
    """The action does not apply to this reader (e.g. suspending a child)."""


class OutOfScope(NotAllowed):
    """Not this moderator's to decide: a reports-only moderator acts only on adults'
    public comments with open reports and on their authors, never on a moderator."""


# -- the reports-only role's scope -------------------------------------------------------------
#
# A reports moderator is not vetted to see children's material. They see, and act on, only
# published comments that are not on a guardian hold, whose author is an adult and not a
# moderator, with an open report; and people only as the author of such a comment.


def _vetted(moderator: User) -> bool:
    return roles.can_review_minors(moderator)


def _reports_population() -> Any:
    """SQL: comments a reports moderator may know of, in any state: not on a guardian hold,
    by an adult who is not a moderator."""
    return and_(
        Comment.guardian_hold.is_(False),
        Comment.author_id.in_(
            select(User.id).where(
                User.age_class == AgeClass.ADULT,
                User.facebook_id.not_in(select(ModeratorGrant.facebook_id)),
            )
        ),
    )


def _in_reports_scope() -> Any:
    """SQL: a comment a reports moderator may see (the caller adds the open report)."""
    return and_(Comment.status == CommentStatus.PUBLISHED, _reports_population())


def _reported_scope(moderator: User | None) -> Any:
    """SQL: reported comments this moderator's queue shows (nobody sees guardian-held ones)."""
    if moderator is not None and not _vetted(moderator):
        return _in_reports_scope()
    return and_(Comment.status == CommentStatus.PUBLISHED, Comment.guardian_hold.is_(False))


def check_person_scope(moderator: User, user: User) -> None:
    """Raise OutOfScope unless this moderator may decide about this reader: never about a
    moderator; a reports moderator only about the author of a comment in their queue."""
    if roles.is_moderator(user):
        raise OutOfScope(user.id)
    if _vetted(moderator):
        return
    in_queue = db.session.scalar(
        select(Comment.id)
        .where(Comment.author_id == user.id, _in_reports_scope(), _OPEN_REPORT)
        .limit(1)
    )
    if in_queue is None:
        raise OutOfScope(user.id)


def _check_comment_scope(moderator: User, comment_id: int) -> None:
    """Raise OutOfScope when a reports moderator may not know this comment: not an adult's,
    or on a guardian hold. (Whether it is still published with an open report is the
    decision's own condition: a repeat answers "already decided".)"""
    if _vetted(moderator):
        return
    found = db.session.scalar(
        select(Comment.id).where(Comment.id == comment_id, _reports_population())
    )
    if found is None:
        raise OutOfScope(comment_id)


# -- reading the under-16 queue ----------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """A keyset position in the under-16 queue: (held_since, id) of the last item shown."""

    held_since: datetime
    id: int

    def encode(self) -> str:
        return f"{self.held_since.isoformat()}_{self.id}"

    @classmethod
    def decode(cls, value: str) -> Cursor:
        """Parse ``<iso time>_<id>``; ValueError when it is not one."""
        when, _, ident = value.partition("_")
        if not ident.isdigit() or len(ident) > 12:
            raise ValueError("not a queue position")
        return cls(datetime.fromisoformat(when).replace(tzinfo=None), int(ident))


@dataclass
class AuthorHistory:
    """What moderators decided about an author's earlier comments."""

    approved: int = 0
    rejected: int = 0
    removed: int = 0
    recent_reasons: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.approved or self.rejected or self.removed)


@dataclass
class QueueItem:
    """One held comment as the desk shows it."""

    comment: Comment
    history: AuthorHistory
    now: datetime

    @property
    def waited_seconds(self) -> int:
        since = self.comment.held_since or self.comment.created_at
        return max(0, int((self.now - since).total_seconds()))

    @property
    def screened(self) -> bool:
        return self.comment.screened_at is not None

    @cached_property
    def findings(self) -> dict[str, int]:
        return screening.summary(self.comment.screening or [])

    @cached_property
    def highlighted(self) -> Markup:
        """The comment as plain text with the screening findings marked.

        The text is made exactly as the screening job made it, so the positions fit; the
        job stores its rendering (``screened_html``, cleared when the text changes), so the
        desk parses only a comment screened before that column existed.
        """
        if self.comment.screened_html is not None:
            return Markup(self.comment.screened_html)  # noqa: S704 - screening.highlight's
        text = sanitize.plain_text(self.comment.body_html)
        return screening.highlight(text, self.comment.screening or [])

    @cached_property
    def parent_text(self) -> str | None:
        """The comment replied to, as context (tags stripped: no positions needed here)."""
        parent = self.comment.parent
        if parent is None:
            return None
        return Markup(parent.body_html).striptags()  # noqa: S704 - only its text is kept

    def claimed_by_other(self, moderator: User) -> bool:
        return _claim_open(self.comment, self.now) and self.comment.claimed_by_id != moderator.id

    def claimed_by_me(self, moderator: User) -> bool:
        return _claim_open(self.comment, self.now) and self.comment.claimed_by_id == moderator.id

    @property
    def claim_until(self) -> datetime | None:
        if self.comment.claimed_at is None:
            return None
        return self.comment.claimed_at + _claim_duration()

    @property
    def claimant_pseudonym(self) -> str | None:
        claimant = self.comment.claimed_by_id
        return None if claimant is None else pseudonyms.pseudonym("user", claimant)


@dataclass
class QueuePage:
    items: list[QueueItem]
    next_cursor: Cursor | None
    total: int


def minors_queue(after: Cursor | None = None, limit: int | None = None) -> QueuePage:
    """Held comments, oldest first, one keyset page (index ix_comments_status_held_since)."""
    limit = limit or current_app.config["MODERATION_PAGE_SIZE"]
    stmt = (
        select(Comment)
        .where(Comment.status == CommentStatus.PENDING)
        .order_by(Comment.held_since, Comment.id)
        .limit(limit + 1)
        .options(
            selectinload(Comment.article),
            selectinload(Comment.parent),
            selectinload(Comment.author),
        )
    )
    if after is not None:
        # ">=" bounds the index range; the OR only breaks ties on the same instant.
        stmt = stmt.where(
            Comment.held_since >= after.held_since,
            or_(Comment.held_since > after.held_since, Comment.id > after.id),
        )
    comments = list(db.session.scalars(stmt))
    next_cursor = None
    if len(comments) > limit:
        comments = comments[:limit]
        last = comments[-1]
        if last.held_since is not None:
            next_cursor = Cursor(last.held_since, last.id)
    total = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.status == CommentStatus.PENDING)
    )
    return QueuePage(items=_as_items(comments), next_cursor=next_cursor, total=total or 0)


def queue_item(comment_id: int) -> QueueItem | None:
    """One comment of the under-16 queue (decided or not) with its context, or None."""
    comment = db.session.scalar(
        select(Comment)
        .where(Comment.id == comment_id)
        .options(selectinload(Comment.article), selectinload(Comment.parent))
    )
    if comment is None or comment.held_since is None or comment.status is CommentStatus.ERASED:
        return None
    return _as_items([comment])[0]


def _as_items(comments: Sequence[Comment]) -> list[QueueItem]:
    histories = author_histories({c.author_id for c in comments if c.author_id is not None})
    now = clock.now()
    return [
        QueueItem(comment=c, history=histories.get(c.author_id, AuthorHistory()), now=now)
        for c in comments
    ]


def author_histories(author_ids: set[int]) -> dict[int | None, AuthorHistory]:
    """Approved/rejected/removed counts and the last few rejection reasons, in one query."""
    if not author_ids:
        return {}
    # A moderator decided: held comments get decided_at, removals resolve reports.
    decided = case(
        (or_(Comment.decided_at.is_not(None), Comment.status == CommentStatus.REMOVED), 1),
        else_=0,
    )
    partition = (Comment.author_id, Comment.status, decided)
    ranked = (
        select(
            Comment.author_id,
            Comment.status,
            Comment.rejection_reason,
            decided.label("decided"),
            func.count().over(partition_by=partition).label("status_count"),
            func.row_number()
            .over(partition_by=partition, order_by=(Comment.decided_at.desc(), Comment.id.desc()))
            .label("rank"),
        )
        # Only the author filter here, so that the database walks ix_comments_author_created
        # for these few authors instead of every decided comment.
        .where(Comment.author_id.in_(author_ids))
        .subquery()
    )
    rows = db.session.execute(
        select(
            ranked.c.author_id, ranked.c.status, ranked.c.rejection_reason, ranked.c.status_count
        ).where(
            ranked.c.decided == 1,
            ranked.c.rank <= RECENT_REASONS,
            ranked.c.status.in_(
                (CommentStatus.PUBLISHED, CommentStatus.REJECTED, CommentStatus.REMOVED)
            ),
        )
    )
    histories: dict[int | None, AuthorHistory] = {}  # author-less comments look up None
    for author_id, status, reason, count in rows:
        history = histories.setdefault(author_id, AuthorHistory())
        if status is CommentStatus.PUBLISHED:
            history.approved = count
        elif status is CommentStatus.REJECTED:
            history.rejected = count
            if reason:
                history.recent_reasons.append(reason)
        else:
            history.removed = count
    return histories


# -- overview ----------------------------------------------------------------------------------


@dataclass
class Overview:
    pending: int
    unscreened: int
    oldest_held_since: datetime | None
    reported: int
    oldest_report_at: datetime | None
    now: datetime

    @property
    def oldest_wait_seconds(self) -> int | None:
        if self.oldest_held_since is None:
            return None
        return max(0, int((self.now - self.oldest_held_since).total_seconds()))

    @property
    def oldest_report_wait_seconds(self) -> int | None:
        if self.oldest_report_at is None:
            return None
        return max(0, int((self.now - self.oldest_report_at).total_seconds()))


def overview(moderator: User | None = None) -> Overview:
    """Counts and the oldest waiting time of each queue (the reported queue as this
    moderator sees it)."""
    pending, unscreened, oldest = db.session.execute(
        select(
            func.count(),
            func.count().filter(Comment.screened_at.is_(None)),
            func.min(Comment.held_since),
        ).where(Comment.status == CommentStatus.PENDING)
    ).one()
    reported, oldest_report = db.session.execute(
        select(func.count(func.distinct(Report.comment_id)), func.min(Report.created_at))
        .join(Comment, Comment.id == Report.comment_id)
        .where(Report.resolved_at.is_(None), _reported_scope(moderator))
    ).one()
    return Overview(
        pending=pending,
        unscreened=unscreened,
        oldest_held_since=oldest,
        reported=reported,
        oldest_report_at=oldest_report,
        now=clock.now(),
    )


# -- the reported queue ------------------------------------------------------------------------


@dataclass
class ReportedItem:
    comment: Comment
    reports: list[Report]
    first_reported_at: datetime
    history: AuthorHistory
    now: datetime

    @property
    def waited_seconds(self) -> int:
        return max(0, int((self.now - self.first_reported_at).total_seconds()))

    @property
    def text(self) -> str:
        return sanitize.plain_text(self.comment.body_html)

    @property
    def reasons(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for report in self.reports:
            counts[report.reason.value] = counts.get(report.reason.value, 0) + 1
        return counts


@dataclass(frozen=True)
class ReportCursor:
    first_reported_at: datetime
    comment_id: int

    def encode(self) -> str:
        return f"{self.first_reported_at.isoformat()}_{self.comment_id}"

    @classmethod
    def decode(cls, value: str) -> ReportCursor:
        position = Cursor.decode(value)
        return cls(position.held_since, position.id)


@dataclass
class ReportedPage:
    items: list[ReportedItem]
    next_cursor: ReportCursor | None


def reported_queue(
    after: ReportCursor | None = None, limit: int | None = None, moderator: User | None = None
) -> ReportedPage:
    """Published comments with open reports, grouped per comment, oldest report first.

    Never a comment on a guardian hold; a reports-only moderator sees adults' comments only,
    and of their authors' history only what the reported queue decided (removals).
    """
    limit = limit or current_app.config["MODERATION_PAGE_SIZE"]
    first = func.min(Report.created_at)
    stmt = (
        select(Report.comment_id, first.label("first_reported"))
        .join(Comment, Comment.id == Report.comment_id)
        .where(Report.resolved_at.is_(None), _reported_scope(moderator))
        .group_by(Report.comment_id)
        .order_by(first, Report.comment_id)
        .limit(limit + 1)
    )
    if after is not None:
        stmt = stmt.having(
            or_(
                first > after.first_reported_at,
                and_(first == after.first_reported_at, Report.comment_id > after.comment_id),
            )
        )
    rows = db.session.execute(stmt).all()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = ReportCursor(rows[-1][1], rows[-1][0])
    ids = [comment_id for comment_id, _ in rows]
    comments = {
        c.id: c
        for c in db.session.scalars(
            select(Comment)
            .where(Comment.id.in_(ids))
            .options(selectinload(Comment.article), selectinload(Comment.author))
        )
    }
    reports: dict[int, list[Report]] = {}
    for report in db.session.scalars(
        select(Report)
        .where(Report.comment_id.in_(ids), Report.resolved_at.is_(None))
        .order_by(Report.created_at, Report.id)
    ):
        reports.setdefault(report.comment_id, []).append(report)
    histories = author_histories(
        {c.author_id for c in comments.values() if c.author_id is not None}
    )
    if moderator is not None and not _vetted(moderator):
        # The under-16 queue's decisions (and their reasons) are children's material.
        histories = {
            author: AuthorHistory(removed=history.removed) for author, history in histories.items()
        }
    now = clock.now()
    items = [
        ReportedItem(
            comment=comments[comment_id],
            reports=reports.get(comment_id, []),
            first_reported_at=first_reported,
            history=histories.get(comments[comment_id].author_id, AuthorHistory()),
            now=now,
        )
        for comment_id, first_reported in rows
        if comment_id in comments
    ]
    return ReportedPage(items=items, next_cursor=next_cursor)


# -- decisions on held comments ----------------------------------------------------------------


def _claim_duration() -> timedelta:
    return timedelta(seconds=current_app.config["CLAIM_SECONDS"])


def _claim_open(comment: Comment, now: datetime) -> bool:
    return (
        comment.claimed_by_id is not None
        and comment.claimed_at is not None
        and comment.claimed_at > now - _claim_duration()
    )


def _free_or_mine(moderator: User, now: datetime) -> Any:
    """SQL: nobody else holds an open claim on the comment."""
    return or_(
        Comment.claimed_by_id.is_(None),
        Comment.claimed_by_id == moderator.id,
        Comment.claimed_at.is_(None),
        Comment.claimed_at <= now - _claim_duration(),
    )


def _reload(comment_id: int) -> Comment | None:
    return db.session.scalar(
        select(Comment).where(Comment.id == comment_id).execution_options(populate_existing=True)
    )


def _refusal(comment_id: int, now: datetime) -> DecisionRefused:
    """Why a conditional update touched no row."""
    db.session.rollback()
    comment = _reload(comment_id)
    if comment is None or comment.status is not CommentStatus.PENDING:
        return AlreadyDecided(comment_id)
    if _claim_open(comment, now) and comment.claimed_at is not None:
        return ClaimedByOther(comment.claimed_at + _claim_duration())
    return AlreadyDecided(comment_id)  # decided and undone in between: let them look again


def _decide(
    moderator: User,
    comment_id: int,
    status: CommentStatus,
    reason: str | None,
    reason_code: str | None = None,
) -> Comment:
    if status is CommentStatus.PUBLISHED:
        held = db.session.get(Comment, comment_id)
        if held is not None and not erasure_guard.may_publish(held):
            raise AuthorBeingErased(comment_id)
    now = clock.now()
    values: dict[str, Any] = {
        "status": status,
        "decided_at": now,
        "rejection_reason": reason,
        "claimed_by_id": None,
        "claimed_at": None,
    }
    if status is CommentStatus.PUBLISHED:
        values["published_at"] = now
    result = db.session.execute(
        update(Comment)
        .where(
            Comment.id == comment_id,
            Comment.status == CommentStatus.PENDING,
            _free_or_mine(moderator, now),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        raise _refusal(comment_id, now)
    comment = _reload(comment_id)
    assert comment is not None
    held_since = comment.held_since or comment.created_at
    _audit(
        AuditAction.APPROVE if status is CommentStatus.PUBLISHED else AuditAction.REJECT,
        moderator,
        subject_id=comment.author_id,
        comment_id=comment.id,
        queue=UNDER_16,
        reason=reason,
        reason_code=reason_code,
        details={
            "waited_seconds": max(0, int((now - held_since).total_seconds())),
            "screened": comment.screened_at is not None,
            "findings": screening.summary(comment.screening or []),
        },
        at=now,
    )
    if status is CommentStatus.PUBLISHED:
        subscriptions.comment_published(comment)
    db.session.commit()
    if status is CommentStatus.PUBLISHED:
        page_cache.invalidate(comment.article_id)
    log.info("comment %s %s by moderator %s", comment.id, status.value, moderator.id)
    return comment


def approve(moderator: User, comment_id: int) -> Comment:
    """Publish a held comment. Raises AlreadyDecided or ClaimedByOther; then nothing changed."""
    return _decide(moderator, comment_id, CommentStatus.PUBLISHED, None)


def reject(
    moderator: User, comment_id: int, reason: str, reason_code: str | None = None
) -> Comment:
    """Reject a held comment with the reason its author will see.

    ``reason_code`` is the preset reason chosen: the audit log keeps it for good, while the
    text (which may quote the child) goes when its subject is erased or after retention.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("a rejection needs a reason")
    return _decide(moderator, comment_id, CommentStatus.REJECTED, reason[:600], reason_code)


def claim(moderator: User, comment_id: int) -> Comment:
    """Take a held comment for CLAIM_SECONDS so other moderators leave it alone."""
    now = clock.now()
    result = db.session.execute(
        update(Comment)
        .where(
            Comment.id == comment_id,
            Comment.status == CommentStatus.PENDING,
            _free_or_mine(moderator, now),
        )
        .values(claimed_by_id=moderator.id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        raise _refusal(comment_id, now)
    comment = _reload(comment_id)
    assert comment is not None
    _audit(
        AuditAction.CLAIM,
        moderator,
        subject_id=comment.author_id,
        comment_id=comment_id,
        queue=UNDER_16,
        details={"claim_seconds": current_app.config["CLAIM_SECONDS"]},
        at=now,
    )
    db.session.commit()
    return comment


def undoable_decision(moderator: User, comment_id: int | None = None) -> AuditEntry | None:
    """This moderator's latest approval or rejection still inside UNDO_SECONDS, if any."""
    now = clock.now()
    stmt = (
        select(AuditEntry)
        .where(
            AuditEntry.moderator_id == moderator.id,
            AuditEntry.action.in_(_DECISIONS),
            AuditEntry.undone_at.is_(None),
            AuditEntry.created_at >= now - timedelta(seconds=current_app.config["UNDO_SECONDS"]),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if comment_id is not None:
        stmt = stmt.where(AuditEntry.comment_id == comment_id)
    return db.session.scalar(stmt)


def undo(moderator: User, comment_id: int) -> Comment:
    """Take back one's own decision within UNDO_SECONDS: the comment is held again.

    The comment goes back to its place in the queue, claimed by the same moderator.
    """
    entry = undoable_decision(moderator, comment_id)
    if entry is None:
        raise UndoUnavailable(comment_id)
    now = clock.now()
    decided = (
        CommentStatus.PUBLISHED if entry.action is AuditAction.APPROVE else CommentStatus.REJECTED
    )
    marked = db.session.execute(
        update(AuditEntry)
        .where(AuditEntry.id == entry.id, AuditEntry.undone_at.is_(None))
        .values(undone_at=now)
        .execution_options(synchronize_session=False)
    )
    reverted = db.session.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.status == decided)
        .values(
            status=CommentStatus.PENDING,
            decided_at=None,
            rejection_reason=None,
            published_at=None,
            claimed_by_id=moderator.id,
            claimed_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1 or reverted.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        db.session.rollback()
        raise UndoUnavailable(comment_id)
    comment = _reload(comment_id)
    assert comment is not None
    _audit(
        AuditAction.UNDO,
        moderator,
        subject_id=comment.author_id,
        comment_id=comment_id,
        queue=UNDER_16,
        details={"undid": entry.action.value, "audit_entry": entry.id},
        at=now,
    )
    db.session.commit()
    if decided is CommentStatus.PUBLISHED:
        page_cache.invalidate(comment.article_id)
    return comment


@dataclass
class BulkResult:
    decided: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


def bulk_decide(
    moderator: User,
    comment_ids: Iterable[int],
    reason: str | None,
    reason_code: str | None = None,
) -> BulkResult:
    """Approve (``reason`` None) or reject each comment on its own, under the same rules."""
    result = BulkResult()
    for comment_id in dict.fromkeys(comment_ids):  # once each, in the order given
        try:
            if reason is None:
                approve(moderator, comment_id)
            else:
                reject(moderator, comment_id, reason, reason_code)
        except DecisionRefused:
            result.skipped.append(comment_id)
        else:
            result.decided.append(comment_id)
    return result


# -- decisions on reported comments ------------------------------------------------------------

_OPEN_REPORT = exists().where(Report.comment_id == Comment.id, Report.resolved_at.is_(None))


def _resolve_reports(comment_id: int, resolution: str, now: datetime) -> int:
    result = db.session.execute(
        update(Report)
        .where(Report.comment_id == comment_id, Report.resolved_at.is_(None))
        .values(resolved_at=now, resolution=resolution)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]  # a CursorResult


def remove_reported(moderator: User, comment_id: int) -> Comment:
    """Take down a reported comment (a tombstone stays for its replies); reports resolved."""
    _check_comment_scope(moderator, comment_id)
    now = clock.now()
    result = db.session.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.status == CommentStatus.PUBLISHED, _OPEN_REPORT)
        .values(status=CommentStatus.REMOVED)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        db.session.rollback()
        raise AlreadyDecided(comment_id)
    resolved = _resolve_reports(comment_id, "removed", now)
    comment = _reload(comment_id)
    assert comment is not None
    _audit(
        AuditAction.REMOVE,
        moderator,
        subject_id=comment.author_id,
        comment_id=comment_id,
        queue=REPORTED,
        details={"reports": resolved},
        at=now,
    )
    db.session.commit()
    page_cache.invalidate(comment.article_id)
    return comment


def dismiss_reports(moderator: User, comment_id: int) -> int:
    """Close a comment's open reports; the comment stays. Returns how many were closed."""
    _check_comment_scope(moderator, comment_id)
    now = clock.now()
    comment = _reload(comment_id)
    if comment is None:
        raise AlreadyDecided(comment_id)
    resolved = _resolve_reports(comment_id, "dismissed", now)
    if not resolved:
        db.session.rollback()
        raise AlreadyDecided(comment_id)
    _audit(
        AuditAction.DISMISS_REPORT,
        moderator,
        subject_id=comment.author_id,
        comment_id=comment_id,
        queue=REPORTED,
        details={"reports": resolved},
        at=now,
    )
    db.session.commit()
    return resolved


# -- decisions about people --------------------------------------------------------------------


def mark_under_16(
    moderator: User, user: User, comment_id: int | None = None, queue: str | None = None
) -> None:
    """A moderator finds the author is a child: pre-moderate them, hold their published
    comments, and erase what we hold about them outside comments."""
    check_person_scope(moderator, user)
    if user.age_class is AgeClass.UNDER_16_CONFIRMED:
        raise AlreadyDecided(user.id)
    now = clock.now()
    transition = age.record_signal(user, SignalSource.MODERATOR, AgeVerdict.UNDER)
    db.session.flush()
    readers.react_to_age_change(user, transition)
    # Their comments are no longer public, so reports on them are settled.
    db.session.execute(
        update(Report)
        .where(
            Report.resolved_at.is_(None),
            Report.comment_id.in_(select(Comment.id).where(Comment.author_id == user.id)),
        )
        .values(resolved_at=now, resolution="author_under_16")
        .execution_options(synchronize_session=False)
    )
    _audit(
        AuditAction.MARK_UNDER_16,
        moderator,
        subject_id=user.id,
        comment_id=comment_id,
        queue=queue,
        details={"before": transition.before.value, "first_time": transition.first_time_minor},
        at=now,
    )
    db.session.commit()


def erase_account(moderator: User, user: User, comment_id: int | None = None) -> ErasureRequest:
    """A moderator found a child: erase the whole account now (comments become tombstones
    where others replied). The erasure job runs on the ``erasure`` queue after commit."""
    if roles.is_moderator(user):
        raise NotAllowed(user.id)  # a colleague leaves through an operator, not the desk
    request = erasure.request_erasure(user, ErasureTrigger.MODERATOR, ErasureScope.ACCOUNT)
    _audit(
        AuditAction.ERASE_ACCOUNT,
        moderator,
        subject_id=user.id,
        comment_id=comment_id,
        queue=UNDER_16,
        details={"erasure": request.code},
        at=clock.now(),
    )
    db.session.commit()
    return request


def suspend(moderator: User, user: User, comment_id: int | None = None) -> None:
    """Stop an adult from commenting; they keep every right over their own data."""
    check_person_scope(moderator, user)
    if user.age_class is not AgeClass.ADULT:
        raise NotAllowed(user.id)
    _set_suspension(moderator, user, comment_id, suspended=True)


def unsuspend(moderator: User, user: User, comment_id: int | None = None) -> None:
    """Let a suspended reader comment again (any moderator: it only gives back a right)."""
    if roles.is_moderator(user):
        raise OutOfScope(user.id)
    _set_suspension(moderator, user, comment_id, suspended=False)


def _set_suspension(moderator: User, user: User, comment_id: int | None, suspended: bool) -> None:
    now = clock.now()
    condition = User.suspended_at.is_(None) if suspended else User.suspended_at.is_not(None)
    result = db.session.execute(
        update(User)
        .where(User.id == user.id, condition)
        .values(suspended_at=now if suspended else None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        db.session.rollback()
        raise AlreadyDecided(user.id)
    _audit(
        AuditAction.SUSPEND if suspended else AuditAction.UNSUSPEND,
        moderator,
        subject_id=user.id,
        comment_id=comment_id,
        queue=REPORTED if comment_id is not None else None,
        at=now,
    )
    db.session.commit()
    db.session.refresh(user)


def suspended_readers(limit: int = 200, moderator: User | None = None) -> list[User]:
    """Suspended readers, most recently suspended first (adults only for a reports
    moderator: a reader found to be a child since is not theirs to see)."""
    stmt = select(User).where(User.suspended_at.is_not(None))
    if moderator is not None and not _vetted(moderator):
        stmt = stmt.where(User.age_class == AgeClass.ADULT)
    return list(db.session.scalars(stmt.order_by(User.suspended_at.desc()).limit(limit)))


# -- the audit log -----------------------------------------------------------------------------


def _audit(
    action: AuditAction,
    moderator: User,
    *,
    subject_id: int | None = None,
    comment_id: int | None = None,
    queue: str | None = None,
    reason: str | None = None,
    reason_code: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction; people only by pseudonym."""
    entry = AuditEntry(
        action=action,
        moderator_id=moderator.id,
        moderator_pseudonym=pseudonyms.pseudonym("user", moderator.id),
        subject_pseudonym=None if subject_id is None else pseudonyms.pseudonym("user", subject_id),
        comment_id=comment_id,
        queue=queue,
        reason=reason,
        reason_code=reason_code,
        details=details,
        created_at=at or clock.now(),
    )
    db.session.add(entry)
    return entry


def audit_person(
    action: AuditAction,
    moderator: User,
    *,
    subject_id: int,
    queue: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """An audit entry for a decision about a person (the caller commits)."""
    return _audit(action, moderator, subject_id=subject_id, queue=queue, details=details)


def audit_log(
    action: AuditAction | None = None, before_id: int | None = None, limit: int | None = None
) -> tuple[list[AuditEntry], int | None]:
    """Audit entries, newest first, optionally of one action; returns (entries, next before)."""
    limit = limit or current_app.config["MODERATION_PAGE_SIZE"]  # a page, like the queues
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit + 1)
    if action is not None:
        stmt = stmt.where(AuditEntry.action == action)
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    entries = list(db.session.scalars(stmt))
    if len(entries) > limit:
        entries = entries[:limit]
        return entries, entries[-1].id
    return entries, None
