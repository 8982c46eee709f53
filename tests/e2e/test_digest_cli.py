"""`consultbot digest` as an operator runs it: the real command, a temporary SQLite database."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from tests.e2e.cli import consultbot


class TestTheDigestCommand:
    def test_markdown_on_a_fresh_database_says_it_is_a_quiet_start(self, sample_db: Path) -> None:
        """First start (193 Member States, the sample round): the digest in Markdown, never empty."""
        result = consultbot(sample_db, "digest", "--format", "markdown")
        assert result.returncode == 0, result.stderr
        text = result.stdout
        assert text.startswith("# Consultation digest · ")
        assert "0 of 193 delegations submitted (0%) · 0 in progress · 193 not started." in text
        assert "A quiet week: no new answers, submissions or comments since the round opened." in text
        for group, total in (
            ("African Group", 54),
            ("Asia-Pacific Group", 54),
            ("Eastern European Group", 23),
            ("Latin American and Caribbean Group", 33),
            ("Western European and Others Group", 29),
        ):
            assert f"| {group} | 0 | 0 | {total} | {total} |" in text
        assert "| All delegations | 0 | 0 | 193 | 193 |" in text
        assert "| CL-1 | 0 | 0 | 0 | 0 | 0 | 0 |" in text

    @pytest.mark.slow  # a round answered and digested through many commands: `make test-all`
    def test_answers_show_in_json_and_a_sent_digest_is_the_next_ones_reference(self, sample_db: Path) -> None:
        """France answers two items (drafts: the positions count only what is submitted); --send queues it;
        the next preview is a quiet week."""
        answers = "1\n3\n0\nWe oppose, see our statement.\n"
        assert consultbot(sample_db, "console", "--as", "FRA", stdin=answers).returncode == 0
        result = consultbot(sample_db, "digest", "--format", "json")
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)["rounds"][0]
        assert found["coverage"] == {"total": 193, "submitted": 0, "in_progress": 1, "not_started": 192}
        by_ref = {p["ref"]: p for p in found["positions"]}
        assert (by_ref["CL-1"]["support"], by_ref["CL-2"]["oppose"], by_ref["CL-3"]["answers"]) == (0, 0, 0)
        assert found["changes"]["comments"] == 1

        refused = consultbot(sample_db, "digest", "--send")
        assert refused.returncode == 2
        assert "CONSULTBOT_DIGEST_RECIPIENTS" in refused.stderr
        unconfigured = consultbot(sample_db, "digest", "--send", CONSULTBOT_DIGEST_RECIPIENTS="slack:C0123")
        assert unconfigured.returncode == 2
        assert "slack:C0123 names slack, which is not configured" in unconfigured.stderr
        sent = consultbot(
            sample_db, "digest", "--send", CONSULTBOT_DIGEST_RECIPIENTS="slack:C0123,telegram:-100456",
            CONSULTBOT_TELEGRAM_TOKEN="123:abc", CONSULTBOT_SLACK_BOT_TOKEN="xoxb-1",
            CONSULTBOT_SLACK_SIGNING_SECRET="s3cret",
        )  # fmt: skip
        assert sent.returncode == 0, sent.stderr
        assert "Digest queued to 2 recipient(s)" in sent.stderr
        assert "Since the round opened: submitted 0 · started 1 · positions changed 0 · new comments 1." in sent.stdout

        after = consultbot(sample_db, "digest")
        assert after.returncode == 0, after.stderr
        assert "A quiet week: no new answers, submissions or comments since " in after.stdout

    def test_png_writes_the_chart(self, sample_db: Path) -> None:
        """--format png -o FILE: a PNG 1,080 pixels wide."""
        result = consultbot(sample_db, "digest", "--round", "a61-583", "--format", "png", "-o", "chart.png")
        assert result.returncode == 0, result.stderr
        data = (sample_db.parent / "chart.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24])[0] == 1080

    def test_the_digest_in_another_language_and_an_unknown_one_refused(self, sample_db: Path) -> None:
        """--language fr: Babel's French (percentages, dates); --language xx: refused, nothing printed."""
        french = consultbot(sample_db, "digest", "--language", "fr")
        assert french.returncode == 0, french.stderr
        said = french.stdout.replace("\u202f", " ").replace("\xa0", " ")
        assert "(0 %)" in said
        assert "(0%)" not in said
        refused = consultbot(sample_db, "digest", "--language", "xx")
        assert refused.returncode == 2
        assert "Unknown language “xx”: use one of ar, en, es, fr, ru, zh." in " ".join(refused.stderr.split())
        assert refused.stdout == ""

    def test_an_unknown_round_or_format_is_refused(self, db: Path) -> None:
        assert consultbot(db, "digest", "--format", "pdf").returncode == 2
        unknown = consultbot(db, "digest", "--round", "nosuch")
        assert unknown.returncode == 1
        assert "There is no round “nosuch”." in unknown.stderr
