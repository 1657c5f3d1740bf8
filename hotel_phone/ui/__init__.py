"""Qt widgets: they show the core's state, collect input and call the core."""

from hotel_phone.ui import refcount_guard as _refcount_guard  # noqa: F401,E402 (before any widget is made)
