"""An owner, a staff member and an admin use everything the bot offers, then each /delete:
afterwards no table holds their id (as a value or inside a text) or any text they typed,
except a campaign's name and municipality, which stay for the organisation without its author.
Runs on SQLite and, with TEST_POSTGRES_URL, PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import inspect, text

from bot.db.personal_data import BY_NAME
from standin import StandIn
from tests.campaigns.support import code_of, finish_scan, link_in, make_campaign
from tests.e2e.harness import RunningBot, running_bot, texts
from tests.waiting import eventually

ADMIN, STAFF, OWNER, BYSTANDER = 7_100_001, 7_200_002, 7_300_003, 7_400_004
ERASED = (ADMIN, STAFF, OWNER)
# What each person typed or Telegram told about them.
TYPED = {
    ADMIN: ["Adminavond Kwadraat", "Vaals", "Adri Beheer", "adri_admin", "Gemeente Geheimstad"],
    STAFF: [
        "Jeroen Zoekmij",
        "jeroen_zoekmij",
        "Ondernemersavond Geheimstad",
        "Schiermonnikoog",
        "Halfbakken Plan",
    ],
    OWNER: [
        "Bakkerij Zuurdesemgeheim",
        "Zuurdesem Holding Geheim",
        "Ilse Vertrouwelijk",
        "31687654321",
    ],
}
# Kept on purpose: the organisation and its campaigns (bot/db/personal_data.py, `organisation`).
CAMPAIGN_TEXTS = {
    "Adminavond Kwadraat",
    "Vaals",
    "Ondernemersavond Geheimstad",
    "Schiermonnikoog",
    "Gemeente Geheimstad",
}


@pytest.fixture
async def admin_app(standin: StandIn, database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(standin, database_url, ADMIN_IDS=str(ADMIN)) as running:
        yield running


async def new_campaign(standin: StandIn, user_id: int, name: str, municipality: str) -> str:
    # With a contact for owners: it goes when its author is erased.
    return code_of(await make_campaign(standin, user_id, name, municipality, "WSP Twente"))


async def join(standin: StandIn, user_id: int, first_name: str, username: str) -> None:
    await standin.say(ADMIN, "/staff")
    await standin.tap(ADMIN, "➕ New invite link")  # one organisation: its job roles
    link = link_in(await standin.tap(ADMIN, "Employer adviser"))
    standin.add_user(user_id, first_name=first_name, username=username, language_code="en")
    reply = texts(await standin.say(user_id, "/start " + link.rsplit("=", 1)[1]))
    assert "You are now outreach staff" in reply, reply


async def everything(standin: StandIn) -> None:
    standin.add_user(ADMIN, first_name="Adri Beheer", username="adri_admin", language_code="en")
    await standin.say(ADMIN, "/start")
    await standin.say(ADMIN, "/organisation Gemeente Geheimstad")
    await new_campaign(standin, ADMIN, "Adminavond Kwadraat", "Vaals")
    await join(standin, STAFF, "Jeroen Zoekmij", "jeroen_zoekmij")
    await join(standin, BYSTANDER, "Bea", "bea")
    code = await new_campaign(standin, STAFF, "Ondernemersavond Geheimstad", "Schiermonnikoog")

    # The owner: through the link, the scan, a what-if kept, consent, reminders.
    standin.add_user(OWNER, first_name="Ilse Vertrouwelijk", language_code="en")
    await standin.say(OWNER, "/start " + code)
    await standin.tap(OWNER, "▶️ Start the scan")
    await standin.say(OWNER, "Bakkerij Zuurdesemgeheim")
    await standin.tap(OWNER, "Bakery")
    await standin.tap(OWNER, "In Schiermonnikoog")
    await finish_scan(standin, OWNER)
    await standin.tap(OWNER, "➕ What if I hire someone?")
    await standin.tap(OWNER, "Social assistance (bijstand)")
    await standin.say(OWNER, "8")
    await standin.tap(OWNER, "Regular contract")
    await standin.tap(OWNER, "✖️ Stop")  # a what-if never changes what is stored
    await standin.tap(OWNER, "📞 Let Gemeente Geheimstad contact me")
    await standin.tap(OWNER, "Yes, choose what to share")
    await standin.say(OWNER, "Zuurdesem Holding Geheim")
    await standin.tap(OWNER, "Use my Telegram name (Ilse Vertrouwelijk)")
    await standin.send_contact(OWNER, "31687654321")
    await standin.wait_reply(OWNER)
    await standin.tap(OWNER, "Yes, share it")
    assert "withdraw" in texts(await standin.tap(OWNER, "✅ Yes, share this"))
    await standin.say(OWNER, "/result")
    assert "/reminders" in texts(await standin.tap(OWNER, "🔔 Remind me along the way"))

    # Staff and admin look at figures, contacts, chart and CSV.
    for viewer in (STAFF, ADMIN):
        await standin.say(viewer, "/campaigns")
        await standin.tap(viewer, "Ondernemersavond Geheimstad")
        assert "Zuurdesem Holding Geheim" in texts(await standin.tap(viewer, "👥 Contacts"))
        await standin.tap(viewer, "📊 Chart")
        await standin.say(viewer, "/campaignexport")

        def csv_sent(viewer: int = viewer) -> bool:
            return any(o.file_name and "contacts" in o.file_name for o in standin.outgoing(viewer))

        await eventually(csv_sent, what="the CSV")
    # The admin revokes the bystander; the staff member leaves a campaign half made.
    await standin.say(ADMIN, "/staff")
    await standin.tap(ADMIN, "✖️ Revoke Bea (@bea)")
    await standin.tap(ADMIN, "✖️ Yes, revoke Bea (@bea)")
    await standin.say(STAFF, "/campaign new Halfbakken Plan")


async def check_staff_export(standin: StandIn) -> None:
    """The staff member's /export holds their staff row and their campaigns too."""
    reply = await standin.say(STAFF, "/export")
    document = next(o for o in reply if o.method == "sendDocument")
    tables = json.loads(document.file_bytes or b"")["tables"]
    assert tables["staff_members"][0]["display_name"] == "Jeroen Zoekmij (@jeroen_zoekmij)"
    assert tables["staff_members"][0]["invited_by"] is None  # the admin's id is not theirs
    assert "Ondernemersavond Geheimstad" in [c["name"] for c in tables["campaigns"]]
    assert len(tables["staff_invites"]) == 1


