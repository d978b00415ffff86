"""The audit trail: written by the services that invite, revoke, show contacts, export and make
campaigns; read by admins with /audit (translated), by nobody else."""

from __future__ import annotations

from sqlmodel import col, select

from bot.db.models import AuditEvent
from standin import StandIn
from tests.campaigns.support import ADMIN, UNKNOWN_COMMAND, make_campaign, make_staff
from tests.e2e.harness import RunningBot, texts
from tests.waiting import eventually

STAFF, OTHER = 931, 932


async def events(app: RunningBot) -> list[tuple[str, int | None, int | None, bool]]:
    async with app.storage.sessionmaker() as session, session.begin():
        rows = await session.exec(select(AuditEvent).order_by(col(AuditEvent.id)))
        return [(e.action, e.actor_id, e.subject_id, e.campaign_id is not None) for e in rows]


async def test_who_did_what_is_recorded_and_shown_to_admins(
    standin: StandIn, app: RunningBot
) -> None:
    await make_staff(standin, STAFF, name="Jeroen")
    await make_staff(standin, OTHER, name="Bea")
    await make_campaign(standin, STAFF, "Avond Twenterand", "Twenterand")
    await standin.say(STAFF, "/campaigns")
    await standin.tap(STAFF, "Avond Twenterand")
    await standin.tap(STAFF, "👥 Contacts")
    await standin.say(STAFF, "/campaignexport")
    await eventually(
        lambda: any(o.file_name and "contacts" in o.file_name for o in standin.outgoing(STAFF)),
        what="the CSV",
    )
    await standin.say(ADMIN, "/staff")
    await standin.tap(ADMIN, "✖️ Revoke Bea")
    await standin.tap(ADMIN, "✖️ Yes, revoke Bea")

    assert await events(app) == [
        ("organisation_created", ADMIN, None, False),
        ("invite_created", ADMIN, None, False),
        ("staff_joined", ADMIN, STAFF, False),
        ("invite_created", ADMIN, None, False),  # the organisation was there: found, not made
        ("staff_joined", ADMIN, OTHER, False),
        ("campaign_created", STAFF, None, True),
        ("contacts_viewed", STAFF, None, True),
        ("csv_exported", STAFF, None, True),  # /campaignexport: their one campaign
        ("staff_revoked", ADMIN, OTHER, False),
    ]
    trail = texts(await standin.say(ADMIN, "/audit"))
    lines = trail.splitlines()
    assert lines[0] == "Audit trail (latest 9)"
    # Bea is no longer staff, but can be reinstated for a while: still named then.
    assert lines[1].endswith(f"{ADMIN} revoked Bea ({OTHER})")
    assert f"Jeroen ({STAFF}) exported a CSV of Avond Twenterand" in lines[2]
    assert "Jeroen (931) viewed the contacts of Avond Twenterand" in lines[3]
    assert "Jeroen (931) made the campaign Avond Twenterand" in lines[4]
    assert f"Jeroen ({STAFF}) joined Gemeente Almelo as staff (invited by {ADMIN})" in lines[7]
    assert f"{ADMIN} made an invite link for Gemeente Almelo" in lines[8]
    assert f"{ADMIN} made the organisation Gemeente Almelo" in lines[9]

    # In Dutch for a Dutch admin; nothing at all for staff.
    await standin.say(ADMIN, "/language")
    await standin.tap(ADMIN, "Nederlands")
    assert texts(await standin.say(ADMIN, "/audit")).startswith("Logboek (laatste 9)")
    assert texts(await standin.say(STAFF, "/audit")) == UNKNOWN_COMMAND
    assert not standin.errors
