"""Where an export may go: a file is replaced whole; a pipe or a device is written straight, never replaced."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from adapters.export import check_writable, replacing


def test_a_file_is_replaced_whole_and_a_link_to_it_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    check_writable(link)
    with replacing(link) as scratch:
        assert scratch != link
        scratch.write_text("new", encoding="utf-8")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]  # no scratch left


def test_a_pipe_is_written_straight_and_stays_a_pipe(tmp_path: Path) -> None:
    """`-o /dev/stdout` or a named pipe: replacing it would swap the device for a file (as root, even /dev/stdout)."""
    fifo = tmp_path / "pager"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    check_writable(fifo)
    with replacing(fifo) as target:
        assert target == fifo
        target.write_text("rows\n", encoding="utf-8")
    reader.join(timeout=10)
    assert received == [b"rows\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
