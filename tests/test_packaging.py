"""What a wheel carries: an operator who ``pip install``s Kommentar gets every template, static
file, migration and data file, and the installed package finds them beside its own code.

.ci/check-wheel builds the real wheel, installs it outside the tree and runs it; these tests
catch the usual slip early: a new kind of file that no package-data pattern matches.
"""

from __future__ import annotations

import ast
import glob
import tomllib
from pathlib import Path

import pytest

from app import config
from app.config import PROJECT_ROOT


def shipped_mapping() -> dict[str, str]:
    """setup.py's ``SHIPPED``: package name -> directory at the top of the tree."""
    tree = ast.parse((PROJECT_ROOT / "setup.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "SHIPPED":
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py declares no SHIPPED mapping")


def package_dir(package: str, shipped: dict[str, str]) -> Path:
    if package in shipped:
        return PROJECT_ROOT / shipped[package]
    return PROJECT_ROOT.joinpath(*package.split("."))


def packaged_files() -> set[Path]:
    """Every non-Python file the package-data patterns put in the wheel."""
    package_data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"][
        "setuptools"
    ]["package-data"]
    shipped = shipped_mapping()
    files: set[Path] = set()
    for package, patterns in package_data.items():
        root = package_dir(package, shipped)
        for pattern in patterns:
            files.update(
                (root / match).resolve()
                for match in glob.glob(pattern, root_dir=root, recursive=True)
                if (root / match).is_file()
            )
    return files


def data_files_in_the_tree() -> set[Path]:
    found: set[Path] = set()
    for top in ("app", *shipped_mapping().values()):
        for path in (PROJECT_ROOT / top).rglob("*"):
            if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in (
                path.parts
            ):
                found.add(path.resolve())
    return found


def test_templates_and_migrations_ship_inside_the_package():
    assert shipped_mapping() == {"app.templates": "templates", "app.migrations": "migrations"}


def test_every_template_static_file_migration_and_data_file_is_packaged():
    data_files = data_files_in_the_tree()
    assert any(p.name == "base.html" for p in data_files)  # the walk found the templates
    assert any(p.name == "alembic.ini" for p in data_files)
    assert any(p.suffix == ".css" for p in data_files)

    missing = sorted(str(p.relative_to(PROJECT_ROOT)) for p in data_files - packaged_files())

    assert missing == [], "add a package-data pattern in pyproject.toml for these"


def test_every_migration_is_packaged():
    versions = sorted((PROJECT_ROOT / "migrations" / "versions").glob("*.py"))
    patterns = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"][
        "setuptools"
    ]["package-data"]["app.migrations"]

    assert versions
    assert all(
        glob.glob(f"migrations/{p}", root_dir=PROJECT_ROOT) for p in patterns
    ), "a package-data pattern for the migrations matches nothing"
    assert "versions/*.py" in patterns


def test_an_installed_package_finds_its_templates_beside_its_code(tmp_path, monkeypatch):
    installed = tmp_path / "site-packages" / "app"
    (installed / "templates").mkdir(parents=True)
    (installed / "migrations").mkdir()
    monkeypatch.setattr(config, "PACKAGE_DIR", installed)

    assert config.shipped_dir("templates") == installed / "templates"
    assert config.shipped_dir("migrations") == installed / "migrations"


@pytest.mark.parametrize("name", ["templates", "migrations"])
def test_a_source_checkout_uses_the_top_level_directories(name):
    assert config.shipped_dir(name) == PROJECT_ROOT / name
    assert (PROJECT_ROOT / name).is_dir()
