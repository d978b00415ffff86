"""The foundation as a user sees it: greeting, language, campaign payload, restart."""

from __future__ import annotations

from sqlmodel import select

from bot.db.models import User
from standin import StandIn
from tests.e2e.harness import RunningBot, running_bot, texts


async def stored_user(app: RunningBot, user_id: int) -> User:
    async with app.storage.sessionmaker() as session, session.begin():
        user = (await session.exec(select(User).where(User.id == user_id))).one()
        return user


async def test_dutch_greeting_for_dutch_telegram(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(1, language_code="nl")
    reply = texts(await standin.say(1, "/start"))
    assert "PSO" in reply
    assert "indicatief" in reply.lower()
    assert "MijnPSO" in reply


async def test_english_greeting_for_english_telegram(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(2, language_code="en-GB")
    reply = texts(await standin.say(2, "/start"))
    assert "indicative" in reply
    assert "MijnPSO" in reply


async def test_other_languages_get_dutch(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(3, language_code="de")
    assert "indicatief" in texts(await standin.say(3, "/start")).lower()


async def test_switch_language_is_stored_and_survives_restart(
    standin: StandIn, app: RunningBot, database_url: str
) -> None:
    standin.add_user(4, language_code="nl")
    await standin.say(4, "/language")
    reply = texts(await standin.tap(4, "English"))
    assert "English" in reply
    assert (await stored_user(app, 4)).language == "en"

    # A new dispatcher on the same database (a restart) still speaks English to this user.
    await app.stop()
    async with running_bot(standin, database_url):
        reply = texts(await standin.say(4, "/help"))
    assert "What I do" in reply


async def test_greeting_button_switches_language(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(5, language_code="nl")
    await standin.say(5, "/start")
    reply = texts(await standin.tap(5, "🌐 English"))
    assert "indicative" in reply


async def test_unknown_campaign_code_is_no_campaign(standin: StandIn, app: RunningBot) -> None:
    # Only codes of existing campaigns count (tests/campaigns covers attribution).
    standin.add_user(6, language_code="nl")
    assert "PSO" in texts(await standin.say(6, "/start twenterand-2026"))
    assert (await stored_user(app, 6)).campaign_code is None


async def test_bad_payload_is_no_campaign_not_an_error(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(7, language_code="nl")
    reply = texts(await standin.say(7, "/start bad$payload!" + "x" * 80))
    assert "PSO" in reply
    assert (await stored_user(app, 7)).campaign_code is None
    assert not standin.errors


async def test_odd_input_gets_a_friendly_pointer(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(8, language_code="en")
    assert "/help" in texts(await standin.say(8, "/doesnotexist"))
    await standin.send_sticker(8)
    assert "/help" in texts(await standin.wait_reply(8))
    assert texts(await standin.say(8, "x" * 5000))
    assert not standin.errors


async def test_command_menu_set_per_language(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(9, language_code="nl")
    await standin.say(9, "/help")
    assert set(standin.commands) >= {"nl", "en", ""}
    english = {c["command"]: c["description"] for c in standin.commands["en"]}
    dutch = {c["command"]: c["description"] for c in standin.commands["nl"]}
    assert english.keys() == dutch.keys()
    assert english["help"] != dutch["help"]
