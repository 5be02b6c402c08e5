"""Facebook's data-deletion and deauthorize callbacks."""

from flask import Blueprint

bp = Blueprint("facebook", __name__)
