"""Where the app keeps its files and finds its own data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "hotel_phone"
_PACKAGE = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE.parent


def data_dir() -> Path:
    override = os.environ.get("HOTEL_PHONE_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    override = os.environ.get("HOTEL_PHONE_CONFIG_DIR")
    path = Path(override) if override else Path(platformdirs.user_config_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / "hotel.sqlite3"


def demo_database() -> Path:
    return data_dir() / "demo-hotel.sqlite3"


def resource(*parts: str) -> Path:
    """A file from resources/: in the wheel under _data/, else in the checkout."""
    packaged = _PACKAGE / "_data" / "resources" / Path(*parts)
    if packaged.exists():
        return packaged
    return _SOURCE_ROOT / "resources" / Path(*parts)


def compiled_locale_dir() -> Path:
    return _PACKAGE / "_data" / "locale"


def source_translations_dir() -> Path:
    return _SOURCE_ROOT / "translations"
