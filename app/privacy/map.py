"""The privacy map: every column of every table, declared.

For each table: what it is (in plain words), why we keep it, how a row belongs to a person
(``owner``), how long it is kept; for each column: whether it is personal data, its
category, its purpose, how the erasure engine erases it, whether a reader's export holds
it, and its own retention where that differs from the row's.

``tests/test_privacy_map.py`` fails when a column of any table in ``db.metadata`` is missing
here (or the map names one that does not exist), so a new table cannot escape erasure. The
export at ``/me/export.json``, the "what we hold" part of ``/me`` and the table in the
privacy statement are generated from this module, so they cannot drift from the code.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext

# Fixed periods that are not operator settings (yet); retention jobs read them from here.
SESSION_IDLE_DAYS = 30
DONE_TASK_DAYS = 7


class Category(enum.Enum):
    IDENTIFIER = "identifier"  # who someone is: Facebook id, display name, internal ids
    PROFILE = "profile"  # facts about the account: age class, dates, settings
    CONTENT = "content"  # what a person wrote
    CONTACT = "contact"  # e-mail addresses and names given to reach someone
    TECHNICAL = "technical"  # device and network data, session data
    AGE_SIGNAL = "age signal"
    PSEUDONYMOUS = "pseudonymous"  # keyed hashes and receipts: tell nothing on their own
    NONE = "none"  # not personal data


class Erasure(enum.Enum):
    DELETE_ROW = "delete row"
    NULL = "null"  # the value is cleared, the row stays
    TOMBSTONE = "tombstone"  # a comment with replies keeps its place, without author or text
    KEEP = "keep (pseudonymous)"
    NOT_APPLICABLE = "n.a."


@dataclass(frozen=True)
class Retention:
    """How long something is kept: plain words, with ``{days}`` taken from a setting."""

    text: str
    setting: str | None = None  # a name in app.config holding a number of days
    days: int | None = None  # a fixed period, when there is no setting

    def describe(self, config: Mapping[str, Any]) -> str:
        """In the reader's language (the catalogues hold every text of this map)."""
        text = gettext(self.text)
        if self.setting is not None:
            return text.format(days=config[self.setting])
        if self.days is not None:
            return text.format(days=self.days)
        return text


@dataclass(frozen=True)
class Column:
    personal: bool
    category: Category
    purpose: str
    erasure: Erasure
    export: bool = False
    retention: Retention | None = None  # None: as long as the row
    label: str | None = None  # plain words for the privacy statement (personal columns)


@dataclass(frozen=True)
class Table:
    name: str
    label: str  # plain words: "Your comments"
    purpose: str  # why we keep it, in plain words
    retention: Retention
    columns: dict[str, Column]
    owner: str | None = None  # the column that says whose row it is (None: not one person's)
    owner_key: str = "id"  # which attribute of the user ``owner`` holds: "id" or "facebook_id"
    in_statement: bool = True  # listed in the privacy statement's table
    notes: tuple[str, ...] = field(default_factory=tuple)

    def personal_columns(self) -> dict[str, Column]:
        return {name: col for name, col in self.columns.items() if col.personal}

    def exported_columns(self) -> list[str]:
        return [name for name, col in self.columns.items() if col.export]


# -- shorthands ---------------------------------------------------------------------------


def _plain(purpose: str, export: bool = False) -> Column:
    """A column that is not personal data."""
    return Column(False, Category.NONE, purpose, Erasure.NOT_APPLICABLE, export=export)


def _mine(
    category: Category,
    purpose: str,
    erasure: Erasure,
    label: str | None = None,
    export: bool = True,
    retention: Retention | None = None,
) -> Column:
    """A column that is personal data."""
    return Column(True, category, purpose, erasure, export, retention, label)


def _pseudonymous(purpose: str, label: str | None = None) -> Column:
    return Column(True, Category.PSEUDONYMOUS, purpose, Erasure.KEEP, False, None, label)


def _row_id(export: bool = False) -> Column:
    return _plain("row identifier", export=export)


def _link(purpose: str) -> Column:
    """A link to the person's own account row: erased with the row."""
    return Column(True, Category.IDENTIFIER, purpose, Erasure.DELETE_ROW, False)


