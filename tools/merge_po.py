"""Git merge driver for the gettext catalogs: the union of both sides' entries.

Two branches that each add strings change the same catalog in many places (the
source references move with every edit), so a line merge conflicts on almost
every entry. Set it up once per clone:

    git config merge.pomerge.driver "python tools/merge_po.py %O %A %B"

(.gitattributes names the catalogs.) A translation only one side changed takes
that side's; where both changed it, ours wins; an entry only one side has is kept. Run tools/update_catalogs.sh after a
merge to drop entries no source uses any more.
"""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po


def _read(path):
    with open(path, "rb") as f:
        return read_po(f)


def main(base: str, ours: str, theirs: str) -> int:
    old, mine, other = _read(base), _read(ours), _read(theirs)
    for message in other:
        if not message.id:
            continue
        here = mine.get(message.id, message.context)
        before = old.get(message.id, message.context)
        if here is None:
            mine[message.id] = message
        elif (not here.string and message.string) or (
                before is not None and here.string == before.string and message.string != before.string):
            # Only their side changed this translation (or only they have one): take theirs.
            here.string = message.string
            here.flags = set(message.flags)
    with open(ours, "wb") as f:
        write_po(f, mine, width=0, sort_by_file=True, ignore_obsolete=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
