"""What Facebook Login tells us about a reader: the value that app.auth.facebook (the seam to
Facebook) hands to the readers service. It lives here so services never import the web layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FacebookProfile:
    facebook_id: str
    name: str
    age_range: dict[str, Any] | None