ACCOUNT_LIFETIME = Retention("as long as you have an account")
TECHNICAL = Retention("{days} days after the comment was written", "TECHNICAL_DATA_RETENTION_DAYS")
D, N, T, K = Erasure.DELETE_ROW, Erasure.NULL, Erasure.TOMBSTONE, Erasure.KEEP


# -- the map ------------------------------------------------------------------------------

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "users",
            label="Your account",
            purpose="to know who wrote what, and whether your comments must wait for a moderator",
            retention=ACCOUNT_LIFETIME,
            owner="id",
            columns={
                "id": _mine(Category.IDENTIFIER, "internal account number", D),
                "facebook_id": _mine(
                    Category.IDENTIFIER,
                    "recognise you when you log in with Facebook",
                    D,
                    "the id Facebook gives you for this site",
                ),
                "display_name": _mine(
                    Category.IDENTIFIER, "shown with your comments", D, "your display name"
                ),
                "age_class": _mine(
                    Category.AGE_SIGNAL,
                    "decide whether your comments wait for a moderator",
                    D,
                    "whether you may be under 16",
                ),
                "minor_since": _mine(Category.AGE_SIGNAL, "when we learnt you may be under 16", D),
                "suspended_at": _mine(Category.PROFILE, "a moderator stopped you commenting", D),
                "privacy_version_seen": _mine(
                    Category.PROFILE, "tell you when this statement changes", D
                ),
                "created_at": _mine(Category.PROFILE, "when you first logged in", D),
                "last_login_at": _mine(
                    Category.TECHNICAL, "when you last logged in", D, "when you last logged in"
                ),
            },
        ),
        Table(
            "age_signals",
            label="What we were told about your age",
            purpose="to decide whether your comments wait for a moderator (the age rule)",
            retention=ACCOUNT_LIFETIME,
            owner="user_id",
            columns={
                "id": _row_id(),
                "user_id": _link("whose signal it is"),
                "source": _mine(
                    Category.AGE_SIGNAL,
                    "who told us",
                    D,
                    "Facebook's age range, your own answer, a moderator's or guardian's finding",
                ),
                "verdict": _mine(Category.AGE_SIGNAL, "under 16, adult or unknown", D),
                "detail": _mine(Category.AGE_SIGNAL, "Facebook's age bucket, e.g. 13-17", D),
                "recorded_at": _mine(Category.AGE_SIGNAL, "when we were told", D),
            },
        ),
        Table(
            "login_sessions",
            label="Your logins",
            purpose="to keep you logged in, and to log you out everywhere at once",
            retention=Retention(
                "until you log out, or {days} days without use", days=SESSION_IDLE_DAYS
            ),
            owner="user_id",
            columns={
                "id": _mine(Category.TECHNICAL, "a hash of the cookie's token", D, export=False),
                "user_id": _link("whose login it is"),
                "created_at": _mine(Category.TECHNICAL, "when you logged in", D, "login times"),
                "last_seen_at": _mine(Category.TECHNICAL, "when the login was last used", D),
            },
        ),
        Table(
            "moderator_grants",
            label="Moderator role",
            purpose="to let moderators work the queues (moderators only)",
            retention=Retention("as long as the person moderates"),
            owner="facebook_id",
            owner_key="facebook_id",
            columns={
                "id": _row_id(),
                "facebook_id": _mine(
                    Category.IDENTIFIER,
                    "who is a moderator",
                    D,
                    "the moderator's Facebook id",
                    export=False,
                ),
                "scope": _mine(Category.PROFILE, "what the moderator may see", D),
                "granted_at": _mine(Category.PROFILE, "when the role was given", D),
            },
        ),
        Table(
            "articles",
            label="Articles",
            purpose="the publisher's pages that threads hang under",
            retention=Retention("as long as the thread exists"),
            in_statement=False,
            columns={
                "id": _row_id(),
                "key": _plain("the publisher's id for the article"),
                "title": _plain("shown above the thread"),
                "url": _plain("link back to the article"),
                "created_at": _plain("when the thread was opened"),
            },
        ),
        Table(
            "comments",
            label="Your comments",
            purpose="to publish what you write under articles, and to moderate it",
            retention=Retention("until you delete them or your account"),
            owner="author_id",
            notes=(
                "A comment that has replies becomes an empty placeholder without author, "
                "so that the replies keep their place.",
            ),
            columns={
                "id": _row_id(export=True),
                "article_id": _plain("which thread", export=True),
                "author_id": _mine(Category.IDENTIFIER, "who wrote it", T, export=False),
                "parent_id": _plain("which comment it answers", export=True),
                "body_html": _mine(Category.CONTENT, "what you wrote", T, "what you wrote"),
                "status": _mine(
                    Category.CONTENT,
                    "published, waiting for a moderator, rejected, deleted",
                    T,
                    "its status, and a moderator's reason for rejecting it",
                ),
                "created_at": _mine(Category.CONTENT, "when it was written", T),
                "edited_at": _mine(Category.CONTENT, "when it was last edited", T),
                "published_at": _mine(Category.CONTENT, "when it was published", T),
                "held_since": _mine(Category.CONTENT, "when it began waiting", T, export=False),
                "decided_at": _mine(Category.CONTENT, "when a moderator decided", T),
                "rejection_reason": _mine(
                    Category.CONTENT, "why a moderator rejected it (shown to you)", N
                ),
                "guardian_hold": _mine(
                    Category.CONTENT,
                    "hidden while a guardian's request is decided or your data is erased",
                    T,
                    export=False,
                ),
                "screening": _mine(
                    Category.CONTENT,
                    "contact details found in it, shown to moderators",
                    N,
                    "what our screening pointed out to moderators",
                ),
                "screened_at": _mine(Category.CONTENT, "when it was screened", N, export=False),
                "screened_html": _mine(
                    Category.CONTENT,
                    "its text with the screening's findings marked, shown to moderators",
                    N,
                    export=False,
                ),
                "claimed_by_id": _mine(
                    Category.IDENTIFIER,
                    "the moderator reviewing it (their data)",
                    N,
                    export=False,
                ),
                "claimed_at": _mine(
                    Category.TECHNICAL, "when a moderator took it", N, export=False
                ),
                "ip_prefix": _mine(
                    Category.TECHNICAL,
                    "handle abuse (the address is cut short when stored)",
                    N,
                    "part of your IP address",
                    retention=TECHNICAL,
                ),
                "user_agent": _mine(
                    Category.TECHNICAL,
                    "handle abuse",
                    N,
                    "your browser's name",
                    retention=TECHNICAL,
                ),
            },
        ),
        Table(
            "reports",
            label="Comments you reported",
            purpose="so moderators can look at comments readers report",
            retention=Retention("until the reported comment or your account is deleted"),
            owner="reporter_id",
            columns={
                "id": _row_id(),
                "comment_id": _plain("the reported comment", export=True),
                "reporter_id": _mine(Category.IDENTIFIER, "who reported it", D, export=False),
                "reason": _mine(Category.CONTENT, "why", D, "the reason you gave"),
                "note": _mine(Category.CONTENT, "your note to the moderators", D, "your note"),
                "created_at": _mine(Category.CONTENT, "when", D),
                "resolved_at": _mine(Category.CONTENT, "when a moderator handled it", D),
                "resolution": _mine(Category.CONTENT, "what the moderator did", D),
            },
        ),
        Table(
            "audit_entries",
            label="Moderators' decisions",
            purpose="a record of who decided what and why, kept without names",
            retention=Retention("kept without names or ids of readers, as the moderation record"),
            notes=("People appear only as keyed hashes, which tell nothing on their own.",),
            columns={
                "id": _row_id(),
                "action": _plain("what was decided"),
                "moderator_id": _mine(
                    Category.IDENTIFIER,
                    "which moderator (cleared when they leave)",
                    N,
                    export=False,
                ),
                "moderator_pseudonym": _pseudonymous("which moderator, as a keyed hash"),
                "subject_pseudonym": _pseudonymous(
                    "which reader, as a keyed hash", "a keyed hash standing in for the reader"
                ),
                "comment_id": _pseudonymous("which comment (an id that outlives it)"),
                "guardian_case_id": _plain("which guardian case"),
                "queue": _plain("which queue"),
                "reason_code": _plain("the preset reason chosen (e.g. personal information)"),
                "reason": _mine(
                    Category.CONTENT,
                    "the moderator's own words, as the author was told (about a reader: "
                    "cleared when that reader is erased)",
                    N,
                    "a moderator's own words about your comment or your case",
                    export=False,
                    retention=Retention("{days} days", "AUDIT_NOTE_RETENTION_DAYS"),
                ),
                "details": _pseudonymous("waiting times and counts"),
                "created_at": _plain("when"),
                "undone_at": _plain("when the decision was undone"),
            },
        ),
        Table(
            "tasks",
            label="Background work",
            purpose="work waiting for a background worker; holds ids only",
            retention=Retention("{days} days after the work is done", days=DONE_TASK_DAYS),
            in_statement=False,
            notes=("Tasks referring to an erased person's rows are deleted by the erasure.",),
            columns={
                "id": _row_id(),
                "queue": _plain("which queue"),
                "func": _plain("which job"),
                "args": _pseudonymous("the ids the job works on"),
                "state": _plain("pending, done or failed"),
                "attempts": _plain("how often it was handed over"),
                "created_at": _plain("when"),
                "enqueued_at": _plain("when"),
                "done_at": _plain("when"),
                "last_error": _plain("the error's class name, never its message"),
            },
        ),
        Table(
            "erasure_requests",
            label="Receipts of erasures",
            purpose="to prove an erasure happened: reason, counts, times, confirmation code",
            retention=Retention("kept; a receipt holds no personal data once the erasure is done"),
            columns={
                "id": _row_id(),
                "code": _plain("the confirmation code"),
                "trigger": _plain("why: your own request, Facebook, a guardian, ..."),
                "scope": _plain("everything, or everything but comments"),
                "state": _plain("received, in progress, completed or refused"),
                "subject_id": Column(
                    True,
                    Category.IDENTIFIER,
                    "whose data to erase, while the erasure runs",
                    Erasure.NULL,
                ),
                "pending_ids": Column(
                    True,
                    Category.IDENTIFIER,
                    "ids of the rows being erased, so a re-run finds their queued jobs",
                    Erasure.NULL,
                ),
                "subject_hash": _pseudonymous("a keyed hash of the Facebook id"),
                "guardian_case_id": _plain("the guardian case that asked for it"),
                "refused_reason": _plain("why a request was refused"),
                "counts": _plain("how many items were erased in each place"),
                "created_at": _plain("when"),
                "started_at": _plain("when"),
                "completed_at": _plain("when"),
            },
        ),
        Table(
            "erased_subjects",
            label="Erased readers (a keyed hash only)",
            purpose=(
                "to recognise a child who comes back after their data was erased, and to "
                "erase again after restoring a backup"
            ),
            retention=Retention("kept; it is a keyed hash that tells nothing on its own"),
            columns={
                "subject_hash": _pseudonymous(
                    "a keyed hash of the Facebook id", "a keyed hash of your Facebook id"
                ),
                "was_minor": _pseudonymous("whether the person was under 16"),
                "scope": _plain("what was erased"),
                "first_erased_at": _plain("when"),
                "last_erased_at": _plain("when"),
            },
        ),
        Table(
            "guardian_cases",
            label="Guardians' requests",
            purpose="to handle a guardian's request to remove a child's data",
            retention=Retention(
                "the guardian's contact details are deleted {days} days after the case closes",
                "GUARDIAN_CONTACT_RETENTION_DAYS",
            ),
            notes=("The link to the child's account is cleared when the child's data is erased.",),
            columns={
                "id": _row_id(),
                "reference": _plain("the case's reference code"),
                "state": _plain("where the case stands"),
                "child_name": _mine(
                    Category.IDENTIFIER,
                    "find the child's comments",
                    N,
                    "the child's name or display name, as the guardian gave it",
                    export=False,
                ),
                "article_ref": _mine(
                    Category.CONTENT, "find the child's comments", N, "the article", export=False
                ),
                "comment_refs": _mine(
                    Category.CONTENT,
                    "find the child's comments",
                    N,
                    "the comments",
                    export=False,
                ),
                "relationship_to_child": _mine(
                    Category.CONTACT,
                    "check the request",
                    N,
                    "the guardian's relationship",
                    export=False,
                ),
                "guardian_email": _mine(
                    Category.CONTACT,
                    "confirm the request and report the outcome",
                    N,
                    "the guardian's e-mail address",
                    export=False,
                ),
                "confirm_token_hash": _plain("a hash of the e-mailed confirmation link"),
                "subject_id": _mine(
                    Category.IDENTIFIER, "the child's account, once found", N, export=False
                ),
                "held_comment_ids": _mine(
                    Category.IDENTIFIER, "the child's comments hidden meanwhile", N, export=False
                ),
                "dismissal_reason": _mine(
                    Category.CONTENT,
                    "why moderators dismissed the request (it may name the child)",
                    N,
                    export=False,
                ),
                "created_at": _plain("when"),
                "confirmed_at": _plain("when"),
                "decided_at": _plain("when"),
                "closed_at": _plain("when"),
                "contact_purged_at": _plain("when the contact details were deleted"),
                "details": _mine(
                    Category.CONTENT, "what the guardian told us besides", N, export=False
                ),
            },
        ),
        Table(
            "feedback_messages",
            label="Messages you sent us",
            purpose="to answer what you wrote through the contact form",
            retention=Retention("{days} days", "FEEDBACK_RETENTION_DAYS"),
            owner="user_id",
            columns={
                "id": _row_id(),
                "user_id": _link("who sent it, when logged in"),
                "name": _mine(Category.CONTACT, "how to address you", D, "your name"),
                "email": _mine(Category.CONTACT, "how to answer you", D, "your e-mail address"),
                "message": _mine(Category.CONTENT, "what you wrote", D, "your message"),
                "topic": _mine(Category.CONTENT, "feedback, or a question about your data", D),
                "created_at": _mine(Category.CONTENT, "when", D),
                "answered_at": _mine(Category.CONTENT, "when we answered", D),
                "closed_at": _mine(Category.CONTENT, "when we were done with it", D),
            },
        ),
        Table(
            "seen_signed_requests",
            label="Facebook's deletion and removal notices (a keyed hash only)",
            purpose="to refuse a captured notice sent to us again (a replay)",
            retention=Retention(
                "{days} seconds, after which such a notice is refused as stale anyway",
                "FACEBOOK_SIGNED_REQUEST_MAX_AGE_SECONDS",
            ),
            in_statement=False,
            columns={
                "digest": _pseudonymous("a keyed hash of the notice as Facebook signed it"),
                "callback": _plain("deletion or removal of the app"),
                "issued_at": _plain("when Facebook signed it"),
                "erasure_request_id": _plain("the receipt a repeated notice is shown"),
                "seen_at": _plain("when"),
            },
        ),
        Table(
            "reply_subscriptions",
            label="E-mail about replies",
            purpose="to tell you by e-mail when someone replies (adults who ask for it)",
            retention=Retention("until you unsubscribe or delete your account"),
            owner="user_id",
            columns={
                "id": _row_id(),
                "user_id": _link("whose subscription"),
                "email": _mine(Category.CONTACT, "where to send it", D, "your e-mail address"),
                "confirm_token_hash": _mine(
                    Category.TECHNICAL, "a hash of the confirmation link", D, export=False
                ),
                "confirmed_at": _mine(Category.CONTACT, "when you confirmed", D),
                "created_at": _mine(Category.CONTACT, "when you asked", D),
            },
        ),
        Table(
            "outgoing_mail",
            label="E-mail we send",
            purpose="to send the e-mails you asked for (confirmations, replies, case updates)",
            retention=Retention("{days} days after it was sent", "SENT_MAIL_RETENTION_DAYS"),
            owner="user_id",
            columns={
                "id": _row_id(),
                "to_address": _mine(Category.CONTACT, "where it goes", D, "the address"),
                "subject": _mine(Category.CONTENT, "the subject line", D),
                "body": _mine(Category.CONTENT, "the text", D, "the text"),
                "user_id": _link("the reader it is for"),
                "guardian_case_id": _plain("the guardian case it is about"),
                "created_at": _mine(Category.CONTACT, "when it was written", D),
                "sent_at": _mine(Category.CONTACT, "when it was sent", D),
                "attempts": _plain("how often sending was tried"),
                "last_error": _plain("the error's class name"),
            },
        ),
    )
}


