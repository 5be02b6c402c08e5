"""Logging that carries no personal data.

Our own log lines name ids and counts only. Exceptions are the leak: their messages quote
values (a comment's text, a database row, an address), and RQ logs a failed job's traceback.
So every log record's traceback keeps where the error happened — files, lines, exception
types — and loses what the exception said.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType
from typing import Any, TypeGuard

REDACTED = "(message withheld: it may hold personal data)"
_installed = False


def redact_traceback(text: str) -> str:
    """Keep a formatted traceback's frames; cut each exception line down to its type."""
    lines = []
    for line in text.splitlines():
        if not line or line.startswith((" ", "\t", "Traceback ", "During handling", "The above")):
            lines.append(line)
        else:
            exc_type, sep, _ = line.partition(":")
            lines.append(f"{exc_type}: {REDACTED}" if sep else line)
    return "\n".join(lines)


def format_redacted(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None],
) -> str:
    return redact_traceback("".join(traceback.format_exception(*exc_info)))


def _looks_like_traceback(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and "Traceback (most recent call last)" in value


def install() -> None:
    """Redact every record's exception text, whichever logger or handler sees it."""
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def redacting_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = format_redacted(record.exc_info)
        if isinstance(record.args, tuple) and any(map(_looks_like_traceback, record.args)):
            record.args = tuple(
                redact_traceback(a) if _looks_like_traceback(a) else a for a in record.args
            )
        return record

    logging.setLogRecordFactory(redacting_record)
    _installed = True
