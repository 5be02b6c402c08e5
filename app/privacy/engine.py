"""The erasure engine: carries out one erasure request (for the job
``app.jobs.erasure.erase_person`` on the ``erasure`` queue).

It erases the subject in every context the privacy map names (app/privacy/map.py), in
batches that each commit together with the running counts, so a killed worker's re-run
(the sweeper re-enqueues it) goes on where it stopped and the receipt's counts stay exact.
Re-running a completed request changes nothing. Logs carry ids and counts only.

Scope ACCOUNT erases everything, the account included; NON_COMMENT (a reader first found
to be under 16) erases every context but their comments and their account.
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rq.job import Job
from rq.serializers import JSONSerializer
from rq.utils import import_attribute
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from app import clock, jobs
from app.extensions import db
from app.models import (
    AgeSignal,
    AuditEntry,
    Comment,
    CommentStatus,
    ErasedSubject,
    ErasureRequest,
    ErasureScope,
    ErasureState,
    ErasureTrigger,
    FeedbackMessage,
    GuardianCase,
    ModeratorGrant,
    OutgoingMail,
    ReplySubscription,
    Report,
    Task,
    User,
)
from app.models.comment import TOMBSTONE
from app.privacy import batches
from app.services import erasure as erasure_service
from app.services import guardian, page_cache, pseudonyms, rate_limits, sessions
from app.services import mail as mail_service

log = logging.getLogger(__name__)

BATCH_SIZE = 500  # rows per batch where the database takes ids one parameter each
ACCOUNT = frozenset({ErasureScope.ACCOUNT})
BOTH = frozenset({ErasureScope.ACCOUNT, ErasureScope.NON_COMMENT})

# Jobs take ids only, and a job's parameter name says what its id is. These names tie a
# queued job (or an outbox task) to the rows of an erased person; a job whose parameters
# are named otherwise is never touched, so nobody else's work is lost.
ID_PARAMETERS: dict[str, str] = {
    "comment_id": "comments",
    "comment_ids": "comments",
    "user_id": "users",
    "author_id": "users",
    "reader_id": "users",
    "mail_id": "outgoing_mail",
    "outgoing_mail_id": "outgoing_mail",
    "feedback_id": "feedback_messages",
    "message_id": "feedback_messages",
    "subscription_id": "reply_subscriptions",
    "report_id": "reports",
}

ID_KINDS = frozenset(ID_PARAMETERS.values())

# Ids that never name a person's rows (a job taking one is not the subject's to delete).
OTHER_ID_PARAMETERS = frozenset(
    {"request_id", "case_id", "guardian_case_id", "article_id", "task_id"}
)

# Trigger that by itself says the subject is a child.
CHILD_TRIGGERS = {ErasureTrigger.GUARDIAN, ErasureTrigger.MODERATOR}


def _batch_committed() -> None:
    """Called after every committed batch (tests inject a crash here)."""


@dataclass
class Run:
    request: ErasureRequest
    user_id: int | None  # the live account (None once it is gone, or never was)
    facebook_id: str | None
    batch_size: int
    ids: dict[str, set[int]] = field(default_factory=dict)  # rows whose job payloads must go
    ids_changed: bool = False

    @property
    def scope(self) -> ErasureScope:
        return self.request.scope

    def remember(self, kind: str, ids: Iterable[int]) -> None:
        """Rows of the subject's: jobs naming them go, on this run and on any re-run."""
        known = self.ids.setdefault(kind, set())
        new = set(ids) - known
        if new:
            known |= new
            self.ids_changed = True

    def count(self, context: str, n: int) -> None:
        if n:
            counts = dict(self.request.counts or {})
            counts[context] = counts.get(context, 0) + n
            self.request.counts = counts  # a new dict, so the JSON column sees the change

    def commit(self) -> None:
        if self.ids_changed:  # on the request, so a re-run after the account went finds them
            self.request.pending_ids = {k: sorted(v) for k, v in self.ids.items() if v}
            self.ids_changed = False
        db.session.commit()
        _batch_committed()


@dataclass(frozen=True)
class Step:
    name: str
    tables: tuple[str, ...]  # privacy-map tables this step erases (checked by a test)
    scopes: frozenset[ErasureScope]
    run: Callable[[Run], None]
    needs_subject: bool = True


# -- the job -------------------------------------------------------------------------------


