"""Helpers the integration tests share."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest


def wait_for(
    condition: Callable[[], object],
    timeout: float = 20.0,
    what: str = "condition",
    logs: Callable[[], str] | None = None,
) -> object:
    """Poll until ``condition()`` is truthy; fail with the workers' logs after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}\n{logs() if logs else ''}")
        time.sleep(0.1)
