"""Errors the operator is meant to read.

A DomainError carries an untranslated message and its parameters; the text
is translated when shown, so it follows the reader's language.
"""

from hotel_phone.i18n import N_, _


class DomainError(Exception):
    """A rule or an input refused the action; nothing was changed."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    def message(self) -> str:
        return _(self.msgid).format(**self.params)

    def __str__(self) -> str:
        return self.message()


class ValidationError(DomainError):
    """Input that is empty, absurd or unknown."""


class Problems(ValidationError):
    """Several refusals reported at once (a group booking lists every bad room, not the first)."""

    def __init__(self, problems: list[DomainError]):
        super().__init__("{problems}")
        self.problems = list(problems)

    def message(self) -> str:
        return "\n".join(p.message() for p in self.problems)


class NotFound(ValidationError):
    """A record the input points at does not exist."""

class PermissionDenied(DomainError):
    """The signed-in operator's role may not do this."""

class DatabaseOpenError(DomainError):
    """The database could not be opened; nothing was touched."""

class SignInError(DomainError):
    """Wrong name or password, or too many tries."""


class DatabaseReplaced(DomainError):
    """The database file was replaced (a restore) while this station had it open: it must not write on."""


class StorageError(DomainError):
    """The disk or folder refused a write (full, read-only, failing); nothing was saved."""


class DatabaseUnreachable(DomainError):
    """The hotel's database server did not answer; the transaction was not saved."""

    def __init__(self, msgid: str = "", **params):
        super().__init__(msgid or N_("Database server unreachable — retrying. Nothing was saved; "
                                     "what you typed is kept, try again in a moment."), **params)


class DatabaseBusy(DomainError):
    """A transaction lost to another station's more often than we retry; nothing was saved."""
