"""Load times of the staff dashboard's pages with a used database: `make bench-dashboard`
(python -m bench.dashboard --campaigns 100 --owners 10000).

Seeds completed owners (bench/seed.py), spreads them over the campaigns with arrival dates in
the last twelve weeks, adds unfinished scans and consented contacts, then serves the dashboard
(bot/web) against the Bot API stand-in and times each page over HTTP as a signed-in staff
member of the organisation every campaign belongs to (the team pages as an admin).
Each download (CSV and Excel, one campaign and all) and the list searched, sorted and paged
are timed too; downloads and views of contacts are POSTs with the CSRF token, as the buttons
send them. A measurement, not a test: it prints a table and asserts only that each page
answers 200. Beside the time each load took, the CPU time the process spent on it (the
dashboard and the client share it): on a busy machine, the one that still says what a load
costs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import aiohttp
from sqlalchemy import insert

from bench.seed import SEED_ID_BASE, seed
from bot.config import load_settings
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.migrate import upgrade_to_head_async
from bot.db.models import (
    Campaign,
    ContactConsent,
    Conversation,
    Organisation,
    StaffMember,
    UserCampaign,
    utcnow,
)
from bot.factory import create_bot, create_storage
from bot.runtime.gc_policy import freeze_startup_heap
from bot.services import dashboard
from bot.services.campaigns.roles import Role, Staff, staff_of
from bot.web.app import start_web
from bot.web.pages import PREFIX, SESSION_COOKIE
from standin import StandIn

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
            await connection.execute(
                insert(UserCampaign),
                [
                    {
                        "user_id": user_id,
                        "campaign_id": 1 + (n % campaigns),
                        "first": True,
                        "source": "link",
                        "joined_at": now - timedelta(days=rng.randrange(84)),
                    }
                    for n, user_id in enumerate(users)
                ],
            )
            # Some owners started again and stopped half-way (a later, unfinished scan).
            await connection.execute(
                insert(Conversation),
                [
                    {
                        "user_id": user_id,
                        "status": "paused",
                        "position": rng.choice(POSITIONS),
                        "context_json": "{}",
                        "answers_json": "{}",
                        "started_at": now - timedelta(days=rng.randrange(30)),
                        "updated_at": now - timedelta(days=rng.randrange(30)),
                    }
                    for user_id in rng.sample(users, unfinished)
                ],
            )
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


async def measure(url: str, *, rounds: int) -> None:
    standin = StandIn()
    await standin.start()
    settings = load_settings(
        DATABASE_URL=url,
        TELEGRAM_API_URL=standin.base_url,
        BOT_TOKEN="42:BENCH",
        ADMIN_IDS=str(ADMIN),
        WEB_PORT="0",
    )
    storage = create_storage(settings)
    bot = create_bot(settings)
    freeze_startup_heap()  # as the bot's process does before it serves (bot/app.py)
    runner = await start_web(settings, storage.sessionmaker, bot)
    try:
        port = runner.addresses[0][1]
        base = f"http://127.0.0.1:{port}{PREFIX}"
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
            f"{'page':34} {'median ms':>10} {'max ms':>8} {'CPU ms':>7}  (over {rounds} loads;"
            " CPU: this process's, the dashboard's and the client's, median)"
        )
        for name, method, path in pages:
            who = "admin" if "(admin)" in name else "staff"
            form = {"csrf": dashboard.csrf_for(cookies[who])} if method == "POST" else None
            async with aiohttp.ClientSession(cookies={SESSION_COOKIE: cookies[who]}) as client:
                times, cpu = [], []
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
                f"{name:34} {statistics.median(times):10.0f} {max(times):8.0f}"
                f" {statistics.median(cpu):7.0f}"
            )
    finally:
        await runner.cleanup()
        await bot.session.close()
        await storage.engine.dispose()
        await standin.stop()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--campaigns", type=int, default=100)
    parser.add_argument("--owners", type=int, default=10_000)
    parser.add_argument("--unfinished", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
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
