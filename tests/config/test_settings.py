"""Settings from the environment and a TOML file: defaults, slices, and every bad key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import SettingsError, load_settings


class TestLoadSettings:
    def test_defaults_need_no_configuration(self) -> None:
        settings = load_settings({})
        assert settings.database_url == "sqlite+aiosqlite:///consultbot.db"
        assert (settings.http_host, settings.http_port) == ("127.0.0.1", 8080)
        assert (settings.digest_cron, settings.digest_timezone) == ("0 9 * * MON", "America/New_York")
        assert settings.telegram is None
        assert settings.slack is None

    def test_channels_are_on_when_their_tokens_are_set(self) -> None:
        settings = load_settings(
            {
                "CONSULTBOT_TELEGRAM_TOKEN": "123:abc",
                "CONSULTBOT_SLACK_BOT_TOKEN": "xoxb-1",
                "CONSULTBOT_SLACK_SIGNING_SECRET": "s3cret",
                "CONSULTBOT_SLACK_API_URL": "http://127.0.0.1:9/api",
                "CONSULTBOT_DIGEST_RECIPIENTS": "slack:C0123, telegram:-100456",
            }
        )
        assert settings.telegram is not None
        assert settings.telegram.token.get_secret_value() == "123:abc"
        assert settings.slack is not None
        assert settings.slack.api_url == "http://127.0.0.1:9/api/"
        assert [(r.channel, r.chat) for r in settings.digest_recipients] == [
            ("slack", "C0123"),
            ("telegram", "-100456"),
        ]

    def test_a_recipient_on_a_channel_that_is_not_configured_is_refused(self) -> None:
        """A digest for Telegram without a Telegram token would wait in the outbox for ever: refused at start."""
        with pytest.raises(SettingsError) as caught:
            load_settings({"CONSULTBOT_DIGEST_RECIPIENTS": "telegram:-100456"})
        assert "telegram:-100456 names telegram, which is not configured" in str(caught.value)
        assert load_settings({"CONSULTBOT_DIGEST_RECIPIENTS": "console:dsg"}).digest_recipients

    def test_a_recipient_may_read_the_digest_in_their_language(self) -> None:
        """`channel:chat:language`; without a language, English."""
        settings = load_settings({"CONSULTBOT_DIGEST_RECIPIENTS": "console:dsg:fr, console:desk, console:beirut:ar"})
        assert [(r.chat, r.language) for r in settings.digest_recipients] == [
            ("dsg", "fr"),
            ("desk", "en"),
            ("beirut", "ar"),
        ]

    @pytest.mark.parametrize("recipients", ["console:dsg:xx", "console:dsg:french", "console:dsg:FR"])
    def test_an_unknown_language_of_a_recipient_is_refused_at_start(self, recipients: str) -> None:
        with pytest.raises(SettingsError) as caught:
            load_settings({"CONSULTBOT_DIGEST_RECIPIENTS": recipients})
        said = str(caught.value)
        assert "CONSULTBOT_DIGEST_RECIPIENTS" in said
        assert "unknown language" in said
        assert "ar, en, es, fr, ru, zh" in said

    def test_a_toml_file_may_give_recipients_with_languages(self, tmp_path: Path) -> None:
        file = tmp_path / "consultbot.toml"
        file.write_text(
            'digest_recipients = [{channel = "console", chat = "dsg", language = "zh"}, '
            '{channel = "console", chat = "x", language = "klingon"}]\n',
            encoding="utf-8",
        )
        with pytest.raises(SettingsError, match="unknown language 'klingon'"):
            load_settings({}, file)

    def test_secrets_never_show_in_the_repr(self) -> None:
        settings = load_settings({"CONSULTBOT_TELEGRAM_TOKEN": "123:very-secret"})
        assert "very-secret" not in repr(settings)
        assert "very-secret" not in str(settings.telegram)

    def test_every_bad_key_is_named(self) -> None:
        """Three problems, three names; nothing starts."""
        with pytest.raises(SettingsError) as caught:
            load_settings(
                {
                    "CONSULTBOT_HTTP_PORT": "eighty",
                    "CONSULTBOT_DIGEST_TIMEZONE": "Mars/Olympus",
                    "CONSULTBOT_TELEGRAM_TOKN": "typo",
                }
            )
        text = str(caught.value)
        assert "CONSULTBOT_HTTP_PORT" in text
        assert "CONSULTBOT_DIGEST_TIMEZONE" in text
        assert "CONSULTBOT_TELEGRAM_TOKN: unknown setting" in text

    def test_a_toml_file_is_read_and_the_environment_wins(self, tmp_path: Path) -> None:
        file = tmp_path / "consultbot.toml"
        file.write_text('CONSULTBOT_HTTP_PORT = 9000\ndatabase_url = "sqlite+aiosqlite:///x.db"\n', encoding="utf-8")
        settings = load_settings({"CONSULTBOT_HTTP_PORT": "9100"}, file)
        assert settings.http_port == 9100
        assert settings.database_url == "sqlite+aiosqlite:///x.db"

    def test_slack_needs_both_token_and_secret(self) -> None:
        with pytest.raises(SettingsError, match="go together"):
            load_settings({"CONSULTBOT_SLACK_BOT_TOKEN": "xoxb-1"})


class TestSqliteFastPath:
    def test_on_by_default_and_off_when_told(self) -> None:
        assert load_settings({}).sqlite_fast_path is True
        for off in ("0", "false", "off", "no"):
            assert load_settings({"CONSULTBOT_SQLITE_FAST_PATH": off}).sqlite_fast_path is False
        assert load_settings({"CONSULTBOT_SQLITE_FAST_PATH": "1"}).sqlite_fast_path is True

    def test_anything_else_is_named(self) -> None:
        with pytest.raises(SettingsError, match="CONSULTBOT_SQLITE_FAST_PATH"):
            load_settings({"CONSULTBOT_SQLITE_FAST_PATH": "sometimes"})
