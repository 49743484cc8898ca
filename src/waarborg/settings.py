"""Waarborg's settings: one typed class, read from ``WAARBORG_*`` environment variables.

Every field carries its help text (``description``), which docs/settings.md lists;
a test fails when a setting is missing there. Credentials are ``SecretStr``, so they
never show in a repr or a log line. Paths that depend on ``data_dir`` (the SQLite
file, the outbox folder, the export folder) follow it unless set on their own.
"""

from __future__ import annotations

import os
import re
import secrets
import typing
from datetime import timedelta
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .errors import SettingsError
from .files import private_dir

__all__ = ["ENV_PREFIX", "SECRET_KEY_FILE", "Settings", "load_settings"]

ENV_PREFIX = "WAARBORG_"
#: The file in ``data_dir`` that holds the generated secret key.
SECRET_KEY_FILE = "secret_key"
#: A duration given as a plain number: seconds (``3600``).
_SECONDS = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _sqlite_in(data: dict[str, Any]) -> str:
    return f"sqlite:///{Path(data['data_dir']) / 'waarborg.db'}"


class Settings(BaseSettings):
    """Everything an operator can set. Each field is ``WAARBORG_`` plus its upper-cased name."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        extra="forbid",
        validate_default=True,
        hide_input_in_errors=True,
    )

    # --- where things live -------------------------------------------------------------
    data_dir: Path = Field(
        Path(".waarborg"),
        description=(
            "Folder for Waarborg's own files: the SQLite database, the generated secret key, "
            "the outbox and the exports. Created on first use."
        ),
    )
    database_url: str = Field(
        default_factory=_sqlite_in,
        repr=False,
        description=(
            "SQLAlchemy URL of Waarborg's own database. Defaults to the SQLite file "
            "`waarborg.db` in data_dir; in production a PostgreSQL URL such as "
            "`postgresql://waarborg:...@db/waarborg` (driven by psycopg 3)."
        ),
    )
    declaration: Path | None = Field(
        None,
        description=(
            "Path of the organisation's privacy.yaml. When unset, the demo organisation's "
            "declaration in data_dir (made by `waarborg demo`) is used."
        ),
    )
    outbox_dir: Path = Field(
        default_factory=lambda data: Path(data["data_dir"]) / "outbox",
        description=(
            "Folder where emails are written as .eml files while no SMTP host is set. "
            "Defaults to data_dir/outbox."
        ),
    )
    outbox_links: Literal["masked", "live"] | None = Field(
        None,
        description=(
            "Whether the links in the outbox folder's .eml files work: `masked` (the token "
            "shown as `***`, so nobody with the folder can use a link) or `live` (to follow "
            "them on a developer's machine). Defaults to `live` for the demo organisation "
            "and `masked` otherwise. Mail sent by SMTP always carries working links."
        ),
    )
    exports_dir: Path = Field(
        default_factory=lambda data: Path(data["data_dir"]) / "exports",
        description=(
            "Folder for the export files of access and portability requests; each file is "
            "deleted once downloaded, or when its download link expires. Defaults to "
            "data_dir/exports."
        ),
    )

    audit_checkpoint_dir: Path = Field(
        default_factory=lambda data: Path(data["data_dir"]) / "audit-checkpoints",
        description=(
            "Folder where the worker writes the signed checkpoints of the audit log, one "
            "file each; ship its files to a place the database's writers cannot change. "
            "Defaults to data_dir/audit-checkpoints."
        ),
    )

    # --- the web side -------------------------------------------------------------------
    base_url: str = Field(
        "http://127.0.0.1:8000",
        description=(
            "Public URL of the privacy centre, used in the links of emails (verification, "
            "download, unsubscribe). No trailing slash needed."
        ),
    )
    secret_key: SecretStr | None = Field(
        None,
        description=(
            "Key for signing links and forms. When unset, a random key is generated on first "
            "use and kept in data_dir/secret_key; several web processes must share one key."
        ),
    )
    max_body_bytes: int = Field(
        1024 * 1024,
        ge=16 * 1024,
        description=(
            "The largest request body the web app takes, in bytes (every route; 1 MiB by "
            "default). A larger one is answered 413 while it streams in, before it is held "
            "in memory."
        ),
    )
    import_max_bytes: int = Field(
        10 * 1024 * 1024,
        ge=16 * 1024,
        le=20 * 1024 * 1024,
        description=(
            "The largest statement a member of staff may upload to the admin's import, in "
            "bytes (10 MiB by default, 20 MiB at most): the body limit of the import's two "
            "routes, which a privacy statement as a PDF may need."
        ),
    )
    import_private_addresses: bool = Field(
        False,
        description=(
            "Let the admin's import fetch an address inside the network Waarborg runs in "
            "(localhost, 10.x, 192.168.x ...). Off by default: a form that fetches any "
            "address would let whoever may use it read the organisation's internal "
            "services. For tests, and for an intranet that serves the statement."
        ),
    )
    trusted_proxies: Annotated[list[IPv4Network | IPv6Network], NoDecode] = Field(
        default_factory=list,
        description=(
            "Reverse proxies whose X-Forwarded-For header names the client, comma-separated "
            "addresses or networks (`127.0.0.1,10.0.0.0/8`). When unset, no header is "
            "trusted and the address that connects is the client, also from localhost."
        ),
    )

    # --- mail ---------------------------------------------------------------------------
    mail_from: str | None = Field(
        None,
        description=(
            "From address of outgoing mail, e.g. `Privacy <privacy@example.nl>`. When unset, "
            "the address the declaration gives for requests (for the registers' letters: for "
            "complaints), else the controller's email address."
        ),
    )
    staff_email: str | None = Field(
        None,
        description=(
            "Where notices to staff go while no member of staff has given an address of "
            "their own (waarborg admin staff set NAME --email ...). When unset, the address "
            "the declaration gives for requests (for complaints and breaches: for "
            "complaints), else the controller's email address, else mail_from."
        ),
    )
    smtp_host: str | None = Field(
        None,
        description=(
            "SMTP server for outgoing mail. When unset, mail is written to outbox_dir instead."
        ),
    )
    smtp_port: int = Field(
        587, ge=1, le=65535, description="Port of the SMTP server (587 for STARTTLS, 465 for SSL)."
    )
    smtp_username: str | None = Field(
        None, description="User name for SMTP authentication; no authentication when unset."
    )
    smtp_password: SecretStr | None = Field(None, description="Password for SMTP authentication.")
    smtp_starttls: bool = Field(
        True, description="Upgrade the SMTP connection with STARTTLS (port 587)."
    )
    smtp_ssl: bool = Field(
        False,
        description="Connect to the SMTP server over TLS from the start (port 465). "
        "Excludes smtp_starttls.",
    )
    smtp_timeout: float = Field(
        30.0, gt=0, description="Seconds to wait for the SMTP server before giving up."
    )

    # --- the audit log --------------------------------------------------------------------
    audit_checkpoint_interval: timedelta = Field(
        timedelta(hours=1),
        description=(
            "How often the worker checkpoints the head of the audit log (ISO 8601 duration, "
            "at least PT1M); entries written after the last checkpoint are not anchored yet."
        ),
    )
    audit_checkpoint_mail: str | None = Field(
        None,
        description=(
            "Address (such as the DPO's) that gets a checkpoint of the audit log by e-mail "
            "once a day when the log has grown, as a copy outside the server. Unset: files only."
        ),
    )

    # --- the cookie audit ---------------------------------------------------------------
    cookie_audit_url: str | None = Field(
        None,
        description=(
            "The website the worker audits for cookies and trackers (waarborg cookies audit), "
            "held against the declaration; the admin's overview shows the last result. "
            "Unset: no scheduled audit."
        ),
    )
    cookie_audit_interval: timedelta = Field(
        timedelta(days=1),
        description="How often the worker audits the website (ISO 8601 duration, at least PT1M).",
    )
    cookie_audit_pages: int = Field(
        5, ge=1, le=50, description="Pages the scheduled cookie audit visits per phase."
    )

    # --- requests -----------------------------------------------------------------------
    verification_link_lifetime: timedelta = Field(
        timedelta(days=2),
        description=(
            "How long an identity verification link stays valid (ISO 8601 duration such as "
            "`P2D`, or a number of seconds). A request that is never verified expires."
        ),
    )
    download_link_lifetime: timedelta = Field(
        timedelta(days=7),
        description=(
            "How long the download link of an export stays valid (ISO 8601 duration such as "
            "`P7D`, or a number of seconds); the export file is deleted when it expires, or "
            "at once when it is used."
        ),
    )
    rate_limit_per_ip: int = Field(
        10,
        ge=1,
        description="Requests one IP address may file in the privacy centre per rate_limit_window.",
    )
    rate_limit_per_email: int = Field(
        3,
        ge=1,
        description="Requests one email address may file per rate_limit_window.",
    )
    rate_limit_window: timedelta = Field(
        timedelta(hours=1),
        description=(
            "The window the two rate limits count in (ISO 8601 duration such as `PT1H`, or a "
            "number of seconds)."
        ),
    )
    consent_rate_limit_per_ip: int = Field(
        120,
        ge=0,
        description=(
            "Cookie choices one IP address may record through the public consent API per "
            "minute; 0 turns the limit off (only behind a proxy that limits on its own)."
        ),
    )
    reminder_days: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: [7, 2],
        description=(
            "Days before a request's or a complaint's deadline on which staff are told, "
            "comma-separated (`7,2`). Overdue ones are told every day regardless."
        ),
    )
    review: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Kinds of request that always wait for a staff review before they are carried "
            "out, comma-separated (`erasure,access`): the starting point; staff's choice per "
            "right on /admin/settings overrides it. Rectification, and an objection to a "
            "purpose based on legitimate interest, are always reviewed."
        ),
    )
    scan_disabled: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Scanner recognizers switched off, comma-separated (`licence_plate,bic`); "
            "`waarborg recognizers` lists them. `waarborg scan --select` overrides it."
        ),
    )
    scan_sample: int = Field(
        1000,
        ge=1,
        description=(
            "Rows per table that `waarborg scan` samples from a database; `--sample` "
            "overrides it and `--full` scans every row."
        ),
    )

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("*", mode="before")
    @classmethod
    def _plain_seconds(cls, value: Any, info: ValidationInfo) -> Any:
        """A duration given as a plain number is that many seconds (an environment
        variable is text, which pydantic reads as ISO 8601 only)."""
        if isinstance(value, str) and _SECONDS.fullmatch(value.strip()):
            field = cls.model_fields.get(info.field_name or "")
            if field is not None and _is_duration(field.annotation):
                return float(value)
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: Any) -> Any:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            return value
        networks: list[IPv4Network | IPv6Network] = []
        for item in items:
            text = str(item).strip()
            if not text:
                continue
            try:
                networks.append(ip_network(text, strict=False))
            except ValueError:
                raise ValueError(
                    f"{text!r} is not an IP address or network (write e.g. 127.0.0.1 or 10.0.0.0/8)"
                ) from None
        return networks

    @field_validator("reminder_days", "review", "scan_disabled", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",")]
            return [part for part in parts if part]
        return value

    @field_validator("review")
    @classmethod
    def _request_kinds(cls, value: list[str]) -> list[str]:
        known = (
            "access",
            "portability",
            "erasure",
            "rectification",
            "restriction",
            "objection",
            "withdraw_consent",
        )
        wrong = [kind for kind in value if kind not in known]
        if wrong:
            raise ValueError(f"{', '.join(wrong)}: not a kind of request; use {', '.join(known)}")
        return value

    @field_validator("reminder_days")
    @classmethod
    def _positive_days(cls, value: list[int]) -> list[int]:
        if any(day < 0 for day in value):
            raise ValueError("days before the deadline cannot be negative")
        return sorted(set(value), reverse=True)

    @field_validator("verification_link_lifetime", "download_link_lifetime", "rate_limit_window")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("must be longer than zero")
        return value

    @field_validator("audit_checkpoint_interval", "cookie_audit_interval")
    @classmethod
    def _a_minute_or_more(cls, value: timedelta) -> timedelta:
        if value < timedelta(minutes=1):
            raise ValueError("must be at least a minute (PT1M)")
        return value

    @field_validator("cookie_audit_url")
    @classmethod
    def _a_web_address(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            return None
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be a web address starting with https://")
        return value

    @model_validator(mode="after")
    def _one_tls_mode(self) -> Settings:
        if self.smtp_ssl and self.smtp_starttls and "smtp_starttls" in self.model_fields_set:
            raise ValueError("smtp_ssl and smtp_starttls exclude each other; set only one")
        return self

    @property
    def smtp_mode(self) -> Literal["ssl", "starttls", "plain"]:
        """How to connect to the SMTP server."""
        if self.smtp_ssl:
            return "ssl"
        return "starttls" if self.smtp_starttls else "plain"

    @property
    def outbox_live_links(self) -> bool:
        """Whether the outbox folder gets working links (``outbox_links``)."""
        if self.outbox_links is None:
            return self.declaration is None
        return self.outbox_links == "live"

    def declaration_path(self) -> Path:
        """The declaration to use: the configured one, or the demo's in data_dir."""
        return self.declaration or self.data_dir / "demo" / "privacy.yaml"

    def ensure_secret_key(self) -> SecretStr:
        """The secret key: the configured one, or the one kept in data_dir.

        On first use a random key is generated and written to ``data_dir/secret_key``
        (readable by the owner only). Processes that start at the same time agree on one
        key: the file is created with a hard link, which fails if another process won.
        """
        if self.secret_key is not None:
            return self.secret_key
        path = self.data_dir / SECRET_KEY_FILE
        if not path.exists():
            private_dir(self.data_dir)
            temporary = self.data_dir / f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(48) + "\n")
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
            finally:
                temporary.unlink()
        key = path.read_text("ascii").strip()
        if len(key) < 32:
            raise SettingsError(
                f"{path} holds no usable secret key; delete it to have a new one generated"
            )
        return SecretStr(key)


def _is_duration(annotation: Any) -> bool:
    """Whether a field holds a duration (``timedelta``, optional or not)."""
    return annotation is timedelta or timedelta in typing.get_args(annotation)


def load_settings(**overrides: Any) -> Settings:
    """Read the settings from the environment; ``overrides`` win over it.

    Raises SettingsError naming each bad variable and what is wrong with it.
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"])
            name = f"{ENV_PREFIX}{field.upper()}" if field else "settings"
            lines.append(f"{name}: {error['msg']}")
        raise SettingsError("invalid settings\n  " + "\n  ".join(lines)) from None
