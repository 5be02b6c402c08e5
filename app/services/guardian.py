"""Guardians' removal requests: from the form to the moderators' decision and the outcome.

The life of a case:

1. A guardian fills in ``/guardian`` (no account). A case is stored UNCONFIRMED and a
   confirmation link is mailed. Nothing is looked up yet, so the answer is the same
   whatever the request names: no one can learn who comments here.
2. The guardian confirms (a POST behind the mailed link). Now we look for the child's
   comments and the case is OPEN on the moderators' desk. A single matching reader's
   published comments are hidden at once (``guardian_hold``, reversible) only when that
   reader already has an under-age signal; anyone else's stay up until a moderator
   decides (a request alone hides nothing of an adult). A reader named by more than
   ``MAX_OPEN_CASES_PER_SUBJECT`` open cases is not attached again automatically. The
   guardian is told the same thing in every case.
3. A vetted moderator confirms (the child is marked under 16 and the erasure engine erases
   the account) or dismisses (the comments come back, the guardian is told why).
4. The erasure engine calls :func:`erasure_completed`; the guardian gets the receipt code.

Unconfirmed cases expire after ``UNCONFIRMED_DAYS`` and their contact details go at once;
closed cases lose theirs ``GUARDIAN_CONTACT_RETENTION_DAYS`` after closing (the erasure
engine's retention job). Mail never repeats what the requester typed.
"""

from __future__ import annotations

import enum
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app import clock
from app.extensions import db
from app.models import (
    AgeVerdict,
    Article,
    AuditAction,
    AuditEntry,
    Comment,
    CommentStatus,
    ErasureRequest,
    ErasureScope,
    ErasureTrigger,
    GuardianCase,
    GuardianCaseState,
    OutgoingMail,
    SignalSource,
    User,
)
from app.services import age, audit, erasure, erasure_guard, mail, page_cache, pseudonyms, readers

log = logging.getLogger(__name__)

UNCONFIRMED_DAYS = 7
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud on the phone
REFERENCE_RE = re.compile(r"^G-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")
MAX_COMMENT_REFS = 50
MAX_TOKEN_LENGTH = 100
DISMISSAL_REASON_MAX_LENGTH = 500
QUEUE = audit.GUARDIAN
MAX_OPEN_CASES_PER_SUBJECT = 3  # open cases naming one reader; beyond: a moderator looks

# Numbers that name a comment: "#comment-123", "/comments/123", "comment_id=123", or bare.
_COMMENT_REF_RE = re.compile(r"comments?\D{0,4}?(\d{1,18})", re.IGNORECASE)
_BARE_NUMBER_RE = re.compile(r"(?<![\w/.-])(\d{1,18})(?![\w/.-])")
_ARTICLE_PATH_RE = re.compile(r"^/(?:articles|embed)/([^/?#]+)")


class Relationship(enum.Enum):
    PARENT = "parent"
    GUARDIAN = "guardian"
    OTHER = "other"


class AlreadyDecided(Exception):
    """A moderator already decided this case (or it is not open); nothing changed."""


class NoSubject(Exception):
    """No reader is attached to the case yet: a moderator must find them first."""


class NoSuchComment(LookupError):
    """The comment a moderator named does not exist or has no author any more."""


@dataclass(frozen=True)
class GuardianRequest:
    """What the guardian typed, already validated by the form."""

    email: str
    relationship: Relationship
    child_name: str = ""
    article: str = ""
    comments: str = ""
    note: str = ""


# -- the guardian's side -------------------------------------------------------------------


