"""Compile translations/*/LC_MESSAGES/*.po into hotel_phone/_data/locale/ (.mo), where the program reads them.

The program never compiles catalogs itself (that cost half a second at every
start). A wheel gets them from setup.py; a source checkout from this script,
which tools/update_catalogs.sh and the tests' conftest run.

    python tools/compile_catalogs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def compile_all(source: Path = ROOT / "translations", target: Path = ROOT / "hotel_phone" / "_data" / "locale") -> list[Path]:
    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        lang = po.parent.parent.name
        out = target / lang / "LC_MESSAGES" / (po.stem + ".mo")
        out.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        tmp = out.with_suffix(".mo.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        tmp.replace(out)  # atomic: a program starting meanwhile reads the old or the new catalog, never half
        written.append(out)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path.relative_to(ROOT))
    sys.exit(0)
