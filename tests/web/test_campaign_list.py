"""The list of campaigns scales: searched by name or municipality (any case, any accents),
sorted by any column with plain links, 25 to a page, totals on top, and the new-campaign form
above it with its problems beside the fields. Over HTTP against the real dashboard."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from bot.db.models import utcnow
from tests.campaigns.support import ADMIN
from tests.web.conftest import Dashboard
from tests.web.seeding import Owners, campaign, organisation, sign_in, staff_member

STAFF = 972
ROW = re.compile(r'<tr>\s*<td class="card-title"><a href="/dashboard/campaigns/\d+">([^<]+)</a>')
CELL = re.compile(r'<td class="num" data-label="([^"]+)">([^<]*)</td>')
PLACES = ("Almelo", "Súdwest-Fryslân", "Hengelo")


@pytest.fixture
async def client(dashboard: Dashboard) -> AsyncIterator[aiohttp.ClientSession]:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar, headers={"Accept-Language": "en"}) as session:
        yield session


async def thirty_campaigns(dashboard: Dashboard) -> None:
    """ "Avond 01" to "Avond 30" of the staff member's organisation, made a day apart, with 0
    to 12 owners; and one of another organisation."""
    ours = await organisation(dashboard, "Gemeente Almelo")
    await staff_member(dashboard, STAFF, ours)
    now = utcnow()
    for n in range(1, 31):
        await campaign(
            dashboard,
            organisation_id=ours,
            owner_id=STAFF,
            name=f"Avond {n:02d}",
            municipality=PLACES[n % 3],
            owners=Owners(arrived=(n * 7) % 13),
            created=now - timedelta(days=40 - n),
        )
    theirs = await organisation(dashboard, "Werkgeversservicepunt Twente")
    await campaign(
        dashboard, organisation_id=theirs, owner_id=1, name="Avond elders", municipality="Almelo"
    )


async def listed(client: aiohttp.ClientSession, dashboard: Dashboard, query: str = "") -> str:
    async with client.get(dashboard.base + "/" + query) as response:
        assert response.status == 200
        return await response.text()


def names(page: str) -> list[str]:
    return [html.unescape(name) for name in ROW.findall(page)]


def column(page: str, label: str) -> list[str]:
    return [value for name, value in CELL.findall(page) if html.unescape(name) == label]


async def test_paging_search_and_totals(dashboard: Dashboard, client: Any) -> None:
    await thirty_campaigns(dashboard)
    await sign_in(dashboard, client, STAFF)

    # Newest first, 25 to a page; the other organisation's campaign is nowhere.
    first = await listed(client, dashboard)
    assert names(first) == [f"Avond {n:02d}" for n in range(30, 5, -1)]
    assert "Page 1 of 2" in first and 'rel="next"' in first and 'rel="prev"' not in first
    second = await listed(client, dashboard, "?page=2")
    assert names(second) == [f"Avond {n:02d}" for n in range(5, 0, -1)]
    assert "Page 2 of 2" in second and 'rel="prev"' in second and 'rel="next"' not in second
    assert names(await listed(client, dashboard, "?page=99")) == names(second)  # the last
    assert "Avond elders" not in first + second

    # Totals over all 30 (not the page): campaigns, and each figure (the funnel is exact, so
    # every campaign's figure is a number and the total is their sum).
    totals = re.search(r'<dl class="totals".*?</dl>', first, re.S)
    assert totals
    assert re.search(r"<dt>Campaigns</dt><dd>30\b", totals.group(0))
    arrived_cells = column(first, "Arrived through the link") + column(
        second, "Arrived through the link"
    )
    total = re.search(r"<dt>Arrived through the link</dt><dd>([^<]+)</dd>", totals.group(0))
    assert total
    assert len(arrived_cells) == 30 and all(cell.isdigit() for cell in arrived_cells)
    assert total.group(1) == f"{sum(int(c) for c in arrived_cells):,}"

    # Search by municipality, without its accents or case; the sort stays; no page 2.
    found = await listed(client, dashboard, "?q=sudwest-FRYSLAN")
    expected = [f"Avond {n:02d}" for n in range(30, 0, -1) if PLACES[n % 3] == "Súdwest-Fryslân"]
    assert names(found) == expected
    assert "10 campaigns found for “sudwest-FRYSLAN”." in html.unescape(found)
    assert "Page 1 of 1" in found
    assert re.search(r"<dt>Campaigns</dt><dd>10\b", found)
    # By name; a search that finds nothing says so.
    assert names(await listed(client, dashboard, "?q=avond+1")) == [
        f"Avond {n:02d}" for n in range(19, 9, -1)
    ]
    nothing = await listed(client, dashboard, "?q=Enschede")
    assert names(nothing) == [] and "No campaign matches this search." in nothing


async def test_sorting_by_any_column_with_links(dashboard: Dashboard, client: Any) -> None:
    await thirty_campaigns(dashboard)
    await sign_in(dashboard, client, STAFF)
    page = await listed(client, dashboard)
    # Each header is a link; the sorted one says how (newest first by default).
    links = dict(
        (html.unescape(label), html.unescape(href))
        for href, label in re.findall(r'<th scope="col"[^>]*>\s*<a href="([^"]+)">([^<]+)', page)
    )
    assert links["Campaign"] == "/dashboard/?sort=name&order=asc"
    assert links["Arrived through the link"] == "/dashboard/?sort=arrived&order=desc"
    newest = r'aria-sort="descending">\s*<a href="/dashboard/\?sort=created&amp;order=asc"'
    assert re.search(newest, page)

    by_name = await listed(client, dashboard, "?sort=name&order=asc")
    assert names(by_name)[:3] == ["Avond 01", "Avond 02", "Avond 03"]
    assert 'aria-sort="ascending"' in by_name
    # The header of the sorted column turns the order round; paging keeps the sort.
    assert re.search(r'href="/dashboard/\?sort=name&amp;order=desc">Campaign', by_name)
    assert 'href="/dashboard/?sort=name&amp;order=asc&amp;page=2"' in by_name
    by_name_down = await listed(client, dashboard, "?sort=name&order=desc")
    assert names(by_name_down)[:2] == ["Avond 30", "Avond 29"]

    by_place = names(await listed(client, dashboard, "?sort=municipality&order=asc&page=1"))
    assert by_place[:10] == [f"Avond {n:02d}" for n in range(1, 31) if n % 3 == 0]  # Almelo

    # By a figure: high first (exact figures, every one a number).
    by_arrived = await listed(client, dashboard, "?sort=arrived")
    shown = column(by_arrived, "Arrived through the link")
    numbers = [int(c) for c in shown]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) > 1

    # Nonsense sorts and orders are the default; a staff member cannot sort by organisation.
    for query in ("?sort=nonsense", "?sort=organisation", "?order=sideways"):
        assert names(await listed(client, dashboard, query))[:2] == ["Avond 30", "Avond 29"]


async def test_the_form_is_on_top_with_its_problems_beside_the_fields(
    dashboard: Dashboard, client: Any
) -> None:
    await thirty_campaigns(dashboard)
    csrf = await sign_in(dashboard, client, STAFF)
    async with client.post(
        dashboard.base + "/campaigns",
        data={"csrf": csrf, "name": "   ", "municipality": "Almelo"},
        allow_redirects=False,
    ) as response:
        assert response.status == 400
        page = await response.text()
    form = page.index('action="/dashboard/campaigns"')
    assert form < page.index("<table")  # the form first: its problem is where the page opens
    alert = page.index('role="alert"')
    assert form - 400 < alert < page.index("<table")
    assert "The campaign was not made: what is missing is marked below." in page
    name_input = re.search(r'<input name="name"[^>]*>', page)
    assert name_input and 'aria-invalid="true"' in name_input.group(0)
    assert 'aria-describedby="name-problem"' in name_input.group(0)
    assert re.search(r'id="name-problem">Give the campaign a name.<', page)
    assert "municipality-problem" not in page
    assert 'value="Almelo"' in page  # what was typed stays
    assert len(names(page)) == 25  # the list is still there, below


async def test_an_admin_sees_and_sorts_by_organisation(dashboard: Dashboard, client: Any) -> None:
    await thirty_campaigns(dashboard)
    await sign_in(dashboard, client, ADMIN)
    everything = await listed(client, dashboard, "?sort=organisation&order=desc")
    assert names(everything)[0] == "Avond elders"  # Werkgeversservicepunt Twente, after Gemeente
    assert re.search(r"<dt>Campaigns</dt><dd>31\b", everything)
    ascending = await listed(client, dashboard, "?sort=organisation&order=asc&page=2")
    assert names(ascending)[-1] == "Avond elders"
    assert 'data-label="Organisation">Werkgeversservicepunt Twente<' in ascending
