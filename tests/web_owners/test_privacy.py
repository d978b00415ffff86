"""/privacy for an owner in a browser: the chat's privacy texts, the export as a download (the
chat's /export document), erasing after a page that asks first (everything of theirs goes, as
with /delete; the cookie is cleared and the old link opens nothing), the same retention as the
chat, and the CSRF token on every form of the result and privacy pages."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import inspect, text
from sqlmodel import select

from bot.db.models import Conversation, Result, User, WebLink, WebOwner, utcnow
from bot.db.personal_data import INVENTORY
from bot.i18n import translate
from bot.jobs.housekeeping import Housekeeper
from tests.web_owners.conftest import Browser, WebScan
from tests.web_owners.test_result import campaign, owner_with_result, press_exactly

__all__ = ["campaign"]  # the fixture, used by name


def nl(message: str) -> str:
    return translate(message, "nl")


async def owner_id(web_scan: WebScan) -> int:
    async with web_scan.app.storage.sessionmaker() as db, db.begin():
        (owner,) = list(await db.exec(select(WebOwner)))
    return owner.user_id


async def rows_of(web_scan: WebScan, user_id: int) -> dict[str, int]:
    """Rows that name `user_id`, per table and column of the data inventory (and any other
    column of any table that holds the id, or the business's name)."""
    found: dict[str, int] = {}
    async with web_scan.app.storage.engine.connect() as connection:
        for table in INVENTORY:
            for subject in table.subjects:
                statement = text(f"SELECT count(*) FROM {table.name} WHERE {subject.column} = :id")
                count = (await connection.execute(statement, {"id": user_id})).scalar_one()
                if count:
                    found[f"{table.name}.{subject.column}"] = int(count)
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        for name in names:
            for row in (await connection.execute(text(f'SELECT * FROM "{name}"'))).mappings():
                for column, value in row.items():
                    if value == user_id or (isinstance(value, str) and "Bakkerij Ilse" in value):
                        found.setdefault(f"{name}.{column}", 1)
    return found


async def test_privacy_says_what_the_chat_says_for_a_browser(
    web_scan: WebScan, campaign: Any
) -> None:
    owner = await owner_with_result(web_scan)
    await owner.get("/scan/privacy")
    page = owner.html
    assert owner.status == 200
    assert "<b>Waarom:</b>" in page and "<b>Wie ze ziet:</b>" in page
    assert "in de cookie van je browser" in page  # what is stored: a link, not a Telegram id
    assert "Telegram-id" not in page
    months = web_scan.app.settings.retention_months
    assert f"tot {months} maanden na je laatste bezoek" in page
    labels = [t for f in owner.forms for _n, _v, t in f.buttons]
    assert nl("📦 Export my data") in labels
    assert 'href="/scan/privacy/erase"' in page


async def test_the_export_is_the_chats_document(web_scan: WebScan, campaign: Any) -> None:
    owner = await owner_with_result(web_scan)
    user_id = await owner_id(web_scan)
    await owner.get("/scan/privacy")
    form, _name, _value = owner.button(nl("📦 Export my data"))
    response = await owner.client.post(form.action, data=form.fields)
    assert response.status == 200
    assert response.content_type == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    body = await response.read()
    document = json.loads(body)
    assert document["format"] == "tredebot-export/2" and document["user_id"] == user_id
    tables = document["tables"]
    assert tables["users"][0]["channel"] == "web"
    assert tables["web_owners"][0]["user_id"] == user_id
    (result,) = tables["results"]
    assert result["answers_json"]["org_name"] == "Bakkerij Ilse"
    assert "web_links" not in tables  # the link's hash is a secret, never exported
    assert owner.cookie.encode() not in body


async def test_erasing_asks_first_and_then_leaves_nothing(web_scan: WebScan, campaign: Any) -> None:
    owner = await owner_with_result(web_scan)
    user_id = await owner_id(web_scan)
    link = owner.cookie
    assert "results.user_id" in await rows_of(web_scan, user_id)

    # "No, keep my data" keeps everything.
    await owner.get("/scan/privacy/erase")
    assert (
        nl(
            "Delete everything I store about you: answers, results, reminders, consents and "
            "contact details? This cannot be undone."
        )
        in owner.html
    )
    await owner.get("/scan/privacy?kept=1")
    assert nl("Fine, nothing was deleted.") in owner.html
    assert await rows_of(web_scan, user_id)

    await owner.get("/scan/privacy/erase")
    form, _name, _value = owner.button(nl("Yes, delete everything"))
    response = await owner.client.post(form.action, data=form.fields)
    page = await response.text()
    assert response.status == 200
    assert (
        nl("Done: everything I stored about you has been deleted, and your link opens nothing now.")
        in page
    )
    assert link not in page  # the page that says so shows no link of theirs
    assert "tredebot_owner=" in response.headers.get("Set-Cookie", "")  # cleared
    assert not owner.cookie
    assert await rows_of(web_scan, user_id) == {}
    async with web_scan.app.storage.sessionmaker() as db, db.begin():
        assert await db.get(User, user_id) is None
        assert not list(await db.exec(select(WebLink)))
        assert not list(await db.exec(select(Result)))

    # The old link opens nothing, on any device.
    another = await web_scan.browser()
    response = await another.client.get(f"/scan/r/{link}", allow_redirects=False)
    assert response.status == 404
    assert "tredebot_owner" not in response.cookies or not response.cookies["tredebot_owner"].value


async def test_web_owners_are_kept_as_long_as_chat_owners(web_scan: WebScan, campaign: Any) -> None:
    await owner_with_result(web_scan)
    user_id = await owner_id(web_scan)
    settings = web_scan.app.settings
    sessionmaker = web_scan.app.storage.sessionmaker
    soon = utcnow() + timedelta(days=30 * settings.retention_months - 31)
    kept = await Housekeeper(sessionmaker, settings, clock=lambda: soon).run_once()
    assert kept.erased_users == 0 and await rows_of(web_scan, user_id)
    later = utcnow() + timedelta(days=31 * settings.retention_months + 1)
    erased = await Housekeeper(sessionmaker, settings, clock=lambda: later).run_once()
    assert erased.erased_users == 1
    assert await rows_of(web_scan, user_id) == {}


async def forged(owner: Browser, path: str) -> list[tuple[str, int, int]]:
    """Every form of the page at `path` posted without its token and with another's: the
    statuses (form action, without, wrong)."""
    await owner.get(path)
    statuses = []
    for form in owner.forms:
        assert "csrf" in form.fields, f"a form without a CSRF token on {path}: {form.action}"
        name, value, _label = form.buttons[0] if form.buttons else ("", "", "")
        data = {k: v for k, v in form.fields.items() if k != "csrf"}
        if name:
            data[name] = value
        without = await owner.client.post(form.action, data=data, allow_redirects=False)
        wrong = await owner.client.post(
            form.action, data={**data, "csrf": "0" * 64}, allow_redirects=False
        )
        statuses.append((form.action, without.status, wrong.status))
    return statuses


async def test_every_form_needs_the_owners_csrf_token(web_scan: WebScan, campaign: Any) -> None:
    owner = await owner_with_result(web_scan)
    user_id = await owner_id(web_scan)
    before = await rows_of(web_scan, user_id)
    statuses = []
    for path in ("/scan/result", "/scan/privacy", "/scan/privacy/erase"):
        statuses += await forged(owner, path)
    actions = {action for action, _w, _x in statuses}
    assert {
        "/scan/result/what-if",
        "/scan/result/hired",
        "/scan/result/consent",
        "/scan/privacy/export",
        "/scan/privacy/erase",
        "/scan/language",
    } <= actions
    assert all((without, wrong) == (403, 403) for _a, without, wrong in statuses), statuses
    # Nothing was done: no flow opened, nothing erased, the same rows.
    assert await rows_of(web_scan, user_id) == before
    async with web_scan.app.storage.sessionmaker() as db, db.begin():
        flows = [c.flow for c in await db.exec(select(Conversation)) if c.status == "open"]
    assert flows == []
    # With the token, the same form works.
    await owner.get("/scan/result")
    await press_exactly(owner, nl("➕ What if I hire someone?"))
    assert owner.url == "/scan" and owner.status == 200