def submit_request(request: GuardianRequest) -> GuardianCase | None:
    """Store an UNCONFIRMED case and mail the confirmation link. Looks nothing up.

    An address that has had its hourly share of mail gets nothing (None): the form answers
    the same, so the form cannot be aimed at somebody's inbox.
    """
    if not mail.valid_address(request.email):
        raise ValueError("not a valid e-mail address")
    if not mail.may_mail(request.email):
        log.info("guardian request not stored: the address had its hourly share of mail")
        return None
    token = secrets.token_urlsafe(32)
    case = GuardianCase(
        reference=_new_reference(),
        state=GuardianCaseState.UNCONFIRMED,
        child_name=request.child_name.strip() or None,
        article_ref=request.article.strip() or None,
        comment_refs=request.comments.strip() or None,
        relationship_to_child=request.relationship.value,
        guardian_email=request.email,
        confirm_token_hash=pseudonyms.token_hash(token),
        details={"note": request.note.strip()} if request.note.strip() else None,
    )
    db.session.add(case)
    db.session.flush()
    subject, body = mail.render(
        "guardian_confirm.txt",
        link=mail.public_url(f"/guardian/confirm/{token}"),
        days=UNCONFIRMED_DAYS,
    )
    mail.queue_mail(request.email, subject, body, guardian_case_id=case.id)
    db.session.commit()
    log.info("guardian case %s received", case.id)
    return case


def case_for_token(token: str) -> GuardianCase | None:
    """The case a mailed confirmation link belongs to (expired and purged ones: None)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    case = db.session.scalar(
        select(GuardianCase).where(GuardianCase.confirm_token_hash == pseudonyms.token_hash(token))
    )
    if case is None or _confirmation_expired(case):
        return None  # the periodic job closes it; a GET link changes nothing
    return case


def case_for_reference(reference: str) -> GuardianCase | None:
    """A case by the reference code the guardian was given (any letter case)."""
    reference = (reference or "").strip().upper()
    if not REFERENCE_RE.match(reference):
        return None
    return db.session.scalar(select(GuardianCase).where(GuardianCase.reference == reference))


def confirm_by_guardian(case: GuardianCase) -> bool:
    """The guardian confirmed by the mailed link: hide the child's comments, open the case.

    Returns False (and changes nothing) if the case was already confirmed.
    """
    now = clock.now()
    if not _move(
        case, GuardianCaseState.UNCONFIRMED, state=GuardianCaseState.OPEN, confirmed_at=now
    ):
        return False
    subject, match = _match(case)
    touched: set[int] = set()
    if subject is not None and _open_cases_naming(subject) >= MAX_OPEN_CASES_PER_SUBJECT:
        subject, match = None, "subject_limit"
    if subject is not None and subject.age_class.is_minor:
        touched = _hold(case, subject)  # already under-age: hide now, a moderator decides
    elif subject is not None:
        case.subject_id = subject.id  # a suggestion: nothing hidden before a moderator looks
        match = "matched_not_hidden"
    case.details = {**(case.details or {}), "match": match}
    _mail_guardian(case, "guardian_confirmed.txt")
    db.session.commit()
    page_cache.invalidate_pages(touched)  # cached threads must not show a held comment
    log.info("guardian case %s confirmed by the guardian (%s)", case.id, match)
    return True


def _open_cases_naming(subject: User) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(GuardianCase)
            .where(
                GuardianCase.subject_id == subject.id,
                GuardianCase.state == GuardianCaseState.OPEN,
            )
        )
        or 0
    )


def receipt_for(case: GuardianCase) -> ErasureRequest | None:
    """The erasure receipt of a case, once the erasure engine has completed it."""
    return db.session.scalar(
        select(ErasureRequest)
        .where(ErasureRequest.guardian_case_id == case.id)
        .order_by(ErasureRequest.id.desc())
        .limit(1)
    )


# -- the moderators' side -----------------------------------------------------------------


def open_cases() -> list[GuardianCase]:
    """Cases waiting for a moderator's decision, oldest (so overdue) first."""
    return list(
        db.session.scalars(
            select(GuardianCase)
            .where(GuardianCase.state == GuardianCaseState.OPEN, GuardianCase.decided_at.is_(None))
            .order_by(GuardianCase.confirmed_at, GuardianCase.id)
        )
    )


