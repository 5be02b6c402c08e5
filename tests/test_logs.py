"""Logs carry no personal data, not even inside an exception's message."""

from __future__ import annotations

import logging

from app import logs


def test_a_logged_exception_keeps_its_place_but_not_its_words(app, caplog):
    caplog.set_level(logging.ERROR)
    address = "Ida Vingebakken, Kirkeveien 5B"
    try:
        raise ValueError(address)
    except ValueError:
        logging.getLogger("app.somewhere").exception("job failed")
    assert "job failed" in caplog.text
    assert "ValueError" in caplog.text and "test_logs.py" in caplog.text
    assert "Ida" not in caplog.text and "Kirkeveien" not in caplog.text


def test_a_traceback_passed_as_an_argument_is_redacted_too(app, caplog):
    caplog.set_level(logging.ERROR)
    text = 'Traceback (most recent call last):\n  File "x.py", line 1\nRuntimeError: Ring 91234567'
    logging.getLogger("rq.worker").error("[Job %s]: exception raised\n%s", "task-1", text)
    assert "task-1" in caplog.text and "RuntimeError" in caplog.text
    assert "91234567" not in caplog.text


def test_redaction_keeps_frames_and_chained_exception_types():
    text = (
        "Traceback (most recent call last):\n"
        '  File "a.py", line 3, in f\n'
        "    raise KeyError(name)\n"
        "KeyError: 'Kari'\n"
        "\n"
        "During handling of the above exception, another exception occurred:\n"
        "\n"
        "Traceback (most recent call last):\n"
        "psycopg.errors.UniqueViolation: Key (email)=(kari@example.no) already exists"
    )
    redacted = logs.redact_traceback(text)
    assert 'File "a.py", line 3' in redacted
    assert "KeyError:" in redacted and "psycopg.errors.UniqueViolation:" in redacted
    assert "Kari" not in redacted and "kari@example.no" not in redacted
