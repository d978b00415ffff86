"""The owners' web pages through the real stack: the bot's storage and services on a migrated
SQLite database, the web application of bot/web/app.py, and aiohttp's test client as the
browser (a client is one browser: its own cookies). No JavaScript is involved anywhere."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.db.models import Campaign, Organisation
from bot.web.app import setup_dashboard
from standin import StandIn
from tests.e2e.harness import RunningBot, migrated_sqlite, running_bot, started_standin


@dataclass
class Form:
    action: str
    fields: dict[str, str]
    buttons: list[tuple[str, str, str]]  # name, value, visible text
    inputs: list[str]  # names of text inputs


class Forms(HTMLParser):
    """The forms of a page, with their hidden fields, buttons and text inputs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._button: list[str] | None = None
        self._attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(values.get("action", ""), {}, [], []))
        elif tag == "input" and self.forms:
            if values.get("type") == "hidden":
                self.forms[-1].fields[values["name"]] = values.get("value", "")
            else:
                self.forms[-1].inputs.append(values.get("name", ""))
        elif tag == "button" and self.forms:
            self._button, self._attrs = [], values

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None and self.forms:
            text = " ".join("".join(self._button).split())
            self.forms[-1].buttons.append(
                (self._attrs.get("name", ""), self._attrs.get("value", ""), text)
            )
            self._button = None


def forms_of(html: str) -> list[Form]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


class Browser:
    """One browser (its own cookie jar) on the owners' pages."""

    def __init__(self, client: TestClient[Any, Any]) -> None:
        self.client = client
        self.html = ""
        self.status = 0
        self.url = ""

    async def get(self, path: str, **kwargs: Any) -> str:
        response = await self.client.get(path, **kwargs)
        self.html, self.status, self.url = (
            await response.text(),
            response.status,
            str(response.url.path_qs),
        )
        return self.html

    async def post(self, path: str, data: dict[str, str], **kwargs: Any) -> str:
        response = await self.client.post(path, data=data, **kwargs)
        self.html, self.status, self.url = (
            await response.text(),
            response.status,
            str(response.url.path_qs),
        )
        return self.html

    @property
    def forms(self) -> list[Form]:
        return forms_of(self.html)

    def button(self, text: str) -> tuple[Form, str, str]:
        """The form and (name, value) of the button whose visible text is `text` (else the
        first that contains it)."""
        wanted = " ".join(text.split())
        for exact in (True, False):
            for form in self.forms:
                for name, value, label in form.buttons:
                    if label == wanted if exact else wanted in label:
                        return form, name, value
        seen = [label for form in self.forms for _n, _v, label in form.buttons]
        raise LookupError(f"no button {text!r} on the page; buttons: {seen}")

    async def press(self, text: str) -> str:
        form, name, value = self.button(text)
        data = dict(form.fields)
        if name:
            data[name] = value
        return await self.post(form.action, data)

    async def type(self, text: str) -> str:
        """Type an answer in the page's field and press its button."""
        for form in self.forms:
            if "text" in form.inputs:
                return await self.post(form.action, {**form.fields, "text": text, "act": "type"})
        raise LookupError("no field on the page")

    @property
    def cookie(self) -> str:
        for cookie in self.client.session.cookie_jar:
            if cookie.key == "tredebot_owner":
                return cookie.value
        return ""


@dataclass
class WebScan:
    app: RunningBot
    server: TestServer
    standin: StandIn
    browsers: list[TestClient[Any, Any]]

    async def browser(self, **headers: str) -> Browser:
        client: TestClient[Any, Any] = TestClient(self.server, headers=headers or None)
        await client.start_server()
        self.browsers.append(client)
        return Browser(client)

    async def campaign(
        self, name: str = "Ondernemersontbijt Almelo", code: str = "ontbijt-abcd", **values: Any
    ) -> Campaign:
        async with self.app.storage.sessionmaker() as db, db.begin():
            if "organisation_id" not in values:  # a new organisation, else the one given
                organisation = Organisation(name="Gemeente Almelo")
                db.add(organisation)
                await db.flush()
                values["organisation_id"] = organisation.id
            campaign = Campaign(code=code, name=name, municipality="Almelo", **values)
            db.add(campaign)
        return campaign


@pytest.fixture
async def web_database(tmp_path: Path) -> str:
    """SQLite; a module overrides it to run on PostgreSQL too (`migrated_database`)."""
    return await migrated_sqlite(tmp_path)


@pytest.fixture
async def web_scan(web_database: str) -> AsyncIterator[WebScan]:
    async with started_standin() as standin:
        url = web_database
        async with running_bot(
            standin, url, WEB_BASE_URL="http://127.0.0.1:8081", WEB_COOKIE_SECURE="false"
        ) as running:
            application = web.Application()
            setup_dashboard(
                application, running.settings, running.storage.sessionmaker, running.bot
            )
            server = TestServer(application)
            await server.start_server()
            scan = WebScan(running, server, standin, [])
            try:
                yield scan
            finally:
                for client in scan.browsers:
                    await client.close()
                await server.close()
