"""Outgoing e-mail: a row in the outbox, then a job that sends it over SMTP.

Headers are only ever set through :class:`email.message.EmailMessage`, whose default
policy refuses CR/LF in a header value; addresses are checked here first, so text a
visitor typed can never add a header or a recipient. With ``MAIL_URL`` unset (the
one-command default) a message is written to ``instance/mail/<id>.eml`` instead, where
``/_dev/mail`` shows it in development. Logs name mail ids, never addresses.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from sqlalchemy import func, select

from app import clock, jobs
from app.extensions import db
from app.models import OutgoingMail

MAX_ADDRESS_LENGTH = 254  # RFC 5321's limit on a forward path
MAX_SUBJECT_LENGTH = 300
SMTP_TIMEOUT_SECONDS = 20

# Deliberately stricter than RFC 5322: a dot-atom local part and an ASCII host name with a
# dot. Quoted local parts, comments, display names and IP literals are refused.
_ADDRESS_RE = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_LINE_BREAKS = ("\r", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def has_line_break(value: str) -> bool:
    """True if value holds any character some mail or HTTP parser treats as a line end."""
    return any(ch in value for ch in _LINE_BREAKS)


def valid_address(value: str) -> bool:
    """A plain ``local@example.org`` address with nothing around it (no name, no list)."""
    if not isinstance(value, str) or len(value) > MAX_ADDRESS_LENGTH or has_line_break(value):
        return False
    if not _ADDRESS_RE.fullmatch(value):
        return False
    name, address = parseaddr(value)
    return name == "" and address == value  # the standard parser must read the same address


class TooMuchMail(Exception):
    """This address has had MAIL_PER_RECIPIENT_PER_HOUR messages from us in the last hour."""


def may_mail(to: str) -> bool:
    """False once an address has had its hourly share of mail that anyone can trigger.

    Per-address limits on the senders are not enough: many addresses can aim at one inbox.
    Counted from the outbox itself, so it holds across processes and without Redis.
    """
    since = clock.now() - timedelta(hours=1)
    sent = db.session.scalar(
        select(func.count())
        .select_from(OutgoingMail)
        .where(func.lower(OutgoingMail.to_address) == to.lower(), OutgoingMail.created_at > since)
    )
    return (sent or 0) < current_app.config["MAIL_PER_RECIPIENT_PER_HOUR"]


def queue_mail(
    to: str,
    subject: str,
    body: str,
    *,
    user_id: int | None = None,
    guardian_case_id: int | None = None,
) -> OutgoingMail:
    """Add a message to the outbox; it is sent after the caller commits.

    Raises ValueError for an address that is not a single plain address or a subject that
    holds a line break: the forms refuse those first, this is the last line of defence.
    """
    if not valid_address(to):
        raise ValueError("not a valid e-mail address")
    if has_line_break(subject) or not subject.strip() or len(subject) > MAX_SUBJECT_LENGTH:
        raise ValueError("a subject is one line of at most 300 characters")
    mail = OutgoingMail(
        to_address=to,
        subject=subject,
        body=body,
        user_id=user_id,
        guardian_case_id=guardian_case_id,
    )
    db.session.add(mail)
    db.session.flush()  # the job needs the id
    jobs.defer(jobs.SEND_MAIL, mail.id)
    return mail


def render(template: str, **context: Any) -> tuple[str, str]:
    """Render ``templates/mail/<template>``: its first line is the subject, the rest the body."""
    text = render_template(f"mail/{template}", **context)
    subject, _, body = text.lstrip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def public_url(path: str) -> str:
    """An absolute link for a mail (mails are built in jobs, outside any request)."""
    return current_app.config["PUBLIC_URL"] + path


# -- building and delivering ----------------------------------------------------------------


def build_message(mail: OutgoingMail) -> EmailMessage:
    """The MIME message for an outbox row; every header goes through the email API."""
    message = EmailMessage()  # policy=email.policy.default: CR/LF in a header raises
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at.replace(tzinfo=UTC), usegmt=True)
    message["Message-ID"] = make_msgid(idstring=f"kommentar-{mail.id}")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body)
    return message


def deliver(mail: OutgoingMail) -> None:
    """Send one message over SMTP, or keep it in the local mail folder without ``MAIL_URL``.

    Raises on any SMTP or network failure so that the job is retried.
    """
    if not valid_address(mail.to_address):  # rows written before a rule tightened
        raise ValueError("not a valid e-mail address")
    message = build_message(mail)
    url = current_app.config.get("MAIL_URL")
    if not url:
        write_local_copy(mail.id, message)
        return
    send_over_smtp(parse_mail_url(url), envelope_sender(), mail.to_address, message)


def envelope_sender() -> str:
    """The bare address of ``MAIL_FROM`` (the SMTP ``MAIL FROM``)."""
    _, address = parseaddr(current_app.config["MAIL_FROM"])
    return address


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "plain" | "ssl" | "starttls"
    username: str | None = None
    password: str | None = None


_SCHEMES = {
    "smtp": ("plain", 25),
    "smtps": ("ssl", 465),
    "smtp+ssl": ("ssl", 465),
    "smtp+starttls": ("starttls", 587),
}


def parse_mail_url(url: str) -> SmtpSettings:
    """``smtp://host:port``, ``smtps://…`` or ``smtp+starttls://…``, with optional user:pass@."""
    parts = urlsplit(url)
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise ValueError("MAIL_URL must look like smtp://host:port")
    security, default_port = _SCHEMES[parts.scheme]
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or default_port,
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def send_over_smtp(
    settings: SmtpSettings, sender: str, recipient: str, message: EmailMessage
) -> None:
    """The one seam to the SMTP server: exactly one envelope recipient, given explicitly."""
    context = ssl.create_default_context()
    if settings.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS, context=context
        )
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS)
    with client:
        if settings.security == "starttls":
            client.starttls(context=context)
        if settings.username:
            client.login(settings.username, settings.password or "")
        client.send_message(message, from_addr=sender, to_addrs=[recipient])


# -- the local mail folder (MAIL_URL unset) -------------------------------------------------


def local_folder() -> Path:
    """Where unsent-by-SMTP mail is kept: ``MAIL_DIR`` if set, else ``instance/mail``."""
    configured = current_app.config.get("MAIL_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "mail"


def write_local_copy(mail_id: int, message: EmailMessage) -> Path:
    folder = local_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{int(mail_id)}.eml"
    path.write_bytes(message.as_bytes())
    return path


def delete_local_copies(mail_ids: list[int]) -> int:
    """Remove local copies of these messages (erasure and retention call this); count them."""
    folder = local_folder()
    removed = 0
    for mail_id in mail_ids:
        path = folder / f"{int(mail_id)}.eml"
        if path.exists():
            path.unlink()
            removed += 1
    return removed
