"""The station's log: a rotating file support can ask for, without guest data.

Each line says which operator and which panel were at work. Unexpected errors
are logged with their traceback frames (code, not data) and a message masked
by `redact`, because an exception's text can quote a guest's name or number.
"""

from __future__ import annotations

import logging
import re
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from hotel_phone import paths

LOG_NAME = "hotel_phone.log"
MAX_BYTES = 1_000_000
BACKUPS = 5

_context = {"operator": "-", "activity": "-"}
log = logging.getLogger("hotel_phone")

# Guest data that can hide in an exception's text: quoted values (repr of a name),
# any non-ASCII run (Chinese or accented names), digit runs (phone and room numbers).
# An unquoted plain-ASCII name in a message is not caught: code here never builds
# exception texts from guest data; this is the second line of defence.
_QUOTED = re.compile(r"""(['"]).*?\1""")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_DIGITS = re.compile(r"\d{3,}")


def log_path() -> Path:
    return paths.data_dir() / LOG_NAME


class _ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.operator = _context["operator"]
        record.activity = _context["activity"]
        return True


def setup(level: int = logging.INFO) -> Path:
    """Send the program's log to the rotating file in the data folder (once per process)."""
    path = log_path()
    for handler in log.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s [%(operator)s %(activity)s] %(name)s: %(message)s"))
    handler.addFilter(_ContextFilter())
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False
    return path


def set_operator(username: str | None) -> None:
    """The signed-in operator's user name (a staff account, not guest data)."""
    _context["operator"] = username or "-"


def set_activity(activity: str | None) -> None:
    """What the operator is doing: a panel or action name, never the data it shows."""
    _context["activity"] = activity or "-"


def activity() -> str:
    return _context["activity"]


def redact(text: str) -> str:
    """An exception's text with anything that may be guest data masked."""
    text = _QUOTED.sub("'…'", text)
    text = _NON_ASCII.sub("…", text)
    return _DIGITS.sub("…", text)


def format_error(exc_type, exc, tb) -> str:
    """The traceback's frames and the exception's type, its message redacted."""
    frames = "".join(traceback.format_tb(tb))
    message = redact(str(exc)) if exc is not None else ""
    return f"Traceback (most recent call last):\n{frames}{exc_type.__name__}: {message}"


def log_error(exc_type, exc, tb, what: str = "unexpected error") -> None:
    log.error("%s\n%s", what, format_error(exc_type, exc, tb))
