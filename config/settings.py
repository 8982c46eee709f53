"""Settings: read once from an environment mapping and an optional TOML file, frozen, validated.

Every key is `CONSULTBOT_<NAME>` in the environment; the TOML file may use the same keys or the
short lower-case names (`database_url = "..."`). The environment wins over the file. A bad or
unknown key stops everything with a message naming each problem.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

PREFIX = "CONSULTBOT_"
_CHANNELS = ("slack", "telegram", "console", "email")
#: The languages a digest recipient may read (the six official languages of the United Nations).
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+")


_MISSING = {"email": "CONSULTBOT_SMTP_URL is not set"}


class SettingsError(Exception):
    """The settings cannot be used; `problems` names each bad key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("bad settings:\n  " + "\n  ".join(problems))
        self.problems = problems


class Recipient(BaseModel):
    """A digest recipient: a chat on a channel, and the language its digest is written in."""

    model_config = ConfigDict(frozen=True)
    channel: str
    chat: str
    language: str = "en"

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}: use one of {', '.join(LANGUAGES)}")
        return value


class TelegramSettings(BaseModel):
    """Telegram's slice."""

    model_config = ConfigDict(frozen=True)
    token: SecretStr
    api_url: str
    webhook_url: str | None
    webhook_secret: SecretStr | None


class SlackSettings(BaseModel):
    """Slack's slice."""

    model_config = ConfigDict(frozen=True)
    bot_token: SecretStr
    signing_secret: SecretStr
    app_token: SecretStr | None
    api_url: str


class EmailSettings(BaseModel):
    """The mail channel's slice."""

    model_config = ConfigDict(frozen=True)
    smtp_url: SecretStr
    mail_from: str
    archive_dir: Path


