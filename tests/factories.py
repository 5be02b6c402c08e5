"""Test data, built the way the service would build it."""

from __future__ import annotations

import itertools

from markupsafe import escape

from app import clock
from app.extensions import db
from app.models import (
    AgeClass,
    AgeSignal,
    AgeVerdict,
    Article,
    Comment,
    CommentStatus,
    SignalSource,
    User,
)
from app.services import age

_ids = itertools.count(1)

SIGNALS = {
    AgeClass.ADULT: (SignalSource.FACEBOOK, AgeVerdict.ADULT, "21+"),
    AgeClass.UNDER_16_PRESUMED: (SignalSource.FACEBOOK, AgeVerdict.UNDER, "13-17"),
    AgeClass.UNDER_16_CONFIRMED: (SignalSource.MODERATOR, AgeVerdict.UNDER, None),
}


def make_user(
    age_class: AgeClass = AgeClass.ADULT, name: str | None = None, facebook_id: str | None = None
) -> User:
    n = next(_ids)
    user = User(
        facebook_id=facebook_id or f"5550000{n:08d}",
        display_name=name or f"Reader {n}",
        age_class=AgeClass.UNKNOWN,
    )
    if age_class in SIGNALS:
        source, verdict, detail = SIGNALS[age_class]
        user.signals.append(
            AgeSignal(source=source, verdict=verdict, detail=detail, recorded_at=clock.now())
        )
    user.age_class = age.classify(user.signals)
    if user.age_class.is_minor:
        user.minor_since = clock.now()
    assert user.age_class is age_class
    db.session.add(user)
    db.session.commit()
    return user


def make_article(
    key: str | None = None, title: str = "Bybanen forlenges til Fyllingsdalen"
) -> Article:
    n = next(_ids)
    article = Article(key=key or f"article-{n}", title=title, url=f"https://news.example/a/{n}")
    db.session.add(article)
    db.session.commit()
    return article


def make_comment(
    article: Article,
    author: User | None,
    text: str = "Godt skrevet!",
    status: CommentStatus | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A comment stored directly (no screening job): published for adults, pending otherwise."""
    if status is None:
        adult = author is not None and author.age_class is AgeClass.ADULT
        status = CommentStatus.PUBLISHED if adult else CommentStatus.PENDING
    now = clock.now()
    comment = Comment(
        article=article,
        author=author,
        parent=parent,
        body_html=f"<p>{escape(text)}</p>",
        status=status,
        created_at=now,
        published_at=now if status is CommentStatus.PUBLISHED else None,
        held_since=now if status is CommentStatus.PENDING else None,
    )
    db.session.add(comment)
    db.session.commit()
    return comment
