"""The web channel over HTTP, as a delegate, a coordinator and an attacker see it.

Real composition (the sample round of 31 recommendations) on SQLite and on PostgreSQL (when
TEST_POSTGRES_URL is set, as tests/dbs.py says), the real HTTP app, httpx.
"""

from __future__ import annotations

import html
import io
import re
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import docx
import httpx
import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from adapters.web.site import COOKIE
from bot.domain.model import Address, Delivery, Reply, Role
from bot.i18n import formats
from bot.i18n.catalogue import text
from tests.dbs import database_params
from tests.web.world import BASE, SLUG, Web, csrf_of, event_of, web_world

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">\u202eevil&amp;'


@pytest.fixture(params=database_params(slow_on_postgres=True))
async def web(request: pytest.FixtureRequest) -> AsyncIterator[Web]:
    async with web_world(request.param) as world:
        yield world


async def responses(web: Web, stakeholder: str) -> dict[str, tuple[str, str, str]]:
    async with web.rt.deps.new_uow() as uow:
        found = await uow.responses.of_delegation(SLUG, stakeholder)
    return {r.ref: (r.position.value, r.amendment, r.comment) for r in found}


async def revisions(web: Web) -> int:
    async with web.rt.deps.new_uow() as uow:
        return len(await uow.responses.revisions(SLUG))


async def answer(client: httpx.AsyncClient, ref: str, position: str, **fields: str) -> httpx.Response:
    page = (await client.get(f"/web/rounds/{SLUG}")).text
    data = {"csrf": csrf_of(page), "event": event_of(page), "ref": ref, "position": position, **fields}
    return await client.post(f"/web/rounds/{SLUG}/answer", data=data)


async def language_of(web: Web, stakeholder: str) -> str:
    async with web.rt.deps.new_uow() as uow:
        [person] = [p for p in await uow.registry.participants_of([stakeholder]) if p.role is Role.DELEGATE]
    return person.language


async def refs_of(web: Web) -> list[str]:
    async with web.rt.deps.new_uow() as uow:
        return [r.ref for r in (await uow.rounds.get(SLUG)).recommendations]  # type: ignore[union-attr]


async def submitted(web: Web, stakeholder: str, comment: str = "") -> None:
    """The delegation's focal point answers every item (a comment on the first) and submits, on the web."""
    focal = await web.signed_in(stakeholder, role=Role.FOCAL_POINT, name="F. Point")
    for n, ref in enumerate(await refs_of(web)):
        extra = {"comment": comment} if comment and n == 0 else {}
        assert (await answer(focal, ref, "oppose" if n == 0 else "support", **extra)).status_code == 303
    page = (await focal.get(f"/web/rounds/{SLUG}/review")).text
    done = await focal.post(f"/web/rounds/{SLUG}/submit", data={"csrf": csrf_of(page), "event": event_of(page)})
    assert done.status_code == 303


def plain(page: str) -> str:
    return html.unescape(re.sub(r"</?bdi[^>]*>", "", page))


