"""Run the stand-in on its own: ``python -m standin --port 8081``.

Point the bot at it with ``TELEGRAM_API_URL=http://127.0.0.1:8081`` and drive the user side
through ``/_standin/...`` (see ``standin/control.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging

from standin.server import StandIn


async def _serve(args: argparse.Namespace) -> None:
    standin = StandIn(
        bot_username=args.bot_username,
        enforce_rate_limits=args.enforce_rate_limits,
        quiet_seconds=args.quiet_seconds,
    )
    await standin.start(args.host, args.port)
    logging.getLogger("standin").info("TELEGRAM_API_URL=%s", standin.base_url)
    try:
        await asyncio.Event().wait()
    finally:
        await standin.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Local Telegram Bot API stand-in")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--bot-username", default="tredebot_demo_bot")
    parser.add_argument("--enforce-rate-limits", action="store_true")
    parser.add_argument("--quiet-seconds", type=float, default=0.15)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
