"""A Reply as an e-mail: plain text and HTML (Jinja2, autoescaped, inline styles), chart inline, files attached.

In the reader's language (the reply's `language`): the masthead and footer come from the catalogue
through the templates' `t(key, **params)`, `lang` and `dir` follow the language (Arabic right to
left), and what must stay left to right (an invitation code, a link) is isolated.

Structure: multipart/alternative (text/plain; multipart/related: text/html + the chart as image/png
referred to by its Content-ID), inside multipart/mixed when files are attached. The Message-ID comes
from the delivery's dedupe key, so a message sent again after a crash carries the same id and the
reader's mail program shows it once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from bot.domain.model import Reply
from bot.i18n import formats
from bot.i18n.catalogue import text

#: Characters XML (and so XHTML mail readers) forbid: C0 controls but tab and line ends, surrogates, U+FFFE/F.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
#: An invitation code in a text: shown apart so that it reads and copies easily.
_CODE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){6}\b")
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
#: Which messages readers may ask to stop (List-Unsubscribe): the recurring ones.
RECURRING = ("remind", "digest")


def is_plain_address(value: str) -> bool:
    """True for a bare address one can write to (no display name, no line ends, one @)."""
    return bool(re.fullmatch(r"[^@\s<>()\[\],;:\"]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+", value))


def clean(value: str) -> str:
    """The text without characters XML forbids (a control character pasted into a comment)."""
    return _FORBIDDEN.sub("", value)


def environment() -> Environment:
    """The templates, autoescaped (built by the channel, never at import)."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["lines"] = _lines
    return env


def message_id(ref: str, domain: str) -> str:
    """`<hash@domain>` from a delivery's dedupe key (a new random id when there is none)."""
    if not ref:
        return make_msgid(domain=domain)
    return f"<{hashlib.sha256(ref.encode()).hexdigest()[:40]}@{domain}>"


def build(env: Environment, reply: Reply, *, to: str, sender: str) -> Message:
    """The e-mail for one reply to one address, in the reply's language.

    Built with the compat32 MIME classes: the header registry of EmailMessage parses every header it
    is given again, which took most of the time of a message (6 ms against 1 ms here).
    """
    name, address = parseaddr(sender)
    domain = address.rpartition("@")[2] or "localhost"
    lang = formats.language_of(reply.language)
    title = (
        " ".join(clean(reply.title).split()) or _first_line(clean(reply.text)) or text(lang, "email.subject.default")
    )
    paragraphs = [p.strip() for p in clean(reply.text).split("\n\n") if p.strip()]
    links = [(clean(label), url) for label, url in reply.links if url.startswith(("https://", "http://", "mailto:"))]
    image_cid = make_msgid(domain=domain) if reply.image else ""
    rtl = formats.is_rtl(lang)
    html = env.get_template("message.html").render(
        lang=lang, dir="rtl" if rtl else "ltr", start="right" if rtl else "left", t=translator(lang),
        title=title, paragraphs=paragraphs, links=links, image_cid=image_cid[1:-1], image_alt=title,
    )  # fmt: skip
    body = MIMEMultipart("alternative")
    body.attach(_text(_plain(title, paragraphs, links, text(lang, "email.footer")), "plain"))
    if reply.image:
        related = MIMEMultipart("related")
        related.attach(_text(html, "html"))
        chart = MIMEImage(reply.image, "png")
        chart["Content-ID"] = image_cid
        chart.add_header("Content-Disposition", "inline", filename="chart.png")
        related.attach(chart)
        body.attach(related)
    else:
        body.attach(_text(html, "html"))
    message: Message = body
    if reply.attachments:
        message = MIMEMultipart("mixed")
        message.attach(body)
        for filename, content in reply.attachments:
            subtype = XLSX[1] if filename.endswith(".xlsx") else "octet-stream"
            part = MIMEApplication(content, subtype)
            part.add_header("Content-Disposition", "attachment", filename=filename)
            message.attach(part)
    message["From"] = formataddr((name, address), charset="utf-8") if name else address
    message["To"] = to
    message["Subject"] = Header(title, "utf-8").encode() if not title.isascii() else title
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id(reply.ref, domain)
    message["Auto-Submitted"] = "auto-generated"
    if reply.key in RECURRING:
        message["List-Unsubscribe"] = f"<mailto:{address}?subject=unsubscribe>"
    return message


def as_bytes(message: Message) -> bytes:
    """The message as sent: CRLF line ends."""
    return message.as_bytes(policy=compat32.clone(linesep="\r\n"))


def _text(text: str, subtype: str) -> MIMEText:
    """A UTF-8 text part in quoted-printable."""
    # typeshed types the charset as a str; CPython hands it to set_payload, which takes a Charset
    # (whose body encoding is the point here).
    return MIMEText(text, subtype, _utf8())  # type: ignore[arg-type]


def _utf8() -> Charset:
    charset = Charset("utf-8")
    charset.body_encoding = QP  # readable source, and no line longer than 76 characters
    return charset


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **params)` for the templates: the catalogue's text in the reader's language (escaped by
    autoescape like any other value), each value isolated in a right-to-left language."""

    def t(key: str, **params: object) -> str:
        if formats.is_rtl(lang):
            params = {name: formats.isolate(str(value)) for name, value in params.items()}
        return text(lang, key, **params)

    return t


def _plain(title: str, paragraphs: list[str], links: list[tuple[str, str]], footer: str) -> str:
    lines = [title, "=" * min(len(title), 72), ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    for label, url in links:
        lines += [f"{label}:", f"  {url}", ""]
    lines += ["--", footer]
    return "\n".join(lines) + "\n"


def _lines(text: str) -> Markup:
    """A paragraph as HTML: escaped, line ends as <br>, an invitation code set apart."""
    escaped = str(escape(text))
    escaped = _CODE.sub(
        lambda m: (
            '<span dir="ltr" style="unicode-bidi:isolate; font-family:Consolas, \'Courier New\', monospace; '
            "font-size:17px; letter-spacing:1px; "
            f'background-color:#eef2f7; padding:2px 6px; border:1px solid #d8dde6;">{m.group(0)}</span>'
        ),
        escaped,
    )
    return Markup(escaped.replace("\n", "<br>\n"))


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0][:120] if text.strip() else ""