def being_erased() -> list[GuardianCase]:
    """Cases a moderator confirmed whose erasure has not reported back yet."""
    return list(
        db.session.scalars(
            select(GuardianCase)
            .where(
                GuardianCase.state == GuardianCaseState.OPEN, GuardianCase.decided_at.is_not(None)
            )
            .order_by(GuardianCase.decided_at)
        )
    )


def overdue_cutoff() -> datetime:
    return clock.now() - timedelta(hours=current_app.config["GUARDIAN_OVERDUE_HOURS"])


def count_overdue() -> int:
    """How many cases are undecided past GUARDIAN_OVERDUE_HOURS (for alarms and metrics)."""
    return int(
        db.session.scalar(
            select(func.count()).where(
                GuardianCase.state == GuardianCaseState.OPEN,
                GuardianCase.decided_at.is_(None),
                GuardianCase.confirmed_at <= overdue_cutoff(),
            )
        )
        or 0
    )


def is_overdue(case: GuardianCase) -> bool:
    """Confirmed by the guardian more than GUARDIAN_OVERDUE_HOURS ago and still undecided."""
    return (
        case.state is GuardianCaseState.OPEN
        and case.decided_at is None
        and case.confirmed_at is not None
        and case.confirmed_at <= overdue_cutoff()
    )


def overdue_count() -> int:
    """How many open cases are overdue (for the desk's overview)."""
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(GuardianCase)
            .where(
                GuardianCase.state == GuardianCaseState.OPEN,
                GuardianCase.decided_at.is_(None),
                GuardianCase.confirmed_at <= overdue_cutoff(),
            )
        )
        or 0
    )


def held_comments(case: GuardianCase) -> list[Comment]:
    """The comments the case holds (or the subject's, once erased: what is left of them)."""
    ids = case.held_comment_ids or []
    if not ids:
        return []
    return list(
        db.session.scalars(select(Comment).where(Comment.id.in_(ids)).order_by(Comment.created_at))
    )


def subject_comments(case: GuardianCase, limit: int = 200) -> list[Comment]:
    """Every comment of the attached reader, newest first, for the moderator to judge."""
    if case.subject_id is None:
        return []
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.author_id == case.subject_id)
            .order_by(Comment.created_at.desc())
            .limit(limit)
        )
    )


def attach_subject(case: GuardianCase, moderator: User, comment_ref: str) -> User:
    """A moderator found the child by hand: the author of the named comment becomes the
    case's subject and their published comments are hidden (another reader's are restored).
    """
    ids = parse_comment_refs(comment_ref)
    if len(ids) != 1:
        raise NoSuchComment(comment_ref)
    comment = db.session.get(Comment, ids[0])
    if comment is None or comment.author_id is None:
        raise NoSuchComment(comment_ref)
    if case.state is not GuardianCaseState.OPEN or case.decided_at is not None:
        raise AlreadyDecided(case.id)
    author = db.session.get(User, comment.author_id)
    assert author is not None
    touched: set[int] = set()
    if case.subject_id is not None and case.subject_id != author.id:
        touched |= _release(case)
    touched |= _hold(case, author)
    case.details = {**(case.details or {}), "match": "moderator"}
    db.session.commit()
    page_cache.invalidate_pages(touched)  # cached threads must not show a held comment
    log.info("guardian case %s: reader attached by moderator %s", case.id, moderator.id)
    return author


