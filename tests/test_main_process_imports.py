"""The bot's main process imports only what it serves: Pillow, fpdf2, fontTools, segno and
openpyxl (and our modules that draw or write with them) are loaded in the drawing worker alone
(bot/runtime/drawing.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DRAWING = (
    "PIL",
    "fpdf",
    "fontTools",
    "segno",
    "openpyxl",
    "pso.pdf",
    "pso.ladder_image",
    "bot.pictures.chart",
    "bot.pictures.spreadsheet",
)


def test_the_app_handlers_and_dashboard_load_no_drawing_library(tmp_path: Path) -> None:
    """In a fresh interpreter, as `tredebot run` starts: the app, its dispatcher with every
    handler and job, and the dashboard."""
    script = f"""
import json, sys
import bot.app, bot.cli, bot.handlers, bot.web.app
from bot.config import load_settings
from bot.factory import create_dispatcher, create_storage
settings = load_settings(BOT_TOKEN="42:TEST", DATABASE_URL="sqlite+aiosqlite:///{tmp_path}/bot.db")
create_dispatcher(settings, create_storage(settings))
drawing = {DRAWING!r}
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in drawing or m in drawing)))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == []


def test_the_check_above_would_see_a_drawing_library() -> None:
    script = f"""
import json, sys
import pso.ladder_image
drawing = {DRAWING!r}
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in drawing or m in drawing)))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert "PIL" in json.loads(done.stdout.strip().splitlines()[-1])


def test_a_workbook_is_written_in_the_worker_and_openpyxl_never_loaded_here(
    tmp_path: Path,
) -> None:
    """The dashboard's Excel downloads need openpyxl (16 MB, and pure Python at about 8 µs a
    cell): the drawing worker writes them (bot/web/workbook.py), this process never loads it."""
    script = """
import asyncio, json, sys
import bot.app, bot.cli, bot.handlers, bot.web.app
from datetime import datetime
from bot.i18n import get_i18n
from bot.runtime import drawing
from bot.web import workbook

async def parts():
    for part in ():
        yield part

async def main():
    with i18n.context(), i18n.use_locale("nl"):
        body = await workbook.figures_xlsx([], parts(), organisations={},
            zone="Europe/Amsterdam", made=datetime(2026, 12, 7), locale="nl", title="x")
    drawing.stop()
    return body

i18n = get_i18n()
body = asyncio.run(main())
print(json.dumps([body[:2].decode(), "openpyxl" in sys.modules]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    zip_magic, loaded_here = json.loads(done.stdout.strip().splitlines()[-1])
    assert zip_magic == "PK" and not loaded_here
