"""`make demo` (`python -m standin.demo`): a scripted chat, as a newcomer runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the demo's own process

ROOT = Path(__file__).resolve().parents[2]


def demo(*args: str, database: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "WEBHOOK_"))}
    return subprocess.run(
        [sys.executable, "-m", "standin.demo", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, "DATABASE_URL": f"sqlite+aiosqlite:///{database}"},
        timeout=90,
    )


def test_demo_greets_in_dutch_switches_to_english_and_takes_numbers(tmp_path: Path) -> None:
    script = "/start\n/language\nEnglish\n/help\n/start\n1\nBakkerij Ilse\n"
    done = demo("--files", str(tmp_path / "files"), database=tmp_path / "demo.db", stdin=script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Hallo! Ik ben Tredebot" in out
    assert "[1] ▶️ Start de scan" in out
    assert "I'll speak English with you from now on." in out
    assert "What I do" in out
    assert out.index("Hallo!") < out.index("What I do")
    # a number presses the button; the next line is typed text, taken as the answer
    assert "> [▶️ Start the scan]" in out
    assert "What kind of business is it?" in out
    assert "Traceback" not in out + done.stderr
    assert "Demo ended." in out