def confirm_case(case: GuardianCase, moderator: User) -> ErasureRequest:
    """A vetted moderator confirms: the reader is a child, erase the account now.

    Raises AlreadyDecided (nothing changed) or NoSubject (no reader attached yet).
    """
    if case.state is not GuardianCaseState.OPEN or case.decided_at is not None:
        raise AlreadyDecided(case.id)
    subject = db.session.get(User, case.subject_id) if case.subject_id is not None else None
    if subject is None:
        raise NoSubject(case.id)
    now = clock.now()
    if not _move(case, GuardianCaseState.OPEN, undecided=True, decided_at=now):
        raise AlreadyDecided(case.id)
    transition = age.record_signal(subject, SignalSource.GUARDIAN, AgeVerdict.UNDER)
    db.session.flush()
    readers.react_to_age_change(subject, transition)
    request = erasure.request_erasure(
        subject, ErasureTrigger.GUARDIAN, ErasureScope.ACCOUNT, guardian_case_id=case.id
    )
    audit.record(
        AuditAction.GUARDIAN_CONFIRM,
        moderator,
        guardian_case_id=case.id,
        queue=QUEUE,
        subject_id=subject.id,
        details={"held": len(case.held_comment_ids or []), **_waited(case, now)},
        at=now,
    )
    _mail_guardian(case, "guardian_decided_erase.txt")
    db.session.commit()
    page_cache.invalidate_pages(_articles_of(case.held_comment_ids or []))
    log.info("guardian case %s confirmed by moderator %s", case.id, moderator.id)
    return request


def dismiss_case(case: GuardianCase, moderator: User, reason: str) -> None:
    """A moderator dismisses: the comments come back and the guardian is told why.

    Raises ValueError for a missing or over-long reason, AlreadyDecided if decided.
    """
    reason = (reason or "").strip()
    if not reason or len(reason) > DISMISSAL_REASON_MAX_LENGTH:
        raise ValueError("a dismissal needs a reason of at most 500 characters")
    if case.state is not GuardianCaseState.OPEN or case.decided_at is not None:
        raise AlreadyDecided(case.id)
    now = clock.now()
    if not _move(
        case,
        GuardianCaseState.OPEN,
        undecided=True,
        state=GuardianCaseState.DISMISSED,
        decided_at=now,
        closed_at=now,
        dismissal_reason=reason,
    ):
        raise AlreadyDecided(case.id)
    held = len(case.held_comment_ids or [])
    touched = _release(case)
    audit.record(
        AuditAction.GUARDIAN_DISMISS,
        moderator,
        guardian_case_id=case.id,
        queue=QUEUE,
        subject_id=case.subject_id,
        reason=reason,
        details={"restored": held, **_waited(case, now)},
        at=now,
    )
    _mail_guardian(case, "guardian_dismissed.txt", reason=reason)
    db.session.commit()
    page_cache.invalidate_pages(touched)  # cached threads must not show a held comment
    log.info("guardian case %s dismissed by moderator %s", case.id, moderator.id)


# -- called by the erasure engine and the periodic jobs ---------------------------------------


def erasure_completed(case_id: int, request: ErasureRequest) -> None:
    """The erasure engine finished a case's erasure: close it and send the guardian the receipt.

    Safe to call twice. What the guardian told us about the child goes now (it names the
    child); the guardian's own address stays until the retention job purges it.
    """
    case = db.session.get(GuardianCase, case_id)
    if case is None or case.state is GuardianCaseState.ERASED:
        return
    now = clock.now()
    case.state = GuardianCaseState.ERASED
    case.closed_at = now
    case.decided_at = case.decided_at or now
    case.subject_id = None
    _forget_what_names_the_child(case)
    _mail_guardian(
        case,
        "guardian_completed.txt",
        code=request.code,
        receipt_link=mail.public_url(f"/deletion/{request.code}"),
    )
    db.session.commit()
    log.info("guardian case %s closed: erasure %s completed", case.id, request.id)


def expire_unconfirmed(now: datetime | None = None) -> int:
    """Close every case the guardian never confirmed within UNCONFIRMED_DAYS."""
    cutoff = (now or clock.now()) - timedelta(days=UNCONFIRMED_DAYS)
    stale = db.session.scalars(
        select(GuardianCase).where(
            GuardianCase.state == GuardianCaseState.UNCONFIRMED, GuardianCase.created_at <= cutoff
        )
    ).all()
    for case in stale:
        expire(case)
    db.session.commit()
    return len(stale)


