"""What the privacy centre says about the organisation's practice, and where it comes from.

Each sentence on the centre's pages has one source (docs/requests.md, "What the
centre says"):

- **what the centre itself does**: it confirms a request with a link in an e-mail,
  needs no account and asks for no copy of an ID document;
- **a declared fact**: a promised response time (``rights.respond_within``), an
  extension (``rights.extension``), the rights the statement names
  (``rights.offered``); a value counts only when the declaration states it, never a
  model default;
- **the law**, worded as the law with its article, where the declaration is silent.

Where the declaration says something the centre does not do (``rights.verify:
id_copy``: the published statement asks for an ID copy, while the centre confirms by
e-mail), the centre leaves out its own sentence rather than contradict the statement,
and ``contradictions`` tells staff when ``waarborg serve`` starts, so that the
declaration can be made to say what really happens.
"""

from __future__ import annotations

from pydantic import BaseModel

from ...declaration.model import Declaration
from ...declaration.types import Duration
from ...rights.deadlines import ONE_MONTH, TWO_MONTHS

__all__ = [
    "CENTRE_VERIFIES",
    "contradictions",
    "declared_extension",
    "declared_response_time",
    "declared_verification",
    "offered_rights",
    "says_no_id_copy",
]

#: How the privacy centre confirms a request: a link in an e-mail, nothing else.
CENTRE_VERIFIES = "email"


def _stated(model: BaseModel | None, field: str) -> bool:
    """Whether the declaration itself gives ``field`` (not a model default)."""
    return model is not None and field in model.model_fields_set


def offered_rights(declaration: Declaration) -> set[str]:
    """The rights the published statement names; empty when it names none."""
    rights = declaration.rights
    if not _stated(rights, "offered") or rights is None:
        return set()
    offered = rights.offered
    return set(offered) if isinstance(offered, list) else set()


def declared_verification(declaration: Declaration) -> str | None:
    """How the declaration says identity is checked, or None when it does not say."""
    rights = declaration.rights
    if not _stated(rights, "verify") or rights is None:
        return None
    value = rights.verify
    return value if value in ("email", "id_copy", "account") else None


def says_no_id_copy(declaration: Declaration) -> bool:
    """Whether the centre may say it asks for no copy of an ID document: true of the
    centre always, and said unless the published statement says otherwise."""
    return declared_verification(declaration) in (None, CENTRE_VERIFIES)


def declared_response_time(declaration: Declaration) -> Duration | None:
    """The response time the declaration promises, when it is within the month of
    Art. 12(3); None when it promises none (or one the law does not allow)."""
    rights = declaration.rights
    value = rights.respond_within if rights is not None else None
    if isinstance(value, Duration) and not value.longer_than(ONE_MONTH):
        return value
    return None


def declared_extension(declaration: Declaration) -> Duration | None:
    """The extension the declaration says it may take, when within the two months of
    Art. 12(3); None otherwise."""
    rights = declaration.rights
    value = rights.extension if rights is not None else None
    if isinstance(value, Duration) and not value.longer_than(TWO_MONTHS):
        return value
    return None


def contradictions(declaration: Declaration) -> list[str]:
    """Where the published statement and the privacy centre would say different
    things, each as a sentence for staff (empty when they agree)."""
    found: list[str] = []
    verify = declared_verification(declaration)
    if verify == "id_copy":
        found.append(
            "the declaration says rights.verify: id_copy, so the published statement asks "
            "people for a copy of their ID document, but the privacy centre confirms "
            "requests with an e-mailed link and asks for no ID copy; set rights.verify: "
            "email so that the statement says what the centre does (until then the "
            "centre does not say that it asks for no ID copy)"
        )
    elif verify == "account":
        found.append(
            "the declaration says rights.verify: account, but the privacy centre confirms "
            "requests with an e-mailed link and needs no account; set rights.verify: "
            "email so that the statement says what the centre does"
        )
    rights = declaration.rights
    promised = rights.respond_within if rights is not None else None
    if isinstance(promised, Duration) and promised.longer_than(ONE_MONTH):
        found.append(
            f"the declaration promises an answer within {promised} (rights.respond_within), "
            "which can be longer than the one month of Art. 12(3) GDPR; the privacy "
            "centre and the request deadlines use one month"
        )
    extension = rights.extension if rights is not None else None
    if isinstance(extension, Duration) and extension.longer_than(TWO_MONTHS):
        found.append(
            f"the declaration says a deadline can be extended by {extension} "
            "(rights.extension), more than the two months of Art. 12(3) GDPR; the privacy "
            "centre and the request deadlines allow two months"
        )
    if _stated(rights, "channels") and rights is not None and "web" not in (rights.channels or []):
        found.append(
            "the published statement does not name the privacy centre as a way to make a "
            "request (rights.channels has no 'web'), though the centre takes requests"
        )
    return found
