"""The one seam to Facebook Login (manual login flow) through Authlib.

Dialog at ``FACEBOOK_DIALOG_URL``; code exchange at ``<FACEBOOK_GRAPH_URL>/oauth/access_token``
with ``client_secret_post``; profile from ``<FACEBOOK_GRAPH_URL>/me?fields=id,name,age_range``.
The access token lives only for the duration of the callback request: it is never stored.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app, session
from werkzeug.wrappers import Response

from app.services.facebook_profile import FacebookProfile

PROFILE_FIELDS = "id,name,age_range"
_CLIENT = "kommentar.facebook"
_SETTINGS = "kommentar.facebook.settings"
_CLIENT_LOCK = threading.Lock()
_STATE_PREFIX = "_state_facebook_"  # Authlib's session key for a pending state


class FacebookError(Exception):
    """Facebook answered something we cannot use (bad code, state, or profile)."""


class FacebookUnavailable(Exception):
    """Facebook could not be reached."""


def register(app: Flask) -> None:
    """Give the app its own Authlib client (Authlib's registry caches clients process-wide).

    Only the settings are kept here: Authlib (and requests, and cryptography behind it) is
    imported on the first login, so a web worker that only serves threads never loads it.
    """
    graph = app.config["FACEBOOK_GRAPH_URL"]
    app.extensions[_CLIENT] = None
    app.extensions[_SETTINGS] = {
        "client_id": app.config["FACEBOOK_CLIENT_ID"],
        "client_secret": app.config["FACEBOOK_CLIENT_SECRET"],
        "authorize_url": app.config["FACEBOOK_DIALOG_URL"],
        "access_token_url": f"{graph}/oauth/access_token",
        "api_base_url": f"{graph}/",
        "client_kwargs": {
            "scope": app.config["FACEBOOK_SCOPE"],
            "token_endpoint_auth_method": "client_secret_post",
            "timeout": 10,
        },
    }


def _client():
    app = current_app._get_current_object()
    client = app.extensions[_CLIENT]
    if client is None:
        with _CLIENT_LOCK:
            client = app.extensions[_CLIENT]
            if client is None:
                from authlib.integrations.flask_client import OAuth

                registry = OAuth()
                registry.init_app(app)
                client = registry.register("facebook", **app.extensions[_SETTINGS])
                app.extensions[_CLIENT] = client
    return client


def authorize_redirect(redirect_uri: str) -> Response:
    """Send the reader to Facebook's login dialog; Authlib keeps the state in the session.

    Only the newest login attempt stays pending: Authlib adds a state per attempt, and another
    site can start attempts in a reader's browser until the cookie is too big to keep.
    """
    for key in [k for k in session if k.startswith(_STATE_PREFIX)]:
        del session[key]
    return _client().authorize_redirect(redirect_uri)


def fetch_facebook_profile() -> FacebookProfile:
    """Finish the callback: check state, exchange the code, read the profile."""
    import requests
    from authlib.integrations.base_client.errors import OAuthError

    client = _client()
    try:
        token = client.authorize_access_token()
        response = client.get("me", token=token, params={"fields": PROFILE_FIELDS})
    except OAuthError as exc:
        raise FacebookError(exc.error or "oauth_error") from None
    except requests.RequestException as exc:
        raise FacebookUnavailable(type(exc).__name__) from None
    except ValueError as exc:  # a token response that is not JSON
        raise FacebookError(type(exc).__name__) from None
    if response.status_code != 200:
        raise FacebookError(f"profile answered {response.status_code}")
    try:
        data = response.json()
    except ValueError:
        raise FacebookError("profile is not JSON") from None
    facebook_id, name = data.get("id"), data.get("name")
    if not isinstance(facebook_id, str) or not facebook_id.isdigit() or len(facebook_id) > 64:
        raise FacebookError("profile has no usable id")
    age_range = data.get("age_range")
    return FacebookProfile(
        facebook_id=facebook_id,
        name=name if isinstance(name, str) else "",
        age_range=age_range if isinstance(age_range, dict) else None,
    )