def expire(case: GuardianCase) -> None:
    """Close a never-confirmed case and delete its contact details (the caller commits)."""
    if case.state is not GuardianCaseState.UNCONFIRMED:
        return
    now = clock.now()
    case.state = GuardianCaseState.EXPIRED
    case.closed_at = now
    purge_contact_details(case)


def purge_contact_details(case: GuardianCase) -> None:
    """Delete what the guardian told us and how to reach them, and the mail sent to them."""
    _forget_what_names_the_child(case)
    case.guardian_email = None
    case.relationship_to_child = None
    case.confirm_token_hash = None
    case.contact_purged_at = clock.now()
    # The moderators' words about the case may name the child: the decision stays, they go.
    case.dismissal_reason = None
    db.session.execute(
        update(AuditEntry)
        .where(AuditEntry.guardian_case_id == case.id, AuditEntry.reason.is_not(None))
        .values(reason=None)
        .execution_options(synchronize_session=False)
    )
    mail_ids = list(
        db.session.scalars(select(OutgoingMail.id).where(OutgoingMail.guardian_case_id == case.id))
    )
    if mail_ids:
        db.session.execute(delete(OutgoingMail).where(OutgoingMail.id.in_(mail_ids)))
        mail.delete_local_copies(mail_ids)


# -- matching -------------------------------------------------------------------------------


def parse_comment_refs(text: str | None) -> list[int]:
    """Comment ids in what a guardian pasted: links to comments, or plain numbers."""
    if not text:
        return []
    found: list[int] = []
    for pattern in (_COMMENT_REF_RE, _BARE_NUMBER_RE):
        for match in pattern.finditer(text):
            value = int(match.group(1))
            if 0 < value < 2**63 and value not in found:
                found.append(value)
    return found[:MAX_COMMENT_REFS]


def find_articles(ref: str | None) -> list[Article]:
    """Articles a guardian named by their address, our thread link, key or exact title."""
    ref = (ref or "").strip()
    if not ref:
        return []
    parts = urlsplit(ref)
    if parts.scheme in ("http", "https") and parts.netloc:
        bare = ref.split("#", 1)[0]
        variants = {bare, bare.rstrip("/"), bare.rstrip("/") + "/"}
        found = list(db.session.scalars(select(Article).where(Article.url.in_(variants)).limit(5)))
        key = _ARTICLE_PATH_RE.match(parts.path)
        if not found and key:
            found = list(db.session.scalars(select(Article).where(Article.key == key.group(1))))
        return found
    by_key = db.session.scalar(select(Article).where(Article.key == ref))
    if by_key is not None:
        return [by_key]
    return list(
        db.session.scalars(select(Article).where(func.lower(Article.title) == ref.lower()).limit(5))
    )


