"""A worker readies screening once, before it forks, so each held comment's job does not
re-import the HTML parser or recompile the patterns in its work horse."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_warm_up_leaves_the_parser_imported_and_the_patterns_compiled():
    probe = textwrap.dedent(
        """
        import sys
        from app import create_app
        from app.jobs.moderation import warm_up
        from app.services import screening
        app = create_app({"APP_ENV": "testing"})
        with app.app_context():
            warm_up()
        builder = any(name.endswith("html5lib.treebuilders.etree") for name in sys.modules)
        print(builder, screening._words_pattern.cache_info().currsize)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    imported, compiled = out.stdout.split()
    assert imported == "True"
    assert int(compiled) >= 1
