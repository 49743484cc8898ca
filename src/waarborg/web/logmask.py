"""The server's log shows paths with their tokens and e-mail addresses masked.

A link's token in an access log is a key to someone's data: a log reader could
download an export before the person does. So every line the server writes (uvicorn's
access and error logs, and Waarborg's own) passes ``MaskFilter``:

- the token of a link path: ``/verify/***``, ``/download/***``, ``/confirm/***``,
  ``/unsubscribe/***``;
- the value of a query parameter that carries a token or an address: ``?t=***``
  (``token``, ``subject``, ``email`` likewise);
- any e-mail address, also percent-encoded: ``***@***``.

``waarborg serve`` hands uvicorn ``log_config()``, which puts the filter on every
handler it writes with; ``install()`` puts it on the loggers themselves, for an app
served some other way (``create_app`` calls it).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Mapping
from typing import Any

import uvicorn.config

__all__ = ["MASK", "MaskFilter", "install", "log_config", "mask"]

MASK = "***"
#: The routes whose last segment is a token (or an unsubscribe link's value).
_LINK_PATHS = ("verify", "download", "confirm", "unsubscribe")
_TOKEN_SEGMENT = re.compile(rf"(/(?:{'|'.join(_LINK_PATHS)})/)[^/?#\s\"'<>]+")
_SECRET_QUERY = re.compile(r"([?&;](?:t|token|subject|email)=)[^&#\s\"'<>]*", re.IGNORECASE)
_ADDRESS = re.compile(r"[^\s@/?&=<>\"'(),;:\[\]]+(?:@|%40)[^\s@/?&=<>\"'(),;:\[\]]+", re.IGNORECASE)
#: The loggers ``install`` puts the filter on.
LOGGERS = ("uvicorn.access", "uvicorn.error", "waarborg.web", "waarborg.worker")


def mask(text: str) -> str:
    """``text`` with link tokens, token and address parameters, and addresses masked."""
    text = _TOKEN_SEGMENT.sub(rf"\g<1>{MASK}", text)
    text = _SECRET_QUERY.sub(rf"\g<1>{MASK}", text)
    return _ADDRESS.sub(f"{MASK}@{MASK}", text)


def _masked(value: Any) -> Any:
    return mask(value) if isinstance(value, str) else value


class MaskFilter(logging.Filter):
    """Masks a record's message, its arguments and its traceback; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        # The arguments one by one, so a formatter that reads them (uvicorn's access
        # lines) still finds them; then the message they make, in case the format
        # string itself held something to mask.
        if isinstance(record.args, Mapping):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_masked(value) for value in record.args)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = None  # a broken format: logging reports it as it would
        if message is not None and mask(message) != message:
            record.msg, record.args = mask(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


def install() -> None:
    """Put ``MaskFilter`` on the server's loggers (once)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskFilter) for f in logger.filters):
            logger.addFilter(MaskFilter())


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with every handler masked, and everything else
    that reaches the root logger (Waarborg's own warnings and errors) written through
    the same masked handler."""
    config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config.setdefault("filters", {})["mask"] = {"()": "waarborg.web.logmask.MaskFilter"}
    for handler in config["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), "mask"]
    config["root"] = {"handlers": ["default"], "level": "WARNING"}
    return config
