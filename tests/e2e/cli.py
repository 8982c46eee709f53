"""Run the real `consultbot` command as a separate process on a temporary SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def consultbot(db: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI on `db` (no digest recipients from the caller's environment), wide output."""
    inherited = {k: v for k, v in os.environ.items() if k != "CONSULTBOT_DIGEST_RECIPIENTS"}
    environment = {**inherited, "CONSULTBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db}", "COLUMNS": "200", **env}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        cwd=db.parent,
        timeout=120,
        check=False,
    )
