"""The `tredebot` command as an operator meets it: clear one-line errors, migrate."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def tredebot(
    *args: str, env: dict[str, str], stdin: str = "", timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "WEBHOOK_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=env.pop("CWD", str(ROOT)),
        env={**clean, **env},
        timeout=timeout,
    )


def test_run_without_token_stops_with_one_line(tmp_path: Path) -> None:
    done = tredebot("run", env={"CWD": str(tmp_path), "BOT_TOKEN": ""})
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "BOT_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow  # five processes of the bot
def test_malformed_settings_are_named(tmp_path: Path) -> None:
    for name, value in [
        ("ADMIN_IDS", "12,abc"),
        ("TZ_NAME", "Mars/Olympus"),
        ("DATABASE_URL", "mysql://x"),
        ("WEBHOOK_PORT", "99999"),
        ("TELEGRAM_API_URL", "ftp://example"),
    ]:
        done = tredebot("run", env={"CWD": str(tmp_path), "BOT_TOKEN": "1:x", name: value})
        assert done.returncode == 2, name
        assert done.stderr.startswith(f"tredebot: {name} is malformed"), done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.slow  # a process of the bot that migrates
def test_migrate_creates_a_wal_database(tmp_path: Path) -> None:
    database = tmp_path / "sub" / "bot.db"
    done = tredebot("migrate", env={"DATABASE_URL": f"sqlite+aiosqlite:///{database}"})
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master")}
        mode = connection.execute("pragma journal_mode").fetchone()[0]
    assert {"users", "conversations", "results", "alembic_version"} <= tables
    assert mode == "wal"


def test_demo_is_not_part_of_the_installed_bot(tmp_path: Path) -> None:
    done = tredebot("demo", "--lang", "en", env={"CWD": str(tmp_path)})
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "make demo" in done.stderr
