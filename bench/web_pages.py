"""Size and serve time of the owners' web pages (bot/web/owners, issue 32): `make bench-web`
(python -m bench.web_pages --owners 10000 --rounds 200).

Seeds completed Telegram owners (bench/seed.py) so the database has been in use, serves the
web application (bot/web/app.py: the dashboard's server) against the Bot API stand-in, makes
web owners through the landing page as a browser does, walks them through the scan with the
bakery's answers (bench/owners.py, typed as the form's field sends them) and times each page
over HTTP: the landing page, starting, a question, a group overview, the review, an answer
(typed, then "back", so the owner stays where they were), a stale form, the resume link and
the result, its PDF (kept after the first is made) and its picture (drawn each time: the
browser keeps it, so this is the cost of a first view), and the data page. The issue asks for
every page under 50 KB and under 100 ms on 2 cores.

A measurement, not a test: it prints a table (bytes, median and p99 wall time, median CPU
time of this process, which serves and asks) and asserts only the status of each answer. The
rate limits are lifted for the run (one client asks thousands of times).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
from sqlalchemy import insert

from bench.owners import SCRIPT
from bench.seed import seed
from bench.serving import served
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.migrate import upgrade_to_head_async
from bot.db.models import Campaign, Organisation, utcnow
from bot.runtime.rate_limits import Limit
from bot.web.owners.pages import LIMITS

CODE = "ontbijt-bench"
HIDDEN = re.compile(r'<input type="hidden" name="(csrf|conv|rev)" value="([^"]*)">')
ANSWERS = [text for _kind, text in SCRIPT[2:-1]]  # the bakery, as typed
PLAN = re.compile(r"/scan/result/plan\.pdf\?r=\d+")
PICTURE = re.compile(r"/scan/result/picture\.jpg\?r=\d+")
LIMITLESS = Limit(burst=10**9, refill_seconds=1e-9)


def link(pattern: re.Pattern[str], page: str) -> str:
    found = pattern.search(page)
    assert found is not None, pattern.pattern
    return found.group(0)


def fields(page: str) -> dict[str, str]:
    return dict(HIDDEN.findall(page))


class Owner:
    """One browser: its own cookies."""

    def __init__(self, base: str) -> None:
        self.base = base
        # The bakery's answers are typed in English (bench/owners.py).
        self.http = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), headers={"Accept-Language": "en"}
        )
        self.page = ""

    async def get(self, path: str) -> tuple[int, bytes]:
        async with self.http.get(self.base + path, allow_redirects=False) as response:
            body = await response.read()
            if response.status == 200 and response.content_type == "text/html":
                self.page = body.decode()
            return response.status, body

    async def post(self, path: str, data: dict[str, str]) -> tuple[int, bytes]:
        async with self.http.post(self.base + path, data=data, allow_redirects=False) as response:
            return response.status, await response.read()

    async def answer(self, text: str, **extra: str) -> int:
        data = {**fields(self.page), "act": "type", "text": text, **extra}
        status, _ = await self.post("/scan/answer", data)
        await self.get("/scan")
        assert status == 303, (status, text)
        return status

    async def start(self) -> None:
        status, _ = await self.post(f"/c/{CODE}", {})
        assert status == 303, status
        await self.get("/scan")

    @property
    def token(self) -> str:
        for cookie in self.http.cookie_jar:
            if cookie.key == "tredebot_owner":
                return cookie.value
        return ""

    async def close(self) -> None:
        await self.http.close()


async def populate(url: str, owners: int) -> None:
    await seed(url, owners)
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            connection = await session.connection()
            now = utcnow()
            await connection.execute(
                insert(Organisation), [{"id": 1, "name": "Gemeente Almelo", "created_at": now}]
            )
            await connection.execute(
                insert(Campaign),
                [
                    {
                        "code": CODE,
                        "name": "Ondernemersontbijt Almelo",
                        "municipality": "Almelo",
                        "organisation_id": 1,
                        "contact_role": "",
                        "created_at": now,
                    }
                ],
            )
    finally:
        await engine.dispose()


Timed = Callable[[], Awaitable[tuple[int, bytes]]]


async def time_page(call: Timed, rounds: int) -> tuple[int, list[float], list[float]]:
    size, wall, cpu = 0, [], []
    for _ in range(rounds):
        began, began_cpu = time.perf_counter(), time.process_time()
        status, body = await call()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        assert status in (200, 303, 409), status
        size = max(size, len(body))
    return size, wall, cpu


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


async def measure(url: str, *, rounds: int) -> None:
    async with served(url, WEB_COOKIE_SECURE="false") as server:
        limits = server.runner.app[LIMITS]
        limits.limits = dict.fromkeys(limits.limits, LIMITLESS)
        owners: list[Owner] = []
        try:
            base = server.base
            at_name, at_people, at_group, at_review, done = (Owner(base) for _ in range(5))
            owners = [at_name, at_people, at_group, at_review, done]
            for owner in owners:
                await owner.start()
            for text in ANSWERS[:3]:  # at "how many people"
                await at_people.answer(text)
            for text in ANSWERS[:10]:  # to the overview of target-group employees
                await at_group.answer(text)
            for text in ANSWERS:
                await at_review.answer(text)
                await done.answer(text)
            await done.post("/scan/answer", {**fields(done.page), "act": "finish"})
            stale = fields(at_people.page) | {"rev": "0", "act": "type", "text": "9"}
            visitor = Owner(base)
            owners.append(visitor)
            resume = f"/scan/r/{at_name.token}"

            async def answer_and_back() -> tuple[int, bytes]:
                status, body = await at_people.post(
                    "/scan/answer", {**fields(at_people.page), "act": "type", "text": "9"}
                )
                await at_people.get("/scan")
                await at_people.post("/scan/answer", {**fields(at_people.page), "act": "back"})
                await at_people.get("/scan")
                return status, body

            async def new_owner() -> tuple[int, bytes]:
                fresh = Owner(base)
                try:
                    return await fresh.post(f"/c/{CODE}", {})
                finally:
                    await fresh.close()

            # The result's picture and PDF (bot/web/owners/result.py), by the links on its page.
            await done.get("/scan/result")
            plan, picture = (link(pattern, done.page) for pattern in (PLAN, PICTURE))
            pages: list[tuple[str, Timed, int]] = [
                ("landing page /c/{code}", lambda: visitor.get(f"/c/{CODE}"), rounds),
                ("start in the browser (POST)", new_owner, max(rounds // 4, 5)),
                ("question: business name", lambda: at_name.get("/scan"), rounds),
                ("question: people (number)", lambda: at_people.get("/scan"), rounds),
                ("group overview", lambda: at_group.get("/scan"), rounds),
                ("review (19 answers)", lambda: at_review.get("/scan"), rounds),
                ("result", lambda: done.get("/scan/result"), rounds),
                ("result: PDF plan (kept after the first)", lambda: done.get(plan), rounds),
                (
                    "result: picture (drawn each time)",
                    lambda: done.get(picture),
                    max(rounds // 4, 5),
                ),
                ("your data /scan/privacy", lambda: done.get("/scan/privacy"), rounds),
                ("resume link /scan/r/{token}", lambda: visitor.get(resume), rounds),
                ("stale form (POST)", lambda: at_people.post("/scan/answer", stale), rounds),
                ("answer + back (4 requests)", answer_and_back, max(rounds // 4, 5)),
            ]
            print(f"{'page':36} {'bytes':>7} {'median ms':>10} {'p99 ms':>8} {'cpu ms':>7}")
            for name, call, count in pages:
                size, wall, cpu = await time_page(call, count)
                print(
                    f"{name:36} {size:>7} {statistics.median(wall):>10.1f} {p99(wall):>8.1f}"
                    f" {statistics.median(cpu):>7.1f}"
                )
        finally:
            for owner in owners:
                await owner.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--owners", type=int, default=10_000, help="completed owners stored")
    parser.add_argument("--rounds", type=int, default=200, help="loads of each page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await upgrade_to_head_async(url)
        started = time.perf_counter()
        await populate(url, args.owners)
        print(f"seeded {args.owners} owners in {time.perf_counter() - started:.0f} s")
        await measure(url, rounds=args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
