"""The Panel protocol: what the main window may ask of every panel, and nothing more.

A panel is built with an AppContext (never the window) and a parent. To add a
panel: write a QWidget with these methods, give it a TITLE (N_), and add one
PanelSpec line to the main window's PANELS; its actions' keys go in
ui/actions.py. The window builds it the first time it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable


@runtime_checkable
class Panel(Protocol):
    TITLE: str  # N_() text: the navigation shows it before the panel is built

    def title(self) -> str:
        """The panel's name in the operator's language."""

    def retranslate(self) -> None:
        """Every label again, after the operator switched language."""

    def refresh(self) -> None:
        """Show what is true now (the data or the operator changed)."""

    def actions(self) -> dict[str, Callable[[], None]]:
        """Handlers for the keys of ui/actions.py this panel answers; the window shows the panel first."""