# -- places outside the database --------------------------------------------------------------


@dataclass(frozen=True)
class Store:
    """A place outside the database where data lives (Redis keys, files, logs)."""

    name: str
    where: str  # the key pattern or path, for operators and auditors
    label: str  # plain words for the privacy statement
    holds: str  # what is in it, in plain words
    purpose: str
    retention: Retention
    erasure: str  # how the erasure engine deals with it


STORES: dict[str, Store] = {
    s.name: s
    for s in (
        Store(
            "rate_limits",
            "Redis: LIMITS:LIMITER/<u-… or a-…>/…",
            label="Counters that slow down floods",
            holds=(
                "how many requests you made in the last minutes, filed under a keyed hash of "
                "your account (when logged in) or of your IP address, never the address itself"
            ),
            purpose="to stop floods of comments, reports and messages",
            retention=Retention("at most an hour"),
            erasure="deleted with your account (those filed under your account)",
        ),
        Store(
            "page_cache",
            "Redis: kommentar:page:<article>:<variant>",
            label="Cached thread pages",
            holds="what anonymous readers see of a thread: published comments and names",
            purpose="to serve busy threads quickly",
            retention=Retention("60 seconds"),
            erasure="dropped for every thread your comments were in",
        ),
        Store(
            "job_records",
            "Redis: rq:job:<id> and RQ's queues and registries",
            label="Records of background jobs",
            holds="ids of the rows a background job works on (never text), and its outcome",
            purpose="to screen comments, send e-mail and erase data in the background",
            retention=Retention("a week at most (failed work); done work at once"),
            erasure="every job naming one of your rows is deleted",
        ),
        Store(
            "logs",
            "the service's log output",
            label="Logs",
            holds="ids and counts only: never names, texts, e-mail or IP addresses",
            purpose="to run the service and find faults",
            retention=Retention("as the operator's log rotation keeps them"),
            erasure="nothing to erase: logs hold no personal data",
        ),
    )
}


