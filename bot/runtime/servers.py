"""What the bot's HTTP servers (the webhook, the dashboard) share: where they listen, and what
they say about themselves.

- `listen`: a port that is taken (or an address that cannot be bound) is `CannotListen`, one
  line naming the setting to change, never a traceback (`tredebot run` exits with 1).
- `plain_server_header`: aiohttp answers with `Server: Python/3.11 aiohttp/3.x`, telling
  anyone which versions to look up; an `on_response_prepare` signal (aiohttp's public hook,
  run before the headers are written; aiohttp only sets `Server` when it is missing) names the
  bot instead.
- `until_stop_signal`: a server that runs until SIGTERM (`docker stop`, systemd) or SIGINT
  (Ctrl-C) then closes in order (bot/jobs/stopping.py): its runner's `cleanup` stops listening,
  lets the updates in progress finish, and gives any other request still running
  `CLOSE_SECONDS` (aiohttp's own default is 60, past any stop timeout).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal

from aiohttp import web

SERVER_NAME = "tredebot"
CLOSE_SECONDS = 1.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
log = logging.getLogger(__name__)


class CannotListen(Exception):
    """A server could not bind its address; the message is one line for the operator."""


async def plain_server_header(_request: web.Request, response: web.StreamResponse) -> None:
    response.headers["Server"] = SERVER_NAME


async def listen(runner: web.AppRunner, *, host: str, port: int, settings: str) -> web.TCPSite:
    """Serve the set-up `runner` on host:port. `settings`: the names that choose them, for the
    message when that fails."""
    site = web.TCPSite(runner, host=host, port=port)
    try:
        await site.start()
    except OSError as error:
        # asyncio words strerror as "error while attempting to bind on address (...): ...".
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise CannotListen(
            f"cannot listen on {host}:{port} ({settings}): {reason.lower()}; "
            "free it or choose another"
        ) from None
    return site


async def until_stop_signal() -> signal.Signals:
    """Wait for SIGTERM or SIGINT (handled here while waiting, as polling's aiogram does)."""
    loop = asyncio.get_running_loop()
    received: asyncio.Future[signal.Signals] = loop.create_future()

    def stop(number: signal.Signals) -> None:
        if not received.done():
            received.set_result(number)

    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stop, number)
    try:
        number = await received
    finally:
        for number_ in STOP_SIGNALS:
            loop.remove_signal_handler(number_)
    log.info("%s received: stopping", number.name)
    return number
