"""Who is acting: the signed-in operator, passed to every core action."""

from __future__ import annotations

from dataclasses import dataclass

from hotel_phone.db import Operator
from hotel_phone.errors import PermissionDenied
from hotel_phone.i18n import N_


# Who may do what, for every action the UI offers or hides by role (administrators may do all).
# The core function behind each action requires the same entry, so a button and its rule cannot disagree;
# the UI asks Session.may(action) and never names a role.
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "calls.disclosures": ("supervisor",),  # the log of what was disclosed to callers
    "ld.move_up": ("supervisor",),
    "folio.post": ("operator", "supervisor", "cashier"),
    "folio.correct": ("supervisor",),  # voids and adjustments
    "folio.take_slip": ("cashier", "supervisor"),
    "folio.settle": ("cashier", "supervisor"),  # the guest pays the balance
    "phrases.reword": ("supervisor",),
    "pbx.sources": ("supervisor",),  # add a source of PBX call records
    "settings.write": (),
    "operators.manage": (),
    "backup.checks": (),  # the status bar's mark when an automatic backup failed its check
}


@dataclass(frozen=True)
class Session:
    operator: Operator

    @property
    def role(self) -> str:
        return self.operator.role

    def may(self, action: str) -> bool:
        """Whether this operator may do `action` (a key of PERMISSIONS)."""
        return self.role == "administrator" or self.role in PERMISSIONS[action]

    def require_may(self, action: str) -> None:
        if not self.may(action):
            raise PermissionDenied(N_("Your role may not do this."))

    def require(self, *roles: str) -> None:
        """Refuse unless the operator has one of `roles` (administrators may do all)."""
        if self.role == "administrator" or self.role in roles:
            return
        raise PermissionDenied(N_("Your role may not do this."))