def table(name: str) -> Table:
    return TABLES[name]


def owned_tables() -> list[Table]:
    """Tables whose rows belong to one reader: exported to them and erased with them."""
    return [t for t in TABLES.values() if t.owner is not None]


@dataclass(frozen=True)
class StatementRow:
    label: str
    items: list[str]
    purpose: str
    retention: str
    extra: list[str]  # per-column retention that differs, and notes


def statement_rows(config: Mapping[str, Any]) -> list[StatementRow]:
    """The privacy statement's table: what is stored, why, and for how long."""
    rows = []
    for t in TABLES.values():
        if not t.in_statement:
            continue
        items = [gettext(c.label) for c in t.personal_columns().values() if c.label]
        extra = [
            f"{gettext(c.label).capitalize()}: {c.retention.describe(config)}."
            for c in t.columns.values()
            if c.personal and c.retention is not None and c.label
        ]
        notes = [gettext(note) for note in t.notes]
        rows.append(
            StatementRow(
                gettext(t.label),
                items,
                gettext(t.purpose),
                t.retention.describe(config),
                extra + notes,
            )
        )
    return rows


@dataclass(frozen=True)
class StoreRow:
    label: str
    holds: str
    purpose: str
    retention: str
    erasure: str


def store_rows(config: Mapping[str, Any]) -> list[StoreRow]:
    """The privacy statement's list of places outside the database (Redis keys, logs)."""
    return [
        StoreRow(
            gettext(s.label),
            gettext(s.holds),
            gettext(s.purpose),
            s.retention.describe(config),
            gettext(s.erasure),
        )
        for s in STORES.values()
    ]


def human_texts() -> set[str]:
    """Every text of the map a reader may see (the statement, /me, the export): the
    catalogues carry them (tools/catalogues.py adds them; tests/test_i18n.py checks them)."""
    texts: set[str] = set()
    for t in TABLES.values():
        texts.update((t.label, t.purpose, t.retention.text, *t.notes))
        for c in t.columns.values():
            if c.personal and c.label:
                texts.add(c.label)
                if c.retention is not None:
                    texts.add(c.retention.text)
    for s in STORES.values():
        texts.update((s.label, s.holds, s.purpose, s.retention.text, s.erasure))
    return texts
