"""A reserve of references for None, True and False while PySide6 takes them away.

PySide6 6.12 on Python 3.11 takes one reference from None for every call of a Qt
method that returns nothing: a thousand `label.setText(...)` leave None a thousand
references short, and when its count reaches zero the interpreter aborts with
"Fatal Python error: none_dealloc" (bool_dealloc for True and False) — at a quit,
or in the middle of a shift, since the console's clock and call list call such
methods every second. Python 3.12 made these objects immortal; on older Pythons
they get a reserve that `top_up` (at start and every tick) keeps from running out.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40  # a billion void calls a day would take three thousand years to use it
NEEDED = sys.version_info < (3, 12)  # immortal there: their counts must not be touched


def top_up() -> None:
    if not NEEDED:
        return
    for obj in (None, True, False):
        if sys.getrefcount(obj) < RESERVE // 2:
            ctypes.c_ssize_t.from_address(id(obj)).value += RESERVE


top_up()
