"""The campaign page as staff see it (issue 28): the funnel exact with 0 as 0, the levels and
where owners stop protected with a legend beside each table, the question's own words, busy
apart from stopped, and charts that draw a protected week hatched, with axis titles, captions
above them and text of at least 12 px on a 390 px phone. Screenshots at 1280 and 390 px in
Dutch and English go to test-artifacts/web/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.db.models import (
    WEB,
    Conversation,
    ConversationStatus,
    Organisation,
    Result,
    User,
    utcnow,
)
from bot.db.repositories import campaigns
from bot.i18n import translate
from tests.campaigns.support import ADMIN
from tests.web.conftest import Dashboard
from tests.web.test_dashboard import shoot, sign_in, sign_in_link

pytestmark = pytest.mark.slow  # a browser

# The 45-owner campaign of the issue: 39 started, 20 finished, 16 busy, 3 stopped. Eight of
# them do the scan in the browser (issue 32), by their place in the plan below: three who
# finished (no Trede yet, Trede 1 and Trede 2), two busy, one stopped, two never started.
IN_BROWSER = {0, 9, 15, 20, 21, 36, 39, 40}
LEVELS_FINISHED = ["none"] * 9 + ["trede_1"] * 6 + ["trede_2"] * 3 + ["trede_3"] * 2
BUSY_AT = ["sector"] * 6 + ["people_count"] * 5 + ["employees.0.contract"] * 3 + ["review"] * 2
STOPPED_AT = ["q_guidance"] * 2 + ["has_plan"]


async def seed(dashboard: Dashboard) -> tuple[int, int]:
    """The 45-owner campaign and an empty one, of one organisation; their ids."""
    now = utcnow()
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        organisation = Organisation(name="Gemeente Twenterand")
        session.add(organisation)
        await session.flush()
        made = [
            await campaigns.create_campaign(
                session,
                owner_id=ADMIN,
                organisation_id=organisation.id or 0,
                name=name,
                municipality="Twenterand",
            )
            for name in ("Ondernemersavond", "Nieuwe flyer")
        ]
        campaign = made[0]
        user_id = 90_000
        plan: list[tuple[str, str | None, int]] = []  # (kind, position or level, days ago)
        # Finished in three weeks: 9 (5 none, 4 trede 1), 6 (4 none, 2 trede 1), 5 (trede 2, 3).
        weeks = [3, 3, 3, 3, 3, 10, 10, 10, 10, 3, 3, 3, 3, 10, 10, 17, 17, 17, 17, 17]
        finishers = zip(LEVELS_FINISHED, weeks, strict=True)
        plan += [("finished", level, ago) for level, ago in finishers]
        plan += [("busy", position, 1 + n % 5) for n, position in enumerate(BUSY_AT)]
        plan += [("stopped", position, 30 + n) for n, position in enumerate(STOPPED_AT)]
        plan += [("arrived", None, 2 + n) for n in range(6)]
        for number, (kind, what, ago) in enumerate(plan):
            user_id += 1
            if number in IN_BROWSER:  # as the owners' web pages make them
                user = User(id=-user_id, channel=WEB, campaign_code=campaign.code)
            else:
                user = User(id=user_id)
            session.add(user)
            await session.flush()
            moment = now - timedelta(days=ago)
            await campaigns.record_arrival(session, user=user, campaign=campaign, now=moment)
            if kind == "arrived":
                continue
            finished = kind == "finished"
            session.add(
                Conversation(
                    user_id=user.id,
                    position="review" if finished else str(what),
                    status=ConversationStatus.COMPLETED if finished else ConversationStatus.OPEN,
                    started_at=moment,
                    updated_at=moment,
                )
            )
            if finished:
                session.add(
                    Result(
                        user_id=user.id,
                        rules_version="x",
                        level=str(what),
                        contribution_pct=0,
                        answers_json="{}",
                        assessment_json="{}",
                        created_at=moment,
                    )
                )
    return made[0].id or 0, made[1].id or 0


def row(page: Any, table: str, header: str) -> Any:
    return page.locator(f"{table} tr:has(th:text-is('{header}')) td")


async def smallest_text_px(page: Any) -> float:
    """The smallest chart text as rendered: its font size times the SVG's scale (a rotated
    axis title included)."""
    return float(
        await page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('svg.chart text')].map(t =>
                { const m = t.getScreenCTM();
                  return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); }))"""
        )
    )


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_the_campaign_page_as_staff_see_it(
    dashboard: Dashboard, browser: Any, locale: str
) -> None:
    busy_campaign, empty_campaign = await seed(dashboard)
    context = await browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = await sign_in(await context.new_page(), await sign_in_link(dashboard.standin, ADMIN))

    def t(text: str) -> str:
        return translate(text, locale)

    # A new campaign: zero is 0, beside "nobody has started yet"; staff can see the link works.
    await page.goto(f"{dashboard.base}/campaigns/{empty_campaign}")
    funnel = "table.funnel"
    # Each funnel figure over both channels, then of them those in the browser.
    for label in ("Arrived through the link", "Finished"):
        assert await row(page, funnel, t(label)).all_inner_texts() == ["0", "0"]
    assert t("Nobody has started through this campaign yet.") in await page.inner_text("main")

    # The 45-owner campaign: the funnel exactly, with those in the browser apart.
    await page.goto(f"{dashboard.base}/campaigns/{busy_campaign}")
    assert await page.locator(f"{funnel} thead th").all_inner_texts() == [
        t("Figure"),
        t("Total"),
        t("of whom in the browser"),
    ]
    shown = {
        key: tuple(await row(page, funnel, t(label)).all_inner_texts())
        for key, label in (
            ("arrived", "Arrived through the link"),
            ("started", "Started the scan"),
            ("in_progress", "In progress"),
            ("finished", "Finished"),
            ("abandoned", "Abandoned"),
        )
    }
    assert shown == {
        "arrived": ("45", "8"),
        "started": ("39", "6"),
        "in_progress": ("16", "2"),
        "finished": ("20", "3"),
        "abandoned": ("3", "1"),
    }
    # Levels: protected. The small ones are "<5"; "finished 20" less 9 and 6 leaves 5 for
    # the two of them, which 1+4, 2+3, 3+2 and 4+1 all fit: neither can be worked out.
    levels = {
        level: await row(page, "table#levels", label).inner_text()
        for level, label in (
            ("none", t("No Trede yet")),
            ("trede_1", "Trede 1"),
            ("trede_2", "Trede 2"),
            ("trede_3", "Trede 3"),
        )
    }
    assert levels == {"none": "9", "trede_1": "6", "trede_2": "<5", "trede_3": "<5"}
    # A legend beside each protected table, and each term defined once.
    for table in ("levels", "weeks", "stops"):
        legend = page.locator(f"table#{table} ~ p.legend, div:has(> table#{table}) + p.legend")
        assert "<5" in await legend.first.inner_text(), table
    terms = page.locator("#terms dt")
    assert await terms.all_inner_texts() == [t("In progress"), t("Abandoned"), "<5", "x", "–"]
    definitions = await page.locator("#terms dd").all_inner_texts()
    assert "14" in definitions[0] and "14" in definitions[1]

    # Where owners stop: the question's own words, busy apart from stopped, and the share.
    question = t("What kind of business is it?")
    stops = page.locator("table#stops")
    sector = stops.locator(f"tr:has(th:has-text('{question}')) td")
    assert await sector.all_inner_texts() == ["6", "0", "0%"]
    guidance = t(
        "Do your target-group employees get guidance at work, for example a buddy or job coach?"
    )
    cells = await stops.locator(f"tr:has(th:has-text('{guidance}')) td").all_inner_texts()
    assert cells[1] == "<5" and cells[2] == "<5"  # the share of a protected figure is hidden too
    total = await stops.locator("tr.total td").all_inner_texts()
    assert total[:2] == ["16", "3"]
    assert await page.locator("svg#stops, figure:has(#stops-title)").count() >= 1

    # Charts: the caption above each, axes with titles, one colour per meaning, a protected
    # week hatched (never drawn as zero).
    for figure in await page.locator("figure").all():
        caption = await figure.locator("figcaption").bounding_box()
        chart = await figure.locator("svg.chart").bounding_box()
        assert caption is not None and chart is not None
        assert await figure.locator("figcaption").is_visible()
        assert caption["y"] + caption["height"] <= chart["y"] + 1
    owners = t("owners")
    weekly = page.locator("svg:has(#weekly-title)")
    assert owners in await weekly.text_content()
    assert t("week (starting Monday)") in await weekly.text_content()
    funnel_fills = await page.locator("svg:has(#funnel-title)").evaluate(
        "svg => [...svg.children].filter(e => e.tagName === 'rect')"
        ".map(r => r.getAttribute('fill'))"
    )
    assert len(funnel_fills) == 5 and len(set(funnel_fills)) == 1, funnel_fills
    hatched = page.locator("svg:has(#levels-weekly-title) rect[data-protected]")
    assert await hatched.count() >= 1
    heights = await hatched.evaluate_all("rs => rs.map(r => parseFloat(r.getAttribute('height')))")
    assert min(heights) > 0
    protected_weeks = page.locator("table#weeks tr.protected-row")
    assert await protected_weeks.count() >= 1
    # On a wide screen every question is a row, also those nobody is at.
    assert await page.locator("table#stops tr.nobody").first.is_visible()
    assert not await page.locator("#stops-caption .narrow-only").is_visible()
    await shoot(page, f"campaign-figures-1280-{locale}")

    # On a phone: no chart text under 12 px.
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.reload()
    assert await smallest_text_px(page) >= 12
    # Where owners stop is one card per question someone is at on a phone (the caption says
    # the others are left out), and the weeks one card per week: every figure on screen, named.
    nobody = page.locator("table#stops tr.nobody")
    assert await nobody.count() >= 15 and await nobody.first.is_hidden()
    assert await page.locator("#stops-caption .narrow-only").is_visible()
    figures = page.locator("table#stops tr:not(.nobody) td.num[data-label]")
    assert await figures.count() >= 3 * 4
    weeks = page.locator("table#weeks td.num[data-label]")
    assert await weeks.count() >= 6 * 5
    for shown in (figures, weeks):
        for index in range(await shown.count()):
            box = await shown.nth(index).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, index
    label = await figures.first.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"{}"'.format(t("In progress"))
    await shoot(page, f"campaign-figures-390-{locale}")
    await context.close()
