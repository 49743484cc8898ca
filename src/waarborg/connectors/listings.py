"""How a retention sweep finds a processor's records by date: Waarborg's listings.

Fides's SaaS format reads a processor's records person by person (by e-mail address),
and has no request that lists every record with its date. A retention sweep needs
that list, so Waarborg keeps it beside the definition, in the same request format:
``listings/<name>.yml`` for a shipped definition, or ``<file>.listing.yml`` beside an
organisation's own definition ``<file>.yml``::

    endpoints:
      member:            # an endpoint of the definition
        method: GET
        path: /v2/member
        ...

The endpoints are listed in the file's order; a request may take values from the
rows of an endpoint listed before it (``references``), never from the person's
identity. An endpoint listed only as the way to another (Mailchimp's lists, for their
members) need not be one of the definition's. A definition without a listing for an
endpoint cannot be swept there: the sweep says so per system and sweeps nothing.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import DatastoreMisconfigured
from .definition import Definition, Request, _Model

__all__ = ["Listing", "listing_for"]

_DIR = "listings"


class Listing(_Model):
    """The requests that list every record of some endpoints, in order."""

    endpoints: dict[str, Request]


def _load(path: Path, store: str) -> Listing:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        return Listing.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        first = exc.errors()[0] if isinstance(exc, ValidationError) else None
        what = f": {'.'.join(map(str, first['loc']))}: {first['msg']}" if first else ""
        raise DatastoreMisconfigured(
            store,
            f"the listing {path} cannot be read{what}",
            "write it as docs/connectors.md describes (endpoints, each a request)",
        ) from None


@cache
def _shipped(name: str) -> Listing | None:
    entry = resources.files(__package__).joinpath(_DIR, f"{name}.yml")
    if not entry.is_file():
        return None
    return _load(Path(str(entry)), name)


def listing_for(
    name: str, definition: Definition, store: str = "-", base: Path | None = None
) -> Listing:
    """The listing of the definition ``name`` names (see ``catalogue.definition_for``);
    an empty one when there is none. Raises ``DatastoreMisconfigured`` for a listing
    that names an endpoint the definition does not have."""
    if "/" in name or name.endswith((".yml", ".yaml")):
        path = Path(name)
        if not path.is_absolute() and base is not None:
            path = base / path
        beside = path.with_name(f"{path.stem}.listing.yml")
        found = _load(beside, store) if beside.is_file() else None
    else:
        found = _shipped(name)
    if found is None:
        return Listing(endpoints={})
    known = {e.name for e in definition.endpoints}
    steps = {
        (ref if isinstance(ref, str) else ref.field).partition(".")[0]
        for request in found.endpoints.values()
        for param in request.param_values
        for ref in param.references or []
    }
    for endpoint in set(found.endpoints) - steps:
        if endpoint not in known:
            raise DatastoreMisconfigured(
                store,
                f"the listing of {definition.name} names an endpoint {endpoint!r} "
                "its definition does not have",
                f"use one of {', '.join(sorted(known))}",
            )
    return found
