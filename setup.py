"""Packaging that pyproject.toml cannot say: templates/ and migrations/ ship inside ``app``.

In the source tree both stay at the top level (where every template and migration is
edited); in a wheel or a non-editable install they become ``app/templates`` and
``app/migrations``, and ``app.config.shipped_dir`` finds them there. Everything else about
the package, its data files included, is declared in pyproject.toml.
"""

from setuptools import find_packages, setup

SHIPPED = {"app.templates": "templates", "app.migrations": "migrations"}

setup(
    packages=[*find_packages(include=["app", "app.*"]), *SHIPPED],
    package_dir=SHIPPED,
)
