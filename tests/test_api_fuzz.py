"""Schemathesis throws generated requests at every operation of /api/v1/openapi.json, over
the WSGI app in-process: no answer is a server error, and every answer is one the document
describes (status, content type, body schema)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from app.models import AgeClass
from tests.factories import make_comment
from tests.helpers import token_of

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 30  # bounded and derandomized: the same quick run every time


def fuzz(operation, **call_kwargs) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_within_the_document(case) -> None:
        case.call_and_validate(checks=CHECKS, **call_kwargs)

    answers_within_the_document()


def test_the_api_answers_only_what_its_document_promises(
    app, client, login, make_user, make_article
):
    article = make_article(key="sak")
    make_comment(article, make_user(AgeClass.ADULT, name="Kari"), "Første")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4  # reading, writing, editing, reporting

    for operation in operations:  # a stranger, without session or token
        fuzz(operation)

    login(make_user(AgeClass.ADULT, name="Fuzz"))  # a reader with a session and its token
    credentials = {
        "headers": {"X-CSRFToken": token_of(client)},
        "cookies": {"session": client.get_cookie("session").value},
    }
    for operation in operations:
        fuzz(operation, **credentials)
