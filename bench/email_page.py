"""Size and serve time of the owners' e-mail page (/scan/email, bot/web/owners/email.py):
`python -m bench.email_page --rounds 200`.

Serves the web application (bot/web/app.py) with SMTP_URL pointing at a local aiosmtpd (the
tests' SMTP stand-in, a development dependency), makes web owners as a browser does and times
over HTTP: the page, a bad address asked again, saving a choice (no mail), sending the link by
e-mail (the mail handed to the local server included; each owner once, the limit is three an
hour) and sending it with the mail server down (connection refused). The issue asks for every
page under 50 KB and under 100 ms on 2 cores. A measurement, not a test: it prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from bench.serving import served
from bench.web_pages import LIMITLESS, Owner, fields, p99
from bot.db.migrate import upgrade_to_head_async
from bot.web.owners.pages import LIMITS


class Sink:
    received = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.received += 1
        return "250 OK"


async def timed(calls: list[object], expect: set[int]) -> tuple[int, list[float]]:
    size, wall = 0, []
    for call in calls:
        began = time.perf_counter()
        status, body = await call()  # type: ignore[operator]
        wall.append((time.perf_counter() - began) * 1000)
        assert status in expect, status
        size = max(size, len(body))
    return size, wall


async def site(url: str, smtp_url: str, rounds: int) -> list[tuple[str, int, list[float]]]:
    async with served(
        url,
        WEB_COOKIE_SECURE="false",
        SMTP_URL=smtp_url,
        MAIL_FROM="Tredebot <scan@example.nl>",
    ) as server:
        limits = server.runner.app[LIMITS]
        limits.limits = dict.fromkeys(limits.limits, LIMITLESS)
        owners: list[Owner] = []
        try:
            base = server.base
            for _ in range(max(rounds // 4, 5) + 1):
                owner = Owner(base)
                owners.append(owner)
                status, _ = await owner.post("/scan/start", {})  # a new web owner, as a browser
                assert status == 303, status
            first = owners[0]
            await first.get("/scan/email")
            form = fields(first.page)

            def post(owner: Owner, **data: str) -> object:
                return lambda: owner.post(
                    "/scan/email", {"csrf": fields(owner.page)["csrf"], **data}
                )

            results = []
            for name, calls, expect in [
                ("GET /scan/email", [lambda: first.get("/scan/email")] * rounds, {200}),
                (
                    "bad address asked again (POST)",
                    [
                        lambda: first.post(
                            "/scan/email", {**form, "email": "ilse@", "send_link": "yes"}
                        )
                    ]
                    * rounds,
                    {400},
                ),
                (
                    "save, reminders yes (POST)",
                    [
                        lambda: first.post(
                            "/scan/email", {**form, "email": "a@b.nl", "reminders": "yes"}
                        )
                    ]
                    * rounds,
                    {303},
                ),
            ]:
                size, wall = await timed(calls, expect)
                results.append((name, size, wall))
            senders = owners[1:]
            for owner in senders:
                await owner.get("/scan/email")
            # An address each: at most five links an hour go to one address.
            sends = [
                post(o, email=f"owner{n}@bakkerij.nl", send_link="yes")
                for n, o in enumerate(senders)
            ]
            size, wall = await timed(sends, {303})
            results.append(("send the link by e-mail (POST)", size, wall))
            return results
        finally:
            for owner in owners:
                await owner.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    print(f"{'page':40} {'bytes':>7} {'median ms':>10} {'p99 ms':>8}")
    try:
        for label, smtp in [
            ("", f"smtp://127.0.0.1:{port}"),
            (" [server down]", "smtp://127.0.0.1:9"),
        ]:
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
                await upgrade_to_head_async(url)
                for name, size, wall in await site(url, smtp, args.rounds):
                    if label and not name.startswith("send"):
                        continue
                    print(
                        f"{name + label:40} {size:>7} {statistics.median(wall):>10.1f}"
                        f" {p99(wall):>8.1f}"
                    )
    finally:
        controller.stop()
    print(f"mails received by the local server: {sink.received}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