async def all_rows(app: RunningBot) -> dict[str, list[dict[str, Any]]]:
    async with app.storage.engine.connect() as connection:
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        tables: dict[str, list[dict[str, Any]]] = {}
        for name in names:
            result = await connection.execute(text(f'SELECT * FROM "{name}"'))
            tables[name] = [dict(row) for row in result.mappings()]
        return tables


def findings(tables: dict[str, list[dict[str, Any]]], user_id: int) -> list[str]:
    found = []
    for name, rows in tables.items():
        organisation = set(BY_NAME[name].organisation) if name in BY_NAME else set()
        for row in rows:
            for column, value in row.items():
                if isinstance(value, int) and not isinstance(value, bool) and value == user_id:
                    found.append(f"{name}.{column} = id")
                if not isinstance(value, str):
                    continue
                if str(user_id) in value:
                    found.append(f"{name}.{column} contains the id")
                for typed in TYPED[user_id]:
                    if typed in value and not (column in organisation and typed in CAMPAIGN_TEXTS):
                        found.append(f"{name}.{column} contains {typed!r}")
    return found


async def test_erased_people_leave_no_trace(standin: StandIn, admin_app: RunningBot) -> None:
    await everything(standin)
    before = await all_rows(admin_app)
    for user_id in ERASED:  # the test would notice: everyone is in the tables now
        assert findings(before, user_id), user_id
    await check_staff_export(standin)

    trail = texts(await standin.say(ADMIN, "/audit"))
    assert "Jeroen Zoekmij (@jeroen_zoekmij)" in trail and "made the campaign" in trail
    for user_id in ERASED:
        await standin.say(user_id, "/delete")
        assert "deleted" in texts(await standin.tap(user_id, "Yes, delete everything"))

    after = await all_rows(admin_app)
    for user_id in ERASED:
        assert findings(after, user_id) == [], user_id
    # The audit trail keeps every event, without the erased people's ids.
    actions = [row["action"] for row in before["audit_events"]]
    assert sorted(row["action"] for row in after["audit_events"]) == sorted(
        [*actions, "staff_erased"]
    )
    assert {"invite_created", "staff_joined", "staff_revoked", "campaign_created"} <= set(actions)
    assert {"contacts_viewed", "csv_exported"} <= set(actions)
    assert "someone who deleted their data" in texts(await standin.say(ADMIN, "/audit"))
    # The campaigns stay, without their authors; the half-made one is gone.
    campaigns = sorted(
        (row["name"], row["owner_id"], row["contact"], row["contact_by"])
        for row in after["campaigns"]
    )
    assert campaigns == [
        ("Adminavond Kwadraat", None, None, None),
        ("Ondernemersavond Geheimstad", None, None, None),
    ]
    # The staff member is staff no more; the bystander's data is still there.
    assert "I don't know that command" in texts(await standin.say(STAFF, "/campaigns"))
    assert any(row["id"] == BYSTANDER for row in after["users"])
    assert not standin.errors
