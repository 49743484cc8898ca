"""The one hierarchy of Waarborg errors.

Library code raises these; only the command line (``waarborg.cli``) turns them into a
message and an exit code, and the web layer (``waarborg.web.errors``) into an HTTP
error envelope or page.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where in a file something is: 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with where it is and how to fix it."""

    message: str
    location: Location
    path: tuple[str | int, ...] = ()
    hint: str | None = None
    code: str = "invalid"

    @property
    def dotted_path(self) -> str:
        return _dotted(self.path)

    def __str__(self) -> str:
        where = f"{self.location}"
        if self.path:
            where += f" ({self.dotted_path})"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


class WaarborgError(Exception):
    """Base of every error Waarborg raises on purpose."""

    exit_code = 2


@dataclass
class DeclarationError(WaarborgError):
    """A declaration that cannot be loaded. Carries every problem found in the file."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.file)

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{self.file}: {count} problem{'s' if count != 1 else ''} in the declaration"
        return "\n".join([head, *(str(p) for p in self.problems)])


class NotPublishable(WaarborgError):
    """A declaration with checker errors asked to be published as final: errors on the
    statement for the statement, errors on the register for the register."""

    exit_code = 1

    def __init__(self, file: str, errors: int, scope: str = "statement") -> None:
        found = f"{errors} error{'s' if errors != 1 else ''}"
        if scope == "register":
            what, command = f"{found} on the register", f"waarborg check --register {file}"
        else:
            what, command = found, f"waarborg check {file}"
        super().__init__(
            f"{file}: the checker finds {what}, so it is not published as final; fix "
            f"{'them' if errors != 1 else 'it'} ('{command}' lists them), or write a "
            "draft marked CONCEPT with --draft"
        )
        self.file = file
        self.errors = errors
        self.scope = scope


class UsageError(WaarborgError):
    """A command used wrongly: a missing file, an unknown format."""


class ChoiceError(UsageError):
    """A member of staff's choice that cannot be stored (a language, a notice address,
    a kind of notice). ``field`` names which, for the form that words it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class SettingsError(WaarborgError):
    """A setting with a value Waarborg cannot use (from a ``WAARBORG_*`` environment
    variable, or its generated secret key file)."""


class StoreError(WaarborgError):
    """Waarborg's own database cannot be used: unreachable, or its schema is out of date."""


class ScanInterrupted(WaarborgError):
    """A scan stopped by the user (Ctrl-C); the message says where, and how to resume."""

    exit_code = 130


class NotFoundError(WaarborgError):
    """Something asked for by name or id does not exist."""

    exit_code = 1


class AuditError(WaarborgError):
    """The audit log or one of its checkpoints does not hold: a file that is not a
    checkpoint, or a chain broken since the last checkpoint."""

    exit_code = 1


class MailError(WaarborgError):
    """An email could not be built or delivered."""


class RecipientRefused(MailError):
    """The mail server refused one recipient: ``permanent`` for a 5xx answer (an
    address that does not exist), which is not tried again; a 4xx answer is."""

    def __init__(self, recipient: str, code: int, reply: str) -> None:
        super().__init__(f"the mail server refused {recipient}: {code} {reply}".strip())
        self.recipient = recipient
        self.code = code
        self.permanent = 500 <= code < 600


class DatastoreError(WaarborgError):
    """An operation on an organisation's own database (a datastore) failed.

    ``retry`` says whether trying again later can succeed.
    """

    retry = False

    def __init__(self, datastore: str, message: str, hint: str | None = None) -> None:
        self.datastore = datastore
        self.message = message
        self.hint = hint
        text = f"datastore {datastore!r}: {message}"
        super().__init__(text + (f"\n    fix: {hint}" if hint else ""))


class DatastoreUnavailable(DatastoreError):
    """The database cannot be reached now (down, refused, timed out, or a transient
    conflict). Nothing was changed; try again later."""

    retry = True


class DatastoreMisconfigured(DatastoreError):
    """The declaration and the database do not match (a table or column is missing), or
    the datastore's settings are wrong. Trying again does not help until it is fixed."""


class RequestError(WaarborgError):
    """A data-subject request that cannot be taken as given, or an action its status
    does not allow. ``field`` names what is wrong, for forms and the API."""

    exit_code = 1

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class ConsentError(WaarborgError):
    """A consent event, newsletter sign-up or cookie choice that cannot be taken as
    given. ``field`` names what is wrong, for forms and the API."""

    exit_code = 1

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class EmailAddressError(WaarborgError):
    """Text that is not one plain e-mail address (``identity.parse_email``).

    ``reason`` says what is wrong, for forms that word it in the person's language:
    ``empty``, ``invisible``, ``display_name``, ``comment``, ``quoted``, ``several``,
    ``space`` or ``invalid``.
    """

    exit_code = 1

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class StatementUnreadable(WaarborgError):
    """A privacy statement that cannot be read for import: a missing or empty file, a
    format Waarborg does not read, a PDF locked with a password or without text, a web
    address that cannot be reached or is no web page. ``reason`` says which (the
    wording is ``import_read.reasons.<reason>``), ``details`` fills it in, so that the
    admin can word it in the reader's language; the message itself is English."""

    def __init__(self, source: str, reason: str, message: str, details: dict[str, str]) -> None:
        super().__init__(message)
        self.source = source
        self.reason = reason
        self.details = details
