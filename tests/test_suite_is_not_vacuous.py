"""A test module cannot pass by testing nothing.

pytest counts a module with no tests, or a test that asserts nothing, as a pass. This check
reads every test module and fails on either, so a test that was renamed out of collection,
emptied while debugging, or left as a stub shows up. Checks that something is *not* on a
page go through ``tests.helpers.shown``, which first asserts the page was shown at all (an
error page lacks the words too).
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent

# Modules named like tests that hold shared helpers only (other modules import them).
SUPPORT_MODULES = {"test_moderation_support.py"}


def modules_under_test() -> list[Path]:
    return sorted(p for p in TESTS.rglob("test_*.py") if p.name not in SUPPORT_MODULES)


def collected_from(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test"
        ):
            found.append(node)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            found.extend(
                item
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                and item.name.startswith("test")
            )
    return found


def asserting_helpers() -> set[str]:
    """Helpers (in any test file) whose own body asserts: calling one counts as asserting."""
    names = set()
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("test")
                and any(_asserts(inner) for inner in ast.walk(node))
            ):
                names.add(node.name)
    return names


def _asserts(node: ast.AST) -> bool:
    """An assert, or a call of pytest.fail (a helper that polls and fails on timeout)."""
    if isinstance(node, ast.Assert):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "fail"
    )


def asserts_something(test: ast.AST, helpers: set[str]) -> bool:
    for node in ast.walk(test):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
                node.func, "id", ""
            )
            if called in {"raises", "fail", "warns"} or called in helpers:
                return True
    return False


def test_every_test_module_collects_tests():
    empty = [
        str(path.relative_to(TESTS))
        for path in modules_under_test()
        if not collected_from(ast.parse(path.read_text()))
    ]

    assert len(modules_under_test()) > 40
    assert empty == [], "a test module without tests passes silently"


def test_every_test_asserts_something():
    helpers = asserting_helpers()
    silent = [
        f"{path.relative_to(TESTS)}::{test.name}"
        for path in modules_under_test()
        for test in collected_from(ast.parse(path.read_text()))
        if not asserts_something(test, helpers)
    ]

    assert silent == [], "a test without an assertion passes whatever the code does"


def unshown_page_text(node: ast.AST) -> bool:
    """``browser.get(...).text``: a page's text whose status nobody checked."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "text"
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr in {"get", "post"}
    )


def absence_checks_on_unshown_pages(test: ast.AST) -> list[int]:
    """Lines of ``"x" not in <page>`` where the page's status was never checked."""
    unchecked = {
        node.targets[0].id
        for node in ast.walk(test)
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and unshown_page_text(node.value)
    }
    return [
        node.lineno
        for node in ast.walk(test)
        if isinstance(node, ast.Compare)
        and isinstance(node.ops[0], ast.NotIn)
        and (
            unshown_page_text(node.comparators[0])
            or (isinstance(node.comparators[0], ast.Name) and node.comparators[0].id in unchecked)
        )
    ]


def test_a_check_that_words_are_absent_reads_a_page_that_was_shown():
    unchecked = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in modules_under_test()
        for test in collected_from(ast.parse(path.read_text()))
        for line in absence_checks_on_unshown_pages(test)
    ]

    assert unchecked == [], "read the page with tests.helpers.shown(): an error page passes too"


def test_the_check_sees_an_empty_test_and_an_empty_module():
    stub = ast.parse("def test_stub():\n    client.get('/')\n")
    module_without_tests = ast.parse("def helper():\n    assert True\n")

    assert not asserts_something(collected_from(stub)[0], helpers=set())
    assert collected_from(module_without_tests) == []
    assert asserts_something(collected_from(stub)[0], helpers={"get"})


def test_the_check_sees_an_absence_check_on_an_unshown_page():
    vacuous = ast.parse(
        "def test_hidden():\n"
        "    page = client.get('/a').text\n"
        "    assert 'secret' not in page\n"
        "    assert 'secret' not in client.get('/b').text\n"
    )
    checked = ast.parse("def test_hidden():\n    assert 'secret' not in shown(client.get('/a'))\n")

    assert absence_checks_on_unshown_pages(vacuous) == [3, 4]
    assert absence_checks_on_unshown_pages(checked) == []
