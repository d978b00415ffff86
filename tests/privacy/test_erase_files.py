"""After /delete nothing of the person is readable in any file: not in the SQLite database
(deleted rows are zeroed: secure_delete), not in its -wal file (emptied after the erasure),
not in the log (people are pseudonyms there, never their Telegram id). And a staff member's
erasure takes the contact for owners they typed with it; their colleagues are asked, each in
their own language, for a new one."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.db.engine import sqlite_path
from standin import StandIn
from tests.campaigns.support import ADMIN, campaign_by_code, code_of, make_campaign, make_staff
from tests.e2e.harness import RunningBot, migrated_sqlite, running_bot, texts
from tests.privacy.walk import answer_step, begin

OWNER = 7_654_321_987  # ids this long are distinctive as text and as SQLite's 6-byte integer
STAFF, COLLEAGUE = 7_612_345_678, 7_698_765_432
OWNER_TYPED = ("Bakkerij Wisgeheim", "Veenwisdorp 3")
CONTACT = "Jeroen Wisser 06-55501234"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """Everything logged, at every level, written to a file as production writes it."""
    path = tmp_path / "bot.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()


@pytest.fixture
async def app_with_admin(standin: StandIn, database_url: str) -> AsyncIterator[RunningBot]:
    standin.add_user(ADMIN, first_name="Admin", language_code="en")
    async with running_bot(standin, database_url, ADMIN_IDS=str(ADMIN)) as running:
        yield running


def traces(user_id: int, typed: tuple[str, ...]) -> list[bytes]:
    """How a person can show up in a file: their id as text, as the big-endian integer SQLite
    stores, and what they typed."""
    return [
        str(user_id).encode(),
        user_id.to_bytes(6, "big"),
        *(text.encode() for text in typed),
    ]


def found_in(files: list[Path], needles: list[bytes]) -> list[str]:
    found = []
    for path in files:
        content = path.read_bytes() if path.exists() else b""
        found += [f"{path.name}: {needle!r}" for needle in needles if needle in content]
    return found


async def owner_uses_the_bot(standin: StandIn) -> None:
    await begin(standin, OWNER)
    await answer_step(standin, OWNER, name=OWNER_TYPED[0])  # the business name
    await answer_step(standin, OWNER)  # the kind of business
    await standin.say(OWNER, OWNER_TYPED[1])  # not a municipality: asked again
    await answer_step(standin, OWNER)  # the municipality
    await standin.say(OWNER, "/export")


async def test_an_erased_owner_is_in_no_file(
    standin: StandIn, tmp_path: Path, log_file: Path
) -> None:
    url = await migrated_sqlite(tmp_path)
    database = sqlite_path(url)
    assert database is not None
    files = [database, database.with_name(database.name + "-wal"), log_file]
    needles = traces(OWNER, OWNER_TYPED)
    async with running_bot(standin, url):
        await owner_uses_the_bot(standin)
        assert found_in(files, needles)  # the test would notice: they are there now
        await standin.say(OWNER, "/delete")
        assert "deleted" in texts(await standin.tap(OWNER, "Yes, delete everything"))
        # While the bot still runs: what an attacker copying the files would read.
        assert found_in(files, needles) == []
    assert found_in(files, needles) == []  # and once it has stopped (what it wrote at the end)
    assert found_in([log_file], [b"erased"])  # the event is logged, without whose


async def test_a_staff_members_erasure_clears_their_contact_and_asks_colleagues(
    standin: StandIn, tmp_path: Path, log_file: Path
) -> None:
    url = await migrated_sqlite(tmp_path)
    database = sqlite_path(url)
    assert database is not None
    standin.add_user(ADMIN, first_name="Admin", language_code="en")
    async with running_bot(standin, url, ADMIN_IDS=str(ADMIN)) as app:
        await make_staff(standin, STAFF, "Jeroen")
        await make_staff(standin, COLLEAGUE, "Anouk")
        await standin.say(COLLEAGUE, "/language")
        await standin.tap(COLLEAGUE, "Nederlands")
        code = code_of(await make_campaign(standin, STAFF, "Wisavond Almelo", "Almelo", CONTACT))
        assert (await campaign_by_code(app, code)).contact == CONTACT

        await standin.say(STAFF, "/delete")
        assert "deleted" in texts(await standin.tap(STAFF, "Yes, delete everything"))

        campaign = await campaign_by_code(app, code)
        assert not campaign.contact and campaign.owner_id is None
        told = texts(standin.outgoing(COLLEAGUE)[-1:])
        assert "Wisavond Almelo" in told and code in told
        assert "contactpersoon" in told and "/campaign contact" in told  # in Dutch
        assert CONTACT not in told
        await standin.say(ADMIN, "/start")  # the admin is not bothered: the colleague is there
        assert "Wisavond Almelo" not in texts(standin.outgoing(ADMIN))
        # Owners who come through the link now see no contact.
        standin.add_user(OWNER, language_code="en")
        assert CONTACT not in texts(await standin.say(OWNER, "/start " + code))
        needles = [CONTACT.encode(), *traces(STAFF, ())]
        wal = database.with_name(database.name + "-wal")
        assert found_in([database, wal, log_file], needles) == []
    assert not standin.errors


async def test_with_no_colleague_left_the_admins_are_asked(
    standin: StandIn, app_with_admin: RunningBot
) -> None:
    await make_staff(standin, STAFF, "Jeroen")
    code = code_of(await make_campaign(standin, STAFF, "Wisavond Almelo", "Almelo", CONTACT))
    await standin.say(STAFF, "/delete")
    await standin.tap(STAFF, "Yes, delete everything")
    told = texts(standin.outgoing(ADMIN)[-1:])
    assert "Wisavond Almelo" in told and "contact for owners was removed" in told
    assert not (await campaign_by_code(app_with_admin, code)).contact
    assert not standin.errors
