"""The HTTP side of a processor connector: authentication, rate limits, retries.

One ``Client`` per connector holds an ``httpx.Client`` and the settings and secrets of
the definition's ``connector_params``. It authenticates each request as the
definition's ``client_config.authentication`` says (``basic``, ``bearer``,
``api_key`` in headers, query or body, ``query_param``, ``oauth2_client_credentials``),
keeps to its ``rate_limit_config``, and answers a 429 or a 5xx by waiting as the
processor's ``Retry-After`` asks, up to ``max_wait`` seconds in all; beyond that it
raises ``ProcessorUnavailable``, so the request waits in the workflow and is tried
again later.

No secret is ever put in an error message: errors name the method and the path only.
"""

from __future__ import annotations

import email.utils
import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from ..errors import DatastoreError, DatastoreMisconfigured, DatastoreUnavailable
from .definition import Definition, RateLimitConfig, Request, Strategy

__all__ = ["Call", "Client", "ProcessorUnavailable", "fill"]

_PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.\-]+)>")
_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}


class ProcessorUnavailable(DatastoreUnavailable):
    """The processor is down, or asks us to slow down. ``retry_after`` is how many
    seconds it asked for, when it said."""

    def __init__(
        self,
        datastore: str,
        message: str,
        hint: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(datastore, message, hint)
        self.retry_after = retry_after


def fill(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with each ``<name>`` of ``values`` replaced; other placeholders stay."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(replace, text)


class Call:
    """One prepared request: method, path, query, headers and body."""

    def __init__(
        self,
        method: str,
        path: str,
        query: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        body: Any = None,
    ) -> None:
        self.method = method
        self.path = path
        self.query: dict[str, Any] = dict(query or {})
        self.headers: dict[str, str] = dict(headers or {})
        self.body = body

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _form(value: Any, prefix: str = "") -> list[tuple[str, str | int | float | bool | None]]:
    """A JSON body as form fields, nested keys written as ``a[b]`` (as Stripe takes them)."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            pairs += _form(item, f"{prefix}[{key}]" if prefix else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            pairs += _form(item, f"{prefix}[{index}]")
    elif value is None:
        pairs.append((prefix, ""))
    elif isinstance(value, bool):
        pairs.append((prefix, "true" if value else "false"))
    else:
        pairs.append((prefix, str(value)))
    return pairs


def _retry_after(response: httpx.Response, now: Callable[[], float]) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    try:  # seconds; Shopify writes them with a fraction ("2.0")
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class _Limiter:
    """Keeps to a definition's rate limits: no more than ``rate`` calls per period."""

    def __init__(self, config: RateLimitConfig | None) -> None:
        self.gaps = [
            _PERIODS[limit.period] / limit.rate
            for limit in ((config.limits or []) if config and config.enabled else [])
        ]
        self.last = 0.0
        self.lock = threading.Lock()

    def wait(self, sleep: Callable[[float], None]) -> None:
        if not self.gaps:
            return
        with self.lock:
            gap = max(self.gaps)
            pause = self.last + gap - time.monotonic()
            if pause > 0:
                sleep(pause)
            self.last = time.monotonic()


class Client:
    """Calls one processor's API for one datastore (``store``)."""

    def __init__(
        self,
        store: str,
        definition: Definition,
        values: Mapping[str, Any],
        *,
        base_url: str | None = None,
        timeout: float = 30.0,
        max_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        self.definition = definition
        #: Connector params by name: settings and secrets (never shown).
        self.values = dict(values)
        self.secrets = {
            str(self.values[name])
            for name in definition.secret_params
            if self.values.get(name) not in (None, "")
        }
        self.max_wait = max_wait
        self.sleep = sleep
        config = definition.client_config
        self.base_url = base_url or f"{config.protocol}://{fill(config.host, self.values)}"
        self.http = httpx.Client(base_url=self.base_url, timeout=timeout, follow_redirects=False)
        self.limiter = _Limiter(definition.rate_limit_config)
        self._token: tuple[str, float] | None = None
        self._token_lock = threading.Lock()

    def close(self) -> None:
        self.http.close()

    # --- sending ---------------------------------------------------------------------

    def send(self, call: Call, request: Request | None = None) -> httpx.Response:
        """Send ``call`` (authenticated), waiting out a 429 or 5xx as long as
        ``max_wait`` allows. Returns the response of any other status."""
        waited = 0.0
        limiter = (
            _Limiter(request.rate_limit_config) if request and request.rate_limit_config else None
        )
        while True:
            self.limiter.wait(self.sleep)
            if limiter is not None:
                limiter.wait(self.sleep)
            response = self._once(call)
            if response.status_code != 429 and response.status_code < 500:
                return response
            asked = _retry_after(response, time.monotonic)
            pause = asked if asked is not None else min(2.0 ** max(0, int(waited)), 8.0)
            what = (
                "asks us to slow down (429)"
                if response.status_code == 429
                else f"answered {response.status_code}"
            )
            if waited + pause > self.max_wait:
                later = f"; it asked to wait {asked:g} seconds" if asked is not None else ""
                raise ProcessorUnavailable(
                    self.store,
                    f"{self.definition.name} {what} on {call}{later}",
                    "nothing is lost: the request waits and is tried again",
                    retry_after=asked,
                )
            self.sleep(pause)
            waited += pause

    def _once(self, call: Call) -> httpx.Response:
        headers = dict(call.headers)
        query = dict(call.query)
        body = call.body
        self._authenticate(headers, query, call)
        content: str | None = None
        if body is not None:
            kind = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
            if kind is None:
                kind = headers["Content-Type"] = "application/json"
            if "x-www-form-urlencoded" in kind and isinstance(body, dict):
                content = str(httpx.QueryParams(_form(body)))
            elif isinstance(body, str):
                content = body
            else:
                content = json.dumps(body)
        try:
            return self.http.request(
                call.method,
                call.path,
                params={k: str(v) for k, v in query.items()},
                headers=headers,
                content=content,
            )
        except httpx.TimeoutException:
            raise ProcessorUnavailable(
                self.store,
                f"{self.definition.name} did not answer {call} in time",
                "nothing is lost: the request waits and is tried again",
            ) from None
        except httpx.TransportError as exc:
            raise ProcessorUnavailable(
                self.store,
                f"{self.definition.name} cannot be reached at {self.base_url} "
                f"({type(exc).__name__})",
                "check the connector's domain; the request waits and is tried again",
            ) from None

    def fail(self, call: Call, response: httpx.Response) -> DatastoreError:
        """The error for an answer that is no success (and no 429 or 5xx)."""
        if response.status_code in (401, 403):
            names = ", ".join(self.definition.secret_params) or "its credentials"
            return DatastoreMisconfigured(
                self.store,
                f"{self.definition.name} refused the credentials ({response.status_code}) "
                f"on {call}",
                f"check the environment variables named under secrets for {names}",
            )
        detail = self._detail(response)
        return DatastoreMisconfigured(
            self.store,
            f"{self.definition.name} answered {response.status_code} on {call}"
            + (f": {detail}" if detail else ""),
            "check the connector's params and definition",
        )

    def refused(self, call: Call, reason: str) -> DatastoreError:
        """The error for an answer that is a success by its status but says, in its
        body, that the processor did not do what was asked (a GraphQL error)."""
        return DatastoreMisconfigured(
            self.store,
            f"{self.definition.name} did not carry out {call}: {reason}",
            "check the connector's params and definition",
        )

    def _detail(self, response: httpx.Response) -> str:
        """The processor's own words on an error, short, with any secret blanked."""
        try:
            data = response.json()
        except ValueError:
            return ""
        text = ""
        if isinstance(data, dict):
            error = data.get("error")
            if isinstance(error, dict):
                text = str(error.get("message") or error.get("type") or "")
            elif isinstance(error, str):
                text = error
            text = text or str(data.get("detail") or data.get("message") or data.get("title") or "")
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text[:200]

    # --- authentication --------------------------------------------------------------

    def _authenticate(self, headers: dict[str, str], query: dict[str, Any], call: Call) -> None:
        auth = self.definition.client_config.authentication
        if auth is None:
            return
        config = auth.configuration or {}
        if auth.strategy == "basic":
            user = fill(str(config.get("username", "")), self.values)
            password = fill(str(config.get("password", "")), self.values)
            headers["Authorization"] = httpx.BasicAuth(user, password)._auth_header
        elif auth.strategy == "bearer":
            headers["Authorization"] = f"Bearer {fill(str(config.get('token', '')), self.values)}"
        elif auth.strategy == "api_key":
            for header in config.get("headers") or []:
                headers[header["name"]] = fill(str(header["value"]), self.values)
            for param in config.get("query_params") or []:
                query[param["name"]] = fill(str(param["value"]), self.values)
            if config.get("body"):
                extra = json.loads(fill(str(config["body"]), self.values))
                call.body = {**(call.body or {}), **extra}
        elif auth.strategy == "query_param":
            query[str(config["name"])] = fill(str(config["value"]), self.values)
        elif auth.strategy == "oauth2_client_credentials":
            headers["Authorization"] = f"Bearer {self._access_token(auth)}"
        else:
            raise DatastoreMisconfigured(
                self.store,
                f"the definition's authentication strategy {auth.strategy!r} is not supported",
                "use basic, bearer, api_key, query_param or oauth2_client_credentials",
            )

    def _access_token(self, auth: Strategy) -> str:
        """An OAuth2 access token by the client-credentials grant, kept until it is
        about to expire."""
        with self._token_lock:
            if self._token is not None and self._token[1] > time.monotonic() + 60:
                return self._token[0]
            config = auth.configuration or {}
            spec = Request.model_validate(config.get("token_request") or {})
            if not spec.path:
                raise DatastoreMisconfigured(
                    self.store,
                    "the OAuth2 authentication has no token_request",
                    "give token_request with the path of the processor's token endpoint",
                )
            call = Call(
                spec.method or "POST",
                fill(spec.path, self.values),
                {q.name: fill(str(q.value), self.values) for q in spec.query_params},
                {h.name: fill(h.value, self.values) for h in spec.headers},
                json.loads(fill(spec.body, self.values)) if spec.body else None,
            )
            if call.body is not None and not any(k.lower() == "content-type" for k in call.headers):
                call.headers["Content-Type"] = "application/x-www-form-urlencoded"
            response = self.http.request(
                call.method,
                call.path,
                params=call.query,
                headers=call.headers,
                content=str(httpx.QueryParams(_form(call.body))) if call.body else None,
            )
            if response.status_code != 200:
                raise self.fail(call, response)
            data = response.json()
            token = str(data.get("access_token", ""))
            if not token:
                raise DatastoreMisconfigured(
                    self.store, "the token endpoint gave no access_token", "check token_request"
                )
            lifetime = float(data.get("expires_in") or config.get("expires_in") or 3600)
            self._token = (token, time.monotonic() + lifetime)
            return token


def graphql_refusal(response: httpx.Response) -> str:
    """What a GraphQL API said it did not do, in an answer with a success status: the
    top-level ``errors`` of the GraphQL specification, or the ``userErrors`` that
    Shopify's mutations return beside their result. Empty when it says nothing of it."""
    if "json" not in response.headers.get("content-type", ""):
        return ""
    try:
        data = response.json()
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    messages: list[str] = []
    errors = data.get("errors")
    if isinstance(errors, list):
        messages += [str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors]
    result = data.get("data")
    if isinstance(result, dict):
        for value in result.values():
            if isinstance(value, dict) and isinstance(value.get("userErrors"), list):
                messages += [
                    str(e.get("message", e)) if isinstance(e, dict) else str(e)
                    for e in value["userErrors"]
                ]
    return "; ".join(m for m in messages if m)[:300]
