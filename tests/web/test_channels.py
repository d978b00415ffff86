"""Owners in Telegram and in the browser count alike (issue 32): the funnel is over both
channels, with those in the browser shown apart, exactly; the protected tables (the levels,
per period and per week, and where owners stop) are over both channels and stay exactly what
they were, and the figures of many campaigns are still read in the same few statements (on
SQLite and on PostgreSQL). Staff see both links of a campaign and the split on its page, in
the list's totals and in the downloads."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import openpyxl
import pytest
from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from bot.config import load_settings
from bot.db.engine import create_sessionmaker
from bot.db.models import TELEGRAM, WEB, Campaign, User, utcnow
from bot.i18n import translate
from bot.services import dashboard, outreach
from bot.services.campaigns.stats import FUNNEL, WEB_FUNNEL
from tests.web.conftest import Dashboard
from tests.web.seeding import (
    Owners,
    almelo_campaigns,
    campaign,
    organisation,
    sign_in,
    staff_member,
)
from tests.web.test_dashboard import shoot, sign_in_link
from tests.web.test_dashboard import sign_in as sign_in_page

# 14 owners: 7 finished (five at Trede 1, two at Trede 2: a protected "<5"), 5 at a question
# (three at the sector question, two at the number of people), 2 never started. In the
# browser: one Trede 1 and one Trede 2 (0 and 5), one at the sector question (7) and one who
# never started (12).
MIXED = Owners(
    arrived=14,
    stopped={"sector": 3, "people_count": 2},
    levels=["trede_1"] * 5 + ["trede_2"] * 2,
    in_browser={0, 5, 7, 12},
)


async def test_the_funnel_counts_both_channels_with_the_browser_apart(
    database_url: str, engine: AsyncEngine
) -> None:
    settings = load_settings(DATABASE_URL=database_url)
    sessionmaker = create_sessionmaker(engine)
    [mixed] = await almelo_campaigns(sessionmaker, MIXED)
    now = utcnow()
    async with sessionmaker() as session:
        shown = await dashboard.figures(session, settings, mixed, now=now)
        views = (await outreach.every_view(session, settings, [mixed], now=now))[0][1]
        listed = (await outreach.funnels(session, settings, [mixed], now=now))[0][1]

    # Both channels together, exactly; of them, in the browser, exactly.
    assert [shown.cells[key] for key in FUNNEL] == ["14", "12", "5", "7", "0"]
    assert [shown.cells[key] for key in WEB_FUNNEL] == ["4", "3", "1", "2", "0"]
    assert listed.funnel_cells() == {
        key: value for key, value in shown.cells.items() if not key.startswith("level_")
    }
    # The periods the chat offers split the same way (everyone arrived within 30 days;
    # within 7 days only owners 0, 4, 8 and 12, of whom 0 and 12 are in the browser).
    assert [views[30].cells()[key] for key in WEB_FUNNEL] == ["4", "3", "1", "2", "0"]
    assert views[7].cells()["arrived"] == "4"
    assert views[7].cells()["web_arrived"] == "2"

    # The same owners, all in Telegram: every protected cell is the same, and so is every
    # funnel figure over both channels; only the browser's part is 0.
    async with sessionmaker() as session, session.begin():
        await session.exec(update(User).where(col(User.channel) == WEB).values(channel=TELEGRAM))
    async with sessionmaker() as session:
        alone = await dashboard.figures(session, settings, mixed, now=now)
        views_alone = (await outreach.every_view(session, settings, [mixed], now=now))[0][1]
    assert [alone.cells[key] for key in WEB_FUNNEL] == ["0"] * 5
    assert {k: v for k, v in alone.cells.items() if k not in WEB_FUNNEL} == {
        k: v for k, v in shown.cells.items() if k not in WEB_FUNNEL
    }
    assert shown.cells["level_trede_2"] == "<5"  # a protected table, over both channels
    for days, view in views.items():
        assert view.level_cells == views_alone[days].level_cells, days
    assert views[0].week_cells == views_alone[0].week_cells
    assert [(w.start, w.cells) for w in shown.weeks] == [(w.start, w.cells) for w in alone.weeks]
    assert [(s.question, s.cells) for s in shown.stops] == [
        (s.question, s.cells) for s in alone.stops
    ]


async def test_many_campaigns_with_the_split_in_the_same_statements(
    database_url: str, engine: AsyncEngine
) -> None:
    """The channel comes with the owners' arrivals (one statement for any number of
    campaigns): the figures of three campaigns take as many statements as those of one."""
    settings = load_settings(DATABASE_URL=database_url)
    statements: list[str] = []

    def counted(*args: object) -> None:
        statements.append(str(args[2]))

    try:
        sessionmaker = create_sessionmaker(engine)
        made = await almelo_campaigns(sessionmaker, MIXED, MIXED, MIXED)
        event.listen(engine.sync_engine, "before_cursor_execute", counted)
        async with sessionmaker() as session:
            one = await dashboard.figures_of(session, settings, made[:1])
            for_one = len(statements)
            statements.clear()
            three = await dashboard.figures_of(session, settings, made)
        assert len(statements) == for_one
        assert [f.cells["web_arrived"] for f in three] == ["4", "4", "4"]
        assert one[0].cells == three[0].cells
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", counted)


# --- what staff download and see, over HTTP -----------------------------------------------------
async def staff_campaign(dashboard: Dashboard, name: str) -> Campaign:
    """A campaign of STAFF's organisation, in Almelo, with MIXED's owners."""
    ours = await organisation(dashboard, "Gemeente Almelo")
    await staff_member(dashboard, STAFF, ours)
    return await campaign(
        dashboard,
        organisation_id=ours,
        owner_id=STAFF,
        name=name,
        municipality="Almelo",
        owners=MIXED,
    )


STAFF = 973
BOT_LINK = "https://t.me/tredebot_demo_bot?start="


@pytest.fixture
async def client(dashboard: Dashboard) -> AsyncIterator[aiohttp.ClientSession]:
    jar = aiohttp.CookieJar(unsafe=True)  # cookies of 127.0.0.1
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        yield session


async def post(client: aiohttp.ClientSession, url: str, csrf: str, language: str) -> bytes:
    async with client.post(url, data={"csrf": csrf}, headers={"Accept-Language": language}) as r:
        assert r.status == 200, await r.text()
        return await r.read()


@pytest.mark.parametrize(("language", "delimiter"), [("nl", ";"), ("en", ",")])
async def test_the_downloads_have_both_links_and_the_browser_apart(
    dashboard: Dashboard, client: Any, language: str, delimiter: str
) -> None:
    mixed = await staff_campaign(dashboard, "Avond")
    csrf = await sign_in(dashboard, client, STAFF)
    web_address = dashboard.base.removesuffix("/dashboard") + "/c/" + mixed.code

    def t(text: str) -> str:
        return translate(text, language)

    def of_whom(label: str) -> str:
        return t("{figure}: of whom in the browser").format(figure=t(label))

    expected = {
        t("Web address (Telegram or the browser)"): web_address,
        t("Telegram link"): BOT_LINK + mixed.code,
        t("Arrived through the link"): "14",
        of_whom("Arrived through the link"): "4",
        t("Started the scan"): "12",
        of_whom("Started the scan"): "3",
        of_whom("In progress"): "1",
        t("Finished"): "7",
        of_whom("Finished"): "2",
        of_whom("Abandoned"): "0",
    }

    # The CSV (one campaign, and all of them): both links, and of each funnel figure the
    # owners in the browser.
    for url in (
        f"{dashboard.base}/campaigns/{mixed.id}/figures.csv",
        dashboard.base + "/figures.csv",
    ):
        body = await post(client, url, csrf, language)
        header, row = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))
        assert {key: row[header.index(key)] for key in expected} == expected

    # The workbook's funnel sheet: the same, the figures as numbers.
    body = await post(client, f"{dashboard.base}/campaigns/{mixed.id}/figures.xlsx", csrf, language)
    book = openpyxl.load_workbook(io.BytesIO(body))
    header, row = [[cell.value for cell in line] for line in book[t("Funnel")].iter_rows()]
    assert {key: row[header.index(key)] for key in expected} == {
        key: int(value) if value.isdigit() else value for key, value in expected.items()
    }

    # The list's totals: of whom in the browser, beside each.
    async with client.get(dashboard.base + "/", headers={"Accept-Language": language}) as r:
        page = html.unescape(await r.text())
    for label, web in (("Arrived through the link", 4), ("Started the scan", 3), ("Finished", 2)):
        assert t("of whom in the browser: {n}").format(n=web) in page.split(t(label), 1)[1]


@pytest.mark.slow  # a browser
@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_staff_see_both_links_and_the_browser_apart(
    dashboard: Dashboard, browser: Any, locale: str
) -> None:
    """The campaign page: both links (the QR code is the web address) and the funnel with
    those in the browser apart; the list's totals with theirs. Screenshots at 1280 and 390 px
    go to test-artifacts/web/."""
    mixed = await staff_campaign(dashboard, "Ondernemersavond Almelo")
    context = await browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    dashboard.standin.add_user(STAFF, first_name="Jeroen", language_code=locale)
    page = await sign_in_page(
        await context.new_page(), await sign_in_link(dashboard.standin, STAFF)
    )

    def t(text: str) -> str:
        return translate(text, locale)

    web_address = dashboard.base.removesuffix("/dashboard") + "/c/" + mixed.code
    await page.goto(f"{dashboard.base}/campaigns/{mixed.id}")
    kit = page.locator("section.kit")
    assert await kit.locator("h2").inner_text() == t("Links and QR code")
    assert await kit.locator("dt").all_inner_texts() == [
        t("Web address, for everyone (the QR code)"),
        t("Telegram link"),
    ]
    assert await kit.locator("a.weblink").inner_text() == web_address
    assert await kit.locator("a.deeplink").inner_text() == BOT_LINK + mixed.code
    alt = await kit.locator("img.qr").get_attribute("alt")
    assert alt == t("QR code for {link}").format(link=web_address)
    funnel = page.locator("table.funnel")
    for label, both in (
        ("Arrived through the link", ["14", "4"]),
        ("Started the scan", ["12", "3"]),
        ("In progress", ["5", "1"]),
        ("Finished", ["7", "2"]),
        ("Abandoned", ["0", "0"]),
    ):
        assert await funnel.locator(f"tr:has(th:text-is('{t(label)}')) td").all_inner_texts() == (
            both
        ), label
    await shoot(page, f"channels-campaign-1280-{locale}")
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.reload()
    box = await kit.locator("a.weblink").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    await shoot(page, f"channels-campaign-390-{locale}")

    await page.goto(dashboard.base + "/")
    totals = page.locator("dl.totals")
    arrived = totals.locator(f"div:has(dt:text-is('{t('Arrived through the link')}')) dd")
    assert await arrived.all_inner_texts() == [
        "14",
        t("of whom in the browser: {n}").format(n=4),
    ]
    await shoot(page, f"channels-list-390-{locale}")
    await context.close()