class Settings(BaseModel):
    """Everything consultbot can be told from outside."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str = "sqlite+aiosqlite:///consultbot.db"
    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=1, le=65535)
    digest_cron: str = "0 9 * * MON"
    digest_timezone: str = "America/New_York"
    digest_recipients: tuple[Recipient, ...] = ()
    log_level: str = "INFO"
    #: On SQLite, the hot path's statements run straight on sqlite3 (storage/prepared.py); off: all via SQLAlchemy.
    sqlite_fast_path: bool = True
    web_url: str | None = None
    web_link_hours: int = Field(default=72, ge=1, le=24 * 60)
    web_session_hours: int = Field(default=12, ge=1, le=24 * 30)
    smtp_url: SecretStr | None = None
    mail_from: str | None = None
    archive_dir: Path = Path("archive")

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not re.match(r"^(sqlite(\+aiosqlite)?|postgres(ql)?(\+asyncpg|\+psycopg)?)://", value):
            raise ValueError("must be an SQLite or PostgreSQL URL, e.g. sqlite+aiosqlite:///consultbot.db")
        return value

    @field_validator("digest_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in available_timezones():
            raise ValueError(f"unknown time zone {value!r} (IANA names, e.g. America/New_York)")
        return value

    @field_validator("digest_cron")
    @classmethod
    def _five_fields(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError("must have five fields: minute hour day month day-of-week, e.g. 0 9 * * MON")
        return value

    @field_validator("digest_recipients", mode="before")
    @classmethod
    def _parse_recipients(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        recipients = []
        for item in filter(None, (part.strip() for part in value.split(","))):
            channel, _, chat = item.partition(":")
            chat, _, language = chat.partition(":")
            if channel not in _CHANNELS or not chat:
                raise ValueError(
                    f"{item!r}: expected channel:chat or channel:chat:language, e.g. slack:C0123, "
                    f"telegram:-100456:fr or email:dsg@example.org:ar"
                )
            if channel == "email" and not _ADDRESS.fullmatch(chat):
                raise ValueError(f"{item!r}: {chat!r} is not an e-mail address")
            if language and language not in LANGUAGES:
                raise ValueError(f"{item!r}: unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
            recipients.append({"channel": channel, "chat": chat, "language": language or "en"})
        return recipients

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @field_validator("web_url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http:// or https:// URL, e.g. https://consult.example.org")
        return value.rstrip("/")

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _pairs(self) -> Settings:
        if bool(self.slack_bot_token) != bool(self.slack_signing_secret):
            raise ValueError("CONSULTBOT_SLACK_BOT_TOKEN and CONSULTBOT_SLACK_SIGNING_SECRET go together")
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError("CONSULTBOT_TELEGRAM_WEBHOOK_URL needs CONSULTBOT_TELEGRAM_WEBHOOK_SECRET")
        secret = self.telegram_webhook_secret.get_secret_value() if self.telegram_webhook_secret else ""
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ValueError("CONSULTBOT_TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z a-z 0-9 _ -")
        if self.smtp_url is not None:
            url = self.smtp_url.get_secret_value()
            if not re.match(r"^smtps?://[^/?#]*[^@/?#:]", url):
                raise ValueError("CONSULTBOT_SMTP_URL: expected smtp://user:password@host:587 or smtps://host:465")
            if not self.mail_from:
                raise ValueError("CONSULTBOT_SMTP_URL needs CONSULTBOT_MAIL_FROM (the address e-mails come from)")
        if self.mail_from and not _ADDRESS.search(self.mail_from):
            raise ValueError("CONSULTBOT_MAIL_FROM: expected an address, e.g. Consultations <consult@example.org>")
        configured = {
            "console": True,
            "telegram": self.telegram is not None,
            "slack": self.slack is not None,
            "email": self.email is not None,
        }
        for recipient in self.digest_recipients:
            if not configured.get(recipient.channel, False):
                raise ValueError(
                    f"CONSULTBOT_DIGEST_RECIPIENTS: {recipient.channel}:{recipient.chat} names {recipient.channel}, "
                    f"which is not configured ({_MISSING.get(recipient.channel, 'its token is not set')}): "
                    f"the digest would never go out"
                )
        return self

    @property
    def telegram(self) -> TelegramSettings | None:
        """Telegram's slice, or None when Telegram is off."""
        if self.telegram_token is None:
            return None
        return TelegramSettings(
            token=self.telegram_token,
            api_url=self.telegram_api_url,
            webhook_url=self.telegram_webhook_url,
            webhook_secret=self.telegram_webhook_secret,
        )

    @property
    def public_url(self) -> str:
        """The base URL of links to the web pages: CONSULTBOT_WEB_URL, else the HTTP server's own address."""
        return self.web_url or f"http://{self.http_host}:{self.http_port}"

    @property
    def email(self) -> EmailSettings | None:
        """The mail channel's slice, or None when e-mail is off (no CONSULTBOT_SMTP_URL)."""
        if self.smtp_url is None or not self.mail_from:
            return None
        return EmailSettings(smtp_url=self.smtp_url, mail_from=self.mail_from, archive_dir=self.archive_dir)

    @property
    def slack(self) -> SlackSettings | None:
        """Slack's slice, or None when Slack is off."""
        if self.slack_bot_token is None or self.slack_signing_secret is None:
            return None
        return SlackSettings(
            bot_token=self.slack_bot_token,
            signing_secret=self.slack_signing_secret,
            app_token=self.slack_app_token,
            api_url=self.slack_api_url,
        )


def load_settings(environ: Mapping[str, str], path: Path | None = None) -> Settings:
    """Settings from the file (if any) overridden by the environment; SettingsError lists every problem."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    if path is not None:
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise SettingsError([f"{path}: {error}"]) from error
        for key, value in table.items():
            values[_short(key)] = value
    for key, value in environ.items():
        if key.startswith(PREFIX) and value != "":
            values[_short(key)] = value
    known = set(Settings.model_fields)
    for name in sorted(set(values) - known):
        problems.append(f"{PREFIX}{name.upper()}: unknown setting")
        values.pop(name)
    try:
        settings = Settings.model_validate(values)
    except ValidationError as error:
        for item in error.errors():
            where = f"{PREFIX}{str(item['loc'][0]).upper()}" if item["loc"] else "settings"
            problems.append(f"{where}: {item['msg'].removeprefix('Value error, ')}")
        raise SettingsError(problems) from None
    if problems:
        raise SettingsError(problems)
    return settings


def _short(key: str) -> str:
    key = key.strip()
    return key[len(PREFIX) :].lower() if key.upper().startswith(PREFIX) else key.lower()
