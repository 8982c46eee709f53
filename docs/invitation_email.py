"""Render the invitation e-mail a delegate receives, as the service builds it, and photograph it in a browser.

    .venv/bin/python docs/invitation_email.py            # writes docs/invitation-email.png

The message comes from the project's own code: bot.outreach.mailing.invitation_mail (the text and the ways to
join) and adapters/email/compose.py (the HTML part, from the Jinja2 template). The picture is taken by
headless Chromium (`apt-get install chromium` on Debian).
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from adapters.email import compose  # noqa: E402  (after the path is set)
from adapters.roundfile import load_round_file  # noqa: E402
from bot.domain.model import Participant, Role, Stakeholder  # noqa: E402
from bot.outreach.mailing import invitation_mail  # noqa: E402
from bot.ports import Deps, JoinWay  # noqa: E402


async def telegram(code: str, stakeholder: str) -> str:
    return f"https://t.me/UNConsultationsBot?start={code}"


async def slack(code: str, stakeholder: str) -> str:
    return f"/consult join {code}"


async def render() -> str:
    """The HTML part of the invitation e-mail."""
    round_ = load_round_file(HERE.parent / "config" / "rounds" / "a61-583.yaml").round
    france = Stakeholder(code="FRA", name="France")
    claire = Participant(
        id=17, stakeholder="FRA", role=Role.FOCAL_POINT, name="Claire Dubois", timezone="Europe/Paris",
        email="claire.dubois@diplomatie.example",
    )  # fmt: skip
    deps = Deps(
        new_uow=lambda: None,  # type: ignore[arg-type,return-value]  (nothing is stored)
        clock=lambda: datetime(2027, 3, 1, 14, 0, tzinfo=UTC),
        join_ways=(JoinWay(kind="telegram", make=telegram), JoinWay(kind="slack", make=slack, link=False)),
    )
    expires = datetime(2027, 3, 31, 22, 0, tzinfo=UTC)
    reply = await invitation_mail(round_, france, claire, "7K3M-9QXR-B2D4-W8HN-5TCF-QJ6P-A0VE", expires, deps)
    message = compose.build(
        compose.environment(), reply, to=claire.email, sender="UN Consultations <consultations@un.example>"
    )
    parsed = message_from_bytes(compose.as_bytes(message), policy=policy.default)
    return str(parsed.get_body(("html",)).get_content())  # type: ignore[union-attr]


def photograph(html: str) -> None:
    """Open the HTML in headless Chromium and save the picture next to this script."""
    page = Path(tempfile.mkdtemp()) / "invitation-email.html"
    page.write_text(html, encoding="utf-8")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print(f"wrote {page}; install chromium to take the picture", file=sys.stderr)
        return
    picture = HERE / "invitation-email.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=760,920",
         f"--screenshot={picture}", page.as_uri()],
        check=True, capture_output=True,
    )  # fmt: skip
    print(f"wrote {picture}")


if __name__ == "__main__":
    photograph(asyncio.run(render()))
