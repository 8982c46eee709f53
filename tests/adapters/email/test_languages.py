"""E-mails in the reader's language: the text, the dates, the channel's own words, `lang` and `dir`,
and isolates around what must stay left to right in an Arabic message."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from markupsafe import escape

from adapters.email import compose
from bot.delivery.codec import reply_from_dict, reply_to_dict
from bot.domain.model import Participant, Recommendation, Role, Round, Stakeholder
from bot.i18n import formats
from bot.i18n.catalogue import EN, text
from bot.outreach import mailing
from bot.ports import Deps, JoinWay

FSI, PDI = "\u2068", "\u2069"
CODE = "7K3M-9QXR-B2D4-W8HN-5TCF-QJ6P-A0VE"
ROUND = Round(
    slug="doa-2027",
    title="Delivering as One",
    deadline=datetime(2027, 3, 29, 22, 0, tzinfo=UTC),
    recommendations=tuple(
        Recommendation(ref=f"R{i}", section="Country level", title=f"Item {i}", text="…") for i in range(1, 32)
    ),
)
EGYPT = Stakeholder(code="EGY", name="Egypt")


def person(language: str, zone: str = "Africa/Cairo") -> Participant:
    return Participant(
        id=7, stakeholder="EGY", role=Role.FOCAL_POINT, name="Amina", language=language, timezone=zone,
        email="amina@egypt.example",
    )  # fmt: skip


async def telegram(code: str, stakeholder: str) -> str:
    return f"https://t.me/consult_bot?start={code}"


DEPS = Deps(
    new_uow=lambda: None,  # type: ignore[arg-type,return-value]  # nothing is stored
    clock=lambda: datetime(2027, 3, 1, 14, 0, tzinfo=UTC),
    join_ways=(JoinWay(kind="telegram", make=telegram),),
)


async def mail(language: str) -> EmailMessage:
    reply = await mailing.invitation_mail(ROUND, EGYPT, person(language), CODE, ROUND.deadline, DEPS)
    reply = reply_from_dict(reply_to_dict(reply))  # as the outbox stores and gives it back
    built = compose.build(compose.environment(), reply, to="amina@egypt.example", sender="c@un.example")
    parsed = message_from_bytes(compose.as_bytes(built), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def parts(message: EmailMessage) -> tuple[str, str]:
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None
    assert html is not None
    return plain.get_content(), html.get_content()


class TestReadersLanguage:
    async def test_an_arabic_email_is_right_to_left_with_its_values_isolated(self) -> None:
        """lang="ar" dir="rtl"; the code, the count and the deadline (Babel's Arabic date) sit in FSI … PDI;
        the code's box and the links stay left to right; the masthead and footer are the catalogue's Arabic."""
        plain, html = parts(await mail("ar"))
        assert '<html lang="ar" dir="rtl">' in html
        assert "text-align:right" in html
        assert f"{FSI}{CODE}{PDI}" in plain
        assert f"{FSI}31{PDI}" in plain
        arabic_date = formats.when(ROUND.deadline, "Africa/Cairo", "ar")
        assert arabic_date in plain
        assert f"{FSI}{arabic_date}" in plain
        assert '<span dir="ltr" style="unicode-bidi:isolate;' in html
        assert '<p dir="ltr"' in html  # the link's address under its button
        assert text("ar", "email.masthead") in html
        assert text("ar", "email.footer") in plain
        if text("ar", "email.footer") != EN["email.footer"]:  # once the translations are in
            assert text("en", "email.footer") not in plain

    @pytest.mark.parametrize("language", ["en", "fr"])
    async def test_a_left_to_right_email_has_no_isolates(self, language: str) -> None:
        """English and French: lang set, dir ltr, no isolate characters in the text."""
        plain, html = parts(await mail(language))
        assert f'<html lang="{language}" dir="ltr">' in html
        assert FSI not in plain
        assert PDI not in plain
        assert formats.when(ROUND.deadline, "Africa/Cairo", language) in plain

    async def test_the_delegation_is_named_in_the_readers_language(self) -> None:
        """A State as the reader calls it ("Égypte" in French), as the chats' invitations name it."""
        plain, _ = parts(await mail("fr"))
        assert formats.delegation("EGY", "Egypt", "member_state", "fr") == "Égypte"
        assert "Égypte" in plain

    async def test_the_deadline_in_new_york_is_in_the_readers_language_too(self) -> None:
        """A reader outside New York sees both times, each written in their language."""
        plain, _ = parts(await mail("fr"))
        assert formats.weekday_clock(ROUND.deadline, "America/New_York", "fr") in plain

    def test_a_reply_without_a_language_is_english(self) -> None:
        """Replies queued before languages (no `language` in the outbox) still render, in English."""
        reply = reply_from_dict({"text": "Hello", "title": "T"})
        built = compose.build(compose.environment(), reply, to="a@b.example", sender="c@un.example")
        html = message_from_bytes(compose.as_bytes(built), policy=policy.default).get_body(("html",))
        assert html is not None
        assert '<html lang="en" dir="ltr">' in html.get_content()
        assert escape(EN["email.footer"]) in html.get_content()
