"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.

Kept by hand next to the views; tests/test_openapi.py checks it against the real routes and
validates real requests and responses against its schemas.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from app.models import CommentStatus, ReportReason
from app.models.types import MAX_ID
from app.services.comments import MAX_PAGE_SIZE, REPORT_NOTE_MAX_LENGTH

API_VERSION = "1.0.0"


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(schema_ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def _body(schema_ref: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


ERRORS = {
    "400": _error("Malformed request: not JSON, a wrong type, a bad cursor, a bad token"),
    "401": _error("Not logged in"),
    "403": _error("Not yours, or the edit window has closed"),
    "404": _error("No such article or comment (or not visible to the caller)"),
    "409": _error("The comment's state no longer allows this"),
    "413": _error("The request body is over 64 KiB"),
    "415": _error("The body is not application/json"),
    "422": _error("Well-formed but refused: empty, too long, an invalid reply target"),
    "429": _error("Too many comments, edits or reports in a short time; see Retry-After"),
}


def _errors(*codes: str) -> dict[str, Any]:
    return {code: {"$ref": f"#/components/responses/Error{code}"} for code in codes}


def document() -> dict[str, Any]:
    """The OpenAPI document, with this deployment's limits and address."""
    max_length = int(current_app.config["COMMENT_MAX_LENGTH"])
    per_page = int(current_app.config["COMMENTS_PER_PAGE"])

    write_security: list[dict[str, list[str]]] = [{"session": [], "csrfToken": []}]
    comment_id = {
        "name": "comment_id",
        "in": "path",
        "required": True,
        # Larger numbers are no id of ours: the route does not match them at all.
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }
    article_key = {
        "name": "key",
        "in": "path",
        "required": True,
        "description": "The publisher's own id of the article",
        "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$"},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Kommentar API",
            "version": API_VERSION,
            "description": (
                "Article comment threads. Reading needs no login. Writing needs the session "
                "cookie set by logging in with Facebook, and the CSRF token every Kommentar "
                'page carries in <meta name="csrf-token">, sent as the X-CSRFToken header. '
                "Comments by readers who are, or may be, under 16 are stored as pending and "
                "are visible to nobody but their author until a moderator approves them."
            ),
        },
        "servers": [{"url": current_app.config["PUBLIC_URL"]}],
        "paths": {
            "/api/v1/articles/{key}/comments": {
                "parameters": [article_key],
                "get": {
                    "operationId": "listComments",
                    "summary": "A page of an article's thread, as the caller may see it",
                    "description": (
                        "Top-level comments are paginated; the first visible replies under "
                        "each follow it, oldest first (nest them by parent_id; replies deeper "
                        "than a few levels come flat under their thread). more_replies counts "
                        "the rest: ask for them with thread=<id>. Anonymous answers carry an "
                        "ETag and a short public Cache-Control."
                    ),
                    "parameters": [
                        {
                            "name": "sort",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["oldest", "newest"]},
                        },
                        {
                            "name": "cursor",
                            "in": "query",
                            "description": "next_cursor of the previous page (opaque)",
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "thread",
                            "in": "query",
                            "description": "a top-level comment: it and its replies, paged",
                            "schema": {"type": "integer", "minimum": 1},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "description": f"Top-level comments per page (default {per_page})",
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                        },
                    ],
                    "responses": {
                        "200": _json("CommentPage", "The page"),
                        "304": {"description": "Not modified: the ETag in If-None-Match"},
                        **_errors("400", "404"),
                    },
                },
                "post": {
                    "operationId": "postComment",
                    "summary": "Post a comment or a reply",
                    "security": write_security,
                    "parameters": [{"$ref": "#/components/parameters/CsrfHeader"}],
                    "requestBody": _body("NewComment"),
                    "responses": {
                        "201": {
                            **_json("Created", "Stored; published, or pending a moderator"),
                            "headers": {
                                "Location": {
                                    "description": "The comment on the thread page",
                                    "schema": {"type": "string"},
                                }
                            },
                        },
                        **_errors("400", "401", "403", "404", "413", "415", "422", "429"),
                    },
                },
            },
            "/api/v1/comments/{comment_id}": {
                "parameters": [comment_id],
                "patch": {
                    "operationId": "editComment",
                    "summary": "Edit one's own comment within the edit window",
                    "security": write_security,
                    "parameters": [{"$ref": "#/components/parameters/CsrfHeader"}],
                    "requestBody": _body("EditComment"),
                    "responses": {
                        "200": _json("Comment", "The comment as it now is"),
                        **_errors("400", "401", "403", "404", "409", "413", "415", "422", "429"),
                    },
                },
                "delete": {
                    "operationId": "deleteComment",
                    "summary": "Delete one's own comment (at any time)",
                    "description": (
                        "A comment with replies stays as a 'deleted' placeholder so the replies "
                        "keep their place; one without replies is gone."
                    ),
                    "security": write_security,
                    "parameters": [{"$ref": "#/components/parameters/CsrfHeader"}],
                    "responses": {
                        "204": {"description": "Deleted"},
                        **_errors("400", "401", "403", "404", "409"),
                    },
                },
            },
            "/api/v1/comments/{comment_id}/reports": {
                "parameters": [comment_id],
                "post": {
                    "operationId": "reportComment",
                    "summary": "Ask a moderator to look at a published comment",
                    "security": write_security,
                    "parameters": [{"$ref": "#/components/parameters/CsrfHeader"}],
                    "requestBody": _body("NewReport"),
                    "responses": {
                        "201": _json("ReportReceived", "Received"),
                        "200": _json("ReportReceived", "This reader's report is already open"),
                        **_errors("400", "401", "404", "409", "413", "415", "422", "429"),
                    },
                },
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "session",
                    "description": "Set by GET /login/facebook and its callback",
                },
                "csrfToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-CSRFToken",
                    "description": 'The content of <meta name="csrf-token"> on any page',
                },
            },
            "parameters": {
                "CsrfHeader": {
                    "name": "X-CSRFToken",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string"},
                }
            },
            "responses": {f"Error{code}": response for code, response in ERRORS.items()},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "additionalProperties": False,
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "message"],
                            "additionalProperties": False,
                            "properties": {
                                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                                "message": {"type": "string"},
                            },
                        }
                    },
                },
                "Comment": {
                    "type": "object",
                    "required": [
                        "id",
                        "parent_id",
                        "author_name",
                        "body_html",
                        "created_at",
                        "edited_at",
                        "status",
                        "rejection_reason",
                        "is_own",
                    ],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "integer"},
                        "parent_id": {"type": ["integer", "null"]},
                        "author_name": {
                            "type": ["string", "null"],
                            "description": "Plain text; null for deleted/removed/erased ones",
                        },
                        "body_html": {
                            "type": "string",
                            "description": "Sanitised HTML; empty for placeholders",
                        },
                        "created_at": {"type": "string", "format": "date-time"},
                        "edited_at": {"type": ["string", "null"], "format": "date-time"},
                        "status": {
                            "type": "string",
                            "enum": [s.value for s in CommentStatus],
                            "description": (
                                "pending and rejected are only ever shown to their author; "
                                "deleted, removed and erased are placeholders kept because "
                                "a visible reply hangs under them"
                            ),
                        },
                        "rejection_reason": {
                            "type": ["string", "null"],
                            "description": "Only on the caller's own rejected comments",
                        },
                        "is_own": {"type": "boolean"},
                        "more_replies": {
                            "type": "integer",
                            "minimum": 0,
                            "description": "Replies under it not in this page (thread=<id>)",
                        },
                    },
                },
                "CommentPage": {
                    "type": "object",
                    "required": ["comments", "next_cursor"],
                    "additionalProperties": False,
                    "properties": {
                        "comments": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Comment"},
                        },
                        "next_cursor": {"type": ["string", "null"]},
                    },
                },
                "NewComment": {
                    "type": "object",
                    "required": ["body"],
                    "properties": {
                        "body": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": max_length,
                            "description": "Text with a little HTML; sanitised on write",
                        },
                        "parent_id": {
                            "type": ["integer", "null"],
                            "description": "The published comment this replies to",
                        },
                    },
                },
                "EditComment": {
                    "type": "object",
                    "required": ["body"],
                    "properties": {
                        "body": {"type": "string", "minLength": 1, "maxLength": max_length}
                    },
                },
                "Created": {
                    "type": "object",
                    "required": ["id", "status"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "integer"},
                        "status": {"type": "string", "enum": ["published", "pending"]},
                    },
                },
                "NewReport": {
                    "type": "object",
                    "required": ["reason"],
                    "properties": {
                        "reason": {"type": "string", "enum": [r.value for r in ReportReason]},
                        "note": {"type": ["string", "null"], "maxLength": REPORT_NOTE_MAX_LENGTH},
                    },
                },
                "ReportReceived": {
                    "type": "object",
                    "required": ["status"],
                    "additionalProperties": False,
                    "properties": {
                        "status": {"type": "string", "enum": ["received", "already_reported"]}
                    },
                },
            },
        },
    }
