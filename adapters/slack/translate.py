"""Slack payloads as IncomingMessages. Pure functions: no I/O, no state.

The account is "TEAM:USER"; the chat is always the person's direct-message channel with the bot, so
the core never learns a public channel as the place to reach someone. Event ids are stable per
delivery, so a redelivered event or action is recognised by the engine and has no second effect.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from bot.domain.model import IncomingMessage

CHANNEL = "slack"

Payload = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Origin:
    """The message whose button was pressed (to show the choice in place of the buttons)."""

    channel: str
    ts: str
    message: Payload


def account(team_id: str, user_id: str) -> str:
    """Our account key for a Slack user."""
    return f"{team_id}:{user_id}"


def unescape(text: str) -> str:
    """What the person typed: Slack sends &, < and > of typed text as entities."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def command(body: Payload, *, chat: str) -> IncomingMessage:
    """`/consult TEXT`: the engine gets TEXT ("join CODE", "status dao", "open dao"...)."""
    return IncomingMessage(
        channel=CHANNEL,
        account=account(body["team_id"], body["user_id"]),
        chat=chat,
        text=unescape(str(body.get("text") or "")).strip(),
        event_id=f"command:{body['trigger_id']}",
        name=str(body.get("user_name") or ""),
        locale=locale_of(body),
    )


def locale_of(body: Payload) -> str:
    """The user's Slack locale ("fr-FR") when the payload carries it (apps with user locales on), else ""."""
    user = body.get("user")
    found = body.get("locale") or (user.get("locale") if isinstance(user, Mapping) else "")
    return str(found or "")


def is_direct_text(event: Payload) -> bool:
    """True for a person's plain message in a direct conversation with the bot."""
    return (
        event.get("channel_type") == "im"
        and "subtype" not in event
        and not event.get("bot_id")
        and bool(event.get("user"))
    )


def message(body: Payload) -> IncomingMessage:
    """A direct message (Events API `message.im`), keyed by the envelope's event_id."""
    event = body["event"]
    return IncomingMessage(
        channel=CHANNEL,
        account=account(str(event.get("user_team") or body["team_id"]), event["user"]),
        chat=event["channel"],
        text=unescape(str(event.get("text") or "")),
        event_id=str(body["event_id"]),
    )


def user_of(body: Payload) -> tuple[str, str]:
    """(team id, user id) of who pressed a button or submitted a form."""
    user = body["user"]
    team = user.get("team_id") or (body.get("team") or {}).get("id", "")
    return str(team), str(user["id"])


def pressed(body: Payload) -> str:
    """The value of the button pressed (a core action string)."""
    return str(body["actions"][0].get("value") or "")


def direct_channel(body: Payload) -> str:
    """The direct-message channel a button was pressed in ("" when it was elsewhere)."""
    channel = str((body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or "")
    return channel if channel.startswith("D") else ""


def press(body: Payload, *, chat: str) -> IncomingMessage:
    """A button press; the same press delivered twice has the same event id."""
    action = body["actions"][0]
    container = body.get("container") or {}
    where = container.get("message_ts") or container.get("view_id") or ""
    return IncomingMessage(
        channel=CHANNEL,
        account=account(*user_of(body)),
        chat=chat,
        action=pressed(body),
        event_id=f"action:{where}:{action.get('action_ts', '')}",
        locale=locale_of(body),
    )


def origin(body: Payload) -> Origin | None:
    """The message that carried the pressed button, if it was a message."""
    container = body.get("container") or {}
    if container.get("type") != "message" or "message" not in body:
        return None
    return Origin(channel=str(container["channel_id"]), ts=str(container["message_ts"]), message=body["message"])


def form_text(view: Payload, block_id: str) -> str:
    """The text typed in a form's input block (plain text: Slack does not escape it)."""
    value = view["state"]["values"][block_id][block_id].get("value")
    return str(value or "")


def submission(body: Payload, *, chat: str, block_id: str) -> IncomingMessage:
    """A submitted form: the text action it was opened for, with the typed text.

    The event id names the view and the text, so a double submission dedupes while a corrected
    text (after an error shown in the form) is a new event.
    """
    view = body["view"]
    text = form_text(view, block_id)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return IncomingMessage(
        channel=CHANNEL,
        account=account(*user_of(body)),
        chat=chat,
        text=text,
        action=str(view.get("private_metadata") or ""),
        event_id=f"view:{view['id']}:{digest}",
    )


def problem(body: bytes, content_type: str) -> str:
    """What makes a (signed) request body something Slack never sends; "" when nothing does.

    Checked before Bolt sees the body: Bolt would fail on it with a 500, or a listener would fail
    after the acknowledgement. Bodies this does not recognise are left to Bolt (which answers 404).
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if content_type.startswith("application/json"):
        data = _json_object(text)
        if data is None or not isinstance(data.get("type"), str):
            return "not a JSON object with a type"
        if data["type"] == "event_callback" and not isinstance(data.get("event"), dict):
            return "an event_callback without its event"
        return ""
    form = parse_qs(text, keep_blank_values=True)
    if "payload" in form:
        payload = _json_object(form["payload"][0])
        if payload is None or not isinstance(payload.get("type"), str):
            return "a payload that is not a JSON object with a type"
        user = payload.get("user")
        if payload["type"] in ("block_actions", "view_submission") and not (isinstance(user, dict) and user.get("id")):
            return "a payload without its user"
        actions = payload.get("actions")
        if payload["type"] == "block_actions" and not (
            isinstance(actions, list) and actions and all(isinstance(a, dict) for a in actions)
        ):
            return "block_actions without actions"
        view = payload.get("view")
        if payload["type"] == "view_submission" and not (isinstance(view, dict) and view.get("id")):
            return "a view_submission without its view"
        return ""
    if "command" in form and not all(form.get(key, [""])[0] for key in ("user_id", "team_id", "trigger_id")):
        return "a slash command without its user, team or trigger"
    return ""


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
