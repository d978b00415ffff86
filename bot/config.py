"""Settings from the environment and `.env`, with the names operators and tests rely on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from email.utils import parseaddr
from functools import cached_property
from typing import Annotated
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_URL = "https://api.telegram.org"


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line naming it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: str | None = Field(default=None, alias="BOT_TOKEN")
    telegram_api_url: str = Field(default=DEFAULT_API_URL, alias="TELEGRAM_API_URL")
    database_url: str = Field(default="sqlite+aiosqlite:///data/tredebot.db", alias="DATABASE_URL")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(default=frozenset(), alias="ADMIN_IDS")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_secret: str | None = Field(default=None, alias="WEBHOOK_SECRET")
    webhook_port: int = Field(default=8080, alias="WEBHOOK_PORT", ge=1, le=65535)
    webhook_host: str = Field(default="0.0.0.0", alias="WEBHOOK_HOST")
    # Updates handled at once: polling takes no more, and Telegram opens no more webhook
    # connections (its own default is 40). Beyond it more work in flight only costs memory.
    max_concurrent_updates: int = Field(default=40, alias="MAX_CONCURRENT_UPDATES", ge=1, le=100)
    tz_name: str = Field(default="Europe/Amsterdam", alias="TZ_NAME")
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    # Outreach (bot/campaigns): staff invite lifetime; a scan idle this long counts as abandoned.
    staff_invite_days: int = Field(default=7, alias="STAFF_INVITE_DAYS", ge=1, le=90)
    abandoned_after_days: int = Field(default=14, alias="ABANDONED_AFTER_DAYS", ge=1, le=365)
    # Reminders (bot/reminders): when they may go out, how fast, how often retried.
    reminders_enabled: bool = Field(default=True, alias="REMINDERS_ENABLED")
    reminder_hours: str = Field(default="09:00-19:00", alias="REMINDER_HOURS")
    reminder_days: str = Field(default="mon-fri", alias="REMINDER_DAYS")
    reminder_holidays: str = Field(default="NL", alias="REMINDER_HOLIDAYS")
    reminder_rate: float = Field(default=25.0, alias="REMINDER_RATE", gt=0, le=30)
    reminder_max_attempts: int = Field(default=5, alias="REMINDER_MAX_ATTEMPTS", ge=1, le=20)
    reminder_poll_seconds: float = Field(default=5.0, alias="REMINDER_POLL_SECONDS", gt=0)
    # Privacy and housekeeping: inactive users are erased after this many months.
    retention_months: int = Field(default=24, alias="RETENTION_MONTHS", ge=1, le=120)
    housekeeping_interval_s: float = Field(
        default=3600.0, alias="HOUSEKEEPING_INTERVAL_SECONDS", gt=0
    )
    processed_updates_keep_days: int = Field(default=7, alias="PROCESSED_UPDATES_KEEP_DAYS", ge=1)
    # The staff dashboard (bot/web): its own server on WEB_HOST:WEB_PORT in both modes (in
    # webhook mode, the webhook's server when they are its host and port); WEB_BASE_URL is what
    # the sign-in links point at (https: the dashboard sends HSTS).
    web_enabled: bool = Field(default=True, alias="WEB_ENABLED")
    web_host: str = Field(default="127.0.0.1", alias="WEB_HOST")
    web_port: int = Field(default=8081, alias="WEB_PORT", ge=0, le=65535)
    web_base_url: str | None = Field(default=None, alias="WEB_BASE_URL")
    # Off only for a demo on http://localhost: browsers drop Secure cookies over plain http.
    web_cookie_secure: bool = Field(default=True, alias="WEB_COOKIE_SECURE")
    web_session_idle_hours: float = Field(default=8.0, alias="WEB_SESSION_IDLE_HOURS", gt=0)
    web_session_days: float = Field(default=7.0, alias="WEB_SESSION_DAYS", gt=0, le=90)
    web_sign_in_minutes: float = Field(default=10.0, alias="WEB_SIGN_IN_MINUTES", gt=0, le=60)
    # E-mail for owners who do the scan in a browser (bot/services/web_mail.py): their resume
    # link and, if they said yes, reminders. Without SMTP_URL no page offers e-mail. A secret:
    # the URL carries the password, so it is never shown (SecretStr) or logged.
    smtp_url: SecretStr | None = Field(default=None, alias="SMTP_URL")
    mail_from: str | None = Field(default=None, alias="MAIL_FROM")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
            if not all(p.isdigit() for p in parts if p):
                raise ValueError("expected Telegram user ids separated by commas, e.g. 12345,67890")
            return frozenset(int(p) for p in parts if p)
        return value

    @field_validator("reminder_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        parse_hours(value)
        return value

    @field_validator("reminder_days")
    @classmethod
    def _days(cls, value: str) -> str:
        parse_days(value)
        return value

    @field_validator("reminder_holidays")
    @classmethod
    def _holidays(cls, value: str) -> str:
        check_holidays(value)
        return value

    @field_validator("tz_name")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("telegram_api_url", "webhook_url", "web_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None if value == "" else value
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("webhook_secret")
    @classmethod
    def _secret_chars(cls, value: str | None) -> str | None:
        # Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and -.
        if value and (
            len(value) > 256 or not all(c.isascii() and (c.isalnum() or c in "_-") for c in value)
        ):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value or None

    @field_validator("smtp_url", mode="before")
    @classmethod
    def _smtp_url(cls, value: object) -> object:
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if text is None or (isinstance(text, str) and not text.strip()):
            return None
        if not isinstance(text, str):
            raise ValueError("expected a URL like smtp://user:password@host:587")
        parse_smtp_url(text)  # its messages never repeat the URL (it holds the password)
        return text.strip()

    @field_validator("mail_from")
    @classmethod
    def _mail_from(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        _name, address = parseaddr(value)
        if not address or not _plain_address(address):
            raise ValueError("expected an address like Tredebot <scan@example.nl>")
        return value.strip()

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    @cached_property
    def smtp(self) -> SmtpServer | None:
        """The mail server (SMTP_URL), None without one: then no e-mail is offered."""
        if self.smtp_url is None:
            return None
        return parse_smtp_url(self.smtp_url.get_secret_value())

    @property
    def sender(self) -> str:
        """The From of every e-mail: MAIL_FROM, else the SMTP user when it is an address."""
        if self.mail_from:
            return self.mail_from
        server = self.smtp
        if server is not None and server.username and _plain_address(server.username):
            return server.username
        return f"tredebot@{server.host if server else 'localhost'}"

    @property
    def dashboard_url(self) -> str:
        """Where the dashboard is reached from a browser (no trailing slash)."""
        if self.web_base_url:
            return self.web_base_url
        if self.webhook_url:
            parsed = urlsplit(self.webhook_url)
            return f"{parsed.scheme}://{parsed.netloc}"
        return f"http://{self.web_host}:{self.web_port}"

    @property
    def dashboard_on_webhook_server(self) -> bool:
        """Webhook mode: the dashboard on the webhook's own server, because the operator gave it
        the webhook's address (WEB_HOST and WEB_PORT the same as WEBHOOK_HOST and WEBHOOK_PORT)."""
        return (self.web_host, self.web_port) == (self.webhook_host, self.webhook_port)

    def require_mail_sender(self) -> None:
        """With a mail server, the From must be an address (MAIL_FROM, or an SMTP user that
        is one): a made-up sender gets mail refused or filed as spam."""
        server = self.smtp
        if server is not None and not self.mail_from and not _plain_address(server.username):
            raise ConfigError(
                "MAIL_FROM is not set: with SMTP_URL it names the sender, e.g. "
                "Tredebot <scan@example.nl>"
            )

    def require_webhook_secret(self) -> None:
        """Webhook mode without a secret would act on anyone's POST as if Telegram sent it."""
        if self.webhook_url and not self.webhook_secret:
            raise ConfigError(
                "WEBHOOK_SECRET is not set: webhook mode needs it (1-256 of A-Z, a-z, 0-9, _ and -)"
            )

    def require_token(self) -> str:
        token = (self.bot_token or "").strip()
        if not token:
            raise ConfigError("BOT_TOKEN is not set: put the token from @BotFather in .env")
        head, _, tail = token.partition(":")
        if not head.isdigit() or not tail:
            raise ConfigError(
                "BOT_TOKEN is malformed: expected '<digits>:<secret>' from @BotFather"
            )
        return token


