"""A local stand-in for Facebook Login (manual OAuth flow) with test personas.

This is a small, separate WSGI app for development and tests. It is never
mounted in the Kommentar app: Kommentar talks to it over real HTTP through
Authlib, exactly as it talks to Facebook. One host serves both the "www"
(login dialog) and the "graph" endpoints:

- ``GET /<version>/dialog/oauth`` -- the login dialog. Query: ``client_id``,
  ``redirect_uri``, ``state``, ``scope``, ``response_type=code``. Shows a page
  listing every persona plus "Cancel".
- ``GET /<version>/dialog/oauth/choose?persona=<key>&...`` -- what the page's
  links point at: redirects to ``redirect_uri?code=...&state=...``, or, for the
  ``cancel`` persona, to ``redirect_uri?error=access_denied&error_code=200&
  error_description=Permissions+error&error_reason=user_denied&state=...``.
- Shortcut for scripted tests: pass ``persona=<key>`` directly to
  ``/<version>/dialog/oauth`` (``?persona=teen&client_id=...``) to skip the
  page and be redirected at once, as if that persona had been chosen.
- ``GET|POST /graph/<version>/oauth/access_token`` -- code exchange
  (``client_id``, ``client_secret``, ``redirect_uri``, ``code``; query string,
  form body, or HTTP Basic for the client credentials). Codes are single use.
- ``GET /graph/<version>/me?fields=id,name,age_range`` -- the profile; token in
  ``access_token`` or ``Authorization: Bearer``. Only requested fields among
  ``id``, ``name`` and ``age_range`` are returned (default ``id,name``).
- ``GET /healthz`` -- ``ok``.

Errors from the graph endpoints have Facebook's shape:
``{"error": {"message", "type": "OAuthException", "code", "fbtrace_id"}}``.

Run it locally::

    python -m app.devtools.fake_facebook --port 5001 \\
        --client-id kommentar-local --client-secret local-secret

and point Kommentar at it with ``FACEBOOK_DIALOG_URL=http://127.0.0.1:5001/<version>/dialog/oauth``
and ``FACEBOOK_GRAPH_URL=http://127.0.0.1:5001/graph/<version>``.

Only Flask and the standard library are used; no other ``app`` module is
imported. Request logs never contain query strings (codes, tokens, secrets).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from flask import Flask, Response, jsonify, redirect, render_template_string, request, url_for
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Response as BaseResponse

__all__ = [
    "CANCEL_KEY",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_PERSONAS",
    "EXTENSION_KEY",
    "FakeFacebook",
    "Persona",
    "RunningServer",
    "create_fake_facebook",
    "dialog_url",
    "graph_url",
    "make_signed_request",
    "serve",
]

#: Client credentials the stand-in accepts unless told otherwise (development only).
DEFAULT_CLIENT_ID = "kommentar-local"
DEFAULT_CLIENT_SECRET = "local-secret"  # noqa: S105 - a public, dev-only placeholder
#: Key of ``app.extensions`` under which the :class:`FakeFacebook` state lives.
EXTENSION_KEY = "fake_facebook"
#: Persona key that always means "the user cancelled the login".
CANCEL_KEY = "cancel"
#: Lifetime Facebook reports for a long-lived user access token (about 60 days).
TOKEN_EXPIRES_IN = 5183944
#: Authorization codes expire after ten minutes, as on Facebook.
CODE_LIFETIME_SECONDS = 600
#: Fields ``/me`` knows about.
KNOWN_FIELDS = ("id", "name", "age_range")
DEFAULT_FIELDS = ("id", "name")


@dataclass(frozen=True)
class Persona:
    """A fake Facebook user; ``facebook_id=None`` means choosing it cancels the login."""

    key: str
    facebook_id: str | None
    name: str
    age_range: dict[str, int] | None = field(default=None, hash=False)
    label: str = ""

    @property
    def cancels(self) -> bool:
        """Whether choosing this persona cancels the login instead of logging in."""
        return self.key == CANCEL_KEY or self.facebook_id is None

    @property
    def display_label(self) -> str:
        """Label shown in the dialog (falls back to the name)."""
        return self.label or self.name or self.key


DEFAULT_PERSONAS: tuple[Persona, ...] = (
    Persona("teen", "100000000000013", "Ida", {"min": 13, "max": 17}, "Ida (13–17)"),
    Persona("young", "100000000000018", "Jonas", {"min": 18, "max": 20}, "Jonas (18–20)"),
    Persona("adult", "100000000000021", "Kari", {"min": 21}, "Kari (21+)"),
    Persona("unknown", "100000000000000", "Sam", None, "Sam (no age range)"),
    Persona("moderator", "100000000000099", "Mona Moderator", {"min": 21}, "Mona Moderator (21+)"),
    Persona(CANCEL_KEY, None, "", None, "Cancels the login"),
)


def describe_age_range(age_range: Mapping[str, int] | None) -> str:
    """Human-readable age bucket, e.g. ``13–17``, ``21+`` or ``no age range``."""
    if not age_range:
        return "no age range"
    low, high = age_range.get("min"), age_range.get("max")
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return f"{low}+"
    return f"under {high}" if high is not None else "no age range"


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    persona_key: str
    expires_at: float
    used: bool = False


@dataclass
class _Token:
    persona: Persona
    expires_at: float


class OAuthError(Exception):
    """A Graph API error answered as HTTP 400 with Facebook's error shape."""

    def __init__(self, message: str, code: int = 100) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class FakeFacebook:
    """In-memory state of the stand-in: client credentials, personas, codes, tokens.

    All mutable state is guarded by one lock, so a threaded server is safe.
    """

    def __init__(self, client_id: str, client_secret: str, personas: Iterable[Persona]) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self._lock = threading.Lock()
        self._personas: dict[str, Persona] = {}
        self._codes: dict[str, _Code] = {}
        self._tokens: dict[str, _Token] = {}
        for persona in personas:
            self.add_persona(persona)

    # -- personas -----------------------------------------------------------
    def add_persona(self, persona: Persona) -> Persona:
        """Add (or replace, by key) a persona; returns it."""
        with self._lock:
            self._personas[persona.key] = persona
        return persona

    def get_persona(self, key: str) -> Persona | None:
        """The persona with this key, or ``None``."""
        with self._lock:
            return self._personas.get(key)

    @property
    def personas(self) -> list[Persona]:
        """A snapshot of all personas, in insertion order."""
        with self._lock:
            return list(self._personas.values())

    # -- codes and tokens -----------------------------------------------------
    def issue_code(self, persona_key: str, client_id: str, redirect_uri: str) -> str:
        """Create a single-use authorization code for a persona."""
        code = secrets.token_urlsafe(32)
        with self._lock:
            self._codes[code] = _Code(
                client_id, redirect_uri, persona_key, time.time() + CODE_LIFETIME_SECONDS
            )
        return code

    def exchange_code(
        self, client_id: str, client_secret: str, redirect_uri: str, code: str
    ) -> str:
        """Trade a code for an access token, or raise :class:`OAuthError`."""
        if client_id != self.client_id:
            raise OAuthError("Error validating application. Invalid application ID.")
        if not hmac.compare_digest(client_secret.encode(), self.client_secret.encode()):
            raise OAuthError("Error validating client secret.")
        if not code:
            raise OAuthError("Missing authorization code.")
        with self._lock:
            grant = self._codes.get(code)
            if grant is None:
                raise OAuthError("Invalid verification code format.")
            if grant.used:
                raise OAuthError("This authorization code has been used.")
            if grant.expires_at < time.time():
                raise OAuthError("This authorization code has expired.")
            if grant.client_id != client_id:
                raise OAuthError("Error validating verification code.")
            if grant.redirect_uri != redirect_uri:
                raise OAuthError(
                    "Error validating verification code. Please make sure your redirect_uri "
                    "is identical to the one you used in the OAuth dialog request"
                )
            persona = self._personas.get(grant.persona_key)
            if persona is None or persona.cancels:
                raise OAuthError("Error validating verification code.")
            grant.used = True
            token = "EAA" + secrets.token_urlsafe(40)
            self._tokens[token] = _Token(persona, time.time() + TOKEN_EXPIRES_IN)
        return token

    def persona_for_token(self, token: str) -> Persona:
        """The persona an access token belongs to, or raise :class:`OAuthError` (code 190)."""
        if not token:
            raise OAuthError(
                "An active access token must be used to query information about the current user.",
                code=190,
            )
        with self._lock:
            entry = self._tokens.get(token)
        if entry is None:
            raise OAuthError("Invalid OAuth access token - Cannot parse access token", code=190)
        if entry.expires_at < time.time():
            raise OAuthError("Error validating access token: Session has expired.", code=190)
        return entry.persona


