"""Help → About: the same facts as `hotel-phone --version`."""

from __future__ import annotations

import peewee as pw
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion


def qt_version() -> str:
    return f"{qVersion()} (PySide6 {pyside_version})"


def current_target() -> str:
    """The address of the database this window works on."""
    from hotel_phone import db

    obj = db.database.obj
    if isinstance(obj, pw.SqliteDatabase):
        return str(obj.database)
    if str(obj.database).startswith("postgresql://"):  # opened from its address (db.make_database)
        return str(obj.database)
    params = getattr(obj, "connect_params", {}) or {}
    host = params.get("host") or "localhost"
    port = f":{params['port']}" if params.get("port") else ""
    user = f"{params['user']}@" if params.get("user") else ""
    return f"postgresql://{user}{host}{port}/{obj.database}"
