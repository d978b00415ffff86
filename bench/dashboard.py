"""Load times of the staff dashboard's pages with a used database: `make bench-dashboard`
(python -m bench.dashboard --campaigns 100 --owners 10000).

Seeds owners (bench/seed.py) and spreads them over the campaigns as a campaign has them
(`spread_outcomes`: arrivals over the last twelve weeks, most finished within days at every
level, some busy or stopped at a question, some never started, some who started again),
adds consented contacts, then serves the dashboard (bot/web) against the Bot API stand-in, in
a process set up as the bot's is (its garbage-collection policy), and times each page over
HTTP as a signed-in staff member of the organisation every campaign belongs to (the team pages
as an admin). Each download (CSV and Excel, one campaign and all) and the list searched,
sorted and paged are timed too; downloads and views of contacts are POSTs with the CSRF
token, as the buttons send them. A measurement, not a test: it prints a table and asserts
only that each page answers 200. Per page: the median of the loads (9 by default), the first
load (nothing that protection keeps from an earlier load: `stats.forget_kept`), the slowest,
and the CPU time the process spent on a load (the dashboard and the client share it): on a
busy machine, the figure that still says what a load costs. Before and after, the time of a
fixed piece of pure Python (`machine_speed`): how fast the machine was meanwhile. Last, an
owner's landing page loaded every 10 ms, alone and while an admin downloads the figures of all
campaigns eight times (`owner_page_during_exports`): what one download costs the owners served
by the same process.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col

from bench.seed import SEED_ID_BASE, seed
from bench.serving import served
from bot.db.codes import LANDING_PREFIX
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.migrate import upgrade_to_head_async
from bot.db.models import (
    Campaign,
    ContactConsent,
    Conversation,
    ConversationStatus,
    Organisation,
    Result,
    StaffMember,
    UserCampaign,
    utcnow,
)
from bot.services import dashboard
from bot.services.campaigns.roles import Role, Staff, staff_of
from bot.services.campaigns.stats import forget_kept
from bot.web.pages import PREFIX, SESSION_COOKIE

ADMIN = 1
STAFF = 2  # a staff member of the organisation every campaign belongs to
POSITIONS = ("sector", "municipality", "people_count", "employees.1.category", "q_guidance")


async def populate(url: str, *, campaigns: int, owners: int, unfinished: int) -> None:
    started = time.perf_counter()
    await seed(url, owners)
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    rng = random.Random(22)
    now = utcnow()
    try:
        async with sessionmaker() as session, session.begin():
            connection = await session.connection()
            await connection.execute(
                insert(Organisation), [{"id": 1, "name": "Gemeente Twenterand", "created_at": now}]
            )
            await connection.execute(
                insert(StaffMember),
                [
                    {
                        "user_id": STAFF,
                        "display_name": "Jeroen",
                        "organisation_id": 1,
                        "job_role": "account_manager",
                        "added_at": now,
                    }
                ],
            )
            await connection.execute(
                insert(Campaign),
                [
                    {
                        "code": f"bench-{n:03d}",
                        "name": f"Ondernemersavond {n:03d}",
                        "municipality": rng.choice(["Twenterand", "Almelo", "Hengelo"]),
                        "owner_id": STAFF,
                        "organisation_id": 1,
                        "contact_role": "account_manager",
                        "created_at": now - timedelta(weeks=12),
                    }
                    for n in range(campaigns)
                ],
            )
            users = [SEED_ID_BASE + n for n in range(owners)]
            joined = {
                user_id: now - timedelta(minutes=rng.randrange(84 * 24 * 60)) for user_id in users
            }
            await connection.execute(
                insert(UserCampaign),
                [
                    {
                        "user_id": user_id,
                        "campaign_id": 1 + (n % campaigns),
                        "first": True,
                        "source": "link",
                        "joined_at": joined[user_id],
                    }
                    for n, user_id in enumerate(users)
                ],
            )
            finished = await spread_outcomes(connection, rng, joined, now=now)
            # Some owners who finished started again and stopped half-way (a later scan).
            again = []
            for user_id, result_made in rng.sample(sorted(finished.items()), unfinished):
                began = result_made + (now - result_made) * rng.random()
                again.append(
                    {
                        "user_id": user_id,
                        "status": "paused",
                        "position": rng.choice(POSITIONS),
                        "context_json": "{}",
                        "answers_json": "{}",
                        "started_at": began,
                        "updated_at": began + (now - began) * rng.random(),
                    }
                )
            await connection.execute(insert(Conversation), again)
            await connection.execute(
                insert(ContactConsent),
                [
                    {
                        "user_id": user_id,
                        "campaign_id": 1 + ((user_id - SEED_ID_BASE) % campaigns),
                        "status": "given",
                        "step": "done",
                        "consent_text": "Gemeente mag contact opnemen.",
                        "org_name": f"Bedrijf {user_id}",
                        "contact_name": "Ilse",
                        "phone": "0612345678",
                        "level": "trede_1",
                        "started_at": now,
                        "given_at": now,
                    }
                    for user_id in users[: owners // 20]
                ],
            )
    finally:
        await engine.dispose()
    print(f"seeded {campaigns} campaigns, {owners} owners in {time.perf_counter() - started:.0f} s")


# What became of the owners who arrived: most finished, at every level; some are busy or
# stopped at a question; a few never started. Shares as the demo's campaigns have them.
LEVEL_SHARES = {"none": 45, "trede_1": 30, "trede_2": 15, "trede_3": 10}
NEVER_STARTED, UNFINISHED = 0.08, 0.27  # of all arrivals


async def spread_outcomes(
    connection: AsyncConnection, rng: random.Random, joined: dict[int, datetime], *, now: datetime
) -> dict[int, datetime]:
    """The seeded owners (each with one finished scan and its result, made at seeding time)
    given the times and outcomes of a real campaign: each one started soon after arriving,
    finished within days at a level of LEVEL_SHARES, or stopped at one of POSITIONS (busy when
    that was within the last two weeks), or never started. So the figures have every level,
    a week for each week of arrivals, and owners at the questions, as staff see them. Returns
    when each owner who finished did."""
    levels, weights = list(LEVEL_SHARES), list(LEVEL_SHARES.values())
    finished: list[dict[str, Any]] = []
    unfinished: list[dict[str, Any]] = []
    never: list[int] = []
    for user_id, arrived in joined.items():
        began = arrived + timedelta(minutes=rng.randrange(1, 90))
        moved = min(began + timedelta(minutes=rng.randrange(5, 3 * 24 * 60)), now)
        draw = rng.random()
        if draw < NEVER_STARTED:
            never.append(user_id)
        elif draw < NEVER_STARTED + UNFINISHED:
            unfinished.append(
                {"who": user_id, "began": began, "moved": moved, "at": rng.choice(POSITIONS)}
            )
        else:
            level = rng.choices(levels, weights)[0]
            finished.append({"who": user_id, "began": began, "moved": moved, "level": level})
    scan_of = col(Conversation.user_id) == bindparam("who")
    await connection.execute(
        update(Conversation)
        .where(scan_of)
        .values(started_at=bindparam("began"), updated_at=bindparam("moved")),
        finished,
    )
    await connection.execute(
        update(Result)
        .where(col(Result.user_id) == bindparam("who"))
        .values(created_at=bindparam("moved"), level=bindparam("level")),
        finished,
    )
    gone = [*never, *(row["who"] for row in unfinished)]
    await connection.execute(delete(Result).where(col(Result.user_id).in_(gone)))
    await connection.execute(
        update(Conversation)
        .where(scan_of)
        .values(
            status=ConversationStatus.PAUSED,
            position=bindparam("at"),
            started_at=bindparam("began"),
            updated_at=bindparam("moved"),
        ),
        unfinished,
    )
    await connection.execute(delete(Conversation).where(col(Conversation.user_id).in_(never)))
    return {row["who"]: row["moved"] for row in finished}


def machine_speed() -> float:
    """Milliseconds of the same pure-Python work (the least of three): a shared machine's
    speed varies by half from one minute to the next, and every figure with it."""
    times = []
    for _attempt in range(3):
        began = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number
        times.append((time.perf_counter() - began) * 1000)
    return min(times)


async def measure(url: str, *, rounds: int) -> None:
    async with served(url, ADMIN_IDS=str(ADMIN)) as server:
        settings, storage = server.settings, server.storage
        base = server.base + PREFIX
        cookies = {}
        async with storage.sessionmaker() as session:
            async with session.begin():
                staff = await staff_of(session, settings, STAFF)
            assert staff is not None
            for who, person in (("staff", staff), ("admin", Staff(ADMIN, Role.ADMIN))):
                token = await dashboard.issue_sign_in(session, settings, person)
                assert token is not None
                cookie = await dashboard.redeem_sign_in(session, settings, token)
                assert cookie is not None
                cookies[who] = cookie
        # A staff member of the organisation all campaigns belong to; the team pages as admin.
        # (method, path): the views written to the audit trail and the downloads are POSTs
        # with the session's CSRF token, as the pages' buttons send them.
        pages = [
            ("campaigns list (100 campaigns)", "GET", "/"),
            ("list: search 'almelo'", "GET", "/?q=almelo"),
            ("list: sorted by arrived", "GET", "/?sort=arrived&order=desc"),
            ("list: page 3 by name", "GET", "/?sort=name&order=asc&page=3"),
            ("campaign detail (100 owners)", "GET", "/campaigns/1"),
            ("consented contacts", "POST", "/campaigns/1/contacts"),
            ("contacts CSV", "POST", "/campaigns/1/contacts.csv"),
            ("contacts Excel", "POST", "/campaigns/1/contacts.xlsx"),
            ("figures CSV (1 campaign)", "POST", "/campaigns/1/figures.csv"),
            ("figures Excel (1 campaign)", "POST", "/campaigns/1/figures.xlsx"),
            ("figures CSV (100 campaigns)", "POST", "/figures.csv"),
            ("figures Excel (100 campaigns)", "POST", "/figures.xlsx"),
            ("QR code PNG", "GET", "/campaigns/1/qr.png"),
            ("poster PDF", "GET", "/campaigns/1/poster.pdf"),
            ("team (admin)", "GET", "/team"),
            ("audit trail (admin)", "GET", "/audit"),
            ("campaigns list (admin)", "GET", "/"),
        ]
        print(
            f"{'page':34} {'median ms':>10} {'first ms':>9} {'max ms':>8} {'CPU ms':>7}"
            f"  (over {rounds} loads; first: with no protection kept from an earlier load;"
            " CPU: this process's, the dashboard's and the client's, median)"
        )
        before = machine_speed()
        for name, method, path in pages:
            who = "admin" if "(admin)" in name else "staff"
            form = {"csrf": dashboard.csrf_for(cookies[who])} if method == "POST" else None
            async with aiohttp.ClientSession(cookies={SESSION_COOKIE: cookies[who]}) as client:
                times, cpu = [], []
                forget_kept()  # the first load works out every protection it shows
                for _round in range(rounds):
                    began, began_cpu = time.perf_counter(), time.process_time()
                    async with client.request(
                        method, base + path, data=form, allow_redirects=False
                    ) as response:
                        await response.read()
                        assert response.status == 200, (path, response.status)
                    times.append((time.perf_counter() - began) * 1000)
                    cpu.append((time.process_time() - began_cpu) * 1000)
            print(
                f"{name:34} {statistics.median(times):10.0f} {times[0]:9.0f} {max(times):8.0f}"
                f" {statistics.median(cpu):7.0f}"
            )
        for kind in ("xlsx", "csv"):
            await owner_page_during_exports(
                server.base, cookies["admin"], kind=kind, code=await first_code(storage)
            )
        print(
            f"machine: a fixed loop of pure Python took {before:.0f} ms before and"
            f" {machine_speed():.0f} ms after (the same work: the machine's speed meanwhile)"
        )


async def first_code(storage: Any) -> str:
    """A campaign's code, for its landing page (an owner's first page)."""
    async with storage.sessionmaker() as session:
        found = await dashboard.campaigns(session, Staff(ADMIN, Role.ADMIN))
    return found[0].code


def _percentile(values: list[float], share: float) -> float:
    return sorted(values)[max(0, round(len(values) * share) - 1)]


async def owner_page_during_exports(base: str, admin_cookie: str, *, kind: str, code: str) -> None:
    """An owner's landing page, loaded every 10 ms: alone, then while an admin downloads the
    figures of all campaigns eight times in a row (`kind`: "xlsx" or "csv"). What one staff
    member's download costs everyone else served by the same process."""
    page = f"{base}{LANDING_PREFIX}/{code}"
    form = {"csrf": dashboard.csrf_for(admin_cookie)}

    async def loads(owner: aiohttp.ClientSession, until: asyncio.Event | int) -> list[float]:
        times: list[float] = []
        while (not until.is_set()) if isinstance(until, asyncio.Event) else len(times) < until:
            began = time.perf_counter()
            async with owner.get(page) as response:
                await response.read()
                assert response.status == 200, response.status
            times.append((time.perf_counter() - began) * 1000)
            await asyncio.sleep(0.01)
        return times

    async def downloads(done: asyncio.Event) -> None:
        cookies = {SESSION_COOKIE: admin_cookie}
        async with aiohttp.ClientSession(cookies=cookies) as admin:
            for _round in range(8):
                async with admin.post(f"{base}{PREFIX}/figures.{kind}", data=form) as response:
                    await response.read()
                    assert response.status == 200, response.status
        done.set()

    async with aiohttp.ClientSession() as owner:
        alone = await loads(owner, 50)
        done = asyncio.Event()
        download = asyncio.create_task(downloads(done))
        during = await loads(owner, done)
        await download
    print(
        f"an owner's page, alone: median {statistics.median(alone):.0f} ms,"
        f" p95 {_percentile(alone, 0.95):.0f}; while an admin downloads figures.{kind} of all"
        f" campaigns: median {statistics.median(during):.0f}, p95 {_percentile(during, 0.95):.0f},"
        f" slowest {max(during):.0f} ({len(during)} loads)"
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--campaigns", type=int, default=100)
    parser.add_argument("--owners", type=int, default=10_000)
    parser.add_argument("--unfinished", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp folder")
    parser.add_argument(
        "--seeded",
        action="store_true",
        help="--database-url is seeded already (by an earlier run): only measure",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await upgrade_to_head_async(url)
        if not (args.seeded and args.database_url):
            await populate(
                url, campaigns=args.campaigns, owners=args.owners, unfinished=args.unfinished
            )
        await measure(url, rounds=args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