def erase(request_id: int, batch_size: int | None = None) -> str:
    """Carry out one erasure request and write its receipt. Safe to run again at any point.

    ``batch_size``: rows per committed batch (default: ``batches.default_size()``).
    """
    batch_size = batch_size or batches.default_size()
    request = db.session.get(ErasureRequest, request_id)
    if request is None:
        return "gone"
    if request.state is ErasureState.COMPLETED:
        _tell_guardian_case(request)  # in case the first run died right after its receipt
        return "already completed"
    if request.state is ErasureState.REFUSED:
        return "refused"
    if request.subject_id is None and not request.subject_hash and not request.guardian_case_id:
        request.state, request.refused_reason = ErasureState.REFUSED, "The request names no one."
        request.completed_at = clock.now()
        db.session.commit()
        log.warning("erasure request %s refused: no subject", request.id)
        return "refused"
    user = _subject(request)
    if request.state is ErasureState.RECEIVED:
        request.state, request.started_at = ErasureState.RUNNING, clock.now()
    _register(request, user)  # before anything goes, so a re-run still knows was_minor
    run = Run(
        request=request,
        user_id=user.id if user is not None else None,
        facebook_id=user.facebook_id if user is not None else None,
        batch_size=batch_size,
    )
    _collect_ids(run)
    # First, in one fast transaction: nothing of theirs is public any more, whatever
    # happens to this worker before the batches below are done.
    hidden = set()
    if run.scope is ErasureScope.ACCOUNT:
        hidden = erasure_service.hide_everything(run.user_id)
    run.commit()
    run.count("cached_pages", page_cache.invalidate_pages(hidden))  # saved with the next commit
    log.info("erasure request %s running (%s)", request.id, request.scope.value)
    for step in STEPS:
        if run.scope in step.scopes and (run.user_id is not None or not step.needs_subject):
            step.run(run)
    _complete(run)
    _tell_guardian_case(request)
    return "completed"


def _subject(request: ErasureRequest) -> User | None:
    """The person to erase, if they still have an account (and it is still theirs)."""
    if request.subject_id is None:
        return None
    user = db.session.get(User, request.subject_id)
    if user is None:
        return None
    if request.subject_hash and pseudonyms.subject_hash(user.facebook_id) != request.subject_hash:
        return None  # the id was reused by someone else after the account went
    return user


def _register(request: ErasureRequest, user: User | None) -> None:
    """Upsert the keyed hash in the erased-subjects registry.

    Only for someone we had: a callback for a Facebook id we never knew needs no entry (a
    re-run after the account went finds the entry its first run wrote). ``was_minor``
    (re-flag on return) is only set for whole-account erasures of a child: a child whose
    non-comment data went still has their account and their own age signals.
    """
    if not request.subject_hash or user is None:
        return
    was_minor = request.scope is ErasureScope.ACCOUNT and (
        request.trigger in CHILD_TRIGGERS or (user is not None and user.age_class.is_minor)
    )
    now = clock.now()
    row = db.session.get(ErasedSubject, request.subject_hash)
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.add(
                    ErasedSubject(
                        subject_hash=request.subject_hash,
                        was_minor=was_minor,
                        scope=request.scope,
                        first_erased_at=now,
                        last_erased_at=now,
                    )
                )
            return
        except IntegrityError:  # another erasure of the same person registered first
            row = db.session.get(ErasedSubject, request.subject_hash)
            if row is None:  # registered and gone again (another replay): nothing to merge
                return
    erasure_service.merge_registry_entry(row, was_minor, request.scope, now)


def _complete(run: Run) -> None:
    request = run.request
    request.state = ErasureState.COMPLETED
    request.completed_at = clock.now()
    request.subject_id = None
    request.pending_ids = None
    request.counts = dict(request.counts or {})
    if request.subject_hash:
        row = db.session.get(ErasedSubject, request.subject_hash)
        if row is not None:
            row.last_erased_at = max(row.last_erased_at, request.completed_at)
    db.session.commit()
    log.info(
        "erasure request %s completed (%s): %s",
        request.id,
        request.trigger.value,
        json.dumps(request.counts, sort_keys=True),
    )


def _tell_guardian_case(request: ErasureRequest) -> None:
    """Close the guardian case that asked for this erasure (idempotent on their side)."""
    if request.guardian_case_id is None:
        return
    guardian.erasure_completed(request.guardian_case_id, request)