@dataclass(frozen=True)
class SmtpServer:
    """SMTP_URL taken apart. `smtp://` talks STARTTLS (required on 587, used on other ports when
    the server offers it); `smtps://` is TLS from the first byte (port 465 by default)."""

    host: str
    port: int
    implicit_tls: bool
    username: str = ""
    password: str = field(default="", repr=False)

    @property
    def require_starttls(self) -> bool:
        return not self.implicit_tls and self.port == 587


def parse_smtp_url(text: str) -> SmtpServer:
    """ "smtp://user:password@host:587" or "smtps://user:password@host" (user and password
    percent-encoded). Errors never repeat the URL: it holds the password."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        raise ValueError("expected a URL like smtp://user:password@host:587") from None
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("must start with smtp:// (STARTTLS) or smtps:// (TLS)")
    if not parts.hostname:
        raise ValueError("names no host: expected smtp://user:password@host:587")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("expected only smtp://user:password@host:port, nothing after the port")
    implicit = parts.scheme == "smtps"
    if parts.password is not None and not parts.username:
        raise ValueError("has a password but no user name")
    return SmtpServer(
        host=parts.hostname,
        port=port or (465 if implicit else 587),
        implicit_tls=implicit,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def _plain_address(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at and local and "." in domain and " " not in text)


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_hours(text: str) -> tuple[time, time]:
    """ "09:00-19:00" (end exclusive; "24:00" is midnight)."""
    try:
        start_text, end_text = (_hh_mm(part) for part in text.split("-"))
        start = time.fromisoformat(start_text)
        end = time(0, 0) if end_text == "24:00" else time.fromisoformat(end_text)
    except ValueError:
        raise ValueError("expected opening hours like 09:00-19:00") from None
    if start == end and end_text != "24:00" and start != time(0, 0):
        raise ValueError("the window is empty: start and end are the same")
    return start, end


def _hh_mm(part: str) -> str:
    part = part.strip()
    hours, _, minutes = part.partition(":")
    return f"{int(hours):02d}:{minutes or '00'}"


def parse_days(text: str) -> frozenset[int]:
    """ "mon-fri", "mon,wed,fri" or "mon-sun" (Monday = 0)."""
    days: set[int] = set()
    try:
        for part in text.lower().replace(" ", "").split(","):
            first, _, last = part.partition("-")
            lo = DAY_NAMES.index(first[:3])
            hi = DAY_NAMES.index(last[:3]) if last else lo
            days.update(range(lo, hi + 1) if lo <= hi else [*range(lo, 7), *range(0, hi + 1)])
    except ValueError:
        raise ValueError("expected weekdays like mon-fri or mon,wed,fri") from None
    return frozenset(days)


def check_holidays(text: str) -> None:
    """ "NL" (a country code the `holidays` library knows) or "none"."""
    code = text.strip()
    if code.lower() == "none":
        return
    if code.upper() not in holidays.list_supported_countries():
        raise ValueError("expected a country code such as NL, or none to send on holidays too")


def load_settings(**overrides: object) -> Settings:
    """Read settings; turn pydantic's report into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else "settings"
        field = Settings.model_fields.get(name)
        env_name = field.alias if field and field.alias else name.upper()
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{env_name} is malformed: {message}") from None
