"""Every Flask extension, created unbound; ``create_app()`` binds them.

Authlib's OAuth registry is the exception: it caches clients process-wide, so each app gets
its own (see app/auth/facebook.py).
"""

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints so that Alembic migrations are stable on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()


def _limiter_key() -> str:
    """The rate limiter's key for this request, as create_app() wired it: a keyed hash of the
    reader or of the address, never the address itself (app/services/rate_limits.py)."""
    return current_app.extensions["kommentar.limiter_key"]()


babel = Babel()
limiter = Limiter(key_func=_limiter_key, default_limits=[])
