"""Facebook callbacks we accepted, remembered (as keyed hashes) until they go stale."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import now
from app.extensions import db


class SeenSignedRequest(db.Model):
    """An accepted ``signed_request``: the same one again is a replay and changes nothing.

    Kept until its ``issued_at`` is older than FACEBOOK_SIGNED_REQUEST_MAX_AGE_SECONDS (after
    that it is refused as stale anyway). Holds a keyed hash, never the request or the id.
    """

    __tablename__ = "seen_signed_requests"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    callback: Mapped[str] = mapped_column(String(16))  # "data_deletion" | "deauthorize"
    issued_at: Mapped[datetime] = mapped_column(index=True)
    erasure_request_id: Mapped[int | None]  # the receipt a data-deletion replay is shown
    seen_at: Mapped[datetime] = mapped_column(default=now)