def profile_fields(persona: Persona, fields: str | None) -> dict[str, Any]:
    """The ``/me`` answer for a persona: requested known fields only."""
    wanted = [f.strip() for f in fields.split(",")] if fields else list(DEFAULT_FIELDS)
    values: dict[str, Any] = {"id": persona.facebook_id, "name": persona.name}
    if persona.age_range is not None:
        values["age_range"] = dict(persona.age_range)
    return {name: values[name] for name in KNOWN_FIELDS if name in wanted and name in values}


def _with_query(url: str, params: Mapping[str, str | None]) -> str:
    """Append parameters (skipping ``None``) to a URL that may already have a query."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query.extend((k, v) for k, v in params.items() if v is not None)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _valid_redirect_uri(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _fbtrace_id() -> str:
    return secrets.token_urlsafe(8)


_DIALOG_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in to Kommentar (local Facebook stand-in)</title>
<style>
 body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; }
 ul { list-style: none; padding: 0; }
 li { margin: .5rem 0; }
 a.persona { display: block; padding: .75rem 1rem; border: 1px solid #ccd; border-radius: .5rem;
             text-decoration: none; color: #1c1e21; background: #f5f6f7; }
 a.persona:hover, a.persona:focus { background: #e7f3ff; border-color: #1877f2; }
 a.cancel { color: #606770; background: #fff; }
 .age { color: #606770; font-size: .9em; }
 .note { color: #606770; font-size: .9em; }
</style>
</head>
<body>
<h1>Log in to Kommentar (local Facebook stand-in)</h1>
<p>Choose who you want to be. This is a local test stand-in for Facebook;
 no real account is used.</p>
{% if scope %}<p class="note">Requested permissions: {{ scope }}</p>{% endif %}
<ul>
{% for item in logins %}
 <li><a class="persona" href="{{ item.href }}" data-persona="{{ item.key }}">
   {{ item.label }} <span class="age">— age range: {{ item.age }}</span></a></li>
{% endfor %}
{% for item in cancels %}
 <li><a class="persona cancel" href="{{ item.href }}" data-persona="{{ item.key }}">
   Cancel <span class="age">— {{ item.label }}</span></a></li>
{% endfor %}
</ul>
<p class="note">You will be sent back to {{ redirect_host }}.</p>
</body>
</html>
"""

