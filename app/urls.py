"""Where we may send a reader after login or logout: our own origin, nowhere else."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_NEXT_LENGTH = 2000


def safe_next(target: str | None, default: str = "/") -> str:
    """Return ``target`` if it is a path on this site, else ``default``.

    Refuses ``//evil.example``, ``https://evil.example``, ``/\\evil.example`` (browsers treat
    a backslash as a slash) and anything with control characters.
    """
    if not target or len(target) > MAX_NEXT_LENGTH:
        return default
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
