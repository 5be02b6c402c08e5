"""Why a decision was not made: every refusal leaves everything as it was."""

from __future__ import annotations

from datetime import datetime


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
