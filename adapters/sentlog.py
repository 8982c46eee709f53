"""The dispatcher's sent log as a local file: one line per delivery a platform accepted, until recorded.

Each note is appended with a single write() to a file opened with O_APPEND and closed at once, so it
is in the kernel, not in a Python buffer, when note() returns: a SIGKILL a microsecond later cannot
lose it (only a machine crash can, and then sending falls back to at least once). The file exists
only while some delivery is accepted but not yet recorded; it is removed when the last one is.

The file is named after the database as well as the owner (host and HTTP address): the delivery ids
it holds mean something only in the database they came from, so a process started on another
database at the same address must never read them (issue 21: it marked that database's pending
invitations as sent with the first one's message ids).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from pathlib import Path

log = logging.getLogger(__name__)


class FileSentLog:
    """bot.ports.SentLog in a file that only this process (its owner name) writes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending: set[int] = set()

    @classmethod
    def for_database(cls, directory: Path, *, database: str, owner: str) -> FileSentLog:
        """The log of `owner`'s dispatcher on one database (`database`: storage.database_identity)."""
        return cls(directory / f"consultbot-sent-{_safe(database)}-{_safe(owner)}.log")

    @classmethod
    def others_on_host(cls, directory: Path, *, database: str, owner: str) -> list[FileSentLog]:
        """The logs other owners on this host left for the same database (replicas that led before)."""
        mine = cls.for_database(directory, database=database, owner=owner).path
        host = _safe(owner.split(":", 1)[0])
        prefix = f"consultbot-sent-{_safe(database)}-{host}_"
        return [cls(path) for path in sorted(directory.glob(f"{prefix}*.log")) if path != mine]

    def note(self, delivery_id: int, provider_id: str) -> None:
        """Append "id<TAB>provider id" (provider ids never hold tabs or newlines)."""
        line = f"{delivery_id}\t{provider_id.replace(chr(9), ' ').replace(chr(10), ' ')}\n".encode()
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)
        self._pending.add(delivery_id)

    def done(self, delivery_id: int) -> None:
        """The outbox recorded it; with nothing else pending, the file goes."""
        self._pending.discard(delivery_id)
        if not self._pending:
            self.clear()

    def read(self) -> dict[int, str]:
        """Every complete line left by this or a previous process (a torn last line is ignored)."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return {}
        notes: dict[int, str] = {}
        for line in text.split("\n")[:-1]:
            number, sep, provider_id = line.partition("\t")
            if sep and number.isdigit():
                notes[int(number)] = provider_id
        return notes

    def clear(self) -> None:
        """Forget every note."""
        self._pending.clear()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)
