"""Rebuild the catalogues: extract, update nb/en, fill nb from tools/nb.py, compile .mo.

    .venv/bin/python tools/catalogues.py

The .po files are the source; the .mo files are committed too, so that an editable install
and a wheel work without a build step (tests/test_i18n.py fails when they drift apart).
"""

from __future__ import annotations

import subprocess  # noqa: S404 - runs pybabel from this virtualenv
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "translations"
POT = TRANSLATIONS / "messages.pot"
sys.path.insert(0, str(ROOT / "tools"))

from nb import NB  # noqa: E402


def add_privacy_map_texts() -> None:
    """The privacy map's plain words are data, not calls to _(): add them to the template."""
    sys.path.insert(0, str(ROOT))
    from app.privacy.map import human_texts

    with POT.open("rb") as handle:
        template = read_po(handle)
    for text in sorted(human_texts()):
        if text not in template:
            template.add(text)
    with POT.open("wb") as handle:
        write_po(handle, template, width=100, omit_header=True, sort_output=True)


def main() -> None:
    pybabel = str(Path(sys.executable).with_name("pybabel"))
    subprocess.run(  # noqa: S603
        [pybabel, "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_",
         "--no-location", "--sort-output", "--omit-header", "-o", str(POT), "."],
        cwd=ROOT, check=True,
    )
    add_privacy_map_texts()
    for language in ("nb", "en"):
        target = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        with POT.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain="messages")
        catalog.project, catalog.version = "Kommentar", "1"
        catalog.fuzzy = False
        for message in catalog:
            if not message.id or language != "nb":
                continue
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key in NB:
                message.string = NB[key]
            message.flags.discard("fuzzy")
        with target.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=True)
        with target.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


if __name__ == "__main__":
    main()
