"""A processor's API as data: Fides's SaaS connector configuration format, read as it is.

A definition is a YAML file with one ``saas_config`` mapping: the ``connector_params``
(settings such as a domain, and secrets such as an API key), the ``client_config``
(host and authentication), a ``test_request``, and the ``endpoints``, each with its
``read``, ``update`` and ``delete`` requests. A request's path, query, headers and body
hold ``<placeholders>``: a connector param, an identity of the person (``param_values``
with ``identity``), or a value read from another endpoint's rows (``references``).

Every key Fides's own model knows is taken here, so a Fides user's file loads
unchanged; a key neither knows is an error. Features Waarborg does not carry out (a
``request_override`` function, asynchronous requests) load too, and the connector
says so when a request needs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import DatastoreMisconfigured

__all__ = [
    "Definition",
    "Endpoint",
    "Param",
    "ParamValue",
    "RateLimitConfig",
    "Request",
    "Strategy",
    "load_definition",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Reference(_Model):
    """A value read from another endpoint's rows: ``field`` is ``endpoint.field``."""

    dataset: str
    field: str
    direction: Literal["from", "to"] | None = None


class ParamValue(_Model):
    """Where a placeholder's value comes from."""

    name: str
    identity: str | None = None
    references: list[Reference | str] | None = None
    connector_param: str | None = None
    unpack: bool | None = False


class Strategy(_Model):
    """A strategy by name with its configuration (authentication, pagination, a
    postprocessor)."""

    strategy: str
    configuration: dict[str, Any] | None = None


class ClientConfig(_Model):
    protocol: str
    host: str
    authentication: Strategy | None = None


class Header(_Model):
    name: str
    value: str


class QueryParam(_Model):
    name: str
    value: int | str


class RateLimit(_Model):
    rate: int = Field(gt=0)
    period: Literal["second", "minute", "hour", "day"]
    custom_key: str | None = None


class RateLimitConfig(_Model):
    limits: list[RateLimit] | None = None
    enabled: bool | None = True


class Request(_Model):
    """One HTTP request of an endpoint."""

    request_override: str | None = None
    path: str | None = None
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] | None = None
    headers: list[Header] = Field(default_factory=list)
    query_params: list[QueryParam] = Field(default_factory=list)
    body: str | None = None
    param_values: list[ParamValue] = Field(default_factory=list)
    client_config: ClientConfig | None = None
    data_path: str | None = None
    postprocessors: list[Strategy] | None = None
    pagination: Strategy | None = None
    grouped_inputs: list[str] = Field(default_factory=list)
    ignore_errors: bool | list[int] | None = False
    rate_limit_config: RateLimitConfig | None = None
    async_config: Strategy | None = None
    skip_missing_param_values: bool | None = False
    correlation_id_path: str | None = None
    output: str | None = None

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value


class RequestMap(_Model):
    read: Request | list[Request] = Field(default_factory=list)
    update: Request | None = None
    delete: Request | None = None

    @property
    def reads(self) -> list[Request]:
        return self.read if isinstance(self.read, list) else [self.read]


class Endpoint(_Model):
    """One kind of the processor's records (Waarborg calls it a table)."""

    name: str
    requests: RequestMap
    skip_processing: bool = False
    after: list[str] = Field(default_factory=list)
    erase_after: list[str] = Field(default_factory=list)


class Param(_Model):
    """A connector param: a setting (``params:`` in the declaration) or, when
    ``sensitive``, a secret (``secrets:``, read from the environment)."""

    name: str
    label: str | None = None
    options: list[str] | None = None
    default_value: str | list[str] | int | list[int] | None = None
    multiselect: bool | None = False
    description: str | None = None
    sensitive: bool | None = False
    type: str | None = None
    allowed_values: list[str] | None = None


class ExternalReference(_Model):
    name: str
    label: str | None = None
    description: str | None = None


class DisplayInfo(_Model):
    category: str | None = None
    tags: list[str] | None = None
    enabled_features: list[str] | None = None


class ConsentRequests(_Model):
    opt_in: Request | list[Request] = Field(default_factory=list)
    opt_out: Request | list[Request] = Field(default_factory=list)


class Definition(_Model):
    """A whole connector definition (Fides's ``saas_config``)."""

    fides_key: str
    name: str
    type: str
    description: str
    version: str
    connector_params: list[Param]
    external_references: list[ExternalReference] | None = None
    client_config: ClientConfig
    endpoints: list[Endpoint]
    test_request: Request
    data_protection_request: Request | None = None
    rate_limit_config: RateLimitConfig | None = None
    consent_requests: ConsentRequests | None = None
    user_guide: str | None = None
    display_info: DisplayInfo | None = None

    def endpoint(self, name: str) -> Endpoint:
        for each in self.endpoints:
            if each.name == name:
                return each
        raise KeyError(name)

    @property
    def secret_params(self) -> list[str]:
        return [p.name for p in self.connector_params if p.sensitive]


class _File(_Model):
    saas_config: Definition


def load_definition(path: Path, store: str = "-") -> Definition:
    """The definition in ``path``; ``DatastoreMisconfigured`` (naming ``store``, the
    datastore) for a file that cannot be read or is no connector definition."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except OSError as exc:
        raise DatastoreMisconfigured(
            store,
            f"cannot read the connector definition {path}: {exc.strerror or exc}",
            "give the name of a shipped definition or the path of a Fides SaaS config",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise DatastoreMisconfigured(
            store,
            f"the connector definition {path}{where} is not valid YAML",
            "correct the YAML",
        ) from None
    try:
        return _File.model_validate(data).saas_config
    except ValidationError as exc:
        first = exc.errors()[0]
        place = ".".join(str(part) for part in first["loc"])
        count = exc.error_count()
        more = f" (and {count - 1} more)" if count > 1 else ""
        raise DatastoreMisconfigured(
            store,
            f"the connector definition {path} is not a Fides SaaS config: "
            f"{place}: {first['msg']}{more}",
            "write it as Fides documents its SaaS connector configurations",
        ) from None