# -- what belongs to the subject -----------------------------------------------------------


def _ids(query) -> set[int]:
    return set(db.session.scalars(query))


def _collect_ids(run: Run) -> None:
    """Ids of the subject's rows, before they go: queued jobs naming them go too.

    From the request first (what an earlier run found, and the account id it still holds
    while running), so a re-run after the account row went still finds job records made in
    between; then from the live rows, while there is an account.
    """
    for kind, stored in (run.request.pending_ids or {}).items():
        run.ids.setdefault(kind, set()).update(int(i) for i in stored)
    subject_id = run.request.subject_id
    if (
        run.scope is ErasureScope.ACCOUNT
        and subject_id is not None
        and (run.user_id is not None or _account_gone(subject_id))
    ):
        run.remember("users", [subject_id])
    uid = run.user_id
    if uid is None:
        return
    run.remember("outgoing_mail", _ids(select(OutgoingMail.id).where(OutgoingMail.user_id == uid)))
    run.remember(
        "feedback_messages", _ids(select(FeedbackMessage.id).where(FeedbackMessage.user_id == uid))
    )
    run.remember(
        "reply_subscriptions",
        _ids(select(ReplySubscription.id).where(ReplySubscription.user_id == uid)),
    )
    run.remember("reports", _ids(select(Report.id).where(Report.reporter_id == uid)))
    if run.scope is ErasureScope.ACCOUNT:
        run.remember("comments", _ids(select(Comment.id).where(Comment.author_id == uid)))
        run.remember(
            "reports",
            _ids(
                select(Report.id)
                .join(Comment, Report.comment_id == Comment.id)
                .where(Comment.author_id == uid)
            ),
        )


def _account_gone(user_id: int) -> bool:
    """The account row went (an earlier run erased it); not when the id now names another."""
    return db.session.get(User, user_id) is None


# -- the steps -----------------------------------------------------------------------------


def _end_sessions(run: Run) -> None:
    """First, so the person cannot add anything while the rest goes."""
    if run.user_id is not None:  # never None here (the step needs a subject); for mypy
        run.count("login_sessions", sessions.end_all_sessions(run.user_id))
    run.commit()


def _erase_comments(run: Run) -> None:
    """Set-based, a batch per commit. First their comments that something of someone else's
    hangs under (a reply, or a reply to their own reply) become author-less tombstones; then
    the rest go, a batch of comments without replies at a time, so a reply of theirs always
    goes before the comment of theirs it answers. Each batch's articles lose their cached
    pages once it is committed. Should someone answer a comment of theirs meanwhile, the
    loop finds it a tombstone too."""
    uid = run.user_id
    while True:
        tombstones = _answered_by_others(uid)
        for start in range(0, len(tombstones), run.batch_size):
            _tombstone(run, tombstones[start : start + run.batch_size])
        deleted = 0
        while _delete_unanswered(run, uid):
            deleted += 1
        if db.session.scalar(select(Comment.id).where(Comment.author_id == uid).limit(1)) is None:
            return
        if not (tombstones or deleted):  # never in a tree; fail (and retry) rather than spin
            raise RuntimeError("comments left that are neither answered nor unanswered")


def _answered_by_others(uid: int | None) -> list[int]:
    """Their comments with something of someone else's below them, at any depth."""
    parents: dict[int, int | None] = dict(
        db.session.execute(
            select(Comment.id, Comment.parent_id).where(Comment.author_id == uid)
        ).all()
    )
    if not parents:
        return []
    theirs = select(Comment.id).where(Comment.author_id == uid).scalar_subquery()
    answered = _ids(
        select(Comment.parent_id)
        .where(
            Comment.parent_id.in_(theirs),
            or_(Comment.author_id.is_(None), Comment.author_id != uid),
        )
        .distinct()
    )
    keep: set[int] = set()
    for comment_id in answered:
        current: int | None = comment_id
        while current is not None and current in parents and current not in keep:
            keep.add(current)
            current = parents[current]
    return sorted(keep)


def _tombstone(run: Run, ids: list[int]) -> None:
    run.remember("comments", ids)
    articles = _ids(select(Comment.article_id).where(batches.id_in(Comment.id, ids)).distinct())
    run.count("reports", batches.delete_where(Report, batches.id_in(Report.comment_id, ids)))
    db.session.execute(
        update(Comment)
        .where(batches.id_in(Comment.id, ids))
        .values(**TOMBSTONE, status=CommentStatus.ERASED, author_id=None)
        .execution_options(synchronize_session=False)
    )
    run.count("comments_tombstoned", len(ids))
    _commit_and_invalidate(run, articles)


