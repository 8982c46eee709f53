"""Replies to and from JSON-ready dicts, so the outbox can store what it will send."""

from __future__ import annotations

import base64
from typing import Any

from bot.domain.model import Choice, Prompt, Reply


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    """A JSON-ready dict of a reply (the image as base64)."""
    return {
        "text": reply.text,
        "title": reply.title,
        "choices": [[c.label, c.action] for c in reply.choices],
        "prompt": reply.prompt.value if reply.prompt else None,
        "prompt_ref": reply.prompt_ref,
        "prompt_action": reply.prompt_action,
        "prompt_label": reply.prompt_label,
        "max_length": reply.max_length,
        "confirms": reply.confirms,
        "image": base64.b64encode(reply.image).decode("ascii") if reply.image else None,
        "key": reply.key,
        "error": reply.error,
        **({"links": [list(link) for link in reply.links]} if reply.links else {}),
        **({"language": reply.language} if reply.language else {}),
        **(
            {"attachments": [[name, base64.b64encode(data).decode("ascii")] for name, data in reply.attachments]}
            if reply.attachments
            else {}
        ),
    }


def reply_from_dict(data: dict[str, Any]) -> Reply:
    """The reply a dict from reply_to_dict() describes."""
    image = data.get("image")
    prompt = data.get("prompt")
    return Reply(
        text=str(data.get("text", "")),
        title=str(data.get("title", "")),
        choices=tuple(Choice(str(label), str(action)) for label, action in data.get("choices", [])),
        prompt=Prompt(prompt) if prompt else None,
        prompt_ref=str(data.get("prompt_ref", "")),
        prompt_action=str(data.get("prompt_action", "")),
        prompt_label=str(data.get("prompt_label", "")),
        max_length=int(data.get("max_length", 0)),
        confirms=str(data.get("confirms", "")),
        image=base64.b64decode(image) if image else None,
        key=str(data.get("key", "")),
        error=bool(data.get("error", False)),
        links=tuple((str(label), str(url)) for label, url in data.get("links", [])),
        attachments=tuple((str(name), base64.b64decode(blob)) for name, blob in data.get("attachments", [])),
        language=str(data.get("language", "")),
    )
