"""pso's texts are plain text: the chat's HTML is added in bot/ui, the PDF's layout in pso/pdf."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TAG = re.compile(r"</?(b|i|u|s|a|code|pre|br|span|tg-spoiler|blockquote)\b[^>]*>", re.IGNORECASE)


def test_pso_imports_no_html_module() -> None:
    """The contract in pyproject.toml (also part of `make lint`), checked on every test run."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint_imports), "--no-logo", "--no-cache", "--contract", "pso-without-html"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_no_pso_module_writes_a_tag() -> None:
    sources = sorted((ROOT / "pso").rglob("*.py"))
    assert sources
    tagged = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sources
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TAG.search(line)
    ]
    assert tagged == []


def test_the_tag_check_sees_a_tag() -> None:
    assert TAG.search('lines.append(f"<b>{title}</b>")')
    assert TAG.search("'<i>'")
    assert not TAG.search("a < b and c > d")
