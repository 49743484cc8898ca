"""Settings: every one documented, read from WAARBORG_* variables, errors named."""

from __future__ import annotations

import re
import stat
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from waarborg.errors import SettingsError
from waarborg.settings import ENV_PREFIX, SECRET_KEY_FILE, Settings, load_settings

SETTINGS_DOC = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start from the defaults, whatever the developer's shell sets."""
    for name in Settings.model_fields:
        monkeypatch.delenv(f"{ENV_PREFIX}{name.upper()}", raising=False)


def _documented() -> set[str]:
    text = SETTINGS_DOC.read_text("utf-8")
    return set(re.findall(rf"^\| `{ENV_PREFIX}([A-Z0-9_]+)` \|", text, re.MULTILINE))


def test_every_setting_is_documented() -> None:
    """(tests/test_docs.py holds docs/settings.md to every variable the code reads, and
    to no other.)"""
    fields = {name.upper() for name in Settings.model_fields}
    missing = sorted(fields - _documented())
    assert not missing, f"add to docs/settings.md: {[ENV_PREFIX + m for m in missing]}"


def test_every_setting_has_help_text() -> None:
    bare = [name for name, field in Settings.model_fields.items() if not field.description]
    assert bare == []


def test_the_defaults_need_no_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.database_url == "sqlite:///.waarborg/waarborg.db"
    assert settings.outbox_dir == Path(".waarborg/outbox")
    assert settings.declaration_path() == Path(".waarborg/demo/privacy.yaml")
    assert settings.smtp_host is None and settings.smtp_mode == "starttls"
    assert settings.reminder_days == [7, 2]


def test_paths_follow_the_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WAARBORG_DATA_DIR", str(tmp_path / "data"))
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'waarborg.db'}"
    assert settings.outbox_dir == tmp_path / "data" / "outbox"
    assert settings.exports_dir == tmp_path / "data" / "exports"
    monkeypatch.setenv("WAARBORG_OUTBOX_DIR", "/var/mail/waarborg")
    assert load_settings().outbox_dir == Path("/var/mail/waarborg")


def test_values_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "DATABASE_URL": "postgresql://waarborg:pw@db/waarborg",
        "BASE_URL": "https://privacy.example.nl/",
        "SMTP_HOST": "mail.example.nl",
        "SMTP_PORT": "465",
        "SMTP_SSL": "true",
        "SMTP_PASSWORD": "geheim",
        "VERIFICATION_LINK_LIFETIME": "PT12H",
        "DOWNLOAD_LINK_LIFETIME": "P14D",
        "RATE_LIMIT_PER_IP": "20",
        "REMINDER_DAYS": "2, 14,7",
        "DEBUG": "1",  # not a setting: other WAARBORG_ variables are left alone
    }.items():
        monkeypatch.setenv(ENV_PREFIX + name, value)
    settings = load_settings()
    assert settings.database_url == "postgresql://waarborg:pw@db/waarborg"
    assert settings.base_url == "https://privacy.example.nl"
    assert (settings.smtp_port, settings.smtp_mode) == (465, "ssl")
    assert settings.smtp_password is not None
    assert settings.smtp_password.get_secret_value() == "geheim"
    assert "geheim" not in repr(settings) and "pw@" not in repr(settings)
    assert settings.verification_link_lifetime == timedelta(hours=12)
    assert settings.download_link_lifetime == timedelta(days=14)
    assert settings.rate_limit_per_ip == 20
    assert settings.reminder_days == [14, 7, 2]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SMTP_PORT", "smtp", "WAARBORG_SMTP_PORT: Input should be a valid integer"),
        ("SMTP_PORT", "70000", "WAARBORG_SMTP_PORT: Input should be less than or equal"),
        ("BASE_URL", "privacy.example.nl", "WAARBORG_BASE_URL: Value error, must start with"),
        ("DOWNLOAD_LINK_LIFETIME", "P0D", "WAARBORG_DOWNLOAD_LINK_LIFETIME: Value error"),
        ("REMINDER_DAYS", "7,-1", "WAARBORG_REMINDER_DAYS: Value error"),
        ("SMTP_STARTTLS", "maybe", "WAARBORG_SMTP_STARTTLS: Input should be a valid boolean"),
    ],
)
def test_a_bad_value_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(ENV_PREFIX + name, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert message in str(info.value)
    assert value not in str(info.value).replace(message, "")


DURATIONS = sorted(n for n, f in Settings.model_fields.items() if f.annotation is timedelta)


def test_the_duration_settings_are_found() -> None:
    assert {"verification_link_lifetime", "rate_limit_window"} <= set(DURATIONS)


@pytest.mark.parametrize("name", DURATIONS)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3600", timedelta(hours=1)),
        (" 90.5 ", timedelta(seconds=90.5)),
        ("PT1H", timedelta(hours=1)),
        ("P1W", timedelta(weeks=1)),
        ("P1M", timedelta(days=30)),  # a fixed length, as docs/settings.md says
    ],
)
def test_a_duration_is_iso_8601_or_a_number_of_seconds(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: timedelta
) -> None:
    monkeypatch.setenv(ENV_PREFIX + name.upper(), value)
    assert getattr(load_settings(), name) == expected


@pytest.mark.parametrize("value", ["0", "-60", "1e3", "an hour"])
def test_a_duration_that_is_no_positive_number_or_iso_8601_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("WAARBORG_RATE_LIMIT_WINDOW", value)
    with pytest.raises(SettingsError, match="WAARBORG_RATE_LIMIT_WINDOW: "):
        load_settings()


def test_ssl_and_starttls_exclude_each_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAARBORG_SMTP_SSL", "1")
    monkeypatch.setenv("WAARBORG_SMTP_STARTTLS", "1")
    with pytest.raises(SettingsError, match="exclude each other"):
        load_settings()


def test_a_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    keys: list[str] = []

    def generate() -> None:
        keys.append(settings.ensure_secret_key().get_secret_value())

    threads = [threading.Thread(target=generate) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1 and len(keys[0]) >= 32
    path = tmp_path / "data" / SECRET_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [SECRET_KEY_FILE]
    assert Settings(data_dir=tmp_path / "data").ensure_secret_key().get_secret_value() == keys[0]


def test_a_configured_secret_key_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAARBORG_SECRET_KEY", "x" * 40)
    settings = load_settings(data_dir=tmp_path)
    assert settings.ensure_secret_key().get_secret_value() == "x" * 40
    assert not (tmp_path / SECRET_KEY_FILE).exists()


def test_a_damaged_secret_key_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / SECRET_KEY_FILE).write_text("short\n")
    with pytest.raises(SettingsError, match="no usable secret key"):
        Settings(data_dir=tmp_path).ensure_secret_key()
