"""axe-core findings by impact on a fixed tour of pages, for comparing two versions.

    KOMMENTAR_AXE_JS=node_modules/axe-core/axe.min.js \\
        .venv/bin/python -m bench.axe_scan [PROJECT_DIR]

Starts the stack of tests/browser (gunicorn, embedded queue, Facebook stand-in, newspaper on
another site) from PROJECT_DIR (default: this checkout), visits the same pages in chromium as
an anonymous reader, a logged-in reader and a moderator, and prints the violations per page
and the totals by impact (counted in elements).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser import conftest
from tests.browser import stack as stack_module

VIOLATIONS = (
    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))"
)


def scan(target) -> list[dict]:
    target.evaluate(conftest.AXE.read_text() + "\n;void 0")
    return target.evaluate(VIOLATIONS)


def main(project: Path) -> None:
    running = stack_module.start(project, None)
    totals: Counter[str] = Counter()
    report = {}
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=conftest.CHROMIUM, args=conftest.CHROMIUM_ARGS
            )
            context = browser.new_context(bypass_csp=True, locale="en-GB")

            def visit(name: str, url: str, frame: bool = False) -> None:
                page = context.new_page()
                page.goto(url)
                target = page
                if frame:
                    page.wait_for_selector("iframe")
                    page.wait_for_timeout(1500)
                    target = next(f for f in page.frames if "/embed/" in f.url)
                found = scan(target)
                report[name] = found
                for violation in found:
                    totals[violation["impact"]] += violation["nodes"]
                page.close()

            def log_in(persona: str) -> None:
                page = context.new_page()
                page.goto(f"{running.service}/login/facebook?next=/")
                page.click(f"a[data-persona='{persona}']")
                page.wait_for_load_state()
                page.close()

            visit("newspaper + widget", f"{running.newspaper}/skolemat", frame=True)
            visit("thread page", f"{running.service}/articles/skolemat")
            visit("front page", f"{running.service}/")
            visit("privacy", f"{running.service}/privacy")
            visit("guardian form", f"{running.service}/guardian")
            log_in("adult")
            visit("thread page, logged in", f"{running.service}/articles/skolemat")
            visit("my data", f"{running.service}/me")
            visit("widget, top level, logged in", f"{running.service}/embed/skolemat")
            log_in("moderator")
            for path in ("/moderation/", "/moderation/minors", "/moderation/reports",
                         "/moderation/audit", "/moderation/guardian/", "/moderation/stats"):
                visit(f"desk {path}", f"{running.service}{path}")
            browser.close()
    finally:
        running.stop()
    for name, found in report.items():
        print(f"{name}: {[(v['id'], v['impact'], v['nodes']) for v in found]}")
    print(json.dumps(dict(totals)))


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).parent.parent)
