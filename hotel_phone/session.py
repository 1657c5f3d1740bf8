"""Who is acting: the signed-in operator, passed to every core action."""

from __future__ import annotations

from dataclasses import dataclass

from hotel_phone.db import Operator
from hotel_phone.errors import PermissionDenied
from hotel_phone.i18n import N_


@dataclass(frozen=True)
class Session:
    operator: Operator

    @property
    def role(self) -> str:
        return self.operator.role

    def allowed(self, *roles: str) -> bool:
        return self.role == "administrator" or self.role in roles

    def require(self, *roles: str) -> None:
        """Refuse unless the operator has one of `roles` (administrators may do all)."""
        if self.role == "administrator" or self.role in roles:
            return
        raise PermissionDenied(N_("Your role may not do this."))