class TestSignIn:
    async def test_a_link_signs_in_once_with_a_strict_cookie(self, web: Web) -> None:
        """The link's page has one button; pressing it starts an HttpOnly, SameSite=Strict session."""
        client = web.client()
        path = await web.link("FRA")
        page = await client.get(path)
        assert page.status_code == 200
        signed = await client.post(path, data={"csrf": csrf_of(page.text)})
        assert signed.status_code == 303
        assert signed.headers["location"] == "/web/"
        cookie = signed.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}=")
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie
        assert "Secure" not in cookie  # the public URL is http here
        home = await client.get("/web/")
        assert home.status_code == 200
        assert "Delivering as One" in home.text

    async def test_the_cookie_is_secure_when_the_public_url_is_https(self) -> None:
        """CONSULTBOT_WEB_URL https://… makes the cookie Secure, and links use that address."""
        async with web_world(CONSULTBOT_WEB_URL="https://consult.example.org/") as web:
            issued_path = await web.link("FRA")
            assert issued_path.startswith("https://consult.example.org/web/login/")
            path = issued_path.removeprefix("https://consult.example.org")
            client = web.client()
            page = await client.get(path)
            signed = await client.post(path, data={"csrf": csrf_of(page.text)})
            assert "Secure" in signed.headers["set-cookie"]

    async def test_a_used_link_is_refused_and_opens_no_session(self, web: Web) -> None:
        """The second use of a link gets 401 and no cookie."""
        path = await web.link("FRA")
        first = web.client()
        page = await first.get(path)
        assert (await first.post(path, data={"csrf": csrf_of(page.text)})).status_code == 303
        second = web.client()
        again = await second.post(path, data={"csrf": csrf_of(page.text)})
        assert again.status_code == 401
        assert "set-cookie" not in again.headers
        assert "already been used" in again.text
        assert (await second.get(path)).status_code == 401  # the link's page says so before any button
        assert (await second.get("/web/")).status_code == 401

    async def test_a_tampered_link_is_refused(self, web: Web) -> None:
        """A link whose signature does not match gets 401 and no cookie."""
        path = await web.link("FRA")
        token = path.rsplit("/", 1)[1]
        forged = path[: -len(token)] + token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        client = web.client()
        assert (await client.get(forged)).status_code == 401
        refused = await client.post(forged, data={"csrf": "0" * 64})
        assert refused.status_code in (401, 403)
        assert "set-cookie" not in refused.headers

    async def test_an_expired_link_is_refused(self, web: Web) -> None:
        """A link older than CONSULTBOT_WEB_LINK_HOURS gets 401 and no cookie."""
        path = await web.link("FRA")
        tokens = await web.channel.site.tokens()
        content = tokens.read_link(path.rsplit("/", 1)[1])

        class Yesterday(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(time.time()) - 4 * 24 * 3600

        old = URLSafeTimedSerializer(await web.channel.site.sign_in.key(), salt="consultbot.web.link", signer=Yesterday)
        expired = f"/web/login/{old.dumps({'c': content.code, 's': content.stakeholder})}"
        client = web.client()
        assert (await client.get(expired)).status_code == 401
        refused = await client.post(expired, data={"csrf": tokens.login_csrf(expired.rsplit("/", 1)[1])})
        assert refused.status_code == 401
        assert "set-cookie" not in refused.headers

    async def test_a_link_naming_another_delegation_is_refused(self, web: Web) -> None:
        """A code issued for France inside a link for Brazil (signed with the key) gets 403, no session."""
        path = await web.link("FRA")
        tokens = await web.channel.site.tokens()
        content = tokens.read_link(path.rsplit("/", 1)[1])
        token = tokens.link_token(content.code, "BRA")
        client = web.client()
        assert (await client.get(f"/web/login/{token}")).status_code == 403
        refused = await client.post(f"/web/login/{token}", data={"csrf": tokens.login_csrf(token)})
        assert refused.status_code == 403
        assert "set-cookie" not in refused.headers
        assert (await client.get("/web/")).status_code == 401

    async def test_sign_out_ends_the_session(self, web: Web) -> None:
        """After sign-out the old cookie opens nothing."""
        client = await web.signed_in("FRA")
        page = (await client.get("/web/")).text
        stolen = client.cookies.get(COOKIE)
        out = await client.post("/web/logout", data={"csrf": csrf_of(page)})
        assert out.status_code == 200
        assert "signed out" in out.text
        replay = web.client()
        replay.cookies.set(COOKIE, stolen or "", domain="127.0.0.1", path="/web")
        assert (await replay.get("/web/")).status_code == 401

    async def test_revoking_a_delegation_ends_its_sessions(self, web: Web) -> None:
        """`link revoke FRA` (the core's use case) signs every France browser out; audited."""
        client = await web.signed_in("FRA")
        assert (await client.get("/web/")).status_code == 200
        count = await web.channel.site.sign_in.revoke(web.rt.operator, "fra")
        assert count == 1
        assert (await client.get("/web/")).status_code == 401
        async with web.rt.deps.new_uow() as uow:
            assert (await uow.audit.entries(1))[0].action == "revoke"


class TestAnswering:
    async def test_progress_save_and_one_effect_per_form(self, web: Web) -> None:
        """Saving shows "1 of 31"; the same form posted twice stores one revision."""
        client = await web.signed_in("FRA")
        page = (await client.get(f"/web/rounds/{SLUG}")).text
        assert "0 of 31 answered" in plain(page)
        data = {"csrf": csrf_of(page), "event": event_of(page), "ref": "CL-1", "position": "support", "comment": "ok"}
        before = await revisions(web)
        first = await client.post(f"/web/rounds/{SLUG}/answer", data=data)
        data2 = {**data, "comment": "changed by the double post"}
        second = await client.post(f"/web/rounds/{SLUG}/answer", data=data2)
        assert first.status_code == second.status_code == 303
        assert await revisions(web) == before + 1
        assert (await responses(web, "FRA"))["CL-1"] == ("support", "", "ok")
        after = (await client.get(first.headers["location"].split("#")[0])).text
        assert "1 of 31 answered" in plain(after)
        assert "CL-1 recorded: Support." in after

    async def test_a_long_comment_in_arabic_is_saved_whole(self, web: Web) -> None:
        """4,000 characters of Arabic (24 KB once URL-encoded) fit in one form."""
        client = await web.signed_in("EGY")
        comment = "ملاحظة " * 571
        assert (await answer(client, "CL-1", "reserve", comment=comment[:4000])).status_code == 303
        assert (await responses(web, "EGY"))["CL-1"][2] == comment[:4000].strip()

    async def test_support_with_amendments_needs_the_text(self, web: Web) -> None:
        """Without the amendment the answer is refused, said next to the item, and nothing is stored."""
        client = await web.signed_in("FRA")
        refused = await answer(client, "CL-2", "support_with_amendments")
        assert refused.status_code == 400
        assert "needs the amendment text" in refused.text
        assert "CL-2" not in await responses(web, "FRA")
        ok = await answer(client, "CL-2", "support_with_amendments", amendment="Add: with national ownership.")
        assert ok.status_code == 303
        assert (await responses(web, "FRA"))["CL-2"][1] == "Add: with national ownership."

    async def test_submit_follows_the_focal_point_rule_and_shows_the_receipt(self, web: Web) -> None:
        """With a focal point named, a delegate cannot submit; the focal point can, and sees the receipt."""
        delegate = await web.signed_in("FRA")
        focal = await web.signed_in("FRA", role=Role.FOCAL_POINT, name="F. Point")
        for ref in await refs_of(web):
            assert (await answer(delegate, ref, "support")).status_code == 303
        review = (await delegate.get(f"/web/rounds/{SLUG}/review")).text
        assert "Only your delegation's focal point may submit (F. Point)" in plain(review)
        refused = await delegate.post(f"/web/rounds/{SLUG}/submit", data={"csrf": csrf_of(review), "event": "x" * 20})
        assert refused.status_code == 400
        assert "not allowed" in plain(refused.text)
        page = (await focal.get(f"/web/rounds/{SLUG}/review")).text
        done = await focal.post(f"/web/rounds/{SLUG}/submit", data={"csrf": csrf_of(page), "event": event_of(page)})
        assert done.status_code == 303
        shown = (await focal.get(f"/web/rounds/{SLUG}/review")).text
        assert "Receipt A61-583-FRA-01" in plain(shown)


class TestForgery:
    @pytest.mark.parametrize("csrf", [None, "", "0" * 64])
    async def test_a_form_without_the_right_csrf_token_changes_nothing(self, web: Web, csrf: str | None) -> None:
        """No token, an empty one or a wrong one: 403, and no answer is stored."""
        client = await web.signed_in("FRA")
        page = (await client.get(f"/web/rounds/{SLUG}")).text
        data = {"event": event_of(page), "ref": "CL-1", "position": "oppose"}
        if csrf is not None:
            data["csrf"] = csrf
        refused = await client.post(f"/web/rounds/{SLUG}/answer", data=data)
        assert refused.status_code == 403
        assert await responses(web, "FRA") == {}

    async def test_another_sessions_csrf_token_does_not_work(self, web: Web) -> None:
        """A token copied from another session is refused."""
        mine = await web.signed_in("FRA")
        theirs = await web.signed_in("FRA", name="B")
        token = csrf_of((await theirs.get(f"/web/rounds/{SLUG}")).text)
        refused = await mine.post(
            f"/web/rounds/{SLUG}/answer", data={"csrf": token, "ref": "CL-1", "position": "oppose"}
        )
        assert refused.status_code == 403
        assert await responses(web, "FRA") == {}

    async def test_a_coordinator_action_without_csrf_does_nothing(self, web: Web) -> None:
        """Closing the round by a forged post: 403 and the round stays open."""
        coordinator = await web.signed_in("UNS", role=Role.COORDINATOR)
        refused = await coordinator.post(f"/web/coord/rounds/{SLUG}/act/close", data={"event": "y" * 20})
        assert refused.status_code == 403
        async with web.rt.deps.new_uow() as uow:
            assert (await uow.rounds.get(SLUG)).status.value == "open"  # type: ignore[union-attr]


class TestAuthorization:
    async def test_without_a_session_every_page_says_401(self, web: Web) -> None:
        """No cookie, or a cookie that is not ours: 401 on every page."""
        client = web.client()
        client.cookies.set(COOKIE, "forged.cookie", domain="127.0.0.1", path="/web")
        for path in ("/web/", f"/web/rounds/{SLUG}", "/web/coord", f"/web/coord/rounds/{SLUG}/export.csv"):
            assert (await client.get(path)).status_code == 401, path

    async def test_a_delegate_cannot_reach_coordinator_pages(self, web: Web) -> None:
        """Every coordinator page and action answers 403 to a delegate."""
        client = await web.signed_in("FRA")
        csrf = csrf_of((await client.get("/web/")).text)
        for path in (
            "/web/coord",
            f"/web/coord/rounds/{SLUG}",
            f"/web/coord/rounds/{SLUG}/delegations/BRA",
            f"/web/coord/rounds/{SLUG}/export.csv",
            f"/web/coord/rounds/{SLUG}/chart.png",
            f"/web/coord/rounds/{SLUG}/confirm/close",
        ):
            assert (await client.get(path)).status_code == 403, path
        refused = await client.post(f"/web/coord/rounds/{SLUG}/act/close", data={"csrf": csrf})
        assert refused.status_code == 403

    async def test_a_delegate_never_sees_another_delegations_answers(self, web: Web) -> None:
        """Brazil's comment appears on none of France's pages."""
        brazil = await web.signed_in("BRA")
        assert (await answer(brazil, "CL-1", "oppose", comment="BRA-private-note")).status_code == 303
        france = await web.signed_in("FRA")
        for path in ("/web/", f"/web/rounds/{SLUG}", f"/web/rounds/{SLUG}/review"):
            page = await france.get(path)
            assert page.status_code == 200, path
            assert "BRA-private-note" not in page.text, path

    async def test_a_digest_reader_sees_but_never_acts(self, web: Web) -> None:
        """The DSG's office reads the round; actions, their confirmation and downloads answer 403."""
        reader = await web.signed_in("ODSG", role=Role.DIGEST)
        page = await reader.get(f"/web/coord/rounds/{SLUG}")
        assert page.status_code == 200
        assert "only coordinators act" in page.text
        assert "export.csv" not in page.text
        assert (await reader.get(f"/web/coord/rounds/{SLUG}/confirm/close")).status_code == 403
        assert (await reader.get(f"/web/coord/rounds/{SLUG}/export.csv")).status_code == 403
        refused = await reader.post(f"/web/coord/rounds/{SLUG}/act/close", data={"csrf": csrf_of(page.text)})
        assert refused.status_code == 403


class TestHostileText:
    async def test_html_scripts_and_rtl_overrides_are_inert_on_every_page(self, web: Web) -> None:
        """A comment and an amendment full of markup show as text wherever they appear."""
        france = await web.signed_in("FRA")
        saved = await answer(france, "CL-1", "support_with_amendments", amendment=HOSTILE, comment=HOSTILE)
        assert saved.status_code == 303
        coordinator = await web.signed_in("UNS", role=Role.COORDINATOR)
        pages = [
            (france, f"/web/rounds/{SLUG}"),
            (france, f"/web/rounds/{SLUG}/review"),
            (coordinator, f"/web/coord/rounds/{SLUG}"),
            (coordinator, f"/web/coord/rounds/{SLUG}/delegations/FRA"),
        ]
        for client, path in pages:
            page = (await client.get(path)).text
            for raw in ("<script>alert", "<img src=x", "\u202e"):
                assert raw not in page, (path, raw)
            if "delegations/FRA" in path or client is france:
                assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path


class TestLanguage:
    async def test_lang_and_dir_follow_the_readers_language(self, web: Web) -> None:
        """French pages say lang="fr" in French; an Arabic reader's pages are right-to-left."""
        french = await web.signed_in("FRA", language="fr")
        page = (await french.get(f"/web/rounds/{SLUG}")).text
        assert '<html lang="fr" dir="ltr">' in page
        assert "Appui avec amendements" in page
        arabic = await web.signed_in("EGY", language="ar")
        assert '<html lang="ar" dir="rtl">' in (await arabic.get(f"/web/rounds/{SLUG}")).text

    async def test_the_round_is_in_the_readers_language_with_its_notice(self, web: Web) -> None:
        """The sample round carries an unofficial French text: a French delegate's pages and list of rounds
        show it, each recommendation with the one-line notice that the English original is the reference."""
        french = await web.signed_in("FRA", language="fr")
        page = html.unescape((await french.get(f"/web/rounds/{SLUG}")).text)
        assert "Unis dans l'action (A/61/583)" in page
        assert "Delivering as One" not in page
        assert page.count("Traduction non officielle\u00a0: l'original en anglais fait foi.") == 31
        assert "Unis dans l'action" in html.unescape((await french.get("/web/")).text)
        english = html.unescape((await (await web.signed_in("GBR")).get(f"/web/rounds/{SLUG}")).text)
        assert "Delivering as One (A/61/583)" in english
        assert "Unofficial translation" not in english

    async def test_numbers_in_sentences_are_isolated(self, web: Web) -> None:
        """ "0 of 31" and the coverage "0/193" are bidirectional isolates."""
        client = await web.signed_in("FRA")
        assert "<bdi>0</bdi> of <bdi>31</bdi> answered" in (await client.get(f"/web/rounds/{SLUG}")).text
        coordinator = await web.signed_in("UNS", role=Role.COORDINATOR)
        assert '<bdi class="coverage">0/193</bdi>' in (await coordinator.get(f"/web/coord/rounds/{SLUG}")).text

    async def test_the_language_switcher_stores_the_readers_choice(self, web: Web) -> None:
        """Every page offers the six languages, each in its own name; choosing French stores it as the
        participant's language (as the chat command `language fr` does) and the pages turn French. An
        unknown code or a form without its CSRF token changes nothing."""
        client = await web.signed_in("FRA")
        page = (await client.get(f"/web/rounds/{SLUG}")).text
        assert '<html lang="en" dir="ltr">' in page
        options = re.findall(r'<option value="(\w+)" lang="\w+"( selected)?>([^<]+)</option>', page)
        assert [(code, name) for code, _, name in options] == [
            ("ar", "العربية"), ("zh", "中文"), ("en", "English"), ("fr", "Français"), ("ru", "Русский"),
            ("es", "Español"),
        ]  # fmt: skip
        assert [code for code, selected, _ in options if selected] == ["en"]
        form = {"csrf": csrf_of(page), "event": event_of(page), "back": f"/web/rounds/{SLUG}"}
        forged = await client.post("/web/language", data={"language": "fr", "back": "/web/"})
        assert forged.status_code == 403
        assert await language_of(web, "FRA") == "en"
        chosen = await client.post("/web/language", data={**form, "language": "fr"})
        assert chosen.status_code == 303
        assert chosen.headers["location"] == f"/web/rounds/{SLUG}"
        assert await language_of(web, "FRA") == "fr"
        french = (await client.get(f"/web/rounds/{SLUG}")).text
        assert '<html lang="fr" dir="ltr">' in french
        assert "Appui avec amendements" in french
        page = (await client.get("/web/")).text
        unknown = await client.post(
            "/web/language", data={"csrf": csrf_of(page), "event": event_of(page), "language": "xx", "back": "/web/"}
        )
        assert unknown.status_code == 303
        assert await language_of(web, "FRA") == "fr"

    async def test_the_switcher_never_sends_the_reader_elsewhere(self, web: Web) -> None:
        """A `back` that is not one of our pages sends the reader home."""
        client = await web.signed_in("FRA")
        page = (await client.get("/web/")).text
        for back in ("https://evil.example/", "//evil.example/web/", "/web/../x\r\nSet-Cookie: a=b"):
            data = {"csrf": csrf_of(page), "event": f"{event_of(page)}{len(back)}", "language": "fr", "back": back}
            moved = await client.post("/web/language", data=data)
            assert moved.headers["location"] == "/web/"

    async def test_before_sign_in_the_browsers_language_is_used(self, web: Web) -> None:
        """The sign-in page and the refusals follow Accept-Language among the six (Arabic right to left)."""
        path = await web.link("EGY")
        client = web.client()
        arabic = await client.get(path, headers={"Accept-Language": "ar-EG,ar;q=0.9,en;q=0.5"})
        assert '<html lang="ar" dir="rtl">' in arabic.text
        french = await client.get(path, headers={"Accept-Language": "de-DE, fr;q=0.8, en;q=0.5"})
        assert '<html lang="fr" dir="ltr">' in french.text
        refused = await client.get("/web/", headers={"Accept-Language": "fr"})
        assert refused.status_code == 401
        assert '<html lang="fr" dir="ltr">' in refused.text
        assert '<html lang="en" dir="ltr">' in (await client.get("/web/", headers={"Accept-Language": "de"})).text

    async def test_refs_symbols_and_dates_are_the_readers(self, web: Web) -> None:
        """Refs and the document symbol are isolated; the deadline is Babel's French for a French reader;
        the round's state is a catalogue word."""
        client = await web.signed_in("FRA", language="fr")
        page = (await client.get(f"/web/rounds/{SLUG}")).text
        assert '<bdi class="ref">CL-1</bdi>' in page
        assert '<bdi class="symbol">A/61/583</bdi>' in page
        async with web.rt.deps.new_uow() as uow:
            round_ = await uow.rounds.get(SLUG)
        assert round_ is not None
        french_date = formats.when(round_.deadline, "America/New_York", "fr")
        assert html.escape(french_date) in page or french_date in page
        coordinator = await web.signed_in("UNS", role=Role.COORDINATOR)
        shown = (await coordinator.get(f"/web/coord/rounds/{SLUG}")).text
        assert f'<p class="meta">{html.escape(text("en", "web.status.open"))} ·' in shown
        assert "<td>open</td>" in (await coordinator.get("/web/coord")).text


class TestCoordinator:
    async def test_filter_actions_with_confirmation_and_downloads(self, web: Web) -> None:
        """Filter who still needs to answer; remind after confirming (audited "web"); CSV download."""
        france = await web.signed_in("FRA")
        assert (await answer(france, "CL-1", "support")).status_code == 303
        coordinator = await web.signed_in("UNS", role=Role.COORDINATOR, name="C. Ordinator")
        everyone = (await coordinator.get(f"/web/coord/rounds/{SLUG}")).text
        pending = (await coordinator.get(f"/web/coord/rounds/{SLUG}?show=pending")).text
        assert "France" in everyone
        assert "France" in pending
        assert '<bdi class="coverage">0/193</bdi>' in everyone
        confirm = await coordinator.get(f"/web/coord/rounds/{SLUG}/confirm/remind")
        assert confirm.status_code == 200
        assert "Please confirm" in confirm.text
        done = await coordinator.post(
            f"/web/coord/rounds/{SLUG}/act/remind",
            data={"csrf": csrf_of(confirm.text), "event": event_of(confirm.text)},
        )
        assert done.status_code == 303
        async with web.rt.deps.new_uow() as uow:
            entry = (await uow.audit.entries(1))[0]
        assert (entry.action, entry.channel) == ("remind", "web")
        csv = await coordinator.get(f"/web/coord/rounds/{SLUG}/export.csv")
        assert csv.status_code == 200
        assert csv.text.startswith("stakeholder,name,groups,ref,title,position")
        assert "\nFRA,France," in csv.text
        assert (await coordinator.get(f"/web/coord/rounds/{SLUG}/export.xlsx")).content[:2] == b"PK"
        assert (await coordinator.get(f"/web/coord/rounds/{SLUG}/export.json")).status_code == 200

    async def test_the_compilation_downloads_as_a_word_file_audited(self, web: Web) -> None:
        """Once a delegation submitted, the page offers the compilation; it is the Word file `round compile`
        writes (read back with python-docx), and the download is audited with "web" as its channel. A
        delegate and a digest reader get 403, nobody signed in 401."""
        coordinator = await web.signed_in("UNS", role=Role.COORDINATOR, name="C. Ordinator")
        before = (await coordinator.get(f"/web/coord/rounds/{SLUG}")).text
        assert "compilation.docx" not in before  # nothing submitted: nothing to compile
        assert (await coordinator.get(f"/web/coord/rounds/{SLUG}/compilation.docx")).status_code == 404
        await submitted(web, "FRA", comment="Préciser le rôle des coordonnateurs résidents.")
        page = (await coordinator.get(f"/web/coord/rounds/{SLUG}")).text
        assert f'href="/web/coord/rounds/{SLUG}/compilation.docx"' in page
        got = await coordinator.get(f"/web/coord/rounds/{SLUG}/compilation.docx")
        assert got.status_code == 200
        assert got.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocess")
        assert f"{SLUG}-compilation.docx" in got.headers["content-disposition"]
        document = docx.Document(io.BytesIO(got.content))
        words = "\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
        assert "France" in words
        assert "Préciser le rôle des coordonnateurs résidents." in words
        async with web.rt.deps.new_uow() as uow:
            entry = (await uow.audit.entries(1))[0]
        assert (entry.action, entry.channel, entry.target) == ("compile", "web", SLUG)
        delegate = await web.signed_in("FRA")
        assert (await delegate.get(f"/web/coord/rounds/{SLUG}/compilation.docx")).status_code == 403
        reader = await web.signed_in("ODSG", role=Role.DIGEST)
        assert "compilation.docx" not in (await reader.get(f"/web/coord/rounds/{SLUG}")).text
        assert (await reader.get(f"/web/coord/rounds/{SLUG}/compilation.docx")).status_code == 403
        assert (await web.client().get(f"/web/coord/rounds/{SLUG}/compilation.docx")).status_code == 401

    async def test_delivery_problems_are_listed(self, web: Web) -> None:
        """A reminder given up on shows under "Delivery problems", with its channel and error, escaped."""
        async with web.rt.deps.new_uow() as uow:
            await uow.outbox.add(
                Delivery(
                    kind="remind", dedupe_key="k1", address=Address("telegram", "555"), reply=Reply(text="x"),
                    due_at=datetime.now(UTC), round=SLUG,
                )
            )  # fmt: skip
            await uow.commit()
        async with web.rt.deps.new_uow() as uow:
            claimed = await uow.outbox.claim_due(
                now=datetime.now(UTC), owner="t", lease_until=datetime.now(UTC) + timedelta(minutes=1), limit=5
            )
            await uow.outbox.mark_dead(claimed[0].id or 0, error="<b>blocked</b> by the user")
            await uow.commit()
        coordinator = await web.signed_in("UNS", role=Role.COORDINATOR)
        page = (await coordinator.get(f"/web/coord/rounds/{SLUG}")).text
        assert "<bdi>remind</bdi> to <bdi>555</bdi> on <bdi>telegram</bdi> given up: <bdi>&lt;b&gt;blocked" in page

    async def test_closing_from_the_page_freezes_the_delegates_answers(self, web: Web) -> None:
        """After a confirmed close, the delegate's page is read-only and a late save is refused."""
        france = await web.signed_in("FRA")
        page = (await france.get(f"/web/rounds/{SLUG}")).text
        coordinator = await web.signed_in("UNS", role=Role.COORDINATOR)
        confirm = (await coordinator.get(f"/web/coord/rounds/{SLUG}/confirm/close")).text
        data = {"csrf": csrf_of(confirm), "event": event_of(confirm)}
        closed = await coordinator.post(f"/web/coord/rounds/{SLUG}/act/close", data=data)
        assert closed.status_code == 303
        shown = (await coordinator.get(closed.headers["location"])).text
        assert "closed" in shown
        assert "Close the round" not in shown  # only "extend" is offered for a closed round
        late = {"csrf": csrf_of(page), "event": event_of(page), "ref": "CL-1", "position": "support"}
        refused = await france.post(f"/web/rounds/{SLUG}/answer", data=late)
        assert refused.status_code == 400
        assert "answers are frozen" in plain(refused.text)
        assert "no longer accepts answers" in (await france.get(f"/web/rounds/{SLUG}")).text
        assert await responses(web, "FRA") == {}

    async def test_extend_reads_the_deadline_in_the_rounds_zone(self, web: Web) -> None:
        """A datetime-local deadline becomes the round's new deadline in its own time zone."""
        coordinator = await web.signed_in("UNS", role=Role.COORDINATOR)
        confirm = (await coordinator.get(f"/web/coord/rounds/{SLUG}/confirm/extend")).text
        data = {"csrf": csrf_of(confirm), "event": event_of(confirm), "deadline": "2027-06-30T18:00"}
        assert (await coordinator.post(f"/web/coord/rounds/{SLUG}/act/extend", data=data)).status_code == 303
        async with web.rt.deps.new_uow() as uow:
            round_ = await uow.rounds.get(SLUG)
        assert round_ is not None
        assert round_.deadline.isoformat() == "2027-06-30T22:00:00+00:00"


def test_base_is_the_http_servers_address() -> None:
    """Links default to the HTTP server's own address."""
    assert BASE == "http://127.0.0.1:8080"
