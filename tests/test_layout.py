"""What ships: the installed bot works without the stand-in, which stays a test double."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_installed_bot_never_imports_the_standin() -> None:
    """The contract in pyproject.toml (also part of `make lint`), checked on every test run."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint_imports), "--no-logo", "--no-cache", "--contract", "product-without-standin"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout
