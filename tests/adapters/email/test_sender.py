"""EmailSender against a real SMTP server on 127.0.0.1: what a reader's mail program receives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.email import EmailSender, SmtpConfig, SmtpPool
from bot.domain.errors import TemporaryFailure, Unreachable
from bot.domain.model import Address, Reply
from tests.fakes.smtp_server import SmtpServer, body

FROM = "UN Consultations <consult@un.example>"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


def sender_for(server: SmtpServer, archive: Path | None = None) -> EmailSender:
    return EmailSender(SmtpPool(SmtpConfig.from_url(server.url)), mail_from=FROM, archive_dir=archive)


INVITE = Reply(
    title="Consultation: Delivering as One",
    text=(
        "Dear Claire,\n\nDeadline: Tue 30 Mar 2027, 00:00 (Europe/Paris).\n\n"
        "Your code: 7K3M-9QXR-B2D4-W8HN-5TCF-QJ6P-A0VE"
    ),
    links=(("Telegram: open this link", "https://t.me/consult_bot?start=7K3M-9QXR-B2D4-W8HN-5TCF-QJ6P-A0VE"),),
    key="invite",
    ref="invite:doa:17:email",
)


class TestMessage:
    async def test_an_invitation_has_a_text_and_an_html_part(self, smtp: SmtpServer) -> None:
        """multipart/alternative: text/plain then text/html; subject, sender, the link in both parts."""
        sender = sender_for(smtp)
        message_id = await sender.send(Address("email", "claire@fra.example"), INVITE)
        await sender.close()
        [got] = smtp.recorder.to("claire@fra.example")
        message = got.message
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        assert message["Subject"] == "Consultation: Delivering as One"
        assert message["From"].addresses[0].addr_spec == "consult@un.example"
        assert message["Message-ID"] == message_id
        plain = body(message, "plain")
        html = body(message, "html")
        for part in (plain, html):
            assert "https://t.me/consult_bot?start=7K3M-9QXR-B2D4-W8HN-5TCF-QJ6P-A0VE" in part
            assert "Tue 30 Mar 2027, 00:00 (Europe/Paris)" in part
        assert "List-Unsubscribe" not in message  # an invitation is not a list
        assert 'style="' in html  # inline styles: mail programs drop <style> blocks

    async def test_the_message_id_comes_from_the_dedupe_key(self, smtp: SmtpServer) -> None:
        """The same delivery sent twice (a crash in between) carries the same Message-ID; another, another."""
        sender = sender_for(smtp)
        first = await sender.send(Address("email", "a@fra.example"), INVITE)
        again = await sender.send(Address("email", "a@fra.example"), INVITE)
        other = await sender.send(Address("email", "a@fra.example"), Reply(text="x", ref="invite:doa:18:email"))
        await sender.close()
        assert first == again != other
        assert first.endswith("@un.example>")

    async def test_user_text_is_escaped_and_forbidden_characters_dropped(self, smtp: SmtpServer) -> None:
        """Markup typed by a person is shown, not run; control characters XML forbids are removed."""
        sender = sender_for(smtp)
        hostile = Reply(
            title="R1 <b>bold</b>\x07",
            text='Comment: <script>alert("x")</script> & <a href="javascript:x">y</a>\x00\x1b\ufffe',
            links=(("Bad", "javascript:alert(1)"),),
            key="remind",
            ref="remind:doa:1:2:email",
        )
        await sender.send(Address("email", "a@fra.example"), hostile)
        await sender.close()
        message = smtp.recorder.received[0].message
        html = body(message, "html")
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;a href=&#34;javascript:x&#34;&gt;" in html
        assert "javascript:alert" not in html
        assert not any(ch in html + body(message, "plain") for ch in "\x00\x07\x1b\ufffe")
        assert message["Subject"] == "R1 <b>bold</b>"
        assert message["List-Unsubscribe"] == "<mailto:consult@un.example?subject=unsubscribe>"

    async def test_a_digest_carries_its_chart_inline_and_its_export_attached(
        self, smtp: SmtpServer, tmp_path: Path
    ) -> None:
        """multipart/mixed(alternative(text/plain, related(text/html, image/png by Content-ID)), XLSX); archived."""
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        digest = Reply(
            title="Consultation digest · Mon 08 Mar 2027",
            text="Delivering as One: 120 of 193 submitted.",
            image=png,
            attachments=(("doa.xlsx", b"PK\x03\x04 fake workbook"),),
            key="digest",
            ref="digest:2027-03-08T1400Z:email:dsg@un.example",
        )
        sender = sender_for(smtp, archive=tmp_path / "archive")
        await sender.send(Address("email", "dsg@un.example"), digest)
        await sender.close()
        message = smtp.recorder.received[0].message
        assert message.get_content_type() == "multipart/mixed"
        alternative, attachment = message.iter_parts()
        assert alternative.get_content_type() == "multipart/alternative"
        plain, related = alternative.iter_parts()
        assert (plain.get_content_type(), related.get_content_type()) == ("text/plain", "multipart/related")
        html, image = related.iter_parts()
        assert (html.get_content_type(), image.get_content_type()) == ("text/html", "image/png")
        assert image.get_content() == png
        assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html.get_content()
        assert attachment.get_filename() == "doa.xlsx"
        assert attachment.get_content_type() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert attachment.get_content() == b"PK\x03\x04 fake workbook"
        [kept] = (tmp_path / "archive").glob("*.eml")
        assert kept.read_bytes() == smtp.recorder.received[0].raw


class TestRefusals:
    async def test_a_refused_mailbox_is_unreachable(self, smtp: SmtpServer) -> None:
        """550 on the recipient: the address is refused for good."""
        smtp.recorder.refuse.add("gone@fra.example")
        sender = sender_for(smtp)
        with pytest.raises(Unreachable, match="550"):
            await sender.send(Address("email", "gone@fra.example"), INVITE)
        await sender.send(Address("email", "here@fra.example"), INVITE)  # the next one goes through
        await sender.close()
        assert [r.to for r in smtp.recorder.received] == ["here@fra.example"]

    async def test_a_busy_relay_is_a_temporary_failure(self, smtp: SmtpServer) -> None:
        """421: try again later."""
        smtp.recorder.busy.set()
        sender = sender_for(smtp)
        with pytest.raises(TemporaryFailure, match="421"):
            await sender.send(Address("email", "a@fra.example"), INVITE)
        await sender.close()

    async def test_a_relay_that_is_down_is_a_temporary_failure(self) -> None:
        """Nothing listening: the channel is unavailable for now (no password in the reason)."""
        pool = SmtpPool(SmtpConfig.from_url("smtp://user:s3cret-pass@127.0.0.1:9"))
        sender = EmailSender(pool, mail_from=FROM)
        with pytest.raises(TemporaryFailure) as caught:
            await sender.send(Address("email", "a@fra.example"), INVITE)
        assert "s3cret" not in str(caught.value)


class TestConfig:
    def test_urls(self) -> None:
        """smtp:// to another host is STARTTLS on 587; smtps:// implicit TLS on 465; loopback may be plain."""
        relay = SmtpConfig.from_url("smtp://consult%40un.example:p%40ss@smtp.un.example:587")
        assert (relay.host, relay.port, relay.tls, relay.username, relay.password) == (
            "smtp.un.example", 587, "starttls", "consult@un.example", "p@ss",
        )  # fmt: skip
        assert "p@ss" not in relay.describe() + repr(relay)
        assert SmtpConfig.from_url("smtps://smtp.un.example").port == 465
        assert SmtpConfig.from_url("smtps://smtp.un.example").tls == "implicit"
        assert SmtpConfig.from_url("smtp://127.0.0.1:1025").tls == "none"
        with pytest.raises(ValueError, match="expected smtp"):
            SmtpConfig.from_url("http://smtp.un.example")
