"""The station's log: a rotating file support can ask for, without guest data.

Each line says which operator and which panel were at work. Unexpected errors
are logged with their traceback frames (code, not data) and a message masked
by `redact`, because an exception's text can quote a guest's name or number.
"""

from __future__ import annotations

import logging
import re
import traceback
from pathlib import Path

from hotel_phone import paths

LOG_NAME = "hotel_phone.log"
MAX_BYTES = 1_000_000
BACKUPS = 5

_context = {"operator": "-", "activity": "-"}
log = logging.getLogger("hotel_phone")

# Guest data that can hide in a storage error's text: quoted values, any non-ASCII
# run (Chinese or accented names), digit runs (phone and room numbers).
_QUOTED = re.compile(r"""(['"]).*?\1""")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_DIGITS = re.compile(r"\d{3,}")
# A server's details quote the row: "Key (name)=(john smith) already exists", "Failing row contains (...)".
_ROW_VALUES = re.compile(r"(=|contains )\((?:[^()]|\([^()]*\))*\)")
_STORAGE_MODULES = {"sqlite3", "peewee", "psycopg", "playhouse"}


def log_path() -> Path:
    return paths.data_dir() / LOG_NAME


class _ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.operator = _context["operator"]
        record.activity = _context["activity"]
        return True


class _Held(logging.Handler):
    """The lines logged before the file is opened, written to it when it is (see hold)."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold(level: int = logging.INFO) -> None:
    """Keep the log's lines until setup() opens the file: the GUI's start paints the sign-in first."""
    if not log.handlers:
        log.addHandler(_Held())
        log.setLevel(level)
        log.propagate = False


def setup(level: int = logging.INFO) -> Path:
    """Send the program's log to the rotating file in the data folder (once per process)."""
    # For speed: logging.handlers brings socket, pickle and queue (~10 ms); the GUI sets its log up once the
    # sign-in is painted (ui/startup.py).
    from logging.handlers import RotatingFileHandler

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
    for held in [h for h in log.handlers if isinstance(h, _Held)]:
        log.removeHandler(held)
        for record in held.records:
            handler.handle(record)
    return path


# Who is signed in, innermost last: a manager's countersign (sign in, decide, sign
# out) lasts one action, and the operator at the desk is back in the log after it.
_signed_in: list[str] = []


def signed_in(username: str) -> None:
    """An operator signed in (a staff account's user name, not guest data)."""
    if not _signed_in or _signed_in[-1] != username:
        _signed_in.append(username)
    _context["operator"] = username


def signed_out(username: str) -> None:
    """That operator signed out: the log names whoever is still signed in, or nobody."""
    for i in range(len(_signed_in) - 1, -1, -1):
        if _signed_in[i] == username:
            del _signed_in[i]
            break
    _context["operator"] = _signed_in[-1] if _signed_in else "-"


def clear_operator() -> None:
    """Nobody is signed in at this station (after building the demo hotel, at start)."""
    _signed_in.clear()
    _context["operator"] = "-"


def operator() -> str:
    return _context["operator"]


def set_activity(activity: str | None) -> None:
    """What the operator is doing: a panel or action name, never the data it shows."""
    _context["activity"] = activity or "-"


def activity() -> str:
    return _context["activity"]


def redact(text: str) -> str:
    """An exception's text with anything that may be guest data masked."""
    text = _ROW_VALUES.sub(r"\1(…)", text)
    text = _QUOTED.sub("'…'", text)
    text = _NON_ASCII.sub("…", text)
    return _DIGITS.sub("…", text)


def _safe_message(exc: BaseException | None) -> str:
    """What of an exception's text may go to the log.

    The storage layer's messages (a locked database, a full disk) are what support
    needs and rarely quote data: kept, redacted. Any other text may quote a guest
    (a name in an f-string), so it is withheld: the frames say where it happened.
    """
    if exc is None:
        return ""
    if isinstance(exc, OSError):
        return redact(exc.strerror or str(exc))
    module = type(exc).__module__.split(".")[0]
    if module in _STORAGE_MODULES:
        return redact(str(exc))
    return f"(text withheld, {len(str(exc))} characters)"


def format_error(exc_type, exc, tb) -> str:
    """The traceback's frames and the exception's type; its text only where it is safe."""
    frames = "".join(traceback.format_tb(tb))
    return f"Traceback (most recent call last):\n{frames}{exc_type.__name__}: {_safe_message(exc)}"


def log_error(exc_type, exc, tb, what: str = "unexpected error") -> None:
    log.error("%s\n%s", what, format_error(exc_type, exc, tb))