def _delete_unanswered(run: Run, uid: int | None) -> bool:
    """One batch of their comments that nothing hangs under; False when there was none."""
    reply = aliased(Comment)
    rows = db.session.execute(
        select(Comment.id, Comment.article_id)
        .where(
            Comment.author_id == uid,
            ~select(reply.id).where(reply.parent_id == Comment.id).exists(),
        )
        .limit(run.batch_size)
    ).all()
    if not rows:
        return False
    ids = [comment_id for comment_id, _ in rows]
    run.remember("comments", ids)
    run.count("reports", batches.delete_where(Report, batches.id_in(Report.comment_id, ids)))
    run.count("comments_deleted", batches.delete_ids(Comment, ids))
    _commit_and_invalidate(run, {article_id for _, article_id in rows})
    return True


def _commit_and_invalidate(run: Run, articles: set[int]) -> None:
    run.commit()
    # After the commit: a page rendered from the old rows is dropped, and the page cache's
    # generation counter keeps one still being rendered from being stored. (Counted with
    # the next commit: a count, not worth a commit of its own.)
    run.count("cached_pages", page_cache.invalidate_pages(articles))


def _release_moderation_links(run: Run) -> None:
    """A moderator who goes: their claims are released, their audit entries keep only the
    pseudonym."""
    uid = run.user_id
    n = db.session.execute(  # type: ignore[attr-defined]  # a CursorResult
        update(Comment)
        .where(Comment.claimed_by_id == uid)
        .values(claimed_by_id=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    n += db.session.execute(  # type: ignore[attr-defined]  # a CursorResult
        update(AuditEntry)
        .where(AuditEntry.moderator_id == uid)
        .values(moderator_id=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    run.count("moderator_links", n or 0)
    run.commit()


def _rows_of(model: Any, column: Any, context: str) -> Callable[[Run], None]:
    def step(run: Run) -> None:
        _delete_in_batches(run, model, column == run.user_id, context)

    return step


def _erase_rate_limits(run: Run) -> None:
    """Their rate-limit counters (keyed hashes of their account, in the limiter's storage)."""
    if run.user_id is not None:
        run.count("rate_limits", rate_limits.purge_reader(run.user_id))


def _erase_mail(run: Run) -> None:
    while True:
        ids = db.session.scalars(
            select(OutgoingMail.id).where(OutgoingMail.user_id == run.user_id).limit(run.batch_size)
        ).all()
        if not ids:
            return
        run.remember("outgoing_mail", ids)
        mail_service.delete_local_copies(list(ids))  # the development mail folder
        run.count("outgoing_mail", batches.delete_where(OutgoingMail, OutgoingMail.id.in_(ids)))
        run.commit()


def _subject_account_id(run: Run) -> int | None:
    """The account id the subject had: live, or (on a re-run) remembered on the request."""
    if run.user_id is not None:
        return run.user_id
    remembered = run.ids.get("users") or set()
    return next(iter(remembered)) if len(remembered) == 1 else None


def _cases_about_them(run: Run) -> list[int]:
    who = []
    uid = _subject_account_id(run)
    if uid is not None:
        who.append(GuardianCase.subject_id == uid)
    if run.request.guardian_case_id is not None:
        who.append(GuardianCase.id == run.request.guardian_case_id)
    if not who:
        return []
    return sorted(_ids(select(GuardianCase.id).where(or_(*who))))


def _clear_notes_about_them(run: Run) -> None:
    """Free text that moderators wrote about the subject is the subject's data: the
    audit log keeps the decision and its preset reason code, not the moderator's words."""
    about = []
    uid = _subject_account_id(run)
    if uid is not None:
        about.append(AuditEntry.subject_pseudonym == pseudonyms.pseudonym("user", uid))
    cases = _cases_about_them(run)
    if cases:
        about.append(AuditEntry.guardian_case_id.in_(cases))
    comment_ids = sorted(run.ids.get("comments") or ())
    for start in range(0, len(comment_ids), run.batch_size):
        about.append(
            batches.id_in(AuditEntry.comment_id, comment_ids[start : start + run.batch_size])
        )
    for condition in about:  # one statement each: no parameter limit is ever reached
        n = db.session.execute(  # type: ignore[attr-defined]  # a CursorResult
            update(AuditEntry)
            .where(condition, AuditEntry.reason.is_not(None))
            .values(reason=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        run.count("moderator_notes", n or 0)
    if about:
        run.commit()


def _unlink_guardian_cases(run: Run) -> None:
    """Cases about the subject keep their state (the guardian follows it) but lose what
    describes the child, the moderators' reason for a dismissal included (and its words in
    the mail that told the guardian); the guardian's own contact details go by retention."""
    cases = _cases_about_them(run)
    if not cases:
        return
    for case_id, reason in db.session.execute(
        select(GuardianCase.id, GuardianCase.dismissal_reason).where(
            GuardianCase.id.in_(cases), GuardianCase.dismissal_reason.is_not(None)
        )
    ).all():
        if reason:
            _redact_case_mail(case_id, reason)
    n = db.session.execute(  # type: ignore[attr-defined]  # a CursorResult
        update(GuardianCase)
        .where(GuardianCase.id.in_(cases))
        .where(
            or_(
                GuardianCase.subject_id.is_not(None),
                GuardianCase.child_name.is_not(None),
                GuardianCase.comment_refs.is_not(None),
                GuardianCase.article_ref.is_not(None),
                GuardianCase.held_comment_ids.is_not(None),
                GuardianCase.details.is_not(None),
                GuardianCase.dismissal_reason.is_not(None),
            )
        )
        .values(
            subject_id=None,
            child_name=None,
            article_ref=None,
            comment_refs=None,
            held_comment_ids=None,
            details=None,
            dismissal_reason=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    run.count("guardian_cases", n or 0)
    run.commit()


REDACTED = "[removed]"


def _redact_case_mail(case_id: int, text: str) -> None:
    """The moderator's words leave the mail about a case (sent or not); the rest stays."""
    for mail in db.session.scalars(
        select(OutgoingMail).where(OutgoingMail.guardian_case_id == case_id)
    ):
        if text in mail.body:
            mail.body = mail.body.replace(text, REDACTED)
            mail_service.delete_local_copies([mail.id])  # the development folder's copy


def _erase_moderator_grant(run: Run) -> None:
    if run.facebook_id is None:
        return
    run.count(
        "moderator_grants",
        batches.delete_where(ModeratorGrant, ModeratorGrant.facebook_id == run.facebook_id),
    )
    run.commit()


def _erase_account(run: Run) -> None:
    """Last, so that every row above could still be found through the account."""
    run.count("users", batches.delete_where(User, User.id == run.user_id))
    run.commit()


def _purge_job_payloads(run: Run) -> None:
    """Queued, scheduled, started, failed and finished jobs (failed ones hold exception
    text) and outbox tasks that name the subject's rows."""
    if not any(run.ids.values()):
        return
    run.count("queued_jobs", _purge_rq_jobs(run.ids))
    run.count("tasks", _purge_tasks(run.ids, run.batch_size))
    run.commit()


STEPS: list[Step] = [
    Step("login_sessions", ("login_sessions",), ACCOUNT, _end_sessions),
    # needs_subject=False: a re-run after the account went finds its rows' ids on the request.
    Step("queued_jobs", ("tasks",), BOTH, _purge_job_payloads, needs_subject=False),
    Step("comments", ("comments",), ACCOUNT, _erase_comments),
    Step("moderator_links", ("audit_entries",), ACCOUNT, _release_moderation_links),
    Step(
        "moderator_notes", ("audit_entries",), ACCOUNT, _clear_notes_about_them, needs_subject=False
    ),
    Step("rate_limits", (), ACCOUNT, _erase_rate_limits),
    Step("reports", ("reports",), BOTH, _rows_of(Report, Report.reporter_id, "reports")),
    Step(
        "feedback_messages",
        ("feedback_messages",),
        BOTH,
        _rows_of(FeedbackMessage, FeedbackMessage.user_id, "feedback_messages"),
    ),
    Step(
        "reply_subscriptions",
        ("reply_subscriptions",),
        BOTH,
        _rows_of(ReplySubscription, ReplySubscription.user_id, "reply_subscriptions"),
    ),
    Step("outgoing_mail", ("outgoing_mail",), BOTH, _erase_mail),
    Step(
        "guardian_cases", ("guardian_cases",), ACCOUNT, _unlink_guardian_cases, needs_subject=False
    ),
    Step(
        "age_signals",
        ("age_signals",),
        ACCOUNT,
        _rows_of(AgeSignal, AgeSignal.user_id, "age_signals"),
    ),
    Step("moderator_grants", ("moderator_grants",), ACCOUNT, _erase_moderator_grant),
    Step("users", ("users",), ACCOUNT, _erase_account),
    # Again at the end: a job recorded for one of their rows while the erasure ran.
    Step("queued_jobs_again", ("tasks",), BOTH, _purge_job_payloads, needs_subject=False),
]


# -- helpers -------------------------------------------------------------------------------


def _delete_in_batches(run: Run, model: Any, condition: Any, context: str) -> None:
    for ids in batches.batches_of_ids(model, condition, run.batch_size):
        if context in ID_KINDS:
            run.remember(context, ids)
        run.count(context, batches.delete_ids(model, ids))
        run.commit()


@lru_cache(maxsize=256)
def _parameter_kinds(func_path: str) -> tuple[tuple[str, str | None], ...]:
    """(parameter name, id kind) for each parameter of a job function, by its name."""
    try:
        func = import_attribute(func_path)
        parameters = inspect.signature(func).parameters.values()
    except (ImportError, AttributeError, ValueError, TypeError):
        return ()
    return tuple((p.name, ID_PARAMETERS.get(p.name)) for p in parameters)


def _matches(value: Any, wanted: set[int] | None) -> bool:
    if not wanted:
        return False
    if isinstance(value, list):
        return any(_matches(v, wanted) for v in value)
    return isinstance(value, int) and not isinstance(value, bool) and value in wanted


def references(
    func_path: str, args: Iterable[Any], kwargs: dict[str, Any], ids: dict[str, set[int]]
) -> bool:
    """Whether a job call names one of these rows, judged by its parameters' names."""
    kinds = _parameter_kinds(func_path)
    for (_, kind), value in zip(kinds, args, strict=False):
        if kind is not None and _matches(value, ids.get(kind)):
            return True
    return any(
        _matches(value, ids.get(ID_PARAMETERS.get(name, ""))) for name, value in kwargs.items()
    )


JOB_KEY_PREFIX = "rq:job:"


def _purge_rq_jobs(ids: dict[str, set[int]]) -> int:
    """Delete every RQ job (whatever its registry) whose arguments name the subject's rows.

    The candidates come from indexes written when each job was created, never from reading
    Redis whole: the job index by id (:func:`app.jobs.jobs_naming`) and the outbox (every
    task is handed to RQ as ``task-<id>``, its arguments kept in the database). So the cost
    does not grow with whatever else Redis holds. Each candidate is judged by its
    parameters' names before it goes, so nobody else's job is touched.
    """
    conn = jobs.connection()
    every_id = set().union(*ids.values())
    candidates = jobs.jobs_naming(every_id, conn)
    candidates.update(f"task-{task_id}" for task_id in _tasks_naming(ids))
    job_ids = sorted(candidates)
    removed = 0
    for start in range(0, len(job_ids), 500):
        for job in Job.fetch_many(
            job_ids[start : start + 500], connection=conn, serializer=JSONSerializer
        ):
            if job is None:
                continue
            try:
                func_name, args, kwargs = job.func_name, job.args, job.kwargs
            except Exception:  # noqa: BLE001, S112 - not one of ours (not JSON): leave it be
                continue
            if func_name and references(func_name, args or (), kwargs or {}, ids):
                job.delete(remove_from_queue=True)
                removed += 1
    return removed


def _tasks_naming(ids: dict[str, set[int]]) -> list[int]:
    """The outbox tasks whose arguments name one of these rows."""
    found: list[int] = []
    for func_path in db.session.scalars(select(Task.func).distinct()).all():
        if not any(kind for _, kind in _parameter_kinds(func_path)):
            continue
        found.extend(
            task_id
            for task_id, args in db.session.execute(
                select(Task.id, Task.args).where(Task.func == func_path)
            )
            if references(func_path, args or (), {}, ids)
        )
    return found


def _purge_tasks(ids: dict[str, set[int]], batch_size: int) -> int:
    removed = 0
    doomed = _tasks_naming(ids)
    for start in range(0, len(doomed), batch_size):
        removed += batches.delete_where(Task, Task.id.in_(doomed[start : start + batch_size]))
    return removed
