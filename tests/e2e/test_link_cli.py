"""`consultbot link`: a one-time web sign-in link for a new participant; `link revoke` ends sessions."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli import consultbot


def test_link_prints_a_signed_link_to_the_public_url(tmp_path: Path) -> None:
    """--json prints {"url": …} under CONSULTBOT_WEB_URL; two links differ; each names its delegation."""
    db = tmp_path / "c.db"
    env = {"CONSULTBOT_WEB_URL": "https://consult.example.org/"}
    first = consultbot(db, "link", "fra", "--name", "Amina Diallo", "--json", **env)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["url"].startswith("https://consult.example.org/web/login/")
    assert (data["stakeholder"], data["role"]) == ("FRA", "delegate")
    second = consultbot(db, "link", "FRA", "--name", "B", "--role", "focal_point", **env)
    assert second.returncode == 0, second.stderr
    assert "/web/login/" in second.stdout
    assert data["url"] not in second.stdout


def test_the_default_address_is_the_http_servers(tmp_path: Path) -> None:
    """Without CONSULTBOT_WEB_URL the link uses CONSULTBOT_HTTP_HOST and _PORT."""
    done = consultbot(tmp_path / "c.db", "link", "NOR", "--name", "X", "--json", CONSULTBOT_HTTP_PORT="9090")
    assert json.loads(done.stdout)["url"].startswith("http://127.0.0.1:9090/web/login/")


def test_bad_input_is_one_clear_line_and_changes_nothing(tmp_path: Path) -> None:
    """No name, an unknown delegation, `revoke` without a delegation: non-zero exit, a clear message."""
    db = tmp_path / "c.db"
    no_name = consultbot(db, "link", "FRA")
    assert no_name.returncode == 2
    assert "--name" in no_name.stderr
    unknown = consultbot(db, "link", "XXX", "--name", "Y")
    assert unknown.returncode == 1
    assert "no delegation" in unknown.stderr
    assert consultbot(db, "link", "revoke").returncode == 2


def test_revoke_ends_a_delegations_sessions_and_is_audited(tmp_path: Path) -> None:
    """`link revoke FRA --json` says how many sessions ended (none yet) and the audit log names it."""
    db = tmp_path / "c.db"
    assert consultbot(db, "link", "FRA", "--name", "A").returncode == 0
    done = consultbot(db, "link", "revoke", "fra", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"stakeholder": "FRA", "revoked": 0}
    audit = consultbot(db, "audit")
    assert "revoke" in audit.stdout
