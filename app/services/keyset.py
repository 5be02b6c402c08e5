"""Page links: where the next page of a list starts, as a short opaque token.

A keyset :class:`Position` is the (time, id) of the last row shown; the next page starts
after it, which stays cheap however deep one pages (an index walks straight to it). Every
list that pages so (the threads, the API, the moderators' queues) writes and reads its links
here. A thread's replies page by offset instead (:func:`encode_offset`). Reading a token we
did not issue raises ValueError; the caller answers 400.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import NamedTuple

from app.models.types import MAX_ID


class Position(NamedTuple):
    """A keyset position: the sort time and the id of the last row shown."""

    at: datetime
    id: int

    def encode(self) -> str:
        return _encode(json.dumps([self.at.isoformat(), self.id], separators=(",", ":")))

    @classmethod
    def decode(cls, token: str) -> Position:
        """The position a token stands for; ValueError for anything we did not issue."""
        try:
            when, ident = json.loads(_decode(token))
            if not isinstance(when, str) or type(ident) is not int or not 0 < ident <= MAX_ID:
                raise ValueError
            return cls(datetime.fromisoformat(when).replace(tzinfo=None), ident)
        except (ValueError, TypeError):
            raise ValueError("not a page position") from None


def encode_offset(offset: int) -> str:
    """A position by count (a thread's replies)."""
    return _encode(f"r{offset}")


def decode_offset(token: str) -> int:
    """The offset a token stands for; ValueError for anything we did not issue."""
    raw = _decode(token)
    if not (raw.isascii() and raw.startswith("r") and raw[1:].isdigit() and len(raw) <= 12):
        raise ValueError("not a page position")
    return int(raw[1:])


def _encode(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(token: str) -> str:
    try:  # binascii.Error and UnicodeDecodeError are ValueErrors
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
    except ValueError:
        raise ValueError("not a page position") from None
