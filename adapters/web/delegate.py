"""The delegate's pages: sign in by link, the rounds, one round's answers, review and submit."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from adapters.web.site import COOKIE, Site, back_to, reader_language, replies_text
from adapters.web.tokens import BadLink
from bot.coordinator.signin import Visitor
from bot.dialogue.screens import receipt
from bot.domain import actions
from bot.domain.errors import BotError, NotAllowed
from bot.domain.model import CHOOSABLE, Role
from bot.i18n.catalogue import text
from bot.views import sheets

#: Forms longer than this are refused before reading: two texts of the core's longest (4,000
#: characters) URL-encoded at up to 12 bytes a character (Arabic, Chinese), and the rest.
MAX_FORM = 100_000
_POSITIONS = {p.value: p for p in CHOOSABLE}


class DelegatePages:
    """Handlers for the delegate's pages (a coordinator signed in is sent to their own page)."""

    def __init__(self, site: Site) -> None:
        self.site = site

    async def login_form(self, request: Request) -> Response:
        """GET /web/login/TOKEN: a page with one button (a link preview or a mail scanner uses nothing)."""
        token = request.path_params["token"]
        tokens = await self.site.tokens()
        try:
            content = tokens.read_link(token)
        except BadLink:
            return self._refused(request, 401, "join.bad_code")
        problem = await self.site.sign_in.problem(content.code, stakeholder=content.stakeholder)
        if problem is not None:
            return self._refused(request, 403 if problem == "error.not_allowed" else 401, problem)
        return self.site.page(
            request, "login.html", token=token, csrf=tokens.login_csrf(token), delegation=content.stakeholder
        )

    async def login(self, request: Request) -> Response:
        """POST /web/login/TOKEN: use the link once, start the session cookie."""
        token = request.path_params["token"]
        tokens = await self.site.tokens()
        form = await request.form()
        given = form.get("csrf")
        if not isinstance(given, str) or not secrets.compare_digest(tokens.login_csrf(token), given):
            return self._refused(request, 403, "web.csrf")
        try:
            content = tokens.read_link(token)
        except BadLink:
            return self._refused(request, 401, "join.bad_code")
        session_token = secrets.token_urlsafe(32)
        try:
            visitor = await self.site.sign_in.redeem(content.code, stakeholder=content.stakeholder, token=session_token)
        except NotAllowed:
            return self._refused(request, 403, "error.not_allowed")
        except BotError as error:
            return self._refused(request, 401, str(error.params.get("key", error.reply_key)))
        response = self.site.redirect("/web/")
        response.set_cookie(
            COOKIE,
            tokens.cookie(session_token),
            max_age=int((visitor.session.expires_at - visitor.session.created_at).total_seconds()),
            path="/web",
            httponly=True,
            secure=self.site.secure,
            samesite="strict",
        )
        return response

    def _refused(self, request: Request, status: int, key: str) -> Response:
        return self.site.page(request, "refused.html", status=status, reason=text(reader_language(request), key))

    async def logout(self, request: Request) -> Response:
        """POST /web/logout: end the session, drop the cookie."""
        visitor, token = await self.site.visitor(request)
        await self.site.form(request, token)
        await self.site.sign_in.sign_out(token)
        response = self.site.page(request, "signed_out.html", lang=visitor.participant.language)
        response.delete_cookie(COOKIE, path="/web")
        return response

    async def language(self, request: Request) -> Response:
        """POST /web/language: the reader's language choice, stored as the chat command `language CODE`
        stores it (through the Engine: the same check, the same participant field); back to the page."""
        visitor, token = await self.site.visitor(request)
        form = await self.site.form(request, token)
        chosen = form.get("language")
        code = chosen.strip().lower()[:8] if isinstance(chosen, str) else ""
        replies = await self.site.handle(visitor, form, say=f"language {code or '-'}")
        return self.site.redirect(back_to(form.get("back")), flash=replies_text(replies))

    async def home(self, request: Request) -> Response:
        """GET /web/: a delegate's rounds (coordinators and digest readers go to theirs)."""
        visitor, token = await self.site.visitor(request)
        if visitor.has_role(Role.COORDINATOR, Role.DIGEST):
            return self.site.redirect("/web/coord")
        lines = await self._rounds(visitor)
        return self._page(request, visitor, token, "rounds.html", rounds=lines)

    async def _rounds(self, visitor: Visitor) -> list[sheets.RoundLine]:
        async with self.site.engine.deps.new_uow() as uow:
            return await sheets.own_rounds(uow, visitor.participant)

    async def _sheet(self, visitor: Visitor, slug: str) -> sheets.Sheet:
        async with self.site.engine.deps.new_uow() as uow:
            try:
                return await sheets.sheet(uow, visitor.participant, slug, self.site.engine.deps.clock())
            except BotError:
                raise HTTPException(404, text(visitor.participant.language, "error.unknown_round", slug=slug)) from None

    def _page(self, request: Request, visitor: Visitor, token: str, name: str, **values: Any) -> Response:
        p = visitor.participant
        return self.site.page(
            request,
            name,
            lang=p.language,
            zone=p.timezone,
            visitor=visitor,
            csrf=self.site.csrf(token),
            **values,
        )

    async def round(self, request: Request, *, error: str = "", error_ref: str = "", status: int = 200) -> Response:
        """GET /web/rounds/SLUG: every recommendation with its form."""
        visitor, token = await self.site.visitor(request, Role.DELEGATE, Role.FOCAL_POINT)
        found = await self._sheet(visitor, request.path_params["slug"])
        return self._page(
            request, visitor, token, "round.html", sheet=found, positions=CHOOSABLE, error=error, error_ref=error_ref,
            posted=getattr(request.state, "posted", {}), status=status,
        )  # fmt: skip

    async def answer(self, request: Request) -> Response:
        """POST /web/rounds/SLUG/answer: one recommendation's position, amendment and comment."""
        visitor, token = await self.site.visitor(request, Role.DELEGATE, Role.FOCAL_POINT)
        if int(request.headers.get("content-length") or 0) > MAX_FORM:
            raise HTTPException(413, text(visitor.participant.language, "error.too_long", length=">", limit=4000))
        form = await self.site.form(request, token)
        slug = request.path_params["slug"]
        ref = str(form.get("ref") or "")
        position = _POSITIONS.get(str(form.get("position") or ""))
        fields = {"amendment": str(form.get("amendment") or ""), "comment": str(form.get("comment") or "")}
        if position is None:
            request.state.posted = {ref: fields}
            return await self.round(
                request,
                error=text(visitor.participant.language, "web.choose_position", ref=ref),
                error_ref=ref,
                status=400,
            )
        try:
            action = actions.encode("p", slug, ref, position)
        except AssertionError:
            raise HTTPException(400, text(visitor.participant.language, "web.bad_form")) from None
        replies = await self.site.handle(visitor, form, action=action, fields=fields)
        failed = [r for r in replies if r.error]
        if failed:
            request.state.posted = {ref: {**fields, "position": position.value}}
            return await self.round(request, error=replies_text(failed), error_ref=ref, status=400)
        found = await self._sheet(visitor, slug)
        following = next((r.ref for r in found.round.recommendations if r.ref not in found.answers), "")
        anchor = f"#rec-{following}" if following else "#review"
        return self.site.redirect(f"/web/rounds/{slug}?saved={ref}{anchor}", flash=replies_text(replies))

    async def review(self, request: Request, *, error: str = "", status: int = 200) -> Response:
        """GET /web/rounds/SLUG/review: every answer in a table, Submit, and the receipt once submitted."""
        visitor, token = await self.site.visitor(request, Role.DELEGATE, Role.FOCAL_POINT)
        found = await self._sheet(visitor, request.path_params["slug"])
        shown = (
            receipt(
                visitor.participant.language,
                found.round,
                found.submission,
                delegation=found.stakeholder.name,
                zone=visitor.participant.timezone,
            )
            if found.submission
            else None
        )
        return self._page(
            request, visitor, token, "review.html", sheet=found, receipt=shown, error=error, status=status
        )

    async def submit(self, request: Request) -> Response:
        """POST /web/rounds/SLUG/submit: submit for the delegation (the core applies the focal-point rule)."""
        visitor, token = await self.site.visitor(request, Role.DELEGATE, Role.FOCAL_POINT)
        form = await self.site.form(request, token)
        slug = request.path_params["slug"]
        replies = await self.site.handle(visitor, form, action=actions.encode("sub", slug))
        failed = [r for r in replies if r.error]
        if failed:
            return await self.review(request, error=replies_text(failed), status=400)
        return self.site.redirect(f"/web/rounds/{slug}/review#receipt")
