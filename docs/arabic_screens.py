"""Photograph what an Arabic reader sees, in Chromium, from the project's own rendering.

    .venv/bin/python docs/arabic_screens.py [--locale DIR]   # writes docs/web-ar.png and docs/email-ar.png

- docs/web-ar.png: an Egyptian delegate's round page on a phone (390 px), served by the real web
  channel on a fresh SQLite database with the sample round;
- docs/email-ar.png: the invitation e-mail's HTML part (bot.outreach.mailing + adapters/email/compose.py).

Each picture is checked as it is taken (tests/web/rtl.py): Chromium computed right to left, isolated
values such as A/61/583 and the invitation code read left to right, nothing runs off the page.

The texts are the catalogue's. Until the catalogue reads the translations itself, the Arabic
`consultbot.po` under --locale (default bot/locale) is read into it for this run only.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from adapters.email import compose  # noqa: E402  (after the path is set)
from adapters.http import serving  # noqa: E402
from bot.domain.model import Participant, Role, Stakeholder  # noqa: E402
from bot.i18n import catalogue  # noqa: E402
from bot.outreach.mailing import invitation_mail  # noqa: E402
from bot.ports import Deps, JoinWay  # noqa: E402
from tests.reliability.service import free_port  # noqa: E402
from tests.web.browser import chromium  # noqa: E402
from tests.web.rtl import direction, overflow, reads_left_to_right  # noqa: E402
from tests.web.world import SLUG, web_world  # noqa: E402

PHONE = {"width": 390, "height": 844}
CODE = "7K3M-9QXR-B2D4-W8HN-5TCF-QJ6P-A0VE"


def arabic(locale_dir: Path) -> None:
    """Read the Arabic .po into the catalogue when it has no Arabic of its own (this run only)."""
    if catalogue.text("ar", "web.review") != catalogue.EN["web.review"]:
        return
    import polib

    found = {
        entry.msgctxt: entry.msgstr
        for entry in polib.pofile(str(locale_dir / "ar" / "LC_MESSAGES" / "consultbot.po"))
        if entry.msgctxt and entry.msgstr and not entry.fuzzy and not entry.msgid_plural
    }
    catalogue.CATALOGUES = {**catalogue.CATALOGUES, "ar": found}  # type: ignore[misc]
    print(f"read {len(found)} Arabic texts from {locale_dir}")


async def web_page(browser: object) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with (
        web_world(CONSULTBOT_HTTP_PORT=str(port)) as web,
        serving(web.app, host="127.0.0.1", port=port),  # type: ignore[arg-type]
    ):
        context = await browser.new_context(  # type: ignore[attr-defined]
            viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="ar-EG"
        )
        page = await context.new_page()
        link = await web.link("EGY", name="أمينة المصري", language="ar")
        await page.goto(link if link.startswith("http") else base + link)
        await page.locator("form button[type=submit]").click()
        await page.wait_for_url("**/web/**")
        await page.goto(f"{base}/web/rounds/{SLUG}")
        assert await direction(page) == ("ar", "rtl", "rtl")
        assert await reads_left_to_right(page.locator("#rec-CL-1 bdi.symbol")) == ("A/61/583", True)
        assert await overflow(page) <= 0, "the page runs off to the side"
        await page.screenshot(path=str(HERE / "web-ar.png"), full_page=False)
        print(f"wrote {HERE / 'web-ar.png'}")


async def email_html() -> str:
    async def telegram(code: str, stakeholder: str) -> str:
        return f"https://t.me/UNConsultationsBot?start={code}"

    async def slack(code: str, stakeholder: str) -> str:
        return f"/consult join {code}"

    from adapters.roundfile import load_round_file

    round_ = load_round_file(HERE.parent / "config" / "rounds" / "a61-583.yaml").round
    egypt = Stakeholder(code="EGY", name="مصر")
    amina = Participant(
        id=21, stakeholder="EGY", role=Role.FOCAL_POINT, name="أمينة المصري", timezone="Africa/Cairo",
        language="ar", email="amina@egypt.example",
    )  # fmt: skip
    deps = Deps(
        new_uow=lambda: None,  # type: ignore[arg-type,return-value]  (nothing is stored)
        clock=lambda: datetime(2027, 3, 1, 14, 0, tzinfo=UTC),
        join_ways=(JoinWay(kind="telegram", make=telegram), JoinWay(kind="slack", make=slack, link=False)),
    )
    reply = await invitation_mail(round_, egypt, amina, CODE, datetime(2027, 3, 31, 22, 0, tzinfo=UTC), deps)
    built = compose.build(compose.environment(), reply, to=amina.email, sender="UN Consultations <c@un.example>")
    parsed = message_from_bytes(compose.as_bytes(built), policy=policy.default)
    return str(parsed.get_body(("html",)).get_content())  # type: ignore[union-attr]


async def email_page(browser: object) -> None:
    context = await browser.new_context(viewport={"width": 760, "height": 900})  # type: ignore[attr-defined]
    page = await context.new_page()
    await page.set_content(await email_html())
    assert await direction(page) == ("ar", "rtl", "rtl")
    assert await reads_left_to_right(page.locator("span[dir=ltr]").first) == (CODE, True)
    assert await overflow(page) <= 0, "the e-mail runs off to the side"
    await page.screenshot(path=str(HERE / "email-ar.png"), full_page=True)
    print(f"wrote {HERE / 'email-ar.png'}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--locale", type=Path, default=HERE.parent / "bot" / "locale")
    arabic(parser.parse_args().locale)
    async with chromium() as browser:
        await web_page(browser)
        await email_page(browser)


if __name__ == "__main__":
    asyncio.run(main())