_INDEX_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Local Facebook stand-in</title></head>
<body>
<h1>Local Facebook stand-in</h1>
<p>This stands in for Facebook's login while Kommentar runs on this machine; no real account
 is used. Start from Kommentar's "Log in with Facebook" and you will be asked here who you want
 to be:</p>
<ul>
{% for persona in personas %}
 <li>{{ persona.display_label }}</li>
{% endfor %}
</ul>
</body>
</html>
"""

_ERROR_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Error (local Facebook stand-in)</title></head>
<body>
<h1>Sorry, something went wrong</h1>
<p>{{ message }}</p>
</body>
</html>
"""


def create_fake_facebook(
    client_id: str = DEFAULT_CLIENT_ID,
    client_secret: str = DEFAULT_CLIENT_SECRET,
    personas: Iterable[Persona] = DEFAULT_PERSONAS,
) -> Flask:
    """Build the stand-in WSGI app; its state is ``app.extensions["fake_facebook"]``."""
    app = Flask(__name__)
    state = FakeFacebook(client_id, client_secret, personas)
    app.extensions[EXTENSION_KEY] = state

    def error_page(message: str) -> tuple[str, int]:
        return render_template_string(_ERROR_PAGE, message=message), 400

    def oauth_error(exc: OAuthError) -> Response:
        body = {
            "error": {
                "message": exc.message,
                "type": "OAuthException",
                "code": exc.code,
                "fbtrace_id": _fbtrace_id(),
            }
        }
        response = jsonify(body)
        response.status_code = 400
        response.headers["WWW-Authenticate"] = 'OAuth "Facebook Platform" "invalid_request"'
        return response

    def check_dialog_request() -> str | None:
        """Return an error message when the dialog request is not acceptable."""
        args = request.args
        if args.get("client_id") != state.client_id:
            return "Invalid App ID: the client_id is not known to this stand-in."
        redirect_uri = args.get("redirect_uri")
        if not redirect_uri:
            return "The redirect_uri parameter is missing."
        if not _valid_redirect_uri(redirect_uri):
            return "The redirect_uri must be an absolute http(s) URL."
        if args.get("response_type", "code") != "code":
            return "Only response_type=code is supported."
        return None

    def complete(version: str, persona_key: str) -> BaseResponse | tuple[str, int]:
        """Redirect back to the client as if ``persona_key`` had been chosen."""
        problem = check_dialog_request()
        if problem:
            return error_page(problem)
        args = request.args
        redirect_uri = args["redirect_uri"]
        state_param = args.get("state")
        if persona_key == CANCEL_KEY:
            persona = None
        else:
            persona = state.get_persona(persona_key)
            if persona is None:
                return error_page("Unknown persona.")
        if persona is None or persona.cancels:
            target = _with_query(
                redirect_uri,
                {
                    "error": "access_denied",
                    "error_code": "200",
                    "error_description": "Permissions error",
                    "error_reason": "user_denied",
                    "state": state_param,
                },
            )
        else:
            code = state.issue_code(persona.key, state.client_id, redirect_uri)
            target = _with_query(redirect_uri, {"code": code, "state": state_param})
        response = redirect(target, code=302)
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/<version>/dialog/oauth")
    def dialog(version: str) -> BaseResponse | tuple[str, int] | str:
        """The login dialog page (or an immediate redirect with ``persona=``)."""
        persona_key = request.args.get("persona")
        if persona_key:
            return complete(version, persona_key)
        problem = check_dialog_request()
        if problem:
            return error_page(problem)
        passthrough: dict[str, Any] = {
            k: request.args[k]
            for k in ("client_id", "redirect_uri", "state", "scope", "response_type")
            if k in request.args
        }
        logins: list[dict[str, str]] = []
        cancels: list[dict[str, str]] = []
        for persona in state.personas:
            item = {
                "key": persona.key,
                "label": persona.display_label,
                "age": describe_age_range(persona.age_range),
                "href": url_for("choose", version=version, persona=persona.key, **passthrough),
            }
            (cancels if persona.cancels else logins).append(item)
        if not cancels:
            cancels.append(
                {
                    "key": CANCEL_KEY,
                    "label": "Cancels the login",
                    "age": "",
                    "href": url_for("choose", version=version, persona=CANCEL_KEY, **passthrough),
                }
            )
        return render_template_string(
            _DIALOG_PAGE,
            logins=logins,
            cancels=cancels,
            scope=request.args.get("scope", ""),
            redirect_host=urlsplit(request.args["redirect_uri"]).netloc,
        )

    @app.get("/<version>/dialog/oauth/choose")
    def choose(version: str) -> BaseResponse | tuple[str, int]:
        """A persona (or cancel) was chosen on the dialog page."""
        return complete(version, request.args.get("persona", ""))

    @app.route("/graph/<version>/oauth/access_token", methods=["GET", "POST"])
    def access_token(version: str) -> Response:
        """Exchange an authorization code for an access token."""
        params = request.form if request.method == "POST" else request.args
        client_id = params.get("client_id") or request.args.get("client_id", "")
        client_secret = params.get("client_secret") or request.args.get("client_secret", "")
        auth = request.authorization
        if auth is not None and auth.type == "basic":
            # client_secret_basic: RFC 6749 form-encodes both parts before base64.
            client_id = client_id or unquote_plus(auth.username or "")
            client_secret = client_secret or unquote_plus(auth.password or "")
        grant_type = params.get("grant_type")
        if grant_type not in (None, "authorization_code"):
            return oauth_error(OAuthError("Unsupported grant_type."))
        try:
            token = state.exchange_code(
                client_id,
                client_secret,
                params.get("redirect_uri") or request.args.get("redirect_uri", ""),
                params.get("code") or request.args.get("code", ""),
            )
        except OAuthError as exc:
            return oauth_error(exc)
        response = jsonify(
            {"access_token": token, "token_type": "bearer", "expires_in": TOKEN_EXPIRES_IN}
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/graph/<version>/me")
    def me(version: str) -> Response:
        """The current user's profile, limited to the requested fields."""
        token = request.args.get("access_token", "")
        header = request.headers.get("Authorization", "")
        if not token and header[:7].lower() == "bearer ":
            token = header[7:].strip()
        try:
            persona = state.persona_for_token(token)
        except OAuthError as exc:
            return oauth_error(exc)
        return jsonify(profile_fields(persona, request.args.get("fields")))

    @app.get("/")
    def index() -> str:
        """What this is, for someone who opens it in a browser: the personas to be."""
        return render_template_string(_INDEX_PAGE, personas=state.personas)

    @app.get("/healthz")
    def healthz() -> Response:
        """Liveness probe."""
        return Response("ok", mimetype="text/plain")

    return app


def dialog_url(base: str, version: str) -> str:
    """URL of the login dialog on a stand-in served at ``base``."""
    return f"{base}/{version}/dialog/oauth"


def graph_url(base: str, version: str) -> str:
    """Graph API base URL on a stand-in served at ``base``."""
    return f"{base}/graph/{version}"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_signed_request(
    payload: Mapping[str, Any], secret: str, algorithm: str = "HMAC-SHA256"
) -> str:
    """Build a Facebook ``signed_request`` (``sig.payload``, base64url without padding).

    The JSON payload gets ``algorithm`` and ``issued_at`` unless ``payload``
    already has them. The signature is always HMAC-SHA256 with ``secret``.
    """
    data: dict[str, Any] = {"algorithm": algorithm, "issued_at": int(time.time())}
    data.update(payload)
    encoded = _b64url(json.dumps(data, separators=(",", ":")).encode("utf-8"))
    signature = hmac.new(secret.encode("utf-8"), encoded.encode("ascii"), hashlib.sha256).digest()
    return f"{_b64url(signature)}.{encoded}"


def _base_url(host: str, port: int) -> str:
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"http://{host}:{port}"


_QUERY_RE = re.compile(r"\?[^\s\"']*")


class _RedactingRequestHandler(WSGIRequestHandler):
    """Request handler whose log lines never include query strings."""

    def log(self, type: str, message: str, *args: Any) -> None:
        text = message % args if args else message
        super().log(type, "%s", _QUERY_RE.sub("?…", text))


@dataclass
class RunningServer:
    """A stand-in served in a daemon thread; use as a context manager or call shutdown()."""

    server: BaseWSGIServer
    thread: threading.Thread
    host: str
    app: Flask | None = None

    @property
    def state(self) -> FakeFacebook:
        """The served stand-in's :class:`FakeFacebook` state (to add personas)."""
        if self.app is None or EXTENSION_KEY not in self.app.extensions:
            raise LookupError("this server does not serve a fake Facebook app")
        state: FakeFacebook = self.app.extensions[EXTENSION_KEY]
        return state

    @property
    def port(self) -> int:
        """The bound port (useful with ``port=0``)."""
        return int(self.server.port)

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        return _base_url(self.host, self.port)

    def shutdown(self) -> None:
        """Stop serving and release the socket."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.shutdown()


def serve(app: Flask, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve ``app`` with a threaded werkzeug server in a daemon thread."""
    server = make_server(host, port, app, threaded=True, request_handler=_RedactingRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="fake-facebook", daemon=True)
    thread.start()
    return RunningServer(server=server, thread=thread, host=host, app=app)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: serve the stand-in until interrupted."""
    parser = argparse.ArgumentParser(description="Local Facebook Login stand-in for Kommentar.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    parser.add_argument("--graph-version", default="v19.0", help="only used for the printed URLs")
    args = parser.parse_args(argv)

    app = create_fake_facebook(client_id=args.client_id, client_secret=args.client_secret)
    server = make_server(
        args.host, args.port, app, threaded=True, request_handler=_RedactingRequestHandler
    )
    base = _base_url(args.host, int(server.port))
    print(f"Fake Facebook running on {base}", flush=True)
    print(f"  FACEBOOK_DIALOG_URL={dialog_url(base, args.graph_version)}", flush=True)
    print(f"  FACEBOOK_GRAPH_URL={graph_url(base, args.graph_version)}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
