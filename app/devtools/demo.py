"""The one-command local run: ``python -m app.devtools.demo``.

Brings up, on this machine only:
- the local stand-in for Facebook with test personas (http://127.0.0.1:5001),
- Kommentar on SQLite with the embedded queue (http://127.0.0.1:5000), migrated with
  ``db upgrade``, with demo articles and the moderator persona granted the moderator role,
- a pretend publisher's article page that embeds the widget (http://127.0.0.1:8000).

Never used in production: production configuration refuses the stand-in's URLs.
"""

from __future__ import annotations

import argparse
import os
import sys

from flask import Flask, render_template_string

from app.devtools import fake_facebook

DEMO_ARTICLES = [
    ("bybanen-2026", "Bybanen forlenges til Fyllingsdalen", "http://127.0.0.1:8000/bybanen-2026"),
    ("skolemat", "Skolene får gratis lunsj fra høsten", "http://127.0.0.1:8000/skolemat"),
    ("derby-brann", "Brann vant derbyet 3–1", "http://127.0.0.1:8000/derby-brann"),
]
MODERATOR_PERSONA_ID = "100000000000099"

PUBLISHER_PAGE = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · Demo-avisa</title></head>
<body style="font-family: Georgia, serif; max-width: 44rem; margin: 2rem auto;">
  <header><p><a href="/">Demo-avisa</a></p></header>
  <main>
  <h1>{{ title }}</h1>
  <p>This is a pretend publisher's article. The comments below are Kommentar's widget,
     pasted in as the two lines of HTML the README shows.</p>
  <div id="kommentar-thread" data-article="{{ key }}" data-title="{{ title }}"
       data-url="{{ url }}" data-signature="{{ signature }}"
       data-accent="#8a1538" data-font="Georgia, serif"></div>
  <script src="{{ service }}/static/embed.js" async></script>
  </main>
</body></html>"""

PUBLISHER_INDEX = """<!doctype html><html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo-avisa</title></head>
<body style="font-family: Georgia, serif; max-width: 44rem; margin: 2rem auto;">
<main><h1>Demo-avisa</h1><ul>{% for key, title, url in articles %}
<li><a href="/{{ key }}">{{ title }}</a></li>{% endfor %}</ul></main></body></html>"""


# The pretend newspaper's EMBED_KEYS key: it signs its widgets as a real publisher's CMS would.
DEMO_EMBED_KEY = "demo-newspaper-embed-key"  # noqa: S105 - the demo's, never production's


def publisher_site(service_url: str, publisher_url: str = "http://127.0.0.1:8000") -> Flask:
    """A pretend newspaper on another origin, embedding the widget it signs."""
    from app.services.articles import embed_signature

    site = Flask("demo_publisher")
    titles = {key: title for key, title, _ in DEMO_ARTICLES}

    @site.get("/")
    def index():
        return render_template_string(PUBLISHER_INDEX, articles=DEMO_ARTICLES)

    @site.get("/<key>")
    def article(key: str):
        title = titles.get(key, key)
        url = f"{publisher_url}/{key}"
        signature = embed_signature(DEMO_EMBED_KEY, key, title, url)
        return render_template_string(
            PUBLISHER_PAGE, key=key, title=title, url=url, signature=signature, service=service_url
        )

    return site


def seed_demo_comments() -> None:
    """A first conversation, so a newcomer sees a thread and the desk has work (once only)."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Comment
    from app.services import articles, comments, readers
    from app.services.facebook_profile import FacebookProfile

    if db.session.scalar(select(func.count()).select_from(Comment)):
        return
    by_key = {p.key: p for p in fake_facebook.DEFAULT_PERSONAS}

    def reader(key: str):
        persona = by_key[key]
        assert persona.facebook_id is not None  # the demo's readers, not the cancelling one
        return readers.log_in_with_facebook(
            FacebookProfile(persona.facebook_id, persona.name, persona.age_range)
        )

    kari, jonas, ida = reader("adult"), reader("young"), reader("teen")
    article = articles.get("skolemat")
    assert article is not None  # registered by the demo before it seeds comments
    first = comments.post_comment(kari, article, "Endelig! Dette har vi ventet på i årevis.")
    comments.post_comment(jonas, article, "Hvem skal betale for det?", parent=first)
    comments.post_comment(ida, article, "Kjempebra! Ring meg på 912 34 567 hvis dere vil vite mer")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--facebook-port", type=int, default=5001)
    parser.add_argument("--publisher-port", type=int, default=8000)
    args = parser.parse_args(argv)

    os.environ.setdefault("APP_ENV", "development")
    if os.environ["APP_ENV"] != "development":
        print("The demo runs only with APP_ENV=development.", file=sys.stderr)
        return 2

    from flask_migrate import upgrade

    from app import create_app
    from app.config import INSTANCE_DIR, DevelopmentConfig
    from app.jobs.embedded import start_embedded_worker
    from app.services import articles, roles

    client_id = os.environ.get("FACEBOOK_CLIENT_ID") or DevelopmentConfig.FACEBOOK_CLIENT_ID
    secret = os.environ.get("FACEBOOK_CLIENT_SECRET") or DevelopmentConfig.FACEBOOK_CLIENT_SECRET
    facebook = fake_facebook.serve(
        fake_facebook.create_fake_facebook(client_id, secret),
        host=args.host,
        port=args.facebook_port,
    )
    service_url = f"http://{args.host}:{args.port}"
    publisher_url = f"http://{args.host}:{args.publisher_port}"
    version = DevelopmentConfig.FACEBOOK_GRAPH_VERSION
    overrides = {
        "FACEBOOK_DIALOG_URL": fake_facebook.dialog_url(facebook.url, version),
        "FACEBOOK_GRAPH_URL": fake_facebook.graph_url(facebook.url, version),
        "PUBLIC_URL": service_url,
        "EMBED_ORIGINS": (publisher_url,),
        "EMBED_KEYS": {publisher_url: DEMO_EMBED_KEY},
    }
    os.makedirs(INSTANCE_DIR, exist_ok=True)
    app = create_app(overrides)
    with app.app_context():
        upgrade()
        for key, title, url in DEMO_ARTICLES:
            if articles.get(key) is None:
                articles.register(key, title=title, url=url)
        roles.grant(MODERATOR_PERSONA_ID)
        seed_demo_comments()
    start_embedded_worker(app)  # after the schema exists; it screens the seeded child's comment

    publisher = fake_facebook.serve(
        publisher_site(service_url, publisher_url), host=args.host, port=args.publisher_port
    )
    print(
        "\n  Kommentar is running on the embedded default (SQLite, embedded queue).\n"
        f"  Open  {service_url}/            the service (threads, /me, /moderation, /guardian)\n"
        f"        {publisher_url}/            a pretend newspaper embedding the widget\n"
        f"        {facebook.url}/            the local stand-in for Facebook\n"
        "  Log in as any persona: Ida (13–17), Jonas (18–20), Kari (21+), Sam (no age range),\n"
        "  Mona Moderator (works the desk), or cancel. Mail is readable at "
        f"{service_url}/_dev/mail\n  Stop with Ctrl+C.\n",
        flush=True,
    )
    try:
        app.run(host=args.host, port=args.port, use_reloader=False, threaded=True)
    finally:
        publisher.shutdown()
        facebook.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
