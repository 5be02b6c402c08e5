"""Nothing a client can send makes the service answer 500.

Every route of the app is sent odd path values and odd bodies — as an anonymous visitor, a
reader and a moderator, with and without a valid CSRF token — and must answer below 500.
"""

from __future__ import annotations

import re

import pytest

from app.models import AgeClass
from tests.helpers import token_of
from tests.test_moderation_support import make_moderator

ODD_VALUES = ["0", "-1", "99999999999999999999", "%00", "..%2F..%2Fetc", "ä" * 300, "1e9", "null"]
ODD_FORMS = [
    {},
    {"body": "", "parent_id": "x", "reason": "", "ids": "abc", "comment_id": "-5"},
    {"body": "x" * 6000, "note": "y" * 2000, "answer": "maybe", "email": "a@b\r\nBcc: c@d"},
    {"body": "ok", "parent_id": "99999999999999999999", "next": "//evil.example"},
    {"signed_request": "a.b.c", "confirm": "yes", "name": "\u202e", "message": "m"},
    {"comment_id": "²", "ids": "²", "parent_id": "²", "comment": "²"},  # isdigit(), not int()
]
ODD_JSON = [
    None,
    [],
    "text",
    {"body": 5},
    {"body": "ok", "parent_id": "x"},
    {"body": "ok", "parent_id": 2**70},
    {"reason": ["list"], "note": {"a": 1}},
]


def _paths(app) -> list[tuple[str, set[str]]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        methods = (rule.methods or set()) - {"HEAD", "OPTIONS"}
        for value in ODD_VALUES[:3] if rule.arguments else [None]:
            path = re.sub(r"<(?:[^:>]+:)?[^>]+>", value or "", rule.rule)
            found.append((path, methods))
        if rule.arguments and "int:" not in rule.rule:
            for value in ODD_VALUES[3:]:
                found.append((re.sub(r"<(?:[^:>]+:)?[^>]+>", value, rule.rule), methods))
    # Leave logging out and deleting the account for last, so the sweep keeps its login.
    return sorted(found, key=lambda item: ("logout" in item[0] or "delete" in item[0], item[0]))


def _reports_readiness(path: str, response) -> bool:
    """/readyz answers 503 by design while a queue has no worker (load balancers read it);
    that answer still has to be its own, well-formed JSON report."""
    return path == "/readyz" and response.status_code == 503 and response.json["status"] == (
        "not ready"
    )


def _sweep(app, client) -> list[tuple[str, str, int]]:
    failures = []
    token = token_of(client)
    for path, methods in _paths(app):
        for method in sorted(methods):
            if method == "GET":
                attempts = [
                    dict(query_string={"cursor": "!!", "sort": "sideways", "next": "//x"}),
                    dict(query_string={"before": "²", "page": "²"}),
                ]
            else:
                attempts = [dict(data=form) for form in ODD_FORMS]
                attempts += [dict(data={**form, "csrf_token": token}) for form in ODD_FORMS]
                attempts += [dict(json=body, headers={"X-CSRFToken": token}) for body in ODD_JSON]
                attempts.append(dict(data=b"\xff\xfe", content_type="application/json"))
            for kwargs in attempts:
                response = client.open(path, method=method, **kwargs)
                if response.status_code >= 500 and not _reports_readiness(path, response):
                    failures.append((method, path, response.status_code))
    return failures


@pytest.mark.parametrize("who", ["anonymous", "reader", "child", "moderator"])
def test_no_route_answers_500_to_odd_input(who, app, client, login, make_user):
    if who == "reader":
        login(make_user(AgeClass.ADULT))
    elif who == "child":
        login(make_user(AgeClass.UNDER_16_PRESUMED))
    elif who == "moderator":
        login(make_moderator())
    assert _sweep(app, client) == []
