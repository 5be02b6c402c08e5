"""Development only: read the mail Kommentar "sent" while ``MAIL_URL`` is unset.

``create_app`` registers this blueprint only when ``APP_ENV`` is ``development``; it also
answers only requests from this machine. Messages are the ``.eml`` files the mail job
writes to the local mail folder, so a newcomer can click a guardian's confirmation link.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from flask import Blueprint, Flask, abort, render_template_string, request

from app.services import mail as mail_service

bp = Blueprint("dev_mailbox", __name__, url_prefix="/_dev/mail")

_LINK_RE = re.compile(r"https?://[^\s<>\"']+")

# Kept here rather than in templates/: this tool is not part of the product.
INBOX_PAGE = """{% extends "base.html" %}
{% block title %}Local mailbox (development) · Kommentar{% endblock %}
{% block content %}
<section class="dev-mailbox">
  <h1>Local mailbox</h1>
  <p class="hint">Development only. <code>MAIL_URL</code> is not set, so mail is kept in
    <code>{{ folder }}</code> instead of being sent.</p>
  {% if messages %}
  <table>
    <thead><tr><th>#</th><th>To</th><th>Subject</th><th>Date</th></tr></thead>
    <tbody>
    {% for m in messages %}
      <tr><td>{{ m.id }}</td><td>{{ m.to }}</td>
        <td><a href="{{ url_for('dev_mailbox.message', mail_id=m.id) }}">{{ m.subject }}</a></td>
        <td>{{ m.date }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  {% else %}
  <p>No mail yet.</p>
  {% endif %}
</section>
{% endblock %}"""

MESSAGE_PAGE = """{% extends "base.html" %}
{% block title %}{{ message.subject }} · Local mailbox{% endblock %}
{% block content %}
<section class="dev-mailbox">
  <p><a href="{{ url_for('dev_mailbox.inbox') }}">All messages</a></p>
  <h1>{{ message.subject }}</h1>
  <p>To: {{ message.to }}<br>Date: {{ message.date }}</p>
  <pre class="mail-body">
    {%- for text, is_link in message.segments() -%}
      {%- if is_link %}<a href="{{ text }}">{{ text }}</a>{% else %}{{ text }}{% endif -%}
    {%- endfor -%}
  </pre>
</section>
{% endblock %}"""


@dataclass(frozen=True)
class Message:
    id: int
    to: str
    subject: str
    date: str
    body: str

    def segments(self) -> list[tuple[str, bool]]:
        """The body as (text, is_link) pieces, so the template can make links clickable."""
        pieces: list[tuple[str, bool]] = []
        position = 0
        for match in _LINK_RE.finditer(self.body):
            pieces.append((self.body[position : match.start()], False))
            pieces.append((match.group(), True))
            position = match.end()
        pieces.append((self.body[position:], False))
        return pieces


def register(app: Flask) -> None:
    """Mount the mailbox (called by ``create_app`` in development only)."""
    app.register_blueprint(bp)


@bp.before_request
def only_from_this_machine() -> None:
    try:
        local = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        local = False
    if not local:
        abort(404)


@bp.get("/")
def inbox():
    """Every message in the local mail folder, newest first."""
    return render_template_string(INBOX_PAGE, messages=_messages(), folder=_folder())


@bp.get("/<int:mail_id>")
def message(mail_id: int):
    """One message, with its links clickable."""
    found = _read(_folder() / f"{mail_id}.eml", mail_id)
    if found is None:
        abort(404)
    return render_template_string(MESSAGE_PAGE, message=found)


def _folder() -> Path:
    return mail_service.local_folder()


def _messages() -> list[Message]:
    folder = _folder()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.eml"):
        if path.stem.isdigit():
            parsed = _read(path, int(path.stem))
            if parsed is not None:
                found.append(parsed)
    return sorted(found, key=lambda m: m.id, reverse=True)


def _read(path: Path, mail_id: int) -> Message | None:
    if not path.is_file():
        return None
    parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(parsed, EmailMessage)
    part = parsed.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    return Message(
        id=mail_id,
        to=str(parsed.get("To", "")),
        subject=str(parsed.get("Subject", "")),
        date=str(parsed.get("Date", "")),
        body=body,
    )
