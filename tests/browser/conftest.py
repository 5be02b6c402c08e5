"""Browser journeys: Debian's chromium driven by Playwright, against the whole stack.

Skipped when chromium or Playwright is missing, unless KOMMENTAR_REQUIRE_BROWSER=1 (set by
.ci/run) makes them mandatory. Never downloads a browser: it launches /usr/bin/chromium.
Third-party cookies are blocked in the browser profile, as in Safari, Firefox (strict) and
private windows. axe-core (npm, installed by .ci/run into node_modules/) checks every page.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import stack as stack_module

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = os.environ.get("KOMMENTAR_CHROMIUM", "/usr/bin/chromium")
AXE = Path(os.environ.get("KOMMENTAR_AXE_JS", ROOT / "node_modules/axe-core/axe.min.js"))
ARTIFACTS = ROOT / ".browser-artifacts"
REQUIRED = os.environ.get("KOMMENTAR_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
# Every axe finding by impact, over the whole run (printed at the end, kept as an artefact).
AXE_COUNTS: Counter[str] = Counter()
AXE_FINDINGS: list[dict] = []


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    if not AXE.exists():
        return f"no axe-core at {AXE} (npm install axe-core)"
    return None


def pytest_collection_modifyitems(config, items) -> None:
    reason = _missing()
    for item in items:
        if "tests/browser/" not in str(item.fspath).replace(os.sep, "/"):
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not REQUIRED:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="package")
def stack() -> Iterator[stack_module.Stack]:
    """The running service; stopped before any other tier runs (its worker shares Redis)."""
    reason = _missing()
    if reason:
        pytest.fail(f"browser journeys are required here: {reason}")
    running = stack_module.start(ROOT, os.environ.get("TEST_REDIS_URL"))
    yield running
    running.stop()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-counts.json").write_text(json.dumps(dict(AXE_COUNTS), indent=2))
    (ARTIFACTS / "axe-findings.json").write_text(json.dumps(AXE_FINDINGS, indent=2))
    shutil.copy(running.workdir / "service.log", ARTIFACTS / "service.log")


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def browser(playwright_driver, request):
    """A fresh profile that blocks third-party cookies; desktop unless marked ``phone``."""
    profile = Path(tempfile.mkdtemp(prefix="kommentar-chromium-"))
    (profile / "Default").mkdir()
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"profile": {"block_third_party_cookies": True, "cookie_controls_mode": 1}})
    )
    phone = request.node.get_closest_marker("phone") is not None
    lang = request.node.get_closest_marker("norwegian") is not None
    context = playwright_driver.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, "--test-third-party-cookie-phaseout"],
        headless=True,
        bypass_csp=True,  # only so that axe-core can be injected into pages
        viewport={"width": 375, "height": 667} if phone else {"width": 1100, "height": 900},
        locale="nb-NO" if lang else "en-GB",
        timezone_id="Europe/Oslo",
    )
    context.set_default_timeout(15000)
    yield context
    context.close()
    shutil.rmtree(profile, ignore_errors=True)


def axe_check(target, name: str) -> dict[str, int]:
    """Run axe-core on a page or frame: no critical or serious violations."""
    if not target.evaluate("() => typeof window.axe !== 'undefined'"):
        target.evaluate(AXE.read_text() + "\n;void 0")
    result = target.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
        " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    counts: Counter[str] = Counter()
    for violation in result:
        counts[violation["impact"]] += violation["nodes"]
        AXE_FINDINGS.append({"page": name, **violation})
    AXE_COUNTS.update(counts)
    bad = [v for v in result if v["impact"] in ("critical", "serious")]
    assert not bad, f"axe on {name}: {bad}"
    return dict(counts)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "phone: a 375x667 viewport")
    config.addinivalue_line("markers", "norwegian: the browser asks for Norwegian")
