"""In a real browser (Chromium, Playwright): a delegate answers the whole sample round from a link,
and a coordinator follows it; screenshots at desktop and phone width; axe-core finds no serious
or critical accessibility problem. On SQLite, and on PostgreSQL when TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from adapters.http import serving
from bot.domain.model import Role
from tests.dbs import database_params
from tests.reliability.service import free_port
from tests.web.browser import AXE, artifacts, chromium, need_chromium
from tests.web.rtl import direction, isolated, overflow, reads_left_to_right
from tests.web.world import SLUG, Web, web_world

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                     nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


@dataclass
class Live:
    """The web app served over real HTTP, and a browser."""

    web: Web
    base: str
    browser: Any

    async def link(self, stakeholder: str, *, role: Role = Role.DELEGATE, name: str, language: str = "en") -> str:
        path = await self.web.link(stakeholder, role=role, name=name, language=language)
        return path if path.startswith("http") else self.base + path


@pytest.fixture(params=database_params(slow_on_postgres=True))
async def live(request: pytest.FixtureRequest) -> AsyncIterator[Live]:
    need_chromium()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with (
        web_world(request.param, CONSULTBOT_HTTP_PORT=str(port)) as web,
        serving(web.app, host="127.0.0.1", port=port),  # type: ignore[arg-type]
        chromium() as browser,
    ):
        yield Live(web=web, base=base, browser=browser)


async def sign_in(page: Any, link: str) -> None:
    await page.goto(link)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/web/**")


async def sign_in_by_form(page: Any, link: str) -> None:
    """Sign in whatever the language of the button (the sign-in page's one form)."""
    await page.goto(link)
    await page.locator("form button[type=submit]").click()
    await page.wait_for_url("**/web/**")


async def no_serious_violations(context_page: Any) -> list[dict[str, Any]]:
    await context_page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = await context_page.evaluate(AXE_RUN)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
async def test_a_delegate_answers_the_whole_round_and_a_coordinator_follows(live: Live) -> None:
    """From a link: 31 answers (one amendment, one comment), a reload mid-way resumes, submit shows
    the receipt; the coordinator sees France submitted, filters who still needs to answer, downloads the CSV."""
    shots = artifacts()
    context = await live.browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = await context.new_page()
    await sign_in(page, await live.link("FRA", name="Amina Diallo"))
    await page.get_by_role("link", name="Delivering as One").first.click()
    await page.wait_for_url(f"**/web/rounds/{SLUG}")
    refs = await page.locator("input[name=ref]").evaluate_all("els => els.map(e => e.value)")
    assert len(refs) == 31
    await page.get_by_text("0 of 31 answered").wait_for()
    await page.keyboard.press("Tab")  # the keyboard reaches the skip link first, with a visible ring
    focused = await page.evaluate(
        "() => [document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == ["skip", "solid"]

    for index, ref in enumerate(refs):
        item = page.locator(f"#rec-{ref}")
        if ref == refs[1]:
            await item.get_by_role("radio", name="Support with amendments").check()
            await item.get_by_role("textbox", name="Amendment").fill("Add: with the host country's ownership.")
        elif ref == refs[2]:
            await item.get_by_role("radio", name="Oppose").check()
            await item.get_by_role("textbox", name="Comment").fill("Capital asks for a cost estimate first.")
        else:
            await item.get_by_role("radio", name="Support", exact=True).check()
        await item.get_by_role("button", name=f"Save {ref}").click()
        await page.wait_for_url(f"**saved={ref}**")
        if index == 15:
            await page.screenshot(path=str(shots / "delegate-desktop.png"), full_page=False)
            await page.reload()
            await page.get_by_text("16 of 31 answered").wait_for()
            assert await page.locator(f"#rec-{refs[1]}").get_by_role("textbox", name="Amendment").input_value() == (
                "Add: with the host country's ownership."
            )
            assert await page.locator(f"#rec-{refs[16]}").get_by_text("Not answered yet").is_visible()

    await page.get_by_text("31 of 31 answered").wait_for()
    assert await no_serious_violations(page) == []
    await page.get_by_role("link", name="Review and submit").first.click()
    assert await no_serious_violations(page) == []
    await page.get_by_role("button", name="Submit for France").click()
    receipt = page.locator("#receipt")
    await receipt.get_by_text("Receipt A61-583-FRA-01").wait_for()
    await page.screenshot(path=str(shots / "review-desktop.png"), full_page=False)

    phone = await live.browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    mobile = await phone.new_page()
    await sign_in(mobile, await live.link("BRA", name="João Silva"))
    await mobile.goto(f"{live.base}/web/rounds/{SLUG}")
    await mobile.screenshot(path=str(shots / "delegate-phone.png"), full_page=False)

    office = await live.browser.new_context(viewport=DESKTOP)
    coordinator = await office.new_page()
    await sign_in(coordinator, await live.link("UNS", role=Role.COORDINATOR, name="Chen Wei"))
    await coordinator.get_by_role("link", name="Delivering as One").click()
    france = coordinator.get_by_role("row", name="France")
    await france.get_by_text("submitted").wait_for()
    assert await no_serious_violations(coordinator) == []
    await coordinator.screenshot(path=str(shots / "coordinator-desktop.png"), full_page=False)
    await coordinator.get_by_label("Show").select_option("pending")
    await coordinator.get_by_role("button", name="Filter").click()
    await coordinator.wait_for_url("**show=pending**")
    assert await coordinator.get_by_role("row", name="France").count() == 0
    assert await coordinator.get_by_role("row", name="Brazil").count() == 1
    async with coordinator.expect_download() as download_info:
        await coordinator.get_by_role("link", name="CSV").click()
    download = await download_info.value
    rows = list(csv.DictReader(io.StringIO((await download.path()).read_text(encoding="utf-8"))))
    mine = [r for r in rows if r["stakeholder"] == "FRA"]
    assert len(mine) == 31
    assert {r["position"] for r in mine} == {"support", "support_with_amendments", "oppose"}
    async with coordinator.expect_download() as compiled_info:
        await coordinator.get_by_role("link", name="Compilation (Word)").click()
    compiled = await compiled_info.value
    assert compiled.suggested_filename == f"{SLUG}-compilation.docx"
    assert (await compiled.path()).read_bytes()[:2] == b"PK"

    phone_office = await live.browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    small = await phone_office.new_page()
    await sign_in(small, await live.link("UNS", role=Role.COORDINATOR, name="Chen Wei"))
    await small.goto(f"{live.base}/web/coord/rounds/{SLUG}")
    await small.screenshot(path=str(shots / "coordinator-phone.png"), full_page=False)
    print(f"screenshots in {shots}")


async def test_an_arabic_reader_reads_right_to_left(live: Live) -> None:
    """An Arabic delegate's and coordinator's pages are drawn right to left at phone and desktop width;
    the refs, the symbol and "0/193" keep their own order inside the Arabic text; nothing runs off the
    page; screenshots are kept."""
    shots = artifacts()
    phone = await live.browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="ar-EG")
    page = await phone.new_page()
    await sign_in_by_form(page, await live.link("EGY", name="أمينة", language="ar"))
    await page.goto(f"{live.base}/web/rounds/{SLUG}")
    assert await direction(page) == ("ar", "rtl", "rtl")
    assert await overflow(page) <= 0
    assert await reads_left_to_right(page.locator("#rec-CL-1 bdi.ref")) == ("CL-1", True)
    assert await reads_left_to_right(page.locator("#rec-CL-1 bdi.symbol")) == ("A/61/583", True)
    assert await isolated(page.locator("#rec-CL-1 .ref"))
    assert await isolated(page.locator("#progress bdi").first)
    item = page.locator("#rec-CL-1")
    box, form = await item.bounding_box(), await item.locator("fieldset").bounding_box()
    assert box is not None
    assert form is not None
    assert form["x"] + form["width"] <= box["x"] + box["width"] + 1  # the positions sit inside the card
    await page.screenshot(path=str(shots / "delegate-phone-ar.png"), full_page=False)

    office = await live.browser.new_context(viewport=DESKTOP, locale="ar")
    coordinator = await office.new_page()
    await sign_in_by_form(coordinator, await live.link("UNS", role=Role.COORDINATOR, name="Chen Wei", language="ar"))
    await coordinator.goto(f"{live.base}/web/coord/rounds/{SLUG}")
    assert await direction(coordinator) == ("ar", "rtl", "rtl")
    assert await reads_left_to_right(coordinator.locator("bdi.coverage")) == ("0/193", True)
    assert await isolated(coordinator.locator(".coverage"))
    assert await overflow(coordinator) <= 0
    assert await no_serious_violations(coordinator) == []
    await coordinator.screenshot(path=str(shots / "coordinator-desktop-ar.png"), full_page=False)
