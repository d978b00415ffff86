"""The bot's HTTP servers as an operator and a visitor meet them, with the real `tredebot run`:
the dashboard listens where WEB_HOST and WEB_PORT say (in webhook mode too, not on the
webhook's public port), sends HSTS when it is served as https, and names no versions in
`Server`; a taken port is one line and exit code 1, or no matter with WEB_ENABLED=false."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import load_settings
from bot.factory import create_bot, create_dispatcher, create_storage
from bot.telegram.webhook import build_webhook_app
from bot.web.app import security_headers, setup_dashboard
from standin import StandIn
from tests.e2e.harness import TOKEN
from tests.faults.child import ChildBot, start_bot
from tests.waiting import eventually

pytestmark = pytest.mark.slow  # bot processes: migrations and start-up in real time

WEBHOOK = {"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": "s3cret"}


@contextlib.contextmanager
def taken_port() -> Iterator[int]:
    """A loopback port another program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def ended(process: subprocess.Popen[bytes]) -> tuple[int, list[str]]:
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr.decode(errors="replace").splitlines()


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_taken_port_is_one_line_and_exit_code_1(
    standin: StandIn, tmp_path: Path, mode: str
) -> None:
    with taken_port() as port:
        if mode == "polling":
            settings = {"WEB_ENABLED": "true", "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port)}
        else:
            settings = {**WEBHOOK, "WEBHOOK_HOST": "127.0.0.1", "WEBHOOK_PORT": str(port)}
        process = start_bot(standin, tmp_path / "bot.db", **settings)
        code, lines = await asyncio.to_thread(ended, process)
    log = "\n".join(lines)
    assert code == 1, log
    assert "Traceback" not in log
    told = [line for line in lines if f"127.0.0.1:{port}" in line]
    assert len(told) == 1, log
    setting = "WEB_PORT" if mode == "polling" else "WEBHOOK_PORT"
    assert told[0].startswith("tredebot: cannot listen") and setting in told[0]


async def test_without_the_dashboard_a_taken_web_port_is_no_matter(
    standin: StandIn, tmp_path: Path
) -> None:
    with taken_port() as port:
        child = await ChildBot.started(
            standin, tmp_path / "bot.db", WEB_ENABLED="false", WEB_PORT=str(port)
        )
        child.stop()
    assert "Traceback" not in child.log()


async def test_webhook_mode_serves_the_dashboard_where_the_operator_says(
    standin: StandIn, tmp_path: Path
) -> None:
    webhook_port, web_port = free_port(), free_port()
    child = ChildBot(
        standin,
        tmp_path / "bot.db",
        **WEBHOOK,
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(webhook_port),
        WEB_ENABLED="true",
        WEB_HOST="127.0.0.1",
        WEB_PORT=str(web_port),
    )
    try:
        async with aiohttp.ClientSession() as http:

            async def answers(url: str) -> aiohttp.ClientResponse | None:
                if child.process.poll() is not None:
                    raise AssertionError(f"the bot exited:\n{child.log()}")
                try:
                    async with http.get(url, allow_redirects=False) as response:
                        await response.read()
                        return response
                except aiohttp.ClientConnectionError:
                    return None

            dashboard = f"http://127.0.0.1:{web_port}/dashboard/language/en"
            page = await eventually(lambda: answers(dashboard), within=120, what=child.log)
            hook = await eventually(
                lambda: answers(f"http://127.0.0.1:{webhook_port}/dashboard/language/en"),
                within=120,
                what=child.log,
            )
    finally:
        child.stop()
    assert page is not None and hook is not None
    assert page.status < 400
    # Its address is https (the webhook's origin): browsers are told to keep it that way.
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert hook.status == 404  # not on the webhook's public port
    for response in (page, hook):
        assert response.headers["Server"] == "tredebot"


async def test_a_dashboard_sharing_the_webhooks_server_names_no_versions(
    standin: StandIn, database_url: str
) -> None:
    """WEB_HOST and WEB_PORT set to the webhook's: one server, the same headers."""
    settings = load_settings(
        TELEGRAM_API_URL=standin.base_url,
        DATABASE_URL=database_url,
        BOT_TOKEN=TOKEN,
        **WEBHOOK,
        WEB_HOST="0.0.0.0",
        WEB_PORT="8080",
    )
    assert settings.dashboard_on_webhook_server
    storage = create_storage(settings)
    bot = create_bot(settings)
    extend = functools.partial(
        setup_dashboard, settings=settings, sessionmaker=storage.sessionmaker, bot=bot
    )
    app = build_webhook_app(settings, bot, create_dispatcher(settings, storage), extend)
    try:
        async with TestClient(TestServer(app)) as client:
            page = await client.get("/dashboard/language/en", allow_redirects=False)
            hook = await client.post("/hook", data=b"{}")  # no secret
    finally:
        await bot.session.close()
        await storage.engine.dispose()
    assert page.status < 400 and hook.status == 401
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert page.headers["Server"] == hook.headers["Server"] == "tredebot"


def test_hsts_only_for_an_https_dashboard() -> None:
    plain = load_settings(WEB_BASE_URL="http://127.0.0.1:8081")
    assert "Strict-Transport-Security" not in security_headers(plain)
    https = load_settings(WEB_BASE_URL="https://dashboard.example.org")
    assert "Strict-Transport-Security" in security_headers(https)
