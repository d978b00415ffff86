"""What the bot's HTTP servers (the webhook, the dashboard) share: where they listen, and what
they say about themselves.

- `listen`: a port that is taken (or an address that cannot be bound) is `CannotListen`, one
  line naming the setting to change, never a traceback (`tredebot run` exits with 1).
- `plain_server_header`: aiohttp answers with `Server: Python/3.11 aiohttp/3.x`, telling
  anyone which versions to look up; an `on_response_prepare` signal (aiohttp's public hook,
  run before the headers are written; aiohttp only sets `Server` when it is missing) names the
  bot instead.
"""

from __future__ import annotations

import os

from aiohttp import web

SERVER_NAME = "tredebot"


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