def _name_key(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def _match(case: GuardianCase) -> tuple[User | None, str]:
    """The one reader the request names, or None with why ("none" / "ambiguous").

    Comment ids are the strongest clue; a display name counts among the authors of the
    named article. When both are given, the reader both point at wins.
    """
    by_ids: set[int] = set()
    ids = parse_comment_refs(case.comment_refs)
    if ids:
        by_ids = set(
            db.session.scalars(
                select(Comment.author_id).where(
                    Comment.id.in_(ids),
                    Comment.author_id.is_not(None),
                    Comment.status != CommentStatus.ERASED,
                )
            )
        )
    by_name: set[int] = set()
    wanted = _name_key(case.child_name)
    articles = find_articles(case.article_ref) if wanted else []
    if articles:
        authors = db.session.scalars(
            select(User)
            .join(Comment, Comment.author_id == User.id)
            .where(Comment.article_id.in_([a.id for a in articles]))
            .distinct()
        )
        by_name = {user.id for user in authors if _name_key(user.display_name) == wanted}
    candidates = (by_ids & by_name) or by_ids or by_name
    if len(candidates) == 1:
        return db.session.get(User, candidates.pop()), "matched"
    return None, "ambiguous" if candidates else "none"


# -- holding and releasing -------------------------------------------------------------------


def _hold(case: GuardianCase, subject: User) -> set[int]:
    """Hide the subject's published comments; returns the articles whose pages changed."""
    comments = db.session.scalars(
        select(Comment).where(
            Comment.author_id == subject.id,
            Comment.status == CommentStatus.PUBLISHED,
        )
    ).all()
    held = set(case.held_comment_ids or [])
    touched = set()
    for comment in comments:
        if not comment.guardian_hold:
            comment.guardian_hold = True
            touched.add(comment.article_id)
        held.add(comment.id)  # also one another case holds: ours to keep hidden too
    case.subject_id = subject.id
    case.held_comment_ids = sorted(held)
    return touched


def _release(case: GuardianCase) -> set[int]:
    """Show the case's held comments again, unless another open case still holds them or
    their author is being erased."""
    ids = set(case.held_comment_ids or [])
    case.held_comment_ids = []
    if not ids:
        return set()
    others = db.session.scalars(
        select(GuardianCase).where(
            GuardianCase.state == GuardianCaseState.OPEN, GuardianCase.id != case.id
        )
    ).all()
    still_held = {i for other in others for i in (other.held_comment_ids or [])}
    touched = set()
    released = db.session.scalars(select(Comment).where(Comment.id.in_(ids - still_held)))
    # Nothing of a reader being erased comes back: their erasure keeps it hidden.
    for comment in erasure_guard.publishable(released):
        if comment.guardian_hold:
            comment.guardian_hold = False
            touched.add(comment.article_id)
    return touched


def _articles_of(comment_ids: Iterable[int]) -> set[int]:
    ids = list(comment_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(Comment.article_id).where(Comment.id.in_(ids))))


# -- small helpers --------------------------------------------------------------------------


def _new_reference() -> str:
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"G-{code[:4]}-{code[4:]}"
        exists = db.session.scalar(
            select(GuardianCase.id).where(GuardianCase.reference == reference)
        )
        if exists is None:
            return reference


def _confirmation_expired(case: GuardianCase) -> bool:
    return (
        case.state is GuardianCaseState.UNCONFIRMED
        and case.created_at <= clock.now() - timedelta(days=UNCONFIRMED_DAYS)
    )


def _move(
    case: GuardianCase, expected: GuardianCaseState, *, undecided: bool = False, **values: Any
) -> bool:
    """Change the case only if it is still in ``expected`` state: two clicks, one effect."""
    stmt = update(GuardianCase).where(GuardianCase.id == case.id, GuardianCase.state == expected)
    if undecided:
        stmt = stmt.where(GuardianCase.decided_at.is_(None))
    result = db.session.execute(stmt.values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        db.session.rollback()
        return False
    for name, value in values.items():
        set_committed_value(case, name, value)
    return True


def _forget_what_names_the_child(case: GuardianCase) -> None:
    case.child_name = None
    case.article_ref = None
    case.comment_refs = None
    if case.details:
        case.details = {k: v for k, v in case.details.items() if k != "note"} or None


def _mail_guardian(case: GuardianCase, template: str, **context: Any) -> None:
    if not case.guardian_email:
        return  # contact details already purged: nobody to tell
    subject, body = mail.render(
        template,
        reference=case.reference,
        status_link=mail.public_url(f"/guardian/case/{case.reference}"),
        request_link=mail.public_url("/guardian"),
        **context,
    )
    mail.queue_mail(case.guardian_email, subject, body, guardian_case_id=case.id)


def _waited(case: GuardianCase, now: datetime) -> dict[str, int]:
    if case.confirmed_at is None:
        return {}
    return {"waited_seconds": max(0, int((now - case.confirmed_at).total_seconds()))}
