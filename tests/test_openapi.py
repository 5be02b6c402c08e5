"""/api/v1/openapi.json describes exactly the API that runs: routes, bodies and answers."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.models import AgeClass
from tests.factories import make_comment
from tests.helpers import token_of

DOCUMENT_URI = "urn:kommentar:openapi"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def schema_validator(document: dict, schema: dict) -> Draft202012Validator:
    """A validator for one schema of the document, resolving its #/components refs."""
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource(DOCUMENT_URI, resource)
    pointer = schema.get("$ref", "")
    if pointer.startswith("#/"):
        schema = {"$ref": DOCUMENT_URI + pointer}
    else:
        schema = {"$id": DOCUMENT_URI + "-inline", **schema}
    return Draft202012Validator(schema, registry=registry)


def resolve(document: dict, node: dict) -> dict:
    while "$ref" in node and node["$ref"].startswith("#/components/") and len(node) == 1:
        target = document
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def request_schema(document: dict, path: str, method: str) -> Draft202012Validator:
    body = document["paths"][path][method]["requestBody"]
    return schema_validator(document, body["content"]["application/json"]["schema"])


def response_schema(document: dict, path: str, method: str, status: int) -> Draft202012Validator:
    response = resolve(document, document["paths"][path][method]["responses"][str(status)])
    return schema_validator(document, response["content"]["application/json"]["schema"])


# -- the document --------------------------------------------------------------------------------


def test_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_api_route_is_documented_and_nothing_else(app, document):
    served: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        served.setdefault(path, set()).update(m.lower() for m in rule.methods - IGNORED_METHODS)
    documented = {
        path: {m for m in item if m in {"get", "post", "put", "patch", "delete"}}
        for path, item in document["paths"].items()
    }
    assert served == documented


def test_path_parameters_match_the_routes(document):
    for path, item in document["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        declared = {p["name"] for p in item.get("parameters", []) if p.get("in") == "path"}
        assert names == declared, path


def test_documented_limits_follow_the_configuration(app, client):
    app.config["COMMENT_MAX_LENGTH"] = 1234
    document = client.get("/api/v1/openapi.json").get_json()
    assert (
        document["components"]["schemas"]["NewComment"]["properties"]["body"]["maxLength"] == 1234
    )


# -- example requests ------------------------------------------------------------------------------

COMMENTS = "/api/v1/articles/{key}/comments"
COMMENT = "/api/v1/comments/{comment_id}"
REPORTS = "/api/v1/comments/{comment_id}/reports"


@pytest.mark.parametrize(
    ("path", "method", "example", "valid"),
    [
        (COMMENTS, "post", {"body": "Hei"}, True),
        (COMMENTS, "post", {"body": "Hei", "parent_id": 7}, True),
        (COMMENTS, "post", {"body": "Hei", "parent_id": None}, True),
        (COMMENTS, "post", {"body": ""}, False),
        (COMMENTS, "post", {"body": 5}, False),
        (COMMENTS, "post", {"body": "Hei", "parent_id": "7"}, False),
        (COMMENTS, "post", {"parent_id": 7}, False),
        (COMMENTS, "post", {"body": "x" * 5001}, False),
        (COMMENT, "patch", {"body": "Rettet"}, True),
        (COMMENT, "patch", {"body": None}, False),
        (REPORTS, "post", {"reason": "spam"}, True),
        (REPORTS, "post", {"reason": "under_16", "note": "Ser ut som et barn"}, True),
        (REPORTS, "post", {"reason": "boring"}, False),
        (REPORTS, "post", {"reason": "spam", "note": "n" * 501}, False),
    ],
)
def test_example_requests_validate_against_the_documented_schemas(
    document, path, method, example, valid
):
    assert request_schema(document, path, method).is_valid(example) is valid


def test_real_answers_match_the_documented_schemas(
    client, login, make_user, make_article, document, app
):
    article = make_article()
    author = make_user(AgeClass.ADULT)
    parent = make_comment(article, author, "Rot")
    make_comment(article, author, "Svar", parent=parent)
    listing = app.test_client().get(f"/api/v1/articles/{article.key}/comments?limit=1")
    response_schema(document, COMMENTS, "get", 200).validate(listing.get_json())

    reader = make_user(AgeClass.ADULT)
    login(reader)
    headers = {"X-CSRFToken": token_of(client)}
    created = client.post(
        f"/api/v1/articles/{article.key}/comments",
        json={"body": "Ny", "parent_id": parent.id},
        headers=headers,
    )
    assert created.status_code == 201
    response_schema(document, COMMENTS, "post", 201).validate(created.get_json())
    comment_id = created.get_json()["id"]

    edited = client.patch(f"/api/v1/comments/{comment_id}", json={"body": "Ny!"}, headers=headers)
    response_schema(document, COMMENT, "patch", 200).validate(edited.get_json())

    reported = client.post(
        f"/api/v1/comments/{parent.id}/reports", json={"reason": "spam"}, headers=headers
    )
    response_schema(document, REPORTS, "post", 201).validate(reported.get_json())

    mine = client.get(f"/api/v1/articles/{article.key}/comments").get_json()
    response_schema(document, COMMENTS, "get", 200).validate(mine)

    refused = client.post(
        f"/api/v1/articles/{article.key}/comments", json={"body": " "}, headers=headers
    )
    assert refused.status_code == 422
    response_schema(document, COMMENTS, "post", 422).validate(refused.get_json())
    assert client.delete(f"/api/v1/comments/{comment_id}", headers=headers).status_code == 204


def test_every_documented_error_answer_has_the_error_shape(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, response in operation["responses"].items():
                if int(status) < 400:
                    continue
                resolved = resolve(document, response)
                schema = resolved["content"]["application/json"]["schema"]
                validator = schema_validator(document, schema)
                assert validator.is_valid({"error": {"status": int(status), "message": "x"}})
                assert not validator.is_valid({"message": "x"}), (path, method, status)
